"""Locale-aware money, percentages and dates, and the plain-text tables notebooks print."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from kit import formatting
from kit.types import Money


def test_money_follows_the_locale():
    amount = Money(amount=Decimal("6000"), currency="EUR")
    assert formatting.money(amount, "en_GB") == "€6,000.00"
    assert formatting.money(amount, "de_DE") == "6.000,00\xa0€"


def test_percent_keeps_up_to_two_decimals():
    assert formatting.percent(Decimal("0.125"), "en_GB") == "12.5%"
    assert formatting.percent(Decimal("0.1"), "en_US") == "10%"


def test_long_dates():
    assert formatting.date(dt.date(2027, 1, 11), "en_GB") == "11 January 2027"
    assert formatting.date(dt.date(2027, 1, 11), "de_DE") == "11. Januar 2027"


def test_table_aligns_wide_characters_and_trims_trailing_spaces():
    text = formatting.table(["id", "owner"], [["1", "山田 太郎"], ["22", "Lars"]])
    assert text.splitlines() == ["id  owner", "--  ---------", "1   山田 太郎", "22  Lars"]
