"""Locale-aware text for documents and notebooks, delegated to Babel.

Babel knows that 6000 EUR reads ``€6,000.00`` in en_GB and ``6.000,00 €`` in de_DE; the kit
only chooses the locale, per deal.
"""

from __future__ import annotations

import copy
import datetime as dt
import unicodedata
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from babel import Locale
from babel.dates import format_date, format_interval
from babel.numbers import format_currency, format_decimal, format_percent

from kit.types import Money

METHOD_LOCALE = "en_US"
"""The method's worked examples are in US dollars, so they are shown with US number formats."""

MINUS = "\N{MINUS SIGN}"
"""A true minus: a hyphen before a figure is easy to misread, and a line may break after it."""


def money(value: Money, locale: str) -> str:
    return format_currency(value.amount, value.currency, locale=locale)


def whole_money(value: Money, locale: str) -> str:
    """``€12,857,143``: an annual, planned or aggregate amount, rounded half up to whole units.

    Cents on a plan figure claim a precision nobody planned; a price worksheet whose lines must
    add up keeps them (:func:`money`). The locale's own currency pattern is kept, only without
    its fraction digits, so symbol, spacing and grouping match :func:`money`.
    """
    pattern = copy.copy(Locale.parse(locale).currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    whole = value.amount.quantize(Decimal(1), ROUND_HALF_UP)
    whole = abs(whole) if whole.is_zero() else whole  # -0.40 rounds to 0, not to "-€0"
    return pattern.apply(whole, locale, currency=value.currency, currency_digits=False)


def percent(value: Decimal, locale: str, *, places: int = 2) -> str:
    """At most ``places`` decimals, trailing zeros dropped: ``8.4%``, ``66.67%``, ``50%``.

    A document picks one ``places`` for all its percentages, so a reader never meets 66.67%
    beside 83.3% in the same table.
    """
    decimals = "." + "#" * places if places else ""
    return format_percent(value, locale=locale, format=f"#,##0{decimals}%")


def number(value: Decimal | int | float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def count(value: Decimal | int, singular: str, plural: str | None = None) -> str:
    """``1 hour``, ``2 hours``, ``0.5 hours``: a number with its noun in the right form.

    English plurals only; the kit's documents are written in English whatever the locale of
    their figures.
    """
    noun = singular if value == 1 else plural or f"{singular}s"
    return f"{value:,} {noun}" if isinstance(value, int) else f"{value.normalize():f} {noun}"


def date(value: dt.date, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


def date_range(start: dt.date, end: dt.date, locale: str) -> str:
    """Two dates as the locale writes an interval (``2-8 Mar 2026`` in en_GB, with the dash and
    spacing of the installed Babel), naming the month and year once when both dates share them."""
    return format_interval(start, end, "yMMMd", locale=locale)


def sign(value: Decimal) -> str:
    """``+`` for a rise, a true minus for a fall and nothing for no change."""
    return "+" if value > 0 else MINUS if value < 0 else ""


def signed_money(value: Money, locale: str) -> str:
    """A change in money with an explicit sign, so readers see the direction at a glance."""
    return sign(value.amount) + money(-value if value.amount < 0 else value, locale)


def signed_percent(value: Decimal, locale: str) -> str:
    return sign(value) + percent(abs(value), locale)


def quantity(value: Decimal, unit: str, locale: str, *, points: bool = False) -> str:
    """A value with its unit: ``62%`` or ``24 active agents``.

    With ``points`` a difference of two percentages reads ``3 pts``: a drop from 60% to 57%
    is three points, which ``3%`` would misstate as a relative change.
    """
    text = number(value, locale)
    if not unit:
        return text
    if unit == "%":
        return f"{text} pts" if points else f"{text}%"
    return f"{text} {unit}"


def signed_quantity(value: Decimal, unit: str, locale: str) -> str:
    """A difference with its sign and unit; percentages read in points."""
    return sign(value) + quantity(abs(value), unit, locale, points=True)


def _width(text: str) -> int:
    """Columns a string takes in a monospaced font: CJK characters are two wide."""
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def table(headers: list[str], rows: list[list[str]], right: Sequence[bool] = ()) -> str:
    """A plain-text table for notebook cells whose output nbval compares.

    ``right`` marks the columns of figures, padded on the left so their digits line up.
    """
    widths = [_width(h) for h in headers]
    for row in rows:
        widths = [max(w, _width(str(cell))) for w, cell in zip(widths, row, strict=True)]
    flush = [*right, *[False] * (len(headers) - len(right))]

    def pad(cell: str, width: int, to_right: bool) -> str:
        space = " " * (width - _width(cell))
        return space + cell if to_right else cell + space

    def line(cells: list[str]) -> str:
        padded = (
            pad(str(cell), width, to_right)
            for cell, width, to_right in zip(cells, widths, flush, strict=True)
        )
        return "  ".join(padded).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)])
