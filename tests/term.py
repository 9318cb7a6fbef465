"""One unit's term on a throw-away copy of the course: every submission the course tests grade, graded once.

For each unit the course tests need nbgrader's own grading of:
- the lifecycle's three students, who hand in through nbgrader's exchange from their clones of the
  student copy: alice (the solution), bob (the unit's first planted mistake) and carol (the untouched
  release). The instructor's and the students' commands are the READMEs' own (INSTRUCTOR_BLOCK,
  STUDENT_BLOCK), run as written from a course without a gradebook;
- two references: "stub", the solution with the hostile cases' target answer left as released,
  and "wrong", the same answer wrong (every float it returns plus 1);
- the hostile and broken submissions of tests/hostile.py.
They are graded together, in one `make grade` run (parallel nbgrader processes), so that no
submission is autograded twice. The planted mistakes of tests/mutants/ are graded by
`grading.planted` instead (one forking process per notebook), together with the solution and
the two references, so that the two graders can be compared on the same notebooks.

With $COURSE_UNITS set (`make test U=...`), the exchange is skipped: the three students'
notebooks go straight into submitted/, and the lifecycle's own tests are not run.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import hostile
from grading.batch import Graded, grade_submissions, read_scores
from grading.commands import BIN, nbgrader
from grading.course import (ROOT, UNITS_VARIABLE, all_units, course_copy, exercise_path, mutants, mutated, read_nb,
                            submission, write_nb)
from grading.planted import Outcome, grade_variants
from grading.grade import read_logs

LIFECYCLE_STUDENTS = ("alice", "bob", "carol")


def lifecycle_wanted() -> bool:
    """The exchange steps run in the whole suite, not for one unit (`make test U=...` sets $COURSE_UNITS)."""
    return not os.environ.get(UNITS_VARIABLE)


@dataclass
class Term:
    slug: str
    course: Path
    exchange: Path | None           # None when the lifecycle was skipped
    homes: dict[str, Path]          # lifecycle student -> the folder they worked in
    graded: Graded                  # nbgrader's grading of everyone in submitted/
    planted: dict[str, Outcome]     # grading.planted's: "solution", "stub", "wrong" and every mutant by name
    grade_run: subprocess.CompletedProcess | None = None   # the instructor's grading command, in the lifecycle
    seconds: dict[str, float] = field(default_factory=dict)


def lifecycle_work(slug: str) -> dict[str, dict]:
    """What the lifecycle's students hand in."""
    return {"alice": submission(slug), "bob": submission(slug, mutant=mutants(slug)[0]),
            "carol": read_nb(exercise_path(slug))}


def batch(slug: str) -> dict[str, dict]:
    """The submissions put straight into submitted/: the references and the hostile cases."""
    subs = dict(hostile.references(slug))
    subs.update({f"hostile_{case.name}": case.build(slug) for case in hostile.cases(slug, slug == all_units()[0])})
    return subs


def run(cwd: Path, *args: str, user: str = "instructor", exchange: Path | None = None,
        check: bool = True) -> subprocess.CompletedProcess:
    """A command as `user` would type it, with the course's venv first on PATH (and no terminal: a command
    that would ask a question refuses instead)."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", USER=user, LOGNAME=user,
               RNNKIT_DEVICE="cpu")
    env.pop("NBGRADER_EXCHANGE", None)  # never the exchange of whoever runs the tests
    if exchange is not None:
        env["NBGRADER_EXCHANGE"] = str(exchange)
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(args)} as {user} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def planted_variants(slug: str) -> dict[str, dict[str, str]]:
    """The planted mistakes and the two references, as grading.planted's variants."""
    gid = hostile.target(slug)
    refs = hostile.references(slug)
    code = {name: next(c["source"] for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == gid)
            for name, nb in refs.items()}
    variants = {name: {gid: "".join(src) if isinstance(src, list) else src} for name, src in code.items()}
    variants.update({m["name"]: {m["cell"]: mutated(slug, m)} for m in mutants(slug)})
    return variants


# The README blocks the lifecycle runs as written: the instructor's term, and the student's exchange commands.
INSTRUCTOR_BLOCK = (ROOT / "README.md", "<!-- The course tests run this block as written (tests/term.py). -->")
STUDENT_BLOCK = (ROOT / "student" / "README.md", "<!-- The course tests run these commands from a student copy (tests/term.py). -->")


def readme_commands(readme: Path, marker: str) -> list[str]:
    """The commands of the fenced block that follows `marker` in `readme`, without comments or blank lines."""
    text = readme.read_text()
    assert marker in text, f"{readme.relative_to(ROOT)} lost the marked block the course tests run: {marker}"
    block = re.search(r"```\w*\n(.*?)```", text[text.index(marker):], re.S).group(1)
    return [line.split(" #")[0].strip() for line in block.splitlines() if line.strip() and not line.startswith("#")]


