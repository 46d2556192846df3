"""The optimisation parameters file: a team's Moments That Matter, its backlog and its sprint.

One file holds the funnel as it converts today, every improvement idea scored on the same
scales, and the single lever the team has chosen for the next sprint, so the ranking, the sprint
plan and the revenue projection are all computed from the same numbers.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from kit.models.base import Locale, Ref, Strict, Text, field
from kit.models.checks import duplicate_problems, unknown
from kit.models.deal import ImageFile, Slug
from kit.types import Amount, Percent

MIN_UPLIFT = Decimal("0.10")
"""The method's goal for every Moment That Matter: at least 10 % better conversion (002 L6).

The kit reads it as a relative gain (20 % -> 22 %), not ten percentage points, because the
method's point is that gains compound, and relative gains are the ones that multiply.
"""

Score = Annotated[int, Field(ge=1, le=5)]
"""A 1-5 rating; the scales behind each rating are in :data:`kit.optimise.calculations.SCALES`."""


def _above_zero(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("a conversion rate must be above 0% to improve it by a relative amount")
    return value


Rate = Annotated[Percent, AfterValidator(_above_zero)]
"""A conversion rate between 0 % (excluded) and 100 %."""


def percent_text(value: Decimal) -> str:
    """A fraction as plain percent text for messages: ``Decimal('0.2199')`` -> ``21.99%``."""
    return f"{(value * 100).normalize():f}%"


def meets_minimum_uplift(baseline: Decimal, target: Decimal, minimum: Decimal = MIN_UPLIFT) -> bool:
    """True when ``target`` is at least ``minimum`` better than ``baseline``, relatively.

    Computed in Decimal so a target of exactly +10 % passes: 20 % x 1.10 is exactly 22 %.
    """
    if baseline <= 0:
        raise ValueError(f"a relative improvement needs a baseline above 0 (got {baseline})")
    return target >= baseline * (1 + minimum)


class MomentThatMatters(Strict):
    id: Ref = field("Identifier such as MTM1; backlog items point at it.")
    name: Text = field("Short name of the moment, e.g. 'Discovery to proposal'.")
    stage: Text = field(
        "Funnel stage where the moment happens.", used_for="Design: Moments That Matter"
    )
    conversion: Rate = field(
        "Share of records that pass this moment today; above 0%.",
        unit="percent",
        used_for="Optimise: improve each MTM's conversion by at least 10%; compounding",
    )
    problem_type: Literal["volume", "conversion", "time"] = field(
        "What goes wrong at this moment.", used_for="Design: tie each MTM to a data structure"
    )
    growth_component: Literal["acquisition", "retention", "expansion"] | None = field(
        "The growth component this moment mainly drives.",
        default=None,
        used_for="Optimise: impact lens",
    )


class BacklogItem(Strict):
    id: Ref = field("Identifier such as B1; the sprint's lever points at it.")
    moment: Ref = field("Id of the Moment That Matters being improved.", used_for="backlog")
    gap: Text = field(
        "The performance gap seen today, with numbers when known.", used_for="backlog"
    )
    change: Text = field("The micro skills or process change required.", used_for="backlog")
    metric: Text = field("The metric the change should move.", used_for="backlog")
    owner: Text = field("The one person who ships the change.", used_for="backlog")
    impact: Score = field(
        "How much the moment moves acquisition, retention or expansion: 1 hardly, 5 strongly.",
        unit="1-5",
        used_for="Optimise: ranking",
    )
    confidence: Score = field(
        "How sure the team is that this change improves the moment: 1 a hunch, 5 proven.",
        unit="1-5",
        used_for="Optimise: ranking",
    )
    effort: Score = field(
        "How hard the change is to deliver within a sprint: 1 days, 5 more than one sprint.",
        unit="1-5",
        used_for="Optimise: ranking",
    )


class LeadingIndicator(Strict):
    name: Text = field("What is counted each week, e.g. 'discovery calls with a written plan'.")
    unit: Text = field("Unit of the weekly figure, e.g. 'calls' or '%'.")
    weekly_targets: list[Annotated[Decimal, Field(ge=0)]] = field(
        "One target per sprint week, in the unit above.",
        min_length=1,
        used_for="Optimise: track leading indicators weekly",
    )


class Sprint(Strict):
    lever: Ref = field(
        "Id of the one backlog item this sprint ships.", used_for="Optimise: one lever at a time"
    )
    start: dt.date = field("First day of the sprint.")
    length_weeks: int = field(
        "Sprint length in whole weeks.",
        unit="weeks",
        ge=2,
        le=4,
        used_for="Optimise: 2 to 4 week sprints",
    )
    baseline_conversion: Rate = field(
        "Conversion of the lever's moment when the sprint starts; above 0%.",
        unit="percent",
        used_for="Optimise: confirm baseline and target",
    )
    target_conversion: Percent = field(
        "Conversion the sprint aims for; at least 10% above the baseline, relatively.",
        unit="percent",
        used_for="Optimise: confirm baseline and target",
    )
    indicators: list[LeadingIndicator] = field(
        "Leading indicators tracked every week.",
        min_length=1,
        used_for="Optimise: define the leading indicators you will track weekly",
    )

    @field_validator("target_conversion")
    @classmethod
    def _ten_percent_better(cls, target: Decimal, info: ValidationInfo) -> Decimal:
        baseline = info.data.get("baseline_conversion")
        if baseline is not None and not meets_minimum_uplift(baseline, target):
            gain = (target / baseline - 1).quantize(Decimal("0.0001"))
            sign = "+" if gain >= 0 else ""
            raise ValueError(
                f"must be at least {percent_text(MIN_UPLIFT)} above the baseline of "
                f"{percent_text(baseline)} in relative terms, so at least "
                f"{percent_text(baseline * (1 + MIN_UPLIFT))} "
                f"(got {percent_text(target)}, {sign}{percent_text(gain)})"
            )
        return target


class Optimisation(Strict):
    """A team's optimisation plan: funnel, ranked backlog and the next sprint."""

    kind: Literal["optimisation"] = field("File kind; selects this model.")
    id: Slug = field("Plan slug: lowercase letters, digits, hyphens; names the output folder.")
    company: Text = field("Company whose production line is optimised.")
    team: Text = field("Team that owns the backlog and runs the sprint.")
    logo: ImageFile | None = field(
        "PNG or JPEG logo of the company, shown on the workbook's cover; relative to this file.",
        default=None,
    )
    date: dt.date = field("Issue date of the plan.")
    locale: Locale = field("Locale for money and dates, e.g. en_GB, de_DE.", default="en_GB")
    revenue: Amount = field(
        "Revenue the production line produces today.",
        unit="money, e.g. '2400000 EUR'",
        used_for="Optimise: compounding effect on revenue",
    )
    revenue_period: Literal["month", "quarter", "year"] = field(
        "Period the revenue figure covers.", default="year"
    )
    moments: list[MomentThatMatters] = field(
        "The funnel's Moments That Matter, in funnel order.", min_length=1
    )
    backlog: list[BacklogItem] = field("Improvement initiatives to rank.", min_length=1)
    sprint: Sprint

    def reference_problems(self) -> list[str]:
        """Duplicate ids, links that point nowhere and weekly targets that miss weeks.

        These need the whole file, so they run after each field has passed on its own; every
        problem is reported with its path so the file can be fixed in one pass.
        """
        problems = duplicate_problems("moments", [m.id for m in self.moments])
        problems += duplicate_problems("backlog", [b.id for b in self.backlog])
        moment_ids = {m.id for m in self.moments}
        item_ids = {b.id for b in self.backlog}
        for i, item in enumerate(self.backlog):
            if item.moment not in moment_ids:
                problems.append(unknown(f"backlog[{i}].moment", "moment", item.moment, moment_ids))
        if self.sprint.lever not in item_ids:
            problems.append(unknown("sprint.lever", "backlog item", self.sprint.lever, item_ids))
        weeks = self.sprint.length_weeks
        names: set[str] = set()
        for i, indicator in enumerate(self.sprint.indicators):
            if indicator.name in names:
                problems.append(f"sprint.indicators[{i}].name: duplicate '{indicator.name}'")
            names.add(indicator.name)
            count = len(indicator.weekly_targets)
            if count != weeks:
                problems.append(
                    f"sprint.indicators[{i}].weekly_targets: {count} targets for a "
                    f"{weeks}-week sprint; give one per week"
                )
        return problems
