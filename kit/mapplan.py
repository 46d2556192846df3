"""Mutual action plan calculations (method 4.4 and 4.5) over a deal file.

The requirements table and success criteria matrix are read straight from the deal's
requirements and outcomes, so the plan can never disagree with the proposal. The sign-off
checks name every failing item, because "not ready" alone does not tell anyone what to fix.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from kit.models.deal import Deal, Outcome
from kit.models.plan import MapPlan

SIGNOFF_ITEMS = (
    "Every requirement has acceptance evidence.",
    "Every success criterion has metric, baseline, target, time window, and method.",
    "Dependencies have named owners.",
    "Assumptions are explicitly listed.",
    "A change rule exists for updates.",
)
PHASE_LABELS = {
    "confirm": "Confirm",
    "design": "Design",
    "implement": "Implement",
    "prove": "Prove",
}


@dataclass(frozen=True)
class RequirementRow:
    id: str
    requirement: str
    priority: str
    owner: str
    dependency: str
    acceptance_evidence: str


def requirements_table(deal: Deal) -> tuple[RequirementRow, ...]:
    """4.4 requirements table, one row per requirement in file order."""
    return tuple(
        RequirementRow(
            req.id, req.text, req.priority, req.owner, req.dependency, req.acceptance_evidence
        )
        for req in deal.requirements
    )


# (attribute on Outcome, the word the 4.4 checklist uses for it)
_MEASURES = (
    ("metric", "metric"),
    ("baseline", "baseline"),
    ("target", "target"),
    ("time_window", "time window"),
    ("measurement_method", "method"),
)


def _missing_measures(outcome: Outcome) -> tuple[str, ...]:
    return tuple(word for name, word in _MEASURES if not getattr(outcome, name).strip())


@dataclass(frozen=True)
class CriterionRow:
    id: str
    criterion: str
    metric: str
    baseline: str
    target: str
    time_window: str
    method: str
    linked_requirements: tuple[str, ...]
    missing: tuple[str, ...]
    """Checklist words for the parts left empty, so a document can highlight them."""


def _linked_requirements(deal: Deal, outcome_id: str) -> tuple[str, ...]:
    return tuple(req.id for req in deal.requirements if outcome_id in req.outcomes)


def success_criteria(deal: Deal) -> tuple[CriterionRow, ...]:
    """4.4 success criteria matrix: each outcome with the requirements that point at it.

    The link is stored once, on the requirement, and read backwards here, so a criterion's
    linked requirements always match the requirements' own outcome lists.
    """
    return tuple(
        CriterionRow(
            id=outcome.id,
            criterion=outcome.statement,
            metric=outcome.metric,
            baseline=outcome.baseline,
            target=outcome.target,
            time_window=outcome.time_window,
            method=outcome.measurement_method,
            linked_requirements=_linked_requirements(deal, outcome.id),
            missing=_missing_measures(outcome),
        )
        for outcome in deal.outcomes
    )


@dataclass(frozen=True)
class ChangeImpact:
    changed: str
    kind: Literal["requirement", "success criterion"]
    linked: tuple[str, ...]
    recheck: str


def change_impact(deal: Deal, item_id: str) -> ChangeImpact:
    """4.4 change rule: what must be looked at again when one requirement or criterion moves.

    A changed requirement sends you back to its criteria and its own acceptance evidence; a
    changed criterion sends you back to the requirements behind it to confirm their scope,
    timeline and resources still hold.
    """
    for req in deal.requirements:
        if req.id == item_id:
            return ChangeImpact(
                item_id,
                "requirement",
                tuple(req.outcomes),
                "linked success criteria and this requirement's acceptance evidence",
            )
    if any(outcome.id == item_id for outcome in deal.outcomes):
        return ChangeImpact(
            item_id,
            "success criterion",
            _linked_requirements(deal, item_id),
            "scope, timeline and resources of the linked requirements",
        )
    raise ValueError(f"'{item_id}' is neither a requirement nor an outcome id of this deal")


@dataclass(frozen=True)
class SignoffCheck:
    item: str
    failing: tuple[str, ...]
    """One line per offending record: its id or field path, then what is missing."""

    @property
    def passed(self) -> bool:
        return not self.failing


def _evidence_gaps(deal: Deal) -> tuple[str, ...]:
    return tuple(
        f"{req.id}: no acceptance evidence"
        for req in deal.requirements
        if not req.acceptance_evidence.strip()
    )


def _incomplete_criteria(deal: Deal) -> tuple[str, ...]:
    return tuple(
        f"{row.id}: no {', '.join(row.missing)}" for row in success_criteria(deal) if row.missing
    )


def _unowned_dependencies(deal: Deal) -> tuple[str, ...]:
    """A requirement's dependency is answered for by the row's owner (4.4 table columns)."""
    found = [
        f"{req.id}: dependency '{req.dependency}' has no owner"
        for req in deal.requirements
        if req.dependency.strip() and not req.owner.strip()
    ]
    if deal.plan is not None:
        found += [
            f"plan.dependencies[{i}]: '{dependency.what}' has no owner"
            for i, dependency in enumerate(deal.plan.dependencies)
            if not dependency.owner.strip()
        ]
    return tuple(found)


def _unlisted_assumptions(deal: Deal) -> tuple[str, ...]:
    return () if deal.assumptions else ("assumptions: none listed",)


def _missing_change_rule(deal: Deal) -> tuple[str, ...]:
    """The commercial change-control clause or a change_control assumption both count."""
    if deal.terms.change_control.strip():
        return ()
    if any(assumption.type == "change_control" for assumption in deal.assumptions):
        return ()
    return ("terms.change_control: empty, and no assumption has type change_control",)


def signoff(deal: Deal) -> tuple[SignoffCheck, ...]:
    """4.4 final sign-off checklist, one result per item in the method's order."""
    finders = (
        _evidence_gaps,
        _incomplete_criteria,
        _unowned_dependencies,
        _unlisted_assumptions,
        _missing_change_rule,
    )
    return tuple(
        SignoffCheck(item, finder(deal))
        for item, finder in zip(SIGNOFF_ITEMS, finders, strict=True)
    )


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    start: dt.date
    end: dt.date
    customer_owner: str
    seller_owner: str
    activities: tuple[str, ...]
    deliverables: tuple[str, ...]
    inputs_needed: tuple[str, ...]
    decision_point: str
    milestones: tuple[str, ...]


