"""The mutual action plan (method 4.4 and 4.5) for the buyer, and the seller's internal brief.

The plan is written to the buyer: "your lead" and "our lead", what we need from each other and
when each side decides. It carries nothing written for the seller's side: whether the five
sign-off checks pass, which gaps stop the plan going out and how to fix them, what to chase
and how to close the planning meeting go to the internal brief. Every table is computed from
the same deal file as the proposal, so the plan and the proposal cannot disagree on a
requirement, an outcome or a date. A section with nothing to say is left out, not printed
empty.

The context holds display-ready strings only, so the Word templates have no logic beyond loops
and conditions and a designer can restyle them without breaking a calculation.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from kit import formatting
from kit.document import Chart, Content, Properties, place_party_logos
from kit.map.calculations import (
    FREQUENCY,
    CriterionRow,
    MapAnalysis,
    TrackedItem,
    gate,
    tracked,
    watch,
)
from kit.map.charts import plan_chart
from kit.models.deal import Deal
from kit.models.plan import MapPlan

PHASE_PURPOSE = {
    "confirm": "test what we assumed and settle the scope",
    "design": "agree the process, the data and who does what",
    "implement": "configure, train and roll out",
    "prove": "measure the results against the success criteria",
}
TO_AGREE = "To be agreed"
NONE = "\N{EM DASH}"


def customer(analysis: MapAnalysis) -> Content:
    """The plan the buyer reads and signs, formatted for the deal's locale."""
    deal = analysis.deal
    context = _context(analysis)
    images = {"plan_chart": Chart(plan_chart(analysis), width_mm=None)}
    place_party_logos(deal.seller, deal.customer, context, images)
    return Content(
        context, images, _properties(deal, f"Mutual action plan with {deal.customer.name}")
    )


def internal(analysis: MapAnalysis) -> Content:
    """The seller's brief: the sign-off decision and its gaps, what to chase, the read-back."""
    deal = analysis.deal
    context = {
        "doc": _doc(deal),
        "signoff": _signoff(analysis),
        "readback": _readback(analysis),
        "chase": _chase(analysis),
    }
    return Content(
        context, {}, _properties(deal, f"Internal brief on the plan with {deal.customer.name}")
    )


def _properties(deal: Deal, subject: str) -> Properties:
    return Properties(f"Mutual action plan: {deal.title}", deal.seller.name, subject, deal.date)


def _doc(deal: Deal) -> dict[str, str]:
    return {
        "title": deal.title,
        "customer": deal.customer.name,
        "seller": deal.seller.name,
        "date": formatting.date(deal.date, deal.locale),
    }


def _cover(analysis: MapAnalysis) -> dict[str, list[str]]:
    """The buyer's lead, the seller's contact and the plan's dates; blank lines left out."""
    deal, summary = analysis.deal, analysis.summary
    return {
        "lead": deal.addressee(),
        "contact": deal.sender(),
        "plan": [
            f"Issued {formatting.date(deal.date, deal.locale)}",
            f"Runs {formatting.date_range(summary.start, summary.end, deal.locale)}",
        ],
    }


def _context(analysis: MapAnalysis) -> dict[str, Any]:
    """Every value the MAP template reads, from the run's one analysis."""
    return {
        "doc": _doc(analysis.deal),
        "cover": _cover(analysis),
        "summary": _summary(analysis),
        "criteria": _criteria(analysis.criteria),
        "requirements": _requirements(analysis),
        "phases": _phases(analysis),
        "controls": _controls(analysis),
        "agreement": _agreement(analysis),
    }


def _person(deal: Deal, name: str) -> str:
    person = deal.person(name)
    return f"{name} ({person.role})" if person and person.role else name


def _bullets(items: list[str]) -> str:
    """List items as lines in one table cell; docxtpl turns each newline into a line break."""
    return "\n".join(f"• {item}" for item in items)


