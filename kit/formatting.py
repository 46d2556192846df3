"""Locale-aware text for documents and notebooks, delegated to Babel.

Babel knows that 6000 EUR reads ``€6,000.00`` in en_GB and ``6.000,00 €`` in de_DE; the kit
only chooses the locale, per deal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from kit.types import Money


def money(value: Money, locale: str) -> str:
    return format_currency(value.amount, value.currency, locale=locale)


def percent(value: Decimal, locale: str) -> str:
    return format_percent(value, locale=locale, format="#,##0.##%")


def number(value: Decimal | int | float, locale: str) -> str:
    return format_decimal(value, locale=locale)


def date(value: dt.date, locale: str) -> str:
    return format_date(value, format="long", locale=locale)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table for notebook cells whose output nbval compares."""
    widths = [len(h) for h in headers]
    for row in rows:
        widths = [max(w, len(str(cell))) for w, cell in zip(widths, row, strict=True)]

    def line(cells: list[str]) -> str:
        return "  ".join(str(cell).ljust(width) for cell, width in zip(cells, widths, strict=True))

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([line(headers), rule, *(line(row) for row in rows)]).rstrip()
