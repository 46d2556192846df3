"""Run a playbook headless through papermill, all-or-nothing.

Parameters are validated before a kernel starts (bad input writes nothing) and handed to the
kernel already checked, so the notebook never parses the file a second time. The templates, the
notebook and the output folder are checked before the kernel starts too, so a mistyped
``--out`` or a missing template costs a second, not a kernel start.

The notebook writes into a staging folder beside the destination; only a run that finishes
moves its files into place, so a failure never leaves a half-written document in ``outputs/``.
The staging folder also holds the kernel's connection file, and its name carries the owner's
process id (``.<name>.<pid>.<random>.staging``): a run stopped by ``kill -9`` leaves one behind,
and the next run in the same folder removes it once that process is gone, never a live run's.

SIGINT (Ctrl-C) and SIGTERM stop the kernel, remove the staging folder and end the run with
:class:`kit.errors.Interrupted` (exit 130 or 143), one line and no traceback. Papermill's and
nbclient's log lines are not printed: every failure they log reaches the caller as an error.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import pickle
import re
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any

from kit import params, registry
from kit.document import Gate
from kit.errors import Interrupted, PlaybookError, UsageError
from kit.resources import output_dir

CELL_TIMEOUT_SECONDS = 600
"""A cell that runs longer has hung (a stuck kernel); fail rather than wait for ever."""
HANDOFF = ".handoff.pickle"
OUTCOME = ".outcome.json"
"""What the notebook's document cell reports back: the gate and the customer files withheld."""
KERNEL_FILE = ".kernel.json"
"""The kernel's connection file, kept in the staging folder so it goes when the folder goes."""
STAGING = re.compile(r"\..+\.(?P<pid>[0-9]+)\.[A-Za-z0-9_]+\.staging")
"""A staging folder's name; the number is the process id of the run that owns it."""
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


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
    pdf: bool = False,
) -> RunResult:
    """Execute the playbook's notebook for one parameters file; return what it wrote.

    With ``pdf`` every document also gets a PDF, converted in the staging folder so a failed
    conversion publishes nothing.
    """
    try:
        with _Stop() as stop:
            return _run(stop, playbook_name, params_file, out, draft, templates, pdf)
    except _Signalled as exc:
        raise Interrupted(exc.signum) from None


def _run(
    stop: _Stop,
    playbook_name: str,
    params_file: str | Path,
    out: str | Path | None,
    draft: bool,
    templates: Sequence[Path],
    pdf: bool,
) -> RunResult:
    playbook = registry.get(playbook_name)
    model = params.load(params_file, playbook.model())
    playbook.check_requirements(model, str(params_file))
    _check_templates(playbook, templates)
    final = _destination(output_dir(model.id, out))
    _check_notebook(playbook.notebook)
    with stop.deferred():
        created = _make_folders(final.parent)
        _sweep(final.parent)
        staging = _make_staging(final, created)
    finished = False
    try:
        with stop.deferred():
            handoff = staging / HANDOFF
            handoff.write_bytes(pickle.dumps(Handoff(model, draft, tuple(map(Path, templates)))))
        stop.check()
        with stop.deferred():
            _execute(playbook.notebook, staging, Path(params_file).resolve(), handoff, stop)
        stop.check()
        outcome = _outcome(staging)
        if pdf:
            from kit.pdf import convert

            convert(sorted(staging.glob("*.docx")))
        with stop.deferred():
            files = _publish(staging, final, outcome.get("withheld", []))
            finished = True
    finally:
        with stop.deferred():
            shutil.rmtree(staging, ignore_errors=True)
            if not finished:
                _remove_empty(created)
    return RunResult(final, files, outcome.get("gate"), outcome.get("withheld", []))


