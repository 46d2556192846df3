"""The production-line design as tables: plan, motion, funnel, stack, forecast, moments.

Each view reads results the run's analysis already holds and only formats them, so the
notebook, the workshop form and the workbook never disagree. Counts divided by rates are
shown to two decimals; statuses are coloured so a workshop sees the weak steps at a glance.
"""

from __future__ import annotations

from decimal import Decimal

from kit import formatting
from kit.design import calculations as design
from kit.design.calculations import DesignAnalysis
from kit.design.worked_examples import StackExample
from kit.tables import Cell, Lines, Report, Table, Tone, right, status
from kit.types import Money

HUNDREDTH = Decimal("0.01")
TIMES = "\N{MULTIPLICATION SIGN}"
DASH = "\N{EN DASH}"
STATUS_TONES: dict[str, Tone] = {"below": "bad", "within": "good", "above": "good"}
SHOWS_UP_AT = {
    "decision": "buyer decision",
    "slowdown": "slowdown",
    "handoff": "handoff",
    "quality": "quality drop",
}


def _m(value: Money, locale: str) -> str:
    return formatting.money(value, locale)


def _p(value: Decimal | None, locale: str) -> str:
    return "-" if value is None else formatting.percent(value, locale)


def _n(value: Decimal | int | None, locale: str) -> str:
    """A count to two decimals at most; counts divided by rates are rarely whole."""
    return "-" if value is None else formatting.number(Decimal(value).quantize(HUNDREDTH), locale)


def _status(value: design.Status | None) -> Cell | str:
    return "-" if value is None else status(value, STATUS_TONES[value])


def _warnings(lines: list[str]) -> list[Lines]:
    return [Lines([f"Warning: {line}" for line in lines], "warn")] if lines else []


def headline(analysis: DesignAnalysis) -> Lines:
    line = analysis.line
    return Lines(
        [f"{line.company}: {line.horizon_months}-month plan, funnel period {line.funnel.period}"]
    )


def growth_plan(analysis: DesignAnalysis) -> Report:
    """Today, target and gap per component, then what must hold for each target."""
    gaps, locale = analysis.gaps, analysis.line.locale
    rows = [
        [
            part.name.capitalize(),
            _m(part.baseline, locale),
            _m(part.target, locale),
            _m(part.gap, locale),
            _p(part.share_of_growth, locale),
        ]
        for part in gaps.components
    ]
    rows.append(
        [
            "All components",
            _m(gaps.baseline, locale),
            _m(gaps.components_target, locale),
            _m(gaps.components_target - gaps.baseline, locale),
            "",
        ]
    )
    figures = Table(
        ["Component", right("Today"), right("Target"), right("Gap"), right("Share of growth")],
        rows,
        title=f"Horizon: {gaps.horizon_months} months; plan target {_m(gaps.target, locale)}",
    )
    conditions = Table(
        ["Component", "Biggest constraint", "What must be true"],
        [
            [part.name.capitalize() if i == 0 else "", part.biggest_constraint if i == 0 else "", c]
            for part in gaps.components
            for i, c in enumerate(part.what_must_be_true)
        ],
    )
    return Report.of(figures, conditions, *_warnings(gaps.warnings))


def motion(analysis: DesignAnalysis) -> Table:
    """ACV times customers per year, and the profile (your own band) that holds them."""
    profile, locale = analysis.motion, analysis.line.locale
    band = profile.band
    rows = [
        ["Average contract value (ACV)", _m(profile.acv, locale)],
        ["New customers per year", formatting.number(profile.customers_per_year, locale)],
        [f"New revenue per year (ACV {TIMES} customers)", _m(profile.annual_new_revenue, locale)],
        [
            "Motion profile",
            band.name if band else status("none defined in the file", "warn"),
        ],
    ]
    if band:
        rows += [
            ["Acquisition spend", band.acquisition_spend],
            ["Human effort", band.human_effort],
            ["Standardisation", band.standardisation],
            ["Automation", band.automation],
        ]
    return Table(["Input or lever", "Value"], rows)


def funnel(analysis: DesignAnalysis) -> Table:
    review, locale = analysis.review, analysis.line.locale
    rows = [
        [flow.stage, _n(flow.inputs, locale), _p(flow.conversion, locale), _n(flow.days, locale)]
        for flow in review.stages
    ]
    first, last = review.stages[0].stage, review.stages[-1].stage
    return Table(
        ["Stage", right(f"Volume {review.period}"), right("Conversion to next"), right("Days")],
        rows,
        notes=[
            f"{first} → {last}: {_p(review.overall_conversion, locale)} (the step conversions "
            "multiplied)",
            f"Days through the funnel: {_n(review.cycle_days, locale)}; slowest stage: "
            f"{review.slowest_stage}",
        ],
    )


