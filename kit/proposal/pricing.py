"""The 7.2 quote worksheet: base fee, milestone fees, subscription, add-on, discounts, totals.

Every amount is rounded to the cent once, at the line, and every total is a plain sum of
rounded figures, so the numbers printed in the proposal add up exactly when a finance reader
checks them with a calculator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kit.models.deal import Deal, PricedLine
from kit.types import Money


@dataclass(frozen=True)
class Line:
    kind: Literal["one_time", "monthly"]
    description: str
    quantity: int
    unit_price: Money
    gross: Money
    discount_rate: Decimal
    discount: Money
    net: Money
    milestone: str | None = None


@dataclass(frozen=True)
class Invoice:
    """One scheduled invoice for one-time fees; the amounts sum to the one-time total."""

    trigger: str
    date: dt.date | None
    description: str
    amount: Money


@dataclass(frozen=True)
class Worksheet:
    currency: str
    term_months: int
    one_time: list[Line]
    one_time_subtotal: Money
    one_time_deal_discount: Money
    one_time_total: Money
    monthly: list[Line]
    monthly_subtotal: Money
    monthly_deal_discount: Money
    monthly_total: Money
    total_discount_rate: Decimal
    first_year_months: int
    first_year_total: Money
    recurring_over_term: Money
    contract_total: Money
    addon_monthly: Money
    addon_over_term: Money
    invoices: list[Invoice]


def price_line(
    kind: Literal["one_time", "monthly"],
    description: str,
    unit_price: Money,
    quantity: int,
    discount_rate: Decimal,
    milestone: str | None = None,
) -> Line:
    gross = unit_price * quantity
    discount = gross * discount_rate
    return Line(
        kind,
        description,
        quantity,
        unit_price,
        gross,
        discount_rate,
        discount,
        gross - discount,
        milestone,
    )


def _fixed(line: PricedLine, milestone: str | None = None) -> Line:
    return price_line("one_time", line.description, line.amount, 1, line.discount, milestone)


def _sum(amounts: list[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total = total + amount
    return total


def allocate(total_discount: Money, lines: list[Line]) -> list[Money]:
    """Spread a deal-level discount over lines pro rata; the last line takes the rounding cent."""
    base = sum((line.net.amount for line in lines), Decimal(0))
    shares: list[Money] = []
    for line in lines[:-1]:
        ratio = line.net.amount / base if base else Decimal(0)
        shares.append(total_discount * ratio)
    if lines:
        shares.append(total_discount - _sum(shares, total_discount.currency))
    return shares


def worksheet(deal: Deal) -> Worksheet:
    """Compute the whole quote for a deal; the only place prices are calculated."""
    pricing = deal.pricing
    currency, term = pricing.currency, pricing.term_months
    one_time = [_fixed(pricing.base_fee)] if pricing.base_fee else []
    one_time += [_fixed(fee, fee.milestone) for fee in pricing.milestone_fees]
    monthly = []
    if pricing.subscription:
        sub = pricing.subscription
        monthly.append(
            price_line("monthly", sub.description, sub.unit_price, sub.quantity, sub.discount)
        )

    one_time_subtotal = _sum([line.net for line in one_time], currency)
    one_time_deal_discount = one_time_subtotal * pricing.total_discount
    one_time_total = one_time_subtotal - one_time_deal_discount
    monthly_subtotal = _sum([line.net for line in monthly], currency)
    monthly_deal_discount = monthly_subtotal * pricing.total_discount
    monthly_total = monthly_subtotal - monthly_deal_discount

    first_year_months = min(12, term)
    recurring_over_term = monthly_total * term
    addon_monthly = (
        monthly_total * pricing.performance_addon.share_of_subscription
        if pricing.performance_addon
        else Money.zero(currency)
    )
    return Worksheet(
        currency=currency,
        term_months=term,
        one_time=one_time,
        one_time_subtotal=one_time_subtotal,
        one_time_deal_discount=one_time_deal_discount,
        one_time_total=one_time_total,
        monthly=monthly,
        monthly_subtotal=monthly_subtotal,
        monthly_deal_discount=monthly_deal_discount,
        monthly_total=monthly_total,
        total_discount_rate=pricing.total_discount,
        first_year_months=first_year_months,
        first_year_total=one_time_total + monthly_total * first_year_months,
        recurring_over_term=recurring_over_term,
        contract_total=one_time_total + recurring_over_term,
        addon_monthly=addon_monthly,
        addon_over_term=addon_monthly * term,
        invoices=_invoices(deal, one_time, one_time_deal_discount),
    )


def _invoices(deal: Deal, one_time: list[Line], deal_discount: Money) -> list[Invoice]:
    milestones = {milestone.id: milestone for milestone in deal.milestones}
    invoices = []
    shares = allocate(deal_discount, one_time)
    for index, (line, share) in enumerate(zip(one_time, shares, strict=True)):
        trigger = line.milestone
        if index == 0 and deal.pricing.base_fee:
            trigger = deal.terms.base_fee_invoiced_at
        milestone = milestones.get(trigger) if trigger else None
        invoices.append(
            Invoice(
                trigger=f"{milestone.id} accepted" if milestone else "Signature",
                date=milestone.date if milestone else deal.date,
                description=line.description,
                amount=line.net - share,
            )
        )
    return invoices
