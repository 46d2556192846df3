"""Renewal (11.5), expansion (11.3) and add-on ROI (11.4, 6.5) for one account.

The renewal meeting should argue from the same measured numbers as the value reviews, so every
figure here is derived from the account file: the performance file rows, the expansion options
that usage and outcomes justify, the payback of each add-on, the renewal packages against
today's price, and the final-week checklist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Literal

from kit import formatting
from kit.models.account import Account, AddOn, RetentionGain, TimeSaved, UsageLine
from kit.types import Money, quantize
from kit.value_review.calculations import MetricReview, Status, review_metric

Reviews = dict[str, MetricReview]
"""Each metric's value-review result by metric id: the statuses the renewal argues from."""


def metric_reviews(account: Account) -> Reviews:
    """Every metric reviewed once, with the value review's own status rules."""
    return {m.id: review_metric(m, account.status_rules) for m in account.metrics}


# --- 11.5 performance file and posture -------------------------------------------------------


@dataclass(frozen=True)
class PerformanceRow:
    order: int
    id: str
    scope: str
    claim: str
    measure: str
    baseline: str
    result: str
    attribution: str
    limitation: str
    status: Status | None


def performance_rows(account: Account, reviews: Reviews) -> list[PerformanceRow]:
    """The evidence pattern per metric, in the order the metrics were promised (11.5 step 1)."""
    scope = {item.id: item.text for item in account.contract.scope}
    entries = sorted(account.performance_file.entries, key=lambda entry: entry.promised_order)
    return [
        PerformanceRow(
            order=entry.promised_order,
            id=entry.id,
            scope=scope[entry.scope_item],
            claim=entry.claim,
            measure=entry.measure,
            baseline=entry.baseline,
            result=entry.result,
            attribution=entry.attribution,
            limitation=entry.limitation,
            status=reviews[entry.metric].status if entry.metric else None,
        )
        for entry in entries
    ]


@dataclass(frozen=True)
class Posture:
    strength: Literal["strong", "mixed"]
    stance: str
    not_on_track: list[str]


def posture(account: Account, reviews: Reviews) -> Posture:
    """Strong when every promised metric is on track, otherwise mixed (kit rule).

    The method names a stance for strong and for mixed performance only; a poor record is
    handled like a mixed one, because the answer is the same: a measurable plan for the gaps.
    """
    lagging = [
        metric.id
        for metric in account.metrics
        if metric.promised and reviews[metric.id].status != "on_track"
    ]
    if lagging:
        return Posture(
            "mixed", "Close the gaps with a measurable plan instead of debating the past.", lagging
        )
    return Posture("strong", "Keep the agreement as it is and clear away friction.", [])


# --- 11.3 expansion opportunities ------------------------------------------------------------

STRONG_USAGE = Decimal("0.90")
"""Kit rule: 11.3 gives no numbers, so "strong" usage reuses the 10% band of 11.2."""

REPEATED_TICKETS = 3
"""Kit rule: a ticket theme is "repeated" from three tickets in the period."""

OpportunityType = Literal["seat", "scope", "process", "integration", "services"]
UsageLevel = Literal["strong", "low", "zero"]


def usage_level(line: UsageLine) -> UsageLevel:
    """Strong at 90% of expected usage or more, zero at nothing, low in between."""
    if line.current == 0:
        return "zero"
    return "strong" if line.current >= STRONG_USAGE * line.expected else "low"


@dataclass(frozen=True)
class UsageRow:
    """One line of the usage inventory (11.3 step 1) with its share of the expected level."""

    label: str
    current: Decimal
    expected: Decimal
    unit: str
    share: Decimal
    """``current / expected``."""
    level: UsageLevel
    fix_first: str


def usage_rows(account: Account) -> list[UsageRow]:
    return [
        UsageRow(
            label=usage_label(line),
            current=line.current,
            expected=line.expected,
            unit=line.unit,
            share=line.current / line.expected,
            level=usage_level(line),
            fix_first=line.fix_first,
        )
        for line in account.expansion.usage
    ]


@dataclass(frozen=True)
class Opportunity:
    type: OpportunityType
    capability: str
    team: str
    evidence: str
    usage_target: str
    outcome_target: str
    outcome_gap: bool
    review_on: dt.date
    ready_to_propose: bool


@dataclass(frozen=True)
class Fix:
    capability: str
    team: str
    fix: str


@dataclass(frozen=True)
class ExpansionReview:
    opportunities: list[Opportunity]
    fixes: list[Fix]


