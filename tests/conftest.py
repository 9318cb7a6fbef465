"""The `lab` fixture: one JupyterLab server, started exactly as `make lab` starts it, shared by
tests/test_lab.py (HTTP checks) and tests/test_browser.py (a real browser)."""
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from typing import NamedTuple

import pytest

from coursetools import ROOT


class Lab(NamedTuple):
    url: str    # e.g. http://127.0.0.1:43567
    token: str


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    """`make lab` on a free port with a known token; the process group is killed at the end of the session."""
    tmp = tmp_path_factory.mktemp("lab")
    port, token = free_port(), secrets.token_hex(8)
    # The server must leave the course and your own JupyterLab as they were: its layout and
    # settings go to this temporary folder, not to ~/.jupyter/lab, and so do the checkpoints
    # that JupyterLab makes of every notebook it opens (not .ipynb_checkpoints/ beside them).
    env = dict(os.environ, JUPYTERLAB_WORKSPACES_DIR=str(tmp / "workspaces"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / "settings"))
    args = (f"--IdentityProvider.token={token} --ServerApp.ip=127.0.0.1 "
            f"--FileCheckpoints.checkpoint_dir={tmp / 'checkpoints'}")
    # No "Would you like to get notified about official Jupyter news?" pop-up over the screenshots.
    news = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    news.parent.mkdir(parents=True)
    news.write_text('{"fetchNews": "false"}')
    log_path = tmp / "lab.log"
    with open(log_path, "w") as log:
        proc = subprocess.Popen(["make", "--no-print-directory", "lab", f"PORT={port}", f"LAB_ARGS={args}"],
                                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, log_path.read_text()
                time.sleep(0.5)
        else:
            pytest.fail("JupyterLab did not answer within 60 s:\n" + log_path.read_text())
        yield Lab(url, token)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # make and jupyter lab, which shuts its kernels down
        proc.wait()
        # make stops at once, jupyter lab seconds later (or, rarely, never): wait for the whole group.
        for _ in range(40):
            try:
                os.killpg(proc.pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.5)
        else:
            os.killpg(proc.pid, signal.SIGKILL)
