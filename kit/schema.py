"""The documented parameter schema, generated from the models so it can never go stale.

Each row names a field path as the error messages do (``requirements[].priority``), its type,
unit, allowed values, whether it is required, and what the method uses it for.
"""

from __future__ import annotations

import datetime as dt
import json
import types
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel

from kit.models.base import describe_limits
from kit.types import Money


@dataclass(frozen=True)
class Row:
    path: str
    type: str
    unit: str
    allowed: str
    required: bool
    description: str
    used_for: str


def _unwrap(annotation: Any) -> tuple[Any, list[Any]]:
    """Strip Annotated and Optional; return the core type and Annotated metadata."""
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata += extra
        elif origin in (Union, types.UnionType):
            options = [arg for arg in get_args(annotation) if arg is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def _describe_type(annotation: Any, metadata: list[Any]) -> tuple[str, str, str]:
    """(type, default unit, allowed values) for one core annotation."""
    if get_origin(annotation) is Literal:
        return "choice", "", " | ".join(str(value) for value in get_args(annotation))
    if isinstance(annotation, type) and issubclass(annotation, Money):
        return "money", "amount and ISO currency, e.g. '6000 EUR'", "not negative"
    if annotation is Decimal and any("percent" in repr(m) for m in metadata):
        return "percent", "percent, e.g. '10%'", "0%-100%"
    names = {str: "text", int: "integer", bool: "true/false", Decimal: "decimal", dt.date: "date"}
    unit = "YYYY-MM-DD" if annotation is dt.date else ""
    return names.get(annotation, getattr(annotation, "__name__", str(annotation))), unit, ""


def _model_branches(annotation: Any) -> list[type[BaseModel]]:
    """The record types of a union of records (for example a tagged union), else nothing."""
    if get_origin(annotation) not in (Union, types.UnionType):
        return []
    branches = [_unwrap(arg)[0] for arg in get_args(annotation)]
    if all(isinstance(b, type) and issubclass(b, BaseModel) for b in branches):
        return branches
    return []


def rows(model: type[BaseModel], prefix: str = "") -> list[Row]:
    found: list[Row] = []
    for name, info in model.model_fields.items():
        path = f"{prefix}{name}"
        annotation, metadata = _unwrap(info.annotation)
        metadata += info.metadata
        is_list = get_origin(annotation) is list
        if is_list:
            annotation, inner = _unwrap(get_args(annotation)[0])
            metadata += inner
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        branches = _model_branches(annotation)
        if branches:
            names = ", ".join(branch.__name__ for branch in branches)
            found.append(
                Row(
                    path,
                    f"one of {names}",
                    "",
                    "",
                    info.is_required(),
                    info.description or "",
                    str(extra.get("used_for", "")),
                )
            )
            for branch in branches:
                found += [
                    Row(**{**row.__dict__, "description": f"({branch.__name__}) {row.description}"})
                    for row in rows(branch, f"{path}[]." if is_list else f"{path}.")
                ]
            continue
        if (
            isinstance(annotation, type)
            and issubclass(annotation, BaseModel)
            and not issubclass(annotation, Money)
        ):
            found.append(
                Row(
                    path,
                    "list of records" if is_list else "record",
                    "",
                    "",
                    info.is_required(),
                    info.description or "",
                    str(extra.get("used_for", "")),
                )
            )
            found += rows(annotation, f"{path}[]." if is_list else f"{path}.")
            continue
        kind, unit, allowed = _describe_type(annotation, metadata)
        bounds = [
            f"{op} {getattr(m, op)}"
            for m in metadata
            for op in ("ge", "gt", "le", "lt")
            if getattr(m, op, None) is not None
        ]
        limits = describe_limits(annotation, metadata)
        if bounds or limits:
            allowed = ", ".join(filter(None, [allowed, *bounds, limits]))
        found.append(
            Row(
                path,
                f"list of {kind}" if is_list else kind,
                str(extra.get("unit", unit)),
                allowed,
                info.is_required(),
                info.description or "",
                str(extra.get("used_for", "")),
            )
        )
    return found


def markdown(kinds: dict[str, type[BaseModel]]) -> str:
    parts = ["# Parameter schema", ""]
    for kind, model in kinds.items():
        parts += [f"## kind: {kind}", "", (model.__doc__ or "").strip().splitlines()[0], ""]
        parts += ["| field | type | unit | allowed | required | meaning | method use |"]
        parts += ["|---|---|---|---|---|---|---|"]
        for row in rows(model):
            cells = [
                f"`{row.path}`",
                row.type,
                row.unit,
                row.allowed,
                "yes" if row.required else "no",
                row.description,
                row.used_for,
            ]
            parts.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        parts.append("")
    return "\n".join(parts)


def json_schema(kinds: dict[str, type[BaseModel]]) -> str:
    return json.dumps(
        {kind: model.model_json_schema() for kind, model in kinds.items()}, indent=2, default=str
    )
