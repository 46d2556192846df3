"""Value review (11.2) and early-warning risk (11.1) for one account.

Statuses and risk levels are decided by fixed rules over the measured numbers, never by
impression, so two reviewers given the same file reach the same verdict. Every threshold is
compared in Decimal: ``1 - 80/100`` in floats is just under 0.20, and a boundary case would
silently land in the wrong level.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kit.formatting import date as format_date
from kit.formatting import number
from kit.models.account import (
    Account,
    Direction,
    EarlyWarning,
    Metric,
    PeriodValue,
    RiskAction,
    StatusRules,
)

Status = Literal["on_track", "at_risk", "off_track"]
RiskLevel = Literal["high", "medium", "low"]
OffTrackMode = Literal["consecutive", "cumulative"]

STATUS_LABELS: dict[Status, str] = {
    "on_track": "On track",
    "at_risk": "At risk",
    "off_track": "Off track",
}

TOLERANCE = Decimal("0.10")
"""11.2: "within 10% of target"."""

HIGH_DROP = Decimal("0.40")
MEDIUM_DROP = Decimal("0.20")
CONSECUTIVE_WEEKS = 2
TTV_OVERDUE_DAYS = 14
TICKET_RISE = Decimal("0.50")
BASELINE_WEEKS = 4
"""11.1 thresholds: 40%+, 20-39%, two consecutive weeks, 14+ days, +50% tickets.

``BASELINE_WEEKS`` is a kit rule: the method does not say what a drop is measured against."""


def is_miss(value: Decimal, target: Decimal, direction: Direction, tolerance: Decimal) -> bool:
    """A miss is a value outside the tolerance band on the unfavourable side of the target.

    11.2 lets a value at 95% of target be both "within 10%" (on track) and "missing target"
    (at risk). The kit resolves the overlap by reading "misses target" as "falls outside the
    10% band on the bad side", so for any one period "within" and "miss" are exact opposites.
    Beating the target is never a miss. The band is relative to the target's size.
    """
    band = tolerance * abs(target)
    if direction == "higher":
        return value < target - band
    return value > target + band


def _favourable(change: Decimal, direction: Direction) -> bool:
    return change > 0 if direction == "higher" else change < 0


def trend_reversed(values: Sequence[Decimal], direction: Direction) -> bool:
    """The latest change goes the wrong way right after a change that went the right way.

    Kit rule: "toward the target" means in the better direction, so overshooting a target is
    never read as a reversal. A reversal needs two changes, hence three periods.
    """
    if len(values) < 3:
        return False
    previous, latest = values[-2] - values[-3], values[-1] - values[-2]
    return _favourable(previous, direction) and _favourable(-latest, direction)


def status_of(
    values: Sequence[Decimal],
    target: Decimal,
    direction: Direction,
    *,
    tolerance: Decimal = TOLERANCE,
    off_track_mode: OffTrackMode = "consecutive",
    adoption_stalled: bool = False,
) -> tuple[Status, list[str]]:
    """11.2 outcome status and the reasons behind it; off track beats at risk beats on track.

    "Misses target twice" is read as the last two periods both missing (``consecutive``);
    ``cumulative`` counts any two misses in the periods given. "Misses target once" looks at
    the latest period only. With fewer than two periods nothing can be confirmed, and the kit
    reports at risk rather than inventing a fourth status.
    """
    misses = [is_miss(value, target, direction, tolerance) for value in values]
    reasons: list[str] = []
    if adoption_stalled:
        reasons.append("evidence shows adoption has stalled")
    if off_track_mode == "consecutive":
        if len(misses) >= 2 and misses[-1] and misses[-2]:
            reasons.append("missed the target band in the last two periods")
    elif sum(misses) >= 2:
        reasons.append(f"missed the target band in {sum(misses)} periods")
    if reasons:
        return "off_track", reasons
    if misses and misses[-1]:
        reasons.append("missed the target band in the latest period")
    if trend_reversed(values, direction):
        reasons.append("the trend turned the wrong way")
    if reasons:
        return "at_risk", reasons
    if len(misses) >= 2 and not misses[-2]:
        return "on_track", ["within the target band for two periods in a row"]
    if len(misses) >= 2:
        return "at_risk", ["back within the band, but only for one period"]
    return "at_risk", ["not yet confirmed: on track needs two measured periods"]


@dataclass(frozen=True)
class Trend:
    """Direction and pace of change, as the metrics pack asks for."""

    direction: Literal["up", "down", "flat"] | None
    change: Decimal | None
    rate_per_period: Decimal | None
    favourable: bool | None


def trend(values: Sequence[Decimal], direction: Direction) -> Trend:
    """Latest period-over-period change, plus the average change per period over the history."""
    if len(values) < 2:
        return Trend(None, None, None, None)
    change = values[-1] - values[-2]
    rate = (values[-1] - values[0]) / (len(values) - 1)
    heading = "up" if change > 0 else "down" if change < 0 else "flat"
    return Trend(heading, change, rate, None if change == 0 else _favourable(change, direction))


@dataclass(frozen=True)
class PeriodReview:
    """One measured period against the target band: the input the status rules read."""

    label: str
    value: Decimal
    gap: Decimal
    """Value minus target, in the metric's unit."""
    miss: bool
    definition_version: int


