"""Run a playbook headless through papermill, all-or-nothing.

Parameters are validated before a kernel starts (bad input writes nothing) and handed to the
kernel already checked, so the notebook never parses the file a second time. The notebook
writes into a staging folder beside the destination; only a run that finishes moves its files
into place, so a failure never leaves a half-written document in ``outputs/``.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit import params, registry
from kit.document import Gate
from kit.errors import PlaybookError
from kit.resources import output_dir

CELL_TIMEOUT_SECONDS = 600
"""A cell that runs longer has hung (a stuck kernel); fail rather than wait for ever."""
HANDOFF = ".handoff.pickle"
OUTCOME = ".outcome.json"
"""What the notebook's document cell reports back: the gate and the customer files withheld."""


@dataclass(frozen=True)
class Handoff:
    """What ``kit run`` gives the kernel: the checked parameters and the run's options."""

    params: Any
    draft: bool = False
    templates: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RunResult:
    out_dir: Path
    files: list[Path]
    gate: Gate | None = None
    withheld: list[str] = field(default_factory=list)


def run(
    playbook_name: str,
    params_file: str | Path,
    out: str | Path | None = None,
    *,
    draft: bool = False,
    templates: Sequence[Path] = (),
) -> RunResult:
    """Execute the playbook's notebook for one parameters file; return what it wrote."""
    playbook = registry.get(playbook_name)
    model = params.load(params_file, playbook.model())
    playbook.check_requirements(model, str(params_file))
    final = output_dir(model.id, out).resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.", suffix=".staging", dir=final.parent))
    try:
        handoff = staging / HANDOFF
        handoff.write_bytes(pickle.dumps(Handoff(model, draft, tuple(map(Path, templates)))))
        _execute(playbook.notebook, staging, Path(params_file).resolve(), handoff)
        outcome = _outcome(staging)
        files = _publish(staging, final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RunResult(final, files, outcome.get("gate"), outcome.get("withheld", []))


def _execute(notebook: Path, staging: Path, params_file: Path, handoff: Path) -> None:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    executed = staging / notebook.name
    try:
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters={
                "params_file": str(params_file),
                "out_dir": str(staging),
                "handoff": str(handoff),
            },
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
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    added = {"injected-parameters", "papermill-error-cell-tag"}
    source_cells = [
        cell for cell in notebook.cells if not added & set(cell.metadata.get("tags", []))
    ]
    for number, cell in enumerate(source_cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            lines = [line for line in cell.source.splitlines() if line.strip()]
            first = next((line for line in lines if not line.startswith("#")), "")
            return f"cell {number} ({first[:60]})"
    return "a cell"


def write_outcome(out_dir: Path, gate: Gate | None, withheld: list[str]) -> None:
    """Called by the notebook under ``kit run``: tell the runner what the gate decided."""
    data = {"withheld": withheld}
    if gate is not None:
        data["gate"] = {"name": gate.name, "decision": gate.decision, "lines": list(gate.lines)}
    (out_dir / OUTCOME).write_text(json.dumps(data), encoding="utf-8")


def _outcome(staging: Path) -> dict[str, Any]:
    path = staging / OUTCOME
    if not path.is_file():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    gate = data.get("gate")
    if gate is not None:
        data["gate"] = Gate(gate["name"], gate["decision"], tuple(gate["lines"]))
    return data


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
