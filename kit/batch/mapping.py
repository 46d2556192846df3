"""Mapping files: how the columns of a CRM export become fields of a parameters file.

A table given to ``kit batch`` names fields in its header. A column is either a field path
itself (``customer.name``, ``pricing.subscription.quantity``, ``outcomes[0].target``) or is
translated by a mapping file. The kit ships mappings for Salesforce and HubSpot exports
(``--mapping salesforce``, ``--mapping hubspot``); a team writes its own for its columns::

    name: acme-salesforce             # shown in messages; defaults to the file name
    extends: salesforce               # optional: start from another mapping (name or file)
    date_formats: ["%d.%m.%Y"]        # optional: tried after ISO 8601 by the date transform
    other_columns: ignore             # or error (the default): columns nothing here names
    kinds:
      deal:                           # the parameters kind the columns fill
        columns:
          Proposal_Date__c: {field: date, transform: date, required: true}
          Seats__c: {field: pricing.subscription.quantity, transform: number}
          List_Price__c:
            field: pricing.subscription.unit_price
            value: "{List_Price__c} {=pricing.currency}"  # a column and a field: one value
            transform: number                             # applied to this column's cell
          Region__c: customer.industry                    # short form: just the field path
        ignore: [LastModifiedDate, OwnerId]

A column entry takes ``field`` (a field path, checked against the kind's model before any row
runs), ``value`` (a template of ``{Column}`` and ``{=field.path}`` references, the latter read
from the row's parameters after its other columns are set; default: the cell itself),
``transform`` (``text``, ``slug``, ``date``, ``number``), ``required`` (an empty cell is a row
error instead of leaving the base value) and ``optional`` (the export may lack the column).
``kit/batch/MAPPINGS.md`` is the long form of this description, with the shipped mappings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping as MappingType
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kit.batch import fields
from kit.errors import MappingError, UsageError

SHIPPED = Path(__file__).resolve().parent / "mappings"
Transform = Literal["text", "slug", "date", "number"]
CUSTOMERS_OWN = ("customer.logo", "recipient", "sponsor")
"""Fields of a base file that name its own customer's logo and people: a row for another
customer must not print them, so it starts without them (a deal's cover then reads "Prepared
for" the company, an account's is addressed to the company)."""


# --- the file format ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Column(_Strict):
    """How one column of the export fills one field."""

    field: str = Field(min_length=1)
    value: str | None = None
    transform: Transform = "text"
    required: bool = False
    optional: bool = False


class KindColumns(_Strict):
    columns: dict[str, Column] = Field(default_factory=dict)
    ignore: list[str] = Field(default_factory=list)

    @field_validator("columns", mode="before")
    @classmethod
    def _short_form(cls, value: Any) -> Any:
        """``Name: title`` is short for ``Name: {field: title}``."""
        if isinstance(value, MappingType):
            return {k: {"field": v} if isinstance(v, str) else v for k, v in value.items()}
        return value


class MappingFile(_Strict):
    name: str | None = None
    description: str = ""
    extends: str | None = None
    date_formats: list[str] | None = None
    other_columns: Literal["error", "ignore"] | None = None
    kinds: dict[str, KindColumns] = Field(default_factory=dict)


@dataclass(frozen=True)
class Mapping:
    """A mapping file with everything it extends folded in."""

    name: str
    source: str
    """The file it was read from, named in every problem."""
    date_formats: tuple[str, ...]
    other_columns: Literal["error", "ignore"]
    kinds: MappingType[str, KindColumns]


def shipped() -> list[str]:
    return sorted(path.stem for path in SHIPPED.glob("*.yaml"))


def load(reference: str | Path) -> Mapping:
    """A shipped mapping by name (``salesforce``) or a mapping file by path."""
    return _load(reference, Path.cwd(), ())


def _load(reference: str | Path, here: Path, seen: tuple[Path, ...]) -> Mapping:
    path = _locate(reference, here)
    if path in seen:
        chain = " -> ".join(str(p) for p in (*seen, path))
        raise MappingError(str(path), [f"extends: the mappings extend each other ({chain})"])
    from kit import params

    data = params.read(path)
    try:
        spec = MappingFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            f"{params.format_location(error['loc'])}: {error['msg']}" for error in exc.errors()
        ]
        raise MappingError(str(path), problems) from exc
    name = spec.name or path.stem
    if spec.extends is None:
        return Mapping(
            name,
            str(path),
            tuple(spec.date_formats or ()),
            spec.other_columns or "error",
            dict(spec.kinds),
        )
    parent = _load(spec.extends, path.parent, (*seen, path))
    kinds = dict(parent.kinds)
    for kind, own in spec.kinds.items():
        inherited = kinds.get(kind, KindColumns())
        kinds[kind] = KindColumns(
            columns={**inherited.columns, **own.columns},
            ignore=list(dict.fromkeys([*inherited.ignore, *own.ignore])),
        )
    return Mapping(
        name,
        str(path),
        tuple(spec.date_formats) if spec.date_formats is not None else parent.date_formats,
        spec.other_columns or parent.other_columns,
        kinds,
    )


