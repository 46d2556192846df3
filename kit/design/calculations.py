"""Design calculations: growth gaps, target stack, benchmarks, constraint, forecast, aging.

Each function is pure and returns a frozen dataclass, so the design notebook only displays
results and every worked example of the method (1.2, 2.2, 12.2) is a unit test. Counts that
are divided by rates are computed as exact fractions and only turned into Decimals at the end,
so a target that is exactly 100 is never rounded up to 101 by a stray digit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import pairwise
from typing import Literal

from kit import formatting
from kit.design.model import (
    GrowthComponent,
    MotionBand,
    PipelineDeal,
    ProblemType,
    ProductionLine,
    StageProbability,
    TargetStack,
    band_holds,
)
from kit.types import Money

COMPONENTS = ("acquisition", "retention", "expansion")
MAX_MOMENTS = 5
"""Kit rule: the method asks for a "short list" of Moments That Matter without a number; the
kit warns above five, the most a team can improve deliberately at the same time."""

AGING_PERCENTILE = Decimal("0.75")
"""12.2: deals that have sat in a stage longer than this share of their peers are flagged."""

Status = Literal["below", "within", "above"]


def _decimal(value: Fraction) -> Decimal:
    """An exact fraction as a Decimal; exact when it terminates, 28 digits otherwise."""
    return Decimal(value.numerator) / Decimal(value.denominator)


def _percent(value: Decimal) -> str:
    return f"{(value * 100).quantize(Decimal('0.01')).normalize():f}%"


def _count(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')).normalize():f}"


# --- Growth plan -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComponentGap:
    name: str
    baseline: Money
    target: Money
    gap: Money
    share_of_growth: Decimal | None
    """This component's part of the growth all three components add; None if they add none."""
    what_must_be_true: list[str]
    biggest_constraint: str


@dataclass(frozen=True)
class GrowthGaps:
    horizon_months: int
    components: list[ComponentGap]
    baseline: Money
    target: Money
    gap: Money
    components_target: Money
    unallocated: Money
    """Plan target minus the component targets; anything but zero means the split is off."""
    warnings: list[str]


def growth_gaps(line: ProductionLine) -> GrowthGaps:
    """Gap = target - baseline per component and for the plan (kit reading of "the gap").

    The method sets the total first and then splits it; the kit checks that the three
    component targets add up to that total and says by how much they miss when they do not.
    """
    plan = line.growth_plan
    parts: list[tuple[str, GrowthComponent]] = [(name, getattr(plan, name)) for name in COMPONENTS]
    zero = Money.zero(line.currency)
    baseline = sum((part.baseline for _, part in parts), zero)
    components_target = sum((part.target for _, part in parts), zero)
    growth = components_target - baseline
    components = [
        ComponentGap(
            name=name,
            baseline=part.baseline,
            target=part.target,
            gap=part.target - part.baseline,
            share_of_growth=(
                (part.target - part.baseline).amount / growth.amount if growth.amount > 0 else None
            ),
            what_must_be_true=list(part.what_must_be_true),
            biggest_constraint=part.biggest_constraint,
        )
        for name, part in parts
    ]
    unallocated = plan.target - components_target
    warnings = []
    if unallocated.amount != 0:
        over_under = "below" if unallocated.amount > 0 else "above"
        warnings.append(
            f"The component targets add up to "
            f"{formatting.whole_money(components_target, line.locale)}, {over_under} the plan "
            f"target of {formatting.whole_money(plan.target, line.locale)}; revise the split so "
            "it matches."
        )
    return GrowthGaps(
        horizon_months=line.horizon_months,
        components=components,
        baseline=baseline,
        target=plan.target,
        gap=plan.target - baseline,
        components_target=components_target,
        unallocated=unallocated,
        warnings=warnings,
    )


# --- Motion ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class MotionProfile:
    acv: Money
    customers_per_year: int
    annual_new_revenue: Money
    """ACV x customers per year: the new revenue the motion must book each year."""
    band: MotionBand | None
    """The user's band holding these inputs; None when the file defines no bands."""


def motion_profile(line: ProductionLine) -> MotionProfile:
    """Place the motion in the user's bands; the method names the levers but sets no numbers.

    Kit rule: bands are always supplied by the user (minimum included, maximum excluded); the
    kit ships no default ACV or volume thresholds because the method gives none.
    """
    motion = line.motion
    band = next(
        (b for b in motion.bands if band_holds(b, motion.acv, motion.customers_per_year)), None
    )
    return MotionProfile(
        acv=motion.acv,
        customers_per_year=motion.customers_per_year,
        annual_new_revenue=motion.acv * motion.customers_per_year,
        band=band,
    )


