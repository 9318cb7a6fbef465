"""Print the course's timing tables. It reports; it asserts nothing.

    .venv/bin/python benchmarks/course_times.py                      # --notebooks and --course
    .venv/bin/python benchmarks/course_times.py --notebooks          # each lecture and solution, fresh kernel
    .venv/bin/python benchmarks/course_times.py --course --repeat 3  # one student's whole course, medians of 3
    .venv/bin/python benchmarks/course_times.py --phases             # `make test` by phase (~10 min)
    .venv/bin/python benchmarks/course_times.py --phases --install   # ... and `make setup` in a fresh clone
    .venv/bin/python benchmarks/course_times.py --junit report.xml   # tabulate an existing junit report
    .venv/bin/python benchmarks/course_times.py --class 20           # make grade: 1 process vs one per core

--notebooks  execution time of each lecture and solution in a fresh kernel (budget: < 60 s each).
--phases     runs `make test PYTEST_ARGS=--junitxml=<tmp>` (the Makefile's own pytest command) and
             groups the per-test times into phases, then by unit, and projects the wall time of
             nine units from the most expensive unit measured; --install adds `make setup` in a fresh
             `git clone` of the repository (its HEAD: uncommitted changes are not in the clone),
             which a clean clone's `make test` also runs; --junit FILE tabulates FILE instead.
--course     nbgrader's real autograde of one student's submission of every assignment (the
             solution answers) on a temporary course copy, sequentially and spread over
             --workers parallel nbgrader processes, against the floor: as many trivial
             assignments whose notebook only imports torch and rnnkit and asserts True
             (--workers N: default the cpu count, each kernel capped at cpus/N threads).
             Goal: the whole course autogrades within 1.5x of the floor; an assignment within 30 s.
--class N    `make grade`'s parallel autograde of the first assignment for N students (the
             solution each), with one process and with --workers processes: the speed-up.
--repeat K   times --notebooks, --course and --class K times each and reports the medians.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from grading.commands import nbgrader
from grading.course import ROOT, all_units, course_copy, meta, read_nb, solution_path, submission, write_nb

os.environ.setdefault("RNNKIT_DEVICE", "cpu")
CPUS = os.cpu_count() or 1
STUDENT = "student"
# junit classname (dotted test path) -> phase of `make test`; the first match wins, else "other".
PHASES = [
    ("rnnkit unit tests", r"tests\.unit\."),
    ("nbval lectures", r"lectures\."),
    ("nbval lectures, other numerics", r"tests\.test_perturbed\b"),
    ("nbval solutions", r"solutions\."),
    ("units' terms: nbgrader, planted mistakes, hostile, lifecycle, release",
     r"tests\.test_(grading|lifecycle|release)\b"),
    ("notebook/environment checks", r"tests\.test_(notebooks|environment)\b"),
    ("student copy", r"tests\.test_student_copy\b"),
    ("lab", r"tests\.test_lab\b"),
    ("browser", r"tests\.test_browser\b"),
]


def timed(fn, repeat: int = 1) -> float:
    """Median wall time of `repeat` calls of fn()."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def table(header: list[str], rows: list[list]) -> None:
    cells = [header] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[k]) for row in cells) for k in range(len(header))]
    for i, row in enumerate(cells):
        print("  ".join(c.ljust(w) if k == 0 else c.rjust(w) for k, (c, w) in enumerate(zip(row, widths))))
        if i == 0:
            print("  ".join("-" * w for w in widths))


# --notebooks ---------------------------------------------------------------------------------

def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()


def notebooks(repeat: int) -> None:
    rows = []
    for slug in all_units():
        lecture = ROOT / "lectures" / f"{slug}.ipynb"
        times = [timed(lambda p=p: execute(p), repeat) if p.exists() else None for p in (lecture, solution_path(slug))]
        rows.append([slug] + ["—" if t is None else f"{t:.1f}" + (" (over)" if t >= 60 else "") for t in times])
    print(f"\nNotebooks, fresh kernel each (median of {repeat}); budget: lecture and solution < 60 s")
    table(["unit", "lecture s", "solution s"], rows)


# --phases ------------------------------------------------------------------------------------

def phase_of(classname: str) -> str:
    return next((name for name, pattern in PHASES if re.match(pattern, classname)), "other")


