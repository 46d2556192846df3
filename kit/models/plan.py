"""The mutual action plan (method 4.5): four phases plus the controls that keep them moving.

It lives inside the deal file rather than in a file of its own, so the plan's milestones,
owners and dates are checked against the same requirements and stakeholders the proposal uses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Literal

from pydantic import ValidationInfo, field_validator

from kit.models.base import Ref, Strict, Text, field
from kit.models.checks import unknown

PhaseName = Literal["confirm", "design", "implement", "prove"]
PHASES: tuple[PhaseName, ...] = ("confirm", "design", "implement", "prove")
"""The method's phase sequence; a plan must list exactly these, in this order."""


def ends_after_start(end: dt.date, info: ValidationInfo, noun: str) -> dt.date:
    """The check for any dated item with a ``start`` and an ``end``: the end may equal the
    start (a one-day item) but not come before it. A start that failed its own validation is
    already reported, so it is not compared."""
    start = info.data.get("start")
    if isinstance(start, dt.date) and end < start:
        raise ValueError(f"ends before the {noun} starts on {start}")
    return end


class Phase(Strict):
    name: PhaseName = field("Which of the four phases this is.", used_for="4.5 step 3")
    start: dt.date = field("First day of the phase.", used_for="4.5 timing")
    end: dt.date = field("Target date the phase is done by.", used_for="4.5")
    activities: list[Text] = field("What happens in the phase.", min_length=1, used_for="4.5")
    deliverables: list[Text] = field("What the phase produces.", min_length=1, used_for="4.5")
    customer_owner: Text = field(
        "Customer-side stakeholder who answers for the phase.", used_for="4.5 owner"
    )
    seller_owner: Text = field(
        "Seller-side stakeholder who answers for the phase.", used_for="4.5 owner"
    )
    inputs_needed: list[Text] = field(
        "What one side must hand the other before the phase can finish.",
        default=[],
        used_for="4.5 inputs needed",
    )
    decision_point: Text = field(
        "What must be approved to close the phase.", used_for="4.5 decision points"
    )
    milestones: list[Ref] = field(
        "Milestone ids that fall in this phase; their dates must lie within it.",
        default=[],
        used_for="7.3 milestones kept consistent with the plan",
    )

    @field_validator("end")
    @classmethod
    def _ends_after_start(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        """A phase that ends before it starts has a negative length and a backwards bar.

        Checked on the phase itself, not in the plan's cross-record problems, so no phase can
        be built from it: ``kit check``, a workshop form and code all get the same refusal,
        on ``end``, before any length, chart or sign-off count is computed from it.
        """
        return ends_after_start(end, info, "phase")


class Meeting(Strict):
    meeting: Text = field("Name of the recurring meeting.", used_for="4.5 communication cadence")
    frequency: Literal["daily", "weekly", "fortnightly", "monthly", "phase_end"] = field(
        "How often it meets; phase_end means once at the close of every phase.",
        used_for="4.5 communication cadence",
    )
    attendees: list[Text] = field("Who attends.", min_length=1)
    purpose: Text = field("What the meeting decides or reviews (its standing agenda).")


class Dependency(Strict):
    what: Text = field("What one side needs from the other.", used_for="4.5 dependency tracking")
    owner: str = field(
        "Who delivers it; left empty, the 4.4 sign-off check names it.",
        default="",
        used_for="4.4 sign-off: dependencies have named owners",
    )
    needed_by: dt.date | None = field(
        "Date it is needed by; left empty, the plan summary lists it as undated.",
        default=None,
    )
    status: Literal["requested", "committed", "done"] = field(
        "requested: asked for; committed: the owner agreed the date; done: received.",
        default="requested",
    )


class DecisionPoint(Strict):
    decision: Text = field("What gets approved.", used_for="4.5 decision points")
    owner: Text = field("Listed stakeholder who approves it.", used_for="4.5 decision points")
    date: dt.date | None = field(
        "Date the approval is due; left empty, the plan summary lists it as undated.",
        default=None,
    )
    decided: bool = field("Whether the approval has been given.", default=False)


class MapPlan(Strict):
    """The shared work plan: phases in the method's order, cadence, dependencies, decisions."""

    phases: list[Phase] = field(
        "The four phases, confirm, design, implement and prove, in that order.",
        min_length=1,
        used_for="4.5 step 3",
    )
    cadence: list[Meeting] = field(
        "Recurring meetings that keep both sides in step.",
        min_length=1,
        used_for="4.5 communication cadence",
    )
    dependencies: list[Dependency] = field(
        "What each side needs from the other, by when.",
        default=[],
        used_for="4.5 dependency tracking, 4.4 sign-off",
    )
    decision_points: list[DecisionPoint] = field(
        "What gets approved, by whom and when.", min_length=1, used_for="4.5 decision points"
    )

    def problems(
        self, milestone_dates: Mapping[str, dt.date], stakeholder_sides: Mapping[str, str]
    ) -> list[str]:
        """Order, date and reference problems, with paths relative to the plan.

        The deal passes its milestone dates and stakeholders' sides in, so this module does not
        import the deal model that contains it.
        """
        problems = self._order_problems()
        for i, phase in enumerate(self.phases):
            path = f"phases[{i}]"
            for j, ref in enumerate(phase.milestones):
                date = milestone_dates.get(ref)
                if date is None:
                    problems.append(
                        unknown(f"{path}.milestones[{j}]", "milestone", ref, milestone_dates)
                    )
                elif not phase.start <= date <= phase.end:
                    problems.append(
                        f"{path}.milestones[{j}]: milestone '{ref}' is dated {date}, outside "
                        f"the {phase.name} phase ({phase.start} to {phase.end})"
                    )
            for attribute, side in (("customer_owner", "customer"), ("seller_owner", "seller")):
                person = getattr(phase, attribute)
                if stakeholder_sides.get(person) != side:
                    problems.append(
                        f"{path}.{attribute}: '{person}' is not a listed {side}-side stakeholder"
                    )
        for i, decision in enumerate(self.decision_points):
            if decision.owner not in stakeholder_sides:
                problems.append(
                    f"decision_points[{i}].owner: '{decision.owner}' is not a listed stakeholder"
                )
        return problems

    def _order_problems(self) -> list[str]:
        """Phase names must follow the method's order; a phase may not start or end before
        the one in front of it (each phase's own start and end are checked on the phase)."""
        problems: list[str] = []
        expected = ", ".join(PHASES)
        for i, phase in enumerate(self.phases):
            if i >= len(PHASES):
                problems.append(f"phases[{i}]: a plan has only four phases ({expected})")
            elif phase.name != PHASES[i]:
                problems.append(
                    f"phases[{i}].name: expected '{PHASES[i]}' here (got '{phase.name}'); "
                    f"phases run {expected}"
                )
        if len(self.phases) < len(PHASES):
            missing = ", ".join(PHASES[len(self.phases) :])
            problems.append(f"phases: missing {missing}; a plan lists {expected}")
        for i, phase in enumerate(self.phases[1:], start=1):
            previous = self.phases[i - 1]
            for attribute, verb in (("start", "starts"), ("end", "ends")):
                mine, theirs = getattr(phase, attribute), getattr(previous, attribute)
                if mine < theirs:
                    problems.append(
                        f"phases[{i}].{attribute}: {mine} is before the {previous.name} phase "
                        f"{verb} ({theirs})"
                    )
        return problems
