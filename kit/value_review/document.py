"""The value review (method 11.1-11.2) for the customer, and the account team's internal brief.

The customer's copy carries what both sides review together: the metrics pack with its trends,
each outcome in detail with the evidence behind it, the shortfalls with the constraint holding
them back, and the agreed next steps. The retention-risk rating, the early-warning rules that
fired and the actions they set off with their owners are the seller's reading of the account:
they go to the internal brief. A section or row with nothing to say is left out rather than
printed empty; the brief lists what the customer copy left out, so the team can fill it in.

Every status, risk level and due date comes from the analysis
(:mod:`kit.value_review.calculations`); this module only turns those results into display-ready
text for the account's locale, so the Word templates hold loops and labels but no rule.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kit import formatting
from kit.document import Chart, Content, Properties, place_party_logos, section_numbers
from kit.formatting import quantity, signed_percent, signed_quantity
from kit.models.account import Account, EarlyWarning, Metric, NextStep, RiskAction
from kit.value_review.calculations import (
    MEDIUM_DROP,
    STATUS_LABELS,
    TICKET_RISE,
    TTV_OVERDUE_DAYS,
    MetricReview,
    RiskAssessment,
    ValueReview,
    ValueReviewAnalysis,
)
from kit.value_review.charts import trend_chart, usage_chart

TITLE = "Value review"
RATE_PLACES = Decimal("0.01")
NONE = "\N{EM DASH}"
SIDES = {"seller": "our team", "customer": "your team"}
"""Who owns a next step, as the seller writes it to the customer."""
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


def customer(analysis: ValueReviewAnalysis) -> Content:
    """The value review the customer receives, formatted for the account's locale."""
    account, review = analysis.account, analysis.review
    context = _context(account, review)
    images = {"trend_chart": Chart(trend_chart(analysis), width_mm=None)}
    place_party_logos(account.seller, account.customer, context, images)
    return Content(
        context, images, _properties(account, f"Value review for {account.customer.name}")
    )


def internal(analysis: ValueReviewAnalysis) -> Content:
    """The account team's brief: retention risk, the rules that fired, and who acts by when."""
    account, review = analysis.account, analysis.review
    points = open_points(account, review)
    context = {
        "doc": _doc(account),
        "number": section_numbers(
            [
                ("risk", True),
                ("actions", True),
                ("usage", bool(review.risk.weeks)),
                ("open", bool(points)),
            ]
        ),
        "risk": _risk(account, review.risk),
        "open_points": points,
    }
    images = {"usage_chart": Chart(usage_chart(analysis), width_mm=None)}
    return Content(
        context, images, _properties(account, f"Retention risk of {account.customer.name}")
    )


# --- the customer's value review ---------------------------------------------------------------


def _properties(account: Account, subject: str) -> Properties:
    return Properties(
        f"{TITLE}: {account.customer.name}", account.seller.name, subject, account.review_date
    )


def _doc(account: Account) -> dict[str, str]:
    loc = account.locale
    contract = account.contract
    return {
        "title": TITLE,
        "customer": account.customer.name,
        "seller": account.seller.name,
        "date": formatting.date(account.review_date, loc),
        "contract": (
            f"{contract.term_months}-month term from "
            f"{formatting.date(contract.start, loc)}, renewing on "
            f"{formatting.date(contract.renewal_date, loc)}, at "
            f"{formatting.whole_money(contract.annual_value, loc)} a year"
        ),
    }


