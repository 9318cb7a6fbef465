"""The student copy: what students get, unit by unit, without ever overwriting their work.

    make publish UNITS=01-02 STUDENT_DIR=../rnn-course-student    # the term's command (grading/publish.py)
    make student UNITS=01-04 STUDENT_DIR=build/student            # the copy alone, nothing else published

A copy holds the lectures and exercises of the units released so far (a later unit's given code
shows an earlier unit's answers, so unit N+1 is released only after unit N is due), rnnkit and its
tests, and the student's README, Makefile and configuration; never solutions/, hidden tests or
the instructor's tooling. It records what it published, file by file, in `.course-release.json`.

Updating a copy adds what is new and refreshes what the student has not touched; a file the
student changed (an exercise they are working on, a lecture they annotated) is left alone and
reported. A folder that is not empty and is not a student copy is refused.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

from .course import ROOT, all_units, lecture_path
from .preflight import InstructorError

MANIFEST = ".course-release.json"
SHARED = ["pyproject.toml", "environment.yml", "LICENSE", "common.mk"]
RENAMED = {"student/Makefile": "Makefile", "student/README.md": "README.md", "student/gitignore": ".gitignore",
           "student/nbgrader_config.py": "nbgrader_config.py"}
SKIP = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache"}


def parse_units(text: str) -> list[str]:
    """'01-03', '01,02', '01' or '01_unfolding' -> the units' slugs, in order."""
    slugs = all_units()
    by_number = {s[:2]: s for s in slugs}

    def one(token: str) -> str:
        token = token.strip()
        slug = by_number.get(token[:2]) if token[:2].isdigit() else None
        if slug is None or (len(token) > 2 and token != slug):
            raise SystemExit(f"UNITS: no unit {token!r}; the units are {', '.join(slugs)}")
        return slug

    chosen = []
    for part in text.split(","):
        if "-" in part:
            first, last = (slugs.index(one(t)) for t in part.split("-", 1))
            chosen += slugs[first:last + 1]
        elif part.strip():
            chosen.append(one(part))
    return [s for s in slugs if s in chosen]


def _files(folder: Path, prefix: str) -> dict[str, Path]:
    return {f"{prefix}/{p.relative_to(folder)}": p for p in sorted(folder.rglob("*"))
            if p.is_file() and not SKIP & set(p.relative_to(folder).parts) and p.suffix != ".pyc"}


def release(units: list[str]) -> dict[str, bytes]:
    """path in the copy -> its content, for a copy holding `units`."""
    files: dict[str, Path] = {}
    for slug in units:
        if lecture_path(slug).exists():
            files[f"lectures/{slug}.ipynb"] = lecture_path(slug)
        files.update(_files(ROOT / "exercises" / slug, f"exercises/{slug}"))
    files.update(_files(ROOT / "rnnkit", "rnnkit"))
    files.update(_files(ROOT / "tests" / "unit", "tests/unit"))
    files.update({name: ROOT / name for name in SHARED})
    files.update({dest: ROOT / src for src, dest in RENAMED.items() if (ROOT / src).exists()})
    return {path: source.read_bytes() for path, source in files.items()}


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refuse_foreign(dest: Path) -> None:
    """Stop unless `dest` is empty, absent, or a student copy (which an update may change)."""
    if not (dest / MANIFEST).exists() and dest.exists() and any(dest.iterdir()):
        raise InstructorError(f"{dest} is not empty and is not a student copy (it has no {MANIFEST}): "
                              "choose an empty folder for a new copy")


def copy_units(dest: Path) -> list[str]:
    """The units a student copy holds ([] for a new one)."""
    return json.loads((dest / MANIFEST).read_text())["units"] if (dest / MANIFEST).exists() else []


def report_lines(dest: Path, before: list[str], units: list[str], report: dict[str, list[str]]) -> list[str]:
    """What publish() did, for the person who ran it."""
    lines = [f"student copy in {dest}: units {', '.join(sorted(set(before) | set(units)))}; lectures and exercises "
             "of these units only (publish the next unit after this one's deadline)"]
    for what, paths in report.items():
        if paths:
            label = {"added": "added", "updated": "updated", "kept": "left alone (changed in the copy)",
                     "removed": "removed (no longer part of the course, unchanged in the copy)"}[what]
            lines.append(f"  {label}: {len(paths)} file(s)" + (f": {', '.join(paths)}" if what != "added" or
                                                               len(paths) < 8 else ""))
    if set(before) - set(units):
        lines.append(f"  units published before stay: {', '.join(sorted(set(before) - set(units)))}")
    return lines


def publish(dest: Path, units: list[str]) -> dict[str, list[str]]:
    """Build or update the student copy in `dest` for `units`; returns what happened to each file:
    {"added": [...], "updated": [...], "kept": [...], "removed": [...]} ("kept": changed by the student, left
    alone; "removed": published before, no longer shipped, and unchanged in the copy)."""
    refuse_foreign(dest)
    manifest_path = dest / MANIFEST
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {"units": [], "files": {}}
    published = manifest["files"]
    units = [u for u in all_units() if u in set(manifest["units"]) | set(units)]  # published units stay
    report: dict[str, list[str]] = {"added": [], "updated": [], "kept": [], "removed": []}
    shipped = release(units)
    for path in sorted(set(published) - set(shipped)):  # the course no longer ships it (a module moved, say)
        target = dest / path
        if target.exists() and _digest(target.read_bytes()) != published[path]:
            report["kept"].append(path)  # changed in the copy: the student's now
            continue
        target.unlink(missing_ok=True)
        del published[path]
        report["removed"].append(path)
    for path, data in shipped.items():
        target = dest / path
        new = _digest(data)
        if not target.exists():
            report["added"].append(path)
        else:
            current = _digest(target.read_bytes())
            if current == new:
                published[path] = new
                continue
            if current != published.get(path):  # the student's own version: never overwritten
                report["kept"].append(path)
                continue
            report["updated"].append(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        published[path] = new
    manifest["units"] = units
    manifest_path.parent.mkdir(parents=True, exist_ok=True)
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", required=True, help="the units released so far: 01-03, 01,02 or 01_unfolding")
    parser.add_argument("dest", type=Path, help="the student copy's folder (new, or a copy made by this command)")
    args = parser.parse_args(argv)
    units = parse_units(args.units)
    before = copy_units(args.dest)
    try:
        report = publish(args.dest, units)
    except InstructorError as err:
        print(f"make student: {err}.", file=sys.stderr)
        return 1
    print("\n".join(report_lines(args.dest, before, units, report)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
