"""Text views of a value review: metrics pack, periods, retention risk, next steps, summary."""

from __future__ import annotations

import textwrap

from kit import formatting
from kit.formatting import quantity, signed_percent, signed_quantity, table
from kit.models.account import Account
from kit.value_review.calculations import MetricReview, RiskAssessment, ValueReview, is_miss


def pack(review: ValueReview, locale: str) -> str:
    """The metrics pack, one row per metric, as the document's overview table shows it."""
    rows = []
    for m in review.metrics:
        current = quantity(m.current, m.unit, locale) if m.current is not None else "NONE"
        variance = signed_quantity(m.variance, m.unit, locale) if m.variance is not None else "-"
        rows.append(
            [
                m.id,
                quantity(m.baseline, m.unit, locale),
                current,
                quantity(m.target, m.unit, locale),
                variance,
                _trend(m),
                m.label,
            ]
        )
    headers = ["id", "baseline", "current", "target", "variance", "trend", "status"]
    return table(headers, rows)


def _trend(m: MetricReview) -> str:
    if m.trend.direction is None:
        return "-"
    if m.trend.favourable is None:
        return m.trend.direction
    return f"{m.trend.direction} ({'better' if m.trend.favourable else 'worse'})"


def periods(account: Account) -> str:
    """Every measured period against the target band: the inputs of the status rules."""
    loc = account.locale
    tolerance = account.status_rules.tolerance
    rows = [
        [
            metric.id,
            period.label,
            quantity(period.value, metric.unit, loc),
            signed_quantity(period.value - metric.target, metric.unit, loc),
            "MISS" if is_miss(period.value, metric.target, metric.direction, tolerance) else "in",
        ]
        for metric in account.metrics
        for period in metric.periods
    ]
    return table(["id", "period", "value", "vs target", "band"], rows)


def statuses(review: ValueReview) -> str:
    """Status per metric with the rule that decided it, and any missing constraint."""
    lines = []
    for m in review.metrics:
        lines.append(f"{m.id} {m.name}: {m.label.upper()} - {'; '.join(m.reasons)}")
        if m.needs_constraint:
            lines.append("    constraint: NOT NAMED (process, capability, data or scope)")
        elif m.constraint:
            lines.append(f"    constraint: {m.constraint}")
        if m.definition_changed:
            lines.append("    definition changed between periods: compare with care")
    return "\n".join(lines)


def risk(risk: RiskAssessment, locale: str) -> str:
    """The 11.1 signals as measured, the level they give, and the action it triggers."""
    lines = [
        f"Retention risk: {risk.level.upper()}" + (" (watch onboarding)" if risk.monitor else "")
    ]
    baseline = formatting.number(risk.baseline, locale) if risk.baseline is not None else "none"
    lines.append(f"Usage baseline: {baseline}")
    for drop in risk.drops:
        lines.append(
            f"  {drop.week}: {formatting.number(drop.value, locale)} "
            f"({formatting.percent(drop.drop, locale)} below baseline)"
        )
    overdue = risk.ttv_overdue_days
    lines.append(
        f"Time-to-value milestone overdue: {f'{overdue} days' if overdue is not None else 'no'}"
    )
    change = signed_percent(risk.ticket_change, locale) if risk.ticket_change is not None else "-"
    rising = {True: "rising", False: "not rising", None: "-"}[risk.resolution_rising]
    lines.append(f"Tickets: {change}, resolution time {rising}")
    lines.append("Triggers: " + ("; ".join(risk.triggers) or "none"))
    if risk.action is not None and risk.due is not None:
        lines.append(f"Action: {risk.action.action}")
        lines.append(f"Owner: {risk.action.owner}; due {risk.due.isoformat()}")
    return "\n".join(lines)


def next_steps(account: Account) -> str:
    """Agreed steps in date order, plus hypotheses that still need a test."""
    rows = [
        [
            step.measure_by.isoformat(),
            f"{step.owner} ({step.owner_side})",
            step.deliverable,
            step.evidence,
            step.metric or "-",
        ]
        for step in sorted(account.next_steps, key=lambda s: s.measure_by)
    ]
    lines = [table(["measure by", "owner", "deliverable", "evidence", "metric"], rows)]
    for hypothesis in account.hypotheses:
        lines.append(f"Hypothesis (tested by {hypothesis.test_owner}): {hypothesis.statement}")
    return "\n".join(lines)


def summary(review: ValueReview) -> str:
    return textwrap.fill(review.summary, width=100)


def live(account: Account, review: ValueReview) -> str:
    """The short result under the workshop form."""
    lines = [
        f"{m.id} {m.name}: {m.label}"
        + (f" (latest {quantity(m.current, m.unit, account.locale)})" if m.current else "")
        for m in review.metrics
    ]
    lines += [
        f"{metric.id}: adoption marked as stalled; say what shows it"
        for metric in account.metrics
        if metric.adoption_stalled and not metric.adoption_stalled_evidence.strip()
    ]
    due = f", action due {review.risk.due.isoformat()}" if review.risk.due else ""
    lines.append(f"Retention risk: {review.risk.level}{due}")
    return "\n".join(lines)
