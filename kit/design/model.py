"""The production-line parameters file: the design of a sales motion before anyone tunes it.

One file carries the growth plan, the motion inputs, the funnel as measured, the target stack,
the conversion benchmarks, the open pipeline and the Moments That Matter, so every number the
design playbook shows is traced back to a single, validated source.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator

from kit.models.base import Currency, Locale, Strict, Text, YearMonth, field
from kit.models.checks import currency_problems, duplicate_problems, unknown
from kit.models.deal import ImageFile, Slug
from kit.types import Amount, Money, Percent

HORIZON_MONTHS = (18, 24)
"""Shortest and longest growth-plan horizon the method allows (Design: growth plan)."""


def _percent_needs_sign(value: Any) -> Any:
    """Kit rule: a bare number between 0 and 1 is refused, because it is ambiguous.

    The shared percent type reads ``0.35`` as 0.35 %, while the method writes stage
    probabilities as ``0.35`` meaning 35 %. Asking for the percent sign turns a silent
    hundredfold error into a message the user fixes once.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return value
    text = str(value).strip()
    if text.endswith("%"):
        return value
    try:
        number = Decimal(text)
    except InvalidOperation:
        return value
    if number.is_finite() and 0 < number < 1:  # NaN and infinity: the percent type names them
        points = f"{(number * 100).normalize():f}"
        raise ValueError(
            f"write rates with a percent sign: '{points}%' for {points} percent"
            f" (or '{number}%' if you really mean {number} percent)"
        )
    return value


