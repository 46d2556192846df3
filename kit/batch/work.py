"""One row of a batch, in whichever process runs it: validate, analyse, write, hash.

This is the code a worker runs: in the ``kit batch`` process itself, in a process of
``--workers N``, or on a Dask worker. It uses the same registry, models, analysis and document
code as the notebook and ``kit run``, in process, so a row costs the document and not a kernel.
Each process keeps its compiled templates (``kit.render``) and drawn charts
(``kit.charts.remembered``) from row to row.

A row writes into its own staging folder; the batch moves the files into the output folder
only once the row has succeeded, so a failed row leaves nothing behind.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.util
import os
import re
import shutil
import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit import params, registry
from kit.batch.manifest import Outcome, Status, sha256
from kit.document import Gate
from kit.errors import KitError, ParamsError
from kit.registry import Playbook


@dataclass(frozen=True)
class Job:
    """What every row of one batch shares; small enough to send with each row."""

    playbook: str
    staging: Path
    templates: tuple[Path, ...] = ()
    columns: Mapping[str, str] = field(default_factory=dict)
    """The table column that fills each field path, to name it in a row's errors."""
    base_dir: Path | None = None
    """The base file's folder: relative paths in a table row (a logo) start there."""
    pdf: bool = False
    notebooks: bool = False


@dataclass(frozen=True)
class Task:
    """One row: its merged parameters (a table row) or its parameters file."""

    row: int
    source: str
    key: str
    data: dict[str, Any] | None = None
    path: Path | None = None


@dataclass(frozen=True)
class _Written:
    files: list[Path]
    gate: Gate | None
    withheld: list[str]


def process(task: Task, job: Job) -> Outcome:
    """Turn one row into its documents in ``job.staging/row-N/``, or into its errors."""
    folder = job.staging / f"row-{task.row}"
    try:
        playbook = registry.get(job.playbook)
        if task.path is not None:
            model = params.load(task.path, playbook.model())
        else:
            model = params.validate(
                task.data or {}, task.source, playbook.model(), base_dir=job.base_dir
            )
        playbook.check_requirements(model, task.source)
    except ParamsError as exc:
        errors = tuple(locate(problem, task.source, job.columns) for problem in exc.problems)
        return Outcome(task.row, task.source, _raw_id(task), "invalid", errors=errors, key=task.key)
    try:
        written = _write(playbook, model, folder, task, job)
        files = tuple((path.name, sha256(path)) for path in written.files)
    except Exception as exc:  # the row is a boundary: one broken row must not stop the batch
        shutil.rmtree(folder, ignore_errors=True)
        return Outcome(
            task.row, task.source, model.id, "failed", errors=_failure(exc, task), key=task.key
        )
    status, notes = _status(written)
    return Outcome(task.row, task.source, model.id, status, files, notes, task.key)


def process_rows(tasks: list[Task], job: Job) -> list[Outcome]:
    """Several rows in one Dask task, each still its own outcome: a task costs the scheduler
    and the worker about as much as a row costs to render, so rows travel in small groups."""
    return [process(task, job) for task in tasks]


def kit_version() -> str:
    """The kit a Dask worker runs, checked against the client's before any row is sent."""
    from kit import __version__

    return __version__


def pdf_problem() -> str | None:
    """Why this worker could not convert to PDF, checked before any row is sent."""
    from kit import pdf
    from kit.errors import KitError

    try:
        pdf.require()
    except KitError as exc:
        return str(exc)
    return None


def can_see(paths: list[str]) -> list[str]:
    """The paths a Dask worker cannot see: the output folder must be shared storage."""
    return [path for path in paths if not os.path.exists(path)]


def _write(playbook: Playbook, model: Any, folder: Path, task: Task, job: Job) -> _Written:
    if job.notebooks:
        written = _through_notebook(playbook, model, folder, task, job)
    else:
        from kit import document

        result = document.write(playbook, playbook.analysis(model), folder, templates=job.templates)
        written = _Written(result.files, result.gate, result.withheld)
    if job.pdf:
        converted = _converter().convert([f for f in written.files if f.suffix == ".docx"], folder)
        written = _Written([*written.files, *converted], written.gate, written.withheld)
    return written


