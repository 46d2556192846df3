"""Optimise (method 002): rank the backlog, plan the sprint, project what 10 % gains compound to.

Each rule is a small pure function over the typed plan, so the notebook and the Word document
only display what these functions return and the worked examples are unit tests. Where the
method names a lens but gives no formula (the ranking), the kit's choice is labelled a kit rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import reduce

from kit.optimise.model import (
    MIN_UPLIFT,
    BacklogItem,
    LeadingIndicator,
    MomentThatMatters,
    Optimisation,
    meets_minimum_uplift,
)
from kit.types import Money

SCALES: dict[str, dict[int, str]] = {
    "impact": {
        1: "Hardly moves acquisition, retention or expansion",
        2: "A small effect on one growth component",
        3: "A clear effect on one growth component",
        4: "A large effect on one component, or a clear effect on two",
        5: "Moves the growth plan itself",
    },
    "confidence": {
        1: "A hunch",
        2: "A few stories from the field",
        3: "A pattern seen in the data or in calls",
        4: "Worked for part of the team or a comparable team",
        5: "Proven in this production line before",
    },
    "effort": {
        1: "A few days",
        2: "About a week",
        3: "Most of a two-week sprint",
        4: "Fills a four-week sprint",
        5: "More than one sprint: split it first",
    },
}
"""Kit rule: the method names the three ranking lenses but no scale, so every rating is 1-5."""

RANKING_RULE = (
    "Kit rule: score = impact x confidence / effort. Ties go to higher impact, then lower "
    "effort, then the item listed first in the backlog."
)
"""Why a product: a change that is big and likely pays off, divided by what it costs a sprint."""

SPLIT_EFFORT = 5
"""Kit rule: effort 5 means the change does not fit one sprint; it is ranked but must be split."""

SPRINT_STRUCTURE: dict[str, tuple[str, ...]] = {
    "Start of sprint": (
        "Confirm the MTM",
        "Confirm baseline and target",
        "Choose the one lever you are improving",
        "Define the leading indicators you will track weekly",
    ),
    "During sprint": (
        "Ship the change in the production line",
        "Track leading indicators weekly",
        "Collect real examples from the field",
    ),
    "End of sprint": (
        "Review results against baseline",
        "Decide what becomes the new standard",
        "Update the process so performance is repeatable",
    ),
}
"""The method's sprint checklist (002 L29-42), carried over item for item."""


@dataclass(frozen=True)
class Lens:
    name: str
    question: str


LENSES: tuple[Lens, ...] = (
    Lens(
        "Scalability",
        "Will the change still work at higher volume, at the same speed and quality?",
    ),
    Lens(
        "Sustainability",
        "Will the effort, cost and complexity of running it grow more slowly than revenue?",
    ),
    Lens(
        "Durability",
        "Will customers keep getting value from it, so that they stay and buy more?",
    ),
)
"""The three checks a change must pass before it becomes the standard (002 L58-60)."""


def priority_score(item: BacklogItem) -> Fraction:
    """Impact x confidence / effort as an exact fraction, so equal scores compare as equal."""
    return Fraction(item.impact * item.confidence, item.effort)


@dataclass(frozen=True)
class RankedItem:
    rank: int
    item: BacklogItem
    moment: MomentThatMatters
    score: Decimal
    """The priority score rounded to two decimals for display; ranking uses the exact value."""
    fits_in_sprint: bool
    tie_break: str
    """Empty unless the item scores the same as the one above it; then says why it is below."""


def _tie_break(above: BacklogItem, item: BacklogItem) -> str:
    if priority_score(above) != priority_score(item):
        return ""
    if above.impact != item.impact:
        reason = "higher impact"
    elif above.effort != item.effort:
        reason = "less effort"
    else:
        reason = "listed first in the backlog"
    return f"same score as {above.id}, which ranks higher: {reason}"


def rank_backlog(plan: Optimisation) -> list[RankedItem]:
    """The ranked list of sprint candidates, best first, following :data:`RANKING_RULE`."""
    moments = {moment.id: moment for moment in plan.moments}
    ordered = sorted(
        plan.backlog, key=lambda item: (-priority_score(item), -item.impact, item.effort)
    )
    ranked = []
    for index, item in enumerate(ordered):
        score = priority_score(item)
        ranked.append(
            RankedItem(
                rank=index + 1,
                item=item,
                moment=moments[item.moment],
                score=(Decimal(score.numerator) / Decimal(score.denominator)).quantize(
                    Decimal("0.01")
                ),
                fits_in_sprint=item.effort < SPLIT_EFFORT,
                tie_break=_tie_break(ordered[index - 1], item) if index else "",
            )
        )
    return ranked


def compound(uplifts: list[Decimal]) -> Decimal:
    """Combined effect of relative gains at stages that feed each other: the product of (1 + u).

    Three moments each 10 % better give 1.1 x 1.1 x 1.1 = 1.331, a third more output, not 30 %.
    """
    return reduce(lambda total, uplift: total * (1 + uplift), uplifts, Decimal(1))