def _above_zero(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError("must be above 0% because the kit divides by it")
    return value


def _money_above_zero(value: Money) -> Money:
    if value.amount <= 0:
        raise ValueError(f"must be above zero (got {value})")
    return value


Rate = Annotated[Percent, BeforeValidator(_percent_needs_sign)]
"""A percentage written with its sign (``"35%"``), between 0 % and 100 %."""

DivisorRate = Annotated[Rate, AfterValidator(_above_zero)]
"""A rate the kit divides by, so 0 % is refused at load time rather than mid-calculation."""

PositiveAmount = Annotated[Amount, AfterValidator(_money_above_zero)]


class GrowthComponent(Strict):
    baseline: Amount = field(
        "Revenue this component produces today.",
        unit="money, e.g. '2000000 EUR'",
        used_for="Design: growth plan baseline",
    )
    target: Amount = field(
        "Revenue this component must produce at the end of the horizon.",
        unit="money",
        used_for="Design: growth plan target and gap",
    )
    what_must_be_true: list[Text] = field(
        "Conditions that have to hold for the target to be reached.",
        min_length=1,
        used_for="Design: growth pattern per component",
    )
    biggest_constraint: Text = field(
        "The one thing holding this component back right now.",
        used_for="Design: growth pattern per component",
    )


class GrowthPlan(Strict):
    target: Amount = field(
        "Total revenue the business needs at the end of the horizon.",
        unit="money",
        used_for="Design: define the target, then split it into three components",
    )
    acquisition: GrowthComponent = field("New-customer revenue.")
    retention: GrowthComponent = field("Revenue that current customers go on paying.")
    expansion: GrowthComponent = field("Extra revenue from customers already signed.")


class MotionBand(Strict):
    """One user-defined motion profile; the method names the levers but gives no numbers."""

    name: Text = field("Name of the profile, e.g. 'High-touch enterprise'.")
    acv_min: Amount = field("Lowest average contract value in the band (included).", unit="money")
    acv_max: Amount | None = field(
        "Average contract value where the band stops (excluded); empty for no ceiling.",
        unit="money",
        default=None,
    )
    customers_min: int = field(
        "Fewest customers per year in the band (included).", unit="customers per year", ge=0
    )
    customers_max: int | None = field(
        "Customers per year where the band stops (excluded); empty for no ceiling.",
        unit="customers per year",
        default=None,
        ge=1,
    )
    acquisition_spend: Text = field(
        "What the band allows to spend on winning one customer.",
        used_for="Design: motion structure, acquisition spend",
    )
    human_effort: Text = field(
        "How much people time a deal in this band can carry.",
        used_for="Design: motion structure, human effort",
    )
    standardisation: Text = field(
        "How standard the motion has to be.", used_for="Design: motion structure"
    )
    automation: Text = field(
        "What has to run without people.", used_for="Design: motion structure, automation"
    )


class MotionFlow(Strict):
    demand_entry: str = field("Where new demand comes from.", default="")
    qualification: str = field("What makes a prospect a qualified opportunity.", default="")
    conversion: str = field("How a qualified opportunity is won.", default="")
    value_and_retention: str = field("How a customer reaches value and renews.", default="")


class Motion(Strict):
    acv: PositiveAmount = field(
        "Average contract value of a new customer.",
        unit="money per contract per year",
        used_for="Design: motion structure from ACV",
    )
    customers_per_year: int = field(
        "New customers the plan needs to close each year.",
        unit="customers per year",
        gt=0,
        used_for="Design: motion structure from customers per year",
    )
    bands: list[MotionBand] = field(
        "Your own ACV x customers-per-year profiles; the method gives no numeric bands.",
        default=[],
        used_for="Design: what ACV and volume imply for spend, effort, standardisation",
    )
    flow: MotionFlow = field("The four flows of the end-to-end motion.", default=MotionFlow())


class FunnelStage(Strict):
    name: Text = field("Stage name, unique in the funnel, e.g. 'Qualified'.")
    volume: int = field(
        "How much entered the stage in the period.",
        unit="records per period",
        ge=0,
        used_for="Design: volume metric; input to the stage",
    )
    conversion_to_next: Rate | None = field(
        "Share that moved on to the next stage; leave empty on the last stage.",
        unit="percent",
        default=None,
        used_for="Design: conversion metric; throughput of the stage",
    )
    days_in_stage: Decimal = field(
        "Average days a record spends in the stage.",
        unit="days",
        ge=0,
        used_for="Design: time metric",
    )
    previous_volume: int | None = field(
        "Volume in the previous period, to see whether inputs rose.",
        unit="records per period",
        default=None,
        ge=0,
        used_for="Design: inputs vs throughput",
    )
    previous_conversion_to_next: Rate | None = field(
        "Conversion in the previous period, to see whether throughput rose with inputs.",
        unit="percent",
        default=None,
        used_for="Design: inputs vs throughput",
    )


class Funnel(Strict):
    period: Text = field("Period the volumes cover, e.g. '2026-Q1'.")
    previous_period: str = field("Period the previous_* figures cover.", default="")
    stages: list[FunnelStage] = field(
        "Stages in flow order, from where demand enters to the won customer.", min_length=2
    )


class Benchmark(Strict):
    stage: Text = field(
        "Funnel stage whose conversion to the next stage is benchmarked.",
        used_for="2.2 conversion benchmarks per funnel step",
    )
    baseline: Rate = field(
        "Conversion achieved historically.", unit="percent", used_for="2.2 baseline layer"
    )
    target_low: Rate = field(
        "Bottom of the target range.", unit="percent", used_for="2.2 target layer (range)"
    )
    target_high: Rate = field(
        "Top of the target range.", unit="percent", used_for="2.2 target layer (range)"
    )
    guardrail: str = field("Metric watched so the target is not hit the wrong way.", default="")
    action_if_below: str = field("What the team changes when the step runs below.", default="")


class StackStage(Strict):
    name: Text = field("Stage reached, e.g. 'Discovery'.")
    conversion: DivisorRate = field(
        "Share of the previous stage that reaches this one.",
        unit="percent",
        used_for="1.2 stage targets",
    )


class TargetStack(Strict):
    revenue_target: PositiveAmount = field(
        "New revenue to book in the period.", unit="money", used_for="1.2 revenue target"
    )
    average_deal_size: PositiveAmount = field(
        "Average value of a won deal.", unit="money", used_for="1.2 pipeline target"
    )
    win_rate: DivisorRate = field(
        "Expected overall conversion from qualified opportunity to booked.",
        unit="percent",
        used_for="1.2 required qualified opportunities",
    )
    entry_stage: Text = field(
        "Name of the stage the stack starts from.", default="Qualified", used_for="1.2"
    )
    stages: list[StackStage] = field(
        "Stages after the entry stage, in order; the last one is the won deal.",
        min_length=1,
        used_for="1.2 stage targets",
    )


class StageProbability(Strict):
    stage: Text = field("Pipeline stage, listed in stage order.")
    probability: Rate = field(
        "Chance a deal in this stage closes, from its historical conversion to commitment.",
        unit="percent",
        used_for="12.2 weighted forecast",
    )


class PipelineDeal(Strict):
    name: Text = field("Deal name as the team knows it.")
    stage: Text = field("Current pipeline stage; must be listed in stage_probabilities.")
    amount: Amount = field("Deal value.", unit="money", used_for="12.2 weighted forecast")
    expected_close: YearMonth = field(
        "Month the buyer expects to sign.", unit="YYYY-MM", used_for="12.2 forecast by month"
    )
    days_in_stage: int = field(
        "Days since the deal entered its current stage.",
        unit="days",
        ge=0,
        used_for="12.2 stage aging",
    )


ProblemType = Literal["volume", "conversion", "time"]
ShowsUpAt = Literal["decision", "slowdown", "handoff", "quality"]


class MomentThatMatters(Strict):
    name: Text = field("Short name of the moment.")
    stage: Text = field("Funnel stage where it happens; must be a stage of the funnel.")
    problem_type: ProblemType = field(
        "Which metric of the stage the moment hurts.",
        used_for="Design: tie each moment to volume, conversion or time",
    )
    metric: Text = field("The metric that shows whether the moment improves.")
    shows_up_at: ShowsUpAt | None = field(
        "Where it shows up: a buyer decision, a slowdown, a handoff or a quality drop.",
        default=None,
        used_for="Design: where Moments That Matter appear",
    )


class ProductionLine(Strict):
    """The design of a measurable production line: plan, motion, funnel, targets, forecast."""

    kind: Literal["production_line"] = field("File kind; selects this model.")
    id: Slug = field("Slug: lowercase letters, digits, hyphens; names the output folder.")
    company: Text = field("Company whose production line is designed.")
    logo: ImageFile | None = field(
        "PNG or JPEG logo of the company, shown on the workbook's cover; relative to this file.",
        default=None,
    )
    date: dt.date = field("Date the figures were taken.")
    locale: Locale = field("Locale for money and dates, e.g. en_GB, de_DE.", default="en_GB")
    currency: Currency = field("ISO 4217 code every amount in the file must use.")
    horizon_months: int = field(
        "Length of the growth plan.",
        unit="months",
        ge=HORIZON_MONTHS[0],
        le=HORIZON_MONTHS[1],
        used_for="Design: growth plan for the next 18 to 24 months",
    )
    growth_plan: GrowthPlan
    motion: Motion
    funnel: Funnel
    benchmarks: list[Benchmark] = field("Conversion benchmarks per funnel step.", default=[])
    target_stack: TargetStack
    stage_probabilities: list[StageProbability] = field(
        "Probability per pipeline stage, in stage order.", default=[]
    )
    pipeline: list[PipelineDeal] = field(
        "Open deals to forecast.", default=[], used_for="12.2 weighted forecast and stage aging"
    )
    moments: list[MomentThatMatters] = field("The short list of Moments That Matter.", default=[])

    def reference_problems(self) -> list[str]:
        """Checks that need more than one field: names, stage links, ranges, currencies.

        Every problem names its path, so a user fixes the whole file in one pass.
        """
        problems = self._currency_problems()
        problems += _band_problems(self.motion)
        problems += self._funnel_problems()
        stages = {stage.name for stage in self.funnel.stages}
        last = self.funnel.stages[-1].name
        seen: set[str] = set()
        for i, mark in enumerate(self.benchmarks):
            where = f"benchmarks[{i}]"
            if mark.stage not in stages:
                problems.append(unknown(f"{where}.stage", "funnel stage", mark.stage, stages))
            elif mark.stage == last:
                problems.append(f"{where}.stage: '{last}' is the last stage and converts nowhere")
            if mark.stage in seen:
                problems.append(f"{where}.stage: '{mark.stage}' is benchmarked twice")
            seen.add(mark.stage)
            if mark.target_low > mark.target_high:
                problems.append(f"{where}.target_high: must not be below target_low")
        stack = self.target_stack
        problems += duplicate_problems(
            "target_stack.stages",
            [stack.entry_stage, *(stage.name for stage in stack.stages)],
            attribute="name",
            noun="stage",
            first_index=-1,
        )
        problems += duplicate_problems(
            "stage_probabilities",
            [item.stage for item in self.stage_probabilities],
            attribute="stage",
            noun="stage",
        )
        known = {item.stage for item in self.stage_probabilities}
        for i, deal in enumerate(self.pipeline):
            if deal.stage not in known:
                problems.append(
                    unknown(f"pipeline[{i}].stage", "pipeline stage", deal.stage, known)
                )
        for i, moment in enumerate(self.moments):
            if moment.stage not in stages:
                problems.append(
                    unknown(f"moments[{i}].stage", "funnel stage", moment.stage, stages)
                )
            elif moment.problem_type == "conversion" and moment.stage == last:
                problems.append(
                    f"moments[{i}].problem_type: '{last}' is the last stage, so it has no "
                    "conversion to fix; tie the moment to the stage before it"
                )
        return problems

    def _funnel_problems(self) -> list[str]:
        stages = self.funnel.stages
        problems = duplicate_problems(
            "funnel.stages", [stage.name for stage in stages], attribute="name", noun="stage"
        )
        for i, stage in enumerate(stages):
            where = f"funnel.stages[{i}]"
            is_last = i == len(stages) - 1
            if is_last and stage.conversion_to_next is not None:
                problems.append(f"{where}.conversion_to_next: the last stage has no next stage")
            if not is_last and stage.conversion_to_next is None:
                problems.append(f"{where}.conversion_to_next: required on every stage but the last")
            if is_last and stage.previous_conversion_to_next is not None:
                problems.append(
                    f"{where}.previous_conversion_to_next: the last stage has no next stage"
                )
            has_volume = stage.previous_volume is not None
            has_conversion = stage.previous_conversion_to_next is not None
            if not is_last and has_volume != has_conversion:
                problems.append(
                    f"{where}.previous_volume: give it together with previous_conversion_to_next"
                )
        return problems

    def _currency_problems(self) -> list[str]:
        amounts: list[tuple[str, Money]] = [("growth_plan.target", self.growth_plan.target)]
        for name in ("acquisition", "retention", "expansion"):
            component: GrowthComponent = getattr(self.growth_plan, name)
            amounts.append((f"growth_plan.{name}.baseline", component.baseline))
            amounts.append((f"growth_plan.{name}.target", component.target))
        amounts.append(("motion.acv", self.motion.acv))
        for i, band in enumerate(self.motion.bands):
            amounts.append((f"motion.bands[{i}].acv_min", band.acv_min))
            if band.acv_max is not None:
                amounts.append((f"motion.bands[{i}].acv_max", band.acv_max))
        amounts.append(("target_stack.revenue_target", self.target_stack.revenue_target))
        amounts.append(("target_stack.average_deal_size", self.target_stack.average_deal_size))
        amounts += [(f"pipeline[{i}].amount", deal.amount) for i, deal in enumerate(self.pipeline)]
        return currency_problems(amounts, self.currency, "currency")


def _band_problems(motion: Motion) -> list[str]:
    """Bands must not overlap, and when there are bands one of them must hold the inputs."""
    problems: list[str] = []
    bands = motion.bands
    for i, band in enumerate(bands):
        if band.acv_max is not None and band.acv_max.amount <= band.acv_min.amount:
            problems.append(f"motion.bands[{i}].acv_max: must be above acv_min")
        if band.customers_max is not None and band.customers_max <= band.customers_min:
            problems.append(f"motion.bands[{i}].customers_max: must be above customers_min")
    if problems:
        return problems
    for i, first in enumerate(bands):
        for j in range(i + 1, len(bands)):
            if _bands_overlap(first, bands[j]):
                problems.append(
                    f"motion.bands[{j}]: overlaps motion.bands[{i}] ('{first.name}'); "
                    "a motion must fall into one band only"
                )
    if bands and not any(band_holds(band, motion.acv, motion.customers_per_year) for band in bands):
        problems.append(
            f"motion.bands: no band holds acv {motion.acv} with "
            f"{motion.customers_per_year} customers per year"
        )
    return problems


def band_holds(band: MotionBand, acv: Money, customers: int) -> bool:
    """Minimums are included and maximums excluded, so adjacent bands can share a boundary."""
    in_acv = band.acv_min.amount <= acv.amount and (
        band.acv_max is None or acv.amount < band.acv_max.amount
    )
    in_customers = band.customers_min <= customers and (
        band.customers_max is None or customers < band.customers_max
    )
    return in_acv and in_customers


def _ranges_overlap(
    low_a: Decimal, high_a: Decimal | None, low_b: Decimal, high_b: Decimal | None
) -> bool:
    return (high_b is None or low_a < high_b) and (high_a is None or low_b < high_a)


def _bands_overlap(a: MotionBand, b: MotionBand) -> bool:
    acv = _ranges_overlap(
        a.acv_min.amount,
        a.acv_max.amount if a.acv_max else None,
        b.acv_min.amount,
        b.acv_max.amount if b.acv_max else None,
    )
    customers = _ranges_overlap(
        Decimal(a.customers_min),
        None if a.customers_max is None else Decimal(a.customers_max),
        Decimal(b.customers_min),
        None if b.customers_max is None else Decimal(b.customers_max),
    )
    return acv and customers
