"""What `make grade` reports after autograding: submissions nbgrader could not grade, and why;
answers that reach for the test machinery or the file system, for a person to read."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from .preflight import read_config

# What a student and the instructor are told when the kernel died under a submission.
CRASH = "the Python kernel died while running the notebook (os._exit, a crash in compiled code or memory exhaustion)"
# A kernel that never started (it died before answering nbgrader's first request, e.g. when another
# process took the port it had picked) ran none of the submission: the grading machine's problem.
STARTUP = "the grading kernel did not start (it died before running any cell)"
STARTUP_SIGNS = ("Kernel died before replying to kernel_info", "ZMQError: Address already in use",
                 "Kernel didn't respond in")
# The problems that lie in the submission itself (a dead kernel, a test cell deleted): its feedback goes out.
# Any other (an error inside nbgrader, a student missing from the gradebook) is the instructor's to fix first.
SUBMISSION_CAUSES = (CRASH, "no score for ")
# How a cell stopped at the time limit ends in an autograded notebook: nbclient interrupts the kernel
# (KeyboardInterrupt in the cell's output) and records its own CellTimeoutError.
TIMEOUT_ERRORS = ("CellTimeoutError", "KeyboardInterrupt")


def cell_timeout(course: Path) -> int:
    """nbgrader's per-cell time limit, `c.Execute.timeout` in the course's nbgrader_config.py (nbgrader's default: 30)."""
    return int(read_config(course).Execute.get("timeout", 30))


def nbgrader_error(log: str, student: str) -> str:
    """The exception nbgrader raised while processing `student`'s notebook, its last traceback line, from
    the student's part of the log ('' if none). (nbgrader's closing summary, "... for student 'x'", may
    follow another student's part.)"""
    where = re.search(rf"error processing assignment: \S*/submitted/{re.escape(student)}/", log)
    if not where:
        return ""
    block = log[where.end():].split("Removing failed assignment")[0]
    raised = [line.strip() for line in block.splitlines() if re.match(r"\s*[\w.]+(Error|Exception)\b", line)]
    said = re.findall(r"The message was: (.*)", block)
    return (raised[-1] if raised else "an error") + (f" ({said[-1].strip()})" if said else "")


def ungraded(course: Path, assignment: str, students: list[str], logs: dict[str, str] | None = None) -> dict[str, str]:
    """Submissions nbgrader did not grade this time, in whole or in part, and why.

    A kernel that dies (``os._exit``, a segfault, the memory killer) makes nbgrader 0.9.6 drop the
    whole notebook: no score, no feedback, only an error in the log. An error inside nbgrader itself
    does the same, and leaves the scores of an earlier grading in the gradebook, so the log is read
    too. The reason given is taken from that student's own part of the log.
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
    for student in students:
        log = logs.get(student, "")
        error = nbgrader_error(log, student)
        if error and any(sign in log for sign in STARTUP_SIGNS):
            problems[student] = f"{STARTUP}: grade again; nbgrader said {error}"
        elif "DeadKernelError" in error or "Kernel died" in error:
            where = crash_site(course / "submitted" / student / assignment, cell_timeout(course))
            problems[student] = f"{CRASH}{where}; nbgrader recorded no score"
        elif error:
            problems[student] = f"nbgrader stopped grading it: {error}"
    return problems


def crash_site(folder: Path, timeout: int) -> str:
    """Run the submitted notebook(s) in `folder` again, in a scratch copy, to find the cell whose run killed the kernel."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    for path in sorted(folder.glob("*.ipynb")):
        with tempfile.TemporaryDirectory(prefix="rnn-crash-") as tmp:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(nb, timeout=timeout, allow_errors=True, kernel_name="python3",
                                    resources={"metadata": {"path": tmp}},
                                    extra_arguments=["--IPKernelApp.log_level=ERROR"])  # as nbgrader_config.py
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


def timed_out(course: Path, assignment: str, students: list[str]) -> dict[str, list[str]]:
    """student -> the cells (grade_id, or "cell N") of their autograded notebooks stopped at the time limit."""
    import nbformat

    found = {}
    for student in students:
        for path in sorted((course / "autograded" / student / assignment).glob("*.ipynb")):
            for index, cell in enumerate(nbformat.read(path, as_version=4).cells):
                if any(o.get("ename") in TIMEOUT_ERRORS for o in cell.get("outputs", [])):
                    name = cell.metadata.get("nbgrader", {}).get("grade_id") or f"cell {index + 1}"
                    found.setdefault(student, []).append(f"{path.stem}: {name}")
    return found


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
