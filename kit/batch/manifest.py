"""The batch manifest: one line per row, written as rows finish, read back to resume.

``manifest.csv`` is appended and flushed row by row, so it holds every finished row even when
a run is interrupted, and it is what the next run reads to skip unchanged rows.
``manifest.json`` carries the same rows plus the run's settings and summary; it is written
beside the CSV as the rows finish and moved into place when the run ends, so a reader never
sees half a JSON document.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Literal

Status = Literal["ok", "edits", "review_failed", "invalid", "failed"]
FAILED: frozenset[str] = frozenset({"review_failed", "invalid", "failed"})
"""Statuses that make ``kit batch`` exit 1."""
REPEATABLE: frozenset[str] = frozenset({"ok", "edits", "review_failed"})
"""Outcomes that the same inputs reproduce exactly, so a rerun may skip them. A row that
was invalid or failed always runs again: the cause may have been outside its inputs."""
CSV_NAME = "manifest.csv"
JSON_NAME = "manifest.json"
COLUMNS = ("row", "source", "id", "status", "skipped", "files", "sha256", "error", "key")
SEPARATOR = ";"
"""Between file names and between their hashes; output names never contain it."""
ERROR_SEPARATOR = " | "


@dataclass(frozen=True)
class Outcome:
    """What became of one row."""

    row: int
    source: str
    id: str
    status: Status
    files: tuple[tuple[str, str], ...] = ()
    """(file name, sha256) of every file written for the row, relative to the output folder."""
    errors: tuple[str, ...] = ()
    key: str = ""
    """The hash of everything the row's output depends on; equal keys give equal files."""
    skipped: bool = False
    """Unchanged since the last run, whose files are still intact: nothing was rendered."""

    @property
    def failed(self) -> bool:
        return self.status in FAILED

    def record(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "source": self.source,
            "id": self.id,
            "status": self.status,
            "skipped": self.skipped,
            "files": [{"name": name, "sha256": digest} for name, digest in self.files],
            "errors": list(self.errors),
            "key": self.key,
        }


def previous(out_dir: Path) -> dict[str, Outcome]:
    """The last run's repeatable rows by key; empty when there was none."""
    path = out_dir / CSV_NAME
    if not path.is_file():
        return {}
    found: dict[str, Outcome] = {}
    with path.open(encoding="utf-8", newline="") as stream:
        for line in csv.DictReader(stream):
            if line.get("status") not in REPEATABLE or not line.get("key"):
                continue
            names = [n for n in (line.get("files") or "").split(SEPARATOR) if n]
            hashes = [h for h in (line.get("sha256") or "").split(SEPARATOR) if h]
            if len(names) != len(hashes) or not (line.get("row") or "").isdigit():
                continue
            found[line["key"]] = Outcome(
                int(line["row"]),
                line.get("source") or "",
                line.get("id") or "",
                line["status"],
                tuple(zip(names, hashes, strict=True)),
                tuple(e for e in (line.get("error") or "").split(ERROR_SEPARATOR) if e),
                line["key"],
            )
    return found


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def intact(out_dir: Path, files: tuple[tuple[str, str], ...]) -> bool:
    """Every file is still there with the bytes the manifest recorded."""
    return all(
        (out_dir / name).is_file() and sha256(out_dir / name) == digest for name, digest in files
    )


@dataclass
class Tally:
    """Counts for the summary; kept as counters, never as a list of rows."""

    statuses: Counter[str] = field(default_factory=Counter)
    skipped: int = 0

    def add(self, outcome: Outcome) -> None:
        self.statuses[outcome.status] += 1
        self.skipped += outcome.skipped

    @property
    def rows(self) -> int:
        return sum(self.statuses.values())

    @property
    def failed(self) -> int:
        return sum(self.statuses[status] for status in FAILED)


class Writer:
    """Writes both manifests a row at a time; ``close`` adds the summary."""

    def __init__(self, out_dir: Path, settings: dict[str, Any]) -> None:
        self.out_dir = out_dir
        self._csv_stream: IO[str] = (out_dir / CSV_NAME).open("w", encoding="utf-8", newline="")
        self._csv = csv.writer(self._csv_stream)
        self._csv.writerow(COLUMNS)
        (out_dir / JSON_NAME).unlink(missing_ok=True)  # the last run's, no longer true
        self._json_part = out_dir / f".{JSON_NAME}.part"
        self._json: IO[str] = self._json_part.open("w", encoding="utf-8")
        self._json.write("{\n" + _members(settings) + ',\n  "rows": [')
        self._first = True

    def add(self, outcome: Outcome) -> None:
        self._csv_row(outcome)
        separator = "\n    " if self._first else ",\n    "
        self._json.write(separator + json.dumps(outcome.record(), ensure_ascii=False))
        self._json.flush()
        self._first = False

    def _csv_row(self, outcome: Outcome) -> None:
        self._csv.writerow(
            [
                outcome.row,
                outcome.source,
                outcome.id,
                outcome.status,
                "yes" if outcome.skipped else "",
                SEPARATOR.join(name for name, _ in outcome.files),
                SEPARATOR.join(digest for _, digest in outcome.files),
                ERROR_SEPARATOR.join(outcome.errors),
                outcome.key,
            ]
        )
        self._csv_stream.flush()

    def close(self, summary: dict[str, Any]) -> None:
        self._json.write("\n  ],\n" + _members({"summary": summary}) + "\n}\n")
        self._json.close()
        self._csv_stream.close()
        os.replace(self._json_part, self.out_dir / JSON_NAME)

    def abandon(self, unreached: Iterable[Outcome] = ()) -> None:
        """An interrupted run: keep the CSV, drop the partial JSON.

        ``unreached`` are the previous run's rows this run did not get to; they are kept in
        the CSV so the next run still skips them instead of forgetting them.
        """
        for outcome in unreached:
            self._csv_row(outcome)
        self._csv_stream.close()
        self._json.close()
        self._json_part.unlink(missing_ok=True)


def _members(values: dict[str, Any]) -> str:
    """Top-level JSON members, indented as the rest of the document."""
    return ",\n".join(
        f"  {json.dumps(key)}: "
        + json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        for key, value in values.items()
    )
