"""Instructor tooling: grading a whole class with nbgrader (see grade.py)."""