def _summary(analysis: MapAnalysis) -> dict[str, Any]:
    deal, plan, summary = analysis.deal, analysis.plan, analysis.summary
    loc = deal.locale
    decisions = Counter(item.phase for _, item in tracked(summary, "decision"))
    idle = analysis.idle_days
    timing = (
        f"The plan runs for {formatting.count(summary.days, 'day')}, from "
        f"{formatting.date(summary.start, loc)} to {formatting.date(summary.end, loc)}."
    )
    if idle:
        timing += (
            f" On {formatting.count(idle, 'day')} of them no phase is running, for example over "
            "holidays."
        )
    return {
        "problem": deal.summary.problem,
        "how_we_work": deal.summary.how_we_work,
        "outcomes": [f"{o.statement}{_measure(o.metric, o.target)}" for o in deal.outcomes],
        "timing": timing,
        "glance": [
            {
                "phase": row.phase,
                "dates": formatting.date_range(row.start, row.end, loc),
                "days": str(row.days),
                "yours": row.customer_owner,
                "ours": row.seller_owner,
                "decisions": str(decisions[row.phase]),
            }
            for row in summary.phases
        ],
        "glance_total": {
            "dates": formatting.date_range(summary.start, summary.end, loc),
            "days": str(summary.days),
            "decisions": _decision_total(plan),
        },
    }


def _decision_total(plan: MapPlan) -> str:
    undated = sum(point.date is None for point in plan.decision_points)
    total = str(len(plan.decision_points))
    return f"{total} ({undated} without a date)" if undated else total


def _measure(metric: str, target: str) -> str:
    return f" ({metric}: {target})" if metric and target else ""


def _criteria(rows: tuple[CriterionRow, ...]) -> dict[str, Any]:
    return {
        "rows": [
            {
                "criterion": f"{row.id} {row.criterion}",
                "metric": row.metric or TO_AGREE,
                "baseline": row.baseline or TO_AGREE,
                "target": row.target or TO_AGREE,
                "window": row.time_window or TO_AGREE,
                "method": row.method or TO_AGREE,
                "linked": ", ".join(row.linked_requirements) or NONE,
            }
            for row in rows
        ],
        "open": (
            f"Where a cell says “{TO_AGREE.lower()}”, we settle it together before either side "
            "signs."
            if any(row.missing for row in rows)
            else ""
        ),
    }


def _requirements(analysis: MapAnalysis) -> dict[str, Any]:
    deal, rows = analysis.deal, analysis.requirements
    priorities = Counter(row.priority for row in rows)
    names = {o.id: o.statement for o in deal.outcomes} | {r.id: r.text for r in deal.requirements}
    return {
        "rows": [
            {
                "requirement": f"{row.id} {row.requirement}",
                "priority": row.priority.capitalize(),
                "owner": row.owner or "To be named",
                "dependency": row.dependency or NONE,
                "evidence": row.acceptance_evidence or TO_AGREE,
            }
            for row in rows
        ],
        "total": f"{formatting.count(len(rows), 'requirement')}: "
        + ", ".join(f"{priorities[p]} {p}" for p in ("must", "should", "could") if priorities[p]),
        "assumptions": [{"id": a.id, "when": a.when, "then": a.then} for a in deal.assumptions],
        "change_rule": deal.terms.change_control,
        "changes": [
            {
                "item": f"{change.changed} {names[change.changed]}",
                "kind": "Criterion" if change.kind == "success criterion" else "Requirement",
                "recheck": f"{', '.join(change.linked) or 'Nothing linked'}: {change.recheck}",
            }
            for change in analysis.changes
        ],
    }


def _phases(analysis: MapAnalysis) -> list[dict[str, Any]]:
    """One block per phase; a phase with no inputs or no milestones shows no such row."""
    deal = analysis.deal
    loc = deal.locale
    milestones = {m.id: m for m in deal.milestones}
    blocks = []
    phases = zip(analysis.plan.phases, analysis.summary.phases, strict=True)
    for number, (phase, row) in enumerate(phases, start=1):
        dates = (
            f"{formatting.date_range(phase.start, phase.end, loc)} "
            f"({formatting.count(row.days, 'day')})"
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
            ("Milestones", _bullets(reached)),
        ]
        blocks.append(
            {
                "heading": f"4.{number} {phase.name.capitalize()}: {PHASE_PURPOSE[phase.name]}",
                "rows": [{"label": label, "text": text} for label, text in rows if text],
                "closes": phase.decision_point,
            }
        )
    return blocks


def _when(day: dt.date | None, loc: str) -> str:
    return formatting.date(day, loc) if day else "No date yet"


