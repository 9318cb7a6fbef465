"""The course's own tooling, for instructors and the course tests (not in the student copy).

    publish    make publish: the units released so far into the gradebook, the exchange and the student copy
    grade      make grade: collect, autograde a class in parallel, feedback, export, a report
    preflight  the instructor's side checked before anything is written for a student
    student_copy  make student: the student copy for a point in the term, updated without losing work
    parallel   nbgrader's autograde and generate_feedback in parallel processes
    report     what could not be graded and why; answers that reach for the test machinery
    feedback   the feedback policy (hidden code, tracebacks, time-outs, named links); pages nbgrader does not write
    commands   run one nbgrader command from the course's venv
    course     the course's files: units, notebooks, answers, submissions built from them
    batch      grade a batch of synthetic submissions on a copy of the course (course tests)
    leaks      whether code holds a graded answer (lectures, given code, student copies)
    planted    grade planted mistakes fast: one process per notebook, forked at the changed cell

How they fit together: grading/README.md.
"""
