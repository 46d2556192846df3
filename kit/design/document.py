"""The production-line design workbook: growth plan, motion, funnel, targets and forecast.

The workbook is the team's own plan, never a customer's reading: it is registered as an
internal document, so every page says so. Every money figure in it is a plan figure and is
printed in whole units; percentages carry one decimal at most. Sections with nothing to say
(no benchmarks, no open pipeline, no moments, no inconsistencies) are left out and the others
are numbered in order, so a sparse file gives a short workbook rather than a page of dashes.

The context holds display-ready strings only, formatted for the file's locale, so the Word
template carries no arithmetic and a designer can restyle it without touching a figure. Every
figure comes from the run's one :class:`~kit.design.calculations.DesignAnalysis`; the charts are
drawn once per distinct input and shared with the notebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.dates import format_date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit import charts, formatting
from kit.design import calculations as design
from kit.design import charts as design_charts
from kit.design.calculations import DesignAnalysis
from kit.design.model import MotionBand, ProductionLine
from kit.document import Chart, Content, Properties, place_logo, section_numbers
from kit.types import Money

TITLE = "Production-line design"
TIMES = "\N{MULTIPLICATION SIGN}"
DASH = "\N{EN DASH}"
NONE = "\N{EM DASH}"
HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")
PERCENT_PLACES = 1
STATUS = {"below": "Below", "within": "Within", "above": "Above"}
SHOWS_UP_AT = {
    "decision": "Buyer decision",
    "slowdown": "Slowdown",
    "handoff": "Handoff",
    "quality": "Quality drop",
}
LEVERS = (
    ("Acquisition spend per customer", "acquisition_spend"),
    ("Human effort per deal", "human_effort"),
    ("Standardisation", "standardisation"),
    ("Automation", "automation"),
)
FLOWS = (
    ("Demand enters", "demand_entry"),
    ("Becomes a qualified opportunity", "qualification"),
    ("Becomes a customer", "conversion"),
    ("Reaches value and stays", "value_and_retention"),
)
SECTIONS = (
    "growth",
    "motion",
    "funnel",
    "stack",
    "benchmarks",
    "throughput",
    "forecast",
    "aging",
    "moments",
    "checks",
)


def workbook(analysis: DesignAnalysis) -> Content:
    """The design workbook for the team, formatted for the file's locale."""
    line = analysis.line
    loc = line.locale
    context = _context(analysis)
    images = {
        "growth_chart": Chart(growth_chart(analysis.gaps, loc), width_mm=None),
        "funnel_chart": Chart(
            funnel_chart(analysis.review, analysis.benchmarks, loc), width_mm=None
        ),
    }
    if analysis.forecast.deals:
        images["forecast_chart"] = Chart(forecast_chart(analysis.forecast, loc), width_mm=None)
    else:
        context["forecast_chart"] = ""
    place_logo(line.logo, context, images)
    return Content(
        context,
        images,
        Properties(
            f"{TITLE}: {line.company}",
            line.company,
            "Production-line design workbook, for the team's own planning",
            line.date,
        ),
    )


def _context(analysis: DesignAnalysis) -> dict[str, Any]:
    line = analysis.line
    loc = line.locale
    present = {
        "benchmarks": bool(analysis.benchmarks),
        "forecast": bool(analysis.forecast.deals),
        "aging": bool(analysis.aging),
        "moments": bool(analysis.moments.moments),
        "checks": bool(analysis.warnings),
    }
    numbers = section_numbers([(name, present.get(name, True)) for name in SECTIONS])
    return {
        "doc": {
            "title": TITLE,
            "company": line.company,
            "date": formatting.date(line.date, loc),
            "horizon": formatting.count(line.horizon_months, "month"),
            "period": line.funnel.period,
            "audience": f"Planning workbook for the team at {line.company}; not for customers.",
        },
        "n": numbers,
        "growth": _growth(analysis.gaps, loc),
        "motion": _motion(line, analysis.motion),
        "funnel": _funnel(analysis.review, loc, numbers["throughput"]),
        "stack": _stack(line, analysis.plan),
        "benchmarks": _benchmarks(analysis.benchmarks, loc),
        "throughput": _throughput(analysis.review, loc),
        "forecast": _forecast(analysis.forecast, loc),
        "aging": _aging(analysis.aging, loc),
        "moments": _moments(analysis.moments, loc),
        "checks": analysis.warnings,
    }


def _whole(value: Money) -> Money:
    """``value`` rounded half up to whole units, so printed rows and their totals add up."""
    return Money(amount=value.amount.quantize(Decimal(1), ROUND_HALF_UP), currency=value.currency)


