"""exercises/ is exactly nbgrader's release of solutions/, and gives nothing away."""
import re

import pytest

from grading.course import (SOLUTION_BLOCK, all_units, exercise_path, graded_cells, meta, read_nb, solution_code,
                            solution_lines, solution_path, source, units)
from grading.publish import stale_releases

SLUGS = units()


def test_every_solution_is_released():
    released = sorted(p.parent.name for p in exercise_path("x").parents[1].glob("*/*.ipynb"))
    assert released == all_units()


@pytest.mark.slow
@pytest.mark.parametrize("slug", SLUGS)
def test_exercises_equal_a_fresh_release(slug, term):
    """Is exercises/ what `nbgrader generate_assignment` makes of solutions/ today? (make publish checks
    the same before it publishes a unit, with the same function.)"""
    assert not stale_releases(term(slug).course, [slug]), \
        f"exercises/{slug} is out of date: run 'make release' and commit the result"


@pytest.mark.parametrize("slug", SLUGS)
def test_student_version_has_no_solutions_hidden_tests_or_outputs(slug):
    cells = read_nb(exercise_path(slug))["cells"]
    text = "\n".join(source(c) for c in cells)
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    assert "HIDDEN TESTS" not in text
    assert not any(c.get("outputs") for c in cells if c["cell_type"] == "code")
    assert all(c.get("execution_count") is None for c in cells if c["cell_type"] == "code")
    # No line of any solution survives in the student version.
    student_lines = {line.strip() for line in text.splitlines()}
    leaked = solution_lines(slug) & student_lines
    assert not leaked, f"{slug}: solution lines leaked: {sorted(leaked)[:3]}"


@pytest.mark.parametrize("slug", SLUGS)
def test_solution_metadata_is_valid_and_every_answer_is_tested(slug):
    nb = read_nb(solution_path(slug))
    ids = [meta(c)["grade_id"] for c in nb["cells"] if meta(c)]
    assert len(ids) == len(set(ids)), f"{slug}: duplicate grade_id"
    for c in nb["cells"]:
        m = meta(c)
        if not m:
            continue
        assert m.get("schema_version") == 3
        if m.get("grade"):
            assert float(m["points"]) > 0 and m.get("locked"), f"{slug}/{m['grade_id']}: graded cells are locked"
        if m.get("solution") and c["cell_type"] == "code":
            assert SOLUTION_BLOCK.search(source(c)), f"{slug}/{m['grade_id']}: no BEGIN/END SOLUTION block"
        assert not (c["cell_type"] == "code" and c.get("outputs")), f"{slug}: solutions carry no outputs"
    tests = graded_cells(slug)
    assert any("BEGIN HIDDEN TESTS" in source(c) for c in nb["cells"]), f"{slug}: no hidden tests"
    for answer in solution_code(slug):
        mine = [t for t in tests if t.startswith(f"test_{answer}_")]
        assert f"test_{answer}_visible" in mine, f"{slug}: {answer} has no visible test cell"
        hidden = [t for t in mine if t != f"test_{answer}_visible"]
        assert hidden, f"{slug}: {answer} has no hidden test cell"
        for t in hidden:
            cell = next(c for c in nb["cells"] if meta(c).get("grade_id") == t)
            assert "BEGIN HIDDEN TESTS" in source(cell), f"{slug}/{t}: expected hidden tests"


# The scaffolding of graded tests that lives in rnnkit.checks (COURSE.md: no notebook defines its own).
HELPER_NAMES = re.compile(r"^\s*(def (_check\w*|_same|_call)\(|_?(FORBIDDEN|forbidden|AUTOGRAD)\s*=)", re.M)
HELPER_PATTERNS = {
    "an arity check (use rnnkit.checks.call(..., returns=...) or unpack)":
        re.compile(r"isinstance\(\w+, \(tuple, list\)\) and len\("),
    "an inputs-unchanged check (use rnnkit.checks.unchanged)":
        re.compile(r"rtol=0, atol=0|\w+_before\s*=\s*\w+\.copy\(\)|before = \{\w+: \w+\.copy\(\)"),
    "a wrapper that turns an error into a GradingError (use rnnkit.checks.call)":
        re.compile(r"except Exception as \w+:\s*\n\s*raise GradingError\("),
    "a loop that names the mistake a result matches (use assert_close(..., mistakes=...))":
        re.compile(r"except GradingError[^\n]*\n(?:[^\n]*\n){0,4}?[^\n]*(assert_close|_same)\("),
}


def routine_sets() -> dict[str, tuple]:
    from rnnkit import checks
    return {n: getattr(checks, n) for n in ("AUTOGRAD", "SOFTMAX", "CROSS_ENTROPY", "GRADIENT_CLIPPING",
                                            "RECURRENT_CELLS", "RECURRENT_LAYERS")}


@pytest.mark.parametrize("slug", SLUGS)
def test_tests_use_the_shared_grading_helpers(slug):
    """Does every test cell take its scaffolding from rnnkit.checks instead of writing its own?"""
    found = []
    for cell in read_nb(solution_path(slug))["cells"]:
        code, gid = source(cell), meta(cell).get("grade_id")
        if cell["cell_type"] != "code" or not meta(cell).get("grade"):
            continue
        for m in HELPER_NAMES.finditer(code):
            found.append(f"{gid} defines {m[0].strip()} (rnnkit.checks has it)")
        found += [f"{gid} writes {what}" for what, pattern in HELPER_PATTERNS.items() if pattern.search(code)]
        for set_name, routines in routine_sets().items():
            listed = [r for r in routines if f'"{r}"' in code or f"'{r}'" in code]
            if listed:
                found.append(f"{gid} lists {listed[0]} (use rnnkit.checks.{set_name})")
    assert not found, f"{slug}: " + "\n  ".join(found)


# Calls that return None, which may end a test cell. nbgrader reads a value a test cell ends with as a
# partial score (and warns, and gives full marks, when it is not a number).
ENDS_WITHOUT_VALUE = {"on_each_device", "on_meta", "assert_close", "assert_shape", "print"}


@pytest.mark.parametrize("slug", SLUGS)
def test_no_test_cell_ends_with_a_value(slug):
    import ast

    found = []
    for cell in read_nb(solution_path(slug))["cells"]:
        if cell["cell_type"] != "code" or not meta(cell).get("grade"):
            continue
        body = ast.parse(source(cell)).body
        last = body[-1] if body else None
        if isinstance(last, ast.Expr):
            called = last.value.func if isinstance(last.value, ast.Call) else None
            name = getattr(called, "id", getattr(called, "attr", None))
            if name not in ENDS_WITHOUT_VALUE:
                found.append(f"{meta(cell)['grade_id']} ends with `{ast.unparse(last)[:60]}`: assign it (`_ = ...`)")
    assert not found, f"{slug}: " + "\n  ".join(found)
