"""Grade a whole class: collect, autograde in parallel, feedback, export, and a report.

    .venv/bin/python -m grading.grade 01_unfolding                  # autograde what is in submitted/
    .venv/bin/python -m grading.grade 01_unfolding --collect --release-feedback --export grades.csv
    make grade A=01_unfolding                                        # autograde, feedback, grades.csv

Run it from the course root (where nbgrader_config.py is). nbgrader has no
parallel autograde of its own: here `--workers` nbgrader processes each grade a
share of the students (the others are excluded with
``--CourseDirectory.student_id_exclude``), against the one shared gradebook,
whose SQLite database serialises their writes.

At the end it lists every submission that could not be graded, and why.
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BIN = Path(sys.executable).parent


def nbgrader(course: Path, *args: str, check: bool = True, threads: int | None = None) -> subprocess.CompletedProcess:
    """Run one nbgrader command in `course` (the venv first on PATH: nbgrader runs `alembic` from it).

    `threads` caps the BLAS/OpenMP threads of the kernels it starts (parallel graders
    must not oversubscribe the cores: busy-waiting threads can slow torch a hundredfold).
    """
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}")
    if threads:
        env.update(OMP_NUM_THREADS=str(threads), MKL_NUM_THREADS=str(threads))
    env.setdefault("RNNKIT_DEVICE", "cpu")
    proc = subprocess.run([str(BIN / "nbgrader"), *args], cwd=course, env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def submitted_students(course: Path, assignment: str) -> list[str]:
    """Students with a submission of `assignment` in submitted/."""
    return sorted(p.parent.name for p in (course / "submitted").glob(f"*/{assignment}") if p.is_dir())


def autograde(course: Path, assignment: str, students: list[str], workers: int | None = None) -> str:
    """Autograde `students` in `workers` parallel nbgrader processes; returns their combined log."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(students)))
    shares = [students[k::workers] for k in range(workers)]

    def run(share: list[str]) -> str:
        others = ",".join(s for s in students if s not in share)
        args = ["autograde", assignment, "--force"]
        if others:
            args.append(f"--CourseDirectory.student_id_exclude={others}")
        proc = nbgrader(course, *args, check=False, threads=max(1, (os.cpu_count() or 1) // workers))
        return proc.stdout + proc.stderr

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return "\n".join(pool.map(run, shares))


def ungraded(course: Path, assignment: str, students: list[str], log: str = "") -> dict[str, str]:
    """Submissions without an autograded score for every test cell, with the reason nbgrader gave."""
    from nbgrader.api import Gradebook, MissingEntry

    problems = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            try:
                sub = gb.find_submission(assignment, student)
                missing = [g.name for nb in sub.notebooks for g in nb.grades if g.max_score and g.score is None]
                if missing:
                    problems[student] = f"no score for {', '.join(missing)}"
            except MissingEntry:
                problems[student] = "not in the gradebook"
    for student in problems:
        m = re.search(rf"error processing assignment .*for student '{re.escape(student)}'", log)
        reason = re.findall(r"(DeadKernelError[^\n]*|Kernel died[^\n]*|CellTimeoutError[^\n]*|Timeout[^\n]*)", log)
        if m or reason:
            problems[student] += f" ({reason[0] if reason else 'nbgrader reported an error'})"
    return problems


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
    if not (course / "nbgrader_config.py").exists():
        parser.error("run it from the course root (where nbgrader_config.py is)")

    if args.collect:
        nbgrader(course, "collect", args.assignment)
    students = submitted_students(course, args.assignment)
    if not students:
        print(f"no submissions of {args.assignment} in submitted/")
        return 1
    start = time.perf_counter()
    log = autograde(course, args.assignment, students, args.workers)
    print(f"autograded {len(students)} submission(s) of {args.assignment} in "
          f"{time.perf_counter() - start:.0f} s with {args.workers} worker(s)")
    if args.feedback or args.release_feedback:
        nbgrader(course, "generate_feedback", args.assignment, "--force")
    if args.release_feedback:
        nbgrader(course, "release_feedback", args.assignment)
    if args.export:
        nbgrader(course, "export", f"--to={args.export}")
        print(f"grades exported to {args.export}")
    problems = ungraded(course, args.assignment, students, log)
    for student, why in problems.items():
        print(f"NOT GRADED: {student}: {why}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
