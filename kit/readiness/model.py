"""The readiness parameters file: the evidence behind "are we ready to scale, and how fast?".

One file holds the three kinds of evidence the method weighs in sequence: cohorts measured
against the leading indicator of retention (product-market fit), unit economics per
demand-generation channel (go-to-market fit), and a monthly hiring plan set against the demand
the channels supply (pace). A file describes one product in one market, because the method
restarts both fit tests whenever either changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from pydantic import ValidationInfo, field_validator

from kit.models.base import Currency, Locale, Strict, Text, YearMonth, field
from kit.models.checks import currency_problems
from kit.models.deal import ImageFile, Slug
from kit.types import Amount, Money, Percent

Medium = Literal[
    "outbound", "abm_abs", "inbound", "paid_digital", "plg", "partners", "referrals", "other"
]
Metric = Literal["payback", "ltv_cac", "magic_number"]


class EventChecks(Strict):
    """The four qualities a leading-indicator event needs; each is confirmed by the user."""

    objective: bool = field(
        "The event is a fact that either happened or did not.",
        default=False,
        used_for="PMF: event E checklist",
    )
    instrumentable: bool = field(
        "The event is measured by the product or a system, not by hand.",
        default=False,
        used_for="PMF: event E checklist",
    )
    aligned: bool = field(
        "Reaching the event means the customer is getting value.",
        default=False,
        used_for="PMF: event E checklist",
    )
    correlated: bool = field(
        "The event reflects what makes our offer different.",
        default=False,
        used_for="PMF: event E checklist",
    )


class Cohort(Strict):
    """Customers acquired in one period and how many of them now reach the event every period."""

    name: Text = field("Acquisition period that names the cohort, e.g. 2025-03.")
    customers: int = field("Customers acquired in that period.", unit="customers", ge=1)
    achieving: int = field(
        "Customers of this cohort reaching the event E every period T.",
        unit="customers",
        ge=0,
        used_for="PMF: share of the cohort against P",
    )

    @field_validator("achieving")
    @classmethod
    def _not_more_than_customers(cls, value: int, info: ValidationInfo) -> int:
        customers = info.data.get("customers")
        if customers is not None and value > customers:
            raise ValueError(f"cannot exceed the cohort's {customers} customers (got {value})")
        return value


class ProductMarketFit(Strict):
    """The leading indicator of retention: P % of customers reach event E every period T."""

    event: Text = field(
        "Event E, e.g. 'at least one report shared with a colleague'.",
        used_for="PMF: leading indicator of retention",
    )
    period: Text = field(
        "Period T over which E is checked, e.g. 'month' or 'week'.",
        used_for="PMF: leading indicator of retention",
    )
    required_share: Percent = field(
        "Share P of customers that must reach E; most companies choose 60%-80%.",
        unit="percent",
        used_for="PMF: threshold each cohort is held to",
    )
    event_checks: EventChecks = field(
        "Confirm the four qualities of the event; any unconfirmed one is flagged.",
        default=EventChecks(),
    )
    consistent_cohorts: int = field(
        "How many most recent cohorts must all reach P before the fit counts as consistent.",
        unit="cohorts",
        default=3,
        ge=1,
        used_for="PMF: 'consistently' (kit rule)",
    )
    annual_retention: Percent | None = field(
        "Share of customers still with us after twelve months; leave out until measured.",
        unit="percent",
        default=None,
        used_for="PMF: lagging test, must exceed 90%",
    )
    cohorts: list[Cohort] = field(
        "Acquisition cohorts, oldest first.", min_length=1, used_for="PMF per cohort"
    )


class Channel(Strict):
    """Unit economics of the customers one demand-generation channel brought in."""

    name: Text = field("Label of the channel, e.g. 'Outbound to plant managers'.")
    medium: Medium = field(
        "Kind of channel; referrals count as unscalable and cannot prove go-to-market fit.",
        used_for="GTM fit: one scalable channel is enough",
    )
    customers_won: int = field(
        "New customers the averages below describe; weights the blended figures.",
        unit="customers",
        ge=1,
    )
    acv: Amount = field("Average annual contract value.", unit="money per year")
    cac: Amount = field("Average cost to acquire one customer.", unit="money")
    gross_margin: Percent = field("Gross margin on these customers.", unit="percent")
    ltv: Amount | None = field(
        "Lifetime value per customer, if known; otherwise give annual_churn.",
        unit="money",
        default=None,
        used_for="LTV/CAC > 3",
    )
    annual_churn: Percent | None = field(
        "Share of these customers lost per year; derives LTV = ACV x margin / churn.",
        unit="percent",
        default=None,
        used_for="LTV/CAC > 3 (derived LTV)",
    )
    new_arr: Amount = field(
        "New annual recurring revenue the channel added in the latest quarter.",
        unit="money per year",
        used_for="Magic Number",
    )
    previous_quarter_spend: Amount = field(
        "Sales and marketing spend on the channel in the quarter before.",
        unit="money",
        used_for="Magic Number",
    )


class UnitEconomics(Strict):
    """The channels measured and which goals decide whether one of them is proven."""

    gate_on: list[Metric] = field(
        "Goals a channel must meet to prove go-to-market fit; the method focuses on payback.",
        default=["payback"],
        min_length=1,
        used_for="GTM fit verdict",
    )
    channels: list[Channel] = field("One entry per demand-generation channel.", min_length=1)


class PlanMonth(Strict):
    """One month of the plan: the demand supplied and the sellers starting under each plan."""

    month: YearMonth = field("Calendar month, YYYY-MM; months must follow one another.")
    demand: Decimal = field(
        "Qualified opportunities demand generation supplies this month.",
        unit="opportunities per month",
        ge=0,
        used_for="capacity: demand-generation side",
    )
    hires: int = field(
        "Sellers starting this month in the paced plan.", unit="sellers", ge=0, default=0
    )
    front_loaded_hires: int | None = field(
        "Sellers starting this month in the front-loaded alternative; leave out everywhere "
        "to compare with all hires in the first month.",
        unit="sellers",
        ge=0,
        default=None,
        used_for="paced vs front-loaded comparison",
    )


class Hiring(Strict):
    """Monthly hiring against demand, so the two capacities can be compared month by month."""

    sellers_at_start: int = field(
        "Fully ramped sellers already on the team before the first month.", unit="sellers", ge=0
    )
    ramp_months: int = field(
        "Months until a new seller carries a full load; the month of hire counts as the first.",
        unit="months",
        ge=1,
        le=24,
        used_for="capacity: linear ramp",
    )
    opportunities_per_seller: Decimal = field(
        "Qualified opportunities one ramped seller needs, and can work, each month.",
        unit="opportunities per month",
        gt=0,
        used_for="capacity: sales side",
    )
    quota_per_seller: Amount | None = field(
        "Monthly quota of one ramped seller, to show bookings capacity.",
        unit="money per month",
        default=None,
    )
    tolerance: Percent = field(
        "How far either capacity may exceed the other before a month is flagged.",
        unit="percent",
        default=Decimal("0.25"),
        used_for="capacity: 'similar figures' (kit rule)",
    )
    months: list[PlanMonth] = field("The plan, one entry per month.", min_length=1)


class Readiness(Strict):
    """Readiness to scale for one product in one market."""

    kind: Literal["readiness"] = field("File kind; selects this model.")
    id: Slug = field("Assessment slug: lowercase letters, digits, hyphens.")
    title: Text = field("Title of the assessment.")
    date: dt.date = field("Date of the assessment.")
    locale: Locale = field("Locale for money and dates, e.g. en_GB, de_DE.", default="en_GB")
    product: Text = field("The product assessed; a new product starts a new assessment.")
    market: Text = field("The market assessed; a new market starts a new assessment.")
    company: str = field(
        "Company that sells the product; named on the cover and as the report's author.",
        default="",
    )
    logo: ImageFile | None = field(
        "PNG or JPEG logo of the company, shown on the workbook's cover; relative to this file.",
        default=None,
    )
    currency: Currency = field("ISO 4217 code every amount must use.")
    product_market_fit: ProductMarketFit = field(
        "The leading indicator, its cohorts and annual retention.", used_for="phase 1 test"
    )
    unit_economics: UnitEconomics = field(
        "Unit economics per demand-generation channel.", used_for="phase 2 test"
    )
    hiring: Hiring = field(
        "Monthly hiring plan against demand, with a front-loaded alternative.",
        used_for="how fast to add sellers",
    )

    def reference_problems(self) -> list[str]:
        """Checks that need more than one field: currencies, pairs of fields, month order."""
        problems = self._channel_problems()
        problems += self._hiring_problems()
        amounts: list[tuple[str, Money | None]] = []
        for i, channel in enumerate(self.unit_economics.channels):
            for name in ("acv", "cac", "ltv", "new_arr", "previous_quarter_spend"):
                amounts.append((f"unit_economics.channels[{i}].{name}", getattr(channel, name)))
        amounts.append(("hiring.quota_per_seller", self.hiring.quota_per_seller))
        problems += currency_problems(amounts, self.currency, "currency")
        gates = self.unit_economics.gate_on
        if len(set(gates)) != len(gates):
            problems.append("unit_economics.gate_on: each goal may be listed once")
        return problems

    def _channel_problems(self) -> list[str]:
        problems: list[str] = []
        seen: set[str] = set()
        for i, channel in enumerate(self.unit_economics.channels):
            path = f"unit_economics.channels[{i}]"
            if channel.name in seen:
                problems.append(f"{path}.name: duplicate channel '{channel.name}'")
            seen.add(channel.name)
            for name in ("acv", "cac", "previous_quarter_spend"):
                if getattr(channel, name).amount == 0:
                    problems.append(f"{path}.{name}: must be above zero")
            if channel.ltv is None and channel.annual_churn is None:
                problems.append(f"{path}.ltv: give ltv, or annual_churn to derive it")
            elif channel.ltv is not None and channel.annual_churn is not None:
                problems.append(f"{path}.annual_churn: give either ltv or annual_churn, not both")
            elif channel.annual_churn == 0:
                problems.append(f"{path}.annual_churn: must be above 0% to derive LTV")
        return problems

    def _hiring_problems(self) -> list[str]:
        problems: list[str] = []
        months = self.hiring.months
        for i in range(1, len(months)):
            expected = _next_month(months[i - 1].month)
            if months[i].month != expected:
                problems.append(
                    f"hiring.months[{i}].month: expected {expected} after "
                    f"{months[i - 1].month}; months must follow one another"
                )
        given = [m.front_loaded_hires is not None for m in months]
        if any(given) and not all(given):
            for i, present in enumerate(given):
                if not present:
                    problems.append(
                        f"hiring.months[{i}].front_loaded_hires: give it for every month or none"
                    )
        return problems


def _next_month(label: str) -> str:
    year, month = (int(part) for part in label.split("-"))
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return f"{year:04d}-{month:02d}"
