"""Field paths such as ``pricing.subscription.quantity`` or ``outcomes[0].target``.

A table column names the field it fills with the same path ``kit check`` prints in its
problem lines, so a user who reads ``outcomes[0].target: ...`` in an error knows the column to
write. Paths are checked against the parameters model before any row runs (a typo is a
command error, not 2,000 row errors), and each row's value is set into a copy of the base
parameters exactly where the path points.
"""

from __future__ import annotations

import re
import types
import typing
from typing import Any, Union

from pydantic import BaseModel

Step = str | int
"""A field name, or a position in a list."""

_PATH = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*|\[[0-9]+\])*")
_STEP = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]")


def parse(path: str) -> tuple[Step, ...] | None:
    """``outcomes[0].target`` becomes ``("outcomes", 0, "target")``; not a path gives None."""
    if not _PATH.fullmatch(path):
        return None
    return tuple(
        name if name else int(index) for name, index in (m.groups() for m in _STEP.finditer(path))
    )


def problem(model: type[BaseModel], path: str) -> str | None:
    """Why ``path`` names no field of ``model``, or None when it does.

    Optional sections, lists and union branches (an add-on's ``benefit`` is one of two kinds)
    are followed, so every field a parameters file can hold has a path here.
    """
    steps = parse(path)
    if steps is None:
        return f"'{path}' is not a field path (write it like pricing.subscription.quantity)"
    candidates: list[Any] = [model]
    walked = ""
    for step in steps:
        found: list[Any] = []
        names: set[str] = set()
        for candidate in _expand(candidates):
            if isinstance(step, int) and typing.get_origin(candidate) is list:
                found.append(typing.get_args(candidate)[0])
            elif isinstance(step, str) and _is_model(candidate):
                names |= set(candidate.model_fields)
                if step in candidate.model_fields:
                    found.append(candidate.model_fields[step].annotation)
        if not found:
            where = f" under '{walked}'" if walked else ""
            if isinstance(step, int):
                return f"'{path}': '{walked}' is not a list"
            known = ", ".join(sorted(names)) or "none"
            return f"'{path}': no field '{step}'{where} (known: {known})"
        candidates = found
        walked += f"[{step}]" if isinstance(step, int) else (f".{step}" if walked else step)
    return None


def _expand(annotations: list[Any]) -> list[Any]:
    """The concrete types behind ``Annotated``, ``X | None`` and tagged unions."""
    out: list[Any] = []
    pending = list(annotations)
    while pending:
        annotation = pending.pop(0)
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            pending.insert(0, typing.get_args(annotation)[0])
        elif origin in (Union, types.UnionType):
            pending[:0] = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        else:
            out.append(annotation)
    return out


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


class PathError(ValueError):
    """A value cannot go where its path points in this row's parameters."""


def assign(data: dict[str, Any], steps: tuple[Step, ...], value: Any) -> None:
    """Set ``value`` at ``steps`` inside ``data``, creating sections the base leaves out.

    A list position may be one past the end, which appends: columns ``outcomes[3].id`` and
    ``outcomes[3].statement`` add a fourth outcome to a base that has three.
    """
    node: Any = data
    for depth, step in enumerate(steps):
        last = depth == len(steps) - 1
        upcoming = None if last else steps[depth + 1]
        empty: Any = [] if isinstance(upcoming, int) else {}
        if isinstance(step, int):
            if not isinstance(node, list):
                raise PathError(f"{_text(steps[:depth])} is not a list in the parameters")
            if step > len(node):
                raise PathError(
                    f"position {step} is past the end of {_text(steps[:depth])}, "
                    f"which has {len(node)} item(s); fill the positions in order"
                )
            if step == len(node):
                node.append(value if last else empty)
            elif last:
                node[step] = value
            elif node[step] is None:
                node[step] = empty
        else:
            if not isinstance(node, dict):
                raise PathError(f"{_text(steps[:depth])} is not a section in the parameters")
            if last:
                node[step] = value
            elif node.get(step) is None:
                node[step] = empty
        if not last:
            node = node[step]


def lookup(data: Any, steps: tuple[Step, ...]) -> Any:
    """The value at ``steps``, or None where the parameters leave it out."""
    node = data
    for step in steps:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
        if node is None:
            return None
    return node


def discard(data: dict[str, Any], path: str) -> None:
    """Remove the field at ``path`` (names only, no list positions) where the data has it."""
    *parents, name = path.split(".")
    node: Any = data
    for step in parents:
        node = node.get(step) if isinstance(node, dict) else None
    if isinstance(node, dict):
        node.pop(name, None)


def _text(steps: tuple[Step, ...]) -> str:
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else step)
    return text or "the file"