def _of(line: UsageLine) -> str:
    return f"{line.current.normalize():f} of {_amount(line.expected, line.unit)}"


def _amount(value: Decimal, unit: str) -> str:
    """A plain value with its unit, ``62%`` or ``4 teams``; notebooks localise if needed."""
    text = f"{value.normalize():f}"
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit_for(value, unit)}"


def unit_for(value: Decimal, unit: str) -> str:
    """A usage unit as the file writes it (``active agents``), singular for exactly one.

    Files name units in the plural; "1 connected systems" reads wrong, so one drops the final
    "s" ("1 connected system"). Units that are not plain English plurals are left alone.
    """
    if value == 1 and unit.endswith("s") and not unit.endswith("ss"):
        return unit[:-1]
    return unit


class _Builder:
    """Shared context for turning usage lines and stages into opportunities."""

    def __init__(self, account: Account, reviews: Reviews) -> None:
        self.account = account
        self.reviews = reviews
        self.metrics = {metric.id: metric for metric in account.metrics}
        self.review_on = account.review_date + dt.timedelta(
            days=account.expansion.review_window_days
        )

    def outcome(self, metric_id: str | None) -> tuple[str, bool]:
        if metric_id is None:
            return "", False
        metric, review = self.metrics[metric_id], self.reviews[metric_id]
        target = _amount(metric.target, metric.unit)
        if review.current is None:
            return f"{metric.name} to {target}", False
        now = _amount(review.current, metric.unit)
        return f"{metric.name} from {now} to {target}", review.periods[-1].miss

    def make(
        self,
        kind: OpportunityType,
        line: UsageLine,
        evidence: str,
        usage_target: str,
        outcome: str | None = None,
    ) -> Opportunity:
        text, gap = self.outcome(line.outcome if outcome is None else outcome)
        return Opportunity(
            type=kind,
            capability=line.capability,
            team=line.team,
            evidence=evidence,
            usage_target=usage_target,
            outcome_target=text,
            outcome_gap=gap,
            review_on=self.review_on,
            ready_to_propose=line.customer_confirmed_real and line.customer_confirmed_priority,
        )


def _seat(build: _Builder, lines: list[UsageLine]) -> list[Opportunity]:
    found = []
    teams = [line for line in lines if line.kind == "team"]
    for capability in dict.fromkeys(line.capability for line in teams):
        same = [line for line in teams if line.capability == capability]
        strong = [line.team for line in same if usage_level(line) == "strong"]
        if not strong:
            continue
        for line in same:
            if usage_level(line) == "strong" or line.fix_first:
                continue
            found.append(
                build.make(
                    "seat",
                    line,
                    f"Strong use in {', '.join(strong)}; {line.team} is at {_of(line)}",
                    f"Raise {line.team} from {_amount(line.current, line.unit)} to "
                    f"{_amount(line.expected, line.unit)}",
                )
            )
    return found


def _scope(build: _Builder, lines: list[UsageLine]) -> list[Opportunity]:
    return [
        build.make(
            "scope",
            line,
            f"{line.capability} is purchased but runs no {line.unit}",
            f"Start {_amount(line.expected, line.unit)} in {line.capability}",
        )
        for line in lines
        if line.kind == "module" and line.current == 0 and not line.fix_first
    ]


def _integration(build: _Builder, lines: list[UsageLine]) -> list[Opportunity]:
    core_runs = [
        line.capability
        for line in lines
        if line.kind != "integration" and usage_level(line) == "strong"
    ]
    if not core_runs:
        return []
    return [
        build.make(
            "integration",
            line,
            f"Core workflows run ({', '.join(dict.fromkeys(core_runs))}) but {line.capability} "
            f"has {_of(line)}",
            f"Connect {line.capability}: {_amount(line.expected, line.unit)}",
        )
        for line in lines
        if line.kind == "integration" and line.current < line.expected and not line.fix_first
    ]


def _process(build: _Builder) -> list[Opportunity]:
    stages = build.account.expansion.stages
    found: dict[int, Opportunity] = {}
    for index, stage in enumerate(stages):
        if stage.metric is None or build.reviews[stage.metric].status != "on_track":
            continue
        for near in (index - 1, index + 1):
            if 0 <= near < len(stages) and stages[near].manual and near not in found:
                manual = stages[near]
                text, gap = build.outcome(manual.metric)
                found[near] = Opportunity(
                    type="process",
                    capability=manual.name,
                    team="",
                    evidence=f"{stage.name} is on track while {manual.name} is still manual",
                    usage_target=f"Automate {manual.name}",
                    outcome_target=text,
                    outcome_gap=gap,
                    review_on=build.review_on,
                    ready_to_propose=manual.customer_confirmed_real
                    and manual.customer_confirmed_priority,
                )
    return [found[index] for index in sorted(found)]