def _money(value: Money, loc: str) -> str:
    return formatting.whole_money(value, loc)


def _count(value: Decimal | int, loc: str, step: Decimal = HUNDREDTH) -> str:
    """A record count: exact where whole, otherwise to ``step`` (counts divided by rates)."""
    return formatting.number(Decimal(value).quantize(step, ROUND_HALF_UP), loc)


def _pct(value: Decimal | None, loc: str) -> str:
    return NONE if value is None else formatting.percent(value, loc, places=PERCENT_PLACES)


def _range(low: Decimal, high: Decimal, loc: str) -> str:
    return f"{_pct(low, loc)}{DASH}{_pct(high, loc)}"


def month_label(month: str, loc: str) -> str:
    """``2026-05`` as the locale writes a month, e.g. ``May 2026`` or ``Mai 2026``."""
    year, number = month.split("-")
    return format_date(dt.date(int(year), int(number), 1), format="MMM y", locale=loc)


def _growth(gaps: design.GrowthGaps, loc: str) -> dict[str, Any]:
    components = [
        {
            "name": part.name.capitalize(),
            "baseline": _money(part.baseline, loc),
            "target": _money(part.target, loc),
            "gap": _money(part.gap, loc),
            "share": _pct(part.share_of_growth, loc),
            "conditions": part.what_must_be_true,
            "constraint": part.biggest_constraint,
        }
        for part in gaps.components
    ]
    grows = any(part.share_of_growth is not None for part in gaps.components)
    if gaps.unallocated.amount == 0:
        split = "The three component targets add up to the plan target."
    else:
        split = (
            f"The three component targets add up to {_money(gaps.components_target, loc)}, "
            f"which differs from the plan target by {_money(gaps.unallocated, loc)}."
        )
    return {
        "horizon": formatting.count(gaps.horizon_months, "month"),
        "components": components,
        "totals": [
            {
                "name": "All components",
                "baseline": _money(gaps.baseline, loc),
                "target": _money(gaps.components_target, loc),
                "gap": _money(gaps.components_target - gaps.baseline, loc),
                "share": _pct(Decimal(1), loc) if grows else NONE,
            }
        ],
        "target": _money(gaps.target, loc),
        "split": split,
    }


def _motion(line: ProductionLine, profile: design.MotionProfile) -> dict[str, Any]:
    """The motion's two inputs, the profile they fall into, and what the profile implies.

    A profile that sets no range of customers per year (its minimum 0, no maximum) holds any
    number of them; when no profile sets one, the profiles are told apart by contract value
    alone and the customers column, which would read "any number" on every row, is left out.
    """
    loc = line.locale
    band = profile.band
    bands = line.motion.bands
    by_customers = any(_bounds_customers(b) for b in bands)
    flow = line.motion.flow
    inputs = [
        {"label": "Average contract value (ACV)", "value": _money(profile.acv, loc)},
        {
            "label": "New customers needed per year",
            "value": formatting.number(profile.customers_per_year, loc),
        },
        {
            "label": f"New revenue per year (ACV {TIMES} customers)",
            "value": _money(profile.annual_new_revenue, loc),
        },
    ]
    if band:
        inputs.append({"label": "Motion profile", "value": band.name})
    if not bands:
        basis = ""
    elif by_customers:
        basis = (
            "Each profile covers a range of contract values and a range of new customers per "
            "year; the motion sits in the one that holds both of its inputs."
        )
    else:
        basis = (
            "The profiles are told apart by contract value alone: none of them limits the "
            "number of new customers per year."
        )
    return {
        "inputs": inputs,
        "band": band.name if band else "",
        "basis": basis,
        "by_customers": by_customers,
        "levers": [{"lever": label, "answer": getattr(band, name)} for label, name in LEVERS]
        if band
        else [],
        "bands": [
            {
                "name": b.name,
                "acv": _acv_range(b, loc),
                "customers": _customers_range(b, loc),
                "applies": "Yes" if b is band else "No",
            }
            for b in bands
        ],
        "flows": [
            {"flow": label, "how": getattr(flow, name)}
            for label, name in FLOWS
            if getattr(flow, name)
        ],
    }


def _bounds_customers(band: MotionBand) -> bool:
    return band.customers_min > 0 or band.customers_max is not None


def _acv_range(band: MotionBand, loc: str) -> str:
    low = _money(band.acv_min, loc)
    if band.acv_max is None:
        return f"{low} or more"
    high = _money(band.acv_max, loc)
    return f"Under {high}" if band.acv_min.amount == 0 else f"{low} to under {high}"