def target_stack(plan: design.StackPlan, entry_stage: str, locale: str) -> Report:
    """The won deals and entry records the revenue target needs, then each stage's target."""
    formulas = Lines(
        [
            f"Won deals needed: {_m(plan.revenue_target, locale)} ÷ "
            f"{_m(plan.average_deal_size, locale)} = {_n(plan.required_wins, locale)}",
            f"{entry_stage} needed: {_m(plan.revenue_target, locale)} ÷ "
            f"({_m(plan.average_deal_size, locale)} {TIMES} {_p(plan.win_rate, locale)}) = "
            f"{_n(plan.required_qualified, locale)}",
            f"Pipeline value {_m(plan.pipeline_value, locale)}, coverage "
            f"{_n(plan.coverage, locale)}{TIMES} the revenue target",
        ]
    )
    stages = Table(
        ["Stage", right("Exact"), right("Target (rounded up)"), right("Pipeline value")],
        [
            [
                target.stage,
                _n(target.expected, locale),
                str(target.required),
                _m(plan.average_deal_size * target.required, locale),
            ]
            for target in plan.stages
        ],
    )
    return Report.of(formulas, stages, *_warnings(plan.warnings))


def book_stack(example: StackExample, locale: str) -> Report:
    """1.2's printed stage targets beside the forward and backward figures that are consistent.

    The method's column stops before the won stage, as the method does.
    """
    stack, plan, forward = example.stack, example.plan, example.forward
    printed = {row.stage: str(row.printed) for row in example.book}
    printed[stack.entry_stage] = str(example.entering)
    rates = [None, *(stage.conversion for stage in stack.stages)]
    rows = [
        [
            target.stage,
            _p(rate, locale),
            printed.get(target.stage, "-"),
            _n(flow.count, locale),
            f"{_n(target.expected, locale)} ({target.required})",
        ]
        for target, flow, rate in zip(plan.stages, forward.stages, rates, strict=True)
    ]
    formula = Lines(
        [
            f"Required qualified opportunities = {_m(stack.revenue_target, locale)} ÷ "
            f"({_m(stack.average_deal_size, locale)} {TIMES} {_p(stack.win_rate, locale)}) = "
            f"{_n(plan.required_qualified, locale)}"
        ]
    )
    table = Table(
        [
            "Stage",
            right("Conversion"),
            right("Method prints"),
            right(f"Forward from {example.entering}"),
            right(f"Backward from {_n(plan.required_wins, locale)} wins"),
        ],
        rows,
        notes=[
            f"Forward: {example.entering} {stack.entry_stage} → {_n(forward.wins, locale)} wins "
            f"= {_m(forward.revenue, locale)}, short by {_m(forward.shortfall, locale)}",
            f"Stage conversions multiply to {_p(plan.stage_rate_product, locale)}; the overall "
            f"rate used is {_p(stack.win_rate, locale)}",
        ],
    )
    return Report.of(formula, table)


def benchmarks(analysis: DesignAnalysis) -> Report:
    """Each benchmarked step against its target range, and the file's action where it is below."""
    rows, locale = analysis.benchmarks, analysis.line.locale
    table = Table(
        [
            "Step",
            right("Baseline"),
            "Baseline is",
            right("Target range"),
            right(analysis.line.funnel.period),
            "Status",
        ],
        [
            [
                row.step,
                _p(row.baseline, locale),
                _status(row.baseline_status),
                f"{_p(row.target_low, locale)}{DASH}{_p(row.target_high, locale)}",
                _p(row.current, locale),
                _status(row.current_status),
            ]
            for row in rows
        ],
    )
    actions = [[row.step, row.action] for row in rows if row.action]
    if not actions:
        return Report.of(table)
    return Report.of(table, Table(["Step below its range", "Agreed action"], actions))


