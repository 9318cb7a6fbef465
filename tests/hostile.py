"""Hostile and broken submissions, built for any assignment from its own notebooks.

Each case takes the solution (every answer right) and breaks one *target* answer: the
last answer cell that defines a single function of its own name. `expect` says what
grading must give it:

- "stub": exactly the score of the same notebook with the target left as released
  (`raise NotImplementedError`), test cell by test cell: no point gained by the trick,
  none lost elsewhere by the damage it does;
- "wrong": exactly the score of the same wrong answer (every float it returns plus 1)
  submitted with nothing else done: the trick around it gains nothing;
- "full": the solution's full marks (the trick is harmless);
- "dtype": the visible test of the target fails, and every test cell scores either what the
  solution or what the stub gets (a test that checks only values converted to float64 may pass);
- "crash": no score from nbgrader, and the grading step reports it and writes a feedback
  page that says so;
- "zero": no point at all (a test of a property that an answer doing nothing also has, such as
  leaving its inputs unchanged, must first require a correct result).

tests/test_grading.py grades every case in the same batch as the solution, the
untouched release and the planted mistakes. README.md's table lists the cases.
"""
from __future__ import annotations

import ast
import copy
import re
from dataclasses import dataclass
from typing import Callable

from grading.course import exercise_path, meta, read_nb, solution_code, source, submission

# Code appended to an answer cell to change what its function returns, array by array
# (numpy arrays, torch tensors and Python floats, inside tuples, lists and dicts).
WRAP = '''

def _hostile_map(out, f):
    if isinstance(out, (tuple, list)):
        return type(out)(_hostile_map(o, f) for o in out)
    if isinstance(out, dict):
        return {{k: _hostile_map(v, f) for k, v in out.items()}}
    return f(out)


def _hostile_floating(a):
    if isinstance(a, float):
        return True
    if hasattr(a, "is_floating_point"):
        return a.is_floating_point()
    return getattr(getattr(a, "dtype", None), "kind", "") == "f"


_hostile_answer = {name}


def {name}(*args, **kwargs):
    return _hostile_map(_hostile_answer(*args, **kwargs), lambda a: ({change}) if _hostile_floating(a) else a)
'''

# An object that claims to equal everything, with the shape and dtype of the right answer.
ALWAYS_EQUAL = '''

class _AlwaysEqual:
    def __init__(self, like):
        self.shape, self.dtype, self.device, self.ndim = like.shape, like.dtype, getattr(like, "device", None), like.ndim

    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    def __array__(self, dtype=None, copy=None):
        raise TypeError("I am not an array")

    def __getattr__(self, name):
        return lambda *a, **k: self

    def __float__(self):
        return 0.0

    __abs__ = __sub__ = __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __truediv__ = __getitem__ = lambda self, *a: self
'''

# A student who copies the instructor's solution, or reads the hidden tests, from the files
# next to their notebook at grading time; with nothing there, the answer stays unwritten.
READS_DISK = '''
import glob as _glob
import json as _json
import os as _os

for _path in _glob.glob("../../../solutions/*/*.ipynb") + _glob.glob("../../../**/solutions/*/*.ipynb", recursive=True):
    for _cell in _json.load(open(_path))["cells"]:
        if _cell.get("metadata", {{}}).get("nbgrader", {{}}).get("grade_id") == "{gid}":
            exec("".join(_cell["source"]))
if _os.path.exists("../../../gradebook.db"):
    import sqlite3 as _sqlite3
    _hidden = _sqlite3.connect("../../../gradebook.db").execute("select source from source_cell").fetchall()
'''

TAMPER_NUMPY_TORCH = '''
import numpy as np
import torch
np.allclose = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.array_equal = lambda *a, **k: True
torch.allclose = lambda *a, **k: True
torch.testing.assert_close = lambda *a, **k: None
'''

TAMPER_RNNKIT = '''
import rnnkit.checks
for _name in ("assert_close", "assert_shape"):
    try:
        setattr(rnnkit.checks, _name, lambda *a, **k: None)
    except Exception as _err:
        print("refused:", _err)
assert_close = assert_shape = lambda *a, **k: None
'''


def target(slug: str) -> str:
    """The grade_id of the answer cell the cases break: the last that defines one function, named as the cell."""
    for gid, code in reversed(list(solution_code(slug).items())):
        if re.findall(r"^(?:def|class) (\w+)", code, re.M) == [gid]:
            return gid
    raise ValueError(f"{slug}: no answer cell defines a single function named after its grade_id")


