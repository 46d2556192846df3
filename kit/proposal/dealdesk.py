"""Deal-desk checks (7.5) run on a deal before its proposal is rendered.

Each check returns the gaps it finds. A gap is either an *edit* (the wording of the proposal
can fix it) or a *reject* (a commercial or delivery decision is needed first); the kit's
verdict rule is: no gaps approve, only edits approve with edits, any reject rejects.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from kit.models.deal import Deal

Severity = Literal["edit", "reject"]
Verdict = Literal["approve", "approve with edits", "reject"]


@dataclass(frozen=True)
class Gap:
    check: str
    severity: Severity
    finding: str
    fix: str


@dataclass(frozen=True)
class CheckResult:
    name: str
    gaps: list[Gap]

    @property
    def passed(self) -> bool:
        return not self.gaps


@dataclass(frozen=True)
class Review:
    checks: list[CheckResult]
    verdict: Verdict

    @property
    def gaps(self) -> list[Gap]:
        """Every gap, rejects first, then edits, each group in check order (priority order)."""
        found = [gap for check in self.checks for gap in check.gaps]
        return sorted(found, key=lambda gap: gap.severity != "reject")


def _traceability(deal: Deal) -> list[Gap]:
    return [
        Gap(
            "Requirement to outcome",
            "edit",
            f"{req.id} maps to no outcome",
            "Link it to an outcome, or drop it if no outcome needs it.",
        )
        for req in deal.requirements
        if not req.outcomes
    ]


def _scope_integrity(deal: Deal) -> list[Gap]:
    return [
        Gap(
            "Requirement to deliverable or assumption",
            "reject",
            f"{req.id} has neither a deliverable nor an assumption",
            "Add the deliverable that meets it or the assumption that covers it.",
        )
        for req in deal.requirements
        if not req.deliverables and not req.assumptions
    ]


def _exclusions(deal: Deal) -> list[Gap]:
    if deal.scope.exclusions:
        return []
    return [
        Gap(
            "Exclusions present",
            "edit",
            "The proposal has no 'not included' list",
            "State what is out of scope so delivery does not absorb it.",
        )
    ]


def _payment_timing(deal: Deal) -> list[Gap]:
    milestones = {m.id: m for m in deal.milestones}
    gaps = []
    triggers = [fee.milestone for fee in deal.pricing.milestone_fees]
    if deal.pricing.base_fee:
        triggers.insert(0, deal.terms.base_fee_invoiced_at)
    for trigger in dict.fromkeys(triggers):
        milestone = milestones.get(trigger)
        if milestone is not None and not milestone.exit_criteria.strip():
            gaps.append(
                Gap(
                    "Payment timing vs milestones",
                    "reject",
                    f"An invoice waits on {milestone.id}, which has no exit criteria",
                    "Give the milestone objective exit criteria or move the invoice.",
                )
            )
    last = max(deal.milestones, key=lambda m: m.date)
    if triggers and len(deal.milestones) > 1 and all(t == last.id for t in triggers):
        gaps.append(
            Gap(
                "Payment timing vs milestones",
                "reject",
                f"Every one-time fee is due only at the last milestone ({last.id})",
                "Invoice part of the fee at signature or an earlier milestone.",
            )
        )
    return gaps


def _change_control(deal: Deal) -> list[Gap]:
    has_clause = bool(deal.terms.change_control.strip())
    has_assumption = any(a.type == "change_control" for a in deal.assumptions)
    if has_clause or has_assumption:
        return []
    return [
        Gap(
            "Change control present",
            "edit",
            "No change-control clause or assumption",
            "Say how changes are requested, estimated and approved.",
        )
    ]


def _support(deal: Deal) -> list[Gap]:
    promise, delivery = deal.terms.support_promise, deal.terms.support_delivery
    if promise is None:
        return []
    if delivery is None:
        return [
            Gap(
                "Support promise vs coverage",
                "reject",
                "Support is promised but delivery coverage is not stated",
                "Confirm what the support team can staff.",
            )
        ]
    gaps = []
    if promise.coverage == "24x7" and delivery.coverage != "24x7":
        gaps.append(
            Gap(
                "Support promise vs coverage",
                "reject",
                "24x7 support is promised but delivery covers business hours only",
                "Promise business-hours support or staff round-the-clock cover.",
            )
        )
    if promise.response_hours < delivery.response_hours:
        gaps.append(
            Gap(
                "Support promise vs coverage",
                "reject",
                f"A {promise.response_hours:g}-hour response is promised; delivery can meet "
                f"{delivery.response_hours:g} hours",
                "Align the promised response time with what delivery can meet.",
            )
        )
    return gaps


_MEASURE_FIELDS = ("metric", "baseline", "target", "time_window", "measurement_method")


def _measurable(deal: Deal) -> list[Gap]:
    gaps = []
    for outcome in deal.outcomes:
        missing = [name for name in _MEASURE_FIELDS if not getattr(outcome, name).strip()]
        if missing:
            gaps.append(
                Gap(
                    "Every outcome measurable",
                    "edit",
                    f"{outcome.id} lacks {', '.join(name.replace('_', ' ') for name in missing)}",
                    "Complete the success measure before sending.",
                )
            )
        elif not re.search(r"\d", outcome.target):
            gaps.append(
                Gap(
                    "Every outcome measurable",
                    "edit",
                    f"{outcome.id} has a target without a number",
                    "State the target as a figure.",
                )
            )
    return gaps


def _dates(deal: Deal) -> list[Gap]:
    """Dates that cannot be right on the issue date.

    Invoices take the date of the milestone that triggers them (or the issue date at
    signature), so a milestone dated before the issue date is also an invoice due before the
    proposal exists; that is what this check reports.
    """
    gaps = [
        Gap(
            "Dates against the issue date",
            "reject",
            f"{m.id} is dated {m.date.isoformat()}, before the proposal's date "
            f"{deal.date.isoformat()}",
            "Re-plan the milestone (and the invoice it triggers) from today's date.",
        )
        for m in deal.milestones
        if m.date < deal.date
    ]
    if deal.valid_until < deal.date:
        gaps.append(
            Gap(
                "Dates against the issue date",
                "reject",
                f"The quote is valid until {deal.valid_until.isoformat()}, before its own date",
                "Set a validity date after the issue date.",
            )
        )
    return gaps


CHECKS: list[tuple[str, Callable[[Deal], list[Gap]]]] = [
    ("Requirement to outcome", _traceability),
    ("Requirement to deliverable or assumption", _scope_integrity),
    ("Exclusions present", _exclusions),
    ("Payment timing vs milestones", _payment_timing),
    ("Change control present", _change_control),
    ("Support promise vs coverage", _support),
    ("Every outcome measurable", _measurable),
    ("Dates against the issue date", _dates),
]


def review(deal: Deal) -> Review:
    """Run every check and decide: approve, approve with edits, or reject."""
    checks = [CheckResult(name, check(deal)) for name, check in CHECKS]
    severities = {gap.severity for result in checks for gap in result.gaps}
    if "reject" in severities:
        verdict: Verdict = "reject"
    elif severities:
        verdict = "approve with edits"
    else:
        verdict = "approve"
    return Review(checks, verdict)
