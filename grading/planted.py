"""Grade planted mistakes fast: run a notebook once, and fork the process at each changed cell.

nbgrader grades a submission by running the whole notebook in a fresh kernel: 3 to 7 s each
here, most of it starting the kernel and importing torch. A planted mistake changes one answer
cell, so every cell before it runs the same for all the mistakes planted in that cell. This
module runs the solution notebook's code cells once, top to bottom, in one IPython shell in a
fresh process. On reaching an answer cell that has variants, it forks the process once per
variant: the child runs the variant and every later cell it can reach (grading.cellflow: the
other test cells keep the unchanged notebook's results), reports which test cells failed, and
exits; the parent runs the right answer and goes on.

A test cell's score follows nbgrader's rule (``nbgrader.utils.determine_grade``): no points if
it raised an error or wrote to stderr; a number it ends with is a partial score; otherwise its
points. The course tests check that this agrees with nbgrader's own autograde on the references
and on one planted mistake per unit (tests/test_grading.py).

    outcomes = grade_variants("01_unfolding", {"softmax_no_max": {"softmax": "def softmax(o): ..."}})
    outcomes["softmax_no_max"].failed        # {"test_softmax_stability": "GradingError: ..."}
"""
from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from .cellflow import IMPORTS, RUN, SKIP, Cell, plan
from .course import ROOT, SOLUTION_BLOCK, meta, read_nb, solution_path, source
from .report import cell_timeout as course_cell_timeout

SOLUTION = "solution"   # the name of the unchanged notebook's outcome


@dataclass
class Outcome:
    """What grading one variant gave: test grade_id -> score, and why each failing test failed."""
    scores: dict[str, float]
    failed: dict[str, str] = field(default_factory=dict)   # grade_id -> the last line of its error
    problem: str = ""                                       # set if the run itself broke (a crash, a time-out)


def notebook_cells(slug: str) -> list[dict]:
    """The code cells nbgrader's autograde runs for a submission of `slug` with every answer right:
    the source notebook's cells, hidden tests included, solution markers removed."""
    cells = []
    for cell in read_nb(solution_path(slug))["cells"]:
        if cell["cell_type"] == "code":
            m = meta(cell)
            cells.append({"source": SOLUTION_BLOCK.sub("", source(cell)), "grade_id": m.get("grade_id"),
                          "grade": bool(m.get("grade")), "points": float(m.get("points") or 0)})
    return cells


def grade_variants(slug: str, variants: dict[str, dict[str, str]], **options) -> dict[str, Outcome]:
    """Grade the solution of `slug` and each variant of it, as nbgrader would, in one forking process.

    Args:
        variants: name -> {answer grade_id: code}; a planted mistake changes one answer cell, a
            do-nothing submission all of them.
        options: those of `grade_cells`.
    Returns:
        name -> Outcome, with the unchanged notebook's under `SOLUTION`.
    """
    cells = notebook_cells(slug)
    index = {c["grade_id"]: i for i, c in enumerate(cells) if c["grade_id"]}
    return grade_cells(cells, {name: {index[gid]: code for gid, code in change.items()}
                               for name, change in variants.items()}, **options)


