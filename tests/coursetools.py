"""Helpers for the course tests: read notebooks, build synthetic submissions, autograde them.

Everything that runs nbgrader works on a temporary copy of the course
(`course_copy`), never on the working tree.
"""
from __future__ import annotations

import json
import re
import runpy
import shutil
from dataclasses import dataclass
from pathlib import Path

from grading import grade
from grading.grade import nbgrader  # noqa: F401  (the one way to run nbgrader)

ROOT = Path(__file__).resolve().parents[1]
SOLUTION_BLOCK = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.M)


def slugs() -> list[str]:
    """Assignment ids, one folder each under solutions/."""
    return sorted(p.name for p in (ROOT / "solutions").iterdir() if p.is_dir() and not p.name.startswith("."))


def read_nb(path: Path) -> dict:
    return json.loads(Path(path).read_text())


def write_nb(nb: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def source(cell: dict) -> str:
    s = cell.get("source", "")
    return "".join(s) if isinstance(s, list) else s


def meta(cell: dict) -> dict:
    """The cell's nbgrader metadata ({} for an ordinary cell)."""
    return cell.get("metadata", {}).get("nbgrader", {})


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


def mutants(slug: str) -> list[dict]:
    """The planted mistakes of tests/mutants/<slug>.py (an empty list if there is none)."""
    path = ROOT / "tests" / "mutants" / f"{slug}.py"
    return runpy.run_path(str(path))["MUTANTS"] if path.exists() else []


def submission(slug: str, answers: dict[str, str] | None = None, mutant: dict | None = None) -> dict:
    """A student's notebook: the released version with answer cells filled in.

    Args:
        answers: grade_id -> code; by default the solution code of every answer cell.
        mutant: one entry of `mutants(slug)`: its cell's code gets its replacements.
    """
    nb = read_nb(exercise_path(slug))
    code = dict(solution_code(slug) if answers is None else answers)
    if mutant is not None:
        text = code[mutant["cell"]]
        for old, new in mutant["replace"]:
            n = text.count(old)
            if n != 1:
                raise ValueError(f"mutant {mutant['name']}: {old!r} occurs {n} times in cell {mutant['cell']}")
            text = text.replace(old, new)
        code[mutant["cell"]] = text
    for cell in nb["cells"]:
        gid = meta(cell).get("grade_id")
        if meta(cell).get("solution") and gid in code:
            cell["source"] = code[gid]
    return nb


def course_copy(dest: Path) -> Path:
    """A throw-away copy of the course (config, solutions, exercises) in which nbgrader may write."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "nbgrader_config.py", dest)
    for d in ("solutions", "exercises"):
        shutil.copytree(ROOT / d, dest / d, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    return dest


@dataclass
class Graded:
    """What grading a batch produced: student -> {test grade_id -> score, None if not scored},
    the submissions that could not be graded (student -> why), and the course folder."""
    scores: dict[str, dict[str, float | None]]
    problems: dict[str, str]
    course: Path


def autograde(course: Path, slug: str, submissions: dict[str, dict], workers: int | None = None,
              feedback_for: list[str] = ()) -> Graded:
    """Autograde every student's notebook of assignment `slug` as `make grade` does (parallel processes),
    with feedback for the students in `feedback_for`."""
    from nbgrader.api import Gradebook

    if not (course / "gradebook.db").exists() or not _in_gradebook(course, slug):
        nbgrader(course, "generate_assignment", slug, "--force")
    for student, nb in submissions.items():
        write_nb(nb, course / "submitted" / student / slug / f"{slug}.ipynb")
    problems = grade.grade_class(course, slug, list(submissions), workers, feedback_for=list(feedback_for))
    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in submissions:
            sub = gb.find_submission_notebook(slug, slug, student)
            scores[student] = {g.name: None if g.auto_score is None else float(g.auto_score)
                               for g in sub.grades if g.max_score}
    return Graded(scores, problems, course)


def _in_gradebook(course: Path, slug: str) -> bool:
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        try:
            gb.find_assignment(slug)
            return True
        except MissingEntry:
            return False