def _context(account: Account, review: ValueReview) -> dict[str, Any]:
    """Every value the customer template reads, from the already computed review."""
    loc = account.locale
    pairs = list(zip(account.metrics, review.metrics, strict=True))
    shortfalls = _shortfalls(account, review)
    steps = [_next_step(step, account) for step in _by_date(account.next_steps)]
    hypotheses = [{"statement": h.statement, "owner": h.test_owner} for h in account.hypotheses]
    review_dates = [f"Review of {formatting.date(account.review_date, loc)}"]
    if account.next_review:
        review_dates.append(f"Next review {formatting.date(account.next_review, loc)}")
    return {
        "doc": _doc(account),
        "cover": {
            "prepared_for": account.addressee(),
            "contacts": account.sender(),
            "review": review_dates,
        },
        "number": section_numbers(
            [
                ("summary", True),
                ("pack", True),
                ("metrics", True),
                ("shortfalls", bool(shortfalls)),
                ("next_steps", bool(steps or hypotheses)),
            ]
        ),
        "summary": {
            "paragraph": review.recap,
            "next_review": formatting.date(account.next_review, loc) if account.next_review else "",
        },
        "status": _status(account, review),
        "metrics": [_metric(metric, row, account) for metric, row in pairs],
        "shortfalls": shortfalls,
        "next_steps": steps,
        "hypotheses": hypotheses,
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
                "metrics": ", ".join(m.id for m in review.metrics if m.status == key),
            }
            for key, label in STATUS_LABELS.items()
            if review.count(key)
        ],
        "total": [{"status": "Total", "count": str(len(review.metrics)), "metrics": ""}],
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
    current = quantity(row.current, unit, loc) if row.current is not None else "Not measured yet"
    variance = signed_quantity(row.variance, unit, loc) if row.variance is not None else NONE
    if row.variance_ratio is not None:
        variance += f" ({signed_percent(row.variance_ratio, loc)})"
    facts: list[tuple[str, str]] = [
        ("Outcome", metric.outcome),
        ("Evidence source", metric.evidence_source),
        ("Definition", metric.definition),
        ("How it is measured", metric.measurement),
        ("Kind", "Leading indicator" if metric.layer == "leading" else "Outcome metric"),
        (
            "Target",
            f"{quantity(row.target, unit, loc)} or {metric.direction}: "
            f"{_lower_first(metric.time_window)}",
        ),
        ("Status", f"{row.label}. {_sentence(row.reasons)}"),
        ("Trend", _trend_detail(row, loc)),
        ("What moved and why", _capital(metric.variance_note)),
    ]
    if row.status != "on_track" and row.constraint is not None:
        facts.append(("Constraint", CONSTRAINTS[row.constraint]))
    if row.stall_evidence:
        facts.append(("Adoption stalled", row.stall_evidence))
    if row.definition_changed:
        versions = sorted({p.definition_version for p in row.periods})
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
        "variance": variance,
        "trend": _trend_short(row),
        "status": row.label,
        "facts": [{"label": label, "value": value} for label, value in facts if value.strip()],
        "periods": _periods(row, loc),
        "attribution": list(metric.attribution_notes),
        "confounders": [
            *metric.confounders,
            *([f"Timing: {metric.effect_window}"] if metric.effect_window else []),
        ],
    }


def _periods(row: MetricReview, loc: str) -> list[dict[str, str]]:
    return [
        {
            "label": period.label,
            "value": quantity(period.value, row.unit, loc),
            "gap": signed_quantity(period.gap, row.unit, loc),
            "band": "Miss" if period.miss else "Inside",
        }
        for period in row.periods
    ]


def _capital(text: str) -> str:
    """Notes are written to fit inside the summary sentence; a table cell starts a sentence."""
    text = text.strip()
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """A time window such as "By the end of the year" read inside a sentence."""
    text = text.strip()
    return text[:1].lower() + text[1:]


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


def _shortfalls(account: Account, review: ValueReview) -> list[dict[str, str]]:
    """Each metric not on track, the constraint behind it and the agreed step that answers it."""
    steps: dict[str, list[NextStep]] = {}
    for step in _by_date(account.next_steps):
        if step.metric:
            steps.setdefault(step.metric, []).append(step)
    return [
        {
            "metric": f"{row.id} {row.name}",
            "status": row.label,
            "why": _sentence(row.reasons),
            "constraint": CONSTRAINTS[row.constraint] if row.constraint else "To be named",
            "response": "; ".join(f"{s.owner}: {s.deliverable}" for s in steps.get(row.id, []))
            or "To be agreed",
        }
        for row in review.metrics
        if row.status != "on_track"
    ]


def _by_date(steps: list[NextStep]) -> list[NextStep]:
    return sorted(steps, key=lambda step: step.measure_by)


def _next_step(step: NextStep, account: Account) -> dict[str, str]:
    names = {metric.id: metric.name for metric in account.metrics}
    return {
        "owner": f"{step.owner}, {SIDES[step.owner_side]}",
        "deliverable": step.deliverable,
        "evidence": step.evidence,
        "measure_by": formatting.date(step.measure_by, account.locale),
        "metric": f"{step.metric} {names[step.metric]}" if step.metric else NONE,
    }


# --- the internal brief ------------------------------------------------------------------------