def _with(slug: str, code: str | None = None, cells=None) -> dict:
    """The solution with the target's code replaced (None: the released stub) and `cells` applied to the cell list."""
    gid = target(slug)
    answers = solution_code(slug)
    if code is None:
        answers.pop(gid)
        stub = next(source(c) for c in read_nb(exercise_path(slug))["cells"] if meta(c).get("grade_id") == gid)
        answers[gid] = stub
    else:
        answers[gid] = code
    nb = submission(slug, answers)
    if cells is not None:
        nb["cells"] = cells(nb["cells"])
    return nb


def released_answers(slug: str) -> dict[str, str]:
    """grade_id -> the answer cell as released (`raise NotImplementedError()` where the solution goes)."""
    return {meta(c)["grade_id"]: source(c) for c in read_nb(exercise_path(slug))["cells"]
            if meta(c).get("solution") and c["cell_type"] == "code"}


def doing_nothing(code: str, returns: str) -> str:
    """A released answer cell with each `raise NotImplementedError()` replaced by a return: of None
    (returns="none"), or of the function's first argument (returns="first"; None in __init__)."""
    tree = ast.parse(code)
    lines = code.splitlines()
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        params = [a.arg for a in fn.args.posonlyargs + fn.args.args if a.arg not in ("self", "cls")]
        value = params[0] if returns == "first" and params and fn.name != "__init__" else "None"
        for node in ast.walk(fn):
            if isinstance(node, ast.Raise) and "NotImplementedError" in ast.unparse(node):
                line = lines[node.lineno - 1]
                lines[node.lineno - 1] = line[:len(line) - len(line.lstrip())] + f"return {value}"
    return "\n".join(lines) + "\n"


def _doing_nothing(slug: str, returns: str) -> dict:
    return submission(slug, {gid: doing_nothing(code, returns) for gid, code in released_answers(slug).items()})


def _edit_visible(slug: str, edit) -> callable:
    """A cell-list transformation that applies `edit(cells, index)` to the target's visible test cell."""
    gid = target(slug)

    def apply(cells):
        cells = copy.deepcopy(cells)
        index = next(i for i, c in enumerate(cells) if meta(c).get("grade_id") == f"test_{gid}_visible")
        edit(cells, index)
        return cells
    return apply


def _wrong(slug: str) -> str:
    """The target's solution with every float it returns increased by 1: a wrong answer of the right shape and dtype."""
    return _wrap(slug, "a + 1")


def _huge_outputs(nb: dict) -> dict:
    """The notebook with 20 MB of stored output in its first answer cell (a print left in a loop)."""
    cell = next(c for c in nb["cells"] if meta(c).get("solution") and c["cell_type"] == "code")
    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["0.123456789 " * 100 + "\n"] * 16_000}]
    return nb


WRONG_DTYPE = ("(a.double() if a.dtype == torch.float32 else a.float()) if hasattr(a, 'is_floating_point') "
               "else a.astype('float32' if a.dtype == 'float64' else 'float64') if hasattr(a, 'astype') else a")


def _set_meta(cells, i, **changes):
    cells[i]["metadata"]["nbgrader"].update(changes)


@dataclass(frozen=True)
class Case:
    name: str
    what: str      # one line for README's table
    expect: str    # "stub", "wrong", "full", "dtype" or "crash" (see the module's docstring)
    every: bool    # built for every assignment (it attacks the checks), or for the first only (the pipeline)
    build: Callable[[str], dict]  # slug -> the submitted notebook


def _target_code(slug: str) -> str:
    return solution_code(slug)[target(slug)]


def _wrap(slug: str, change: str, extra: str = "") -> str:
    return _target_code(slug) + extra + WRAP.format(name=target(slug), change=change)


