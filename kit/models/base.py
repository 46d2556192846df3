"""Shared configuration and field helpers for the parameters models."""

from __future__ import annotations

from typing import Annotated, Any

import babel
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
"""Required free text: blank strings are rejected so an empty field is never mistaken for data."""

Ref = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9_.-]+$")]
"""An identifier such as ``R1`` or ``M2``, used to link records across the file."""

Currency = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""An ISO 4217 code such as ``EUR``: the one currency every amount in a file must use."""

YearMonth = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")
]
"""A calendar month written ``YYYY-MM``; text order is also time order, so months sort as text."""


def _known_locale(value: str) -> str:
    try:
        babel.Locale.parse(value)
    except (ValueError, babel.UnknownLocaleError) as exc:
        raise ValueError(f"'{value}' is not a locale Babel knows; use a code like en_GB") from exc
    return value


Locale = Annotated[str, AfterValidator(_known_locale)]
"""A locale such as ``en_GB`` or ``de_DE``, checked when the file is read, not when rendering."""


class Strict(BaseModel):
    """Base for every parameters model: unknown keys are errors, so typos never pass silently."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def field(
    description: str,
    *,
    unit: str | None = None,
    used_for: str | None = None,
    default: Any = ...,
    **constraints: Any,
) -> Any:
    """A pydantic Field whose description, unit and method use feed ``kit schema``."""
    extra: dict[str, Any] = {}
    if unit:
        extra["unit"] = unit
    if used_for:
        extra["used_for"] = used_for
    return Field(default, description=description, json_schema_extra=extra or None, **constraints)