def _converter() -> Any:
    """This process's LibreOffice (``kit.pdf.shared``), stopped when a worker process ends.

    ``kit.pdf`` stops it at interpreter exit, which a ``--workers`` process never reaches: it
    ends through multiprocessing, which runs its own finalizers instead. LibreOffice runs in
    a session of its own, so without this it would outlive the batch.
    """
    from kit import pdf

    converter = pdf.shared()
    if multiprocessing.parent_process() is not None and converter not in _finalized:
        _finalized.add(converter)
        multiprocessing.util.Finalize(converter, converter.close, exitpriority=10)
    return converter


_finalized: set[Any] = set()


def close_pdf() -> None:
    """Stop this Dask worker's LibreOffice at the end of a batch."""
    from kit import pdf

    pdf.shared().close()


def _through_notebook(
    playbook: Playbook, model: Any, folder: Path, task: Task, job: Job
) -> _Written:
    """``--notebooks``: run the playbook's notebook for the row, as ``kit run`` would.

    The documents come out of the notebook (the same code, so the same bytes) and the
    executed notebook is kept beside them as ``<playbook>-<id>.ipynb`` for audit.
    """
    import yaml

    from kit import runner

    folder.mkdir(parents=True, exist_ok=True)
    params_file = task.path
    if params_file is None:
        # The checked parameters, not the row's text: file paths in them are absolute by now.
        params_file = folder / "parameters.yaml"
        data = model.model_dump(mode="json")
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        params_file.write_text(text, encoding="utf-8")
    result = runner.run(playbook.name, params_file, folder / "run", templates=job.templates)
    files = []
    for path in result.files:
        target = folder / (
            f"{playbook.name}-{model.id}.ipynb" if path.suffix == ".ipynb" else path.name
        )
        os.replace(path, target)
        files.append(target)
    shutil.rmtree(folder / "run", ignore_errors=True)
    if task.path is None:
        params_file.unlink()
    return _Written(files, result.gate, result.withheld)


def _status(written: _Written) -> tuple[Status, tuple[str, ...]]:
    gate = written.gate
    if written.withheld:
        name = gate.name if gate else "review"
        head = f"{name} failed; not written: {', '.join(written.withheld)}"
        return "review_failed", (head, *(gate.lines if gate else ()))
    if gate is not None and gate.decision == "edits":
        return "edits", (f"{gate.name}: approve with edits", *gate.lines)
    return "ok", ()


def locate(problem: str, source: str, columns: Mapping[str, str]) -> str:
    """A validation problem as a row error naming the row, the column and the field path.

    The column is the one that fills the problem's field (or the section around it); failing
    that, one whose field the message mentions (a currency that no longer matches the base's
    amounts); failing that, the value came from the base file.
    """
    where, _, message = problem.partition(": ")
    if not columns:
        return f"{source}: {problem}"
    column = _column(where, columns) or next(
        (column for path, column in columns.items() if _mentions(message, path)), None
    )
    if column is None:
        return f"{source}, field {where} (a value from the base file): {message}"
    return f"{source}, column {column!r}, field {where}: {message}"


def _column(where: str, columns: Mapping[str, str]) -> str | None:
    best = ""
    for path in columns:
        inside = where == path or where.startswith((f"{path}.", f"{path}["))
        if inside and len(path) > len(best):
            best = path
    return columns[best] if best else None


def _mentions(message: str, path: str) -> bool:
    """``path`` appears in ``message`` as a whole path, not as part of a longer one."""
    pattern = rf"(?<![\w.\[]){re.escape(path)}(?![\w.\[])"
    return re.search(pattern, message) is not None


def _failure(exc: Exception, task: Task) -> tuple[str, ...]:
    if isinstance(exc, KitError):
        return tuple(f"{task.source}: {line}" for line in exc.lines())
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    where = f"{Path(frame.filename).name}:{frame.lineno}"
    return (f"{task.source}: internal error {type(exc).__name__}: {exc} ({where})",)


def _raw_id(task: Task) -> str:
    value = (task.data or {}).get("id")
    return value if isinstance(value, str) else ""
