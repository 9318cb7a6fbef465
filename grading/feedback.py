"""Feedback pages that nbgrader does not write: for a submission it could not grade."""
from __future__ import annotations

import html
import shutil
from pathlib import Path


def write_not_graded_pages(course: Path, assignment: str, problems: dict[str, str]) -> None:
    """Give each submission that nbgrader dropped (no autograded notebook) a feedback page that says why.

    The page goes where `generate_feedback` would put it, with the submission's timestamp and
    secret, so that `release_feedback` releases it like any other.
    """
    for student, why in problems.items():
        if (course / "autograded" / student / assignment).exists():
            continue  # graded in part (a test cell was deleted): nbgrader's own feedback shows it
        submitted = course / "submitted" / student / assignment
        dest = course / "feedback" / student / assignment
        dest.mkdir(parents=True, exist_ok=True)
        for name in ("timestamp.txt", "submission_secret.txt"):
            if (submitted / name).exists():
                shutil.copy(submitted / name, dest / name)
        for notebook in sorted(submitted.glob("*.ipynb")):
            (dest / f"{notebook.stem}.html").write_text(
                f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>{html.escape(notebook.stem)}: not graded"
                f"</title></head><body>\n<h1>{html.escape(assignment)} / {html.escape(notebook.name)}: not graded</h1>\n"
                f"<p>Your submission could not be graded automatically: {html.escape(why)}.</p>\n"
                "<p>Your score is 0 until your instructor has looked at it. Before you submit again, restart the "
                "kernel and run all cells (Kernel &rarr; Restart Kernel and Run All Cells) and check that every "
                "cell finishes.</p>\n</body></html>\n")
