"""`make lab` starts JupyterLab in the course root, on the lectures, with nbgrader's extensions."""
import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.slow  # the `lab` fixture (tests/conftest.py) is shared with tests/test_browser.py


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def get(url: str, token: str, follow: bool = True):
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, headers={"Authorization": f"token {token}"})
    try:
        return opener.open(req, timeout=10)
    except urllib.error.HTTPError as err:
        return err


def test_lab_page_is_served(lab):
    base, token = lab
    page = get(f"{base}/lab", token)
    assert page.status == 200 and b"JupyterLab" in page.read()


def test_default_url_opens_the_lectures(lab):
    base, token = lab
    answer = get(f"{base}/", token, follow=False)
    assert answer.status == 302 and answer.headers["Location"].startswith("/lab/tree/lectures")


def test_server_runs_in_the_course_root(lab):
    base, token = lab
    names = {item["name"] for item in json.load(get(f"{base}/api/contents/", token))["content"]}
    assert {"lectures", "rnnkit", "nbgrader_config.py"} <= names


def test_nbgrader_extensions_are_enabled(lab):
    base, token = lab
    extensions = {e["name"]: e["enabled"] for e in json.load(get(f"{base}/lab/api/extensions", token))}
    assert extensions.get("jupyter-nbgrader") is True
    assert get(f"{base}/formgrader", token).status == 200  # nbgrader's server extension answers