def _services(build: _Builder, lines: list[UsageLine]) -> list[Opportunity]:
    themes = [
        theme
        for theme in build.account.expansion.ticket_themes
        if theme.category in ("setup", "adoption") and theme.count >= REPEATED_TICKETS
    ]
    if not themes:
        return []
    repeated = ", ".join(f"{theme.theme} ({theme.count})" for theme in themes)
    found = []
    for line in lines:
        if line.kind == "integration" or line.outcome is None or line.fix_first:
            continue
        status = build.reviews[line.outcome].status
        if usage_level(line) == "strong" and status != "on_track":
            found.append(
                build.make(
                    "services",
                    line,
                    f"Usage is strong but the outcome is {status.replace('_', ' ')}; "
                    f"repeated tickets: {repeated}",
                    f"Keep {line.capability} at {_amount(line.expected, line.unit)} "
                    "or more while the service runs",
                )
            )
    return found


def expansion_opportunities(account: Account, reviews: Reviews) -> ExpansionReview:
    """11.3 step 4: the five expansion patterns, each with usage and outcome targets and a date.

    Lines explained by a configuration or data fix become fixes, not offers (11.3 step 3).
    An opportunity is ready to propose only when the customer confirmed both that the gap is
    real and that it is worth solving now (11.3 step 5).
    """
    build = _Builder(account, reviews)
    lines = account.expansion.usage
    opportunities = (
        _seat(build, lines)
        + _scope(build, lines)
        + _process(build)
        + _integration(build, lines)
        + _services(build, lines)
    )
    fixes = [Fix(line.capability, line.team, line.fix_first) for line in lines if line.fix_first]
    return ExpansionReview(opportunities, fixes)


# --- 11.4 and 6.5 add-on ROI -----------------------------------------------------------------

MONTHS = 12


@dataclass(frozen=True)
class AddonRoi:
    id: str
    name: str
    hours_per_week: Decimal | None
    monthly_benefit: Money
    annual_benefit: Money
    risk_adjusted_annual_benefit: Money
    monthly_price: Money
    net_monthly_benefit: Money
    one_off_cost: Money
    return_on_price: Decimal | None
    payback_months: Decimal | None

    @property
    def monthly_benefit_whole(self) -> Money:
        """The monthly benefit to the whole currency unit, as the method prints it ($3,118)."""
        return Money(
            amount=self.monthly_benefit.amount.quantize(Decimal(1), rounding=ROUND_HALF_UP),
            currency=self.monthly_benefit.currency,
        )

    @property
    def payback_rounded(self) -> Decimal | None:
        """Payback to one decimal, half up: 3.375 months reads "about 3.4"."""
        if self.payback_months is None:
            return None
        return self.payback_months.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def payback_within_months(self) -> int | None:
        """The month in which the one-off cost is recovered: 0.67 months is within month 1."""
        if self.payback_months is None:
            return None
        return int(self.payback_months.to_integral_value(rounding=ROUND_CEILING))

    @property
    def pays_back(self) -> bool:
        return self.payback_months is not None

    @property
    def net_annual_benefit(self) -> Money:
        """The risk-adjusted benefit less twelve months of the price: what a year leaves over,
        set beside the annual renewal price."""
        return self.risk_adjusted_annual_benefit - self.monthly_price * MONTHS


