"""Word documents to PDF through LibreOffice, one long-lived LibreOffice per process.

Starting LibreOffice costs about a second of processor time (more with a new profile) while
converting a proposal costs about 0.3 s, so ``soffice --convert-to`` per file spends most of
its time starting up, and a batch worker that gets one deal at a time cannot group files into
one call.
A :class:`Converter` therefore starts a headless LibreOffice once, listening on a named pipe,
and feeds it every document through :mod:`kit._soffice_bridge`, a small script run by a Python
that can import LibreOffice's ``uno`` module (Debian's ``python3-uno``, or the Python LibreOffice
bundles on macOS and Windows), so the kit's own environment needs no extra package.

Each converter has a LibreOffice profile of its own (``-env:UserInstallation``), so it never
hands its work to a LibreOffice the user has open and several workers never share state. Every
wait has a timeout; when it passes, LibreOffice is killed with its whole process group and the
next conversion starts a fresh one. Each PDF is written under a temporary name and renamed
when complete, so a failure never leaves a half-written file behind.

:func:`shared` is the converter of the current process, which ``kit run --pdf`` and batch
workers use so LibreOffice starts once per process rather than once per document.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import queue
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any, NoReturn

from kit.errors import ConversionError, UsageError

DEFAULT_TIMEOUT = 120.0
"""Seconds to wait for LibreOffice to start, and then for each document."""
SHUTDOWN_SECONDS = 10.0
"""How long a LibreOffice asked to quit may take before it is killed."""
POLL_SECONDS = 0.2
"""How often a wait checks that LibreOffice is still running."""
INSTALL = "on Debian/Ubuntu: apt-get install libreoffice-writer-nogui"
INSTALL_UNO = "on Debian/Ubuntu: apt-get install python3-uno"
MACOS_SOFFICE = Path("/Applications/LibreOffice.app/Contents/MacOS/soffice")
BRIDGE = Path(__file__).with_name("_soffice_bridge.py")


def find_soffice() -> str:
    """The LibreOffice program: ``KIT_SOFFICE`` when set, else the one on ``PATH``."""
    configured = os.environ.get("KIT_SOFFICE")
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ConversionError(
                f"LibreOffice is not installed at KIT_SOFFICE={configured}; {INSTALL}"
            )
        return found
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None and MACOS_SOFFICE.is_file():
        found = str(MACOS_SOFFICE)
    if found is None:
        raise ConversionError(f"LibreOffice is not installed; {INSTALL}")
    return found


def find_python(soffice: str) -> str:
    """A Python that can import ``uno``: ``KIT_SOFFICE_PYTHON``, LibreOffice's own, or the
    system's (where Debian's ``python3-uno`` installs it; a virtual environment never has it)."""
    configured = os.environ.get("KIT_SOFFICE_PYTHON")
    if configured:
        found = shutil.which(configured)
        if found is None:
            raise ConversionError(
                f"no Python at KIT_SOFFICE_PYTHON={configured}; point it at one that can "
                f"import LibreOffice's uno module"
            )
        return found
    program = Path(soffice).resolve().parent
    candidates = [
        program / "python",
        program / "python.exe",
        program.parent / "Resources" / "python",
        Path("/usr/bin/python3"),
    ]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise ConversionError(f"LibreOffice's Python bridge is not installed; {INSTALL_UNO}")


def require() -> None:
    """Fail now, before a notebook runs for a minute, if no conversion could start later."""
    find_python(find_soffice())


class Converter:
    """One headless LibreOffice, started on first use and reused for every document.

    Use it as a context manager, or call :meth:`close`; :func:`shared` keeps one per process.
    Conversions are serialised, so threads of one worker may share it. ``starts`` counts the
    LibreOffice processes this converter has started (one, unless one was killed).
    """

    def __init__(self, timeout: float | None = None) -> None:
        if timeout is not None and timeout <= 0:
            raise UsageError(f"timeout {timeout:g} s: must be more than 0 seconds")
        self.timeout = DEFAULT_TIMEOUT if timeout is None else timeout
        self.starts = 0
        self._owner = os.getpid()
        self._lock = threading.Lock()
        self._scratch: Path | None = None
        self._soffice: subprocess.Popen[bytes] | None = None
        self._bridge: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def convert(
        self, documents: Iterable[str | Path], out_dir: str | Path | None = None
    ) -> list[Path]:
        """Write ``<name>.pdf`` for each document, beside it or into ``out_dir``; return them.

        Every input is checked before LibreOffice starts, so a typo in the last file name does
        not cost the conversions before it.
        """
        jobs = _plan(documents, out_dir)
        with self._lock:
            for source, target in jobs:
                self._convert_one(source, target)
        return [target for _, target in jobs]

    def close(self) -> None:
        """Ask LibreOffice to quit (kill it if it does not) and remove its profile."""
        if os.getpid() != self._owner:
            return  # a forked child inherited this object; the processes are the parent's
        with self._lock:
            self._stop(kill=False)
            if self._scratch is not None:
                shutil.rmtree(self._scratch, ignore_errors=True)
                self._scratch = None

    def _convert_one(self, source: Path, target: Path) -> None:
        partial = target.with_name(f".{target.name}.{secrets.token_hex(4)}.part")
        try:
            self._ensure_running()
            reply = self._ask(
                {"source": source.as_uri(), "target": partial.as_uri()},
                f"{source}: LibreOffice did not finish converting it within {self.timeout:g} s; "
                "it was stopped",
                f"{source}: LibreOffice stopped while converting it",
            )
            if "error" in reply:
                raise ConversionError(
                    f"{source}: LibreOffice could not convert it: {reply['error']}"
                )
            os.replace(partial, target)
        except ConversionError:
            raise
        except BaseException:
            # Interrupted (Ctrl-C, a signal) while LibreOffice starts or converts: it would still
            # answer the abandoned request, out of step with the next one, so it is stopped.
            self._stop(kill=True)
            raise
        finally:
            partial.unlink(missing_ok=True)

    def _ensure_running(self) -> None:
        running = [process for process in (self._bridge, self._soffice) if process is not None]
        if len(running) == 2 and all(process.poll() is None for process in running):
            return
        self._stop(kill=True)
        soffice = find_soffice()
        python = find_python(soffice)
        if self._scratch is None:
            self._scratch = Path(tempfile.mkdtemp(prefix="kit-soffice-"))
        pipe = f"kit-{os.getpid()}-{secrets.token_hex(4)}"
        with open(self._scratch / "soffice.log", "ab") as log:
            try:
                self._soffice = subprocess.Popen(
                    [
                        soffice,
                        "--headless",
                        "--invisible",
                        "--nologo",
                        "--norestore",
                        "--nodefault",
                        "--nolockcheck",
                        f"-env:UserInstallation={(self._scratch / 'profile').as_uri()}",
                        f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
                    ],
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            except OSError as exc:
                raise ConversionError(f"{soffice}: cannot start LibreOffice ({exc})") from exc
        self.starts += 1
        self._start_bridge(python, pipe)
        reply = self._ask(
            None,
            f"LibreOffice did not start within {self.timeout:g} s; it was stopped",
            "LibreOffice stopped while starting",
        )
        if "error" in reply:
            self._stop(kill=True)
            hint = (
                f"; {INSTALL_UNO}, or set KIT_SOFFICE_PYTHON" if reply.get("uno") is False else ""
            )
            raise ConversionError(f"{reply['error']}{hint}")

    def _start_bridge(self, python: str, pipe: str) -> None:
        """Start the bridge in a session of its own, like LibreOffice: Ctrl-C reaches the kit
        alone, which stops both. Should the kit die instead, the bridge reads the end of its
        input and closes LibreOffice on its way out."""
        assert self._scratch is not None
        environment = {
            name: value
            for name, value in os.environ.items()
            if name not in {"PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP"}
        }
        self._replies = queue.Queue()
        with open(self._scratch / "bridge.log", "ab") as log:
            try:
                self._bridge = subprocess.Popen(
                    [python, "-c", BRIDGE.read_text(encoding="utf-8"), pipe],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=log,
                    cwd=self._scratch,
                    env=environment,
                    text=True,
                    encoding="utf-8",
                    start_new_session=True,
                )
            except OSError as exc:
                self._stop(kill=True)
                raise ConversionError(f"{python}: cannot start it ({exc})") from exc
        assert self._bridge.stdout is not None
        threading.Thread(
            target=_read_lines, args=(self._bridge.stdout, self._replies), daemon=True
        ).start()

    def _ask(self, request: dict[str, Any] | None, timed_out: str, died: str) -> dict[str, Any]:
        """Send ``request`` (none: wait for the start-up reply) and wait for the answer.

        A wait longer than the timeout kills LibreOffice; so does LibreOffice or the bridge
        exiting underneath, reported with the last line either wrote.
        """
        assert self._bridge is not None and self._bridge.stdin is not None
        if request is not None:
            try:
                self._bridge.stdin.write(json.dumps(request) + "\n")
                self._bridge.stdin.flush()
            except OSError:
                self._fail(died)
        deadline = time.monotonic() + self.timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._stop(kill=True)
                raise ConversionError(timed_out)
            try:
                line = self._replies.get(timeout=min(remaining, POLL_SECONDS))
            except queue.Empty:
                if self._soffice is not None and self._soffice.poll() is not None:
                    self._fail(f"{died} (exit status {self._soffice.returncode})")
                continue
            if line is None:
                self._fail(died)
            return json.loads(line)

    def _fail(self, message: str) -> NoReturn:
        detail = self._last_log_line()
        self._stop(kill=True)
        raise ConversionError(f"{message}: {detail}" if detail else message)

    def _last_log_line(self) -> str:
        assert self._scratch is not None
        for name in ("bridge.log", "soffice.log"):
            path = self._scratch / name
            if not path.is_file():
                continue
            lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
            useful = [line.strip() for line in lines if line.strip() and "javaldx" not in line]
            if useful:
                return useful[-1]
        return ""

    def _stop(self, *, kill: bool) -> None:
        """Stop the bridge and LibreOffice; politely unless ``kill``."""
        bridge, soffice = self._bridge, self._soffice
        self._bridge = self._soffice = None
        if bridge is not None:
            if not kill:
                kill = not _quit(bridge)
            if bridge.poll() is None:
                bridge.kill()
            bridge.wait()
            assert bridge.stdin is not None
            # Closing a pipe whose reader has died flushes into nothing; that is fine here.
            with contextlib.suppress(OSError):
                bridge.stdin.close()
        if soffice is not None:
            killed = kill or not _exits_within(soffice, SHUTDOWN_SECONDS)
            if killed:
                _kill_group(soffice)
            soffice.wait()
            # A LibreOffice killed mid-write may leave its profile half-written; the next start
            # builds a new one rather than trip over it.
            if killed and self._scratch is not None:
                shutil.rmtree(self._scratch / "profile", ignore_errors=True)


def _quit(bridge: subprocess.Popen[str]) -> bool:
    """Ask the bridge to close LibreOffice and exit; whether it did so in time."""
    assert bridge.stdin is not None
    if bridge.poll() is not None:
        return False
    try:
        bridge.stdin.write(json.dumps({"quit": True}) + "\n")
        bridge.stdin.close()
        bridge.wait(SHUTDOWN_SECONDS)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return True


def _exits_within(process: subprocess.Popen[bytes], seconds: float) -> bool:
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        return False
    return True


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice with its children: ``soffice`` starts ``oosplash``, which starts the
    ``soffice.bin`` that does the work, all in the session the converter gave them."""
    if sys.platform == "win32":
        process.kill()
        return
    # ProcessLookupError: everything in the group has already exited.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def _read_lines(stream: IO[str], replies: queue.Queue[str | None]) -> None:
    """Move the bridge's replies onto a queue, so waiting for one can time out; ``None`` marks
    the end of its output, after which the stream is closed here, by its only reader."""
    with stream:
        for line in stream:
            replies.put(line)
    replies.put(None)


