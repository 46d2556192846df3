"""A run that is stopped cleans up after itself; one killed outright is cleaned up by the next.

Each test starts ``kit run`` as a separate process with its output root, the kernel's runtime
folder and the temporary folder pointed at folders the test owns, so anything a run leaves
behind (a staging folder, a kernel connection file, a temporary file) is seen.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLES

DEAL = EXAMPLES / "saas-subscription.yaml"
DEAL_ID = "mueller-soen-support-automation"
WAIT_SECONDS = 120
"""Upper bound for a run to reach a state; a loaded machine starts a kernel slowly."""


class Folders:
    def __init__(self, root: Path) -> None:
        self.outputs = root / "outputs"
        self.runtime = root / "runtime"
        self.tmp = root / "tmp"
        for folder in (self.outputs, self.runtime, self.tmp):
            folder.mkdir()

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "KIT_OUTPUT_DIR": str(self.outputs),
            "JUPYTER_RUNTIME_DIR": str(self.runtime),
            "TMPDIR": str(self.tmp),
        }

    def start(self, playbook: str = "proposal") -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "kit.cli", "run", playbook, "--params", str(DEAL)],
            env=self.environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def everything(self) -> list[str]:
        found = [self.outputs, self.runtime, self.tmp]
        return sorted(str(p) for folder in found for p in folder.rglob("*"))


@pytest.fixture
def folders(tmp_path: Path) -> Folders:
    return Folders(tmp_path)


def wait_for(condition: Callable[[], object], process: subprocess.Popen[str]) -> object:
    """Poll until ``condition`` holds; fail if the run ends or takes unreasonably long."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process.poll() is not None:
            pytest.fail(f"the run ended first: {process.communicate()}")
        time.sleep(0.05)
    process.kill()
    pytest.fail("the run did not get there")


def started_kernel(folders: Folders) -> Callable[[], list[Path]]:
    """The kernel's connection file exists: the staging folder is there and a kernel starts."""
    return lambda: list(folders.outputs.glob(".*.staging/.kernel.json"))


@pytest.mark.parametrize(
    ("signum", "code", "name"), [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGINT, 130, "SIGINT")]
)
def test_a_signal_mid_run_stops_the_kernel_and_leaves_nothing(folders, signum, code, name):
    process = folders.start()
    (connection,) = wait_for(started_kernel(folders), process)
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=WAIT_SECONDS)
    assert process.returncode == code
    assert stderr == f"error: interrupted by {name}; the run stopped and left nothing behind\n"
    assert stdout == ""
    assert not connection.exists()
    assert folders.everything() == []


def test_the_next_run_removes_a_killed_runs_staging_folder_but_not_a_live_one(folders):
    killed = folders.start()
    (connection,) = wait_for(started_kernel(folders), killed)
    dead_staging = connection.parent
    killed.kill()
    killed.wait(timeout=WAIT_SECONDS)
    killed.communicate()
    assert dead_staging.is_dir()  # kill -9 gives the run no chance to clean up
    live_staging = folders.outputs / f".{DEAL_ID}.{os.getpid()}.livetest.staging"
    live_staging.mkdir()

    following = folders.start()
    stdout, stderr = following.communicate(timeout=WAIT_SECONDS * 2)
    assert following.returncode == 0, stderr
    assert stdout.startswith(f"wrote 3 file(s) to {folders.outputs / DEAL_ID}")
    assert not dead_staging.exists()
    assert live_staging.is_dir()
    assert sorted(p.name for p in folders.outputs.iterdir()) == [live_staging.name, DEAL_ID]


def test_a_finished_run_prints_no_kernel_warning_and_leaves_no_kernel_file(folders):
    process = folders.start("qualify")
    stdout, stderr = process.communicate(timeout=WAIT_SECONDS * 2)
    assert process.returncode == 0, stderr
    assert stderr == ""  # ipykernel's "running over TCP without encryption" is not printed
    assert stdout.splitlines() == [
        f"wrote 1 file(s) to {folders.outputs / DEAL_ID}",
        "  qualify.ipynb",
    ]
    assert list(folders.runtime.iterdir()) == []
    assert list(folders.tmp.iterdir()) == []
    assert [p.name for p in folders.outputs.iterdir()] == [DEAL_ID]
