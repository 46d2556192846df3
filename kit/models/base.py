"""Shared configuration, field types and the input rules every parameters model applies.

A value ``kit check`` accepts has to survive every later step of a run: a Word document (whose
XML refuses control characters and whose properties stop at 255 characters), a chart, Decimal
arithmetic with its 28 significant digits, and date arithmetic. So the rules live here, in the
types and in the :class:`Strict` base, rather than in each playbook's code:

- text is one line unless its field says it takes several (:data:`Prose`); control characters
  are refused everywhere, tab and line break outside several-line fields;
- one-line text stops at :data:`LINE_LIMIT` characters, several-line text at
  :data:`PROSE_LIMIT`, identifiers at :data:`REF_LIMIT` and file slugs at :data:`SLUG_LIMIT`;
- decimals are finite, with at most :data:`WHOLE_DIGITS` digits before the point and
  :data:`DECIMAL_PLACES` after it, and ``-0`` is stored as ``0``;
- whole numbers without a bound of their own stay within :data:`COUNT_LIMIT`;
- dates lie between :data:`FIRST_DATE` and :data:`LAST_DATE`.

:class:`Strict` applies the defaults to every plain ``str``, ``Decimal``, ``int`` and ``date``
field of a model built on it, so a field added tomorrow is covered without anyone remembering
to. Because the form validates through the same models, it refuses what ``kit check`` refuses.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

import babel
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
)
from pydantic_core import CoreSchema, core_schema

from kit.types import (
    AMOUNT_PLACES,
    AMOUNT_WHOLE_DIGITS,
    GUARDED,
    PERCENT_PLACES,
    Money,
    OwnRules,
    guarded,
)

LINE_LIMIT = 255
"""One-line text: a name, a title, a table cell. Word's document properties (title, subject,
author) stop at 255 characters, and a longer cell no longer reads as one item in a table."""
PROSE_LIMIT = 2000
"""Several-line text such as a summary: about a page of the document's body text."""
REF_LIMIT = 40
"""Identifiers such as ``R1`` that link records; short enough to fit a table's id column."""
SLUG_LIMIT = 80
"""File slugs: ``<playbook>-<slug>-internal-workshop.docx`` stays far below any file-name limit."""
WHOLE_DIGITS = 12
"""Digits before the decimal point (below a million million); products of such numbers and
counts stay inside Decimal's 28 significant digits, so arithmetic on them is exact."""
DECIMAL_PLACES = 10
"""Digits after the decimal point; more carries no meaning in a sales document."""
COUNT_LIMIT = 1_000_000_000
"""Bound of a whole number whose field sets none (people, tickets, customers, weeks)."""
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2199, 12, 31)
"""Dates outside these bounds are typing mistakes, and date arithmetic near year 9999 fails."""

_LINE_BREAKS = {"\n", "\u2028", "\u2029"}
_NAMES = {
    "\0": "a null character",
    "\a": "a bell character",
    "\b": "a backspace",
    "\t": "a tab",
    "\n": "a line break",
    "\v": "a vertical tab",
    "\f": "a form feed",
    "\r": "a carriage return",
    "\x1b": "an escape character",
    "\x7f": "a delete character",
    "\u2028": "a line separator",
    "\u2029": "a paragraph separator",
}


def _refused(char: str, several_lines: bool) -> bool:
    """Characters a document, a chart or a table cell cannot show as the user meant them."""
    if several_lines and char in ("\n", "\t"):
        return False
    if char in _LINE_BREAKS or char == "\t":
        return True
    # Cc: C0/C1 controls and DEL; Cs: lone surrogates from a "\ud800" escape; U+FFFE/U+FFFF
    # are not characters at all. None of them can be written into a document's XML.
    return unicodedata.category(char) in ("Cc", "Cs") or char in ("\ufffe", "\uffff")


def check_text(value: str, *, several_lines: bool = False) -> str:
    """Refuse the first character that would break a document or print as something else."""
    if value.isprintable():  # no control, separator or unassigned character: nothing to refuse
        return value
    for position, char in enumerate(value, start=1):
        if _refused(char, several_lines):
            name = _NAMES.get(char, "a control character")
            code = f"U+{ord(char):04X}"
            if char in ("\t", *_LINE_BREAKS) and not several_lines:
                raise ValueError(
                    f"must be one line: remove {name} ({code}) at character {position}"
                )
            raise ValueError(
                f"contains {name} ({code}) at character {position}; remove it "
                "(it often comes with text pasted from Word or a CRM)"
            )
    return value


def check_decimal(value: Decimal) -> Decimal:
    """A finite number Decimal arithmetic keeps exact, with ``-0`` stored as ``0``.

    ``1E+3`` is stored as ``1000`` so documents never print exponent notation.
    """
    if not value.is_finite():
        raise ValueError("must be a finite number (not NaN or infinity)")
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)  # finite numbers have an integer exponent
    if value.is_zero():
        return abs(value) if -DECIMAL_PLACES <= exponent <= 0 else Decimal(0)
    if value.adjusted() >= WHOLE_DIGITS:
        raise ValueError(f"must have at most {WHOLE_DIGITS} digits before the decimal point")
    if -exponent > DECIMAL_PLACES:
        raise ValueError(f"must have at most {DECIMAL_PLACES} digits after the decimal point")
    return value.quantize(Decimal(1)) if exponent > 0 else value


