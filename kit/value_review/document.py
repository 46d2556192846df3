"""The value review (method 11.1-11.2): metrics pack, status per outcome, retention risk, plan.

Every status, risk level and due date in the document comes from ``kit.value_review.calculations``; this
module only turns those results into display-ready text for the account's locale, so the Word
template holds loops and labels but no rule of its own.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from kit import charts, formatting
from kit.value_review.charts import metric_trends, usage_against_thresholds
from kit.formatting import quantity, signed_percent, signed_quantity
from kit.models.account import Account, EarlyWarning, Metric, NextStep, RiskAction
from kit.paths import output_dir
from kit.render import Chart, Properties, publish
from kit.value_review.calculations import (
    CONSECUTIVE_WEEKS,
    DEFAULT_ACTIONS,
    HIGH_DROP,
    MEDIUM_DROP,
    STATUS_LABELS,
    TICKET_RISE,
    TTV_OVERDUE_DAYS,
    MetricReview,
    RiskAssessment,
    ValueReview,
    dropped_by,
    is_miss,
    tickets_rose,
    usage_baseline,
    value_review,
)

TEMPLATE = "value_review.docx"
EXAMPLE = "examples/account-review.yaml"
VARIABLES = frozenset(
    {
        "doc",
        "summary",
        "status",
        "metrics",
        "shortfalls",
        "risk",
        "next_steps",
        "hypotheses",
        "trend_chart",
        "usage_chart",
    }
)
RATE_PLACES = Decimal("0.01")
SIDES = {"seller": "our team", "customer": "customer"}
CONSTRAINTS = {
    "process": "Process",
    "capability": "Capability",
    "data": "Data",
    "scope": "Scope",
}
LEVELS = (
    ("high", "High"),
    ("medium", "Medium"),
    ("monitor", "Low, with a watch"),
)


def context_for(account: Account) -> dict[str, Any]:
    """Every value the value-review template reads, formatted for the account's locale."""
    return _context(account, value_review(account))


def _context(account: Account, review: ValueReview) -> dict[str, Any]:
    """The context from an already computed review, so ``render`` reviews only once."""
    loc = account.locale
    pairs = list(zip(account.metrics, review.metrics, strict=True))
    return {
        "doc": {
            "title": "Value review",
            "customer": account.customer.name,
            "customer_industry": account.customer.industry,
            "seller": account.seller.name,
            "date": formatting.date(account.review_date, loc),
            "next_review": (
                formatting.date(account.next_review, loc)
                if account.next_review
                else "not yet scheduled"
            ),
            "contract": (
                f"{account.contract.term_months}-month term from "
                f"{formatting.date(account.contract.start, loc)}, renewing on "
                f"{formatting.date(account.contract.renewal_date, loc)}, at "
                f"{formatting.money(account.contract.annual_value, loc)} a year"
            ),
        },
        "summary": {
            "paragraph": review.summary,
            "risk": _risk_headline(review.risk),
        },
        "status": _status(account, review),
        "metrics": [_metric(metric, row, account) for metric, row in pairs],
        "shortfalls": _shortfalls(account, review),
        "risk": _risk(account, review.risk),
        "next_steps": [_next_step(step, account) for step in _by_date(account.next_steps)]
        or [
            {
                "owner": "None agreed yet",
                "deliverable": "—",
                "evidence": "—",
                "measure_by": "—",
                "metric": "—",
            }
        ],
        "hypotheses": [
            {"statement": h.statement, "owner": h.test_owner} for h in account.hypotheses
        ]
        or [{"statement": "No open hypotheses.", "owner": "—"}],
    }


def _status(account: Account, review: ValueReview) -> dict[str, Any]:
    loc = account.locale
    rules = account.status_rules
    tolerance = formatting.percent(rules.tolerance, loc)
    twice = (
        "the last two periods both miss"
        if rules.off_track_mode == "consecutive"
        else "any two periods miss"
    )
    return {
        "counts": [
            {
                "status": label,
                "count": str(review.count(key)),
                "metrics": ", ".join(m.id for m in review.metrics if m.status == key) or "—",
            }
            for key, label in STATUS_LABELS.items()
        ],
        "total": str(len(review.metrics)),
        "rules": [
            f"On track: inside a band of {tolerance} around the target for two periods in a "
            "row. Doing better than the target always counts as inside.",
            "At risk: the latest period falls outside the band on the wrong side, or the "
            "trend turns away from the target after moving towards it. A metric with fewer "
            "than two periods also stays here until it can be confirmed.",
            f"Off track: {twice}, or evidence shows that adoption has stalled.",
        ],
    }