UNIT_PARTS = [  # (part of a unit's cost, junit classname, test name): the unit is the first group that matches
    ("lecture", r"lectures\.(\d\d_\w+)\.ipynb$", r""),
    ("other numerics", r"tests\.test_perturbed$", r".*\[(\d\d_\w+)\]"),
    ("solution", r"solutions\.(\d\d_\w+)\.", r""),
    ("term", r"tests\.test_(grading|lifecycle|release)$", r".*?\[(\d\d_[a-z0-9_]+)"),
]


def unit_costs(path: Path) -> dict[str, dict[str, float]]:
    """unit -> part -> test time (summed over workers) of the tests that belong to that unit alone."""
    costs: dict[str, dict[str, float]] = {}
    for case in ET.parse(path).getroot().iter("testcase"):
        for part, cls, name in UNIT_PARTS:
            m, n = re.match(cls, case.get("classname", "")), re.match(name, case.get("name", ""))
            if m and n:
                unit = (n.groups() or m.groups())[-1]
                costs.setdefault(unit, {}).setdefault(part, 0.0)
                costs[unit][part] += float(case.get("time", 0))
                break
    return costs


def projection(costs: dict[str, dict[str, float]], wall: float, load: float, units: int, setup: float | None) -> None:
    """Each unit's cost, and `make test`'s wall time for `units` units if each unit to come costs like the
    most expensive unit measured (and, less conservatively, like their mean)."""
    parts = [p for p, _, _ in UNIT_PARTS]
    totals = {u: sum(c.values()) for u, c in costs.items()}
    print(f"\nEach unit's own tests (test time summed over workers, s); the workers' average load was {load:.2f}")
    table(["unit"] + parts + ["total", "wall (total / load)"],
          [[u] + [f"{costs[u].get(p, 0):.1f}" for p in parts] + [f"{totals[u]:.1f}", f"{totals[u] / load:.1f}"]
           for u in sorted(costs)])
    more = units - len(costs)
    if more > 0 and totals:
        worst, mean = max(totals.values()), sum(totals.values()) / len(totals)
        base = wall + (setup or 0)
        for label, per in (("the most expensive unit measured", worst), ("the mean unit measured", mean)):
            print(f"{units} units, each of the {more} to come like {label}: {base:.0f} s + {more} x {per:.0f} s / "
                  f"{load:.2f} = {base + more * per / load:.0f} s ({(base + more * per / load) / 60:.1f} min)")


def read_junit(path: Path) -> tuple[dict[str, list[float]], float, str]:
    """phase -> times of its tests; pytest's session time; a summary of failures."""
    root = ET.parse(path).getroot()
    suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
    groups: dict[str, list[float]] = {name: [] for name, _ in PHASES + [("other", "")]}
    for case in root.iter("testcase"):
        groups[phase_of(case.get("classname", ""))].append(float(case.get("time", 0)))
    counts = {k: sum(int(s.get(k, 0)) for s in suites) for k in ("tests", "failures", "errors", "skipped")}
    summary = ", ".join(f"{v} {k}" for k, v in counts.items())
    return groups, sum(float(s.get("time", 0)) for s in suites), summary


