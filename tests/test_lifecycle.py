"""The whole nbgrader term, with its real commands, on a temporary course and exchange.

The instructor generates and releases every assignment; three students fetch them, work
(answers written by the test) and submit; the instructor collects and runs
`make grade`'s script (parallel autograde, feedback, release, export); the students
fetch their feedback.
"""
import csv
import os
import subprocess
import sys

import pytest

from coursetools import ROOT, course_copy, graded_cells, mutants, read_nb, slugs, submission, write_nb
from grading.grade import BIN

pytestmark = pytest.mark.slow
SLUGS = slugs()


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
    for slug in SLUGS:
        run(course, nbgrader, "generate_assignment", slug, "--force", exchange=exchange)
        run(course, nbgrader, "release_assignment", slug, exchange=exchange)

    # alice solves every exercise, bob makes each exercise's first planted mistake, carol submits them untouched.
    work = {"alice": {slug: submission(slug) for slug in SLUGS},
            "bob": {slug: submission(slug, mutant=mutants(slug)[0]) for slug in SLUGS},
            "carol": {slug: None for slug in SLUGS}}
    student_cmd = ["--course=rnn-course", f"--Exchange.root={exchange}"]
    for student, answers in work.items():
        home = tmp_path / student
        home.mkdir()
        for slug, nb in answers.items():
            run(home, nbgrader, "fetch_assignment", slug, *student_cmd, user=student, exchange=exchange)
            fetched = home / slug / f"{slug}.ipynb"
            assert read_nb(fetched)["cells"] == read_nb(ROOT / "exercises" / slug / f"{slug}.ipynb")["cells"]
            if nb is not None:
                write_nb(nb, fetched)
            # On a shared JupyterHub the student id is the login; here --student stands in for it.
            run(home, nbgrader, "submit", slug, *student_cmd, f"--student={student}", user=student, exchange=exchange)

    for slug in SLUGS:
        run(course, nbgrader, "collect", slug, exchange=exchange)
        assert sorted(p.name for p in (course / "submitted").iterdir()) == ["alice", "bob", "carol"]
        run(course, sys.executable, "-m", "grading.grade", slug, "--release-feedback", "--export", "grades.csv",
            exchange=exchange)

    rows = {(r["assignment"], r["student_id"]): float(r["score"]) for r in csv.DictReader(open(course / "grades.csv"))}
    for slug in SLUGS:
        points = graded_cells(slug)
        full = sum(points.values())
        expected = {"alice": full, "bob": full - sum(points[c] for c in mutants(slug)[0]["fails"]), "carol": 0.0}
        assert {s: rows[slug, s] for s in work} == expected, f"{slug}: grades in grades.csv"
        for student in work:
            html = (course / "feedback" / student / slug / f"{slug}.html").read_text()
            assert "Hidden tests" in html  # the hidden tests' cells, with their results, are in the feedback
            assert f"Score: {rows[slug, student]:.1f} / {full:.1f}" in html
        bob = (course / "feedback" / "bob" / slug / f"{slug}.html").read_text()
        assert "ansi-red-fg\">GradingError" in bob  # the teaching message of a test his mistake failed

    # Students fetch their feedback from the exchange. (nbgrader tells students apart by their
    # login; every "student" here is the same OS user, so alice's fetch sees all three pages.)
    for slug in SLUGS:
        run(tmp_path / "alice", nbgrader, "fetch_feedback", slug, *student_cmd, "--student=alice",
            user="alice", exchange=exchange)
        pages = list((tmp_path / "alice" / slug / "feedback").glob(f"*/{slug}.html"))
        assert pages and all("Hidden tests" in p.read_text() for p in pages), f"{slug}: feedback fetched"

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for slug in SLUGS:
            assert sorted(s.student.id for s in gb.find_assignment(slug).submissions) == ["alice", "bob", "carol"]
