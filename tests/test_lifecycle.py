"""Does a whole nbgrader term work, with the READMEs' commands as written, for every unit? (tests/term.py)

From a course without a gradebook, the instructor publishes the unit (`make publish`: gradebook,
exchange, student copy); alice, bob and carol clone the student copy, work (the answers are written
by the test) and submit with the student README's commands; the instructor runs `make grade`
(collect, parallel autograde, feedback, release, export); the students fetch their feedback.
Skipped with `make test U=...`, which checks one unit without the exchange.
"""
import csv

import pytest

from grading.course import graded_cells, mutants, units
from term import LIFECYCLE_STUDENTS, lifecycle_wanted

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not lifecycle_wanted(), reason="make test U=... checks one unit without the exchange")]


@pytest.mark.parametrize("slug", units())
def test_release_fetch_submit_collect_grade_feedback_export(slug, term):
    t = term(slug)
    course = t.course
    # make grade fails (make's status 2) when a submission could not be graded, and only then
    assert (t.grade_run.returncode != 0) == bool(t.graded.problems), t.grade_run.stdout + t.grade_run.stderr
    rows = {(r["assignment"], r["student_id"]): float(r["score"])
            for r in csv.DictReader(open(course / "grades.csv"))}
    assert {a for a, _ in rows} == {slug}, "grades.csv holds the published unit only"
    points = graded_cells(slug)
    full = sum(points.values())
    expected = {"alice": full, "bob": full - sum(points[c] for c in mutants(slug)[0]["fails"]), "carol": 0.0}
    assert {s: rows[slug, s] for s in LIFECYCLE_STUDENTS} == expected, f"{slug}: grades in grades.csv"
    for student in LIFECYCLE_STUDENTS:
        html = (course / "feedback" / student / slug / f"{slug}.html").read_text()
        # The feedback policy (README, "Feedback"): the hidden tests' cells and results are there, their code is not.
        assert "# Hidden tests: " in html and "BEGIN HIDDEN TESTS" not in html, f"{slug}/{student}: hidden code shown"
        assert f"Score: {rows[slug, student]:.1f} / {full:.1f}" in html
        # the summary's links are named after the test cells (grading/templates/course_feedback)
        assert ">Test cell</a>" not in html and all(f'<a href="#{c}">{c}</a>' in html for c in points), slug
    if (course / "submitted" / "hostile_infinite_loop").exists():  # make grade's report names the cell
        assert "TIMED OUT: hostile_infinite_loop: " in t.grade_run.stdout, t.grade_run.stdout
    bob = (course / "feedback" / "bob" / slug / f"{slug}.html").read_text()
    assert "ansi-red-fg\">GradingError" in bob  # the teaching message of a test his mistake failed

    # The students fetched their feedback from the exchange. (nbgrader tells students apart by their
    # login; every "student" here is the same OS user, so alice's fetch sees every page.)
    pages = list((t.homes["alice"] / "exercises" / slug / "feedback").glob(f"*/{slug}.html"))
    assert pages and all("# Hidden tests: " in p.read_text() for p in pages), f"{slug}: feedback fetched"

    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        submitted = {s.student.id for s in gb.find_assignment(slug).submissions}
    assert set(LIFECYCLE_STUDENTS) <= submitted
