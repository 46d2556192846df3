"""Run a playbook headless through papermill, all-or-nothing.

Parameters are validated before a kernel starts (bad input writes nothing). The notebook then
writes into a staging folder beside the destination; only a run that finishes moves its files
into place, so a failure never leaves a half-written document in ``outputs/``.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import nbformat
import papermill
from papermill.exceptions import PapermillExecutionError

from kit import params
from kit.errors import PlaybookError, UsageError
from kit.models import KINDS
from kit.paths import PLAYBOOKS, output_dir
from kit.playbooks import PLAYBOOK_KINDS, check_requirements

CELL_TIMEOUT_SECONDS = 600
"""A cell that runs longer has hung (a stuck kernel); fail rather than wait for ever."""


@dataclass(frozen=True)
class RunResult:
    out_dir: Path
    files: list[Path]


def notebook_path(playbook: str) -> Path:
    path = PLAYBOOKS / f"{playbook}.ipynb"
    if playbook not in PLAYBOOK_KINDS or not path.is_file():
        known = ", ".join(
            sorted(name for name in PLAYBOOK_KINDS if (PLAYBOOKS / f"{name}.ipynb").is_file())
        )
        raise UsageError(f"unknown playbook '{playbook}' (known: {known})")
    return path


def run(playbook: str, params_file: str | Path, out: str | Path | None = None) -> RunResult:
    """Execute ``playbooks/<playbook>.ipynb`` for one parameters file; return what it wrote."""
    notebook = notebook_path(playbook)
    model = params.load(params_file, KINDS[PLAYBOOK_KINDS[playbook]])
    check_requirements(playbook, model, str(params_file))
    final = output_dir(model.id, out).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".staging", dir=final.parent))
    try:
        _execute(notebook, staging, Path(params_file).resolve())
        files = _publish(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RunResult(final, files)


def _execute(notebook: Path, staging: Path, params_file: Path) -> None:
    executed = staging / notebook.name
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters={"params_file": str(params_file), "out_dir": str(staging)},
            cwd=str(notebook.parent),
            progress_bar=False,
            kernel_name="python3",
            execution_timeout=CELL_TIMEOUT_SECONDS,
        )
    except PapermillExecutionError as exc:
        raise PlaybookError(
            f"{notebook.name}: {_failed_cell(executed)} failed: {exc.ename}: {exc.evalue}"
        ) from exc


def _failed_cell(executed: Path) -> str:
    """Name the failing cell as its author sees it: number in the source notebook and first line.

    Papermill adds a parameters cell and an error banner; neither is counted.
    """
    notebook = nbformat.read(executed, as_version=4)
    added = {"injected-parameters", "papermill-error-cell-tag"}
    source_cells = [
        cell for cell in notebook.cells if not added & set(cell.metadata.get("tags", []))
    ]
    for number, cell in enumerate(source_cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            lines = [line for line in cell.source.splitlines() if line.strip()]
            first = next((line for line in lines if not line.startswith("# NBVAL")), "")
            return f"cell {number} ({first[:60]})"
    return "a cell"


def _publish(staging: Path, final: Path) -> list[Path]:
    final.mkdir(parents=True, exist_ok=True)
    published = []
    for item in sorted(staging.iterdir()):
        if item.name.startswith("."):
            continue
        target = final / item.name
        os.replace(item, target)
        published.append(target)
    return published