class _Signalled(BaseException):
    """Raised by the signal handler; a ``BaseException``, like ``KeyboardInterrupt``, so no
    library's ``except Exception`` swallows or rewraps it on its way back to :func:`run`."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class _Stop:
    """SIGINT and SIGTERM during a run, turned into an orderly stop.

    Outside a :meth:`deferred` block the handler raises at once: the kit is validating, or
    converting PDFs, and ``finally`` blocks undo what exists. Inside one (the kernel's run,
    creating or publishing the staging folder, cleaning up) it only records the signal and
    kills the kernel's process group, so papermill unwinds normally; the run stops at the next
    :meth:`check`, or at the next cell, or as soon as the kernel's death is noticed.
    Handlers are installed only in the main thread, the one Python delivers signals to.
    """

    def __init__(self) -> None:
        self.signum: int | None = None
        self.kernel: Any = None
        """The kernel manager while a kernel may be running."""
        self.ready = False
        self.notebook: Any = None
        self.cell: Any = None
        self._deferred = 0
        self._previous: dict[int, Any] = {}

    def __enter__(self) -> _Stop:
        if threading.current_thread() is threading.main_thread():
            for signum in STOP_SIGNALS:
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc_info: object) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    @contextlib.contextmanager
    def deferred(self) -> Iterator[None]:
        self._deferred += 1
        try:
            yield
        finally:
            self._deferred -= 1

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signum is None:
            self.signum = signum
        self.kill_kernel()
        if not self._deferred:
            raise _Signalled(signum)

    def kill_kernel(self) -> None:
        """Kill the kernel and whatever it started: it runs in a process group of its own."""
        provisioner = getattr(self.kernel, "provisioner", None)
        pgid, pid = getattr(provisioner, "pgid", None), getattr(provisioner, "pid", None)
        with contextlib.suppress(ProcessLookupError):
            if pgid:
                os.killpg(pgid, signal.SIGKILL)
            elif pid:
                os.kill(pid, signal.SIGKILL)

    def check(self) -> None:
        if self.signum is not None:
            raise _Signalled(self.signum)

    def notebook_started(self, notebook: Any, **_: Any) -> None:
        """nbclient hook: the kernel answered; a signal that came during its start stops here."""
        self.ready, self.notebook = True, notebook
        self.check()

    def cell_started(self, cell: Any, **_: Any) -> None:
        """nbclient hook: remember the cell, to name it if the kernel dies while running it."""
        self.cell = cell
        self.check()


def _check_templates(playbook: registry.Playbook, extra: Sequence[Path]) -> None:
    """Every template the run will render exists, before a kernel is started for nothing."""
    from kit import templates

    for spec in playbook.documents:
        templates.find(playbook, spec.template, extra)


def _destination(folder: Path) -> Path:
    """The absolute output folder, refused with one line when no run could write there."""
    final = folder.resolve()
    if os.path.exists(final) and not final.is_dir():
        raise UsageError(f"{folder}: is a file, not a folder")
    existing = next(p for p in (final, *final.parents) if os.path.exists(p))
    if not existing.is_dir():
        raise UsageError(f"{folder}: {existing} is a file, so no folder can be made inside it")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise UsageError(f"{folder}: {existing} is not writable")
    return final


def _make_folders(folder: Path) -> list[Path]:
    """Create ``folder`` and its missing parents; return those created, deepest last."""
    missing = [p for p in (folder, *folder.parents) if not os.path.exists(p)][::-1]
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _remove_empty(missing)
        raise UsageError(f"{folder}: cannot create the output folder ({exc.strerror})") from exc
    return missing


def _make_staging(final: Path, created: list[Path]) -> Path:
    """A private folder beside ``final`` named after this process, so a sweep can tell whose."""
    try:
        return Path(
            tempfile.mkdtemp(
                prefix=f".{final.name[:60]}.{os.getpid()}.", suffix=".staging", dir=final.parent
            )
        )
    except OSError as exc:
        _remove_empty(created)
        raise UsageError(f"{final.parent}: cannot write there ({exc.strerror})") from exc


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders this run created, deepest first, if they are still empty."""
    for folder in reversed(created):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _sweep(folder: Path) -> None:
    """Remove staging folders left in ``folder`` by runs whose process no longer exists."""
    for entry in folder.glob(".*.staging"):
        match = STAGING.fullmatch(entry.name)
        if match and entry.is_dir() and not _alive(int(match["pid"])):
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (one that has exited)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    with contextlib.suppress(OSError):
        return stat.read_text().rpartition(")")[2].split()[0] not in ("Z", "X")
    return True


