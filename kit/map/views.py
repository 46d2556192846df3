"""Text views of the mutual action plan for the notebook's checked cells.

Dates are ISO here (the document uses the deal's locale) so the reference outputs read the same
whatever the deal's language, and the numbering of inputs and decisions matches the document.
"""

from __future__ import annotations

from kit.formatting import table
from kit.map.calculations import (
    PlanSummary,
    change_impact,
    inclusive_days,
    phase_for,
    requirements_table,
    review_points,
    signoff,
    success_criteria,
    tracked,
    watch,
)
from kit.models.deal import Deal
from kit.models.plan import MapPlan


def criteria(deal: Deal) -> str:
    rows = [
        [
            row.id,
            row.metric or "MISSING",
            row.baseline or "MISSING",
            row.target or "MISSING",
            row.time_window or "MISSING",
            ", ".join(row.linked_requirements) or "NONE",
            ", ".join(row.missing) or "-",
        ]
        for row in success_criteria(deal)
    ]
    headers = ["id", "metric", "baseline", "target", "time window", "linked", "missing"]
    return table(headers, rows)


def requirements(deal: Deal) -> str:
    rows = [
        [
            row.id,
            row.priority,
            row.owner or "NONE",
            row.dependency or "-",
            row.acceptance_evidence or "MISSING",
        ]
        for row in requirements_table(deal)
    ]
    return table(["id", "priority", "owner", "dependency", "acceptance evidence"], rows)


def changes(deal: Deal) -> str:
    """What the change rule sends you back to, for every criterion and requirement."""
    ids = [o.id for o in deal.outcomes] + [r.id for r in deal.requirements]
    lines = []
    for item in ids:
        impact = change_impact(deal, item)
        linked = ", ".join(impact.linked) or "nothing linked"
        lines.append(f"{item} changes -> re-check {linked} ({impact.recheck})")
    return "\n".join(lines)


def phases(summary: PlanSummary) -> str:
    rows = [
        [
            row.phase,
            row.start.isoformat(),
            row.end.isoformat(),
            str(inclusive_days(row.start, row.end)),
            row.customer_owner,
            row.seller_owner,
            ", ".join(row.milestones) or "-",
            row.decision_point,
        ]
        for row in summary.phases
    ]
    headers = [
        "phase",
        "start",
        "end",
        "days",
        "your lead",
        "our lead",
        "milestones",
        "closes when",
    ]
    lines = [table(headers, rows), ""]
    lines.append(
        f"Whole plan: {summary.start} to {summary.end}, "
        f"{inclusive_days(summary.start, summary.end)} days"
    )
    return "\n".join(lines)


def cadence(plan: MapPlan) -> str:
    rows = [
        [meeting.meeting, meeting.frequency, ", ".join(meeting.attendees), meeting.purpose]
        for meeting in plan.cadence
    ]
    return table(["meeting", "how often", "attendees", "standing agenda"], rows)


def dependencies(plan: MapPlan, summary: PlanSummary) -> str:
    rows = [
        [
            str(number),
            item.what,
            item.owner or "NONE",
            item.due.isoformat() if item.due else "NO DATE",
            phase_for(plan, item.due),
            plan.dependencies[index].status,
            watch(item, "received"),
        ]
        for number, (index, item) in enumerate(tracked(summary, "dependency"), start=1)
    ]
    headers = ["#", "what", "from", "needed by", "phase", "status", "watch"]
    return table(headers, rows)


def decisions(plan: MapPlan, summary: PlanSummary) -> str:
    rows = [
        [
            str(number),
            item.what,
            item.owner,
            item.due.isoformat() if item.due else "NO DATE",
            phase_for(plan, item.due),
            watch(item, "decided"),
        ]
        for number, (_, item) in enumerate(tracked(summary, "decision"), start=1)
    ]
    lines = [table(["#", "decision", "approver", "date", "phase", "status"], rows), ""]
    if summary.overdue or summary.undated:
        lines.append(
            f"As of {summary.as_of}: {len(summary.overdue)} late, "
            f"{len(summary.undated)} without a date (scope risk)"
        )
    else:
        lines.append(f"As of {summary.as_of}: nothing late, every item dated")
    return "\n".join(lines)


def signoff_checks(deal: Deal) -> str:
    checks = signoff(deal)
    rows = [
        [str(number), check.item, "pass" if check.passed else "FAIL", "; ".join(check.failing)]
        for number, check in enumerate(checks, start=1)
    ]
    passed = sum(check.passed for check in checks)
    return "\n".join(
        [
            table(["#", "check", "result", "missing"], rows),
            "",
            f"{passed} of {len(checks)} checks pass",
        ]
    )


def review(deal: Deal, plan: MapPlan) -> str:
    """The closing read-back, numbered, exactly as the document lists it."""
    return "\n".join(f"{i}. {point}" for i, point in enumerate(review_points(deal, plan), 1))