def grade_cells(cells: list[dict], variants: dict[str, dict[int, str]], *, workers: int | None = None,
                cell_timeout: int | None = None, timeout: int = 600, every_cell: bool = False) -> dict[str, Outcome]:
    """Run `cells` (dicts with source, grade_id, grade, points) and each variant of them in a fresh process.

    Args:
        variants: name -> {index of a cell it changes: the code that replaces it}.
        workers: children running at once (default: the number of CPUs).
        cell_timeout: a cell that runs longer is interrupted and fails, as in nbgrader (default: the
            course's `c.Execute.timeout`).
        timeout: the whole run's limit, in seconds.
        every_cell: run every cell after the changed one, not only those it can reach (slower; a check).
    Returns:
        name -> Outcome, with the unchanged cells' under `SOLUTION`.
    """
    cell_timeout = cell_timeout or course_cell_timeout(ROOT)
    with tempfile.TemporaryDirectory(prefix="rnn-planted-") as tmp:
        job = {"cells": cells, "variants": {name: sorted(v.items()) for name, v in variants.items()},
               "workers": workers or os.cpu_count() or 1, "cell_timeout": cell_timeout,
               "results": str(Path(tmp) / "results.json"), "every_cell": every_cell}
        env = dict(os.environ, NBGRADER_EXECUTION="autograde", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
                   MPLBACKEND="Agg", PYTHONHASHSEED="0")
        proc = subprocess.run([sys.executable, "-m", "grading.planted"], input=json.dumps(job), text=True,
                              capture_output=True, cwd=tmp, env=env, timeout=timeout)
        results_file = Path(job["results"])
        if proc.returncode != 0 or not results_file.exists():
            raise RuntimeError(f"grading.planted failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
        raw = json.loads(results_file.read_text())
    return {name: Outcome(**r) for name, r in raw.items()}


# ---------------------------------------------------------------------------------------------
# The driver: `python -m grading.planted` reads a job (JSON) on stdin and writes the results file.

class _CellTimeout(BaseException):
    """Raised inside a cell that runs past the time limit (as nbgrader interrupts the kernel)."""


def _on_alarm(signum, frame):
    raise _CellTimeout()


def _shell():
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    config = Config()
    config.HistoryManager.enabled = False
    config.InteractiveShell.colors = "NoColor"
    shell = InteractiveShell.instance(config=config)
    shell.showtraceback = lambda *args, **kwargs: None   # the error is taken from the result instead
    return shell


def _run_cell(shell, code: str, timeout: int) -> tuple[bool, str, object]:
    """Run one cell. Returns (failed, why, the value it ends with); a cell fails as nbgrader's do:
    it raised, or wrote to stderr (Python warnings included, and writes to file descriptor 2)."""
    out, err = io.StringIO(), io.StringIO()
    with tempfile.TemporaryFile() as fd2:
        saved = os.dup(2)
        os.dup2(fd2.fileno(), 2)
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.alarm(timeout)
        try:
            with redirect_stdout(out), redirect_stderr(err):
                result = shell.run_cell(code, store_history=False)
            error = result.error_before_exec or result.error_in_exec
            value = result.result
        except _CellTimeout:
            error, value = TimeoutError(f"the cell ran longer than {timeout} s"), None
        finally:
            signal.alarm(0)
            os.dup2(saved, 2)
            os.close(saved)
        fd2.seek(0)
        low_level = fd2.read().decode(errors="replace")
    if isinstance(error, _CellTimeout):
        error = TimeoutError(f"the cell ran longer than {timeout} s")
    if error is not None:
        text = "".join(traceback.format_exception_only(type(error), error)).strip().splitlines()
        return True, text[-1] if text else type(error).__name__, None
    written = (err.getvalue() + low_level).strip()
    if written:
        return True, "wrote to stderr: " + written.splitlines()[-1][:300], None
    return False, "", value


def _score(cell: dict, failed: bool, value, shell) -> float:
    """nbgrader's determine_grade for a test cell."""
    if failed:
        return 0.0
    if value is not None:  # an execute_result: a number in it is a partial grade
        text = shell.display_formatter.format(value)[0].get("text/plain", "")
        try:
            return min(float(text), cell["points"])
        except ValueError:
            pass
    return cell["points"]


def _run_variant(shell, cells: list[dict], changes: dict[int, str], timeout: int, every_cell: bool) -> dict:
    """Run the cells from the first changed one on, with the changed code; when one cell changes, only
    the later cells it can reach (grading.cellflow) and those they need. The test cells' results; a
    test cell left out keeps the unchanged notebook's result, filled in by the parent."""
    start = min(changes)
    if every_cell or len(changes) > 1:
        steps = [RUN] * (len(cells) - start)
    else:
        steps = [RUN] + plan([c["source"] for c in cells], start, changes[start])
    scores, failed = {}, {}
    for i, (cell, step) in enumerate(zip(cells[start:], steps), start=start):
        if step == SKIP:
            continue
        if step == IMPORTS:
            _run_cell(shell, Cell(cell["source"]).import_code, timeout)
            continue
        bad, why, value = _run_cell(shell, changes.get(i, cell["source"]), timeout)
        if cell["grade"]:
            scores[cell["grade_id"]] = _score(cell, bad, value, shell)
            if bad:
                failed[cell["grade_id"]] = why
    return {"scores": scores, "failed": failed}


def _driver() -> None:
    job = json.load(sys.stdin)
    cells, cell_timeout, workers = job["cells"], job["cell_timeout"], max(1, job["workers"])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # what cells print is not ours to pass on
    import torch  # imported before forking, single-threaded: the children inherit it cheaply and safely
    torch.set_num_threads(1)
    try:  # what the first torch.optim optimiser imports (about a second): once here, not in every child
        import torch._dynamo  # noqa: F401
    except ImportError:
        pass
    shell = _shell()
    forks: dict[int, list[tuple[str, dict[int, str]]]] = {}   # the first changed cell -> the variants forked there
    for name, changes in job["variants"].items():
        changes = {int(i): code for i, code in changes}
        forks.setdefault(min(changes), []).append((name, changes))
    tmp = Path(job["results"]).parent
    running: dict[int, tuple[str, int, float]] = {}   # pid -> (variant, fork index, start time)
    finished: dict[str, tuple[int, int, float]] = {}  # variant -> (fork index, exit status, seconds)

    def reap() -> None:
        """Wait for one child to finish."""
        pid, status = os.waitpid(-1, 0)
        if pid in running:
            name, index, start = running.pop(pid)
            finished[name] = (index, status, time.perf_counter() - start)

    parent = {"scores": {}, "failed": {}}
    for i, cell in enumerate(cells):
        for name, changes in forks.get(i, []):
            while len(running) >= workers:
                reap()
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
            if pid == 0:  # the child: this variant from cell i on, then exit without cleaning up
                try:
                    result = _run_variant(shell, cells, changes, cell_timeout, job["every_cell"])
                    (tmp / f"{name}.json").write_text(json.dumps(result))
                finally:
                    os._exit(0)
            running[pid] = (name, i, time.perf_counter())
        bad, why, value = _run_cell(shell, cell["source"], cell_timeout)
        if cell["grade"]:
            parent["scores"][cell["grade_id"]] = _score(cell, bad, value, shell)
            if bad:
                parent["failed"][cell["grade_id"]] = why
    while running:
        reap()

    results = {SOLUTION: {**parent, "problem": ""}}
    for name, (index, status, seconds) in finished.items():
        path = tmp / f"{name}.json"
        if path.exists():  # the child's results, and the unchanged notebook's for the test cells it did not run
            child = json.loads(path.read_text())
            kept = set(parent["scores"]) - set(child["scores"])
            results[name] = {"scores": {**{g: parent["scores"][g] for g in kept}, **child["scores"]},
                             "failed": {**{g: w for g, w in parent["failed"].items() if g in kept}, **child["failed"]},
                             "problem": ""}
        else:
            before = {c["grade_id"] for c in cells[:index] if c["grade"]}
            scores = {g: s for g, s in parent["scores"].items() if g in before}
            failed = {g: w for g, w in parent["failed"].items() if g in before}
            why = (f"killed by signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
                   else f"exit status {os.WEXITSTATUS(status)}")
            results[name] = {"scores": scores, "failed": failed,
                             "problem": f"the process running it died ({why}) after {seconds:.0f} s"}
    Path(job["results"]).write_text(json.dumps(results))


if __name__ == "__main__":
    _driver()