def _locate(reference: str | Path, here: Path) -> Path:
    text = str(reference)
    if text in shipped():
        return SHIPPED / f"{text}.yaml"
    path = Path(text) if Path(text).is_absolute() else here / text
    if path.is_file():
        return path.resolve()
    looks_like_file = Path(text).suffix in {".yaml", ".yml"} or "/" in text or "\\" in text
    if looks_like_file:
        raise UsageError(f"{text}: mapping file not found")
    raise UsageError(
        f"unknown mapping '{text}' (shipped: {', '.join(shipped())}; or give a .yaml file)"
    )


# --- a mapping applied to one table ------------------------------------------------------------


_REFERENCE = re.compile(r"\{([^{}]+)\}")


@dataclass(frozen=True)
class Assignment:
    """One column's cell, transformed, going to one field path of every row."""

    column: str
    path: str
    steps: tuple[fields.Step, ...]
    transform: Transform = "text"
    template: str | None = None
    required: bool = False


@dataclass(frozen=True)
class Plan:
    """What ``kit batch`` does with every row of one table: checked once, applied per row."""

    assignments: tuple[Assignment, ...]
    ignored: tuple[str, ...]
    """Columns the table has that nothing uses; printed once so a typo does not pass silently."""
    date_formats: tuple[str, ...] = ()

    @property
    def columns(self) -> dict[str, str]:
        """The column that fills each field path, for naming columns in row errors."""
        return {a.path: a.column for a in self.assignments}

    def apply(self, base: dict[str, Any], cells: MappingType[str, Any]) -> dict[str, Any]:
        """``base`` (already a private copy) with this row's non-empty cells set into it.

        Raises :class:`RowProblems` listing every cell that cannot be used, so one pass
        over the row reports all of them. A row that names its customer starts without what in
        the base belongs to the base's customer (:data:`CUSTOMERS_OWN`): what the row sets of
        those fields is all they hold.
        """
        problems: list[tuple[str, str, str]] = []
        if any(a.path == "customer.name" and _cell(cells.get(a.column)) for a in self.assignments):
            for path in CUSTOMERS_OWN:
                fields.discard(base, path)
        for assignment in self.assignments:
            raw = _cell(cells.get(assignment.column))
            if not raw:
                if assignment.required:
                    problems.append(
                        (assignment.column, assignment.path, "the cell is empty (required)")
                    )
                continue
            try:
                value = _transform(raw, assignment.transform, self.date_formats)
                if assignment.template is not None:
                    value = _fill(assignment, value, cells, base)
                fields.assign(base, assignment.steps, value)
            except ValueError as exc:  # a transform, a reference, or fields.PathError
                problems.append((assignment.column, assignment.path, str(exc)))
        if problems:
            raise RowProblems(problems, base)
        return base


class RowProblems(Exception):
    """Cells of one row that cannot be used: (column, field path, problem) each, and the
    row's parameters as far as its other cells filled them (to name the row's id)."""

    def __init__(self, problems: list[tuple[str, str, str]], data: dict[str, Any]) -> None:
        super().__init__(problems)
        self.problems = problems
        self.data = data


