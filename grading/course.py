"""The course's files as its tools see them: units, notebooks, answers, and submissions built from them.

Shared by `make grade`, the course tests (tests/) and the benchmarks (benchmarks/). Nothing
here runs nbgrader or executes a notebook.

    from grading.course import units, submission, write_nb
    nb = submission("01_unfolding")                  # the released notebook with every answer right
"""
from __future__ import annotations

import json
import os
import re
import runpy
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_BLOCK = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)
# `make test U=01_unfolding` sets this: the course tests then check that unit only.
UNITS_VARIABLE = "COURSE_UNITS"


def all_units() -> list[str]:
    """Every unit's slug (also its nbgrader assignment id): one folder each under solutions/."""
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def units() -> list[str]:
    """The units the course tests check: all of them, or those named in $COURSE_UNITS (comma-separated)."""
    chosen = [u.strip() for u in os.environ.get(UNITS_VARIABLE, "").split(",") if u.strip()]
    unknown = sorted(set(chosen) - set(all_units()))
    if unknown:
        raise ValueError(f"{UNITS_VARIABLE}: no unit {', '.join(unknown)}; the units are {', '.join(all_units())}")
    return [u for u in all_units() if u in chosen] if chosen else all_units()


def read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text())


def write_nb(nb: dict, path: Path) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def meta(cell: dict) -> dict:
    """The cell's nbgrader metadata ({} for an ordinary cell)."""
    return cell.get("metadata", {}).get("nbgrader", {})


def lecture_path(slug: str) -> Path:
    return ROOT / "lectures" / f"{slug}.ipynb"


def solution_path(slug: str) -> Path:
    return ROOT / "solutions" / slug / f"{slug}.ipynb"


def exercise_path(slug: str) -> Path:
    return ROOT / "exercises" / slug / f"{slug}.ipynb"


def solution_code(slug: str) -> dict[str, str]:
    """grade_id -> the code a student is expected to write (the solution cell, markers removed)."""
    return {meta(c)["grade_id"]: SOLUTION_BLOCK.sub("", source(c))
            for c in read_nb(solution_path(slug))["cells"]
            if meta(c).get("solution") and c["cell_type"] == "code"}


def solution_lines(slug: str, min_length: int = 20) -> set[str]:
    """The distinctive lines written between BEGIN/END SOLUTION (stripped; comments and short lines left out)."""
    lines = set()
    for cell in read_nb(solution_path(slug))["cells"]:
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source(cell), re.S):
            lines |= {line.strip() for line in block.splitlines()
                      if len(line.strip()) > min_length and not line.strip().startswith("#")}
    return lines


def graded_cells(slug: str) -> dict[str, float]:
    """grade_id -> points of every autograded test cell of the solution notebook."""
    return {meta(c)["grade_id"]: float(meta(c)["points"])
            for c in read_nb(solution_path(slug))["cells"] if meta(c).get("grade") and c["cell_type"] == "code"}


def visible_tests(slug: str) -> set[str]:
    """The test cells a student can run: those without a hidden-tests block."""
    return {meta(c)["grade_id"] for c in read_nb(solution_path(slug))["cells"]
            if meta(c).get("grade") and c["cell_type"] == "code" and "BEGIN HIDDEN TESTS" not in source(c)}


def mutants(slug: str) -> list[dict]:
    """The planted mistakes of tests/mutants/<slug>.py (an empty list if there is none).

    Each is a dict: name, cell (the answer's grade_id), replace (pairs of old and new code,
    each old occurring exactly once) and fails (the test cells it must lose).
    """
    path = ROOT / "tests" / "mutants" / f"{slug}.py"
    return runpy.run_path(str(path))["MUTANTS"] if path.exists() else []


def mutated(slug: str, mutant: dict, code: str | None = None) -> str:
    """The code of `mutant`'s answer cell with its replacements applied (to the solution's code by default)."""
    text = solution_code(slug)[mutant["cell"]] if code is None else code
    for old, new in mutant["replace"]:
        n = text.count(old)
        if n != 1:
            raise ValueError(f"mutant {mutant['name']}: {old!r} occurs {n} times in cell {mutant['cell']}")
        text = text.replace(old, new)
    return text


def submission(slug: str, answers: dict[str, str] | None = None, mutant: dict | None = None) -> dict:
    """A student's notebook: the released version with answer cells filled in.

    Args:
        answers: grade_id -> code; by default the solution code of every answer cell.
        mutant: one entry of `mutants(slug)`: its cell's code gets its replacements.
    """
    nb = read_nb(exercise_path(slug))
    code = dict(solution_code(slug) if answers is None else answers)
    if mutant is not None:
        code[mutant["cell"]] = mutated(slug, mutant, code[mutant["cell"]])
    for cell in nb["cells"]:
        gid = meta(cell).get("grade_id")
        if meta(cell).get("solution") and gid in code:
            cell["source"] = code[gid]
    return nb


def course_copy(dest: Path, make: bool = False) -> Path:
    """A throw-away copy of the course (config, solutions, exercises) in which nbgrader may write; with
    `make`, also the Makefiles and this course's venv (a link), so that the README's make commands run there."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest)
    for d in ("solutions", "exercises"):
        shutil.copytree(ROOT / d, dest / d, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    if make:
        for name in ("Makefile", "common.mk", "pyproject.toml"):
            shutil.copy2(ROOT / name, dest)  # with its time, so that make sees the venv as up to date
        (dest / ".venv").symlink_to(ROOT / ".venv")
    return dest
