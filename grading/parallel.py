"""Autograde and generate feedback in parallel nbgrader processes (nbgrader has no parallelism of its own).

Each of `workers` processes grades a share of the students; the others are excluded with
``--CourseDirectory.student_id_exclude``. They share one gradebook, whose SQLite database
serialises their writes.
"""
from __future__ import annotations

import os
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .commands import nbgrader


def in_parallel(cwd: Path, args: list[str], students: list[str], everyone: list[str], workers: int | None) -> str:
    """Run `nbgrader *args` for `students` in `workers` processes, each excluding all of `everyone` but
    its share of `students`; returns their combined log. Kernels get one core's share of BLAS threads."""
    workers = max(1, min(workers or os.cpu_count() or 1, len(students)))

    def run(share: list[str]) -> str:
        others = ",".join(s for s in everyone if s not in share)
        proc = nbgrader(cwd, *args, *([f"--CourseDirectory.student_id_exclude={others}"] if others else []),
                        check=False, threads=max(1, (os.cpu_count() or 1) // workers))
        return proc.stderr + proc.stdout

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return "\n".join(pool.map(run, [students[k::workers] for k in range(workers)]))


def autograde_in_parallel(course: Path, assignment: str, students: list[str],
                          workers: int | None = None) -> dict[str, str]:
    """nbgrader's autograde of `students` in `workers` parallel processes; returns each student's part of the log.

    The students' code runs in a working copy outside the course, which holds the config and
    these submissions only: no solutions/, and the gradebook is reached by its absolute URL,
    so that relative paths from the kernel's folder (``../../../solutions``) lead nowhere.
    The autograded notebooks are then moved into the course's autograded/.
    """
    # Parallel writers share the SQLite gradebook: wait up to a minute for a lock, not sqlite's default 5 s.
    db_url = f"sqlite:///{(course / 'gradebook.db').resolve()}?timeout=60"
    with tempfile.TemporaryDirectory(prefix="rnn-grading-") as tmp:
        work = Path(tmp)
        shutil.copy(course / "nbgrader_config.py", work)
        for student in students:
            shutil.copytree(course / "submitted" / student / assignment, work / "submitted" / student / assignment)
        log = in_parallel(work, ["autograde", assignment, "--force", f"--CourseDirectory.db_url={db_url}"],
                          students, students, workers)
        for student in students:
            done, dest = work / "autograded" / student / assignment, course / "autograded" / student / assignment
            if dest.exists():
                shutil.rmtree(dest)
            if done.exists():
                dest.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(done, dest)
    return student_logs(log)


def feedback_in_parallel(course: Path, assignment: str, students: list[str], workers: int | None = None) -> None:
    """nbgrader's generate_feedback for the autograded `students`, in parallel processes (about 1 s a notebook)."""
    everyone = sorted(p.parent.name for p in (course / "autograded").glob(f"*/{assignment}"))
    students = [s for s in students if s in everyone]
    if students:
        in_parallel(course, ["generate_feedback", assignment, "--force"], students, everyone, workers)


def student_logs(log: str) -> dict[str, str]:
    """Split an autograde log into each student's part (nbgrader starts each with the student's id)."""
    parts = re.split(r"^(?=\[AutogradeApp \| INFO\] Creating/updating student with ID ')", log, flags=re.M)
    logs = {}
    for part in parts:
        m = re.match(r"\[AutogradeApp \| INFO\] Creating/updating student with ID '([^']*)'", part)
        if m:
            logs[m[1]] = logs.get(m[1], "") + part
    return logs
