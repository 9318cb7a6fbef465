"""Grade a batch of synthetic submissions with nbgrader's own autograde, as `make grade` does.

The course tests build notebooks (the solution, planted mistakes, hostile submissions), put them
in a throw-away copy of the course and grade them here. Everything a failing test needs to say
what went wrong is kept: the scores nbgrader recorded, what `make grade` would report, and each
student's part of nbgrader's log.

    graded = grade_submissions(course_copy(tmp), "01_unfolding", {"alice": submission("01_unfolding")})
    graded.scores["alice"]         # {"test_unfold_visible": 1.0, ...}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .commands import nbgrader
from .course import write_nb
from .grade import grade_class


@dataclass
class Graded:
    """What grading a batch produced: student -> {test grade_id -> score, None if not scored},
    the submissions that could not be graded (student -> why), each student's part of the log,
    and the course folder."""
    scores: dict[str, dict[str, float | None]]
    problems: dict[str, str]
    logs: dict[str, str]
    course: Path

    def recorded(self, student: str) -> str:
        """What nbgrader recorded for `student`, for a failing test's message: the scores, the
        grading report's verdict, and the errors in that student's part of the log."""
        errors = [line.strip() for line in self.logs.get(student, "").splitlines()
                  if re.search(r"ERROR|Error|Timeout|timed out|Traceback", line) and "checksum" not in line]
        return (f"nbgrader recorded for {student}: scores {self.scores.get(student)}; "
                f"grading report: {self.problems.get(student, 'graded')}; "
                f"errors in its log: {errors[-6:] if errors else 'none'}")


def ensure_assignment(course: Path, slug: str) -> None:
    """Create the gradebook and its entry for `slug` (nbgrader's generate_assignment) unless they exist."""
    from nbgrader.api import Gradebook, MissingEntry

    if (course / "gradebook.db").exists():
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            try:
                gb.find_assignment(slug)
                return
            except MissingEntry:
                pass
    nbgrader(course, "generate_assignment", slug, "--force")


def read_scores(course: Path, slug: str, students: list[str]) -> dict[str, dict[str, float | None]]:
    """student -> {test grade_id -> automatic score, None where nbgrader recorded none}."""
    from nbgrader.api import Gradebook, MissingEntry

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in students:
            try:
                sub = gb.find_submission_notebook(slug, slug, student)
            except MissingEntry:
                scores[student] = {}
                continue
            scores[student] = {g.name: None if g.auto_score is None else float(g.auto_score)
                               for g in sub.grades if g.max_score}
    return scores


def grade_submissions(course: Path, slug: str, submissions: dict[str, dict], workers: int | None = None,
                      feedback_for: list[str] = ()) -> Graded:
    """Autograde every student's notebook of assignment `slug` as `make grade` does (parallel processes),
    with feedback for the students in `feedback_for`; students already in submitted/ are graded too."""
    ensure_assignment(course, slug)
    for student, nb in submissions.items():
        write_nb(nb, course / "submitted" / student / slug / f"{slug}.ipynb")
    students = sorted(p.parent.name for p in (course / "submitted").glob(f"*/{slug}"))
    problems, logs = grade_class(course, slug, students, workers, feedback_for=list(feedback_for))
    return Graded(read_scores(course, slug, students), problems, logs, course)