@dataclass(frozen=True)
class MetricReview:
    id: str
    name: str
    outcome: str
    unit: str
    baseline: Decimal
    target: Decimal
    current: Decimal | None
    change_from_baseline: Decimal | None
    variance: Decimal | None
    variance_ratio: Decimal | None
    trend: Trend
    status: Status
    reasons: list[str]
    constraint: str | None
    definition_changed: bool
    periods: tuple[PeriodReview, ...]
    stall_evidence: str | None
    """What shows adoption has stalled; None unless the metric is marked stalled with evidence."""

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def needs_constraint(self) -> bool:
        """11.2 asks for a constraint category behind every metric that is not on track."""
        return self.status != "on_track" and self.constraint is None


def review_metric(metric: Metric, rules: StatusRules | None = None) -> MetricReview:
    """One metrics-pack row: baseline, current, trend, variance against target, status.

    A stall counts only with its evidence. The account model already refuses the tick without
    it (``kit check`` and the form alike); reading it this way here as well means no review,
    whatever built its metric, can say "evidence shows adoption has stalled" with none shown.
    """
    rules = rules or StatusRules()
    values = [period.value for period in metric.periods]
    evidence = metric.adoption_stalled_evidence.strip()
    stall_evidence = evidence if metric.adoption_stalled and evidence else None
    status, reasons = status_of(
        values,
        metric.target,
        metric.direction,
        tolerance=rules.tolerance,
        off_track_mode=rules.off_track_mode,
        adoption_stalled=stall_evidence is not None,
    )
    current = values[-1] if values else None
    variance = current - metric.target if current is not None else None
    ratio = variance / abs(metric.target) if variance is not None and metric.target else None
    versions = {period.definition_version for period in metric.periods}
    periods = tuple(
        PeriodReview(
            label=period.label,
            value=period.value,
            gap=period.value - metric.target,
            miss=is_miss(period.value, metric.target, metric.direction, rules.tolerance),
            definition_version=period.definition_version,
        )
        for period in metric.periods
    )
    return MetricReview(
        id=metric.id,
        name=metric.name,
        outcome=metric.outcome,
        unit=metric.unit,
        baseline=metric.baseline,
        target=metric.target,
        current=current,
        change_from_baseline=current - metric.baseline if current is not None else None,
        variance=variance,
        variance_ratio=ratio,
        trend=trend(values, metric.direction),
        status=status,
        reasons=reasons,
        constraint=metric.constraint,
        definition_changed=len(versions) > 1,
        periods=periods,
        stall_evidence=stall_evidence,
    )


def add_business_days(start: dt.date, days: int) -> dt.date:
    """Count forward skipping Saturdays and Sundays; public holidays are out of scope."""
    if days < 0:
        raise ValueError(f"days must not be negative (got {days})")
    current = start
    while days:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