def _plan(documents: Iterable[str | Path], out_dir: str | Path | None) -> list[tuple[Path, Path]]:
    """Pair each document with its PDF, refusing missing files and two inputs that would write
    the same PDF, before any work starts."""
    folder = Path(out_dir).resolve() if out_dir is not None else None
    jobs: list[tuple[Path, Path]] = []
    claimed: dict[Path, Path] = {}
    for document in documents:
        source = Path(document).resolve()
        if not source.is_file():
            raise UsageError(f"{document}: no such file")
        if source.suffix.lower() != ".docx":
            raise UsageError(f"{document}: not a Word document (.docx)")
        target = (folder or source.parent) / f"{source.stem}.pdf"
        if target in claimed:
            raise UsageError(f"{document}: would overwrite the PDF of {claimed[target]}")
        claimed[target] = source
        jobs.append((source, target))
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{out_dir}: cannot create the folder ({exc.strerror})") from exc
    return jobs


_shared: Converter | None = None
_shared_lock = threading.Lock()


def shared() -> Converter:
    """This process's converter: started on first use, stopped when the process exits.

    A batch worker calls :func:`convert` for every deal it renders and pays for one LibreOffice
    start in total. A forked child gets a converter of its own instead of its parent's.
    """
    global _shared
    with _shared_lock:
        if _shared is None or _shared._owner != os.getpid():
            _shared = Converter()
            atexit.register(_shared.close)
        return _shared


def convert(documents: Iterable[str | Path], out_dir: str | Path | None = None) -> list[Path]:
    """Convert with this process's converter; see :meth:`Converter.convert`."""
    return shared().convert(documents, out_dir)
