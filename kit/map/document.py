"""The mutual action plan (method 4.4 and 4.5) as a document the buyer reads and signs.

It is written to the buyer: "your lead" and "our lead", what we need from you and what you can
expect from us. Every table is computed from the same deal file as the proposal, so the plan and
the proposal cannot disagree on a requirement, an outcome or a date.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from kit import charts, formatting
from kit.map.charts import Bar, Marker, gantt
from kit.map.calculations import (
    PlanSummary,
    change_impact,
    days_text,
    idle_days,
    inclusive_days,
    phase_for,
    plan_summary,
    require_plan,
    requirements_table,
    review_points,
    signoff,
    success_criteria,
    tracked,
    watch,
)
from kit.models.deal import Deal
from kit.models.plan import MapPlan
from kit.paths import output_dir
from kit.render import Chart, Properties, publish

TEMPLATE = "map.docx"
EXAMPLE = "examples/saas-subscription.yaml"
VARIABLES = frozenset(
    {
        "doc",
        "summary",
        "criteria",
        "requirements",
        "phases",
        "plan_chart",
        "controls",
        "signoff",
        "review",
    }
)
PHASE_PURPOSE = {
    "confirm": "test what we assumed and settle the scope",
    "design": "agree the process, the data and who does what",
    "implement": "configure, train and roll out",
    "prove": "measure the results against the success criteria",
}
FREQUENCY = {
    "daily": "Daily",
    "weekly": "Weekly",
    "fortnightly": "Every two weeks",
    "monthly": "Monthly",
    "phase_end": "At the end of each phase",
}
TO_AGREE = "To be agreed"
_NO_INPUTS = {
    "n": "—",
    "what": "Nothing needed from either side yet",
    "owner": "—",
    "due": "—",
    "phase": "—",
    "status": "—",
    "watch": "—",
}


def context_for(deal: Deal) -> dict[str, Any]:
    """Every value the MAP template reads, formatted for the deal's locale."""
    plan = require_plan(deal)
    return _context(deal, plan, plan_summary(plan, deal.date))


def _context(deal: Deal, plan: MapPlan, summary: PlanSummary) -> dict[str, Any]:
    """The context from an already summarised plan, so ``render`` summarises only once."""
    return {
        "doc": {
            "title": deal.title,
            "customer": deal.customer.name,
            "seller": deal.seller.name,
            "date": formatting.date(deal.date, deal.locale),
        },
        "summary": _summary(deal, plan, summary),
        "criteria": _criteria(deal),
        "requirements": _requirements(deal),
        "phases": _phases(deal, plan),
        "controls": _controls(deal, plan, summary),
        "signoff": _signoff(deal),
        "review": _review(deal, plan, summary),
    }


def _person(deal: Deal, name: str) -> str:
    role = next((p.role for p in deal.stakeholders if p.name == name), "")
    return f"{name} ({role})" if role else name


def _bullets(items: list[str], empty: str = "None") -> str:
    """List items as lines in one table cell; docxtpl turns each newline into a line break."""
    return "\n".join(f"• {item}" for item in items) if items else empty


def _summary(deal: Deal, plan: MapPlan, summary: PlanSummary) -> dict[str, Any]:
    loc = deal.locale
    decisions = Counter(phase_for(plan, point.date) for point in plan.decision_points)
    span = inclusive_days(summary.start, summary.end)
    idle = idle_days(plan)
    rows = [
        {
            "phase": phase.name.capitalize(),
            "dates": f"{formatting.date(phase.start, loc)} to {formatting.date(phase.end, loc)}",
            "days": str(inclusive_days(phase.start, phase.end)),
            "yours": phase.customer_owner,
            "ours": phase.seller_owner,
            "decisions": str(decisions[phase.name.capitalize()]),
        }
        for phase in plan.phases
    ]
    timing = (
        f"The plan runs for {days_text(span)}, from {formatting.date(summary.start, loc)} to "
        f"{formatting.date(summary.end, loc)}."
    )
    if idle:
        timing += f" On {days_text(idle)} of them no phase is running, for example over holidays."
    return {
        "problem": deal.summary.problem,
        "how_we_work": deal.summary.how_we_work,
        "outcomes": [f"{o.statement}{_measure(o.metric, o.target)}" for o in deal.outcomes],
        "timing": timing,
        "glance": rows,
        "glance_total": {
            "dates": (
                f"{formatting.date(summary.start, loc)} to {formatting.date(summary.end, loc)}"
            ),
            "days": str(span),
            "decisions": _decision_total(plan),
        },
    }


