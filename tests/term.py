"""One unit's term on a throw-away copy of the course: every submission the course tests grade, graded once.

For each unit the course tests need nbgrader's own grading of:
- the lifecycle's three students, who fetch, work and submit through nbgrader's exchange:
  alice (the solution), bob (the unit's first planted mistake) and carol (the untouched release);
- two references: "stub", the solution with the hostile cases' target answer left as released,
  and "wrong", the same answer wrong (every float it returns plus 1);
- the hostile and broken submissions of tests/hostile.py.
They are graded together, in one `grading.grade` run (parallel nbgrader processes), so that no
submission is autograded twice. The planted mistakes of tests/mutants/ are graded by
`grading.planted` instead (one forking process per notebook), together with the solution and
the two references, so that the two graders can be compared on the same notebooks.

With $COURSE_UNITS set (`make test U=...`), the exchange is skipped: the three students'
notebooks go straight into submitted/, and the lifecycle's own tests are not run.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import hostile
from grading.batch import Graded, grade_submissions, read_scores
from grading.commands import BIN, nbgrader
from grading.course import (UNITS_VARIABLE, all_units, course_copy, exercise_path, mutants, mutated, read_nb,
                            submission, write_nb)
from grading.planted import Outcome, grade_variants
from grading.grade import read_logs

LIFECYCLE_STUDENTS = ("alice", "bob", "carol")
COURSE_ID = "rnn-course"


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
    """A command as `user` would type it, with the course's venv first on PATH."""
    env = dict(os.environ, PATH=f"{BIN}{os.pathsep}{os.environ['PATH']}", USER=user, LOGNAME=user,
               RNNKIT_DEVICE="cpu")
    if exchange is not None:
        env["NBGRADER_EXCHANGE"] = str(exchange)
    proc = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True)
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


def build_term(slug: str, tmp: Path) -> Term:
    """Generate, (release, fetch, submit, collect,) grade with feedback, (release feedback, export, fetch it)."""
    seconds = {}
    start = time.perf_counter()
    course = course_copy(tmp / "course")
    nbgrader(course, "generate_assignment", slug, "--force")
    seconds["generate"] = time.perf_counter() - start
    start = time.perf_counter()
    homes, exchange, grade_run = {}, None, None
    work = lifecycle_work(slug)
    if lifecycle_wanted():
        exchange = tmp / "exchange"
        exchange.mkdir()
        student_args = [f"--course={COURSE_ID}", f"--Exchange.root={exchange}"]
        nb_cmd = str(BIN / "nbgrader")
        run(course, nb_cmd, "release_assignment", slug, exchange=exchange)
        for student, nb in work.items():
            home = homes[student] = tmp / student
            home.mkdir()
            run(home, nb_cmd, "fetch_assignment", slug, *student_args, user=student, exchange=exchange)
            fetched = home / slug / f"{slug}.ipynb"
            assert read_nb(fetched)["cells"] == read_nb(exercise_path(slug))["cells"], f"{slug}: fetched notebook"
            write_nb(nb, fetched)
            # On a shared JupyterHub the student id is the login; here --student stands in for it.
            run(home, nb_cmd, "submit", slug, *student_args, f"--student={student}", user=student, exchange=exchange)
        run(course, nb_cmd, "collect", slug, exchange=exchange)
        collected = sorted(p.name for p in (course / "submitted").iterdir())
        assert collected == sorted(work), f"{slug}: collected {collected}"
        seconds["exchange"] = time.perf_counter() - start
    else:
        for student, nb in work.items():
            write_nb(nb, course / "submitted" / student / slug / f"{slug}.ipynb")

    start = time.perf_counter()
    others = batch(slug)
    if lifecycle_wanted():
        # The instructor's command: grade the whole class with feedback, release it, export the grades.
        for student, nb in others.items():
            write_nb(nb, course / "submitted" / student / slug / f"{slug}.ipynb")
        grade_run = run(course, sys.executable, "-m", "grading.grade", slug, "--release-feedback", "--export",
                        "grades.csv", exchange=exchange, check=False)
        students = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{slug}"))
        problems = dict(re.findall(r"^NOT GRADED: (\S+): (.*?)(?: \(a feedback page says so\))?; nbgrader's log",
                                   grade_run.stdout, re.M))
        graded = Graded(read_scores(course, slug, students), problems, read_logs(course, slug), course)
        # nbgrader tells students apart by their login: every student here is the same OS user, so
        # alice's fetch brings every page.
        run(homes["alice"], str(BIN / "nbgrader"), "fetch_feedback", slug, *student_args, "--student=alice",
            user="alice", exchange=exchange)
    else:
        feedback = list(LIFECYCLE_STUDENTS) + [s for s in others if s.startswith("hostile")]
        graded = grade_submissions(course, slug, others, feedback_for=feedback)
    seconds["nbgrader"] = time.perf_counter() - start

    start = time.perf_counter()
    planted = grade_variants(slug, planted_variants(slug))
    seconds["planted"] = time.perf_counter() - start
    return Term(slug, course, exchange, homes, graded, planted, grade_run, seconds)

