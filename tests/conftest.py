"""Shared fixtures: `term`, one unit's graded term (tests/term.py), and `lab`, one JupyterLab server
started exactly as `make lab` starts it (tests/test_lab.py and tests/test_browser.py).

Test files run in parallel pytest-xdist workers (`make test` uses `--dist loadgroup`). Every test
of one unit's term, in whichever file, goes to the same worker, so that the term is graded once;
every other file stays together in one worker, as nbval needs for a notebook's cells.
"""
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from typing import NamedTuple

import pytest

from grading.course import ROOT, graded_cells, mutants, visible_tests
from term import Term, build_term

# The notebooks the suite runs (nbval's kernels inherit this) show no training progress bars, as in
# `make test`: their committed outputs do not have them (rnnkit/train.py).
os.environ.setdefault("RNNKIT_PROGRESS", "0")

# Tests of these files whose parameters start with a unit's slug read that unit's term.
TERM_FILES = ("tests/test_grading.py", "tests/test_lifecycle.py", "tests/test_release.py")


def scope_of(nodeid: str) -> str:
    """The group a test runs in: a unit's term tests together (`term-<slug>`), each perturbed lecture
    on its own, and everything else by file (a notebook's nbval cells must run in order, in one kernel)."""
    path, _, rest = nodeid.partition("::")
    unit = re.match(r".*?\[(\d\d_[a-z0-9_]+)", rest)
    if path in TERM_FILES and unit:
        return f"term-{unit[1]}"
    if path == "tests/test_perturbed.py":
        return nodeid
    return path


def rank(scope: str) -> int:
    """Longest first: the units' terms (a minute or two each), the student copy and the browser, the lectures
    (nbval, twice), then the rest (seconds each), so that no long group is left for last."""
    for i, prefixes in enumerate(("term-", ("tests/test_student_copy", "tests/test_browser"),
                                  ("lectures/", "tests/test_perturbed"))):
        if scope.startswith(prefixes):
            return i
    return 3


def pytest_xdist_make_scheduler(config, log):
    """xdist's load-scope scheduling, with the groups of scope_of, handed out longest first (see rank).
    (xdist's own loadgroup cannot be used: it renames node ids, which pytest 9 no longer lets it do;
    and its scope scheduling starts with the groups of most tests, which are not the longest here.)"""
    from xdist.scheduler import LoadScopeScheduling

    class CourseScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

        def _assign_work_unit(self, node):
            if not getattr(self, "_ranked", False):  # once, before the first group is handed out
                ordered = sorted(self.workqueue.items(), key=lambda item: rank(item[0]))  # stable
                self.workqueue.clear()
                self.workqueue.update(ordered)
                self._ranked = True
            super()._assign_work_unit(node)
    return CourseScheduling(config, log)


@pytest.fixture(scope="session")
def term(tmp_path_factory):
    """slug -> that unit's Term, graded on first use (see tests/term.py)."""
    terms: dict[str, Term] = {}

    def get(slug: str) -> Term:
        if slug not in terms:
            t = terms[slug] = build_term(slug, tmp_path_factory.mktemp(f"term_{slug}"))
            REPORT.setdefault("terms", {})[slug] = t.seconds
            REPORT.setdefault("scores", {})[slug] = {
                student: "not graded" if all(v is None for v in s.values()) else f"{sum(v or 0 for v in s.values()):g}"
                for student, s in t.graded.scores.items()}
            visible, points = visible_tests(slug), graded_cells(slug)
            missed = [m["name"] for m in mutants(slug)
                      if not any(t.planted[m["name"]].scores.get(v, 0) < points[v] for v in visible)]
            REPORT.setdefault("visible", {})[slug] = [len(mutants(slug)), missed]
        return terms[slug]
    return get


# What the course tests report at the end of the run: each term's time by step. xdist workers send
# theirs to the controller, which prints them.
REPORT: dict = {}


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):  # an xdist worker
        session.config.workeroutput["course_report"] = json.dumps(REPORT)


def pytest_testnodedown(node, error):
    worker = json.loads(getattr(node, "workeroutput", {}).get("course_report", "{}"))
    for key, value in worker.items():
        REPORT.setdefault(key, {}).update(value)


def pytest_terminal_summary(terminalreporter):
    scores = REPORT.get("scores")
    if scores:  # grading/README.md's table of hostile submissions takes its numbers from here
        units = sorted(scores)
        students = sorted({s for u in units for s in scores[u]}, key=lambda s: (s.startswith("hostile"), s))
        terminalreporter.write_sep("-", "nbgrader's scores in the units' terms (points)")
        terminalreporter.write_line(f"{'submission':<36}" + "".join(f"{u:>15}" for u in units))
        for student in students:
            terminalreporter.write_line(f"{student:<36}" + "".join(f"{scores[u].get(student, '—'):>15}" for u in units))
    visible = REPORT.get("visible")
    if visible:
        terminalreporter.write_sep("-", "planted mistakes that fail a visible test (the student's own feedback)")
        for slug, (total, missed) in sorted(visible.items()):
            terminalreporter.write_line(f"{slug:<22} {total - len(missed):>3}/{total:<3} {(total - len(missed)) / total:>5.0%}"
                                        + (f"   caught by hidden tests only: {', '.join(missed)}" if missed else ""))
    terms = REPORT.get("terms")
    if terms:
        steps = sorted({k for t in terms.values() for k in t})
        terminalreporter.write_sep("-", "units' terms, seconds by step (tests/term.py)")
        terminalreporter.write_line(f"{'unit':<22}" + "".join(f"{k:>12}" for k in steps) + f"{'total':>10}")
        for slug, t in sorted(terms.items()):
            terminalreporter.write_line(f"{slug:<22}" + "".join(f"{t.get(k, 0):>12.1f}" for k in steps)
                                        + f"{sum(t.values()):>10.1f}")


class Lab(NamedTuple):
    url: str    # e.g. http://127.0.0.1:43567
    token: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """`make lab` on a free port with a known token; the process group is killed at the end of the session."""
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(8)
    # The server must leave the course and your own JupyterLab as they were: its layout and
    # settings go to this temporary folder, not to ~/.jupyter/lab, and so do the checkpoints
    # that JupyterLab makes of every notebook it opens (not .ipynb_checkpoints/ beside them).
    env = dict(os.environ, JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"))
    args = (f"--IdentityProvider.token={token} --ServerApp.ip=127.0.0.1 "
            f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}")
    # No "Would you like to get notified about official Jupyter news?" pop-up over the screenshots.
    news = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')
    log_path = tmp / "lab.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}", f"LAB_ARGS={args}"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, log_path.read_text()
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s:\n" + log_path.read_text())
        yield Lab(url, token)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make and jupyter lab, which shuts its kernels down
        proc.wait()
        # make stops at once, jupyter lab seconds later (or, rarely, never): wait for the whole group.
        for _ in range(40):
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.5)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
