"""A real browser on `make lab`: a lecture renders with its figures, an exercise has nbgrader's Validate button.

Headless Debian Chromium, driven by Playwright. Screenshots go to build/screenshots/.
"""
import json
import shutil
import urllib.request
from pathlib import Path

import pytest

from grading.course import ROOT, mutants, read_nb, submission, write_nb

pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
if not Path(CHROMIUM).exists():
    pytest.skip(f"no {CHROMIUM}: install Debian's Chromium with `sudo apt-get install --no-install-recommends "
                "chromium` (.ci/run does it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed: `make test` installs it, "
                               "or `.venv/bin/pip install -e '.[browser]'` (never `playwright install`)")
expect = sync_api.expect
expect.set_options(timeout=30_000)  # not 5 s: rendering a notebook takes seconds on a busy 2-core machine

SHOTS = ROOT / "build" / "screenshots"
ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--no-first-run", "--disable-sync", "--disable-quic",
        # Without these two, Chromium's own connections are refused on a closed network.
        "--disable-background-networking", "--disable-component-update"]
LECTURE = "lectures/01_unfolding.ipynb"
EXERCISE = "exercises/01_unfolding/01_unfolding.ipynb"
FIGURES = '.jp-NotebookPanel .jp-OutputArea-output img[src^="data:image/png"]'
VALIDATE = ".jp-NotebookPanel-toolbar .validate-button"  # added by nbgrader's lab extension


def snapshot() -> dict:
    """Every file under lectures/ and exercises/ (git-ignored ones too) -> its content."""
    return {p: p.read_bytes() for d in ("lectures", "exercises") for p in (ROOT / d).rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def page(lab):
    before = snapshot()
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield browser.new_page(viewport={"width": 1280, "height": 1000})
        finally:
            browser.close()
    # Opening notebooks started kernels: shut them down (the server lives on for tests/test_lab.py).
    headers = {"Authorization": f"token {lab.token}"}
    for s in json.load(urllib.request.urlopen(urllib.request.Request(f"{lab.url}/api/sessions", headers=headers))):
        urllib.request.urlopen(urllib.request.Request(f"{lab.url}/api/sessions/{s['id']}", headers=headers,
                                                      method="DELETE"))
    # The test must leave the course as it was: should a file have changed, put it back (and fail).
    after = snapshot()
    changed = [p for p in before if after.get(p) != before[p]]
    for p in changed:
        p.write_bytes(before[p])
    new = sorted(after.keys() - before.keys())
    assert not changed and not new, f"the browser changed {changed} (now restored) and created {new}"


def open_notebook(page, lab, path: str):
    # ?reset: a fresh layout, without the notebooks opened before
    page.goto(f"{lab.url}/lab/tree/{path}?reset&token={lab.token}")
    panel = page.locator(".jp-NotebookPanel:visible")
    expect(panel.locator(".jp-RenderedMarkdown h1").first).to_be_visible()
    return panel


def shot(page, name: str) -> Path:
    path = SHOTS / name
    page.screenshot(path=path, full_page=True)
    print("screenshot:", path)
    return path


def test_a_lecture_renders_with_its_figures(lab, page):
    pngs = sum("image/png" in out.get("data", {}) for cell in read_nb(ROOT / LECTURE)["cells"]
               for out in cell.get("outputs", []))
    assert pngs > 0
    panel = open_notebook(page, lab, LECTURE)
    expect(panel.locator(".jp-RenderedMarkdown h1").first).to_contain_text("Unit 01")
    shot(page, "lecture.png")
    # Every PNG output is an <img> that the browser has decoded. (JupyterLab's default windowing mode,
    # 'contentVisibility', keeps every cell in the page: no need to scroll to find them.)
    page.wait_for_function("""([selector, n]) => [...document.querySelectorAll(selector)]
                              .filter(img => img.complete && img.naturalWidth > 0).length >= n""", arg=[FIGURES, pngs])
    page.locator(FIGURES).first.scroll_into_view_if_needed()
    shot(page, "lecture-figure.png")


def test_an_exercise_has_nbgrader_validate_button(lab, page):
    panel = open_notebook(page, lab, EXERCISE)
    expect(panel.locator(VALIDATE)).to_have_text("Validate")
    shot(page, "exercise.png")


def test_validate_reports_the_failing_tests_of_an_untouched_exercise(lab, page):
    # Validate saves the notebook before nbgrader runs it on the server, and JupyterLab writes the
    # kernel's language_info into the metadata: click it on a copy in build/ (git-ignored).
    copy = ROOT / "build" / "browser-test" / EXERCISE
    copy.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / EXERCISE, copy)
    try:
        panel = open_notebook(page, lab, copy.relative_to(ROOT).as_posix())
        panel.locator(VALIDATE).click()
        dialog = page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("Validation Results", timeout=90_000)
        expect(dialog.locator("#validation-message")).to_contain_text("The following cell failed")
        expect(dialog).to_contain_text("NotImplementedError")
        shot(page, "validation.png")
    finally:
        shutil.rmtree(ROOT / "build" / "browser-test")


def test_validate_shows_a_wrong_answer_whole(lab, page):
    """Does a student who made the mistake the text warns about see which function failed, and why, whole?"""
    slug = "01_unfolding"
    mistake = next(m for m in mutants(slug) if m["name"] == "step_missing_transpose_of_W")
    copy = ROOT / "build" / "browser-test" / EXERCISE
    write_nb(submission(slug, mutant=mistake), copy)
    try:
        panel = open_notebook(page, lab, copy.relative_to(ROOT).as_posix())
        panel.locator(VALIDATE).click()
        dialog = page.locator(".jp-Dialog")
        expect(dialog).to_contain_text("Validation Results", timeout=90_000)
        message = dialog.locator("#validation-message")
        expect(message).to_contain_text("GradingError: rnn_step_forward: looks like the result with h_prev @ W")
        expect(message).to_contain_text("belongs")  # the whole message, not cut
        # make lab's CSS wraps the dialog's long lines: the message shows whole, without scrolling sideways.
        wrapping = message.evaluate("m => [...m.querySelectorAll('pre')].map(p => getComputedStyle(p).whiteSpace)")
        assert wrapping and set(wrapping) == {"pre-wrap"}, f"the Validate dialog does not wrap lines: {wrapping}"
        # The dialog lists each failed cell's code, then its error: scroll to the first error, as the student does.
        message.evaluate("m => [...m.querySelectorAll('pre')].find(p => p.textContent.includes("
                         "'rnn_step_forward: looks like')).scrollIntoView({block: 'end'})")
        shot(page, "validation-wrong-answer.png")
    finally:
        shutil.rmtree(ROOT / "build" / "browser-test")
