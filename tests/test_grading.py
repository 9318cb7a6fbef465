"""Does grading give every submission the score it deserves? One unit's term at a time (tests/term.py).

nbgrader's own autograde grades the solution (full marks), the untouched release (zero), the two
references and the hostile submissions of tests/hostile.py. `grading.planted` grades the planted
mistakes of tests/mutants/: each must lose exactly the test cells it lists. The two graders must
agree wherever both grade the same notebook.
"""
import pytest

import hostile
from grading.course import all_units, graded_cells, mutants, solution_code, units

pytestmark = pytest.mark.slow
UNITS = units()
HOSTILE = [(slug, case) for slug in UNITS for case in hostile.cases(slug, first=slug == all_units()[0])]


def lost_cells(scores: dict, slug: str) -> set[str]:
    """The test cells that did not get their full points (None, no score at all, counts as lost)."""
    points = graded_cells(slug)
    return {t for t in points if scores.get(t) is None or scores[t] < points[t]}


@pytest.mark.parametrize("slug", UNITS)
def test_every_answer_cell_has_planted_mistakes(slug):
    covered = {m["cell"] for m in mutants(slug)}
    answers = set(solution_code(slug))
    assert answers <= covered, f"{slug}: no planted mistake for {sorted(answers - covered)}"
    names = [m["name"] for m in mutants(slug)]
    assert len(names) == len(set(names))
    for m in mutants(slug):
        assert set(m["fails"]) <= set(graded_cells(slug)), f"{slug}/{m['name']}: unknown test cells in fails"
        assert m["fails"], f"{slug}/{m['name']}: a planted mistake must lose points"


@pytest.mark.parametrize("slug", UNITS)
def test_solution_full_marks_untouched_zero(slug, term):
    """Does the solution get full marks and the untouched release zero, from nbgrader itself?"""
    g = term(slug).graded
    assert g.scores["alice"] == graded_cells(slug), "the solution does not get full marks: " + g.recorded("alice")
    assert sum(s or 0 for s in g.scores["carol"].values()) == 0, "the untouched release scores: " + g.recorded("carol")
    gid = hostile.target(slug)
    for reference in ("stub", "wrong"):
        lost = lost_cells(g.scores[reference], slug)
        assert f"test_{gid}_visible" in lost, f"the {reference} answer to {gid} loses only {lost}"
    assert not {"alice", "carol", "stub", "wrong"} & set(g.problems), g.problems


@pytest.mark.parametrize("slug", UNITS)
def test_planted_mistakes_lose_exactly_their_tests(slug, term):
    """Does each planted mistake lose exactly the test cells it lists, no more, no fewer?"""
    planted = term(slug).planted
    assert lost_cells(planted["solution"].scores, slug) == set(), f"the solution fails: {planted['solution'].failed}"
    wrong = []
    for m in mutants(slug):
        outcome = planted[m["name"]]
        lost = lost_cells(outcome.scores, slug)
        if outcome.problem or lost != set(m["fails"]):
            why = {t: outcome.failed.get(t, "passed") for t in lost ^ set(m["fails"])}
            wrong.append(f"{m['name']}: lost {sorted(lost)}, expected {sorted(m['fails'])}"
                         f"{'; ' + outcome.problem if outcome.problem else ''}; the cells that differ: {why}")
    assert not wrong, f"{slug}: planted mistakes graded unexpectedly:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("slug", UNITS)
def test_fast_grader_agrees_with_nbgrader(slug, term):
    """Does grading.planted score the notebooks nbgrader also graded exactly as nbgrader did?"""
    t = term(slug)
    pairs = {"solution": "alice", "stub": "stub", "wrong": "wrong", mutants(slug)[0]["name"]: "bob"}
    for variant, student in pairs.items():
        fast, slow = t.planted[variant].scores, t.graded.scores[student]
        assert fast == slow, (f"{variant}: grading.planted gave {fast}, nbgrader gave {slow} to {student} "
                              f"({t.graded.recorded(student)})")


@pytest.mark.parametrize("slug,case", HOSTILE, ids=[f"{s}-{c.name}" for s, c in HOSTILE])
def test_hostile_submission(slug, case, term):
    t = term(slug)
    g = t.graded
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
        assert unscored == {f"test_{gid}_visible"} and f"test_{gid}_visible" in g.problems[student], g.recorded(student)
    else:
        assert not unscored and student not in g.problems, g.recorded(student)
    if case.expect == "dtype":
        full, stub, gid = graded_cells(slug), g.scores["stub"], hostile.target(slug)
        assert got[f"test_{gid}_visible"] == 0, "an answer of the wrong dtype passes the visible test"
        assert all(got[t] in (full[t], stub[t]) for t in got), f"scores {got}, stub {stub}"
        return
    reference = ({t: 0.0 for t in graded_cells(slug)} if case.expect == "zero"
                 else graded_cells(slug) if case.expect == "full" else g.scores[case.expect])
    diff = {t: (got[t], reference[t]) for t in reference if (got[t] or 0.0) != reference[t]}
    assert not diff, (f"{case.name}: test cells scored unlike the {case.expect} reference (got, expected): {diff}; "
                      + g.recorded(student))
    assert f"Score: {sum(s or 0.0 for s in got.values()):.1f}" in feedback.read_text(), "no feedback with the score"
