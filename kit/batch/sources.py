"""Where a batch's rows come from: parameters files, or the rows of a CSV or XLSX table.

Rows are read one at a time and never held together, so a table of 10,000 renewals costs the
memory of one row. A table's rows are numbered as a spreadsheet shows them (the header is
row 1), so ``row 7`` in an error is the line a user scrolls to in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import glob
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from kit.errors import UsageError

TABLES = {".csv": ",", ".tsv": "\t", ".xlsx": None, ".xlsm": None}
PARAMETERS = {".yaml", ".yml"}


@dataclass(frozen=True)
class TableRow:
    number: int
    cells: dict[str, Any]
    overflow: int = 0
    """Non-empty cells beyond the header's last column: a shifted row, reported as an error."""


@dataclass(frozen=True)
class FileRow:
    number: int
    path: Path


class Source(Protocol):
    name: str

    def count(self) -> int:
        """How many rows there are, found by a cheap pass before the batch starts."""
        ...


@dataclass(frozen=True)
class Files:
    """A folder or a glob of parameters files, one row each, in name order."""

    name: str
    paths: tuple[Path, ...]

    def count(self) -> int:
        return len(self.paths)

    def rows(self) -> Iterator[FileRow]:
        for number, path in enumerate(self.paths, start=1):
            yield FileRow(number, path)


@dataclass(frozen=True)
class Table:
    """A CSV, TSV or XLSX table: a header of column names, then one row per document."""

    path: Path

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def header(self) -> list[str]:
        for values in self._records():
            return _header(self.path, values)
        raise UsageError(f"{self.path}: the table is empty; the first row must name the columns")

    def count(self) -> int:
        return sum(1 for _ in self.rows())

    def rows(self) -> Iterator[TableRow]:
        """Every non-blank row after the header, as ``{column: cell}``."""
        records = self._records()
        header = _header(self.path, next(records, []))
        for number, values in enumerate(records, start=2):
            if all(_blank(value) for value in values):
                continue
            overflow = sum(1 for value in values[len(header) :] if not _blank(value))
            cells = {name: value for name, value in zip(header, values, strict=False) if name}
            yield TableRow(number, cells, overflow)

    def _records(self) -> Iterator[list[Any]]:
        if self.path.suffix.lower() in {".xlsx", ".xlsm"}:
            return _xlsx_records(self.path)
        return _csv_records(self.path, TABLES[self.path.suffix.lower()] or ",")


def open_rows(spec: str | Path) -> Files | Table:
    """``deals.csv``, ``book.xlsx``, ``accounts/`` or ``accounts/*.yaml``."""
    text = str(spec)
    path = Path(text)
    if path.is_dir():
        paths = sorted(p for p in path.iterdir() if p.suffix in PARAMETERS and p.is_file())
        if not paths:
            raise UsageError(f"{path}: no .yaml parameters files in this folder")
        return Files(text, tuple(paths))
    if path.is_file():
        suffix = path.suffix.lower()
        if suffix in TABLES:
            return Table(path)
        if suffix in PARAMETERS:
            return Files(text, (path,))
        raise UsageError(
            f"{path}: rows must be a .csv, .tsv, .xlsx table or .yaml parameters files"
        )
    if glob.has_magic(text):
        paths = sorted(Path(p) for p in glob.glob(text, recursive=True) if Path(p).is_file())
        if not paths:
            raise UsageError(f"{text}: no file matches")
        return Files(text, tuple(paths))
    raise UsageError(f"{text}: no such file or folder")


def _header(path: Path, values: list[Any]) -> list[str]:
    names = [_text(value) for value in values]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise UsageError(f"{path}: row 1 must name the columns")
    seen: set[str] = set()
    for index, name in enumerate(names, start=1):
        if name in seen:
            raise UsageError(f"{path}: column {name!r} appears twice in the header")
        if name:
            seen.add(name)
        elif any(names[index:]):
            raise UsageError(f"{path}: column {index} of the header has no name")
    return names


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _csv_records(path: Path, delimiter: str) -> Iterator[list[Any]]:
    """Records of a UTF-8 CSV (a byte-order mark, as Excel writes, is skipped)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            yield from csv.reader(stream, delimiter=delimiter)
    except UnicodeDecodeError as exc:
        raise UsageError(
            f"{path}: not UTF-8 text ({exc.reason}); export the table as UTF-8"
        ) from exc
    except csv.Error as exc:
        raise UsageError(f"{path}: not a readable table ({exc})") from exc


def _xlsx_records(path: Path) -> Iterator[list[Any]]:
    """Cells of the workbook's first sheet, as the text a user sees in them.

    A percentage cell holds a fraction (0.1 for 10 %); it comes out as ``10%`` so the
    parameters read it the way it was typed.
    """
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UsageError(f"{path}: not a readable workbook ({exc})") from exc
    try:
        sheet = book.worksheets[0]
        for cells in sheet.iter_rows():
            yield [_xlsx_value(cell) for cell in cells]
    finally:
        book.close()


def _xlsx_value(cell: Any) -> Any:
    value = cell.value
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if "%" in (getattr(cell, "number_format", "") or ""):
            return f"{_plain(number * 100)}%"
        return _plain(number)
    return str(value)


def _plain(number: Decimal) -> str:
    """``20.0`` as ``20`` and ``0.125`` as ``0.125``: never an exponent."""
    if number == number.to_integral_value():
        return str(number.to_integral_value())
    return format(number.normalize(), "f")


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()