def _execute(notebook: Path, staging: Path, params_file: Path, handoff: Path, stop: _Stop) -> None:
    """Run ``notebook`` in a kernel this run owns and always stops.

    The kernel manager is the runner's, not nbclient's, so a signal handler can reach the
    kernel; its connection file lives in the staging folder; and it gets CurveZMQ keys when
    the kernel supports them, so traffic is encrypted and ipykernel has no plain-TCP warning to
    print.
    """
    import papermill
    import zmq
    from jupyter_client.manager import AsyncKernelManager
    from nbclient.exceptions import DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    _unprinted("papermill")
    kernel = AsyncKernelManager(kernel_name="python3", log=_unprinted("kit.kernel"))
    kernel.connection_file = str(staging / KERNEL_FILE)
    if zmq.has("curve"):
        kernel.transport_encryption = "auto"
    executed = staging / notebook.name
    stop.kernel = kernel
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
            km=kernel,
            on_notebook_start=stop.notebook_started,
            on_cell_start=stop.cell_started,
        )
    except PapermillExecutionError as exc:
        stop.check()
        evalue = (exc.evalue or "").strip().splitlines()
        raise PlaybookError(
            f"{notebook.name}: {_failed_cell(executed)} failed: {exc.ename}: "
            f"{evalue[0] if evalue else ''}"
        ) from exc
    except DeadKernelError as exc:
        stop.check()
        cell = _running_cell(stop.notebook, stop.cell)
        raise PlaybookError(
            f"{notebook.name}: the kernel died while running {cell} (out of memory, or killed)"
        ) from exc
    except (RuntimeError, TimeoutError) as exc:
        stop.check()
        if stop.ready:
            raise
        raise PlaybookError(f"{notebook.name}: the python3 kernel did not start ({exc})") from exc
    finally:
        with stop.deferred():
            stop.kernel = None
            _shut_down(kernel)
    stop.check()


def _unprinted(name: str) -> logging.Logger:
    """A logger Python does not print to standard error when no logging is configured.

    Papermill and nbclient log each failure before raising it; the runner reports the raised
    error in one line, so the log line would only repeat it. An application that configures
    logging still receives these records.
    """
    logger = logging.getLogger(name)
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    return logger


UNUSED_IMPORTS = ("rfc3987_syntax",)
"""Optional imports of the notebook engine that a run never uses: jsonschema (through nbformat)
builds a Lark grammar for IRI format checks at import, about a second of CPU per run, and no
notebook schema asks for an IRI format. Marked absent, jsonschema leaves that checker out."""


def _load_notebook_engine() -> None:
    """Import papermill and nbformat without the optional parts a run never needs."""
    import sys

    for name in UNUSED_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
    import papermill  # noqa: F401


def _check_notebook(notebook: Path) -> None:
    """A notebook that is missing or not JSON fails with its path, before a kernel starts.

    Loading the notebook engine here, where a signal stops the run at once, also keeps the
    seconds its import takes out of the phase where a signal waits for the kernel.
    """
    _load_notebook_engine()
    import nbformat

    try:
        nbformat.read(notebook, as_version=4)
    except OSError as exc:
        raise PlaybookError(f"{notebook}: cannot read the notebook ({exc.strerror})") from exc
    except (ValueError, nbformat.ValidationError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise PlaybookError(f"{notebook}: not a valid notebook ({reason})") from exc


def _shut_down(kernel: Any) -> None:
    """Stop the kernel if it still runs and remove its connection file."""
    from jupyter_core.utils import run_sync

    if kernel.has_kernel:
        run_sync(kernel.shutdown_kernel)(now=True)
    else:
        run_sync(kernel.cleanup_resources)()


def _source_cells(cells: list[Any]) -> list[Any]:
    """The notebook's own cells: papermill's parameters cell and error banner are not counted."""
    added = {"injected-parameters", "papermill-error-cell-tag"}
    return [cell for cell in cells if not added & set(cell.metadata.get("tags", []))]


def _label(number: int, cell: Any) -> str:
    lines = [line for line in cell.source.splitlines() if line.strip()]
    first = next((line for line in lines if not line.startswith("#")), "")
    return f"cell {number} ({first[:60]})"


def _failed_cell(executed: Path) -> str:
    """Name the failing cell as its author sees it: number in the source notebook and first line."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    for number, cell in enumerate(_source_cells(notebook.cells), start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return _label(number, cell)
    return "a cell"


def _running_cell(notebook: Any, running: Any) -> str:
    if notebook is None or running is None:
        return "a cell"
    for number, cell in enumerate(_source_cells(notebook.cells), start=1):
        if cell is running:
            return _label(number, cell)
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


def _publish(staging: Path, final: Path, withheld: Sequence[str] = ()) -> list[Path]:
    """Move the run's files into place; a customer document the gate withheld this time is
    removed if an earlier run left one there, so the folder never offers an outdated copy."""
    final.mkdir(parents=True, exist_ok=True)
    for name in withheld:
        for stale in (final / name, (final / name).with_suffix(".pdf")):
            stale.unlink(missing_ok=True)
    published = []
    for item in sorted(staging.iterdir()):
        if item.name.startswith("."):
            continue
        target = final / item.name
        os.replace(item, target)
        published.append(target)
    return published