def for_unit(command: str, slug: str, **paths: str) -> list[str]:
    """A README command (written for unit 01) for unit `slug`, with the test's folders for the README's."""
    first = all_units()[0]
    command = command.replace(first, slug).replace(f"UNITS={first[:2]}", f"UNITS={slug[:2]}")
    for written, actual in paths.items():
        command = command.replace(written, actual)
    return shlex.split(command)


def lifecycle(slug: str, course: Path, tmp: Path) -> tuple[Path, dict[str, Path], subprocess.CompletedProcess]:
    """The README's term, from a course without a gradebook: the instructor publishes the unit (gradebook,
    exchange, student copy); alice, bob and carol each clone the student copy, work and submit with the
    student README's commands; the instructor grades with feedback and the students fetch it."""
    exchange, copy = tmp / "exchange", tmp / "rnn-course-student"
    exchange.mkdir()
    instructor = readme_commands(*INSTRUCTOR_BLOCK)
    student = readme_commands(*STUDENT_BLOCK)
    kinds = [c.split()[:2] for c in instructor if not c.startswith("export ")]
    assert kinds == [["make", "publish"], ["make", "grade"]], f"README's term block changed: {instructor}"
    assert [c.split()[:2] for c in student if not c.startswith("export ")] == [
        [".venv/bin/nbgrader", "list"], [".venv/bin/nbgrader", "submit"], [".venv/bin/nbgrader", "fetch_feedback"]
    ], f"student README's exchange block changed: {student}"
    publish, grade = (for_unit(c, slug, **{"../rnn-course-student": str(copy)})
                      for c in instructor if c.startswith("make "))
    listing, submit, fetch = (for_unit(c, slug) for c in student if not c.startswith("export "))
    assert not (course / "gradebook.db").exists()
    run(course, *publish, exchange=exchange)

    homes = {}
    for name, nb in lifecycle_work(slug).items():
        home = homes[name] = tmp / name
        shutil.copytree(copy, home, symlinks=True)            # the student's clone of the student copy
        (home / ".venv").symlink_to(ROOT / ".venv")
        assert slug in run(home, *listing, user=name, exchange=exchange).stderr, f"{slug}: not listed on the exchange"
        mine = home / "exercises" / slug / f"{slug}.ipynb"
        assert read_nb(mine)["cells"] == read_nb(exercise_path(slug))["cells"], f"{slug}: the copy's exercise"
        write_nb(nb, mine)
        # On a shared JupyterHub the student id is the login; here --student stands in for it.
        run(home, *submit, f"--student={name}", user=name, exchange=exchange)
    for name, nb in batch(slug).items():  # the references and hostile cases, handed in by other means
        write_nb(nb, course / "submitted" / name / slug / f"{slug}.ipynb")
    grade_run = run(course, *grade, exchange=exchange, check=False)
    # nbgrader tells students apart by their login: every student here is the same OS user, so
    # alice's fetch brings every page.
    run(homes["alice"], *fetch, "--student=alice", user="alice", exchange=exchange)
    return exchange, homes, grade_run


def build_term(slug: str, tmp: Path) -> Term:
    """(Publish, submit through the exchange, grade, release feedback and export with the README's commands;)
    or generate and grade the same submissions directly (make test U=...)."""
    seconds = {}
    start = time.perf_counter()
    homes, exchange, grade_run = {}, None, None
    if lifecycle_wanted():
        course = course_copy(tmp / "course", make=True)
        exchange, homes, grade_run = lifecycle(slug, course, tmp)
        students = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{slug}"))
        assert set(LIFECYCLE_STUDENTS) <= set(students), f"{slug}: collected {students}\n{grade_run.stdout}"
        problems = dict(re.findall(r"^NOT GRADED: (\S+): (.*?)(?: \(a feedback page says so\))?; nbgrader's log",
                                   grade_run.stdout, re.M))
        graded = Graded(read_scores(course, slug, students), problems, read_logs(course, slug), course)
        seconds["lifecycle"] = time.perf_counter() - start
    else:
        course = course_copy(tmp / "course")
        nbgrader(course, "generate_assignment", slug, "--force")
        others = dict(lifecycle_work(slug), **batch(slug))
        feedback = list(LIFECYCLE_STUDENTS) + [s for s in others if s.startswith("hostile")]
        graded = grade_submissions(course, slug, others, feedback_for=feedback)
        seconds["nbgrader"] = time.perf_counter() - start

    start = time.perf_counter()
    planted = grade_variants(slug, planted_variants(slug))
    seconds["planted"] = time.perf_counter() - start
    return Term(slug, course, exchange, homes, graded, planted, grade_run, seconds)

