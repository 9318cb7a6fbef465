"""`make lab` starts JupyterLab in the course root, on the lectures, with nbgrader's extensions."""
import json
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from coursetools import ROOT

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def lab():
    port, token = free_port(), secrets.token_hex(8)
    log = open(ROOT / ".pytest-lab.log", "w")
    proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}",
                             f"LAB_ARGS=--IdentityProvider.token={token} --ServerApp.ip=127.0.0.1"],
                            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, (ROOT / ".pytest-lab.log").read_text()
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s:\n" + (ROOT / ".pytest-lab.log").read_text())
        yield base, token
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        (ROOT / ".pytest-lab.log").unlink(missing_ok=True)


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
