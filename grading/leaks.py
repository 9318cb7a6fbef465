"""Where a graded answer could be copied from: lectures and given code that compute it the same way.

The course's policy (README, "Writing or editing a notebook"): what a student gets with unit N, its
lecture and its exercise's given (read-only) code, may hold the answers of earlier units, which are
due by then, but never an answer of unit N or later. A lecture may state an answer's equations and
check them numerically, in another form (numpy for a torch exercise, one vector for a batch, a
formula per gate for a fused step), not as code that a student could paste into the graded answer.

Code is compared as normalised statements: variable names become `ID` (module names such as
`torch` and `np`, and attribute names, stay), keyword arguments become positional, the terms of a
sum or a product are put in a fixed order, `a, b = x, y` becomes two statements, `return e` and
`v = e` are the same, and `[e for g in gs]` counts as `e`. Statements without operations (imports,
`xs = []`, `return h, c`, `pass`) are left out, and those inside functions, loops and branches are
read in order. An answer is **held** by some code if that code has, in a row:

- `MIN_OPS` or more operations' worth of the answer's consecutive statements (an operation is an
  arithmetic operator or a call of a library function or method), or
- every statement of the answer (an answer of one or two lines, such as a single `torch.clamp`).

    held(answer_statements("03_long_term")["clip_by_value"], code_statements(cell_code))   # [] or the lines
"""
from __future__ import annotations

import ast
import copy
import re

from .course import meta, read_nb, solution_path, source

MIN_OPS = 4
LIBRARIES = {"torch", "np", "numpy", "F", "nn", "math"}
SOLUTION = re.compile(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", re.S)


class _Normalise(ast.NodeTransformer):
    def visit_Name(self, node: ast.Name) -> ast.Name:
        return node if node.id in LIBRARIES else ast.Name(id="ID", ctx=node.ctx)

    def visit_arg(self, node: ast.arg) -> ast.arg:
        node.arg, node.annotation = "ID", None
        return node

    def visit_Call(self, node: ast.Call) -> ast.Call:
        self.generic_visit(node)
        node.args = node.args + [k.value for k in node.keywords if k.arg]
        node.keywords = [k for k in node.keywords if not k.arg]
        return node

    def visit_ListComp(self, node: ast.ListComp) -> ast.expr:
        self.generic_visit(node)
        return node.elt if len(node.generators) == 1 else node

    def visit_BinOp(self, node: ast.BinOp) -> ast.expr:
        self.generic_visit(node)
        if not isinstance(node.op, (ast.Add, ast.Mult)):
            return node
        terms = sorted(_terms(node, type(node.op)), key=ast.unparse)
        out = terms[0]
        for term in terms[1:]:
            out = ast.BinOp(out, type(node.op)(), term)
        return out


def _terms(node: ast.expr, op: type) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, op):
        return _terms(node.left, op) + _terms(node.right, op)
    return [node]


def _operations(node: ast.AST) -> int:
    """Arithmetic operators and calls of library functions or methods (not of the notebook's own functions)."""
    count = 0
    for n in ast.walk(node):
        if isinstance(n, (ast.BinOp, ast.UnaryOp)):
            count += 1
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            count += 1
    return count


def _simple_statements(body: list[ast.stmt]) -> list[ast.stmt]:
    out = []
    for stmt in body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            out += _simple_statements(stmt.body)
        elif isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith, ast.Try)):
            if not isinstance(stmt, ast.Try):
                header = copy.copy(stmt)
                header.body, header.orelse = [ast.Pass()], []
                out.append(header)
            for field in ("body", "orelse", "finalbody"):
                out += _simple_statements(getattr(stmt, field, []) or [])
            for handler in getattr(stmt, "handlers", []):
                out += _simple_statements(handler.body)
        elif (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Tuple)
              and isinstance(stmt.value, ast.Tuple) and len(stmt.targets[0].elts) == len(stmt.value.elts)):
            out += [ast.Assign(targets=[t], value=v, lineno=stmt.lineno) for t, v in zip(stmt.targets[0].elts,
                                                                                         stmt.value.elts)]
        elif isinstance(stmt, ast.Return) and stmt.value is not None:
            as_assignment = ast.Assign(targets=[ast.Name(id="ID", ctx=ast.Store())], value=stmt.value,
                                       lineno=stmt.lineno)
            as_assignment.written = ast.unparse(stmt)
            out.append(as_assignment)
        else:
            out.append(stmt)
    return out


def statements(code: str) -> list[tuple[str, int, str]]:
    """The statements of `code` that do something: (normalised form, operations, as written)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    found = []
    for stmt in _simple_statements(tree.body):
        ops = _operations(stmt)
        if not ops:
            continue
        written = getattr(stmt, "written", None) or ast.unparse(stmt).splitlines()[0]
        normalised = ast.unparse(_Normalise().visit(ast.parse(ast.unparse(stmt)).body[0]))
        found.append((normalised, ops, written))
    return found


def _dedented(block: str) -> str:
    lines = [line for line in block.splitlines() if line.strip()]
    indent = min((len(line) - len(line.lstrip()) for line in lines), default=0)
    return "\n".join(line[indent:] for line in block.splitlines())


def answer_statements(slug: str) -> dict[str, list[tuple[str, int, str]]]:
    """answer grade_id -> the statements written between BEGIN and END SOLUTION in that cell."""
    return {meta(c)["grade_id"]: [s for block in SOLUTION.findall(source(c)) for s in statements(_dedented(block))]
            for c in read_nb(solution_path(slug))["cells"] if meta(c).get("solution") and c["cell_type"] == "code"}


def code_statements(code: str) -> list[tuple[str, int, str]]:
    """statements() of a cell's code, without IPython's magics and shell lines."""
    return statements("\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!"))))


def held(answer: list[tuple[str, int, str]], code: list[tuple[str, int, str]]) -> list[str]:
    """The answer's statements (as written) that `code` holds in a row, by the rule of the module's docstring."""
    theirs = [s for s, _, _ in code]
    longest: list[str] = []
    for i in range(len(answer)):
        for j in range(len(theirs)):
            n = 0
            while i + n < len(answer) and j + n < len(theirs) and answer[i + n][0] == theirs[j + n]:
                n += 1
            ops = sum(o for _, o, _ in answer[i:i + n])
            if n and (ops >= MIN_OPS or n == len(answer)) and n > len(longest):
                longest = [w for _, _, w in answer[i:i + n]]
    return longest


def answers_held(cells: dict[str, str], units: list[str]) -> list[str]:
    """One line for each graded answer of `units` that some of the code cells (where -> code) hold."""
    answers = {unit: answer_statements(unit) for unit in units}
    found = []
    for where, code in cells.items():
        theirs = code_statements(code)
        for unit, unit_answers in answers.items():
            for answer, stmts in unit_answers.items():
                lines = held(stmts, theirs)
                if lines:
                    found.append(f"{where} holds {unit}'s answer {answer}: {' | '.join(lines)}")
    return found