def _customers_range(band: MotionBand, loc: str) -> str:
    """Whole customers: a maximum is excluded, so a band up to 200 holds 199 at most."""
    low, high = band.customers_min, band.customers_max
    if high is None:
        return "Any number" if low == 0 else f"{formatting.number(low, loc)} or more"
    if low == 0:
        return f"Fewer than {formatting.number(high, loc)}"
    return f"{formatting.number(low, loc)} to {formatting.number(high - 1, loc)}"


def _funnel(review: design.FunnelReview, loc: str, throughput_section: str) -> dict[str, Any]:
    first, last = review.stages[0], review.stages[-1]
    caption = "Bar widths follow the square root of the volume so late stages stay readable."
    if review.constraint:
        caption += (
            f" {review.constraint.stage} is drawn in orange: it is the constrained stage "
            f"(section {throughput_section})."
        )
    return {
        "period": review.period,
        "stages": [
            {
                "stage": flow.stage,
                "volume": formatting.number(flow.inputs, loc),
                "conversion": _pct(flow.conversion, loc),
                "days": _count(flow.days, loc, TENTH),
            }
            for flow in review.stages
        ],
        "overall": f"{first.stage} → {last.stage}: {_pct(review.overall_conversion, loc)}",
        "cycle_days": _count(review.cycle_days, loc, TENTH),
        "slowest": review.slowest_stage,
        "caption": caption,
    }


def _stack(line: ProductionLine, plan: design.StackPlan) -> dict[str, Any]:
    """The target stack, with the entry stage's two pipeline values told apart.

    1.2 gives the pipeline an exact number of qualified opportunities (535.71 in the example);
    the stage table plans whole records (536). Both pipeline values are right for what they
    count, so the workbook prints each under its own label and says where the difference
    comes from, instead of leaving two nearly equal figures side by side.
    """
    loc = line.locale
    stack = line.target_stack
    rates = [None, *(stage.conversion for stage in stack.stages)]
    entry = plan.stages[0]
    entry_value = plan.average_deal_size * entry.required
    exact = _count(plan.required_qualified, loc)
    difference = _whole(entry_value) - _whole(plan.pipeline_value)
    reconcile = (
        f"The stage table plans whole records: {formatting.number(entry.required, loc)} "
        f"{stack.entry_stage} opportunities at {_money(plan.average_deal_size, loc)} make "
        f"{_money(entry_value, loc)}. The pipeline value needed above, "
        f"{_money(plan.pipeline_value, loc)}, is for exactly {exact}; the "
        f"{_money(difference, loc)} between the two comes from rounding up to whole "
        "opportunities."
        if difference.amount > 0
        else ""
    )
    return {
        "entry": stack.entry_stage,
        "layers": [
            {"label": "Revenue target", "value": _money(plan.revenue_target, loc)},
            {"label": "Average deal size", "value": _money(plan.average_deal_size, loc)},
            {"label": "Won deals needed", "value": _count(plan.required_wins, loc)},
            {
                "label": f"Overall win rate from {stack.entry_stage}",
                "value": _pct(plan.win_rate, loc),
            },
            {"label": f"{stack.entry_stage} opportunities needed", "value": exact},
            {
                "label": f"Pipeline value needed ({exact} {TIMES} "
                f"{_money(plan.average_deal_size, loc)})",
                "value": _money(plan.pipeline_value, loc),
            },
            {
                "label": "Coverage of the revenue target",
                "value": f"{_count(plan.coverage, loc, TENTH)}{TIMES}",
            },
        ],
        "formula": (
            f"{_money(plan.revenue_target, loc)} ÷ ({_money(plan.average_deal_size, loc)} {TIMES} "
            f"{_pct(plan.win_rate, loc)}) = {exact}"
        ),
        "win_rate": _pct(plan.win_rate, loc),
        "rate_product": _pct(plan.stage_rate_product, loc),
        "stages": [
            {
                "stage": target.stage,
                "conversion": _pct(rate, loc),
                "exact": _count(target.expected, loc),
                "required": formatting.number(target.required, loc),
                "value": _money(plan.average_deal_size * target.required, loc),
            }
            for target, rate in zip(plan.stages, rates, strict=True)
        ],
        "reconcile": reconcile,
    }


def _benchmarks(rows: list[design.BenchmarkRow], loc: str) -> dict[str, Any]:
    return {
        "rows": [
            {
                "step": row.step,
                "baseline": _pct(row.baseline, loc),
                "baseline_status": STATUS[row.baseline_status],
                "target": _range(row.target_low, row.target_high, loc),
                "current": _pct(row.current, loc),
                "status": STATUS[row.current_status],
                "guardrail": row.guardrail or NONE,
            }
            for row in rows
        ],
        "actions": [
            f"{row.step}: {row.action or 'agree what the team changes at this step.'}"
            for row in rows
            if row.current_status == "below"
        ],
    }