def _metric(metric: Metric, row: MetricReview, account: Account) -> dict[str, Any]:
    loc = account.locale
    unit = row.unit
    current = quantity(row.current, unit, loc) if row.current is not None else "not measured"
    variance = signed_quantity(row.variance, unit, loc) if row.variance is not None else "—"
    if row.variance_ratio is not None:
        variance += f" ({signed_percent(row.variance_ratio, loc)})"
    facts = [
        ("Outcome", metric.outcome),
        ("Evidence source", metric.evidence_source),
        ("Definition", metric.definition or "Not written down yet."),
        ("How it is measured", metric.measurement),
        ("Kind", "Leading indicator" if metric.layer == "leading" else "Outcome metric"),
        ("Better when", "Lower" if metric.direction == "lower" else "Higher"),
        ("Target", quantity(row.target, unit, loc)),
        ("Time window", metric.time_window),
        ("Status", f"{row.label}. {_sentence(row.reasons)}"),
        ("Trend", _trend_detail(row, loc)),
        ("Variance against target", variance),
        ("What moved and why", _capital(metric.variance_note) or "No explanation recorded yet."),
    ]
    if row.status != "on_track":
        facts.append(("Constraint", _constraint(row)))
    if metric.adoption_stalled:
        facts.append(("Adoption stalled", metric.adoption_stalled_evidence))
    if row.definition_changed:
        versions = sorted({p.definition_version for p in metric.periods})
        facts.append(
            (
                "Definition changed",
                "Periods use definition versions "
                + ", ".join(str(v) for v in versions)
                + "; compare them with care.",
            )
        )
    return {
        "id": row.id,
        "heading": f"{row.id} {row.name}",
        "name": row.name,
        "baseline": quantity(row.baseline, unit, loc),
        "current": current,
        "target": quantity(row.target, unit, loc),
        "change": signed_quantity(row.change_from_baseline, unit, loc)
        if row.change_from_baseline is not None
        else "—",
        "variance": variance,
        "trend": _trend_short(row),
        "status": row.label,
        "facts": [{"label": label, "value": value} for label, value in facts],
        "periods": _periods(metric, account)
        or [{"label": "No measurements yet", "value": "—", "gap": "—", "band": "—"}],
        "attribution": metric.attribution_notes or ["No attribution notes recorded yet."],
        "confounders": [
            *metric.confounders,
            *([f"Timing: {metric.effect_window}"] if metric.effect_window else []),
        ]
        or ["None recorded."],
    }


def _periods(metric: Metric, account: Account) -> list[dict[str, str]]:
    loc = account.locale
    tolerance = account.status_rules.tolerance
    return [
        {
            "label": period.label,
            "value": quantity(period.value, metric.unit, loc),
            "gap": signed_quantity(period.value - metric.target, metric.unit, loc),
            "band": "Miss"
            if is_miss(period.value, metric.target, metric.direction, tolerance)
            else "Inside",
        }
        for period in metric.periods
    ]