def addon_roi(addon: AddOn) -> AddonRoi:
    """Benefit, net benefit and payback of one add-on, exact until the final rounding.

    Time saved (11.4): hours per week x weeks per month (the method's 4.33) x value per hour.
    Retention (6.5): accounts x churn reduction in points x average annual revenue.
    Payback = ramp months + one-off cost / net monthly benefit, where the net benefit is the
    risk-adjusted benefit minus the monthly price. Setup hours are valued at the benefit's
    hourly rate (kit rule: 11.4 gives "8 hours of setup" without a price). With no net
    benefit the add-on never pays back and ``payback_months`` is None.
    """
    benefit = addon.benefit
    hours: Decimal | None = None
    if isinstance(benefit, TimeSaved):
        currency = benefit.value_per_hour.currency
        hours = benefit.hours_per_person_per_week * benefit.people
        annual = hours * benefit.weeks_per_month * benefit.value_per_hour.amount * MONTHS
    else:
        currency = benefit.average_annual_revenue.currency
        annual = _retention_gain(benefit)
    adjusted = annual * (1 - addon.adoption_failure)
    price = addon.price_per_month.amount if addon.price_per_month else Decimal(0)
    net_annual = adjusted - price * MONTHS
    one_off = _one_off(addon)
    payback = addon.ramp_months + one_off * MONTHS / net_annual if net_annual > 0 else None

    def money(value: Decimal) -> Money:
        return Money(amount=quantize(value), currency=currency)

    return AddonRoi(
        id=addon.id,
        name=addon.name,
        hours_per_week=hours,
        monthly_benefit=money(annual / MONTHS),
        annual_benefit=money(annual),
        risk_adjusted_annual_benefit=money(adjusted),
        monthly_price=money(price),
        net_monthly_benefit=money(net_annual / MONTHS),
        one_off_cost=money(one_off),
        return_on_price=net_annual / (price * MONTHS) if price else None,
        payback_months=payback,
    )


def _retention_gain(benefit: RetentionGain) -> Decimal:
    """6.5: "2% fewer lost accounts" is two percentage points of the account base."""
    reduction = benefit.churn_before - benefit.churn_after
    return benefit.accounts * reduction * benefit.average_annual_revenue.amount


def _one_off(addon: AddOn) -> Decimal:
    if addon.setup_cost is not None:
        return addon.setup_cost.amount
    if addon.setup_hours is not None and isinstance(addon.benefit, TimeSaved):
        return addon.setup_hours * addon.benefit.value_per_hour.amount
    return Decimal(0)


# --- 11.5 renewal options and gaps -----------------------------------------------------------


@dataclass(frozen=True)
class OptionRow:
    id: str
    name: str
    annual_price: Money
    change: Money
    change_ratio: Decimal
    scope: str
    scope_change: str
    service_level: str
    performance_clause: bool
    tradeoffs: list[str]


def compare_options(account: Account) -> list[OptionRow]:
    """Each renewal package against today's annual price, in the order they are presented."""
    current = account.contract.annual_value
    return [
        OptionRow(
            id=option.id,
            name=option.name,
            annual_price=option.annual_price,
            change=option.annual_price - current,
            change_ratio=(option.annual_price.amount - current.amount) / current.amount
            if current.amount
            else Decimal(0),
            scope=option.scope,
            scope_change=option.scope_change,
            service_level=option.service_level,
            performance_clause=option.performance_clause,
            tradeoffs=list(option.tradeoffs),
        )
        for option in account.renewal_options
    ]


@dataclass(frozen=True)
class GapRow:
    gap: str
    metric: str
    current: Decimal | None
    target: Decimal | None
    unit: str
    change: Decimal | None
    change_ratio: Decimal | None
    owner: str
    due: dt.date | None
    our_actions: list[str]
    customer_provides: list[str]
    missing: list[str]

    @property
    def complete(self) -> bool:
        return not self.missing


def gap_rows(account: Account) -> list[GapRow]:
    """Each gap plan with its planned change; a '%' unit makes the change percentage points."""
    rows = []
    for plan in account.gaps:
        change = (
            plan.target - plan.current
            if plan.target is not None and plan.current is not None
            else None
        )
        missing = [
            name
            for name, absent in (
                ("owner", not plan.owner.strip()),
                ("measurable target", plan.target is None or not plan.metric.strip()),
                ("timeline", plan.due is None),
            )
            if absent
        ]
        rows.append(
            GapRow(
                gap=plan.gap,
                metric=plan.metric,
                current=plan.current,
                target=plan.target,
                unit=plan.unit,
                change=change,
                change_ratio=change / plan.current if change is not None and plan.current else None,
                owner=plan.owner,
                due=plan.due,
                our_actions=list(plan.our_actions),
                customer_provides=list(plan.customer_provides),
                missing=missing,
            )
        )
    return rows


# --- 11.5 quick checklist for the final week -------------------------------------------------

FINAL_WEEK_CHECKLIST = (
    "Performance file is complete and consistent with the original scope.",
    "Stakeholder priorities are mapped to specific evidence.",
    "Renewal options are prepared with clear tradeoffs.",
    "Any gaps have an owner, a measurable target, and a timeline.",
    "The written summary matches what was agreed in the meeting.",
)

