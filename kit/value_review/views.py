"""The value review's results as tables: metrics pack, periods, statuses, risk, next steps.

Every view reads the one analysis; none applies a rule of its own. Statuses carry their colour
(on track green, at risk amber, off track red) so a room reading the screen sees the verdict
before the numbers.
"""

from __future__ import annotations

from kit import formatting
from kit.formatting import quantity, signed_percent, signed_quantity
from kit.tables import Cell, Lines, Report, Table, Tone, right, status
from kit.value_review.calculations import MetricReview, Status, ValueReviewAnalysis
from kit.value_review.document import risk_rules

STATUS_TONES: dict[Status, Tone] = {"on_track": "good", "at_risk": "warn", "off_track": "bad"}
LEVEL_TONES: dict[str, Tone] = {"high": "bad", "medium": "warn", "low": "good"}
RULE_TONES: dict[str, Tone] = {"High": "bad", "Medium": "warn", "Low, with a watch": "info"}
SIDES = {"seller": "our team", "customer": "customer"}


def _status(m: MetricReview) -> Cell:
    return status(m.label, STATUS_TONES[m.status])


def _trend(m: MetricReview) -> str:
    if m.trend.direction is None:
        return "too early"
    if m.trend.favourable is None:
        return m.trend.direction
    return f"{m.trend.direction}, {'better' if m.trend.favourable else 'worse'}"


def headline(analysis: ValueReviewAnalysis) -> Lines:
    account = analysis.account
    return Lines(
        [
            f"{account.customer.name}: review of {account.review_date.isoformat()}, "
            f"{len(account.metrics)} metrics"
        ]
    )


def pack(analysis: ValueReviewAnalysis) -> Table:
    """The metrics pack, one row per metric, as the document's overview table shows it."""
    loc = analysis.account.locale
    rows = []
    for m in analysis.review.metrics:
        current = quantity(m.current, m.unit, loc) if m.current is not None else "not measured"
        variance = signed_quantity(m.variance, m.unit, loc) if m.variance is not None else "—"
        if m.variance_ratio is not None:
            variance += f" ({signed_percent(m.variance_ratio, loc)})"
        rows.append(
            [
                f"{m.id} {m.name}",
                quantity(m.baseline, m.unit, loc),
                current,
                quantity(m.target, m.unit, loc),
                variance,
                _trend(m),
                _status(m),
            ]
        )
    return Table(
        [
            "Metric",
            right("Baseline"),
            right("Current"),
            right("Target"),
            right("Against target"),
            "Trend",
            "Status",
        ],
        rows,
    )


def periods(analysis: ValueReviewAnalysis) -> Table:
    """Every measured period against the target band: the inputs of the status rules."""
    loc = analysis.account.locale
    rows = [
        [
            m.id,
            period.label,
            quantity(period.value, m.unit, loc),
            signed_quantity(period.gap, m.unit, loc),
            status("miss", "bad") if period.miss else status("inside", "good"),
        ]
        for m in analysis.review.metrics
        for period in m.periods
    ]
    return Table(
        ["Metric", "Period", right("Value"), right("Against target"), "Band"],
        rows,
        notes=[
            f"{m.id}: the definition changed between periods; compare them with care."
            for m in analysis.review.metrics
            if m.definition_changed
        ],
    )


def statuses(analysis: ValueReviewAnalysis) -> Table:
    """Status per metric with the rule that decided it and the constraint behind a shortfall."""
    rows = []
    for m in analysis.review.metrics:
        if m.needs_constraint:
            constraint: Cell | str = status("not named", "bad")
        else:
            constraint = m.constraint or "—"
        rows.append([f"{m.id} {m.name}", _status(m), "; ".join(m.reasons), constraint])
    return Table(
        ["Metric", "Status", "Why", "Constraint"],
        rows,
        notes=[
            f"{m.id}: adoption has stalled; the evidence: {m.stall_evidence}"
            for m in analysis.review.metrics
            if m.stall_evidence
        ],
    )


def risk(analysis: ValueReviewAnalysis) -> Report:
    """The 11.1 rules against what was measured, the level they give and the action it starts."""
    account, assessment = analysis.account, analysis.review.risk
    loc = account.locale
    watch = ", with a watch on onboarding" if assessment.monitor else ""
    level = Lines([f"Retention risk: {assessment.level}{watch}"], LEVEL_TONES[assessment.level])
    rules = Table(
        ["Rule", "Level", "Measured", "Fires"],
        [
            [
                row["rule"],
                row["level"],
                row["observed"],
                status("yes", RULE_TONES[row["level"]]) if row["met"] == "Yes" else "no",
            ]
            for row in risk_rules(account, assessment)
        ],
    )
    baseline = (
        formatting.number(assessment.baseline, loc) if assessment.baseline is not None else "none"
    )
    weeks = Table(
        ["Week", right(account.early_warning.usage_metric), right("Against baseline"), "Window"],
        [
            [
                week.label,
                formatting.number(week.value, loc),
                signed_percent(week.change, loc) if week.change is not None else "—",
                "last two weeks" if week.in_window else "",
            ]
            for week in assessment.weeks
        ],
        notes=[f"Usage baseline: {baseline}"],
    )
    if assessment.action is not None and assessment.due is not None:
        action = Lines(
            [
                f"Action: {assessment.action.action}",
                f"Owner: {assessment.action.owner}; due {assessment.due.isoformat()}",
            ]
        )
    else:
        action = Lines(["No action is due; keep reviewing the signals at the usual cadence."])
    return Report.of(level, rules, weeks, action)


def next_steps(analysis: ValueReviewAnalysis) -> Report:
    """Agreed steps in date order, then the statements that stay hypotheses until tested."""
    account = analysis.account
    steps = Table(
        ["Measure by", "Owner", "Deliverable", "Evidence of success", "Metric"],
        [
            [
                step.measure_by.isoformat(),
                f"{step.owner} ({SIDES[step.owner_side]})",
                step.deliverable,
                step.evidence,
                step.metric or "—",
            ]
            for step in sorted(account.next_steps, key=lambda s: s.measure_by)
        ]
        or [["—", status("none agreed yet", "bad"), "—", "—", "—"]],
    )
    if not account.hypotheses:
        return Report.of(steps)
    hypotheses = Table(
        ["Hypothesis", "Tested by"],
        [[h.statement, h.test_owner] for h in account.hypotheses],
    )
    return Report.of(steps, hypotheses)


def summary(analysis: ValueReviewAnalysis) -> Lines:
    return Lines([analysis.review.summary])


def live(analysis: ValueReviewAnalysis) -> Report:
    """The short result under the workshop form: each status and the risk level."""
    loc = analysis.account.locale
    review = analysis.review
    metrics = Table(
        ["Metric", right("Latest"), "Status", "Why"],
        [
            [
                f"{m.id} {m.name}",
                quantity(m.current, m.unit, loc) if m.current is not None else "—",
                _status(m),
                "; ".join(m.reasons),
            ]
            for m in review.metrics
        ],
    )
    due = f"; action due {review.risk.due.isoformat()}" if review.risk.due else ""
    return Report.of(
        metrics,
        Lines([f"Retention risk: {review.risk.level}{due}"], LEVEL_TONES[review.risk.level]),
    )