def _decision_total(plan: MapPlan) -> str:
    undated = sum(point.date is None for point in plan.decision_points)
    total = str(len(plan.decision_points))
    return f"{total} ({undated} without a date)" if undated else total


def _measure(metric: str, target: str) -> str:
    return f" ({metric}: {target})" if metric and target else ""


def _criteria(deal: Deal) -> dict[str, Any]:
    rows = success_criteria(deal)
    return {
        "rows": [
            {
                "criterion": f"{row.id} {row.criterion}",
                "metric": row.metric or TO_AGREE,
                "baseline": row.baseline or TO_AGREE,
                "target": row.target or TO_AGREE,
                "window": row.time_window or TO_AGREE,
                "method": row.method or TO_AGREE,
                "linked": ", ".join(row.linked_requirements) or "None yet",
            }
            for row in rows
        ],
        "complete": f"{sum(not row.missing for row in rows)} of {len(rows)}",
    }


def _requirements(deal: Deal) -> dict[str, Any]:
    rows = requirements_table(deal)
    priorities = Counter(row.priority for row in rows)
    changes = [change_impact(deal, o.id) for o in deal.outcomes]
    changes += [change_impact(deal, r.id) for r in deal.requirements]
    names = {o.id: o.statement for o in deal.outcomes} | {r.id: r.text for r in deal.requirements}
    return {
        "rows": [
            {
                "requirement": f"{row.id} {row.requirement}",
                "priority": row.priority.capitalize(),
                "owner": row.owner or "To be named",
                "dependency": row.dependency or "None",
                "evidence": row.acceptance_evidence or TO_AGREE,
            }
            for row in rows
        ],
        "total": ", ".join(
            f"{priorities[p]} {p}" for p in ("must", "should", "could") if priorities[p]
        ),
        "count": str(len(rows)),
        "assumptions": [{"id": a.id, "when": a.when, "then": a.then} for a in deal.assumptions]
        or [{"id": "—", "when": "No assumptions listed yet", "then": "—"}],
        "change_rule": deal.terms.change_control or "No change rule agreed yet.",
        "changes": [
            {
                "item": f"{change.changed} {names[change.changed]}",
                "kind": "Criterion" if change.kind == "success criterion" else "Requirement",
                "recheck": f"{', '.join(change.linked) or 'Nothing linked'}: {change.recheck}",
            }
            for change in changes
        ],
    }


def _phases(deal: Deal, plan: MapPlan) -> list[dict[str, Any]]:
    loc = deal.locale
    milestones = {m.id: m for m in deal.milestones}
    blocks = []
    for number, phase in enumerate(plan.phases, start=1):
        dates = (
            f"{formatting.date(phase.start, loc)} to {formatting.date(phase.end, loc)} "
            f"({days_text(inclusive_days(phase.start, phase.end))})"
        )
        reached = [
            f"{ref} {milestones[ref].name} ({formatting.date(milestones[ref].date, loc)})"
            for ref in phase.milestones
        ]
        rows = [
            ("When", dates),
            ("Your lead", _person(deal, phase.customer_owner)),
            ("Our lead", _person(deal, phase.seller_owner)),
            ("Activities", _bullets(phase.activities)),
            ("Deliverables", _bullets(phase.deliverables)),
            ("Inputs needed", _bullets(phase.inputs_needed)),
            ("Milestones", _bullets(reached, "None in this phase")),
        ]
        blocks.append(
            {
                "heading": f"4.{number} {phase.name.capitalize()}: {PHASE_PURPOSE[phase.name]}",
                "rows": [{"label": label, "text": text} for label, text in rows],
                "closes": phase.decision_point,
            }
        )
    return blocks


def _controls(deal: Deal, plan: MapPlan, summary: PlanSummary) -> dict[str, Any]:
    loc = deal.locale

    def when(day: dt.date | None) -> str:
        return formatting.date(day, loc) if day else "No date yet"

    inputs = tracked(summary, "dependency")
    decisions = tracked(summary, "decision")
    statuses = Counter(plan.dependencies[index].status for index, _ in inputs)
    counted = ", ".join(
        f"{statuses[s]} {s}" for s in ("done", "committed", "requested") if statuses[s]
    )
    late = sum(item.overdue for _, item in inputs + decisions)
    undated = sum(item.undated for _, item in inputs + decisions)
    decided = sum(not item.open for _, item in decisions)
    return {
        "cadence": [
            {
                "meeting": meeting.meeting,
                "frequency": FREQUENCY[meeting.frequency],
                "attendees": ", ".join(meeting.attendees),
                "agenda": meeting.purpose,
            }
            for meeting in plan.cadence
        ],
        "dependencies": [
            {
                "n": str(number),
                "what": item.what,
                "owner": item.owner or "To be named",
                "due": when(item.due),
                "phase": phase_for(plan, item.due),
                "status": plan.dependencies[index].status.capitalize(),
                "watch": watch(item, "Received"),
            }
            for number, (index, item) in enumerate(inputs, start=1)
        ]
        or [_NO_INPUTS],
        "dependencies_total": f"{len(inputs)} inputs: {counted}" if counted else "No inputs",
        "decisions": [
            {
                "n": str(number),
                "decision": item.what,
                "owner": item.owner,
                "date": when(item.due),
                "phase": phase_for(plan, item.due),
                "status": watch(item, "Decided"),
            }
            for number, (_, item) in enumerate(decisions, start=1)
        ],
        "decisions_total": (
            f"{len(decisions)} decisions: {decided} decided, {len(decisions) - decided} open"
        ),
        "attention": _attention(late, undated),
    }