def _throughput(review: design.FunnelReview, loc: str) -> dict[str, Any]:
    def verdict(flow: design.StageFlow) -> str:
        if flow.constrained is None:
            return NONE
        return "Constrained" if flow.constrained else "Flowing"

    def count(value: Decimal | int | None) -> str:
        return NONE if value is None else _count(value, loc, TENTH)

    first, last = review.stages[0], review.stages[-1]
    compared = any(flow.previous_throughput is not None for flow in review.stages)
    return {
        "period": review.period,
        "previous_period": review.previous_period or "previous period",
        "compared": compared,
        "rows": [
            {
                "stage": flow.stage,
                "inputs_before": count(flow.previous_inputs),
                "inputs": count(flow.inputs),
                "out_before": count(flow.previous_throughput),
                "out": count(flow.throughput),
                "verdict": verdict(flow),
            }
            for flow in review.stages[:-1]
        ],
        "motion": _motion_verdict(review, first, last, loc),
        "constraint": _constraint(review.constraint, loc),
        "slowest": (
            f"{review.slowest_stage} holds records longest of all stages; a full pass through "
            f"the funnel takes {formatting.count(_days(review.cycle_days), 'day')} on average."
        ),
    }


def _days(value: Decimal) -> Decimal | int:
    """Days to one decimal, as a whole number when they are whole (for ``count``)."""
    rounded = value.quantize(TENTH, ROUND_HALF_UP)
    return int(rounded) if rounded == rounded.to_integral_value() else rounded


def _motion_verdict(
    review: design.FunnelReview, first: design.StageFlow, last: design.StageFlow, loc: str
) -> str:
    if review.motion_constrained is None:
        return (
            "No previous period is given, so whether more input brings more output cannot be "
            "tested yet."
        )
    change = (
        f"{first.stage} rose from {_count(first.previous_inputs or 0, loc)} to "
        f"{_count(first.inputs, loc)} while {last.stage} went from "
        f"{_count(last.previous_inputs or 0, loc)} to {_count(last.inputs, loc)}"
        if first.inputs > (first.previous_inputs or 0)
        else f"{first.stage} did not rise ({_count(first.previous_inputs or 0, loc)} to "
        f"{_count(first.inputs, loc)})"
    )
    if review.motion_constrained:
        return f"{change}: more went in, no more came out, so the motion is constrained."
    return f"{change}: the motion is not constrained on this test."


def _constraint(constraint: design.Constraint | None, loc: str) -> dict[str, str]:
    if constraint is None:
        return {
            "stage": "",
            "why": "No stage is constrained: none lost throughput while its inputs rose, and "
            "none converts below the floor of its target range.",
            "uplift": "",
        }
    why = (
        "its inputs rose while what it passed on did not"
        if constraint.rule == "inputs rose, throughput did not"
        else "it sits furthest below the floor of its target range"
    )
    floor = (
        f" against a target floor of {_pct(constraint.target_low, loc)}"
        if constraint.target_low is not None
        else ""
    )
    uplift = (
        f"+{_pct(constraint.wins_uplift, loc)} won deals if this stage alone reached its "
        "target floor."
        if constraint.wins_uplift is not None
        else "Not known: the stage has no benchmark to aim for."
    )
    return {
        "stage": constraint.stage,
        "why": f"Named because {why}; it converts {_pct(constraint.conversion, loc)}{floor}.",
        "uplift": uplift,
    }


def _forecast(forecast: design.Forecast, loc: str) -> dict[str, Any]:
    """Weighted values in whole units; every total is the sum of the rows printed above it."""
    deals = sorted(forecast.deals, key=lambda d: d.expected_close)
    zero = Money.zero(forecast.total.currency)
    months: dict[str, tuple[int, Money]] = {}
    for deal in deals:
        number, value = months.get(deal.expected_close, (0, zero))
        months[deal.expected_close] = (number + 1, value + _whole(deal.weighted))
    total = sum((_whole(deal.weighted) for deal in deals), zero)
    amount = sum((_whole(deal.amount) for deal in deals), zero)
    return {
        "deals": [
            {
                "name": deal.name,
                "stage": deal.stage,
                "amount": _money(deal.amount, loc),
                "probability": _pct(deal.probability, loc),
                "weighted": _money(deal.weighted, loc),
                "month": month_label(deal.expected_close, loc),
            }
            for deal in deals
        ],
        "deal_totals": [
            {
                "name": formatting.count(len(deals), "deal"),
                "stage": "",
                "amount": _money(amount, loc),
                "probability": "",
                "weighted": _money(total, loc),
                "month": "",
            }
        ],
        "months": [
            {
                "month": month_label(month, loc),
                "deals": formatting.number(number, loc),
                "weighted": _money(value, loc),
            }
            for month, (number, value) in months.items()
        ],
        "month_totals": [
            {
                "month": "Total",
                "deals": formatting.number(len(deals), loc),
                "weighted": _money(total, loc),
            }
        ],
    }


