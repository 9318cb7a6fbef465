"""Grade a whole class: collect, autograde in parallel, feedback, export, and a report.

    .venv/bin/python -m grading.grade 01_unfolding                  # autograde what is in submitted/
    .venv/bin/python -m grading.grade 01_unfolding --collect --release-feedback --export grades.csv
    make grade A=01_unfolding                                        # autograde, feedback, grades.csv

Run it from the course root (where nbgrader_config.py is). It first checks the instructor's side
(grading/preflight.py: the configuration, the unit in the gradebook, the exchange) and stops,
having written and released nothing, if something is missing. The students' code runs in a
working copy outside the course (no solutions/ there). At the end it lists every submission
that could not be graded, and why (a submission whose kernel died gets a feedback page that
says so: nbgrader writes none), the cells that ran past the time limit, and the answers that
reach for the test machinery or the file system, for the instructor to read. Feedback is
released only for submissions whose grading finished or failed through the submission itself.
How it works: grading/README.md.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from .commands import nbgrader
from .feedback import write_not_graded_pages
from .parallel import autograde_in_parallel, feedback_in_parallel
from .preflight import InstructorError, exchange_root, read_config, require_in_gradebook
from .report import CRASH, STARTUP, SUBMISSION_CAUSES, cell_timeout, suspicious, timed_out, ungraded


def submitted_students(course: Path, assignment: str) -> list[str]:
    """Students with a submission of `assignment` in submitted/."""
    return sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())


LOGS = "grading-logs"  # <course>/grading-logs/<assignment>/<student>.log: each student's part of the last autograde


def save_logs(course: Path, assignment: str, logs: dict[str, str]) -> None:
    """Keep each student's part of nbgrader's log, for the instructor (and the course tests) to read."""
    folder = course / LOGS / assignment
    folder.mkdir(parents=True, exist_ok=True)
    for student, log in logs.items():
        (folder / f"{student}.log").write_text(log)


def read_logs(course: Path, assignment: str) -> dict[str, str]:
    """student -> their part of the last autograde's log (see save_logs)."""
    return {p.stem: p.read_text() for p in sorted((course / LOGS / assignment).glob("*.log"))}


def grade_class(course: Path, assignment: str, students: list[str], workers: int | None = None,
                feedback_for: list[str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Autograde `students`, generate feedback for `feedback_for` (default: all of them), and record
    what could not be graded. Returns (student -> why not graded, student -> their part of the log)."""
    logs = autograde_in_parallel(course, assignment, students, workers)
    problems = ungraded(course, assignment, students, logs)
    retry = [s for s, why in problems.items() if why.startswith(STARTUP)]
    if retry:  # nothing of these submissions ran: grade them once more, one at a time
        logs.update(autograde_in_parallel(course, assignment, retry, workers=1))
        problems = ungraded(course, assignment, students, logs)
    save_logs(course, assignment, logs)
    feedback_in_parallel(course, assignment, students if feedback_for is None else feedback_for, workers)
    # A page that says "not graded" goes to a student only when the submission itself was the cause.
    write_not_graded_pages(course, assignment, {s: why for s, why in problems.items() if why.startswith(CRASH)})
    return problems, logs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("assignment")
    parser.add_argument("--workers", type=int, default=os.cpu_count(), help="parallel autograde processes")
    parser.add_argument("--collect", action="store_true", help="first collect submissions from the exchange")
    parser.add_argument("--feedback", action="store_true", help="generate feedback into feedback/")
    parser.add_argument("--release-feedback", action="store_true", help="also release the feedback to the exchange")
    parser.add_argument("--export", metavar="CSV", help="export all grades to this CSV file")
    args = parser.parse_args(argv)
    course = Path.cwd()
    try:
        config = read_config(course)
        require_in_gradebook(course, args.assignment)
        if args.collect or args.release_feedback:
            exchange_root(course, config)
    except InstructorError as err:
        print(f"make grade: {err}.\nNothing was collected, graded, written or released for any student.",
              file=sys.stderr)
        return 2

    if args.collect:
        nbgrader(course, "collect", args.assignment)
    students = submitted_students(course, args.assignment)
    if not students:
        print(f"no submissions of {args.assignment} in submitted/")
        return 1
    start = time.perf_counter()
    problems, _ = grade_class(course, args.assignment, students, args.workers,
                              feedback_for=None if args.feedback or args.release_feedback else [])
    print(f"autograded {len(students)} submission(s) of {args.assignment} in "
          f"{time.perf_counter() - start:.0f} s with {args.workers} worker(s)")
    if args.release_feedback:
        # Only a submission that came through the exchange can get its feedback back that way, and only
        # a page about the submission itself goes out (not one left by a grading that failed on our side).
        by_hand = [s for s in students if not (course / "submitted" / s / args.assignment / "timestamp.txt").exists()]
        held = [s for s, why in problems.items() if not why.startswith(SUBMISSION_CAUSES)]
        excluded = sorted(set(by_hand) | set(held))
        nbgrader(course, "release_feedback", args.assignment,
                 *([f"--CourseDirectory.student_id_exclude={','.join(excluded)}"] if excluded else []))
        if by_hand:
            print(f"feedback not released for {len(by_hand)} submission(s) not collected from the exchange "
                  f"(no timestamp.txt): hand their pages in feedback/ over yourself: {', '.join(by_hand)}")
        if held:
            print(f"feedback held back for {', '.join(held)}: grading failed for a reason outside the submission "
                  "(see NOT GRADED below); grade again once it is fixed")
    if args.export:
        nbgrader(course, "export", f"--to={args.export}")
        print(f"grades exported to {args.export}")
    for student, why in problems.items():
        page = " (a feedback page says so)" if why.startswith(CRASH) else ""
        print(f"NOT GRADED: {student}: {why}{page}; nbgrader's log: {LOGS}/{args.assignment}/{student}.log")
    for student, cells in timed_out(course, args.assignment, students).items():
        print(f"TIMED OUT: {student}: {', '.join(cells)} ran past the {cell_timeout(course)} s limit "
              "(their feedback says so)")
    for student, lines in suspicious(course, args.assignment, students).items():
        print(f"TO READ: {student}'s answers reach for the test machinery or files: " + " | ".join(lines[:5]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
