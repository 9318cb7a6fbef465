"""What a student reads after grading: the feedback page, and a page for a submission nbgrader dropped.

Feedback policy (README, "Feedback"): the page shows every cell of the submission, the score of
each test cell, the code of the visible tests, and the message of every test that failed, whole.
It does not show the code of the hidden tests: in their place stands one comment line that says
how many lines are hidden. A failure in a cell with hidden tests shows the message only (no
traceback, which would quote the hidden code); a failure elsewhere keeps its traceback, with
the grading machine's folders cut from the paths and without the frames inside rnnkit.checks
(the test's own helpers).
"""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from nbformat import from_dict
from traitlets import Bool

from .report import TIMEOUT_ERRORS

HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS[ \t]*\n(.*?)^[ \t]*### END HIDDEN TESTS[ \t]*\n?",
                    re.MULTILINE | re.DOTALL)
ANSI = re.compile(r"\x1b\[[0-9;]*m")
# ".../site-packages/torch/nn/x.py" -> "site-packages/torch/nn/x.py"; ".../course/rnnkit/x.py" -> "rnnkit/x.py"
MACHINE_PATH = re.compile(r"/[^\s:'\"]*?/(?=(?:rnnkit|site-packages)/)")


def _in_course_checks(entry: str) -> bool:
    """Is this traceback entry (one frame, in IPython's coloured form) inside rnnkit.checks, or its mark?"""
    plain = ANSI.sub("", entry).lstrip()
    return plain.startswith("[... skipping hidden") or (plain.startswith("File ") and "/rnnkit/checks.py" in
                                                        plain.split("\n", 1)[0])


def hide_hidden_tests(source: str) -> str:
    """Replace each hidden-tests block of a test cell's source with one comment line."""
    def placeholder(block: re.Match) -> str:
        lines = len(block.group(1).splitlines())
        return f"# Hidden tests: {lines} lines, not shown here; a failure among them shows its message below.\n"
    return HIDDEN.sub(placeholder, source)


class FeedbackForStudents(Preprocessor):
    """nbgrader's feedback preprocessor that applies the course's feedback policy (module docstring).

    Runs in `generate_feedback` after nbgrader's own preprocessors, on the autograded notebook.
    """

    enabled = Bool(True, help="apply the course's feedback policy").tag(config=True)  # nbconvert's default: off

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        hidden = bool(HIDDEN.search(cell.source))
        cell.source = hide_hidden_tests(cell.source)
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if any(o.get("ename") in TIMEOUT_ERRORS for o in errors):
            limit = self.config.Execute.get("timeout", 30)
            why = (f"this cell ran longer than the time limit of {limit} s and was stopped: look for a loop "
                   "that never ends, or for work that grows much faster than its inputs")
            said = from_dict({"output_type": "error", "ename": "TimeoutError", "evalue": why,
                              "traceback": [f"TimeoutError: {why}"]})
            cell.outputs = [o for o in cell.outputs if o.get("output_type") != "error"] + [said]
            return cell, resources
        for output in errors:
            if hidden:  # the message, not the test's code around it
                output.traceback = [f"{output.ename}: {output.evalue}"]
            else:  # the student's frames, with the course's paths rather than the grading machine's
                output.traceback = [MACHINE_PATH.sub("", entry) for entry in output.traceback
                                    if not _in_course_checks(entry)]
        return cell, resources


# nbgrader's summary at the top of the page links every test cell as "Test cell"; the course's template
# (grading/templates/course_feedback) names each link after the cell's grade_id instead.
TEST_CELL_LINK = re.compile(r'<a href="#([^"]+)">Test cell</a>')


def name_test_cells(page: str) -> str:
    """The feedback page with each summary link named after its test cell (a Jinja filter of the template)."""
    return TEST_CELL_LINK.sub(r'<a href="#\1">\1</a>', page)


def template_config(config) -> None:
    """Point nbgrader's feedback at the course's template (nbgrader's own, with named summary links)."""
    import nbgrader

    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    config.HTMLExporter.extra_template_basedirs = [str(Path(__file__).parent / "templates"), str(nbgrader_templates)]
    config.HTMLExporter.template_name = "course_feedback"   # based on nbgrader's "feedback" (its conf.json)
    config.HTMLExporter.template_file = "course.html.j2"    # which extends nbgrader's index.html.j2
    config.HTMLExporter.filters = {"name_test_cells": name_test_cells}


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
