"""The instructor's commands are safe: a problem on the instructor's side reaches no student, publishing
adds one unit at a time, and nothing deletes a term's grading data without being asked to.

Each test works on a throw-away copy of the course with its Makefiles (grading.course.course_copy).
"""
import json

import pytest

from grading.course import all_units, course_copy, read_nb, submission, write_nb
from grading.preflight import published_units
from term import run  # the course tests' way to run a command as someone would type it

pytestmark = pytest.mark.slow

FIRST, SECOND = all_units()[:2]


def said(proc):
    return proc.stdout + proc.stderr


def test_grading_without_a_gradebook_writes_and_releases_nothing(tmp_path):
    """The issue's term: released by hand (no gradebook), submitted, then graded: make grade must stop first."""
    course, exchange, home = course_copy(tmp_path / "course", make=True), tmp_path / "exchange", tmp_path / "alice"
    exchange.mkdir()
    home.mkdir()
    student = ["--course=rnn-course", f"--Exchange.root={exchange}"]
    run(course, "nbgrader", "release_assignment", FIRST, exchange=exchange)
    run(home, "nbgrader", "fetch_assignment", FIRST, *student)
    write_nb(submission(FIRST), home / FIRST / f"{FIRST}.ipynb")
    run(home, "nbgrader", "submit", FIRST, *student, "--student=alice")

    proc = run(course, "make", "grade", f"A={FIRST}", "GRADE_ARGS=--collect --release-feedback", exchange=exchange,
               check=False)
    assert proc.returncode != 0
    assert f"make publish UNITS={FIRST[:2]}" in said(proc) and "Nothing was collected" in said(proc), said(proc)
    assert not [p.name for p in course.iterdir() if p.name in {"submitted", "autograded", "feedback", "grades.csv",
                                                               "gradebook.db", "grading-logs"}]
    assert not (exchange / "rnn-course" / "feedback").exists()

    (course / "nbgrader_config.py").write_text("c = get_config()\nc.Exchange.root = undefined_name\n")
    proc = run(course, "make", "grade", f"A={FIRST}", exchange=exchange, check=False)
    assert proc.returncode != 0 and "nbgrader_config.py cannot be read (NameError" in said(proc), said(proc)


def test_publishing_adds_one_unit_at_a_time_and_never_changes_a_release(tmp_path):
    course, copy = course_copy(tmp_path / "course", make=True), tmp_path / "student-copy"
    publish = ("make", "publish", f"STUDENT_DIR={copy}")
    proc = run(course, *publish, f"UNITS={FIRST[:2]}")
    assert proc.returncode == 0, said(proc)
    assert published_units(course) == [FIRST]
    assert json.loads((copy / ".course-release.json").read_text())["units"] == [FIRST]

    proc = run(course, *publish, f"UNITS={FIRST[:2]}-{SECOND[:2]}")
    assert proc.returncode == 0, said(proc)
    assert f"{FIRST}: already published" in proc.stdout and f"{SECOND}: added to the gradebook and released" in proc.stdout
    assert published_units(course) == [FIRST, SECOND]
    outbound = course / ".exchange" / "rnn-course" / "outbound"
    assert sorted(p.name for p in outbound.iterdir()) == [FIRST, SECOND]

    # exercises/ changed after the release (students may have fetched it): refused, nothing written
    nb = read_nb(course / "exercises" / SECOND / f"{SECOND}.ipynb")
    nb["cells"][0]["source"] = "Changed after the release."
    write_nb(nb, course / "exercises" / SECOND / f"{SECOND}.ipynb")
    before = {p: p.read_bytes() for p in sorted(copy.rglob("*")) if p.is_file()}
    proc = run(course, *publish, f"UNITS={FIRST[:2]}-{SECOND[:2]}", check=False)
    assert proc.returncode != 0 and "students may have" in said(proc) and "Nothing was published" in said(proc)
    assert {p: p.read_bytes() for p in sorted(copy.rglob("*")) if p.is_file()} == before
    assert read_nb(outbound / SECOND / f"{SECOND}.ipynb")["cells"][0]["source"] != "Changed after the release."


GRADING_DATA = ["gradebook.db", "submitted/alice/01_unfolding/01_unfolding.ipynb", "autograded/alice/x.ipynb",
                "feedback/alice/01_unfolding/01_unfolding.html", ".exchange/rnn-course/inbound/alice+01+t/x.ipynb",
                "grades.csv", "grading-logs/01_unfolding/alice.log"]


def term_with_data(tmp_path):
    course = course_copy(tmp_path / "course", make=True)
    for name in GRADING_DATA + ["build/student/README.md", "rnnkit.egg-info/PKG-INFO", ".pytest_cache/x"]:
        (course / name).parent.mkdir(parents=True, exist_ok=True)
        (course / name).write_text("a term's work")
    return course


def test_make_clean_keeps_the_grading_data(tmp_path):
    course = term_with_data(tmp_path)
    proc = run(course, "make", "clean")
    assert proc.returncode == 0, said(proc)
    assert all((course / name).read_text() == "a term's work" for name in GRADING_DATA)
    assert not [name for name in (".venv", "build", "rnnkit.egg-info", ".pytest_cache") if (course / name).exists()]


def test_deleting_grading_data_lists_it_and_needs_confirmation(tmp_path):
    course = term_with_data(tmp_path)
    proc = run(course, "make", "delete-grading-data", check=False)  # no terminal, no CONFIRM: refuses
    assert proc.returncode != 0 and "Nothing deleted" in said(proc) and "CONFIRM=yes" in said(proc)
    assert "submitted/  (files: 1)" in proc.stdout and "gradebook.db" in proc.stdout
    assert all((course / name).exists() for name in GRADING_DATA)
    proc = run(course, "make", "delete-grading-data", "CONFIRM=yes")
    assert proc.returncode == 0, said(proc)
    assert not [name for name in GRADING_DATA if (course / name).exists()]
    assert (course / "build" / "student" / "README.md").exists()  # not grading data
