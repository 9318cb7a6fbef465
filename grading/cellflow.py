"""Which cells of a notebook a changed cell can reach, read from the code (names bound and used).

`grading.planted` changes one answer cell and must run every later cell whose outcome could
change. A later cell is reached if it uses a name the changed cell binds, or a name bound by a
cell that is itself reached. Every other cell behaves as in the unchanged notebook: it can be
left out, unless a cell that runs needs a name it binds (then it runs). A cell left out still
runs its imports, which bind the same modules whatever else changed.

    plan(sources, changed=3, new_code=...)   # ["run", "imports", "skip", ...] for the cells after 3

The analysis errs on the side of running: names are matched, not values, and a name used
anywhere in a cell (inside its functions too) counts as used.
"""
from __future__ import annotations

import ast
import builtins

RUN, IMPORTS, SKIP = "run", "imports", "skip"
_BUILTINS = set(dir(builtins))


def _targets(node: ast.AST) -> set[str]:
    """Names an assignment target binds (x, a.b -> nothing, (x, y), [x, *y], x[i] -> nothing)."""
    if isinstance(node, ast.Name):
        return {node.id}
    if isinstance(node, (ast.Tuple, ast.List)):
        return set().union(*(_targets(e) for e in node.elts)) if node.elts else set()
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    return set()


def _loads(node: ast.AST | None) -> set[str]:
    """Names an expression (or statement) reads at its own level: not the variables of its lambdas and
    comprehensions, nor anything inside a function or class it defines."""
    if node is None:
        return set()
    if isinstance(node, ast.Name):
        return {node.id} if isinstance(node.ctx, ast.Load) else set()
    if isinstance(node, ast.Lambda):
        args = {a.arg for a in ast.walk(node.args) if isinstance(a, ast.arg)}
        return (_loads(node.body) - args) | set().union(*(_loads(d) for d in node.args.defaults + node.args.kw_defaults))
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)):
        local = set().union(*(_targets(g.target) for g in node.generators))
        inner = set().union(*(_loads(g.iter) | set().union(*map(_loads, g.ifs)) for g in node.generators))
        parts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        return (inner | set().union(*map(_loads, parts))) - local | _loads(node.generators[0].iter)
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return set()
    return set().union(*(_loads(c) for c in ast.iter_child_nodes(node)))


def _globals_of(code: str) -> set[str]:
    """The module-level names a function or class definition's code reads when it runs (its body's
    free names, from Python's own symbol tables), and those its decorators and defaults read."""
    import symtable

    def walk(table) -> set[str]:
        found = {s.get_name() for s in table.get_symbols() if s.is_referenced() and s.is_global()}
        return found.union(*(walk(child) for child in table.get_children()))

    top = symtable.symtable(code, "<cell>", "exec")
    return {s.get_name() for s in top.get_symbols() if s.is_referenced()}.union(
        *(walk(child) for child in top.get_children()))


class Cell:
    """What one cell's code binds, imports, and needs from earlier cells."""

    def __init__(self, code: str):
        self.binds, self.imports, self.needs = set(), set(), set()
        self.import_code = ""
        try:
            tree = ast.parse(code)
        except SyntaxError:  # IPython syntax, or broken code: assume it uses everything
            self.needs = None
            return
        if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names) for n in ast.walk(tree)):
            self.needs = None  # binds names we cannot see: assume it uses everything
            return
        imports = []
        for stmt in tree.body:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                imports.append(ast.get_source_segment(code, stmt))
            self._statement(stmt, code)
        # A function's body runs when it is called, after the cell has bound its names.
        self.needs = (self.needs | self._deferred) - self.binds - self.imports - _BUILTINS
        self.import_code = "\n".join(imports)

    _deferred: set[str]

    def _statement(self, stmt: ast.stmt, code: str) -> None:
        bound = self.binds | self.imports
        if not hasattr(self, "_deferred"):
            self._deferred = set()
        if isinstance(stmt, (ast.Import, ast.ImportFrom)):
            self.imports |= {(a.asname or a.name).split(".")[0] for a in stmt.names}
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self._deferred |= _globals_of(ast.get_source_segment(code, stmt) or "") - {stmt.name}
            for part in stmt.decorator_list + getattr(getattr(stmt, "args", None), "defaults", []) + \
                    getattr(stmt, "bases", []):
                self.needs |= _loads(part) - bound
            self.binds.add(stmt.name)
        elif isinstance(stmt, (ast.For, ast.AsyncFor)):
            self.needs |= _loads(stmt.iter) - bound
            self.binds |= _targets(stmt.target)
            for s in stmt.body + stmt.orelse:
                self._statement(s, code)
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            for item in stmt.items:
                self.needs |= _loads(item.context_expr) - self.binds - self.imports
                self.binds |= _targets(item.optional_vars) if item.optional_vars else set()
            for s in stmt.body:
                self._statement(s, code)
        elif isinstance(stmt, (ast.If, ast.While)):
            self.needs |= _loads(stmt.test) - bound
            for s in stmt.body + stmt.orelse:
                self._statement(s, code)
        elif isinstance(stmt, ast.Try):
            for handler in stmt.handlers:
                self.needs |= _loads(handler.type) - bound
                if handler.name:
                    self.binds.add(handler.name)
            for s in stmt.body + [s for h in stmt.handlers for s in h.body] + stmt.orelse + stmt.finalbody:
                self._statement(s, code)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            self.needs |= _loads(stmt.value) - bound
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            for t in targets:
                self.needs |= _loads(t) - bound  # x[i] = ..., x.a = ... read x
                if isinstance(stmt, ast.AugAssign) and isinstance(t, ast.Name):
                    self.needs |= {t.id} - bound
                self.binds |= _targets(t)
        elif isinstance(stmt, ast.Global):
            self.binds |= set(stmt.names)
        else:
            self.needs |= _loads(stmt) - bound
            if isinstance(stmt, ast.Delete):
                self.binds |= set().union(*(_targets(t) for t in stmt.targets))
        for sub in ast.walk(stmt):  # walrus and `global x` in a function bind at module level
            if isinstance(sub, ast.NamedExpr):
                self.binds |= _targets(sub.target)

    def uses_any(self, names: set[str]) -> bool:
        return self.needs is None or bool(self.needs & names)


def plan(sources: list[str], changed: int, new_code: str) -> list[str]:
    """For every cell after `changed`: RUN, IMPORTS (run only its import statements) or SKIP.

    Args:
        sources: every code cell's source, in order.
        changed: the index of the cell whose code is replaced by `new_code`.
    """
    cells = [Cell(s) for s in sources]
    new = Cell(new_code)
    if any(c.needs is None for c in cells + [new]):
        return [RUN] * (len(sources) - changed - 1)
    # Forward: the names whose values may differ from the unchanged notebook's.
    reached = [False] * len(cells)
    tainted = cells[changed].binds | new.binds | cells[changed].imports | new.imports
    for j in range(changed + 1, len(cells)):
        if cells[j].uses_any(tainted):
            reached[j] = True
            tainted |= cells[j].binds
    # Backward: a cell runs if it is reached, or binds a name that a later running cell needs.
    steps, needed = {}, set()
    for j in range(len(cells) - 1, changed, -1):
        cell = cells[j]
        if reached[j] or cell.needs is None or cell.binds & needed:
            steps[j] = RUN
            needed = (needed - cell.binds - cell.imports) | (cell.needs or set())
        else:
            steps[j] = IMPORTS if cell.import_code else SKIP
    return [steps[j] for j in range(changed + 1, len(cells))]
