"""Mutual action plan calculations (method 4.4 and 4.5) over a deal file.

The requirements table and success criteria matrix are read straight from the deal's
requirements and outcomes, so the plan can never disagree with the proposal. The sign-off
checks name every failing item, because "not ready" alone does not tell anyone what to fix,
and :func:`gate` grades each failure as a block (the plan is not sent) or an edit.
:func:`analyse` runs them all once per run; the notebook's views, the workshop form and the
document read the :class:`MapAnalysis` it returns.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from kit import formatting
from kit.document import Decision, Gate
from kit.errors import ParamsError
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
FREQUENCY = {
    "daily": "Daily",
    "weekly": "Weekly",
    "fortnightly": "Every two weeks",
    "monthly": "Monthly",
    "phase_end": "At the end of each phase",
}
"""How often a meeting runs, in the words the document and the notebook use."""


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


def _criterion_gap(row: CriterionRow) -> str:
    return f"{row.id}: no {', '.join(row.missing)}"


def _incomplete_criteria(deal: Deal) -> tuple[str, ...]:
    return tuple(_criterion_gap(row) for row in success_criteria(deal) if row.missing)


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


# --- what a failed check means for sending the plan ----------------------------------------


Severity = Literal["block", "edit"]

UNMEASURABLE = ("metric", "target")
"""Parts without which a criterion cannot be measured at all (4.4: "if you cannot measure it,
you don't have a success criterion yet")."""

_FIXES: dict[int, tuple[Severity, str]] = {
    1: (
        "block",
        "Agree with the buyer the proof that shows it is done (a report, a test result, a "
        "signed checklist) and write it in",
    ),
    3: (
        "block",
        "Name who delivers it; if nobody can commit, trim the scope now rather than at rollout",
    ),
    4: (
        "edit",
        "List what the plan takes as true but has not proven, each with what follows if it "
        "turns out otherwise",
    ),
    5: (
        "edit",
        "Say how a change is requested, estimated and agreed (terms.change_control, or an "
        "assumption of type change_control)",
    ),
}
"""Severity and fix for every check whose failures weigh the same; check 2 is graded per
criterion (see :func:`signoff_gaps`)."""


@dataclass(frozen=True)
class SignoffGap:
    """One failed sign-off item: which check, whether it stops the plan going out, the fix."""

    check: int
    """The check's number, 1 to 5, in the method's order."""
    severity: Severity
    finding: str
    fix: str


def signoff_gaps(
    checks: tuple[SignoffCheck, ...], criteria: tuple[CriterionRow, ...]
) -> tuple[SignoffGap, ...]:
    """Every failure of the sign-off checks, blocks first, each group in check order.

    A *block* is a gap that leaves the buyer signing something nobody can act on or judge,
    and that only a new agreement closes, not a better sentence: a requirement with no
    acceptance evidence (no one can say when it is done), a criterion without a metric or a
    target (there is nothing to measure), a dependency without an owner (the stall the plan
    exists to prevent). An *edit* is a gap the seller's team can close in writing before the
    plan goes out: a criterion that names what is measured and the target but still lacks its
    baseline, time window or method; assumptions not yet written down; no change rule. The
    deal desk grades the same gaps on the proposal the same way (an incomplete success
    measure and a missing change clause are edits there too).
    """
    gaps: list[SignoffGap] = []
    for number, check in enumerate(checks, start=1):
        if number == 2:
            gaps += [_criterion_severity(row) for row in criteria if row.missing]
            continue
        severity, fix = _FIXES[number]
        gaps += [SignoffGap(number, severity, finding, fix) for finding in check.failing]
    return tuple(sorted(gaps, key=lambda gap: gap.severity != "block"))


def _criterion_severity(row: CriterionRow) -> SignoffGap:
    unmeasurable = [part for part in row.missing if part in UNMEASURABLE]
    if unmeasurable:
        return SignoffGap(
            2,
            "block",
            _criterion_gap(row),
            f"Agree the {' and the '.join(unmeasurable)} with the buyer: without "
            f"{'them' if len(unmeasurable) > 1 else 'it'} there is nothing to measure",
        )
    return SignoffGap(
        2,
        "edit",
        _criterion_gap(row),
        f"Write in the {', '.join(row.missing)} agreed with the criterion's owner",
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

    @property
    def days(self) -> int:
        return inclusive_days(self.start, self.end)


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
    phase: str
    """The phase the due date falls in (see :func:`phase_for`)."""

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
    def days(self) -> int:
        """The whole plan's length, gaps between phases included."""
        return inclusive_days(self.start, self.end)

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
            phase_for(plan, dep.needed_by),
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
            phase_for(plan, point.date),
        )
        for i, point in enumerate(plan.decision_points)
    ]
    items.sort(key=lambda item: (item.due is None, item.due or as_of))
    return PlanSummary(as_of, phases, tuple(items))


# --- plan dates and wording shared by the document, the views and the form ---------------


NO_PLAN = (
    "plan: missing; the map playbook needs a plan section with phases, cadence, dependencies "
    "and decision_points (see examples/saas-subscription.yaml)"
)


def require_plan(deal: Deal, source: str | Path | None = None) -> MapPlan:
    """The deal's plan, or a ParamsError naming ``plan`` and the file it should be added to.

    The plan is optional in a deal file because qualification and the proposal run without it;
    only this playbook needs it, so the check lives here rather than in the model.
    """
    if deal.plan is None:
        raise ParamsError(str(source) if source else f"deal '{deal.id}'", [NO_PLAN])
    return deal.plan


def inclusive_days(start: dt.date, end: dt.date) -> int:
    """Calendar days from ``start`` to ``end``, both counted: a phase on one day lasts 1 day."""
    return (end - start).days + 1


