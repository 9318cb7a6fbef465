"""`make student` builds a copy for students: everything they need, nothing secret, and safe to use."""
import hashlib
import re
import subprocess

import pytest

from grading.course import ROOT, all_units, exercise_path, read_nb, solution_code, solution_lines, submission, write_nb

pytestmark = pytest.mark.slow


def make(*args, cwd=ROOT, check=True):
    proc = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def digest(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("student") / "rnn-course"
    make("student", f"STUDENT_DIR={dest}")
    (dest / ".venv").symlink_to(ROOT / ".venv")  # reuse this venv instead of installing again
    return dest


def test_copy_has_what_students_need_and_no_instructor_tooling(copy):
    names = {p.name for p in copy.iterdir()}
    assert {"lectures", "exercises", "rnnkit", "tests", "README.md", "Makefile", "common.mk",
            "pyproject.toml", "environment.yml", "LICENSE", ".gitignore"} <= names
    assert not names & {"solutions", "nbgrader_config.py", "benchmarks", ".ci", "student", "build"}
    assert not (copy / "tests" / "mutants").exists() and not (copy / "grading").exists()
    assert (copy / "lectures" / "01_unfolding.ipynb").exists()
    assert read_nb(copy / "exercises" / "01_unfolding" / "01_unfolding.ipynb") == read_nb(exercise_path("01_unfolding"))


def test_copy_holds_no_solution_and_no_hidden_test(copy):
    answers = set()  # names of the functions and classes students write
    for slug in all_units():
        for code in solution_code(slug).values():
            answers |= set(re.findall(r"^(?:def|class) (\w+)", code, re.M))
    for path in copy.rglob("*"):
        if path.is_symlink() or not path.is_file() or path.suffix not in {".py", ".ipynb", ".md", ".txt", ""}:
            continue
        text = path.read_text(errors="ignore")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, path
        if path.parent.parent.name == "exercises":
            # a later unit may give an earlier unit's answers as read-only code, never its own
            leaked = sorted(solution_lines(path.parent.name) & {line.strip() for line in text.splitlines()})
            assert not leaked, f"{path}: solution lines {leaked[:3]}"
        elif path.suffix == ".py":
            defined = set(re.findall(r"^\s*(?:def|class) (\w+)", text, re.M)) & answers
            assert not defined, f"{path} defines {sorted(defined)}, the name of a graded answer"


def test_make_student_never_overwrites_a_folder(copy):
    proc = make("student", f"STUDENT_DIR={copy}", check=False)
    assert proc.returncode != 0 and "not empty" in proc.stdout


def test_student_make_check_lists_failing_tests_and_changes_nothing(copy):
    nb = copy / "exercises" / "01_unfolding" / "01_unfolding.ipynb"
    before = digest(copy / "exercises")
    proc = make("-o", ".venv/.installed", "check", f"NB={nb}", cwd=copy, check=False)
    assert proc.returncode != 0
    assert "test_unfold_visible: NotImplementedError" in proc.stdout
    assert digest(copy / "exercises") == before

    write_nb(submission("01_unfolding"), nb)  # the student solves it
    proc = make("-o", ".venv/.installed", "check", f"NB={nb}", cwd=copy)
    assert "test cells pass" in proc.stdout


def test_student_make_test_runs_lectures_and_rnnkit_tests(copy):
    before = digest(copy / "lectures")
    proc = make("-o", ".venv/.installed", "test", "LECTURES=lectures/01_unfolding.ipynb", cwd=copy)
    assert " passed" in proc.stdout and "failed" not in proc.stdout.splitlines()[-1]
    assert digest(copy / "lectures") == before
