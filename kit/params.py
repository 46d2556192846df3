"""Read a YAML parameters file into its typed model, or fail with one line per problem.

This is the single entry point the CLI and every notebook use, so a file that ``kit check``
accepts is exactly a file the playbooks can run.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from kit import registry
from kit.errors import ParamsError

M = TypeVar("M", bound=BaseModel)


class _Loader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text, so pydantic reports a bad date with its field path."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load(path: str | Path, expected: type[M] | None = None) -> M:
    """Validate ``path`` and return its model; ``expected`` pins the model a playbook needs."""
    path = Path(path)
    return validate(_read_yaml(path), str(path), expected)


def validate(data: dict[str, Any], source: str, expected: type[M] | None = None) -> M:
    """Validate parsed parameters (a file, a batch row, a form's state) into their model.

    ``source`` names where the data came from in every problem line, so a batch row or a
    form reports exactly what ``kit check`` would.
    """
    kind = data.get("kind")
    kinds = registry.kinds()
    if not isinstance(kind, str) or kind not in kinds:
        known = ", ".join(sorted(kinds))
        raise ParamsError(source, [f"kind: expected one of {known} (got {kind!r})"])
    model = kinds[kind].load()
    if expected is not None and model is not expected:
        wanted = next((name for name, k in kinds.items() if k.load() is expected), "?")
        raise ParamsError(source, [f"kind: this playbook needs a '{wanted}' file (got '{kind}')"])
    try:
        params = model.model_validate(data)
    except ValidationError as exc:
        raise ParamsError(source, [_describe(error) for error in exc.errors()]) from exc
    problems = params.reference_problems() if hasattr(params, "reference_problems") else []
    if problems:
        raise ParamsError(source, problems)
    return params


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ParamsError(str(path), ["file not found"]) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ParamsError(str(path), [f"cannot read file: {exc}"]) from exc
    try:
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParamsError(str(path), [f"{where}invalid YAML: {problem}"]) from exc
    if not isinstance(data, dict):
        raise ParamsError(str(path), ["the file must be a YAML mapping of field: value"])
    return data


@cache
def _model_names() -> frozenset[str]:
    """Class names pydantic puts in an error location for a union branch."""
    found: set[str] = set()
    pending = list(BaseModel.__subclasses__())
    while pending:
        cls = pending.pop()
        found.add(cls.__name__)
        pending += cls.__subclasses__()
    return frozenset(found)


def format_location(loc: tuple[Any, ...]) -> str:
    """``('requirements', 2, 'priority')`` becomes ``requirements[2].priority``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in str(part) or str(part) in _model_names():
            continue  # union branch or validator names, not fields the user wrote
        else:
            text += f".{part}" if text else str(part)
    return text or "(file)"


def _describe(error: dict[str, Any]) -> str:
    message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    where = format_location(error["loc"])
    value = error.get("input")
    if error["type"] not in {"missing", "extra_forbidden"} and isinstance(value, str | int | float):
        shown = value if not isinstance(value, str) or len(value) <= 40 else value[:37] + "..."
        if "(got " not in message and f"'{value}'" not in message:
            message += f" (got {shown!r})"
    return f"{where}: {message}"
