"""rnnkit.validate: lists the failing test cells of a notebook and sets the exit status."""
import nbformat

from rnnkit.validate import main, notebooks, validate


def grade(grade_id, points=1):
    return {"nbgrader": {"grade": True, "grade_id": grade_id, "locked": True, "points": points,
                         "schema_version": 3, "solution": False, "task": False}}


def answer(grade_id):
    return {"nbgrader": {"grade": False, "grade_id": grade_id, "locked": False,
                         "schema_version": 3, "solution": True, "task": False}}


def write(path, body):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(body, metadata=answer("double")),
                nbformat.v4.new_code_cell("assert double(2) == 4, 'double(2) should be 4'", metadata=grade("test_double_visible")),
                nbformat.v4.new_code_cell("assert double(-1) == -2", metadata=grade("test_double_negative"))]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_failing_cells_are_listed_with_their_error(tmp_path, capsys):
    path = write(tmp_path / "ex" / "a.ipynb", "def double(x):\n    return x + 2")
    result = validate(path)
    assert result["tests"] == 2
    assert result["failed"] == [("test_double_negative", "AssertionError")]
    assert main([str(tmp_path / "ex")]) == 1
    assert "1 of 2 visible tests fail" in capsys.readouterr().out


def test_a_correct_notebook_passes(tmp_path, capsys):
    path = write(tmp_path / "b.ipynb", "def double(x):\n    return 2 * x")
    assert validate(path)["failed"] == []
    assert main([str(path)]) == 0
    assert "all 2 visible tests pass" in capsys.readouterr().out


def test_hidden_test_placeholders_are_not_counted(tmp_path):
    path = write(tmp_path / "c.ipynb", "def double(x):\n    return 2 * x")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("# Hidden tests check more when the notebook is graded.",
                                              metadata=grade("test_double_hidden", 2)))
    nbformat.write(nb, path)
    assert validate(path)["tests"] == 2


def test_folders_are_searched_and_checkpoints_skipped(tmp_path):
    write(tmp_path / "u" / "a.ipynb", "")
    write(tmp_path / "u" / ".ipynb_checkpoints" / "a-checkpoint.ipynb", "")
    assert notebooks([str(tmp_path)]) == [tmp_path / "u" / "a.ipynb"]
    assert main([str(tmp_path / "empty")]) == 1
