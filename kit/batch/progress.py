"""Progress of a batch: a bar on a terminal or in a notebook, plain lines in a CI log.

A bar redraws itself with carriage returns, which a CI log records as one very long line or
thousands of short ones; so when standard error is not a terminal (and no notebook is
showing a widget) the batch prints a line every twentieth of the way instead. Failed rows are
printed as they happen in both cases, so a long run shows its problems before it ends.
"""

from __future__ import annotations

import sys
import time
from typing import Any, Protocol, TextIO

from kit.batch.manifest import Outcome, Tally

STEPS = 20
"""Plain progress lines per run, at most (plus one per failed row)."""


class Progress(Protocol):
    def update(self, outcome: Outcome, tally: Tally) -> None: ...

    def note(self, line: str) -> None: ...

    def close(self) -> None: ...


def reporter(total: int, show: bool, stream: TextIO | None = None) -> Progress:
    """The right progress display for where the batch runs; ``show=False`` prints nothing."""
    stream = stream or sys.stderr
    if not show:
        return Quiet()
    if _in_notebook() or stream.isatty():
        return Bar(total, stream)
    return Lines(total, stream)


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    if shell is None:
        return False
    ipython = shell.get_ipython()
    return ipython is not None and type(ipython).__name__ == "ZMQInteractiveShell"


def failure_line(outcome: Outcome) -> str:
    first = outcome.errors[0] if outcome.errors else outcome.status
    more = f" (+{len(outcome.errors) - 1} more)" if len(outcome.errors) > 1 else ""
    return f"{outcome.status}: {first}{more}"


class Quiet:
    def update(self, outcome: Outcome, tally: Tally) -> None:
        return None

    def note(self, line: str) -> None:
        return None

    def close(self) -> None:
        return None


class Bar:
    """tqdm's bar: a widget in JupyterLab, a redrawn line in a terminal."""

    def __init__(self, total: int, stream: TextIO) -> None:
        from tqdm.auto import tqdm

        self._tqdm = tqdm
        self._bar: Any = tqdm(total=total, unit="row", file=stream, dynamic_ncols=True)
        self._stream = stream

    def update(self, outcome: Outcome, tally: Tally) -> None:
        if outcome.failed:
            self.note(failure_line(outcome))
        self._bar.set_postfix(
            ok=tally.rows - tally.failed, failed=tally.failed, skipped=tally.skipped, refresh=False
        )
        self._bar.update(1)

    def note(self, line: str) -> None:
        self._tqdm.write(line, file=self._stream)

    def close(self) -> None:
        self._bar.close()


class Lines:
    """One plain line per twentieth of the rows, for logs that are not terminals."""

    def __init__(self, total: int, stream: TextIO) -> None:
        self._total = total
        self._stream = stream
        self._every = max(1, -(-total // STEPS))
        self._started = time.perf_counter()

    def update(self, outcome: Outcome, tally: Tally) -> None:
        if outcome.failed:
            self.note(failure_line(outcome))
        done = tally.rows
        if done % self._every == 0 or done == self._total:
            rate = done / max(time.perf_counter() - self._started, 1e-9)
            self.note(
                f"progress: {done}/{self._total} rows, {tally.rows - tally.failed} ok, "
                f"{tally.failed} failed, {tally.skipped} skipped ({rate:.1f} rows/s)"
            )

    def note(self, line: str) -> None:
        print(line, file=self._stream, flush=True)

    def close(self) -> None:
        return None
