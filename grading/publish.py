"""Publish units to the class: the gradebook, nbgrader's exchange and the student copy, together.

    make publish UNITS=01 STUDENT_DIR=../rnn-course-student       # start of term
    make publish UNITS=01-02 STUDENT_DIR=../rnn-course-student    # after unit 01's deadline

UNITS names every unit released so far. Each one not yet published is
1. checked: exercises/<unit> must be what nbgrader generates from solutions/<unit> today;
2. added to the gradebook (`nbgrader generate_assignment`, which creates gradebook.db): its
   notebooks and test cells, which autograding needs;
3. released to nbgrader's exchange (`nbgrader release_assignment`).
Then the student copy in STUDENT_DIR is built or updated (grading/student_copy.py), so that both
routes to the students hold the same units. Only the named units enter the gradebook, so grades.csv
and the formgrader's totals count what was released.

Every check runs before anything is written. A unit already released is left as it is; one whose
released version differs from exercises/ is refused, since students may have fetched it.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from .commands import nbgrader
from .preflight import InstructorError, course_id, exchange_root, published_units, read_config
from .student_copy import parse_units, publish as publish_copy, copy_units, refuse_foreign, report_lines


def notebooks(folder: Path) -> dict[str, object]:
    """relative path -> content (a notebook's cells, another file's bytes), for comparing releases."""
    found = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if path.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in rel.parts):
            found[str(rel)] = json.loads(path.read_text())["cells"] if path.suffix == ".ipynb" else path.read_bytes()
    return found


def stale_releases(course: Path, units: list[str]) -> list[str]:
    """The units whose exercises/ differ from a fresh `nbgrader generate_assignment` (no gradebook write)."""
    stale = []
    with tempfile.TemporaryDirectory(prefix="rnn-publish-") as tmp:
        for unit in units:
            nbgrader(course, "generate_assignment", unit, "--no-db", "--force", "--log-level=WARN",
                     f"--CourseDirectory.release_directory={tmp}")
            if notebooks(Path(tmp) / unit) != notebooks(course / "exercises" / unit):
                stale.append(unit)
    return stale


def plan(course: Path, units: list[str], student_dir: Path | None) -> tuple[list[str], list[str], Path]:
    """Check everything; return (units to add to the gradebook, units to release, the exchange's outbound)."""
    config = read_config(course)
    outbound = exchange_root(course, config, create_default=True) / course_id(config) / "outbound"
    if student_dir is not None:
        refuse_foreign(student_dir)
    missing = [u for u in units if not (course / "exercises" / u).is_dir()]
    if missing:
        raise InstructorError(f"no exercises/ for {', '.join(missing)}: run make release")
    in_gradebook = set(published_units(course))
    released = {u for u in units if (outbound / u).is_dir()}
    changed = [u for u in sorted(released) if notebooks(outbound / u) != notebooks(course / "exercises" / u)]
    if changed:
        raise InstructorError(
            f"exercises/ differs from the release of {', '.join(changed)} on the exchange ({outbound}), which "
            "students may have fetched: publishing changes nothing there. To replace the release on purpose, run "
            f"`nbgrader release_assignment {changed[0]} --force` (students who fetched keep the old version)")
    to_add = [u for u in units if u not in in_gradebook]
    stale = stale_releases(course, to_add)
    if stale:
        raise InstructorError(f"exercises/ is out of date for {', '.join(stale)}: run make release, read the "
                              "diff, commit it, then publish")
    return to_add, [u for u in units if u not in released], outbound


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", required=True, help="the units released so far: 01-03, 01,02 or 01_unfolding")
    parser.add_argument("--student-dir", type=Path, help="the student copy to build or update")
    args = parser.parse_args(argv)
    course = Path.cwd()
    units = parse_units(args.units)
    try:
        to_add, to_release, outbound = plan(course, units, args.student_dir)
    except InstructorError as err:
        print(f"make publish: {err}.\nNothing was published.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="rnn-publish-") as tmp:
        for unit in to_add:  # the gradebook's entry; exercises/ stays as committed
            nbgrader(course, "generate_assignment", unit, "--force", "--log-level=WARN",
                     f"--CourseDirectory.release_directory={tmp}")
    for unit in to_release:
        nbgrader(course, "release_assignment", unit, "--log-level=WARN")
    for unit in units:
        done = [what for what, units_done in (("added to the gradebook", to_add), ("released", to_release))
                if unit in units_done]
        print(f"{unit}: " + (" and ".join(done) if done else "already published, left as it is"))
    print(f"gradebook: {', '.join(published_units(course))}; exchange: {outbound}")
    if args.student_dir is not None:
        before = copy_units(args.student_dir)
        print("\n".join(report_lines(args.student_dir, before, units, publish_copy(args.student_dir, units))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