def _attention(late: int, undated: int) -> str:
    if not late and not undated:
        return (
            "Every input and decision has a date, and none is late on the day this plan is issued."
        )
    parts = []
    if late:
        parts.append(f"{late} late")
    if undated:
        parts.append(f"{undated} without a date")
    return (
        f"Needs attention: {' and '.join(parts)}. An input or decision without a date is a scope "
        "risk; we would rather agree a date, or trim the scope, now than find out at rollout."
    )


def _signoff(deal: Deal) -> dict[str, Any]:
    checks = signoff(deal)
    passed = sum(check.passed for check in checks)
    verdict = (
        f"All {len(checks)} checks pass: the plan is complete enough for both of us to sign."
        if passed == len(checks)
        else f"{len(checks) - passed} of {len(checks)} checks "
        f"{'fails' if len(checks) - passed == 1 else 'fail'}. We will close these gaps together "
        "before either side signs."
    )
    return {
        "rows": [
            {
                "n": str(number),
                "check": check.item,
                "result": "Pass" if check.passed else "Fail",
                "detail": "\n".join(check.failing) or "—",
            }
            for number, check in enumerate(checks, start=1)
        ],
        "total": f"{passed} of {len(checks)}",
        "verdict": verdict,
    }


def _review(deal: Deal, plan: MapPlan, summary: PlanSummary) -> dict[str, Any]:
    loc = deal.locale
    return {
        "points": review_points(deal, plan),
        "signatories": [
            {
                "name": p.name,
                "role": p.role,
                "organisation": deal.customer.name if p.side == "customer" else deal.seller.name,
                "sign": "",
            }
            for name in deal.acceptance.signatories
            for p in deal.stakeholders
            if p.name == name
        ],
        "period": f"{formatting.date(summary.start, loc)} to {formatting.date(summary.end, loc)}",
    }


def plan_chart(deal: Deal, summary: PlanSummary | None = None) -> bytes:
    """The phase Gantt as PNG; inputs and decisions are numbered as in the document's tables."""
    plan = require_plan(deal)
    summary = summary or plan_summary(plan, deal.date)
    milestones = {m.id: m.date for m in deal.milestones}
    bars = [
        Bar(
            phase.name.capitalize(),
            phase.start,
            phase.end,
            tuple((ref, milestones[ref]) for ref in phase.milestones),
        )
        for phase in plan.phases
    ]

    def markers(kind: str) -> list[Marker]:
        return [
            Marker(str(number), item.due)
            for number, (_, item) in enumerate(tracked(summary, kind), start=1)
            if item.due is not None
        ]

    figure = gantt(bars, markers("dependency"), markers("decision"), deal.date, deal.locale)
    return charts.to_png(figure)


def charts_for(deal: Deal) -> dict[str, Chart]:
    return _charts(deal, plan_summary(require_plan(deal), deal.date))


def _charts(deal: Deal, summary: PlanSummary) -> dict[str, Chart]:
    return {"plan_chart": Chart(plan_chart(deal, summary), width_mm=170)}


def render(deal: Deal, out_dir: str | Path | None = None) -> Path:
    """Write ``map-<slug>.docx``; a deal without a plan stops with a ParamsError naming it."""
    plan = require_plan(deal)
    summary = plan_summary(plan, deal.date)
    return publish(
        TEMPLATE,
        _context(deal, plan, summary),
        _charts(deal, summary),
        Properties(
            f"Mutual action plan: {deal.title}",
            deal.seller.name,
            f"Mutual action plan with {deal.customer.name}",
            deal.date,
        ),
        output_dir(deal.id, out_dir) / f"map-{deal.id}.docx",
    )