def _controls(analysis: MapAnalysis) -> dict[str, Any]:
    deal, plan, summary = analysis.deal, analysis.plan, analysis.summary
    loc = deal.locale
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
                "due": _when(item.due, loc),
                "phase": item.phase,
                "status": plan.dependencies[index].status.capitalize(),
                "watch": watch(item, "Received"),
            }
            for number, (index, item) in enumerate(inputs, start=1)
        ],
        "dependencies_total": f"{formatting.count(len(inputs), 'input')}: {counted}",
        "decisions_number": "5.3" if inputs else "5.2",
        "decisions": [
            {
                "n": str(number),
                "decision": item.what,
                "owner": item.owner,
                "date": _when(item.due, loc),
                "phase": item.phase,
                "status": watch(item, "Decided"),
            }
            for number, (_, item) in enumerate(decisions, start=1)
        ],
        "decisions_total": (
            f"{formatting.count(len(decisions), 'decision')}: {decided} decided, "
            f"{len(decisions) - decided} open"
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


def _agreement(analysis: MapAnalysis) -> dict[str, Any]:
    """The plan in four sentences, its period, and signature lines for both sides."""
    deal, summary = analysis.deal, analysis.summary
    signatories = [deal.person(name) for name in deal.acceptance.signatories]
    sides = {
        side: [{"name": p.name, "title": p.role} for p in signatories if p and p.side == side]
        for side in ("customer", "seller")
    }
    blank = {"name": "", "title": ""}
    pairs = max(len(sides["customer"]), len(sides["seller"]), 1)
    return {
        "points": list(analysis.review),
        "period": formatting.date_range(summary.start, summary.end, deal.locale),
        "signatures": [
            {
                "left": sides["customer"][i] if i < len(sides["customer"]) else blank,
                "right": sides["seller"][i] if i < len(sides["seller"]) else blank,
            }
            for i in range(pairs)
        ],
    }


# --- the internal brief -------------------------------------------------------------------

VERDICTS = {"pass": "Ready to send", "edits": "Send after edits", "fail": "Do not send"}


def _signoff(analysis: MapAnalysis) -> dict[str, Any]:
    """The five checks as pass or fail, the gate's verdict and the gaps with their fixes."""
    checks, gaps = analysis.signoff, analysis.gaps
    decision = gate(analysis).decision
    blocks = sum(gap.severity == "block" for gap in gaps)
    next_step = {
        "pass": "Every check passes: send the plan as it stands and walk the buyer through it.",
        "edits": f"Make the {formatting.count(len(gaps), 'edit')} below, then send the plan.",
        "fail": f"Do not send: {formatting.count(blocks, 'gap')} below "
        f"{'needs' if blocks == 1 else 'need'} the buyer's agreement first. Until "
        f"{'it is' if blocks == 1 else 'they are'} closed, the plan is written only as a draft "
        "(kit run map --draft).",
    }[decision]
    return {
        "verdict": VERDICTS[decision],
        "next_step": next_step,
        "checks": [
            {
                "n": str(number),
                "check": check.item,
                "result": "Pass" if check.passed else "Fail",
                "detail": "\n".join(check.failing) or NONE,
            }
            for number, check in enumerate(checks, start=1)
        ],
        "passed": f"{analysis.signed_off} of {len(checks)}",
        "gaps": [
            {
                "rank": str(rank),
                "severity": gap.severity.capitalize(),
                "check": str(gap.check),
                "finding": gap.finding,
                "fix": gap.fix,
            }
            for rank, gap in enumerate(gaps, start=1)
        ],
    }


def _readback(analysis: MapAnalysis) -> dict[str, Any]:
    deal = analysis.deal
    recipient = deal.person(deal.recipient)
    return {
        "who": recipient.name if recipient else f"the {deal.customer.name} team",
        "points": list(analysis.review),
    }


def _chase(analysis: MapAnalysis) -> list[dict[str, str]]:
    """Open inputs and decisions that are late or have no date on the issue date, oldest due
    first, numbered as in the plan's own tables so the seller and the buyer talk about the
    same row."""
    loc = analysis.deal.locale
    labels = {
        item.path: f"{noun} {number}"
        for kind, noun in (("dependency", "Input"), ("decision", "Decision"))
        for number, (_, item) in enumerate(tracked(analysis.summary, kind), start=1)
    }
    return [
        {
            "item": labels[item.path],
            "what": item.what,
            "owner": item.owner or "No owner",
            "due": _when(item.due, loc),
            "status": _standing(item),
        }
        for item in analysis.summary.items
        if item.overdue or item.undated
    ]


def _standing(item: TrackedItem) -> str:
    if item.undated:
        return "Scope risk"
    return f"Late by {formatting.count(item.days_late or 0, 'day')}"