@dataclass(frozen=True)
class CompoundingRow:
    improved: int
    multiplier: Decimal
    uplift: Decimal
    revenue: Money
    added: Money


def compounding_table(
    revenue: Money, moments: int, uplift: Decimal = MIN_UPLIFT
) -> list[CompoundingRow]:
    """Revenue when 0, 1, ... ``moments`` Moments That Matter each improve by ``uplift``.

    Kit model: revenue moves with the product of the stage conversions, so each improved moment
    multiplies it. This holds while volume and deal size stay the same; it is a projection,
    not a promise. Each row multiplies once and rounds once, so rows never drift by a cent.
    """
    if moments < 0:
        raise ValueError(f"the number of moments cannot be negative (got {moments})")
    rows = []
    for improved in range(moments + 1):
        multiplier = compound([uplift] * improved)
        projected = revenue * multiplier
        rows.append(
            CompoundingRow(improved, multiplier, multiplier - 1, projected, projected - revenue)
        )
    return rows


@dataclass(frozen=True)
class MomentGoal:
    moment: MomentThatMatters
    current: Decimal
    goal: Decimal
    capped: bool
    """True when +10 % would pass 100 %: the goal is then 100 % and the gain is smaller."""


def moment_goals(plan: Optimisation, uplift: Decimal = MIN_UPLIFT) -> list[MomentGoal]:
    """The conversion each moment must reach to be ``uplift`` better, in funnel order."""
    goals = []
    for moment in plan.moments:
        wanted = moment.conversion * (1 + uplift)
        goals.append(MomentGoal(moment, moment.conversion, min(wanted, Decimal(1)), wanted > 1))
    return goals


@dataclass(frozen=True)
class SprintWeek:
    number: int
    starts: dt.date
    ends: dt.date
    targets: tuple[Decimal, ...]
    """One target per leading indicator, in the order of :attr:`SprintPlan.indicators`."""


@dataclass(frozen=True)
class SprintPlan:
    lever: RankedItem
    starts: dt.date
    ends: dt.date
    length_weeks: int
    baseline: Decimal
    target: Decimal
    relative_uplift: Decimal
    points: Decimal
    meets_goal: bool
    revenue_if_met: Money
    indicators: list[LeadingIndicator]
    weeks: list[SprintWeek]

    @property
    def moment(self) -> MomentThatMatters:
        return self.lever.moment


def sprint_plan(plan: Optimisation, ranked: list[RankedItem] | None = None) -> SprintPlan:
    """The chosen sprint with dates, the weekly indicator table and what hitting target is worth.

    ``revenue_if_met`` scales today's revenue by target / baseline, the same kit model as
    :func:`compounding_table` applied to the one moment this sprint improves.
    """
    ranked = ranked if ranked is not None else rank_backlog(plan)
    sprint = plan.sprint
    lever = next(entry for entry in ranked if entry.item.id == sprint.lever)
    weeks = [
        SprintWeek(
            number=week,
            starts=sprint.start + dt.timedelta(weeks=week - 1),
            ends=sprint.start + dt.timedelta(weeks=week, days=-1),
            targets=tuple(indicator.weekly_targets[week - 1] for indicator in sprint.indicators),
        )
        for week in range(1, sprint.length_weeks + 1)
    ]
    ratio = sprint.target_conversion / sprint.baseline_conversion
    return SprintPlan(
        lever=lever,
        starts=sprint.start,
        ends=weeks[-1].ends,
        length_weeks=sprint.length_weeks,
        baseline=sprint.baseline_conversion,
        target=sprint.target_conversion,
        relative_uplift=ratio - 1,
        points=sprint.target_conversion - sprint.baseline_conversion,
        meets_goal=meets_minimum_uplift(sprint.baseline_conversion, sprint.target_conversion),
        revenue_if_met=plan.revenue * ratio,
        indicators=list(sprint.indicators),
        weeks=weeks,
    )


@dataclass(frozen=True)
class OptimiseAnalysis:
    """Every optimise result of one plan, computed once per run.

    The notebook's tables, the workshop form's live summary, the charts and the sprint plan all
    read this object, so the sprint the form shows is the sprint the document prints.
    """

    params: Optimisation
    ranked: list[RankedItem]
    sprint: SprintPlan
    goals: list[MomentGoal]
    compounding: list[CompoundingRow]

    @property
    def plan(self) -> Optimisation:
        return self.params


def analyse(plan: Optimisation) -> OptimiseAnalysis:
    """Rank the backlog once, then plan the sprint from that ranking and project the gains."""
    ranked = rank_backlog(plan)
    return OptimiseAnalysis(
        params=plan,
        ranked=ranked,
        sprint=sprint_plan(plan, ranked),
        goals=moment_goals(plan),
        compounding=compounding_table(plan.revenue, len(plan.moments)),
    )