def idle_days(plan: MapPlan) -> int:
    """Days between the first start and the last end on which no phase is running."""
    start = min(phase.start for phase in plan.phases)
    end = max(phase.end for phase in plan.phases)
    covered = {
        phase.start + dt.timedelta(days=offset)
        for phase in plan.phases
        for offset in range(inclusive_days(phase.start, phase.end))
    }
    return inclusive_days(start, end) - len(covered)


def phase_for(plan: MapPlan, day: dt.date | None) -> str:
    """The phase a date falls in or, between phases, the next one to end; blank past the plan."""
    if day is None:
        return "—"
    for phase in plan.phases:
        if day <= phase.end:
            return phase.name.capitalize()
    return "After the plan"


def days_text(count: int) -> str:
    return f"{count} day" if count == 1 else f"{count} days"


def watch(item: TrackedItem, done: str) -> str:
    """Where an input or decision stands on the issue date, in the words the tables use."""
    if not item.open:
        return done
    if item.days_late is None:
        return "No date yet: scope risk"
    if item.days_late > 0:
        return f"Late by {days_text(item.days_late)}"
    if item.days_late == 0:
        return "Due today"
    return f"Due in {days_text(-item.days_late)}"


def tracked(summary: PlanSummary, kind: str) -> list[tuple[int, TrackedItem]]:
    """Items of one kind in the summary's date order, with their index in the plan's list."""
    return [
        (int(item.path.rsplit("[", 1)[1].rstrip("]")), item)
        for item in summary.items
        if item.kind == kind
    ]


def review_points(deal: Deal, plan: MapPlan) -> tuple[str, ...]:
    """The four things both sides say back at the end of the planning meeting (4.5 step 7)."""
    loc = deal.locale
    priorities = Counter(r.priority for r in deal.requirements)
    owners = "; ".join(
        f"{phase.name.capitalize()}: {phase.customer_owner} with {phase.seller_owner}"
        for phase in plan.phases
    )
    dated = sorted(point.date for point in plan.decision_points if point.date)
    decisions = formatting.count(len(plan.decision_points), "decision")
    if dated:
        decisions += (
            f", the first due on {formatting.date(dated[0], loc)} and the last on "
            f"{formatting.date(dated[-1], loc)}"
        )
    undated = len(plan.decision_points) - len(dated)
    if undated:
        decisions += f"; {undated} still {'needs' if undated == 1 else 'need'} a date"
    musts = ", ".join(f"{priorities[p]} {p}" for p in ("must", "should", "could") if priorities[p])
    return (
        "The outcomes we agreed: "
        + "; ".join(f"{o.id} {o.statement}" for o in deal.outcomes)
        + ".",
        f"What must be true for them: {formatting.count(len(deal.requirements), 'requirement')} "
        f"({musts}), each with the evidence you will accept.",
        f"Who leads each phase: {owners}.{_inputs_line(plan)}",
        f"Decision points and dates: {decisions}.",
    )


def _inputs_line(plan: MapPlan) -> str:
    """The inputs both sides owe each other, as a sentence after the owners; none, no sentence."""
    count = len(plan.dependencies)
    if not count:
        return ""
    unowned = sum(not dependency.owner.strip() for dependency in plan.dependencies)
    line = f" We need {formatting.count(count, 'input')} from each other"
    return f"{line}, {unowned} still without an owner." if unowned else f"{line}, each owned."


# --- the one analysis of a run ------------------------------------------------------------


@dataclass(frozen=True)
class MapAnalysis:
    """Everything the plan's notebook, form and document show, computed once per run."""

    params: Deal
    plan: MapPlan
    summary: PlanSummary
    """Phases, inputs and decisions as they stand on the deal's issue date."""
    requirements: tuple[RequirementRow, ...]
    criteria: tuple[CriterionRow, ...]
    changes: tuple[ChangeImpact, ...]
    """What the change rule sends you back to: every criterion, then every requirement."""
    signoff: tuple[SignoffCheck, ...]
    gaps: tuple[SignoffGap, ...]
    """The failed sign-off items graded block or edit, blocks first."""
    idle_days: int
    review: tuple[str, ...]

    @property
    def deal(self) -> Deal:
        return self.params

    @property
    def signed_off(self) -> int:
        """How many of the sign-off checks pass."""
        return sum(check.passed for check in self.signoff)


def analyse(deal: Deal) -> MapAnalysis:
    """The plan's analysis; a deal without a plan stops with a ParamsError naming ``plan``."""
    plan = require_plan(deal)
    ids = [outcome.id for outcome in deal.outcomes] + [req.id for req in deal.requirements]
    criteria = success_criteria(deal)
    checks = signoff(deal)
    return MapAnalysis(
        params=deal,
        plan=plan,
        summary=plan_summary(plan, deal.date),
        requirements=requirements_table(deal),
        criteria=criteria,
        changes=tuple(change_impact(deal, item) for item in ids),
        signoff=checks,
        gaps=signoff_gaps(checks, criteria),
        idle_days=idle_days(plan),
        review=review_points(deal, plan),
    )


def gate(analysis: MapAnalysis) -> Gate:
    """The sign-off checks stand between the plan and the buyer, as the deal desk does for
    the proposal: any block withholds the MAP (the internal brief says why), edits alone let
    it be written with the edits listed, and no gaps let it go as it stands."""
    gaps = analysis.gaps
    decision: Decision = "pass"
    if any(gap.severity == "block" for gap in gaps):
        decision = "fail"
    elif gaps:
        decision = "edits"
    lines = tuple(f"[{gap.severity}] {gap.finding}. Fix: {gap.fix}." for gap in gaps)
    return Gate("MAP sign-off", decision, lines)