# The method names the medium and high actions but no owner, and a window only for medium.
# Kit rules: the customer success manager owns both (11.1 writes the rule set for one), the
# high-risk call must happen sooner than the medium check-in, and a low-risk watch is
# handled at the next scheduled review.
DEFAULT_ACTIONS: dict[str, RiskAction] = {
    "high": RiskAction(
        action="Hold a joint call with support on the biggest source of friction.",
        owner="Customer success manager with the support lead",
        business_days=2,
    ),
    "medium": RiskAction(
        action="Run a success check-in and go over the latest onboarding milestone.",
        owner="Customer success manager",
        business_days=5,
    ),
    "monitor": RiskAction(
        action="Keep watch on the unfinished onboarding steps and raise them at the next review.",
        owner="Customer success manager",
    ),
}


ActionKey = Literal["high", "medium", "monitor"]


def action_for(signals: EarlyWarning, key: ActionKey) -> RiskAction:
    """The action a level triggers: the file's override, else the kit's default."""
    return getattr(signals.actions, key) or DEFAULT_ACTIONS[key]


@dataclass(frozen=True)
class UsageDrop:
    week: str
    value: Decimal
    drop: Decimal


@dataclass(frozen=True)
class WeekUsage:
    """One week of usage against the baseline; ``in_window`` marks the rule's last two weeks."""

    label: str
    value: Decimal
    change: Decimal | None
    """``value / baseline - 1``; None without a baseline."""
    in_window: bool


@dataclass(frozen=True)
class RiskAssessment:
    level: RiskLevel
    monitor: bool
    triggers: list[str]
    baseline: Decimal | None
    averaged_weeks: tuple[str, ...]
    """The weeks the baseline is the mean of; empty when the file states it or none exists."""
    drops: list[UsageDrop]
    ttv_overdue_days: int | None
    ticket_change: Decimal | None
    resolution_rising: bool | None
    action: RiskAction | None
    due: dt.date | None
    weeks: tuple[WeekUsage, ...]
    high_rule: bool
    """Usage down 40% or more for two weeks with the time-to-value milestone 14+ days late."""
    usage_rule: bool
    """Usage down 20% or more for two weeks (fires medium unless the high rule fired)."""
    ticket_rule: bool
    """Tickets up 50% or more while resolution time rose."""
    open_steps: int
    """How many of the last two onboarding steps are still open."""
    watched_steps: int
    """How many onboarding steps the watch looks at: the last two, or fewer."""
    ladder: dict[ActionKey, RiskAction]
    """The action each level would trigger, overrides applied, for the full rule set."""


def baseline_weeks(signals: EarlyWarning) -> list[PeriodValue]:
    """The weeks a baseline is averaged from: up to four before the last two (kit rule)."""
    return signals.weekly_usage[:-CONSECUTIVE_WEEKS][-BASELINE_WEEKS:]


def usage_baseline(signals: EarlyWarning) -> Decimal | None:
    """The stated baseline, else the mean of up to four weeks before the last two (kit rule)."""
    if signals.usage_baseline is not None:
        return signals.usage_baseline
    earlier = [week.value for week in baseline_weeks(signals)]
    if not earlier or sum(earlier) <= 0:
        return None
    return sum(earlier) / len(earlier)


def dropped_by(value: Decimal, baseline: Decimal, threshold: Decimal) -> bool:
    """``1 - value/baseline >= threshold``, compared without dividing so the edge is exact."""
    return value <= (1 - threshold) * baseline


def ttv_overdue_days(signals: EarlyWarning, as_of: dt.date) -> int | None:
    """Days past due of the time-to-value milestone; None when it is done, on time or unset."""
    for step in signals.onboarding:
        if step.time_to_value and step.completed_on is None and as_of > step.due:
            return (as_of - step.due).days
    return None


