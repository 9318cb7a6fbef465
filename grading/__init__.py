"""The course's own tooling, for instructors and the course tests (not in the student copy).

    grade      make grade: collect, autograde a class in parallel, feedback, export, a report
    parallel   nbgrader's autograde and generate_feedback in parallel processes
    report     what could not be graded and why; answers that reach for the test machinery
    feedback   feedback pages nbgrader does not write (a submission whose kernel died)
    commands   run one nbgrader command from the course's venv
    course     the course's files: units, notebooks, answers, submissions built from them
    batch      grade a batch of synthetic submissions on a copy of the course (course tests)
    planted    grade planted mistakes fast: one process per notebook, forked at the changed cell

How they fit together: grading/README.md.
"""
