"""The course's grading tools on small notebooks of their own: grading.cellflow, grading.planted, grading.report,
grading.feedback."""
import nbformat
import pytest
from traitlets.config import Config

from grading.cellflow import IMPORTS, RUN, SKIP, Cell, plan
from grading.feedback import FeedbackForStudents
from grading.planted import SOLUTION, grade_cells
from grading.report import nbgrader_error


def test_a_cell_needs_what_it_reads_before_binding_it():
    cell = Cell("import numpy as np\nx = np.ones(3) + y\n\ndef f(a):\n    b = a + z\n    return [b * i for i in range(3)]\n"
                "for t in range(3):\n    total = t + w\nlabel = (lambda k: k + 1)(x)\n")
    assert cell.imports == {"np"}
    assert cell.binds == {"x", "f", "t", "total", "label"}
    assert cell.needs == {"y", "z", "w"}  # not a, b, i, t or k: those are the function's, loop's and lambda's own


def test_a_cell_that_cannot_be_read_is_assumed_to_use_everything():
    assert Cell("%timeit f(x)").needs is None
    assert Cell("from numpy import *\ny = x").needs is None


SOURCES = [
    "import math\ndef f(x):\n    return x + 1",                  # 0: the answer that changes
    "assert f(1) == 2",                                              # 1: reads f: runs
    "def g(x):\n    return 2 * x",                                   # 2: another answer
    "import math\nassert g(1) == 2",                                 # 3: does not read f: only its imports
    "y = f(0)",                                                      # 4: reads f, binds y
    "assert y == 1",                                                 # 5: reads y, which f's change reaches
    "scale = 3",                                                     # 6: unreached, but 7 needs it
    "assert g(scale) == 6",                                          # 7: unreached: left out
    "assert f(scale) == 4",                                          # 8: reads f and scale: runs, so 6 runs
]


def test_plan_runs_what_the_change_reaches_and_what_that_needs():
    assert plan(SOURCES, 0, "def f(x):\n    return x - 1") == [RUN, SKIP, IMPORTS, RUN, RUN, RUN, SKIP, RUN]


def cells(sources, points=None):
    """grading.planted's cells: every cell whose source starts with 'assert' or '#test' is a test worth 1 point."""
    return [{"source": s, "grade_id": f"c{i}", "grade": s.startswith(("assert", "#test")), "points": 1.0}
            for i, s in enumerate(sources)]


@pytest.mark.slow
def test_planted_scores_as_nbgrader_does():
    """Does a test cell lose its points for an error or a write to stderr, and score a number it ends with?"""
    sources = ["def f(x):\n    return x + 1", "assert f(1) == 2",
               "#test\nimport sys\nsys.stderr.write('careful')\n", "#test\n0.5", "#test\nimport warnings\n"
               "warnings.warn('deprecated')", "#test\nimport os\nos.write(2, b'low level')", "assert f(2) == 3"]
    out = grade_cells(cells(sources), {"off_by_one": {0: "def f(x):\n    return x"}}, cell_timeout=10)
    solution = out[SOLUTION]
    assert solution.scores == {"c1": 1.0, "c2": 0.0, "c3": 0.5, "c4": 0.0, "c5": 0.0, "c6": 1.0}
    assert "stderr" in solution.failed["c2"] and "low level" in solution.failed["c5"]
    wrong = out["off_by_one"]
    assert wrong.scores == {**solution.scores, "c1": 0.0, "c6": 0.0} and "AssertionError" in wrong.failed["c1"]


@pytest.mark.slow
def test_planted_survives_a_hang_and_a_dying_process():
    """Is a cell that hangs cut at the time limit, and is a variant whose process dies reported, not lost?"""
    sources = ["def f():\n    return 1", "assert f() == 1", "assert True"]
    out = grade_cells(cells(sources), {"hangs": {0: "def f():\n    while True:\n        pass"},
                                       "dies": {0: "import os\nos._exit(3)"}}, cell_timeout=2)
    assert out["hangs"].scores == {"c1": 0.0, "c2": 1.0} and "longer than 2 s" in out["hangs"].failed["c1"]
    assert out["dies"].problem.startswith("the process running it died (exit status 3)")
    assert out[SOLUTION].scores == {"c1": 1.0, "c2": 1.0}


LOG = """[AutogradeApp | INFO] Creating/updating student with ID 'bob': {}
[AutogradeApp | ERROR] Kernel died while waiting for execute reply.
[AutogradeApp | ERROR] There was an error processing assignment: /tmp/x/submitted/bob/01_unfolding
[AutogradeApp | ERROR] Traceback (most recent call last):
      File "nbclient/client.py", line 1009, in async_execute_cell
        raise DeadKernelError("Kernel died") from None
    nbclient.exceptions.DeadKernelError: Kernel died

[AutogradeApp | WARNING] Removing failed assignment: /tmp/x/autograded/bob/01_unfolding
[AutogradeApp | ERROR] There was an error processing assignment '01_unfolding' for student 'bob'
"""