# --- Target stack (1.2) ----------------------------------------------------------------------


def required_qualified_opportunities(
    revenue: Money, average_deal_size: Money, win_rate: Decimal
) -> Decimal:
    """1.2: qualified opportunities = revenue target / (average deal size x overall win rate)."""
    if revenue.currency != average_deal_size.currency:
        raise ValueError(f"cannot combine {revenue.currency} with {average_deal_size.currency}")
    if average_deal_size.amount <= 0 or win_rate <= 0:
        raise ValueError("average deal size and win rate must be above zero")
    exact = Fraction(revenue.amount) / (Fraction(average_deal_size.amount) * Fraction(win_rate))
    return _decimal(exact)


def coverage_ratio(pipeline: Money, target: Money) -> Decimal:
    """1.5 and 1.2: pipeline value divided by the revenue target of the same period."""
    if pipeline.currency != target.currency:
        raise ValueError(f"cannot combine {pipeline.currency} with {target.currency}")
    if target.amount <= 0:
        raise ValueError("the revenue target must be above zero")
    return _decimal(Fraction(pipeline.amount) / Fraction(target.amount))


@dataclass(frozen=True)
class StageTarget:
    stage: str
    expected: Decimal
    """Records the stage must hold so that, at the stated conversions, the wins follow."""
    required: int
    """``expected`` rounded up: records come whole, and rounding down would miss the target."""


@dataclass(frozen=True)
class StackPlan:
    revenue_target: Money
    average_deal_size: Money
    win_rate: Decimal
    required_wins: Decimal
    required_qualified: Decimal
    """1.2's formula with the overall win rate."""
    pipeline_value: Money
    """Qualified opportunities times the average deal size (revenue / win rate)."""
    coverage: Decimal
    """Pipeline value over the revenue target, from exact figures: 1 / win rate."""
    stage_rate_product: Decimal
    """The overall win rate the stage conversions imply when multiplied together."""
    stages: list[StageTarget]
    """Entry stage first, won stage last, each computed backwards from the required wins."""
    warnings: list[str]


def _stack_names(stack: TargetStack) -> list[str]:
    return [stack.entry_stage, *(stage.name for stage in stack.stages)]


def target_stack(stack: TargetStack) -> StackPlan:
    """Revenue -> wins -> stage targets, walking backwards: each stage = next stage / its rate.

    Kit rule: the walk starts from the exact wins (revenue / deal size), not from whole wins,
    so when the stage rates multiply to the overall win rate the entry stage equals 1.2's
    required qualified opportunities exactly; rounding up happens per stage, at the end.
    """
    wins = Fraction(stack.revenue_target.amount) / Fraction(stack.average_deal_size.amount)
    counts = [wins]
    for stage in reversed(stack.stages):
        counts.insert(0, counts[0] / Fraction(stage.conversion))
    product = math.prod((Fraction(stage.conversion) for stage in stack.stages), start=Fraction(1))
    qualified = required_qualified_opportunities(
        stack.revenue_target, stack.average_deal_size, stack.win_rate
    )
    stages = [
        StageTarget(name, _decimal(count), math.ceil(count))
        for name, count in zip(_stack_names(stack), counts, strict=True)
    ]
    warnings = []
    implied = _decimal(product)
    if implied != stack.win_rate:
        warnings.append(
            f"The stage conversions multiply to {_percent(implied)}, not the overall win rate "
            f"of {_percent(stack.win_rate)}: the stage chain needs "
            f"{_count(stages[0].expected)} {stack.entry_stage} records where the overall rate "
            f"gives {_count(qualified)}. Align the two before publishing targets."
        )
    pipeline_value = stack.average_deal_size * qualified
    return StackPlan(
        revenue_target=stack.revenue_target,
        average_deal_size=stack.average_deal_size,
        win_rate=stack.win_rate,
        required_wins=_decimal(wins),
        required_qualified=qualified,
        pipeline_value=pipeline_value,
        coverage=_decimal(1 / Fraction(stack.win_rate)),
        stage_rate_product=implied,
        stages=stages,
        warnings=warnings,
    )


@dataclass(frozen=True)
class FlowCount:
    stage: str
    count: Decimal