@dataclass(frozen=True)
class Lines:
    """Annotation: the text rule of one field, one line (the default) or several.

    Placed in an ``Annotated`` type it applies :func:`check_text` and tells :class:`Strict`
    that the field's text rule is settled.
    """

    several: bool = False

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return guarded(core_schema.no_info_after_validator_function(self.check, handler(source)))

    def check(self, value: str) -> str:
        """Windows line ends (a CSV cell, a pasted paragraph) become plain line breaks."""
        if self.several:
            value = value.replace("\r\n", "\n")
        return check_text(value, several_lines=self.several)


SEVERAL_LINES = Lines(several=True)

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=LINE_LIMIT)]
"""Required one-line text: blank strings are refused so an empty field is never taken for data."""

Prose = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=PROSE_LIMIT),
    SEVERAL_LINES,
]
"""Required text that may run over several lines (tabs and line breaks allowed): summaries."""

Ref = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=REF_LIMIT, pattern=r"^[A-Za-z0-9_.-]+$"),
]
"""An identifier such as ``R1`` or ``M2``, used to link records across the file."""

Slug = Annotated[str, StringConstraints(max_length=SLUG_LIMIT, pattern=r"^[a-z0-9][a-z0-9-]*$")]
"""A file's id: lowercase letters, digits, hyphens; it names the output folder and files."""

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


def _own_model(schema: Any, source: type) -> Any:
    """The ``model`` schema of ``source`` itself, under any wrappers of its own validators."""
    while schema is not None:
        if schema.get("type") == "model":
            return schema if schema.get("cls") is source else None
        schema = schema.get("schema")
    return None


def _apply_rules(schema: Any) -> Any:
    """Walk one model's field schemas and add the default rules where a value is validated.

    Nested models are left alone (each applies its own rules when it is built), and so is any
    part marked as guarded by a type that brings its own rule (:class:`Lines`, percentages).
    """
    kind = schema.get("type")
    if schema.get("metadata", {}).get(GUARDED) or kind in ("model", "definition-ref"):
        return schema
    if kind == "str":
        schema.setdefault("max_length", LINE_LIMIT)
        return guarded(core_schema.no_info_after_validator_function(check_text, schema))
    if kind == "decimal":
        schema["allow_inf_nan"] = False
        return guarded(core_schema.no_info_after_validator_function(check_decimal, schema))
    if kind == "int":
        if "le" not in schema and "lt" not in schema:
            schema["le"] = COUNT_LIMIT
        if "ge" not in schema and "gt" not in schema:
            schema["ge"] = -COUNT_LIMIT
        return schema
    if kind == "date":
        schema.setdefault("ge", FIRST_DATE)
        schema.setdefault("le", LAST_DATE)
        return schema
    if kind == "model-fields":
        for item in schema["fields"].values():
            item["schema"] = _apply_rules(item["schema"])
        return schema
    for key in (
        "schema",
        "items_schema",
        "keys_schema",
        "values_schema",
        "lax_schema",
        "strict_schema",
        "json_schema",
        "python_schema",
    ):
        inner = schema.get(key)
        if isinstance(inner, dict):
            schema[key] = _apply_rules(inner)
        elif isinstance(inner, list):  # a tuple's positions
            schema[key] = [_apply_rules(item) for item in inner]
    if kind == "union":
        schema["choices"] = [
            (_apply_rules(choice[0]), choice[1])
            if isinstance(choice, tuple)
            else _apply_rules(choice)
            for choice in schema["choices"]
        ]
    elif kind == "tagged-union":
        schema["choices"] = {tag: _apply_rules(item) for tag, item in schema["choices"].items()}
    elif kind == "chain":
        schema["steps"] = [_apply_rules(step) for step in schema["steps"]]
    return schema


class Strict(BaseModel):
    """Base for every parameters model: unknown keys are errors, so typos never pass silently.

    It also puts the module's input rules on every field that does not set its own: see the
    module docstring. The rules are added to the model's validation schema once, when the
    class is built, so validating costs one small check per value.
    """

    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        frozen=True,
        allow_inf_nan=False,
        defer_build=True,
    )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        model = _own_model(schema, source)
        if model is not None and not model.get("metadata", {}).get(GUARDED):
            model["schema"] = _apply_rules(model["schema"])
            model.setdefault("metadata", {})[GUARDED] = True
        return schema


def describe_limits(annotation: Any, metadata: list[Any]) -> str:
    """The input rules of one field, in words, for ``kit schema``."""
    if isinstance(annotation, type) and issubclass(annotation, Money):
        return f"at most {AMOUNT_WHOLE_DIGITS} digits before the point and {AMOUNT_PLACES} after"
    if any(isinstance(m, OwnRules) for m in metadata):
        return f"at most {PERCENT_PLACES} decimals"
    if annotation is str:
        several = any(isinstance(m, Lines) and m.several for m in metadata)
        limit = next(
            (m.max_length for m in metadata if getattr(m, "max_length", None) is not None),
            PROSE_LIMIT if several else LINE_LIMIT,
        )
        lines = "several lines" if several else "one line"
        return f"{lines}, at most {limit} characters"
    if annotation is Decimal:
        return f"at most {WHOLE_DIGITS} digits before the point and {DECIMAL_PLACES} after"
    if annotation is int and not any(
        getattr(m, bound, None) is not None for m in metadata for bound in ("le", "lt")
    ):
        return f"at most {COUNT_LIMIT:,}"
    if annotation is dt.date:
        return f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}"
    return ""


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