def throughput(analysis: DesignAnalysis) -> Report:
    """Inputs and what each stage passed on, both periods, and the constrained stage."""
    review, locale = analysis.review, analysis.line.locale

    def verdict(flow: design.StageFlow) -> Cell | str:
        if flow.constrained is None:
            return "-"
        return status("constrained", "bad") if flow.constrained else status("flowing", "good")

    before = review.previous_period or "before"
    table = Table(
        [
            "Stage",
            right(f"Inputs {before}"),
            right(f"Inputs {review.period}"),
            right(f"Passed on {before}"),
            right(f"Passed on {review.period}"),
            "Reading",
        ],
        [
            [
                flow.stage,
                _n(flow.previous_inputs, locale),
                _n(flow.inputs, locale),
                _n(flow.previous_throughput, locale),
                _n(flow.throughput, locale),
                verdict(flow),
            ]
            for flow in review.stages[:-1]
        ],
    )
    motion_line = {
        None: "no previous period given",
        True: "constrained (inputs rose, output did not)",
        False: "not constrained",
    }[review.motion_constrained]
    lines = [f"End to end: {motion_line}"]
    constraint = review.constraint
    if constraint is None:
        lines.append("Constrained stage: none")
    else:
        lines += [
            f"Constrained stage: {constraint.stage} ({constraint.rule})",
            f"It converts {_p(constraint.conversion, locale)}; target floor "
            f"{_p(constraint.target_low, locale)}",
        ]
        if constraint.wins_uplift is not None:
            lines.append(
                "Reaching the floor alone adds "
                f"{_p(constraint.wins_uplift.quantize(Decimal('0.001')), locale)} won deals"
            )
    tone = "bad" if constraint is not None else "good"
    return Report.of(table, Lines(lines, tone))


def forecast(result: design.Forecast, locale: str) -> Report:
    """Each deal weighted by its stage's probability, then the total per close month."""
    deals = Table(
        [
            "Deal",
            "Stage",
            right("Amount"),
            right("Probability"),
            right("Weighted"),
            right("Close"),
        ],
        [
            [
                deal.name,
                deal.stage,
                _m(deal.amount, locale),
                _p(deal.probability, locale),
                _m(deal.weighted, locale),
                deal.expected_close,
            ]
            for deal in result.deals
        ],
    )
    months = Table(
        ["Month", right("Weighted forecast")],
        [
            *([month, _m(value, locale)] for month, value in result.by_month.items()),
            ["Total", _m(result.total, locale)],
        ],
    )
    return Report.of(deals, months, *_warnings(result.warnings))


def aging(analysis: DesignAnalysis) -> Table:
    locale = analysis.line.locale
    return Table(
        ["Stage", right("Deals"), right("Median days"), right("75th percentile"), "Flagged"],
        [
            [
                row.stage,
                str(row.deals),
                _n(row.median_days, locale),
                _n(row.p75_days, locale),
                status(", ".join(row.flagged), "warn") if row.flagged else "-",
            ]
            for row in analysis.aging
        ],
    )


def moments(analysis: DesignAnalysis) -> Report:
    review, locale = analysis.moments, analysis.line.locale

    def reading(row: design.MomentRow) -> str:
        if row.problem_type == "conversion":
            return _p(row.reading, locale)
        return _n(row.reading, locale)

    table = Table(
        ["Moment", "Stage", "Type", "Shows up at", right("Now"), "Status"],
        [
            [
                row.name,
                row.stage,
                row.problem_type,
                SHOWS_UP_AT[row.shows_up_at] if row.shows_up_at else "-",
                reading(row),
                _status(row.status),
            ]
            for row in review.moments
        ],
    )
    return Report.of(table, *_warnings(review.warnings))


def live(analysis: DesignAnalysis) -> Report:
    """The short result the workshop form refreshes on every change."""
    locale = analysis.line.locale
    review, plan = analysis.review, analysis.plan
    constraint = review.constraint
    overall = review.overall_conversion.quantize(Decimal("0.0001"))
    gaps = analysis.gaps
    summary = Table(
        ["Result", right("Value")],
        [
            [f"End-to-end conversion {review.period}", _p(overall, locale)],
            ["Days through the funnel", _n(review.cycle_days, locale)],
            [
                "Constrained stage",
                status(f"{constraint.stage} ({constraint.rule})", "bad")
                if constraint
                else status("none", "good"),
            ],
            ["Growth still to find", _m(gaps.gap, locale)],
            [
                f"{plan.stages[0].stage} needed at the overall win rate",
                _n(plan.required_qualified, locale),
            ],
            ["Pipeline value needed", _m(plan.pipeline_value, locale)],
        ],
    )
    stages = Table(
        ["Stage", right("Target (rounded up)")],
        [[target.stage, str(target.required)] for target in plan.stages],
        title="Target stack",
    )
    return Report.of(summary, stages, *_warnings(analysis.warnings))
