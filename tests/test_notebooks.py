"""Notebook conventions that nbval alone does not check (nbval itself runs in `make test`)."""
import re

import pytest

from grading.course import ROOT, all_units, meta, read_nb, source, units

LECTURES = [p for p in sorted((ROOT / "lectures").glob("*.ipynb")) if p.stem in units()]


def test_every_unit_has_a_lecture_and_every_lecture_a_unit():
    assert {p.stem for p in (ROOT / "lectures").glob("*.ipynb")} == set(all_units()) - {"09_review"}


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_was_executed_top_to_bottom_in_one_fresh_kernel(path):
    code = [c for c in read_nb(path)["cells"] if c["cell_type"] == "code" and source(c).strip()]
    assert [c["execution_count"] for c in code] == list(range(1, len(code) + 1)), \
        f"{path.name}: re-run it with 'make lectures' (fresh kernel, top to bottom)"
    assert all(not any(o.get("output_type") == "error" for o in c.get("outputs", [])) for c in code)


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_has_outcomes_questions_exercise_pointer_and_references(path):
    text = "\n".join(source(c) for c in read_nb(path)["cells"] if c["cell_type"] == "markdown")
    assert re.search(r"you will be able to", text, re.I), f"{path.name}: no learning outcomes"
    assert re.search(r"^#+ .*question", text, re.I | re.M), f"{path.name}: no questions to check understanding"
    assert f"exercises/{path.stem}/{path.stem}.ipynb" in text, f"{path.name}: no pointer to its exercise"
    assert re.search(r"^#+ .*references", text, re.I | re.M), f"{path.name}: no references"


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_figures_are_png_and_ignored_outputs_are_rare(path):
    cells = [c for c in read_nb(path)["cells"] if c["cell_type"] == "code"]
    images = [o for c in cells for o in c.get("outputs", []) if "data" in o and "image/png" in o["data"]]
    assert images, f"{path.name}: a lecture shows its figures"
    assert not any("image/svg+xml" in o.get("data", {}) for c in cells for o in c.get("outputs", []))
    ignored = [c for c in cells if source(c).startswith("# NBVAL_IGNORE_OUTPUT")]
    assert len(ignored) <= max(2, len(cells) // 4), f"{path.name}: too many cells escape nbval's comparison"


@pytest.mark.parametrize("slug", units())
def test_solution_runs_on_the_kernel_everyone_has(slug):
    nb = read_nb(ROOT / "solutions" / slug / f"{slug}.ipynb")
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    first_code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    assert meta(first_code).get("locked"), f"{slug}: the set-up cell is read-only"


# A lecture is read, not only run: short prose cells, code cells that carry the argument (drawing code
# lives in rnnkit.plots), conventions stated at the top, and no word that only makes sense in this
# repository. The questions, summary and references cells may run longer.
MAX_PROSE_WORDS = 300
MAX_CODE_LINES = 50
EXEMPT_HEADINGS = re.compile(r"^#+ .*\b(questions|summary|references)\b", re.I)
MATHS = re.compile(r"\$\$.*?\$\$|\$[^$\n]*\$", re.S)


def prose_words(markdown: str) -> int:
    """Words of a markdown cell, its maths excluded."""
    return len(MATHS.sub(" ", markdown).split())


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_cells_stay_short(path):
    long = []
    for index, cell in enumerate(read_nb(path)["cells"]):
        text = source(cell)
        if cell["cell_type"] == "markdown" and not EXEMPT_HEADINGS.match(text):
            if prose_words(text) > MAX_PROSE_WORDS:
                long.append(f"c{index}: {prose_words(text)} words of prose (at most {MAX_PROSE_WORDS}: split it)")
        elif cell["cell_type"] == "code" and len(text.splitlines()) > MAX_CODE_LINES:
            long.append(f"c{index}: {len(text.splitlines())} lines of code (at most {MAX_CODE_LINES}: "
                        "drawing code belongs in rnnkit.plots)")
    assert not long, f"{path.name}:\n  " + "\n  ".join(long)


@pytest.mark.parametrize("path", LECTURES, ids=lambda p: p.stem)
def test_lecture_states_its_conventions_at_the_top(path):
    cells = read_nb(path)["cells"]
    top = "\n".join(source(c) for c in cells[:4] if c["cell_type"] == "markdown")
    assert "x[t - 1]" in top and re.search(r"notation", top, re.I), \
        f"{path.name}: state the notation (README's table) and that x[t - 1] holds x(t) in the first cells"


@pytest.mark.parametrize("path", LECTURES + sorted((ROOT / "solutions").glob("*/*.ipynb")), ids=lambda p: p.stem)
def test_notebooks_cite_sources_by_what_they_are(path):
    """Students do not have this repository's seeds: cite authors, titles and courses."""
    text = "\n".join(source(c) for c in read_nb(path)["cells"] if c["cell_type"] == "markdown")
    found = re.findall(r".{0,30}(?:\bseeds'|\bthe seeds\b|\bthe slides?\b).{0,30}", text, re.I)
    assert not found, f"{path.name}: " + " | ".join(found[:4])