def test_the_report_reads_the_right_students_error_from_the_log():
    assert nbgrader_error(LOG, "bob") == "nbclient.exceptions.DeadKernelError: Kernel died"
    assert nbgrader_error(LOG, "bo") == "" and nbgrader_error(LOG, "alice") == ""
    timeout = LOG.replace("nbclient.exceptions.DeadKernelError: Kernel died",
                          "nbclient.exceptions.CellTimeoutError: A cell timed out\n    The message was: "
                          "Timeout waiting for IOPub output.")
    assert nbgrader_error(timeout, "bob") == ("nbclient.exceptions.CellTimeoutError: A cell timed out "
                                              "(Timeout waiting for IOPub output.)")


def _error(ename: str, evalue: str, *frames: str) -> dict:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue,
                                  traceback=["\x1b[0;31m----\x1b[0m", *frames, f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


def test_feedback_hides_the_hidden_tests_code_and_keeps_every_message_whole():
    message = "rnn_step_forward: looks like the result with h_prev @ W: " + "a long explanation " * 10
    hidden = nbformat.v4.new_code_cell(
        "# Hidden tests compare with nn.RNN.\n### BEGIN HIDDEN TESTS\nsecret = 12345\ncheck(secret)\n"
        "### END HIDDEN TESTS\n", outputs=[_error("GradingError", message, "Cell In[5], line 3\n  check(secret)")])
    visible = nbformat.v4.new_code_cell("assert_close(f(x), 1.0)", outputs=[_error(
        "GradingError", "f: 1 of 1 entries wrong", "Cell In[4], line 1\n----> 1 assert_close(f(x), 1.0)",
        "    [... skipping hidden 1 frame]\n",
        "\x1b[0;32mFile \x1b[0;32m/home/grader/course/rnnkit/checks.py:145\x1b[0m, in fail()\n    raise",
        "File /opt/venv/lib/python3.11/site-packages/numpy/core.py:7, in g()\n    y = 1")])
    stopped = nbformat.v4.new_code_cell("while True: pass", outputs=[_error("CellTimeoutError", "timed out")])
    nb = nbformat.v4.new_notebook(cells=[hidden, visible, stopped])
    config = Config()
    config.Execute.timeout = 30
    nb, _ = FeedbackForStudents(config=config)(nb, {})

    assert "secret" not in nb.cells[0].source and "BEGIN HIDDEN" not in nb.cells[0].source
    assert "# Hidden tests: 2 lines, not shown here" in nb.cells[0].source
    assert nb.cells[0].source.startswith("# Hidden tests compare with nn.RNN.")  # the visible part stays
    assert nb.cells[0].outputs[0].traceback == [f"GradingError: {message}"]  # whole, and no hidden code around it
    frames = nb.cells[1].outputs[0].traceback
    assert frames[1].startswith("Cell In[4]") and frames[-1].endswith("f: 1 of 1 entries wrong")
    assert not any("checks.py" in f or "skipping hidden" in f for f in frames)  # the test's helpers
    assert "File site-packages/numpy/core.py:7" in frames[2]  # no grading machine's folders
    assert nb.cells[2].outputs[0].ename == "TimeoutError" and "time limit of 30 s" in nb.cells[2].outputs[0].evalue


def test_a_kernel_that_never_started_is_the_graders_problem_not_the_students(tmp_path, monkeypatch):
    """A kernel that dies before nbgrader's first request (another process took its port) ran nothing of
    the submission: `make grade` grades it again, and never tells the student it crashed."""
    import os

    from grading.commands import BIN
    from grading.report import CRASH, STARTUP, SUBMISSION_CAUSES, ungraded

    monkeypatch.setenv("PATH", f"{BIN}{os.pathsep}{os.environ['PATH']}")  # nbgrader creates the gradebook with alembic

    log = ("[AutogradeApp | INFO] Creating/updating student with ID 'ann'\n"
           "zmq.error.ZMQError: Address already in use (addr='tcp://127.0.0.1:59357')\n"
           "[AutogradeApp | ERROR] Error occurred while starting new kernel client for kernel 8a90: Kernel died "
           "before replying to kernel_info\n"
           "[AutogradeApp | ERROR] There was an error processing assignment: /tmp/x/submitted/ann/01_unfolding\n"
           "RuntimeError: Kernel died before replying to kernel_info\n")
    why = ungraded(tmp_path, "01_unfolding", ["ann"], {"ann": log})["ann"]
    assert why.startswith(STARTUP) and not why.startswith(CRASH) and not why.startswith(SUBMISSION_CAUSES)