def open_points(account: Account, review: ValueReview) -> list[str]:
    """What the customer's copy had to leave out or hedge because the file does not say it yet."""
    linked = {step.metric for step in account.next_steps if step.metric}
    points = []
    for metric, row in zip(account.metrics, review.metrics, strict=True):
        name = f"{row.id} {row.name}"
        if not metric.definition.strip():
            points.append(f"{name}: no written definition; the customer copy leaves it out.")
        if row.current is None:
            points.append(f"{name}: not measured yet; it can only be reported as at risk.")
        if row.needs_constraint:
            points.append(
                f"{name}: {row.label.lower()} without a named constraint (process, capability, "
                "data or scope); the customer copy says it is still to be named."
            )
        if row.status != "on_track" and row.id not in linked:
            points.append(
                f"{name}: {row.label.lower()} and no next step is linked to it; the customer "
                "copy says the response is still to be agreed."
            )
        if not metric.variance_note.strip() and row.current is not None:
            points.append(f"{name}: nothing says what moved it and why.")
    if not account.next_steps:
        points.append("No next steps are agreed; the customer copy has no next-steps section.")
    return points


def _risk_headline(risk: RiskAssessment) -> str:
    level = risk.level.capitalize()
    if risk.triggers:
        return f"Retention risk: {level}. Signals: {'; '.join(risk.triggers)}."
    return f"Retention risk: {level}. None of the early-warning signals fired."


def _window(action: RiskAction) -> str:
    if action.business_days is None:
        return "By the next scheduled review"
    return f"Within {formatting.count(action.business_days, 'business day')}"


def _risk(account: Account, risk: RiskAssessment) -> dict[str, Any]:
    loc = account.locale
    signals = account.early_warning
    current = "monitor" if risk.monitor else risk.level
    ladder = []
    for key, label in LEVELS:
        action = risk.ladder[key]
        applies = key == current and risk.due is not None
        ladder.append(
            {
                "level": label,
                "action": action.action,
                "owner": action.owner,
                "window": _window(action),
                "now": f"Yes, by {formatting.date(risk.due, loc)}" if applies else NONE,
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
        "rules": risk_rules(account, risk),
        "weeks": _weeks(risk, loc),
        "ladder": ladder,
        "action": action,
    }


def _baseline_text(signals: EarlyWarning, risk: RiskAssessment, loc: str) -> str:
    if risk.baseline is None:
        return "No usage baseline yet, so the usage rules cannot fire."
    value = formatting.number(risk.baseline.quantize(RATE_PLACES).normalize(), loc)
    if signals.usage_baseline is not None:
        return f"{value}, as stated in the parameters file"
    weeks = risk.averaged_weeks
    return f"{value}, the mean of {weeks[0]} to {weeks[-1]}"


def _weeks(risk: RiskAssessment, loc: str) -> list[dict[str, str]]:
    return [
        {
            "label": week.label,
            "value": formatting.number(week.value, loc),
            "change": signed_percent(week.change, loc) if week.change is not None else NONE,
            "window": "Yes" if week.in_window else "",
        }
        for week in risk.weeks
    ]


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def risk_rules(account: Account, risk: RiskAssessment) -> list[dict[str, str]]:
    """The 11.1 rules side by side with what this review measured for each."""
    loc = account.locale
    signals = account.early_warning
    drops = (
        " and ".join(formatting.percent(d.drop, loc) for d in risk.drops) + " below baseline"
        if risk.drops
        else "Not enough weekly data"
    )
    overdue = (
        f"{formatting.count(risk.ttv_overdue_days, 'day')} late"
        if risk.ttv_overdue_days is not None
        else _ttv_state(signals)
    )
    return [
        {
            "rule": "Usage down 40% or more in each of the last two weeks, and the "
            f"time-to-value milestone {TTV_OVERDUE_DAYS} or more days late",
            "level": "High",
            "observed": f"{drops}; milestone {overdue}",
            "met": _yes(risk.high_rule),
        },
        {
            "rule": f"Usage down {formatting.percent(MEDIUM_DROP, loc)} or more in each of the "
            "last two weeks",
            "level": "Medium",
            "observed": drops,
            "met": _yes(risk.usage_rule),
        },
        {
            "rule": f"Tickets up {formatting.percent(TICKET_RISE, loc)} or more on the previous "
            "period while average resolution time rises",
            "level": "Medium",
            "observed": _tickets_text(signals, risk, loc),
            "met": _yes(risk.ticket_rule),
        },
        {
            "rule": "Either of the last two onboarding steps still open",
            "level": "Low, with a watch",
            "observed": f"{risk.open_steps} of {risk.watched_steps} open",
            "met": _yes(risk.open_steps > 0),
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