def ticket_change(signals: EarlyWarning) -> tuple[Decimal | None, bool | None]:
    """Ticket growth and whether resolution time rose, latest period against the one before."""
    if len(signals.tickets) < 2:
        return None, None
    before, latest = signals.tickets[-2], signals.tickets[-1]
    rising = latest.average_resolution_hours > before.average_resolution_hours
    if before.count == 0:
        return None, rising
    return Decimal(latest.count - before.count) / before.count, rising


def tickets_rose(signals: EarlyWarning) -> bool:
    """Tickets up by 50% or more on the previous period, compared without dividing.

    Kit rule: tickets after a period with none count as a rise of more than 50%.
    """
    if len(signals.tickets) < 2:
        return False
    before, latest = signals.tickets[-2].count, signals.tickets[-1].count
    if before == 0:
        return latest > 0
    return Decimal(latest) >= (1 + TICKET_RISE) * before


def retention_risk(
    signals: EarlyWarning, as_of: dt.date, next_review: dt.date | None = None
) -> RiskAssessment:
    """11.1 example rule set: high, medium or low risk, with the action it triggers.

    Taken literally, a 40%+ drop whose milestone is not yet 14 days late fails the high rule
    and also the medium rule's 20-39% band, so it would read as low risk. The kit closes that
    hole: medium fires on any drop of 20% or more for two weeks (bands [20%, 40%) and 40%+).
    "Two consecutive weeks" means the last two weekly values. "Increases by 50% with average
    resolution time rising" means both together, each against the previous ticket period.
    "Has not completed the last two onboarding steps" is read as either of them being open.
    """
    baseline = usage_baseline(signals)
    weeks = signals.weekly_usage[-CONSECUTIVE_WEEKS:]
    drops = (
        [UsageDrop(week.label, week.value, 1 - week.value / baseline) for week in weeks]
        if baseline is not None
        else []
    )
    enough = baseline is not None and len(weeks) == CONSECUTIVE_WEEKS

    def two_weeks(threshold: Decimal) -> bool:
        return enough and all(dropped_by(w.value, baseline, threshold) for w in weeks)

    overdue = ttv_overdue_days(signals, as_of)
    change, rising = ticket_change(signals)
    high_rule = two_weeks(HIGH_DROP) and overdue is not None and overdue >= TTV_OVERDUE_DAYS
    usage_rule = two_weeks(MEDIUM_DROP)
    ticket_rule = tickets_rose(signals) and bool(rising)
    triggers: list[str] = []
    level: RiskLevel = "low"
    if high_rule:
        level = "high"
        triggers.append(
            f"usage down 40% or more for two weeks and the time-to-value milestone is "
            f"{overdue} days late"
        )
    else:
        if usage_rule:
            triggers.append("usage down 20% or more for two weeks")
        if ticket_rule:
            triggers.append("tickets up 50% or more while resolution time rose")
        if triggers:
            level = "medium"
    last_two = signals.onboarding[-2:]
    open_steps = sum(1 for step in last_two if step.completed_on is None)
    monitor = level == "low" and open_steps > 0
    if monitor:
        triggers.append("one of the last two onboarding steps is still open")
    ladder: dict[ActionKey, RiskAction] = {
        key: action_for(signals, key) for key in ("high", "medium", "monitor")
    }
    key: ActionKey | None = level if level != "low" else "monitor" if monitor else None
    action = ladder[key] if key else None
    due = None
    if action is not None:
        due = (
            add_business_days(as_of, action.business_days)
            if action.business_days is not None
            else next_review
        )
    return RiskAssessment(
        level=level,
        monitor=monitor,
        triggers=triggers,
        baseline=baseline,
        averaged_weeks=tuple(week.label for week in baseline_weeks(signals))
        if baseline is not None and signals.usage_baseline is None
        else (),
        drops=drops,
        ttv_overdue_days=overdue,
        ticket_change=change,
        resolution_rising=rising,
        action=action,
        due=due,
        weeks=_weeks(signals, baseline),
        high_rule=high_rule,
        usage_rule=usage_rule,
        ticket_rule=ticket_rule,
        open_steps=open_steps,
        watched_steps=len(last_two),
        ladder=ladder,
    )


