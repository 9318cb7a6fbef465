"""Grade a whole class: collect, autograde in parallel, feedback, export, and a report.

    .venv/bin/python -m grading.grade 01_unfolding                  # autograde what is in submitted/
    .venv/bin/python -m grading.grade 01_unfolding --collect --release-feedback --export grades.csv
    make grade A=01_unfolding                                        # autograde, feedback, grades.csv

Run it from the course root (where nbgrader_config.py is). nbgrader has no
parallel autograde of its own: here `--workers` nbgrader processes each grade a
share of the students (the others are excluded with
``--CourseDirectory.student_id_exclude``), against the one shared gradebook,
whose SQLite database serialises their writes.

The students' code runs in a working copy outside the course (no solutions/ there).
At the end it lists every submission that could not be graded, and why (and gives
it a feedback page that says so: nbgrader writes none when a kernel dies), and the
answers that reach for the test machinery or the file system, for the instructor
to read.
"""
from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
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


def autograde(course: Path, assignment: str, students: list[str], workers: int | None = None) -> dict[str, str]:
    """Autograde `students` in `workers` parallel nbgrader processes; returns each student's part of the log.

    The students' code runs in a working copy outside the course, which holds the config and
    these submissions only: no solutions/, and the gradebook is reached by its absolute URL,
    so that relative paths from the kernel's folder (``../../../solutions``) lead nowhere.
    The autograded notebooks are then moved into the course's autograded/.
    """
    db_url = f"sqlite:///{(course / 'gradebook.db').resolve()}"
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


def feedback(course: Path, assignment: str, students: list[str], workers: int | None = None) -> None:
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


# What a submission's log says when nbgrader could not grade it, and what to tell people.
CRASH = "the Python kernel died while running the notebook (os._exit, a crash in compiled code or memory exhaustion)"


def ungraded(course: Path, assignment: str, students: list[str], logs: dict[str, str] | None = None) -> dict[str, str]:
    """Submissions nbgrader left without an automatic score for some test cell, and why.

    A kernel that dies (``os._exit``, a segfault, the memory killer) makes nbgrader 0.9.6 drop the
    whole notebook: no score, no feedback, only an error in the log. The reason given here is
    taken from that student's own part of the log, with the cell that killed the kernel.
    """
    from nbgrader.api import Gradebook, MissingEntry

    logs = logs or {}
    problems = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            try:
                sub = gb.find_submission(assignment, student)
                missing = [g.name for nb in sub.notebooks for g in nb.grades
                           if g.max_score and g.auto_score is None and g.manual_score is None]
                if missing:
                    problems[student] = (f"no score for {', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''}"
                                         " (a test cell deleted from the notebook, or grading stopped)")
            except MissingEntry:
                problems[student] = "not in the gradebook"
    for student in problems:
        log = logs.get(student, "")
        if "DeadKernelError" in log or "Kernel died" in log:
            where = crash_site(course / "submitted" / student / assignment)
            problems[student] = f"{CRASH}{where}; nbgrader recorded no score"
        elif "error processing assignment" in log:
            last = [line for line in log.splitlines() if "ERROR" in line or "Error" in line]
            problems[student] += f" (nbgrader: {last[0].strip() if last else 'an error'})"
    return problems