FINAL_WEEK_DAYS = 7
"""Kit rule: the final week is the seven calendar days up to the renewal date."""


@dataclass(frozen=True)
class CheckItem:
    item: str
    passed: bool
    findings: list[str]


@dataclass(frozen=True)
class FinalWeekCheck:
    items: list[CheckItem]
    days_to_renewal: int
    in_final_week: bool

    @property
    def passed(self) -> bool:
        return all(item.passed for item in self.items)


def _performance_findings(account: Account) -> list[str]:
    entries = account.performance_file.entries
    if not entries:
        return ["the performance file has no entries"]
    covered = {entry.metric for entry in entries}
    return [
        f"promised metric {metric.id} ({metric.name}) has no performance entry"
        for metric in account.metrics
        if metric.promised and metric.id not in covered
    ]


def _priority_findings(account: Account) -> list[str]:
    if not account.stakeholder_priorities:
        return ["no stakeholder priorities are recorded"]
    return [
        f"{priority.stakeholder}: no evidence linked to '{priority.priority}'"
        for priority in account.stakeholder_priorities
        if not priority.evidence
    ]


def _option_findings(account: Account) -> list[str]:
    count = len(account.renewal_options)
    findings = [] if 2 <= count <= 3 else [f"{count} renewal options prepared; prepare 2 or 3"]
    findings += [
        f"option {option.id} states no tradeoff"
        for option in account.renewal_options
        if not option.tradeoffs
    ]
    return findings


def _gap_findings(gaps: list[GapRow]) -> list[str]:
    return [f"gap '{row.gap}' lacks {', '.join(row.missing)}" for row in gaps if row.missing]


def _summary_findings(account: Account) -> list[str]:
    if account.final_week.written_summary_confirmed:
        return []
    return ["nobody has confirmed the written summary against the meeting"]


def final_week_check(
    account: Account, gaps: list[GapRow], as_of: dt.date | None = None
) -> FinalWeekCheck:
    """The 11.5 final-week checklist, item by item in the method's order, pass or fail.

    ``gaps`` are the account's gap rows, already worked out for the gap plans.
    """
    as_of = as_of or account.review_date
    findings = (
        _performance_findings(account),
        _priority_findings(account),
        _option_findings(account),
        _gap_findings(gaps),
        _summary_findings(account),
    )
    items = [
        CheckItem(text, not found, found)
        for text, found in zip(FINAL_WEEK_CHECKLIST, findings, strict=True)
    ]
    days = (account.contract.renewal_date - as_of).days
    return FinalWeekCheck(items, days, 0 <= days <= FINAL_WEEK_DAYS)


# --- wording shared by the document and the notebook views --------------------------------


def usage_label(line: UsageLine) -> str:
    return f"{line.capability} · {line.team}" if line.team else line.capability


def payback_text(roi: AddonRoi, locale: str) -> str:
    if roi.payback_months is None:
        return "Never: the net monthly benefit is not positive"
    if roi.payback_months == 0:
        return "At once: there is no one-off cost to recover"
    return (
        f"{formatting.number(roi.payback_rounded, locale)} months "
        f"(within month {roi.payback_within_months})"
    )


# --- the one analysis of a run ----------------------------------------------------------------


@dataclass(frozen=True)
class RenewalAnalysis:
    """Every renewal result the notebook, the form and the pack read, computed once per run.

    ``reviews`` are the value review's statuses for the account's metrics; the performance
    file, the posture and the expansion patterns all read them rather than review again.
    """

    params: Account
    reviews: Reviews
    evidence: list[PerformanceRow]
    posture: Posture
    usage: list[UsageRow]
    expansion: ExpansionReview
    rois: list[AddonRoi]
    options: list[OptionRow]
    gaps: list[GapRow]
    check: FinalWeekCheck

    @property
    def account(self) -> Account:
        return self.params


def analyse(account: Account) -> RenewalAnalysis:
    reviews = metric_reviews(account)
    gaps = gap_rows(account)
    return RenewalAnalysis(
        params=account,
        reviews=reviews,
        evidence=performance_rows(account, reviews),
        posture=posture(account, reviews),
        usage=usage_rows(account),
        expansion=expansion_opportunities(account, reviews),
        rois=[addon_roi(addon) for addon in account.addons],
        options=compare_options(account),
        gaps=gaps,
        check=final_week_check(account, gaps),
    )