def _aging(rows: list[design.StageAging], loc: str) -> list[dict[str, str]]:
    return [
        {
            "stage": row.stage,
            "deals": formatting.number(row.deals, loc),
            "median": _count(row.median_days, loc),
            "p75": _count(row.p75_days, loc),
            "flagged": ", ".join(row.flagged) or NONE,
        }
        for row in rows
    ]


def _reading(row: design.MomentRow, loc: str) -> str:
    if row.reading is None:
        return NONE
    if row.problem_type == "conversion":
        return _pct(row.reading, loc)
    if row.problem_type == "time":
        return formatting.count(_days(row.reading), "day")
    return formatting.number(row.reading, loc)


def _moments(review: design.MomentsReview, loc: str) -> list[dict[str, str]]:
    return [
        {
            "name": row.name,
            "stage": row.stage,
            "type": row.problem_type.capitalize(),
            "where": SHOWS_UP_AT[row.shows_up_at] if row.shows_up_at else NONE,
            "metric": row.metric,
            "reading": _reading(row, loc),
            "status": STATUS[row.status] if row.status else NONE,
        }
        for row in review.moments
    ]


# --- Charts ----------------------------------------------------------------------------------


def _ticks(loc: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _: formatting.number(Decimal(round(value)), loc))


@charts.remembered
def funnel_chart(
    review: design.FunnelReview, benchmarks: Sequence[design.BenchmarkRow], loc: str
) -> Figure:
    """This period's funnel, with each step's conversion and target range beside it."""
    marks = {row.stage: row for row in benchmarks}
    constrained = review.constraint.stage if review.constraint else None
    bars = []
    for flow in review.stages:
        step = ""
        if flow.conversion is not None:
            mark = marks.get(flow.stage)
            target = f" (target {_range(mark.target_low, mark.target_high, loc)})" if mark else ""
            step = f"{_pct(flow.conversion, loc)}{target}"
        bars.append(
            design_charts.FunnelBar(
                stage=flow.stage,
                volume=float(flow.inputs),
                label=formatting.number(flow.inputs, loc),
                step=step,
                constrained=flow.stage == constrained,
            )
        )
    title = f"Funnel {review.period}: volume per stage, conversion to the next"
    return design_charts.funnel(bars, title)


@charts.remembered
def growth_chart(gaps: design.GrowthGaps, loc: str) -> Figure:
    """Today against target for each growth component, gap written beside the target bar."""
    bars = [
        design_charts.GrowthBar(
            component=part.name.capitalize(),
            baseline=float(part.baseline.amount),
            target=float(part.target.amount),
            gap_label=f"gap {_money(part.gap, loc)}",
        )
        for part in gaps.components
    ]
    figure = design_charts.growth(
        bars,
        f"Growth plan over {formatting.count(gaps.horizon_months, 'month')}",
        f"Revenue ({gaps.target.currency})",
    )
    figure.axes[0].xaxis.set_major_formatter(_ticks(loc))
    return figure


@charts.remembered
def forecast_chart(forecast: design.Forecast, loc: str) -> Figure:
    """Weighted forecast per expected close month, stacked by the deals' stages."""
    months = list(forecast.by_month)
    stacks = []
    for stage in forecast.stages:
        values = [
            float(
                sum(
                    (
                        d.weighted.amount
                        for d in forecast.deals
                        if d.stage == stage and d.expected_close == month
                    ),
                    Decimal(0),
                )
            )
            for month in months
        ]
        if any(values):
            stacks.append((stage, values))
    zero = Money.zero(forecast.total.currency)
    totals = [
        sum((_whole(d.weighted) for d in forecast.deals if d.expected_close == month), zero)
        for month in months
    ]
    figure = design_charts.forecast(
        [month_label(month, loc) for month in months],
        stacks,
        [_money(value, loc) for value in totals],
        "Weighted forecast by expected close month",
        f"Weighted value ({forecast.total.currency})",
    )
    figure.axes[0].yaxis.set_major_formatter(_ticks(loc))
    return figure
