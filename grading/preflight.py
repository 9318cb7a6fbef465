"""Checks of the instructor's side, run before a command writes anything for a student.

A problem on the instructor's side (an unreadable configuration, no gradebook, a unit missing from
it, an exchange folder that does not exist) must stop `make grade` and `make publish` before they
collect, grade, write feedback or release anything: otherwise students are told that their work
"could not be graded" for the instructor's missing step. Each check raises InstructorError with
what is wrong and what to run.
"""
from __future__ import annotations

import os
from pathlib import Path

CONFIG = "nbgrader_config.py"
GRADEBOOK = "gradebook.db"
NBGRADER_DEFAULT_EXCHANGE = "/srv/nbgrader/exchange"


class InstructorError(Exception):
    """Something the instructor must fix; nothing has been written for any student."""


def read_config(course: Path):
    """The course's nbgrader configuration (a traitlets Config), loaded as nbgrader loads it."""
    from traitlets.config.loader import PyFileConfigLoader

    if not (course / CONFIG).exists():
        raise InstructorError(f"no {CONFIG} in {course}: run this from the course root")
    try:
        return PyFileConfigLoader(CONFIG, path=str(course)).load_config()
    except Exception as err:  # a syntax error, a failing import: nbgrader would stop on it too
        raise InstructorError(f"{CONFIG} cannot be read ({type(err).__name__}: {err}): fix it first") from None


def course_id(config) -> str:
    return config.CourseDirectory.get("course_id", "") or "default_course"


def exchange_root(course: Path, config, create_default: bool = False) -> Path:
    """The exchange folder nbgrader will use. It must exist; the course's own default (.exchange/ inside
    the course, for a single machine) is created when `create_default` is set."""
    root = Path(config.Exchange.get("root", NBGRADER_DEFAULT_EXCHANGE))
    if not root.is_dir():
        if create_default and root.resolve() == (course / ".exchange").resolve():
            root.mkdir()
        else:
            raise InstructorError(
                f"the exchange folder {root} does not exist: create it, writable by every student "
                f"(mkdir -p {root} && chmod ugo+rwx {root}), or set NBGRADER_EXCHANGE to the one your students use")
    if not os.access(root, os.W_OK | os.X_OK):
        raise InstructorError(f"the exchange folder {root} is not writable by you: fix its permissions")
    return root


def published_units(course: Path) -> list[str]:
    """The units in the gradebook, with their notebooks (what `make publish` has added); [] without one."""
    from nbgrader.api import Gradebook

    if not (course / GRADEBOOK).exists():
        return []
    with Gradebook(f"sqlite:///{course / GRADEBOOK}") as gb:
        return sorted(a.name for a in gb.assignments if a.notebooks)


def require_in_gradebook(course: Path, assignment: str) -> None:
    """Stop unless `assignment` is in the gradebook with its notebooks and test cells."""
    number = assignment[:2]
    if not (course / GRADEBOOK).exists():
        raise InstructorError(
            f"there is no {GRADEBOOK} in {course}, so nbgrader cannot grade {assignment}: publish the unit first "
            f"with `make publish UNITS={number}` (it adds the unit to the gradebook and releases it), then grade")
    if assignment not in published_units(course):
        raise InstructorError(
            f"{assignment} is not in the gradebook, so nbgrader cannot grade it: publish it first with "
            f"`make publish UNITS=...` (the units released so far, up to {number}), then grade")
