"""Grading round trips with nbgrader's own autograde, on a temporary copy of the course.

For every assignment, one batch holds: the solution (must get full marks), the
untouched student version (must get zero), and one submission per planted
mistake of tests/mutants/<slug>.py (each must lose exactly the points of the
test cells it lists, no more, no fewer).
"""
import pytest

from coursetools import autograde, course_copy, exercise_path, mutants, read_nb, slugs, solution_code, submission, graded_cells

pytestmark = pytest.mark.slow
SLUGS = slugs()


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
def test_autograde_round_trip(slug, tmp_path):
    course = course_copy(tmp_path / "course")
    batch = {"solution": submission(slug), "untouched": read_nb(exercise_path(slug))}
    planted = {f"mutant_{i:02d}": m for i, m in enumerate(mutants(slug))}
    batch.update({student: submission(slug, mutant=m) for student, m in planted.items()})

    scores = autograde(course, slug, batch)
    points = graded_cells(slug)

    assert scores["solution"] == points, f"{slug}: the solution does not get full marks: {scores['solution']}"
    assert sum(scores["untouched"].values()) == 0, f"{slug}: the untouched notebook scores {scores['untouched']}"
    wrong = []
    for student, m in planted.items():
        lost = {g for g, s in scores[student].items() if s < points[g]}
        if lost != set(m["fails"]):
            wrong.append(f"{m['name']}: lost {sorted(lost)}, expected {sorted(m['fails'])}")
    assert not wrong, f"{slug}: planted mistakes graded unexpectedly:\n  " + "\n  ".join(wrong)