# The cases that attack the checks (rebinding them, NaN, wrong dtypes, objects equal to anything)
# depend on each assignment's tests, and are graded for every assignment. The cases that attack
# nbgrader's pipeline and the grading step (errors, an infinite loop, a dead kernel, edited or moved
# test cells, files read from disk, huge data) do not, and are graded for the first assignment only:
# the infinite loop alone costs nbgrader's whole cell timeout (60 s).
CASES = [
    Case("syntax_error", "a syntax error in an answer", "stub", False,
         lambda s: _with(s, _target_code(s).replace(f"def {target(s)}(", f"def {target(s)}((", 1))),
    Case("raises", "an answer that raises when called", "stub", False,
         lambda s: _with(s, _target_code(s) + f"\n\ndef {target(s)}(*args, **kwargs):\n"
                            "    raise IndexError('index 3 is out of bounds')\n")),
    Case("infinite_loop", "an infinite loop in an answer cell (interrupted at the cell timeout)", "stub", False,
         lambda s: _with(s, "while True:\n    pass\n\n" + _target_code(s))),
    Case("kernel_crash", "the kernel dies (`os._exit`) in an answer cell", "crash", False,
         lambda s: _with(s, _target_code(s) + "\n\nimport os\nos._exit(1)\n")),
    Case("test_cell_edited", "a wrong answer, its visible test cell emptied", "wrong", False,
         lambda s: _with(s, _wrong(s), _edit_visible(s, lambda cells, i: cells[i].update(source="pass  # tests?\n")))),
    Case("test_cell_metadata_edited", "a wrong answer, its test cell's points set to 100 and its lock removed",
         "wrong", False,
         lambda s: _with(s, _wrong(s), _edit_visible(s, lambda cells, i: _set_meta(cells, i, points=100, locked=False)))),
    Case("test_cell_deleted", "a wrong answer, its visible test cell deleted (reported: a test cell without score)",
         "wrong", False, lambda s: _with(s, _wrong(s), _edit_visible(s, lambda cells, i: cells.pop(i)))),
    Case("test_cell_moved", "a wrong answer, its visible test cell moved to the top", "wrong", False,
         lambda s: _with(s, _wrong(s), _edit_visible(s, lambda cells, i: cells.insert(0, cells.pop(i))))),
    Case("reads_solutions", "an answer copied at grading time from `../../../solutions` (and the gradebook)",
         "stub", False, lambda s: _with(s, "# YOUR CODE HERE\n" + READS_DISK.format(gid=target(s)))),
    Case("huge_allocation", "an answer that allocates 8 TiB (MemoryError)", "stub", False,
         lambda s: _with(s, _target_code(s) + f"\n\n_hostile_answer = {target(s)}\n\n\ndef {target(s)}(*args, **kwargs):\n"
                            "    import numpy\n    numpy.ones(2 ** 40)\n    return _hostile_answer(*args, **kwargs)\n")),
    Case("huge_outputs", "the solution, submitted with 20 MB of stored output", "full",
         False, lambda s: _huge_outputs(submission(s))),
    Case("rebinds_allclose", "a wrong answer that rebinds `np.allclose`, `torch.allclose` and their testing asserts",
         "wrong", True, lambda s: _with(s, _wrong(s) + TAMPER_NUMPY_TORCH)),
    Case("rebinds_rnnkit_checks", "a wrong answer that rebinds rnnkit's checks (in the module and the notebook)",
         "wrong", True, lambda s: _with(s, _wrong(s) + TAMPER_RNNKIT)),
    Case("always_equal", "an answer returning objects that equal anything", "stub", True,
         lambda s: _with(s, _wrap(s, "_AlwaysEqual(a) if hasattr(a, 'shape') else a", ALWAYS_EQUAL))),
    Case("nan", "an answer that returns NaN", "stub", True, lambda s: _with(s, _wrap(s, "a * float('nan')"))),
    Case("wrong_dtype", "an answer that returns float32 for float64 (numpy) or float64 for float32 (torch)", "dtype",
         True, lambda s: _with(s, _wrap(s, WRONG_DTYPE, "\n\nimport torch\n"))),
    Case("returns_none", "every answer does nothing: `return None` where the code goes", "zero", True,
         lambda s: _doing_nothing(s, "none")),
    Case("returns_first_argument", "every answer returns its first argument, unchanged", "zero", True,
         lambda s: _doing_nothing(s, "first")),
]


def cases(slug: str, first: bool) -> list[Case]:
    """The cases graded for assignment `slug`: all of them for the first assignment, the checks' for the others."""
    return [c for c in CASES if c.every or first]


def references(slug: str) -> dict[str, dict]:
    """The reference submissions: "stub", the solution with the target's answer left as released, and
    "wrong", the solution with the target's answer wrong (every float it returns plus 1)."""
    return {"stub": _with(slug), "wrong": _with(slug, _wrong(slug))}
