"""One JupyterLab server for a test session, serving a copy of the clone's playbooks.

The server runs on a copy of ``playbooks/`` and ``examples/`` so that saving a form's values,
writing documents and JupyterLab's own autosave never touch the repository; documents go to a
private ``KIT_OUTPUT_DIR``. Every Jupyter location (configuration, data, runtime, settings,
workspaces, IPython profile) points into the same temporary folder, so a developer's own
JupyterLab settings, kernels or open tabs cannot change what the test sees.

The server picks a free port itself (``--port=0``) and writes it, with its token, to a runtime
file; the fixture reads that file and then polls ``/api/status`` until the server answers.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETTINGS: dict[str, dict[str, Any]] = {
    # Every cell attached and laid out, so the test can measure widgets anywhere in the notebook
    # (the default, content-visibility, skips laying out cells scrolled out of view).
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none"},
    # No "would you like news?" toast over the screenshots, and no request to the internet.
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
}
READY_TIMEOUT = 120.0
"""Seconds a cold start may take on a loaded two-core CI machine before the fixture gives up."""


class LabError(RuntimeError):
    """The server could not be started, reached or stopped; the message carries its log."""


@dataclass
class Lab:
    """A running server: where it listens, what it serves and where it logs."""

    process: subprocess.Popen[bytes]
    url: str
    token: str
    root: Path
    outputs: Path
    log: Path

    def api(self, method: str, path: str) -> Any:
        """Call the server's REST API; the parsed JSON answer, or ``None`` for an empty one."""
        request = urllib.request.Request(
            f"{self.url}api/{path}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
            data=b"" if method in {"POST", "PATCH"} else None,
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            body = answer.read()
        return json.loads(body) if body else None

    def notebook_url(self, path: str) -> str:
        """The page that opens ``path`` (relative to the root) in a workspace of its own, so
        no tab a previous test left open is restored beside it."""
        return f"{self.url}lab/workspaces/{secrets.token_hex(6)}/tree/{path}?token={self.token}"

    def stop_kernels(self) -> None:
        """End every session and its kernel, so the next test starts from a clean kernel and
        two idle kernels never compete for the CI machine's two cores."""
        for session in self.api("GET", "sessions"):
            self.api("DELETE", f"sessions/{session['id']}")

    def log_tail(self, lines: int = 40) -> str:
        text = self.log.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        """Ask the server to shut down (it stops its kernels first); force it only if it hangs."""
        with contextlib.suppress(OSError):  # already gone: wait() below collects it
            self.api("POST", "shutdown")
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(folder: Path, clone: Path) -> Lab:
    """Copy the clone's playbooks and examples into ``folder`` and serve them."""
    root = folder / "root"
    for name in ("playbooks", "examples"):
        shutil.copytree(
            clone / name,
            root / name,
            ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*-workshop.yaml"),
        )
    outputs = root / "outputs"  # where a clone keeps them, so the links to documents resolve
    settings = folder / "settings"
    for plugin, values in SETTINGS.items():
        file = settings / f"{plugin}.jupyterlab-settings"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(json.dumps(values), encoding="utf-8")
    runtime = folder / "runtime"
    env = {key: value for key, value in os.environ.items() if key != "JUPYTER_PATH"}
    env |= {
        "KIT_OUTPUT_DIR": str(outputs),
        "JUPYTER_CONFIG_DIR": str(folder / "config"),
        "JUPYTER_DATA_DIR": str(folder / "data"),
        "JUPYTER_RUNTIME_DIR": str(runtime),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(folder / "workspaces"),
        "IPYTHONDIR": str(folder / "ipython"),
    }
    token = secrets.token_hex(24)
    log = folder / "jupyterlab.log"
    with log.open("wb") as stream:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyterlab",
                "--no-browser",
                "--allow-root",  # CI runs as root in a throwaway machine
                "--ip=127.0.0.1",
                "--port=0",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.terminals_enabled=False",
                "--LabApp.expose_app_in_browser=True",
                "--LabApp.extension_manager=readonly",
            ],
            cwd=root,
            env=env,
            stdout=stream,
            stderr=subprocess.STDOUT,
        )
    lab = Lab(process, "", token, root, outputs, log)
    try:
        lab.url = _wait_until_ready(lab, runtime / f"jpserver-{process.pid}.json")
    except LabError:
        lab.stop()
        raise
    return lab


def _wait_until_ready(lab: Lab, runtime_file: Path) -> str:
    """The server's URL once its runtime file exists and its API answers."""
    deadline = time.monotonic() + READY_TIMEOUT
    url = ""
    while time.monotonic() < deadline:
        if lab.process.poll() is not None:
            raise LabError(f"JupyterLab exited with {lab.process.returncode}:\n{lab.log_tail()}")
        if not url and runtime_file.exists():
            try:
                info = json.loads(runtime_file.read_text(encoding="utf-8"))
                url = f"http://127.0.0.1:{info['port']}/"
            except (json.JSONDecodeError, KeyError):
                pass  # written but not yet complete
        if url:
            lab.url = url
            try:
                lab.api("GET", "status")
                return url
            except OSError:
                pass
        time.sleep(0.25)
    raise LabError(f"JupyterLab did not answer within {READY_TIMEOUT:.0f} s:\n{lab.log_tail()}")
