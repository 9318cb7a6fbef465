"""nbgrader configuration for the course (read from the course root).

solutions/  is nbgrader's *source* directory: the instructor's notebooks with
            solutions and hidden tests.
exercises/  is nbgrader's *release* directory: the student versions, produced
            only by `make release` (nbgrader generate_assignment).
"""
import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import GetGrades

from grading.feedback import FeedbackForStudents, template_config
from rnnkit.validate import wrap_nbgrader_validate

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

here = Path(__file__).resolve().parent

c.CourseDirectory.root = str(here)
c.CourseDirectory.course_id = "rnn-course"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
# Only the notebooks go into the student version: no data files or checkpoints.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", ".*"]

# The exchange lives inside the course so that it works without root; a real
# multi-user course points NBGRADER_EXCHANGE at a shared folder instead.
c.Exchange.root = os.environ.get("NBGRADER_EXCHANGE", str(here / ".exchange"))

# A cell that runs longer than this is interrupted and counted as an error (nbgrader's default);
# heavy demonstration cells shrink when NBGRADER_EXECUTION is set. The slowest test cell takes
# about 2 s here, so 30 s leaves room for slow machines and slow but correct answers.
c.Execute.timeout = 30
# After a cell's reply, nbgrader waits this long for the rest of its output and otherwise abandons
# the whole notebook, scoring nothing (nbclient's default of 4 s). A loaded machine, such as a CI
# runner grading in parallel, can miss 4 s; a slow message costs a wait, never a wrong score.
c.Execute.iopub_timeout = 30

# The kernels that grade stay quiet about their own set-up (ipykernel warns, on every start, that it
# talks to nbgrader over local TCP without encryption).
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# The feedback page follows the course's feedback policy (README, "Feedback"; grading/feedback.py):
# the visible tests' code and every failure's message, whole, but not the hidden tests' code.
c.GenerateFeedback.preprocessors = [GetGrades, CSSHTMLHeaderPreprocessor, FeedbackForStudents]
# Its summary names each test cell (nbgrader's says "Test cell" for all of them).
template_config(c)

# `nbgrader validate` wraps long lines instead of cutting them: a failing test's message shows whole.
wrap_nbgrader_validate()
c.Validator.width = 80

# Student versions carry no outputs.
c.ClearOutput.enabled = True
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
