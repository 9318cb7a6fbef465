"""`make student` builds a copy for students, unit by unit: everything they need, nothing secret or
not yet due, and safe to use (publishing the next unit never overwrites a student's work)."""
import hashlib
import json
import re
import subprocess

import pytest

from grading.course import (ROOT, all_units, exercise_path, lecture_path, mutants, read_nb, solution_code, solution_lines,
                            source, submission, write_nb)
from grading.leaks import answers_held
from grading.student_copy import MANIFEST, publish

pytestmark = pytest.mark.slow


def make(*args, cwd=ROOT, check=True):
    proc = subprocess.run(["make", "--no-print-directory", *args], cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise AssertionError(f"make {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def digest(folder):
    return {p.relative_to(folder): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


ALL = f"{all_units()[0][:2]}-{all_units()[-1][:2]}"  # e.g. 01-04: every unit released


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    dest = tmp_path_factory.mktemp("student") / "rnn-course"
    make("student", f"UNITS={ALL}", f"STUDENT_DIR={dest}")
    (dest / ".venv").symlink_to(ROOT / ".venv")  # reuse this venv instead of installing again
    return dest


def test_copy_has_what_students_need_and_no_instructor_tooling(copy):
    names = {p.name for p in copy.iterdir()}
    assert {"lectures", "exercises", "rnnkit", "tests", "README.md", "Makefile", "common.mk", "nbgrader_config.py",
            "pyproject.toml", "environment.yml", "LICENSE", ".gitignore"} <= names
    assert not names & {"solutions", "benchmarks", ".ci", "student", "build", "grading"}
    assert not (copy / "tests" / "mutants").exists()
    config = (copy / "nbgrader_config.py").read_text()  # the student's: whole messages, the course id
    assert "wrap_nbgrader_validate()" in config and "source_directory" not in config
    assert (copy / "lectures" / "01_unfolding.ipynb").exists()
    assert read_nb(copy / "exercises" / "01_unfolding" / "01_unfolding.ipynb") == read_nb(exercise_path("01_unfolding"))


def code_cells(folder):
    """where -> code, for every code cell of every notebook and every Python file of a copy."""
    cells = {}
    for path in sorted(folder.rglob("*")):
        if path.suffix == ".ipynb" and ".ipynb_checkpoints" not in path.parts:
            cells.update({f"{path.relative_to(folder)} cell {i}": source(c)
                          for i, c in enumerate(read_nb(path)["cells"]) if c["cell_type"] == "code"})
        elif path.suffix == ".py" and ".venv" not in path.parts:
            cells[str(path.relative_to(folder))] = path.read_text()
    return cells


@pytest.mark.parametrize("last", all_units())
def test_a_copy_holds_no_answer_of_a_unit_not_yet_due(tmp_path, last):
    """Does a copy for the units up to N hold nothing of later units, and no answer of unit N or later?"""
    released = all_units()[:all_units().index(last) + 1]
    publish(tmp_path, released)
    assert {p.parent.name for p in tmp_path.glob("exercises/*/*.ipynb")} == set(released)
    assert {p.stem for p in tmp_path.glob("lectures/*.ipynb")} == {u for u in released if lecture_path(u).exists()}
    not_due = [u for u in all_units() if u >= last]
    assert not answers_held(code_cells(tmp_path), not_due)


def test_publishing_the_next_unit_keeps_the_students_work(tmp_path):
    """Does an update add the new unit, refresh untouched files, and leave what the student changed alone?"""
    first, second = all_units()[:2]
    report = publish(tmp_path, [first])
    assert f"exercises/{first}/{first}.ipynb" in report["added"]
    mine = tmp_path / "exercises" / first / f"{first}.ipynb"
    write_nb(submission(first), mine)                     # the student works on the exercise
    notes = tmp_path / "lectures" / f"{first}.ipynb"
    notes.write_text(notes.read_text().replace("Unit 01", "Unit 01 (my notes)", 1))
    older = (ROOT / "rnnkit" / "devices.py").read_text() + "\n# as published last term\n"
    (tmp_path / "rnnkit" / "devices.py").write_text(older)  # the course has changed rnnkit since it published this
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    manifest["files"]["rnnkit/devices.py"] = hashlib.sha256(older.encode()).hexdigest()
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    work, annotated = mine.read_text(), notes.read_text()
    report = publish(tmp_path, [first, second])
    assert mine.read_text() == work and notes.read_text() == annotated
    assert set(report["kept"]) == {f"exercises/{first}/{first}.ipynb", f"lectures/{first}.ipynb"}
    assert report["updated"] == ["rnnkit/devices.py"]     # published before, untouched since: refreshed
    assert (tmp_path / "rnnkit" / "devices.py").read_text() == (ROOT / "rnnkit" / "devices.py").read_text()
    assert f"exercises/{second}/{second}.ipynb" in report["added"]
    assert not publish(tmp_path, [first, second])["updated"]  # publishing again changes nothing

    # a module the course no longer ships goes, unless the student changed it
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    for name, text in (("gone.py", "x = 1\n"), ("mine.py", "x = 1\n")):
        (tmp_path / "rnnkit" / name).write_text(text)
        manifest["files"][f"rnnkit/{name}"] = hashlib.sha256(text.encode()).hexdigest()
    (tmp_path / MANIFEST).write_text(json.dumps(manifest))
    (tmp_path / "rnnkit" / "mine.py").write_text("x = 2  # my change\n")
    report = publish(tmp_path, [first])                      # an update that names fewer units keeps them
    assert report["removed"] == ["rnnkit/gone.py"] and "rnnkit/mine.py" in report["kept"]
    assert not (tmp_path / "rnnkit" / "gone.py").exists() and (tmp_path / "rnnkit" / "mine.py").exists()
    assert (tmp_path / "exercises" / second / f"{second}.ipynb").exists()


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


def test_make_student_refuses_a_folder_that_is_not_a_copy(tmp_path):
    (tmp_path / "thesis.tex").write_text("years of work")
    proc = make("student", "UNITS=01", f"STUDENT_DIR={tmp_path}", check=False)
    assert proc.returncode != 0 and "not a student copy" in proc.stdout + proc.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["thesis.tex"]
    proc = make("student", f"STUDENT_DIR={tmp_path}", check=False)
    assert proc.returncode == 2 and "UNITS=" in proc.stdout


def test_student_make_check_lists_failing_tests_and_changes_nothing(copy):
    nb = copy / "exercises" / "01_unfolding" / "01_unfolding.ipynb"
    before = digest(copy / "exercises")
    proc = make("-o", ".venv/.installed", "check", f"NB={nb}", cwd=copy, check=False)
    assert proc.returncode != 0
    assert "test_unfold_visible: NotImplementedError" in proc.stdout
    assert digest(copy / "exercises") == before

    write_nb(submission("01_unfolding"), nb)  # the student solves it
    proc = make("-o", ".venv/.installed", "check", f"NB={nb}", cwd=copy)
    assert "visible tests pass" in proc.stdout


def test_nbgrader_validate_in_the_copy_shows_the_message_whole_and_nothing_else(copy, tmp_path):
    """The exercises tell students to run `nbgrader validate`: from their copy it must read the copy's
    configuration (no warning that there is none), stay quiet about the kernel, and show a failing test's
    message whole in 80 columns (nbgrader cuts every line at 90 characters by default)."""
    mistake = next(m for m in mutants("01_unfolding") if m["name"] == "step_missing_transpose_of_W")
    nb = tmp_path / "01_unfolding.ipynb"
    write_nb(submission("01_unfolding", mutant=mistake), nb)
    proc = subprocess.run([str(copy / ".venv" / "bin" / "nbgrader"), "validate", str(nb)], cwd=copy,
                          capture_output=True, text=True)
    out = proc.stdout + proc.stderr
    assert "No nbgrader_config.py" not in out and "over TCP" not in out, out
    assert max(map(len, proc.stdout.splitlines())) <= 80, "a line wider than 80 columns"
    joined = " ".join(line.strip() for line in proc.stdout.splitlines())
    assert re.search(r"GradingError: rnn_step_forward: looks like the result with h_prev @ W instead of "
                     r"h_prev @ W\.T: .* \(error \S+, allowed \S+ = atol \S+ \+ rtol \S+ \* \|expected\|\)\.", joined), out


def test_student_make_test_runs_lectures_and_rnnkit_tests(copy):
    before = digest(copy / "lectures")
    proc = make("-o", ".venv/.installed", "test", "LECTURES=lectures/01_unfolding.ipynb", cwd=copy)
    assert " passed" in proc.stdout and "failed" not in proc.stdout.splitlines()[-1]
    assert digest(copy / "lectures") == before


def test_the_student_readme_has_the_course_notation():
    """The lectures point to the README's notation table: the student copy's README has the same one."""
    def section(text, heading):
        start = text.index(heading + "\n") + len(heading) + 1
        return text[start:text.index("\n## ", start)].strip()

    course = section((ROOT / "README.md").read_text(), "### Notation")
    assert section((ROOT / "student" / "README.md").read_text(), "## Notation") == course