@dataclass(frozen=True)
class ForwardFlow:
    stages: list[FlowCount]
    wins: Decimal
    revenue: Money
    shortfall: Money
    """Revenue target minus what the flow books; negative when the flow books more."""


def stack_forward(stack: TargetStack, entering: Decimal | int) -> ForwardFlow:
    """What ``entering`` records at the entry stage become when each stage converts as stated."""
    counts = [Fraction(entering)]
    for stage in stack.stages:
        counts.append(counts[-1] * Fraction(stage.conversion))
    wins = _decimal(counts[-1])
    revenue = stack.average_deal_size * wins
    return ForwardFlow(
        stages=[
            FlowCount(name, _decimal(count))
            for name, count in zip(_stack_names(stack), counts, strict=True)
        ],
        wins=wins,
        revenue=revenue,
        shortfall=stack.revenue_target - revenue,
    )


@dataclass(frozen=True)
class BookStageTarget:
    stage: str
    divided: Decimal
    """The previous printed figure divided by this stage's own conversion rate."""
    printed: int
    """``divided`` rounded half up to a whole number, as the method prints it."""
    forward: Decimal
    """What the same entry volume really yields at this stage, for contrast."""


def book_stage_targets(stack: TargetStack, entering: int) -> list[BookStageTarget]:
    """Reproduce 1.2's printed stage targets (125 and 179) so the notebook can show the slip.

    The method divides each upstream figure by the downstream stage's conversion, so its
    targets grow down the funnel (100 -> 125 -> 179) although every rate is below 100 %.
    The consistent figures are :func:`target_stack` (backwards) and :func:`stack_forward`.
    Like the method, it stops before the won stage.
    """
    forward = stack_forward(stack, entering).stages
    rows: list[BookStageTarget] = []
    previous = Decimal(entering)
    for index, stage in enumerate(stack.stages[:-1], start=1):
        divided = _decimal(Fraction(previous) / Fraction(stage.conversion))
        printed = int(divided.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        rows.append(BookStageTarget(stage.name, divided, printed, forward[index].count))
        previous = Decimal(printed)
    return rows


# --- Conversion benchmarks (2.2) -------------------------------------------------------------


def conversion_rate(entered: int, advanced: int) -> Decimal:
    """Share of records that moved on: 2.2's step rates and 12.2's stage probabilities."""
    if entered <= 0 or not 0 <= advanced <= entered:
        raise ValueError(
            f"need 0 <= advanced <= entered and entered > 0 (got {advanced}/{entered})"
        )
    return _decimal(Fraction(advanced, entered))


def benchmark_status(value: Decimal, low: Decimal, high: Decimal) -> Status:
    """Kit rule: both ends of a target range count as within it."""
    if low > high:
        raise ValueError(f"the range's low end {low} is above its high end {high}")
    if value < low:
        return "below"
    return "above" if value > high else "within"


@dataclass(frozen=True)
class BenchmarkRow:
    step: str
    stage: str
    baseline: Decimal
    target_low: Decimal
    target_high: Decimal
    baseline_status: Status
    current: Decimal
    """This period's conversion from the funnel."""
    current_status: Status
    guardrail: str
    action: str
    """The file's own action for the step, filled only when this period runs below target."""


def _step(line: ProductionLine, stage: str) -> str:
    names = [s.name for s in line.funnel.stages]
    return f"{stage} → {names[names.index(stage) + 1]}"


def compare_benchmarks(line: ProductionLine) -> list[BenchmarkRow]:
    """Each benchmarked step, in funnel order: baseline and this period against the range."""
    stages = {stage.name: stage for stage in line.funnel.stages}
    order = list(stages)
    rows = []
    for mark in sorted(line.benchmarks, key=lambda m: order.index(m.stage)):
        current = stages[mark.stage].conversion_to_next
        if current is None:
            raise ValueError(f"benchmarked stage {mark.stage} has no conversion; load via params")
        current_status = benchmark_status(current, mark.target_low, mark.target_high)
        rows.append(
            BenchmarkRow(
                step=_step(line, mark.stage),
                stage=mark.stage,
                baseline=mark.baseline,
                target_low=mark.target_low,
                target_high=mark.target_high,
                baseline_status=benchmark_status(mark.baseline, mark.target_low, mark.target_high),
                current=current,
                current_status=current_status,
                guardrail=mark.guardrail,
                action=mark.action_if_below if current_status == "below" else "",
            )
        )
    return rows


# --- Inputs vs throughput and the constrained stage ------------------------------------------


@dataclass(frozen=True)
class StageFlow:
    stage: str
    inputs: int
    conversion: Decimal | None
    throughput: Decimal | None
    """Records passed on to the next stage (inputs x conversion); None on the last stage."""
    days: Decimal
    previous_inputs: int | None
    previous_throughput: Decimal | None
    constrained: bool | None
    """Inputs rose and throughput did not; None when the previous period is not given."""


@dataclass(frozen=True)
class Constraint:
    stage: str
    rule: Literal["inputs rose, throughput did not", "furthest below benchmark"]
    conversion: Decimal
    target_low: Decimal | None
    wins_uplift: Decimal | None
    """Relative gain in wins if this stage alone reached its target floor (None if unknown)."""


@dataclass(frozen=True)
class FunnelReview:
    period: str
    previous_period: str
    stages: list[StageFlow]
    overall_conversion: Decimal
    cycle_days: Decimal
    slowest_stage: str
    """The stage with most days: where time slows the system."""
    motion_constrained: bool | None
    """The same test end to end: first-stage inputs against last-stage output."""
    constraint: Constraint | None


def _rose_but_flat(inputs: Decimal, before: Decimal, out: Decimal, out_before: Decimal) -> bool:
    """Design rule: inputs went up while what came out did not."""
    return inputs > before and out <= out_before


def inputs_vs_throughput(line: ProductionLine) -> FunnelReview:
    """Volume, conversion and time per stage, and the method's test for a constrained motion."""
    flows = []
    for stage in line.funnel.stages:
        conversion = stage.conversion_to_next
        throughput = None if conversion is None else stage.volume * conversion
        previous_throughput = None
        constrained = None
        if stage.previous_volume is not None and stage.previous_conversion_to_next is not None:
            previous_throughput = stage.previous_volume * stage.previous_conversion_to_next
        if throughput is not None and previous_throughput is not None:
            constrained = _rose_but_flat(
                Decimal(stage.volume),
                Decimal(stage.previous_volume or 0),
                throughput,
                previous_throughput,
            )
        flows.append(
            StageFlow(
                stage=stage.name,
                inputs=stage.volume,
                conversion=conversion,
                throughput=throughput,
                days=stage.days_in_stage,
                previous_inputs=stage.previous_volume,
                previous_throughput=previous_throughput,
                constrained=constrained,
            )
        )
    first, last = line.funnel.stages[0], line.funnel.stages[-1]
    motion_constrained = None
    if first.previous_volume is not None and last.previous_volume is not None:
        motion_constrained = _rose_but_flat(
            Decimal(first.volume),
            Decimal(first.previous_volume),
            Decimal(last.volume),
            Decimal(last.previous_volume),
        )
    slowest = max(line.funnel.stages, key=lambda s: s.days_in_stage)
    return FunnelReview(
        period=line.funnel.period,
        previous_period=line.funnel.previous_period,
        stages=flows,
        overall_conversion=math.prod(
            (f.conversion for f in flows if f.conversion is not None), start=Decimal(1)
        ),
        cycle_days=sum((s.days_in_stage for s in line.funnel.stages), Decimal(0)),
        slowest_stage=slowest.name,
        motion_constrained=motion_constrained,
        constraint=constrained_stage(line, flows),
    )


def constrained_stage(
    line: ProductionLine, flows: Sequence[StageFlow] | None = None
) -> Constraint | None:
    """The stage that holds the motion back, by a two-step kit rule.

    1. The method's own test first: the earliest stage (funnel order) whose inputs rose while
       its throughput did not, when a previous period is given.
    2. Otherwise, among stages converting below the floor of their benchmark range, the one
       with the lowest conversion / floor ratio (earliest on a tie). Raising one stage from c
       to its floor t multiplies end-to-end wins by t / c, so the lowest ratio is the single
       fix with the biggest effect on output, which is what the method asks the formula to
       reveal. A stage converting at 0 % is taken first; its uplift is unknown.

    None when no stage qualifies under either step.
    """
    flows = list(flows) if flows is not None else inputs_vs_throughput(line).stages
    floors = {mark.stage: mark.target_low for mark in line.benchmarks}
    for flow in flows:
        if flow.constrained and flow.conversion is not None:
            floor = floors.get(flow.stage)
            uplift = None
            if floor is not None and flow.conversion > 0 and flow.conversion < floor:
                uplift = floor / flow.conversion - 1
            return Constraint(
                flow.stage, "inputs rose, throughput did not", flow.conversion, floor, uplift
            )
    worst: tuple[Fraction, str, Decimal, Decimal] | None = None
    for flow in flows:
        floor = floors.get(flow.stage)
        if floor is None or flow.conversion is None or flow.conversion >= floor:
            continue
        ratio = Fraction(flow.conversion) / Fraction(floor)
        if worst is None or ratio < worst[0]:
            worst = (ratio, flow.stage, flow.conversion, floor)
    if worst is None:
        return None
    _, stage, conversion, floor = worst
    uplift = floor / conversion - 1 if conversion > 0 else None
    return Constraint(stage, "furthest below benchmark", conversion, floor, uplift)


# --- Weighted forecast and stage aging (12.2) ------------------------------------------------


@dataclass(frozen=True)
class WeightedDeal:
    name: str
    stage: str
    amount: Money
    probability: Decimal
    weighted: Money
    expected_close: str


@dataclass(frozen=True)
class Forecast:
    deals: list[WeightedDeal]
    by_month: dict[str, Money]
    """Weighted total per expected close month (``YYYY-MM``), in calendar order."""
    total: Money
    warnings: list[str]
    stages: list[str]
    """Pipeline stages in the probability table's order, the order a chart stacks them in."""


def probability_warnings(probabilities: Sequence[StageProbability]) -> list[str]:
    """A later stage with a lower probability than an earlier one, one line per drop.

    12.2 derives each probability from the stage's conversion to commitment, so a deal further
    along should not be worth less; the kit accepts the table but asks for a re-check.
    """
    return [
        f"{later.stage} ({_percent(later.probability)}) is lower than {earlier.stage} "
        f"({_percent(earlier.probability)}) although deals reach it later; re-check the "
        "conversion history behind both."
        for earlier, later in pairwise(probabilities)
        if later.probability < earlier.probability
    ]


def weighted_forecast(line: ProductionLine) -> Forecast:
    """12.2 forecast of a production line's open pipeline (see :func:`forecast_pipeline`)."""
    return forecast_pipeline(line.stage_probabilities, line.pipeline, line.currency)


def forecast_pipeline(
    probabilities: Sequence[StageProbability], pipeline: Sequence[PipelineDeal], currency: str
) -> Forecast:
    """12.2: weighted value = amount x stage probability, summed by expected close month.

    Takes the probabilities and deals on their own so the method's worked example can be
    forecast without a whole production line. Each weighted value is rounded to the cent once
    and the month totals are plain sums of those rounded values, so the table adds up exactly.
    """
    probability = {item.stage: item.probability for item in probabilities}
    missing = sorted({deal.stage for deal in pipeline} - probability.keys())
    if missing:
        raise ValueError(f"no probability for pipeline stages {missing}")
    deals = [
        WeightedDeal(
            name=deal.name,
            stage=deal.stage,
            amount=deal.amount,
            probability=probability[deal.stage],
            weighted=deal.amount * probability[deal.stage],
            expected_close=deal.expected_close,
        )
        for deal in pipeline
    ]
    zero = Money.zero(currency)
    by_month: dict[str, Money] = {}
    for deal in sorted(deals, key=lambda d: d.expected_close):
        by_month[deal.expected_close] = by_month.get(deal.expected_close, zero) + deal.weighted
    return Forecast(
        deals=deals,
        by_month=by_month,
        total=sum((deal.weighted for deal in deals), zero),
        warnings=probability_warnings(probabilities),
        stages=[item.stage for item in probabilities],
    )


def percentile_linear(values: Sequence[int | Decimal], share: Decimal) -> Decimal:
    """Percentile by linear interpolation between closest ranks (numpy's default method).

    Kit rule: 12.2 names the 75th percentile but no method. With sorted values x and
    h = (n - 1) x share, the result is x[floor h] + (h - floor h) x (x[floor h + 1] - x[floor h]);
    for 10, 20, 30, 40 the 75th percentile is 32.5. Computed exactly, so a boundary is exact.
    """
    if not values:
        raise ValueError("a percentile needs at least one value")
    if not 0 <= share <= 1:
        raise ValueError(f"share must be between 0 and 1 (got {share})")
    ordered = sorted(Fraction(value) for value in values)
    position = (len(ordered) - 1) * Fraction(share)
    below = math.floor(position)
    if below == len(ordered) - 1:
        return _decimal(ordered[below])
    exact = ordered[below] + (position - below) * (ordered[below + 1] - ordered[below])
    return _decimal(exact)


@dataclass(frozen=True)
class StageAging:
    stage: str
    deals: int
    median_days: Decimal
    p75_days: Decimal
    flagged: list[str]
    """Deals strictly above the 75th percentile of their stage; one at it is not flagged."""


def stage_aging(line: ProductionLine) -> list[StageAging]:
    """12.2: median and 75th percentile of days per stage, over the open deals in that stage.

    Stages follow the probability table's order; stages without deals are left out. With one
    deal in a stage the percentile is that deal's own age, so it is never flagged.
    """
    rows = []
    for item in line.stage_probabilities:
        deals = [deal for deal in line.pipeline if deal.stage == item.stage]
        if not deals:
            continue
        days = [deal.days_in_stage for deal in deals]
        p75 = percentile_linear(days, AGING_PERCENTILE)
        rows.append(
            StageAging(
                stage=item.stage,
                deals=len(deals),
                median_days=percentile_linear(days, Decimal("0.5")),
                p75_days=p75,
                flagged=[deal.name for deal in deals if deal.days_in_stage > p75],
            )
        )
    return rows


# --- Moments That Matter ---------------------------------------------------------------------


@dataclass(frozen=True)
class MomentRow:
    name: str
    stage: str
    problem_type: ProblemType
    metric: str
    shows_up_at: str | None
    reading: Decimal | None
    """The stage's measure for the problem type: volume, conversion to next, or days."""
    status: Status | None
    """For conversion moments on a benchmarked step: this period against the target range."""


@dataclass(frozen=True)
class MomentsReview:
    moments: list[MomentRow]
    warnings: list[str]


def moments_that_matter(line: ProductionLine) -> MomentsReview:
    """Tie each moment to its stage's volume, conversion or time reading (Design: MTM).

    Stage names and types are already validated on load; here each moment gets the number
    that shows whether it is improving, and the list is checked for being short.
    """
    stages = {stage.name: stage for stage in line.funnel.stages}
    marks = {mark.stage: mark for mark in line.benchmarks}
    rows = []
    for moment in line.moments:
        stage = stages[moment.stage]
        reading: Decimal | None = {
            "volume": Decimal(stage.volume),
            "conversion": stage.conversion_to_next,
            "time": stage.days_in_stage,
        }[moment.problem_type]
        mark = marks.get(moment.stage)
        status = None
        if moment.problem_type == "conversion" and mark is not None and reading is not None:
            status = benchmark_status(reading, mark.target_low, mark.target_high)
        rows.append(
            MomentRow(
                name=moment.name,
                stage=moment.stage,
                problem_type=moment.problem_type,
                metric=moment.metric,
                shows_up_at=moment.shows_up_at,
                reading=reading,
                status=status,
            )
        )
    warnings = []
    if len(rows) > MAX_MOMENTS:
        warnings.append(
            f"{len(rows)} Moments That Matter listed; keep it to {MAX_MOMENTS} or fewer so each "
            "one gets deliberate attention."
        )
    return MomentsReview(rows, warnings)


# --- The one analysis of a run ---------------------------------------------------------------


@dataclass(frozen=True)
class DesignAnalysis:
    """Every design result of one production line, computed once per run.

    The notebook's tables, the workshop form's live summary, the charts and the workbook all
    read this object, so a figure shown in one place is the figure printed in the others.
    """

    params: ProductionLine
    gaps: GrowthGaps
    motion: MotionProfile
    review: FunnelReview
    plan: StackPlan
    benchmarks: list[BenchmarkRow]
    forecast: Forecast
    aging: list[StageAging]
    moments: MomentsReview

    @property
    def line(self) -> ProductionLine:
        return self.params

    @property
    def warnings(self) -> list[str]:
        """Every inconsistency to resolve before the design is published, in section order."""
        return (
            self.gaps.warnings + self.plan.warnings + self.forecast.warnings + self.moments.warnings
        )


def analyse(line: ProductionLine) -> DesignAnalysis:
    return DesignAnalysis(
        params=line,
        gaps=growth_gaps(line),
        motion=motion_profile(line),
        review=inputs_vs_throughput(line),
        plan=target_stack(line.target_stack),
        benchmarks=compare_benchmarks(line),
        forecast=weighted_forecast(line),
        aging=stage_aging(line),
        moments=moments_that_matter(line),
    )