def _weeks(signals: EarlyWarning, baseline: Decimal | None) -> tuple[WeekUsage, ...]:
    window = len(signals.weekly_usage) - CONSECUTIVE_WEEKS
    return tuple(
        WeekUsage(
            label=week.label,
            value=week.value,
            change=week.value / baseline - 1 if baseline is not None else None,
            in_window=index >= window,
        )
        for index, week in enumerate(signals.weekly_usage)
    )


@dataclass(frozen=True)
class ValueReview:
    metrics: list[MetricReview]
    risk: RiskAssessment
    summary: str
    """The recap for the seller's team, retention risk included."""
    recap: str
    """The same recap without the retention-risk sentence: the customer's copy of it."""

    def count(self, status: Status) -> int:
        return sum(1 for metric in self.metrics if metric.status == status)


def _value(value: Decimal, unit: str, locale: str) -> str:
    text = number(value, locale)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def summary_paragraph(
    account: Account, metrics: list[MetricReview], risk: RiskAssessment | None
) -> str:
    """The closing recap of 11.2 in one paragraph: baseline, status, variance drivers, next plan.

    Built only from the file's numbers and notes, so the recap cannot claim more than the
    metrics pack shows. Without ``risk`` it leaves out the retention-risk sentence: the risk
    rating is the seller's own reading of the account and stays out of the customer's copy.
    """
    locale = account.locale
    counts = {status: sum(1 for m in metrics if m.status == status) for status in STATUS_LABELS}
    parts = [
        f"At the {format_date(account.review_date, locale)} review of "
        f"{account.customer.name}, {counts['on_track']} of {len(metrics)} metrics were on "
        f"track, {counts['at_risk']} at risk and {counts['off_track']} off track."
    ]
    notes = {metric.id: metric.variance_note for metric in account.metrics}
    for review in metrics:
        if review.current is None:
            parts.append(
                f"{review.name} has no measurement yet against a baseline of "
                f"{_value(review.baseline, review.unit, locale)}."
            )
            continue
        sentence = (
            f"{review.name} moved from {_value(review.baseline, review.unit, locale)} to "
            f"{_value(review.current, review.unit, locale)} against a target of "
            f"{_value(review.target, review.unit, locale)} ({review.label.lower()})"
        )
        note = notes[review.id].strip().rstrip(".")
        parts.append(f"{sentence}; {note}." if note else f"{sentence}.")
    if risk is not None:
        parts.append(
            f"Retention risk is {risk.level}"
            + (", with a watch on onboarding." if risk.monitor else ".")
        )
    steps = sorted(account.next_steps, key=lambda step: step.measure_by)
    if steps:
        plan = "; ".join(
            f"{step.owner}, {step.deliverable.rstrip('.')}, measured by "
            f"{format_date(step.measure_by, locale)}"
            for step in steps
        )
        parts.append(f"Next: {plan}.")
    else:
        parts.append("No next steps are agreed yet.")
    return " ".join(parts)


def value_review(account: Account) -> ValueReview:
    """The whole review for an account: metrics pack rows, early-warning risk and the recap."""
    metrics = [review_metric(metric, account.status_rules) for metric in account.metrics]
    risk = retention_risk(account.early_warning, account.review_date, account.next_review)
    return ValueReview(
        metrics,
        risk,
        summary=summary_paragraph(account, metrics, risk),
        recap=summary_paragraph(account, metrics, None),
    )


@dataclass(frozen=True)
class ValueReviewAnalysis:
    """The value review's one analysis: everything the notebook, form and document read.

    Computed once per run (and once per form change), so the metrics pack, the risk rules and
    the recap paragraph are never worked out a second time by a view or a template.
    """

    params: Account
    review: ValueReview

    @property
    def account(self) -> Account:
        return self.params


def analyse(account: Account) -> ValueReviewAnalysis:
    return ValueReviewAnalysis(account, value_review(account))
