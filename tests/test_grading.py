"""Grading with nbgrader's own autograde, on a temporary copy of the course: one batch per assignment.

Each batch holds, graded together in parallel processes as `make grade` does:
- the solution (must get full marks) and the untouched student version (must get zero);
- one submission per planted mistake of tests/mutants/<slug>.py (each must lose exactly
  the points of the test cells it lists, no more, no fewer);
- the hostile and broken submissions of tests/hostile.py (each must get the score it
  deserves, without disturbing anyone else's), and their references: the solution with
  the broken answer left unwritten, and with it wrong.
"""
import pytest

import hostile
from coursetools import (autograde, course_copy, exercise_path, graded_cells, mutants, read_nb, slugs,
                         solution_code, submission)

pytestmark = pytest.mark.slow
SLUGS = slugs()
HOSTILE = [(slug, case) for slug in SLUGS for case in hostile.cases(slug, first=slug == SLUGS[0])]


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """slug -> the graded batch of that assignment (graded once, on first use)."""
    batches = {}

    def get(slug):
        if slug not in batches:
            batch = {"solution": submission(slug), "untouched": read_nb(exercise_path(slug)),
                     **hostile.references(slug)}
            batch.update({f"mutant_{i:02d}": submission(slug, mutant=m) for i, m in enumerate(mutants(slug))})
            batch.update({f"hostile_{case.name}": case.build(slug) for case in hostile.cases(slug, slug == SLUGS[0])})
            course = course_copy(tmp_path_factory.mktemp(f"course_{slug}"))
            # Feedback (about 1 s a notebook) for the hostile cases only: their tests read it.
            batches[slug] = autograde(course, slug, batch, feedback_for=[s for s in batch if s.startswith("hostile")])
        return batches[slug]
    return get


@pytest.mark.parametrize("slug", SLUGS)
def test_every_answer_cell_has_planted_mistakes(slug):
    covered = {m["cell"] for m in mutants(slug)}
    answers = set(solution_code(slug))
    assert answers <= covered, f"{slug}: no planted mistake for {sorted(answers - covered)}"
    names = [m["name"] for m in mutants(slug)]
    assert len(names) == len(set(names))
    for m in mutants(slug):
        assert set(m["fails"]) <= set(graded_cells(slug)), f"{slug}/{m['name']}: unknown test cells in fails"
        assert m["fails"], f"{slug}/{m['name']}: a planted mistake must lose points"


@pytest.mark.parametrize("slug", SLUGS)
def test_solution_full_marks_untouched_zero(slug, graded):
    g = graded(slug)
    assert g.scores["solution"] == graded_cells(slug), f"{slug}: the solution does not get full marks"
    assert sum(g.scores["untouched"].values()) == 0, f"{slug}: the untouched notebook scores {g.scores['untouched']}"
    gid = hostile.target(slug)
    for reference in ("stub", "wrong"):
        lost = {t for t, s in g.scores[reference].items() if s < graded_cells(slug)[t]}
        assert f"test_{gid}_visible" in lost, f"{slug}: the {reference} answer to {gid} loses only {lost}"
    assert not g.problems.get("solution") and not g.problems.get("untouched")


@pytest.mark.parametrize("slug", SLUGS)
def test_planted_mistakes_lose_exactly_their_tests(slug, graded):
    g, points = graded(slug), graded_cells(slug)
    wrong = []
    for i, m in enumerate(mutants(slug)):
        lost = {t for t, s in g.scores[f"mutant_{i:02d}"].items() if s < points[t]}
        if lost != set(m["fails"]):
            wrong.append(f"{m['name']}: lost {sorted(lost)}, expected {sorted(m['fails'])}")
    assert not wrong, f"{slug}: planted mistakes graded unexpectedly:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("slug,case", HOSTILE, ids=[f"{s}-{c.name}" for s, c in HOSTILE])
def test_hostile_submission(slug, case, graded):
    g = graded(slug)
    student = f"hostile_{case.name}"
    got = g.scores[student]
    feedback = g.course / "feedback" / student / slug / f"{slug}.html"
    if case.expect == "crash":
        assert all(s is None for s in got.values()), f"nbgrader scored a notebook whose kernel died: {got}"
        why = g.problems.get(student, "")
        assert "kernel died" in why and f"'{hostile.target(slug)}'" in why, f"grading report: {why!r}"
        assert "not graded" in feedback.read_text() and "kernel died" in feedback.read_text()
        return
    unscored = {t for t, s in got.items() if s is None}
    if case.name == "test_cell_deleted":  # nbgrader scores no cell it cannot find; the report says which
        gid = hostile.target(slug)
        assert unscored == {f"test_{gid}_visible"} and f"test_{gid}_visible" in g.problems[student]
    else:
        assert not unscored and student not in g.problems, g.problems.get(student)
    if case.expect == "dtype":
        full, stub, gid = graded_cells(slug), g.scores["stub"], hostile.target(slug)
        assert got[f"test_{gid}_visible"] == 0, "an answer of the wrong dtype passes the visible test"
        assert all(got[t] in (full[t], stub[t]) for t in got), f"scores {got}, stub {stub}"
        return
    reference = graded_cells(slug) if case.expect == "full" else g.scores[case.expect]
    diff = {t: (got[t], reference[t]) for t in reference if (got[t] or 0.0) != reference[t]}
    assert not diff, f"{case.name}: test cells scored unlike the {case.expect} reference (got, expected): {diff}"
    assert f"Score: {sum(s or 0.0 for s in got.values()):.1f}" in feedback.read_text(), "no feedback with the score"
