"""Does anything students get with a unit hand over a graded answer of that unit or a later one?

What a student gets with unit N, its lecture and its exercise's given code, may hold the answers
of earlier units (due by then: the student copy releases a unit after the previous one), never an
answer of unit N or later. grading/leaks.py says how code is compared.
"""
import pytest

from grading.course import all_units, lecture_path, meta, read_nb, solution_path, source, units
from grading.leaks import answers_held

UNITS = units()


def handed_over(cells: dict[str, str], owner: str) -> list[str]:
    """Which answers of unit `owner` or later the given cells (where -> code) hold, and what of them."""
    return answers_held(cells, [u for u in all_units() if u >= owner])


@pytest.mark.parametrize("slug", UNITS)
def test_lecture_holds_no_answer_of_its_unit_or_a_later_one(slug):
    path = lecture_path(slug)
    if not path.exists():
        pytest.skip(f"{slug} has no lecture")
    cells = {f"lectures/{slug}.ipynb cell {i}": source(c) for i, c in enumerate(read_nb(path)["cells"])
             if c["cell_type"] == "code"}
    found = handed_over(cells, slug)
    assert not found, ("a lecture may check an answer's equations numerically, in another form (numpy for torch, "
                       "one vector for a batch, one gate at a time), never as code to paste:\n  " + "\n  ".join(found))


@pytest.mark.parametrize("slug", UNITS)
def test_given_code_holds_answers_of_earlier_units_only(slug):
    cells = {f"{slug}'s given code, cell {i}": source(c) for i, c in enumerate(read_nb(solution_path(slug))["cells"])
             if c["cell_type"] == "code" and meta(c) and not meta(c).get("grade") and not meta(c).get("solution")}
    found = handed_over(cells, slug)
    assert not found, "\n  ".join(found)
