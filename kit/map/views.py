"""The mutual action plan as tables for the notebook and the workshop form.

Dates are ISO here (the document uses the deal's locale) so the reference outputs read the same
whatever the deal's language, and the numbering of inputs and decisions matches the document.
Gaps the buyer must close before signing are red, items that need a date or a nudge are amber.
"""

from __future__ import annotations

from kit.map.calculations import (
    FREQUENCY,
    MapAnalysis,
    PlanSummary,
    TrackedItem,
    tracked,
    watch,
)
from kit.tables import Cell, Lines, Report, Table, Tone, right, status

CHANGE_KINDS = {"requirement": "Requirement", "success criterion": "Criterion"}


def headline(analysis: MapAnalysis) -> Lines:
    deal, plan = analysis.deal, analysis.plan
    return Lines(
        [
            f"{deal.customer.name}: {deal.title}",
            f"{len(plan.phases)} phases, {len(plan.dependencies)} inputs, "
            f"{len(plan.decision_points)} decisions",
        ]
    )


def _missing(text: str, word: str = "missing") -> Cell | str:
    return text or status(word, "bad")


def criteria(analysis: MapAnalysis) -> Table:
    """Each success criterion with its five parts; a part still to agree is red."""
    rows = [
        [
            row.id,
            _missing(row.metric),
            _missing(row.baseline),
            _missing(row.target),
            _missing(row.time_window),
            _missing(row.method),
            ", ".join(row.linked_requirements) or status("none", "bad"),
        ]
        for row in analysis.criteria
    ]
    complete = sum(not row.missing for row in analysis.criteria)
    return Table(
        ["Criterion", "Metric", "Baseline", "Target", "Time window", "Method", "Requirements"],
        rows,
        notes=[f"{complete} of {len(analysis.criteria)} criteria are complete."],
    )


def requirements(analysis: MapAnalysis) -> Table:
    rows = [
        [
            row.id,
            row.priority,
            _missing(row.owner, "none"),
            row.dependency or "—",
            _missing(row.acceptance_evidence),
        ]
        for row in analysis.requirements
    ]
    return Table(["Requirement", "Priority", "Owner", "Waits for", "Acceptance evidence"], rows)


def changes(analysis: MapAnalysis) -> Table:
    """What the change rule sends you back to, for every criterion and requirement."""
    rows = [
        [
            change.changed,
            CHANGE_KINDS[change.kind],
            ", ".join(change.linked) or status("nothing linked", "warn"),
            change.recheck,
        ]
        for change in analysis.changes
    ]
    return Table(["If this changes", "Kind", "Re-check", "What to look at again"], rows)


def phases(summary: PlanSummary) -> Table:
    rows = [
        [
            row.phase,
            row.start.isoformat(),
            row.end.isoformat(),
            str(row.days),
            row.customer_owner,
            row.seller_owner,
            ", ".join(row.milestones) or "—",
            row.decision_point,
        ]
        for row in summary.phases
    ]
    return Table(
        [
            "Phase",
            "Start",
            "End",
            right("Days"),
            "Your lead",
            "Our lead",
            "Milestones",
            "Closes when",
        ],
        rows,
        notes=[f"Whole plan: {summary.start} to {summary.end}, {summary.days} days"],
    )


def cadence(analysis: MapAnalysis) -> Table:
    rows = [
        [
            meeting.meeting,
            FREQUENCY[meeting.frequency],
            ", ".join(meeting.attendees),
            meeting.purpose,
        ]
        for meeting in analysis.plan.cadence
    ]
    return Table(["Meeting", "How often", "Attendees", "Standing agenda"], rows)


def _watch(item: TrackedItem, done: str) -> Cell:
    """Where an item stands, coloured: late red, undated amber, done green, due blue."""
    tone: Tone = "info"
    if not item.open:
        tone = "good"
    elif item.undated:
        tone = "warn"
    elif item.overdue:
        tone = "bad"
    return status(watch(item, done), tone)


def dependencies(analysis: MapAnalysis) -> Table:
    plan = analysis.plan
    rows = [
        [
            str(number),
            item.what,
            _missing(item.owner, "none"),
            item.due.isoformat() if item.due else status("no date", "warn"),
            item.phase,
            plan.dependencies[index].status,
            _watch(item, "received"),
        ]
        for number, (index, item) in enumerate(tracked(analysis.summary, "dependency"), start=1)
    ]
    return Table(
        [right("#"), "What is needed", "From", "Needed by", "Phase", "Status", "Watch"], rows
    )


def decisions(analysis: MapAnalysis) -> Report:
    rows = [
        [
            str(number),
            item.what,
            item.owner,
            item.due.isoformat() if item.due else status("no date", "warn"),
            item.phase,
            _watch(item, "decided"),
        ]
        for number, (_, item) in enumerate(tracked(analysis.summary, "decision"), start=1)
    ]
    table = Table([right("#"), "Decision", "Approved by", "Date", "Phase", "Status"], rows)
    return Report.of(table, attention(analysis.summary))


def attention(summary: PlanSummary) -> Lines:
    """Late and undated open items on the summary's date, each named, or that there are none."""
    late, undated = summary.overdue, summary.undated
    if not late and not undated:
        return Lines([f"As of {summary.as_of}: nothing late, every item dated"], "good")
    lines = [f"As of {summary.as_of}: {len(late)} late, {len(undated)} without a date (scope risk)"]
    lines += [f"{watch(item, '')}: {item.what} ({item.owner or 'no owner'})" for item in late]
    lines += [f"No date yet: {item.what} ({item.owner or 'no owner'})" for item in undated]
    return Lines(lines, "bad" if late else "warn")


def signoff_checks(analysis: MapAnalysis) -> Report:
    rows = [
        [
            str(number),
            check.item,
            status("pass", "good") if check.passed else status("fail", "bad"),
            "; ".join(check.failing) or "—",
        ]
        for number, check in enumerate(analysis.signoff, start=1)
    ]
    table = Table([right("#"), "Check", "Result", "What is missing"], rows)
    return Report.of(table, signed_off(analysis))


def signed_off(analysis: MapAnalysis) -> Lines:
    total = len(analysis.signoff)
    tone: Tone = "good" if analysis.signed_off == total else "bad"
    return Lines([f"{analysis.signed_off} of {total} sign-off checks pass"], tone)


def review(analysis: MapAnalysis) -> Lines:
    """The closing read-back, numbered, exactly as the document lists it."""
    return Lines([f"{i}. {point}" for i, point in enumerate(analysis.review, 1)])
