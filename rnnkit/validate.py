"""Check exercise notebooks before handing them in: which visible tests fail, and why.

    python -m rnnkit.validate exercises/                    # every exercise
    python -m rnnkit.validate exercises/01_unfolding/01_unfolding.ipynb

Runs each notebook in a fresh kernel, like nbgrader's Validate button, and prints
one line per failing test cell with its whole message. Exits with 1 if any test fails or a test cell was edited (`nbgrader
validate` itself always exits 0). Only the visible tests run: the hidden tests are
added when your work is graded (in your copy their cells hold only a comment).
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path


def notebooks(paths: list[str]) -> list[Path]:
    """The .ipynb files named by `paths` (folders are searched recursively)."""
    found = []
    for p in map(Path, paths):
        if not p.exists():
            print(f"{p}: no such file or folder")
            continue
        found += sorted(q for q in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in q.parts) if p.is_dir() else [p]
    return found


def visible(source: str) -> bool:
    """Whether a test cell holds a test you can run (a hidden test's cell holds only a comment)."""
    return any(line.strip() and not line.lstrip().startswith("#") for line in source.splitlines())


def validate(path: Path) -> dict:
    """nbgrader's validation of one notebook, by test cell.

    Returns:
        dict with "tests" (number of visible test cells), "failed" (list of
        (grade_id, last error line)) and "changed" (grade_ids of edited test cells).
    """
    from nbgrader.validator import Validator
    from traitlets.config import Config

    cells = json.loads(path.read_text())["cells"]
    ids = {"".join(c["source"]).strip(): c["metadata"].get("nbgrader", {}).get("grade_id", "?") for c in cells}
    n_tests = sum(1 for c in cells if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code"
                  and visible("".join(c["source"])))
    # The kernel stays quiet about its local connection (ipykernel warns about it on every start).
    config = Config({"Execute": {"extra_arguments": ["--IPKernelApp.log_level=ERROR"]}})
    results = Validator(config=config).validate(str(path.resolve()))
    failed = []
    for item in results.get("failed", []):
        text = re.sub(r"\x1b\[[0-9;]*m", "", item.get("raw_error", ""))  # drop terminal colours
        lines = [line for line in text.strip().splitlines() if line.strip()]
        failed.append((ids.get(item["source"], "?"), lines[-1].strip().rstrip(":") if lines else "failed"))
    changed = [ids.get(item["source"], "?") for item in results.get("changed", [])]
    changed += [ids.get(item["source"], "?") for item in results.get("type_changed", [])]
    return {"tests": n_tests, "failed": failed, "changed": changed}


def wrap_nbgrader_validate() -> None:
    """Make `nbgrader validate` wrap long lines instead of cutting them (nbgrader_config.py calls this).

    nbgrader 0.9 prints a failing cell's code and error with every line cut at `Validator.width`
    characters, so a test's message arrived cut short ("... has sha..."). Wrapped at that width,
    with continuation lines indented, the message shows whole on an 80-column terminal.
    """
    import textwrap

    from nbconvert.filters import strip_ansi
    from nbgrader.validator import Validator

    def wrapped(self, val: str) -> str:
        lines = []
        for line in strip_ansi(val).split("\n"):
            lead = line[:len(line) - len(line.lstrip())]  # a code line's continuation goes 4 columns further in
            lines += textwrap.wrap(line.lstrip(), self.width, initial_indent=self.indent + lead,
                                   subsequent_indent=self.indent + lead + "    ", break_on_hyphens=False) or [""]
        return "\n".join(lines)

    Validator._indent = wrapped


def main(argv: list[str]) -> int:
    paths = notebooks(argv or ["exercises"])
    if not paths:
        print("no notebooks found in", " ".join(argv or ["exercises"]))
        return 1
    ok = True
    for path in paths:
        result = validate(path)
        if result["changed"]:
            ok = False
            print(f"{path}: test cells were edited ({', '.join(result['changed'])}); they are restored when "
                  "graded, so what passes here may not pass then. Undo the edits.")
        elif result["failed"]:
            ok = False
            print(f"{path}: {len(result['failed'])} of {result['tests']} visible tests fail")
            for grade_id, error in result["failed"]:
                print(f"    {grade_id}: {error}")
        else:
            print(f"{path}: all {result['tests']} visible tests pass (the hidden tests run only when it is graded)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
