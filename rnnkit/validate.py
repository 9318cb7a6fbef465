"""Check exercise notebooks before handing them in: which visible tests fail, and why.

    python -m rnnkit.validate exercises/                    # every exercise
    python -m rnnkit.validate exercises/01_unfolding/01_unfolding.ipynb

Runs each notebook in a fresh kernel, like nbgrader's Validate button, and prints
one line per failing test cell with the last line of its error. Exits with 1 if
any test fails or a test cell was edited (`nbgrader validate` itself always exits 0).
Only the visible tests run: the hidden tests are added when your work is graded.
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


def validate(path: Path) -> dict:
    """nbgrader's validation of one notebook, by test cell.

    Returns:
        dict with "tests" (number of graded test cells), "failed" (list of
        (grade_id, last error line)) and "changed" (grade_ids of edited test cells).
    """
    from nbgrader.validator import Validator

    cells = json.loads(path.read_text())["cells"]
    ids = {"".join(c["source"]).strip(): c["metadata"].get("nbgrader", {}).get("grade_id", "?") for c in cells}
    n_tests = sum(1 for c in cells if c["metadata"].get("nbgrader", {}).get("grade") and c["cell_type"] == "code")
    results = Validator().validate(str(path.resolve()))
    failed = []
    for item in results.get("failed", []):
        text = re.sub(r"\x1b\[[0-9;]*m", "", item.get("raw_error", ""))  # drop terminal colours
        lines = [line for line in text.strip().splitlines() if line.strip()]
        failed.append((ids.get(item["source"], "?"), lines[-1].strip().rstrip(":") if lines else "failed"))
    changed = [ids.get(item["source"], "?") for item in results.get("changed", [])]
    changed += [ids.get(item["source"], "?") for item in results.get("type_changed", [])]
    return {"tests": n_tests, "failed": failed, "changed": changed}


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
            print(f"{path}: {len(result['failed'])} of {result['tests']} test cells fail")
            for grade_id, error in result["failed"]:
                print(f"    {grade_id}: {error}")
        else:
            print(f"{path}: all {result['tests']} test cells pass (the hidden tests run only when it is graded)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