def crash_site(folder: Path) -> str:
    """Run the submitted notebook(s) in `folder` again, in a scratch copy, to find the cell whose run killed the kernel."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    for path in sorted(folder.glob("*.ipynb")):
        with tempfile.TemporaryDirectory(prefix="rnn-crash-") as tmp:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=60, allow_errors=True, kernel_name="python3",
                                    resources={"metadata": {"path": tmp}})
            with client.setup_kernel():
                for index, cell in enumerate(nb.cells):
                    try:
                        client.execute_cell(cell, index)
                    except DeadKernelError:
                        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                        return f", in {path.name}'s cell {index + 1}" + (f" ('{gid}')" if gid else "")
                    except CellTimeoutError:  # it did not die this time before a cell hung: no site to name
                        return ""
    return ""


def record_ungraded(course: Path, assignment: str, problems: dict[str, str]) -> None:
    """Give each submission that nbgrader dropped (no autograded notebook) a feedback page that says why.

    The page goes where `generate_feedback` would put it, with the submission's timestamp and
    secret, so that `release_feedback` releases it like any other.
    """
    for student, why in problems.items():
        if (course / "autograded" / student / assignment).exists():
            continue  # graded in part (a test cell was deleted): nbgrader's own feedback shows it
        submitted = course / "submitted" / student / assignment
        dest = course / "feedback" / student / assignment
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("timestamp.txt", "submission_secret.txt"):
            if (submitted / name).exists():
                shutil.copy(submitted / name, dest / name)
        for notebook in sorted(submitted.glob("*.ipynb")):
            (dest / f"{notebook.stem}.html").write_text(
                f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(notebook.stem)}: not graded"
                f"</title></head><body>\n<h1>{html.escape(assignment)} / {html.escape(notebook.name)}: not graded</h1>\n"
                f"<p>Your submission could not be graded automatically: {html.escape(why)}.</p>\n"
                "<p>Your score is 0 until your instructor has looked at it. Before you submit again, restart the "
                "kernel and run all cells (Kernel &rarr; Restart Kernel and Run All Cells) and check that every "
                "cell finishes.</p>\n</body></html>\n")


# Lines in answer cells that reach for the test machinery or the grader's files: the grading report
# lists them for the instructor to read (a flag, not a verdict: they may be innocent).
SUSPICIOUS = re.compile(r"\bvars\(|__dict__|sys\.modules|\bos\._exit|\bopen\(|\bsetattr\(|\bexec\(|\beval\("
                        r"|\.allclose\s*=|rnnkit\.checks\.\w+\s*=|\bbuiltins\b|\bsubprocess\b|\bglob\b|\bsqlite3\b")


def suspicious(course: Path, assignment: str, students: list[str]) -> dict[str, list[str]]:
    """student -> the lines of their answer cells that touch the test machinery or the file system."""
    import nbformat

    found = {}
    for student in students:
        for path in sorted((course / "submitted" / student / assignment).glob("*.ipynb")):
            for cell in nbformat.read(path, as_version=4).cells:
                if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
                    hits = [line.strip() for line in cell.source.splitlines() if SUSPICIOUS.search(line)]
                    found.setdefault(student, []).extend(hits)
    return {s: lines for s, lines in found.items() if lines}


def grade_class(course: Path, assignment: str, students: list[str], workers: int | None = None,
                feedback_for: list[str] | None = None) -> dict[str, str]:
    """Autograde `students`, generate feedback for `feedback_for` (default: all of them), and record
    what could not be graded; returns student -> why not graded."""
    logs = autograde(course, assignment, students, workers)
    feedback(course, assignment, students if feedback_for is None else feedback_for, workers)
    problems = ungraded(course, assignment, students, logs)
    record_ungraded(course, assignment, problems)
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
    problems = grade_class(course, args.assignment, students, args.workers,
                           feedback_for=None if args.feedback or args.release_feedback else [])
    print(f"autograded {len(students)} submission(s) of {args.assignment} in "
          f"{time.perf_counter() - start:.0f} s with {args.workers} worker(s)")
    if args.release_feedback:
        nbgrader(course, "release_feedback", args.assignment)
    if args.export:
        nbgrader(course, "export", f"--to={args.export}")
        print(f"grades exported to {args.export}")
    for student, why in problems.items():
        print(f"NOT GRADED: {student}: {why} (a feedback page says so)")
    for student, lines in suspicious(course, args.assignment, students).items():
        print(f"TO READ: {student}'s answers reach for the test machinery or files: " + " | ".join(lines[:5]))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
