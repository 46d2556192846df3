"""Value types shared by every parameters model: exact money and typed percentages.

Money is a Decimal with its ISO 4217 currency, never a float, so totals in a document add up to
the cent and a price in euros can never be summed with one in dollars by accident.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    model_validator,
)

CENT = Decimal("0.01")
_MONEY_TEXT = re.compile(
    r"^\s*(?P<amount>-?[0-9][0-9_,]*(?:\.[0-9]+)?)\s+(?P<currency>[A-Z]{3})\s*$"
)


def quantize(value: Decimal) -> Decimal:
    """Round to the cent, half up, as invoices do; every stored line amount goes through here."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Money(BaseModel):
    """An exact amount in one currency, written in YAML as ``"6000 EUR"`` or a mapping."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str

    @model_validator(mode="before")
    @classmethod
    def _parse_text(cls, value: Any) -> Any:
        if isinstance(value, Money):
            return value
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            raise ValueError(f"give the currency with the amount, for example '{value} EUR'")
        if isinstance(value, str):
            match = _MONEY_TEXT.match(value)
            if not match:
                raise ValueError(
                    f"'{value}' is not an amount with a currency; write it like '6000 EUR'"
                )
            return {
                "amount": match["amount"].replace(",", "").replace("_", ""),
                "currency": match["currency"],
            }
        return value

    @model_validator(mode="after")
    def _check_currency(self) -> Money:
        if not re.fullmatch(r"[A-Z]{3}", self.currency):
            raise ValueError(f"currency '{self.currency}' is not a three-letter ISO 4217 code")
        return self

    @classmethod
    def zero(cls, currency: str) -> Money:
        return cls(amount=Decimal("0.00"), currency=currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __mul__(self, factor: Decimal | int) -> Money:
        return Money(amount=quantize(self.amount * Decimal(factor)), currency=self.currency)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def __str__(self) -> str:
        return f"{self.amount:,.2f} {self.currency}"


def _non_negative(value: Money) -> Money:
    if value.amount < 0:
        raise ValueError(f"amount must not be negative (got {value})")
    return value


Amount = Annotated[Money, AfterValidator(_non_negative)]
"""Money as a user writes it: never negative (discounts are written as percentages)."""


def _parse_percent(value: Any) -> Any:
    """Accept ``10%``, ``"10"`` or ``10`` as ten percent; return the fraction ``0.10``."""
    if isinstance(value, bool):
        raise ValueError("a percentage is a number, not true/false")
    text = str(value).strip()
    if text.endswith("%"):
        text = text[:-1].strip()
    try:
        points = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(f"'{value}' is not a percentage; write it like 10%") from exc
    return points / 100


def _percent_range(value: Decimal) -> Decimal:
    if not Decimal(0) <= value <= Decimal(1):
        raise ValueError(f"percentage must be between 0% and 100% (got {value * 100:g}%)")
    return value


def _percent_text(value: Decimal) -> str:
    return f"{(value * 100).normalize():f}%"


Percent = Annotated[
    Decimal,
    BeforeValidator(_parse_percent),
    AfterValidator(_percent_range),
    PlainSerializer(_percent_text, return_type=str),
]
"""A percentage between 0 % and 100 %, stored as a fraction (10 % is ``Decimal('0.10')``).

It serialises back to text such as ``"10%"``, so dumping a model and validating the dump
gives the same value instead of dividing by 100 a second time.
"""