def install_time() -> float:
    """`make setup` in a fresh clone of the repository (the clone itself not timed)."""
    with tempfile.TemporaryDirectory() as tmp:
        clone = Path(tmp) / "course"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        start = time.perf_counter()
        proc = subprocess.run(["make", "setup"], cwd=clone, capture_output=True, text=True)
        if proc.returncode:
            sys.exit(f"make setup failed in a fresh clone:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        return time.perf_counter() - start


def phases(junit: Path | None, install: bool) -> None:
    setup = install_time() if install else None
    if junit is None:
        with tempfile.TemporaryDirectory() as tmp:
            report = Path(tmp) / "junit.xml"
            start = time.perf_counter()
            subprocess.run(["make", "test", f"PYTEST_ARGS=--junitxml={report}"], cwd=ROOT)
            wall = time.perf_counter() - start
            groups, _, summary = read_junit(report)
            costs = unit_costs(report)
        source = "make test"
    else:
        groups, wall, summary = read_junit(junit)
        costs = unit_costs(junit)
        source = f"{junit} (pytest's session time)"
    rows = [[name, len(times), sum(times)] for name, times in groups.items() if times]
    busy = sum(r[2] for r in rows)
    if busy <= wall:  # one process: what is left is collection and start-up
        rows.append(["outside tests (collection, start-up)", "", wall - busy])
    if setup is not None:
        rows.insert(0, ["install: make setup in a fresh clone", "", setup])
    # With pytest-xdist the phases overlap: shares are of the time summed over the workers.
    total = max(busy, wall) + (setup or 0)
    print(f"\n`make test` by phase, from {source}: {summary}")
    table(["phase", "tests", "seconds", "share"],
          [[name, n, f"{s:.1f}", f"{s / total:.0%}" if total else "—"] for name, n, s in rows])
    if busy > wall:
        print(f"test time summed over the parallel workers: {busy:.1f} s in {wall:.1f} s of wall time "
              f"({busy / wall:.2f} workers busy on average)")
    print(f"wall time: {wall + (setup or 0):.1f} s" + (f" ({setup:.1f} s install + {wall:.1f} s tests)" if setup else ""))
    projection(costs, wall, max(1.0, busy / wall), 9, setup)


# --course ------------------------------------------------------------------------------------

def floor_notebook(kernelspec: dict) -> nbformat.NotebookNode:
    """The least an assignment can cost: a locked cell with the imports, one test cell worth 1 point."""
    def cell(code: str, grade_id: str, **grading) -> nbformat.NotebookNode:
        nbg = {"grade": False, "solution": False, "locked": True, "grade_id": grade_id, "schema_version": 3}
        return nbformat.v4.new_code_cell(code, metadata={"nbgrader": nbg | grading})
    return nbformat.v4.new_notebook(cells=[cell("import torch\nimport rnnkit", "setup"),
                                           cell("assert True", "test", grade=True, points=1)],
                                    metadata={"kernelspec": kernelspec})


def autograde_all(course: Path, assignments: list[str], workers: int, per_assignment: dict | None = None) -> None:
    """Autograde the student's submissions: one nbgrader process per assignment, `workers` at a time."""
    threads = max(1, CPUS // workers) if workers > 1 else None

    def grade(assignment: str) -> None:
        t = timed(lambda: nbgrader(course, "autograde", assignment, "--force", threads=threads))
        if per_assignment is not None:
            per_assignment.setdefault(assignment, []).append(t)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(grade, assignments))


def scores(course: Path, assignments: list[str]) -> str:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        subs = [gb.find_submission(a, STUDENT) for a in assignments]
        return f"{sum(s.score for s in subs):g}/{sum(s.max_score for s in subs):g} points"


def cell_times(course: Path, assignments: list[str]) -> list[tuple[float, str, str]]:
    """(seconds, assignment, cell) of every code cell autograded last, from nbclient's timing metadata."""
    found = []
    for a in assignments:
        for i, cell in enumerate(read_nb(course / "autograded" / STUDENT / a / f"{a}.ipynb")["cells"]):
            stamps = cell.get("metadata", {}).get("execution", {})
            if {"iopub.execute_input", "shell.execute_reply"} <= stamps.keys():
                start, end = (datetime.fromisoformat(stamps[k].replace("Z", "+00:00"))
                              for k in ("iopub.execute_input", "shell.execute_reply"))
                kind = "test " if meta(cell).get("grade") else "answer " if meta(cell).get("solution") else ""
                found.append(((end - start).total_seconds(), a, kind + meta(cell).get("grade_id", f"cell {i}")))
    return sorted(found, reverse=True)


def course_times(workers: int, repeat: int) -> None:
    units = all_units()
    floors = [f"floor_{k:02d}" for k in range(1, len(units) + 1)]
    with tempfile.TemporaryDirectory() as tmp:
        course = course_copy(Path(tmp) / "course")
        for f in floors:
            write_nb(floor_notebook(read_nb(solution_path(units[0]))["metadata"]["kernelspec"]),
                     course / "solutions" / f / f"{f}.ipynb")
        for a in units + floors:
            nbgrader(course, "generate_assignment", a, "--force")
            answer = submission(a) if a in units else read_nb(course / "exercises" / a / f"{a}.ipynb")
            write_nb(answer, course / "submitted" / STUDENT / a / f"{a}.ipynb")
        per_assignment: dict[str, list[float]] = {}
        runs: dict[tuple[str, int], list[float]] = {}
        for _ in range(repeat):  # round-robin, so that a burst of load elsewhere does not hit one measurement only
            # Parallel first, sequential last: the cells of the last sequential run are timed below.
            for name, names in (("floor", floors), ("course", units)):
                for w in sorted({1, workers}, reverse=True):
                    runs.setdefault((name, w), []).append(
                        timed(lambda: autograde_all(course, names, w, per_assignment if w == 1 else None)))
        t = {key: statistics.median(v) for key, v in runs.items()}
        graded = scores(course, units), scores(course, floors)
        slow = cell_times(course, units)

    print(f"\nOne student's whole course autograded (nbgrader, median of {repeat}; "
          f"parallel: {workers} processes, {max(1, CPUS // workers)} thread(s) each)")
    table(["", "sequential s", f"parallel s ({workers})", "score"],
          [[f"course ({len(units)} assignments)", f"{t['course', 1]:.1f}", f"{t['course', workers]:.1f}", graded[0]],
           [f"floor ({len(floors)} x import torch, rnnkit)", f"{t['floor', 1]:.1f}", f"{t['floor', workers]:.1f}",
            graded[1]],
           ["course / floor (goal <= 1.5x)", f"{t['course', 1] / t['floor', 1]:.2f}x",
            f"{t['course', workers] / t['floor', workers]:.2f}x", ""]])
    print("per assignment, sequential (budget < 30 s): " + ", ".join(
        f"{a} {statistics.median(v):.1f} s" for a, v in per_assignment.items() if a in units))
    setup = sum(s for s, _, name in slow if name == "setup")
    print(f"cells executed in the last sequential run: {sum(s for s, _, _ in slow):.1f} s, of which {setup:.1f} s "
          "in the set-up cells (imports, as in the floor); the slowest cells: "
          + "; ".join(f"{a} {name} {s:.1f} s" for s, a, name in slow[:5]))


# --class -------------------------------------------------------------------------------------

def class_times(students: int, workers: int, repeat: int) -> None:
    """`make grade`'s autograde of one assignment for a class of `students`, with 1 and with `workers` processes."""
    from grading.parallel import autograde_in_parallel

    slug = all_units()[0]
    with tempfile.TemporaryDirectory() as tmp:
        course = course_copy(Path(tmp) / "course")
        nbgrader(course, "generate_assignment", slug, "--force")
        names = [f"student_{k:03d}" for k in range(students)]
        for name in names:
            write_nb(submission(slug), course / "submitted" / name / slug / f"{slug}.ipynb")
        runs = {w: [] for w in sorted({1, workers})}
        for _ in range(repeat):
            for w in runs:
                runs[w].append(timed(lambda: autograde_in_parallel(course, slug, names, w)))
    t = {w: statistics.median(v) for w, v in runs.items()}
    print(f"\nA class of {students} autograded on {slug} by `make grade` (median of {repeat})")
    table(["processes", "seconds", "per submission s", "speed-up"],
          [[w, f"{t[w]:.1f}", f"{t[w] / students:.2f}", f"{t[1] / t[w]:.2f}x"] for w in t])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", action="store_true", help="each lecture and solution, fresh kernel")
    parser.add_argument("--phases", action="store_true", help="run `make test` and time it by phase (slow)")
    parser.add_argument("--junit", type=Path, metavar="FILE", help="tabulate this junit report by phase instead")
    parser.add_argument("--install", action="store_true",
                        help="also time `make setup` in a fresh clone (implies --phases)")
    parser.add_argument("--course", action="store_true", help="one student's whole course autograded vs the floor")
    parser.add_argument("--class", dest="klass", type=int, metavar="N",
                        help="a class of N students autograded with 1 and --workers processes")
    parser.add_argument("--workers", type=int, default=CPUS, help="parallel nbgrader processes (default: cpu count)")
    parser.add_argument("--repeat", type=int, default=1, help="repeat each measurement, report the median")
    args = parser.parse_args(argv)
    args.phases = args.phases or args.install or args.junit is not None
    if not (args.notebooks or args.phases or args.course or args.klass):
        args.notebooks = args.course = True
    os.chdir(ROOT)
    if args.notebooks:
        notebooks(args.repeat)
    if args.phases:
        phases(args.junit, args.install)
    if args.course:
        course_times(max(1, args.workers), args.repeat)
    if args.klass:
        class_times(args.klass, max(1, args.workers), args.repeat)


if __name__ == "__main__":
    main()