def plan(
    header: Sequence[str],
    model: type[BaseModel],
    kind: str,
    mapping: Mapping | None,
    source: str,
) -> Plan:
    """Check a table's header against the model (and the mapping) and decide every column.

    Every problem is found here, before any row runs: an unknown field path, a mapped column
    the table lacks, a column nothing knows, two columns filling the same field.
    """
    problems: list[str] = []
    assignments: list[Assignment] = []
    used: set[str] = set()
    present = set(header)
    if mapping is not None:
        spec = mapping.kinds.get(kind)
        if spec is None:
            known = ", ".join(sorted(mapping.kinds)) or "none"
            raise MappingError(
                mapping.source, [f"kinds: no columns for '{kind}' files (has: {known})"]
            )
        for column, entry in spec.columns.items():
            where = f"kinds.{kind}.columns.{column}"
            if (trouble := fields.problem(model, entry.field)) is not None:
                problems.append(f"{mapping.source}: {where}: unknown field path {trouble}")
                continue
            if column not in present:
                if not entry.optional:
                    problems.append(
                        f"{source}: the mapping {mapping.name} needs column {column!r}, "
                        "which the table lacks"
                    )
                continue
            references = _REFERENCE.findall(entry.value or "")
            for reference in references:
                if reference.startswith("=") and (trouble := fields.problem(model, reference[1:])):
                    problems.append(f"{mapping.source}: {where}.value: {trouble}")
            references = [name for name in references if not name.startswith("=")]
            missing = [name for name in references if name not in present]
            if missing:
                problems.append(
                    f"{source}: column {column!r} of mapping {mapping.name} also reads "
                    f"{', '.join(map(repr, missing))}, which the table lacks"
                )
                continue
            used |= {column, *references}
            assignments.append(
                Assignment(
                    column,
                    entry.field,
                    fields.parse(entry.field) or (),
                    entry.transform,
                    entry.value,
                    entry.required,
                )
            )
        used |= set(spec.ignore) & present
    unknown: list[str] = []
    ignored: list[str] = []
    for column in header:
        if column in used:
            continue
        steps = fields.parse(column)
        if steps is not None and fields.problem(model, column) is None:
            assignments.append(Assignment(column, column, steps))
        elif mapping is not None and mapping.other_columns == "ignore":
            ignored.append(column)
        else:
            unknown.append(column)
    for column in unknown:
        reason = fields.problem(model, column)
        via = f" nor a column of mapping {mapping.name}" if mapping else ""
        problems.append(f"{source}: column {column!r} is neither a field path{via}: {reason}")
    targets: dict[str, str] = {}
    for assignment in assignments:
        other = targets.setdefault(assignment.path, assignment.column)
        if other != assignment.column:
            problems.append(
                f"{source}: columns {other!r} and {assignment.column!r} both fill {assignment.path}"
            )
    if problems:
        raise UsageError("\n".join(problems))
    formats = mapping.date_formats if mapping else ()
    reads_fields = [a for a in assignments if "{=" in (a.template or "")]
    ordered = [a for a in assignments if a not in reads_fields] + reads_fields
    return Plan(tuple(ordered), tuple(ignored), formats)


# --- cells -------------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _fill(
    assignment: Assignment, own: str, cells: MappingType[str, Any], data: dict[str, Any]
) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == assignment.column:
            return own
        if name.startswith("="):
            text = _cell(fields.lookup(data, fields.parse(name[1:]) or ()))
            if not text:
                raise ValueError(f"field {name[1:]} is empty, and this value needs it")
            return text
        text = _cell(cells.get(name))
        if not text:
            raise ValueError(f"column {name!r} is empty, and this value needs it")
        return text

    return _REFERENCE.sub(replace, assignment.template or "")


_GROUPED = re.compile(r"^[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")
_PLAIN = re.compile(r"^[+-]?[0-9]+(\.[0-9]+)?$")


def _transform(raw: str, transform: Transform, date_formats: Sequence[str]) -> str:
    if transform == "slug":
        return slug(raw)
    if transform == "date":
        return parse_date(raw, date_formats).isoformat()
    if transform == "number":
        return number(raw)
    return raw


def slug(text: str) -> str:
    """``0065g00000AbCdEAAZ`` becomes ``0065g00000abcdeaaz``; accents are folded to ASCII."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    made = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    if not made:
        raise ValueError(f"{text!r} has no letters or digits to make an id from")
    return made


def parse_date(text: str, formats: Sequence[str]) -> dt.date:
    """ISO 8601 first (``2026-12-01``, ``2026-12-01T00:00:00.000Z``), then ``formats``."""
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        pass
    for pattern in formats:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    accepted = ", ".join(["ISO 8601 (2026-12-01)", *formats])
    raise ValueError(f"{text!r} is not a date in a format the mapping accepts ({accepted})")


def number(text: str) -> str:
    """``1,250.00`` becomes ``1250``, ``20.0`` becomes ``20``, ``10.0%`` becomes ``10%``;
    ``1.250,00`` is refused.

    Only thousands separators in groups of three are removed, so a decimal comma is an error
    rather than a price a thousand times too small.
    """
    compact = text.replace(" ", "").replace("\N{NO-BREAK SPACE}", "")
    percent = "%" if compact.endswith("%") else ""
    compact = compact.removesuffix("%")
    if _GROUPED.match(compact):
        compact = compact.replace(",", "")
    if not _PLAIN.match(compact):
        raise ValueError(f"{text!r} is not a number; write it like 1250.00")
    value = Decimal(compact)
    whole = value == value.to_integral_value()
    return (str(value.to_integral_value()) if whole else str(value)) + percent
