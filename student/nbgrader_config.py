"""nbgrader's settings for the student copy (nbgrader reads this file from the folder it runs in).

- `nbgrader validate` shows each failing test's message whole, wrapped at 80 characters: by
  default it cuts every line at 90 (the Validate button in JupyterLab, `make check` and
  `python -m rnnkit.validate` show them whole anyway).
- The course's id and nbgrader exchange, for `nbgrader submit` and `fetch_feedback` if your
  course uses the exchange: set NBGRADER_EXCHANGE to the folder your instructor names (see
  README.md). Assignments live in exercises/, where this copy already holds them: you submit
  exercises/<unit>/ and your feedback arrives in exercises/<unit>/feedback/.
"""
import os

from rnnkit.validate import wrap_nbgrader_validate

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

wrap_nbgrader_validate()
c.Validator.width = 80
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]  # no warning about the kernel's local connection
c.CourseDirectory.course_id = "rnn-course"
c.Exchange.assignment_dir = "exercises"
if os.environ.get("NBGRADER_EXCHANGE"):
    c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