def _capital(text: str) -> str:
    """Notes are written to fit inside the summary sentence; a table cell starts a sentence."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def _sentence(parts: list[str]) -> str:
    text = _capital("; ".join(parts))
    return f"{text}." if text else ""


def _trend_short(row: MetricReview) -> str:
    trend = row.trend
    if trend.direction is None:
        return "Too early"
    if trend.direction == "flat":
        return "Flat"
    return f"{trend.direction.capitalize()}, {'better' if trend.favourable else 'worse'}"


def _trend_detail(row: MetricReview, loc: str) -> str:
    trend = row.trend
    if trend.direction is None or trend.change is None or trend.rate_per_period is None:
        return "Needs two measured periods."
    rate = signed_quantity(trend.rate_per_period.quantize(RATE_PLACES), row.unit, loc)
    if trend.direction == "flat":
        latest = "No change on the previous period"
    else:
        way = "the better direction" if trend.favourable else "the wrong direction"
        latest = (
            f"{trend.direction.capitalize()} "
            f"{quantity(abs(trend.change), row.unit, loc, points=True)} on the previous period, "
            f"{way}"
        )
    return f"{latest}; {rate} a period on average since the first measurement."


def _constraint(row: MetricReview) -> str:
    if row.constraint is None:
        return "Not named yet: choose process, capability, data or scope."
    return CONSTRAINTS[row.constraint]


def _shortfalls(account: Account, review: ValueReview) -> list[dict[str, str]]:
    steps: dict[str, list[NextStep]] = {}
    for step in _by_date(account.next_steps):
        if step.metric:
            steps.setdefault(step.metric, []).append(step)
    rows = [
        {
            "metric": f"{row.id} {row.name}",
            "status": row.label,
            "why": _sentence(row.reasons),
            "constraint": _constraint(row),
            "response": "; ".join(f"{s.owner}: {s.deliverable}" for s in steps.get(row.id, []))
            or "No next step linked yet.",
        }
        for row in review.metrics
        if row.status != "on_track"
    ]
    return rows or [
        {
            "metric": "Every metric is on track",
            "status": "—",
            "why": "—",
            "constraint": "—",
            "response": "—",
        }
    ]


def _risk_headline(risk: RiskAssessment) -> str:
    level = risk.level.capitalize()
    if risk.triggers:
        return f"Retention risk: {level}. Signals: {'; '.join(risk.triggers)}."
    return f"Retention risk: {level}. None of the early-warning signals fired."


def _action(signals: EarlyWarning, key: str) -> RiskAction:
    """The action a level triggers: the file's override, else the kit's default."""
    return getattr(signals.actions, key) or DEFAULT_ACTIONS[key]


def _window(action: RiskAction) -> str:
    if action.business_days is None:
        return "By the next scheduled review"
    return f"Within {action.business_days} business days"


def _risk(account: Account, risk: RiskAssessment) -> dict[str, Any]:
    loc = account.locale
    signals = account.early_warning
    current = "monitor" if risk.monitor else risk.level
    ladder = []
    for key, label in LEVELS:
        action = _action(signals, key)
        applies = key == current and risk.due is not None
        ladder.append(
            {
                "level": label,
                "action": action.action,
                "owner": action.owner,
                "window": _window(action),
                "now": f"Yes, by {formatting.date(risk.due, loc)}" if applies else "—",
            }
        )
    if risk.action is not None and risk.due is not None:
        action = (
            f"{risk.action.action} Owner: {risk.action.owner}. Due "
            f"{formatting.date(risk.due, loc)} ({_window(risk.action).lower()} of the "
            "review)."
        )
    else:
        action = "No action is due; keep reviewing the signals at the usual cadence."
    return {
        "level": risk.level.capitalize(),
        "headline": _risk_headline(risk),
        "usage_metric": signals.usage_metric,
        "baseline": _baseline_text(signals, risk, loc),
        "rules": _rules(account, risk),
        "weeks": _weeks(signals, risk, loc)
        or [{"label": "No weekly usage recorded", "value": "—", "change": "—", "window": "—"}],
        "ladder": ladder,
        "action": action,
    }


def _baseline_text(signals: EarlyWarning, risk: RiskAssessment, loc: str) -> str:
    if risk.baseline is None:
        return "No usage baseline yet, so the usage rules cannot fire."
    value = formatting.number(risk.baseline.quantize(RATE_PLACES).normalize(), loc)
    if signals.usage_baseline is not None:
        return f"{value}, as stated in the parameters file"
    earlier = signals.weekly_usage[:-CONSECUTIVE_WEEKS][-4:]
    return f"{value}, the mean of {earlier[0].label} to {earlier[-1].label}"


def _weeks(signals: EarlyWarning, risk: RiskAssessment, loc: str) -> list[dict[str, str]]:
    window = len(signals.weekly_usage) - CONSECUTIVE_WEEKS
    rows = []
    for index, week in enumerate(signals.weekly_usage):
        change = (
            signed_percent(week.value / risk.baseline - 1, loc)
            if risk.baseline is not None
            else "—"
        )
        rows.append(
            {
                "label": week.label,
                "value": formatting.number(week.value, loc),
                "change": change,
                "window": "Yes" if index >= window else "",
            }
        )
    return rows


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _rules(account: Account, risk: RiskAssessment) -> list[dict[str, str]]:
    """The 11.1 rules side by side with what this review measured for each."""
    loc = account.locale
    signals = account.early_warning
    weeks = signals.weekly_usage[-CONSECUTIVE_WEEKS:]
    baseline = usage_baseline(signals)
    enough = baseline is not None and len(weeks) == CONSECUTIVE_WEEKS

    def both(threshold: Decimal) -> bool:
        return enough and all(dropped_by(w.value, baseline, threshold) for w in weeks)

    drops = (
        " and ".join(formatting.percent(d.drop, loc) for d in risk.drops) + " below baseline"
        if risk.drops
        else "Not enough weekly data"
    )
    overdue = (
        f"{risk.ttv_overdue_days} days late"
        if risk.ttv_overdue_days is not None
        else _ttv_state(signals)
    )
    high = both(HIGH_DROP) and (risk.ttv_overdue_days or 0) >= TTV_OVERDUE_DAYS
    open_steps = sum(1 for step in signals.onboarding[-2:] if step.completed_on is None)
    return [
        {
            "rule": "Usage down 40% or more in each of the last two weeks, and the "
            f"time-to-value milestone {TTV_OVERDUE_DAYS} or more days late",
            "level": "High",
            "observed": f"{drops}; milestone {overdue}",
            "met": _yes(high),
        },
        {
            "rule": f"Usage down {formatting.percent(MEDIUM_DROP, loc)} or more in each of the "
            "last two weeks",
            "level": "Medium",
            "observed": drops,
            "met": _yes(both(MEDIUM_DROP)),
        },
        {
            "rule": f"Tickets up {formatting.percent(TICKET_RISE, loc)} or more on the previous "
            "period while average resolution time rises",
            "level": "Medium",
            "observed": _tickets_text(signals, risk, loc),
            "met": _yes(tickets_rose(signals) and bool(risk.resolution_rising)),
        },
        {
            "rule": "Either of the last two onboarding steps still open",
            "level": "Low, with a watch",
            "observed": f"{open_steps} of {len(signals.onboarding[-2:])} open",
            "met": _yes(open_steps > 0),
        },
    ]


def _ttv_state(signals: EarlyWarning) -> str:
    step = next((s for s in signals.onboarding if s.time_to_value), None)
    if step is None:
        return "not named"
    return "reached" if step.completed_on is not None else "not yet due"


def _tickets_text(signals: EarlyWarning, risk: RiskAssessment, loc: str) -> str:
    if len(signals.tickets) < 2:
        return "Needs two ticket periods"
    before, latest = signals.tickets[-2], signals.tickets[-1]
    change = (
        signed_percent(risk.ticket_change, loc)
        if risk.ticket_change is not None
        else "up from none"
    )
    hours = (
        f"{formatting.number(before.average_resolution_hours, loc)} to "
        f"{formatting.number(latest.average_resolution_hours, loc)} hours"
    )
    return f"{before.count} to {latest.count} tickets ({change}); resolution {hours}"


def _by_date(steps: list[NextStep]) -> list[NextStep]:
    return sorted(steps, key=lambda step: step.measure_by)


def _next_step(step: NextStep, account: Account) -> dict[str, str]:
    names = {metric.id: metric.name for metric in account.metrics}
    return {
        "owner": f"{step.owner}, {SIDES[step.owner_side]}",
        "deliverable": step.deliverable,
        "evidence": step.evidence,
        "measure_by": formatting.date(step.measure_by, account.locale),
        "metric": f"{step.metric} {names[step.metric]}" if step.metric else "—",
    }


def trend_chart(account: Account, review: ValueReview | None = None) -> bytes:
    review = review or value_review(account)
    figure = metric_trends(account.metrics, review.metrics, account.status_rules)
    return charts.to_png(figure)


def usage_chart(account: Account, review: ValueReview | None = None) -> bytes:
    review = review or value_review(account)
    return charts.to_png(usage_against_thresholds(account.early_warning, review.risk))


def charts_for(account: Account) -> dict[str, Chart]:
    return _charts(account, value_review(account))


def _charts(account: Account, review: ValueReview) -> dict[str, Chart]:
    return {
        "trend_chart": Chart(trend_chart(account, review)),
        "usage_chart": Chart(usage_chart(account, review)),
    }


def render(account: Account, out_dir: str | Path | None = None) -> Path:
    """Review the account once, then write ``value_review-<account id>.docx``."""
    review = value_review(account)
    return publish(
        TEMPLATE,
        _context(account, review),
        _charts(account, review),
        Properties(
            f"Value review {account.customer.name}",
            account.seller.name,
            f"Value review for {account.customer.name}",
            account.review_date,
        ),
        output_dir(account.id, out_dir) / f"value_review-{account.id}.docx",
    )
