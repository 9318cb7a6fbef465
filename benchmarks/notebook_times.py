"""Print how long each notebook takes: lectures and solutions executed in a fresh kernel,
and nbgrader's autograde of each solution submitted as one student's work.

    .venv/bin/python benchmarks/notebook_times.py            # everything
    .venv/bin/python benchmarks/notebook_times.py 01_unfolding

Budgets (COURSE.md): a lecture or solution runs in under 60 s; an exercise autogrades
in under 30 s, kernel start included. This script reports; it asserts nothing.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

sys.path[:0] = [str(Path(__file__).resolve().parents[1]), str(Path(__file__).resolve().parents[1] / "tests")]
from coursetools import ROOT, course_copy, nbgrader, slugs, submission, write_nb  # noqa: E402

os.environ.setdefault("RNNKIT_DEVICE", "cpu")


def execute(path: Path) -> float:
    nb = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    return time.perf_counter() - start


def autograde_time(slug: str) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        course = course_copy(Path(tmp) / "course")
        nbgrader(course, "generate_assignment", slug, "--force")
        write_nb(submission(slug), course / "submitted" / "student" / slug / f"{slug}.ipynb")
        start = time.perf_counter()
        nbgrader(course, "autograde", slug, "--force")
        return time.perf_counter() - start


def main(selected: list[str]) -> None:
    units = [s for s in slugs() if not selected or s in selected]
    rows = []
    for slug in units:
        lecture = ROOT / "lectures" / f"{slug}.ipynb"
        rows.append((slug,
                     f"{execute(lecture):.1f}" if lecture.exists() else "—",
                     f"{execute(ROOT / 'solutions' / slug / f'{slug}.ipynb'):.1f}",
                     f"{autograde_time(slug):.1f}"))
    print(f"{'unit':<24} {'lecture s':>10} {'solution s':>11} {'autograde s':>12}")
    for row in rows:
        print(f"{row[0]:<24} {row[1]:>10} {row[2]:>11} {row[3]:>12}")
    print("budgets: lecture and solution < 60 s; autograde < 30 s (kernel start included)")


if __name__ == "__main__":
    main(sys.argv[1:])
