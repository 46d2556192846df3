"""Value types shared by every parameters model: exact money and typed percentages.

Money is a Decimal with its ISO 4217 currency, never a float, so totals in a document add up to
the cent and a price in euros can never be summed with one in dollars by accident. What a user
writes is bounded so the arithmetic stays exact: an amount has at most
:data:`AMOUNT_WHOLE_DIGITS` digits before the point and :data:`AMOUNT_PLACES` after it, a
percentage at most :data:`PERCENT_PLACES` decimals; NaN and infinity in any spelling are
refused, and ``-0`` is stored as ``0`` so no document prints a minus sign before nothing.
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
    GetCoreSchemaHandler,
    PlainSerializer,
    field_validator,
    model_validator,
)

CENT = Decimal("0.01")
AMOUNT_WHOLE_DIGITS = 12
"""Below a million million: a price times a quantity times a term stays inside Decimal's 28
significant digits, so sums to the cent are exact."""
AMOUNT_PLACES = 4
"""Sub-cent unit rates (0.0125 EUR per call) are written exactly; totals round to the cent."""
PERCENT_PLACES = 10
"""Decimals of a percentage as written (``12.3456%``)."""
_MONEY_TEXT = re.compile(
    r"^\s*(?P<amount>-?[0-9][0-9_,]*(?:\.[0-9]+)?)\s+(?P<currency>[A-Z]{3})\s*$"
)


GUARDED = "kit_guarded"
"""Core-schema metadata key: this part of a schema applies input rules of its own, so
:class:`kit.models.base.Strict` adds no default rules inside it."""


def guarded(schema: Any) -> Any:
    """Mark a core schema as carrying its own input rules."""
    schema.setdefault("metadata", {})[GUARDED] = True
    return schema


class OwnRules:
    """Annotation: the type before it brings its own bounds (a percentage is a fraction, so the
    default limit on decimal places would refuse ``12.3456%``)."""

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> Any:
        return guarded(handler(source))


def quantize(value: Decimal) -> Decimal:
    """Round to the cent, half up, as invoices do; every stored line amount goes through here."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


class Money(BaseModel):
    """An exact amount in one currency, written in YAML as ``"6000 EUR"`` or a mapping."""

    model_config = ConfigDict(frozen=True, allow_inf_nan=False, defer_build=True)

    amount: Decimal
    currency: str

    @field_validator("amount")
    @classmethod
    def _no_negative_zero(cls, value: Decimal) -> Decimal:
        """Every Money, written or computed, stores ``-0`` as ``0``."""
        return abs(value) if value.is_zero() else value

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


def _written_amount(value: Money) -> Money:
    """Bounds for an amount a user writes; computed totals may grow past them."""
    amount = value.amount
    exponent = amount.as_tuple().exponent
    assert isinstance(exponent, int)  # Money refuses NaN and infinity
    if amount < 0:
        raise ValueError(f"amount must not be negative (got {value})")
    if not amount.is_zero() and amount.adjusted() >= AMOUNT_WHOLE_DIGITS:
        raise ValueError(
            f"amount must have at most {AMOUNT_WHOLE_DIGITS} digits before the decimal point"
        )
    if -exponent > AMOUNT_PLACES:
        raise ValueError(f"amount must have at most {AMOUNT_PLACES} digits after the point")
    return value


Amount = Annotated[Money, AfterValidator(_written_amount)]
"""Money as a user writes it: never negative (discounts are written as percentages), and
within the bounds that keep the kit's arithmetic exact."""


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
    if not points.is_finite():
        raise ValueError(f"'{value}' is not a percentage; write it like 10%")
    exponent = points.as_tuple().exponent
    assert isinstance(exponent, int)  # finite
    if not points.is_zero() and points.adjusted() > 2:
        raise ValueError(f"percentage must be between 0% and 100% (got {text}%)")
    if -exponent > PERCENT_PLACES:
        raise ValueError(f"percentage must have at most {PERCENT_PLACES} decimals")
    fraction = points / 100  # exact: at most 13 significant digits here
    return abs(fraction) if fraction.is_zero() else fraction


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
    OwnRules(),
]
"""A percentage between 0 % and 100 %, stored as a fraction (10 % is ``Decimal('0.10')``).

It serialises back to text such as ``"10%"``, so dumping a model and validating the dump
gives the same value instead of dividing by 100 a second time.
"""