@dataclass(frozen=True)
class TrackedItem:
    kind: Literal["dependency", "decision"]
    path: str
    what: str
    owner: str
    due: dt.date | None
    open: bool
    days_late: int | None
    """Days between the due date and the summary date; None when undated."""

    @property
    def overdue(self) -> bool:
        return self.open and self.days_late is not None and self.days_late > 0

    @property
    def undated(self) -> bool:
        return self.open and self.due is None


@dataclass(frozen=True)
class PlanSummary:
    as_of: dt.date
    phases: tuple[PhaseRow, ...]
    items: tuple[TrackedItem, ...]
    """Dependencies and decision points, dated ones by due date first, then undated ones."""

    @property
    def start(self) -> dt.date:
        return min(row.start for row in self.phases)

    @property
    def end(self) -> dt.date:
        return max(row.end for row in self.phases)

    @property
    def overdue(self) -> tuple[TrackedItem, ...]:
        return tuple(item for item in self.items if item.overdue)

    @property
    def undated(self) -> tuple[TrackedItem, ...]:
        return tuple(item for item in self.items if item.undated)


def plan_summary(plan: MapPlan, as_of: dt.date) -> PlanSummary:
    """Phase table in order plus every open item that is late or has no date at ``as_of``.

    Callers pass the deal's issue date, so "overdue" means late when the documents go out.
    """
    phases = tuple(
        PhaseRow(
            phase=PHASE_LABELS[phase.name],
            start=phase.start,
            end=phase.end,
            customer_owner=phase.customer_owner,
            seller_owner=phase.seller_owner,
            activities=tuple(phase.activities),
            deliverables=tuple(phase.deliverables),
            inputs_needed=tuple(phase.inputs_needed),
            decision_point=phase.decision_point,
            milestones=tuple(phase.milestones),
        )
        for phase in plan.phases
    )

    def late(due: dt.date | None) -> int | None:
        return None if due is None else (as_of - due).days

    items = [
        TrackedItem(
            "dependency",
            f"plan.dependencies[{i}]",
            dep.what,
            dep.owner,
            dep.needed_by,
            dep.status != "done",
            late(dep.needed_by),
        )
        for i, dep in enumerate(plan.dependencies)
    ]
    items += [
        TrackedItem(
            "decision",
            f"plan.decision_points[{i}]",
            point.decision,
            point.owner,
            point.date,
            not point.decided,
            late(point.date),
        )
        for i, point in enumerate(plan.decision_points)
    ]
    items.sort(key=lambda item: (item.due is None, item.due or as_of))
    return PlanSummary(as_of, phases, tuple(items))
