"""The whole nbgrader term, with its real commands, on a temporary course and exchange.

The instructor generates and releases an assignment; three students fetch it, work
(answers written by the test) and submit; the instructor collects and runs
`make grade`'s script (parallel autograde, feedback, release, export); the students
fetch their feedback.
"""
import csv
import os
import subprocess
import sys

import pytest

from coursetools import ROOT, course_copy, mutants, read_nb, submission, write_nb
from grading.grade import BIN

pytestmark = pytest.mark.slow
SLUG = "01_unfolding"


def run(cwd, *args, user="instructor", exchange=None):
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", USER=user, LOGNAME=user,
               NBGRADER_EXCHANGE=str(exchange), RNNKIT_DEVICE="cpu", PYTHONPATH=str(ROOT))
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, f"{' '.join(args)} as {user} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def test_release_fetch_submit_collect_grade_feedback_export(tmp_path):
    course = course_copy(tmp_path / "course")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    nbgrader = str(BIN / "nbgrader")
    run(course, nbgrader, "generate_assignment", SLUG, "--force", exchange=exchange)
    run(course, nbgrader, "release_assignment", SLUG, exchange=exchange)

    planted = mutants(SLUG)[0]
    work = {"alice": submission(SLUG), "bob": submission(SLUG, mutant=planted), "carol": None}
    for student, answers in work.items():
        home = tmp_path / student
        home.mkdir()
        student_cmd = ["--course=rnn-course", f"--Exchange.root={exchange}"]
        run(home, nbgrader, "fetch_assignment", SLUG, *student_cmd, user=student, exchange=exchange)
        fetched = home / SLUG / f"{SLUG}.ipynb"
        assert read_nb(fetched)["cells"] == read_nb(ROOT / "exercises" / SLUG / f"{SLUG}.ipynb")["cells"]
        if answers is not None:
            write_nb(answers, fetched)
        # On a shared JupyterHub the student id is the login; here --student stands in for it.
        run(home, nbgrader, "submit", SLUG, *student_cmd, f"--student={student}", user=student, exchange=exchange)

    run(course, nbgrader, "collect", SLUG, exchange=exchange)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == ["alice", "bob", "carol"]
    run(course, sys.executable, "-m", "grading.grade", SLUG, "--release-feedback", "--export", "grades.csv",
        exchange=exchange)

    rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(open(course / "grades.csv"))
            if r["assignment"] == SLUG}
    from coursetools import graded_cells
    points = graded_cells(SLUG)
    full = sum(points.values())
    assert rows == {"alice": full, "bob": full - sum(points[c] for c in planted["fails"]), "carol": 0.0}

    for student in work:
        html = (course / "feedback" / student / SLUG / f"{SLUG}.html").read_text()
        assert "Hidden tests" in html  # the hidden tests' cells, with their results, are in the feedback
        assert f"Score: {rows[student]:.1f} / {full:.1f}" in html
    bob = (course / "feedback" / "bob" / SLUG / f"{SLUG}.html").read_text()
    assert "ansi-red-fg\">GradingError" in bob  # the teaching message of the hidden test his mistake failed

    # Students fetch their feedback from the exchange. (nbgrader tells students apart by their
    # login; every "student" here is the same OS user, so alice's fetch sees all three pages.)
    run(tmp_path / "alice", nbgrader, "fetch_feedback", SLUG, "--course=rnn-course", f"--Exchange.root={exchange}",
        "--student=alice", user="alice", exchange=exchange)
    pages = list((tmp_path / "alice" / SLUG / "feedback").glob(f"*/{SLUG}.html"))
    assert pages and all("Hidden tests" in p.read_text() for p in pages)

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        assert sorted(s.student.id for s in gb.find_assignment(SLUG).submissions) == ["alice", "bob", "carol"]
