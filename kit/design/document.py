"""The production-line design workbook: growth plan, motion, funnel, targets and forecast.

The context holds display-ready strings only, formatted for the file's locale, so the Word
template carries no arithmetic and a designer can restyle it without touching a figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from babel.dates import format_date
from matplotlib.ticker import FuncFormatter

from kit import charts, formatting
from kit.design import calculations as design
from kit.design import charts as design_charts
from kit.design.model import ProductionLine
from kit.paths import output_dir
from kit.render import Chart, Properties, publish
from kit.types import Money

TEMPLATE = "design.docx"
EXAMPLE = "examples/production-line.yaml"
VARIABLES = frozenset(
    {
        "doc",
        "growth",
        "growth_chart",
        "motion",
        "funnel",
        "funnel_chart",
        "stack",
        "benchmarks",
        "throughput",
        "forecast",
        "forecast_chart",
        "aging",
        "moments",
        "checks",
    }
)
TITLE = "Production-line design"
TIMES = "\N{MULTIPLICATION SIGN}"
DASH = "\N{EN DASH}"
HUNDREDTH = Decimal("0.01")
TENTH = Decimal("0.1")
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


@dataclass(frozen=True)
class _Analysis:
    """Every design result the workbook reads, computed once per render."""

    gaps: design.GrowthGaps
    plan: design.StackPlan
    review: design.FunnelReview
    forecast: design.Forecast
    moments: design.MomentsReview


def _analyse(line: ProductionLine) -> _Analysis:
    return _Analysis(
        gaps=design.growth_gaps(line),
        plan=design.target_stack(line.target_stack),
        review=design.inputs_vs_throughput(line),
        forecast=design.weighted_forecast(line),
        moments=design.moments_that_matter(line),
    )


def context_for(line: ProductionLine) -> dict[str, Any]:
    """Every value the workbook template reads, formatted for the file's locale."""
    return _context(line, _analyse(line))


def _context(line: ProductionLine, analysis: _Analysis) -> dict[str, Any]:
    """The context from already computed results, so ``render`` computes them once."""
    loc = line.locale
    gaps, plan, review = analysis.gaps, analysis.plan, analysis.review
    forecast, moments = analysis.forecast, analysis.moments
    warnings = gaps.warnings + plan.warnings + forecast.warnings + moments.warnings
    return {
        "doc": {
            "title": TITLE,
            "company": line.company,
            "date": formatting.date(line.date, loc),
            "horizon": f"{line.horizon_months} months",
            "period": line.funnel.period,
            "currency": line.currency,
        },
        "growth": _growth(gaps, loc),
        "motion": _motion(line),
        "funnel": _funnel(line, review),
        "stack": _stack(line, plan),
        "benchmarks": _benchmarks(line),
        "throughput": _throughput(review, loc),
        "forecast": _forecast(forecast, loc),
        "aging": _aging(line),
        "moments": _moments(moments, loc),
        "checks": warnings or ["No inconsistencies found in the figures."],
    }


def _money(value: Money, loc: str) -> str:
    return formatting.money(value, loc)


def _count(value: Decimal | int, loc: str, step: Decimal = HUNDREDTH) -> str:
    """A record count: exact where whole, otherwise to ``step`` (counts divided by rates)."""
    return formatting.number(Decimal(value).quantize(step), loc)


def _pct(value: Decimal | None, loc: str) -> str:
    return "—" if value is None else formatting.percent(value, loc)


def _range(low: Decimal, high: Decimal, loc: str) -> str:
    return f"{formatting.percent(low, loc)}{DASH}{formatting.percent(high, loc)}"


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
    if gaps.unallocated.amount == 0:
        split = "The three component targets add up to the plan target."
    else:
        split = (
            f"The three component targets add up to {_money(gaps.components_target, loc)}, "
            f"which differs from the plan target by {_money(gaps.unallocated, loc)}."
        )
    return {
        "horizon": f"{gaps.horizon_months} months",
        "components": components,
        "baseline": _money(gaps.baseline, loc),
        "components_target": _money(gaps.components_target, loc),
        "components_gap": _money(gaps.components_target - gaps.baseline, loc),
        "target": _money(gaps.target, loc),
        "gap": _money(gaps.gap, loc),
        "split": split,
    }


def _motion(line: ProductionLine) -> dict[str, Any]:
    loc = line.locale
    profile = design.motion_profile(line)
    band = profile.band
    flow = line.motion.flow
    return {
        "inputs": [
            {"label": "Average contract value (ACV)", "value": _money(profile.acv, loc)},
            {
                "label": "New customers needed per year",
                "value": formatting.number(profile.customers_per_year, loc),
            },
            {
                "label": f"New revenue per year (ACV {TIMES} customers)",
                "value": _money(profile.annual_new_revenue, loc),
            },
            {"label": "Motion profile", "value": band.name if band else "No profile defined"},
        ],
        "band": band.name if band else "No profile defined",
        "levers": [
            {"lever": label, "answer": getattr(band, name) if band else "Not decided yet"}
            for label, name in LEVERS
        ],
        "bands": [
            {
                "name": b.name,
                "acv": _band_range(_money(b.acv_min, loc), b.acv_max and _money(b.acv_max, loc)),
                "customers": _band_range(
                    formatting.number(b.customers_min, loc),
                    b.customers_max and formatting.number(b.customers_max, loc),
                ),
                "applies": "Yes" if b is band else "No",
            }
            for b in line.motion.bands
        ]
        or [{"name": "No profiles defined", "acv": "—", "customers": "—", "applies": "—"}],
        "flows": [
            {"flow": label, "how": getattr(flow, name) or "Not described yet"}
            for label, name in FLOWS
        ],
    }


def _band_range(low: str, high: str | None) -> str:
    return f"{low} to under {high}" if high else f"{low} or more"


def _funnel(line: ProductionLine, review: design.FunnelReview) -> dict[str, Any]:
    loc = line.locale
    first, last = review.stages[0], review.stages[-1]
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
        "caption": (
            "Bar widths follow the square root of the volume so late stages stay readable. "
            f"{review.constraint.stage} is drawn in orange: it is the constrained stage "
            "(section 6)."
            if review.constraint
            else "Bar widths follow the square root of the volume so late stages stay readable."
        ),
    }


def _stack(line: ProductionLine, plan: design.StackPlan) -> dict[str, Any]:
    loc = line.locale
    stack = line.target_stack
    rates = [None, *(stage.conversion for stage in stack.stages)]
    return {
        "layers": [
            {"label": "Revenue target", "value": _money(plan.revenue_target, loc)},
            {"label": "Average deal size", "value": _money(plan.average_deal_size, loc)},
            {"label": "Won deals needed", "value": _count(plan.required_wins, loc)},
            {
                "label": f"Overall win rate from {stack.entry_stage}",
                "value": _pct(plan.win_rate, loc),
            },
            {
                "label": f"{stack.entry_stage} opportunities needed",
                "value": _count(plan.required_qualified, loc),
            },
            {"label": "Pipeline value needed", "value": _money(plan.pipeline_value, loc)},
            {
                "label": "Coverage of the revenue target",
                "value": f"{_count(plan.coverage, loc, TENTH)}{TIMES}",
            },
        ],
        "formula": (
            f"{_money(plan.revenue_target, loc)} ÷ ({_money(plan.average_deal_size, loc)} {TIMES} "
            f"{_pct(plan.win_rate, loc)}) = {_count(plan.required_qualified, loc)}"
        ),
        "win_rate": _pct(plan.win_rate, loc),
        "rate_product": _pct(plan.stage_rate_product.quantize(Decimal("0.0001")), loc),
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
    }


def _benchmarks(line: ProductionLine) -> dict[str, Any]:
    loc = line.locale
    rows = design.compare_benchmarks(line)
    return {
        "rows": [
            {
                "step": row.step,
                "baseline": _pct(row.baseline, loc),
                "baseline_status": STATUS[row.baseline_status],
                "target": _range(row.target_low, row.target_high, loc),
                "current": _pct(row.current, loc),
                "status": STATUS[row.current_status],
                "guardrail": row.guardrail or "—",
            }
            for row in rows
        ]
        or [
            {
                "step": "No benchmarks set",
                "baseline": "—",
                "baseline_status": "—",
                "target": "—",
                "current": "—",
                "status": "—",
                "guardrail": "—",
            }
        ],
        "actions": [
            f"{row.step}: {row.action or 'agree what the team changes at this step.'}"
            for row in rows
            if row.current_status == "below"
        ]
        or [
            "Every benchmarked step is at or above the floor of its target range."
            if rows
            else "No benchmarks are set, so no step is compared yet."
        ],
    }


def _throughput(review: design.FunnelReview, loc: str) -> dict[str, Any]:
    def verdict(flow: design.StageFlow) -> str:
        if flow.constrained is None:
            return "—"
        return "Constrained" if flow.constrained else "Flowing"

    def count(value: Decimal | int | None) -> str:
        return "—" if value is None else _count(value, loc, TENTH)

    first, last = review.stages[0], review.stages[-1]
    return {
        "period": review.period,
        "previous_period": review.previous_period or "previous period",
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
            f"the funnel takes {_count(review.cycle_days, loc, TENTH)} days on average."
        ),
    }


def _motion_verdict(
    review: design.FunnelReview, first: design.StageFlow, last: design.StageFlow, loc: str
) -> str:
    if review.motion_constrained is None:
        return "No previous period is given, so the end-to-end test cannot run yet."
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
            "stage": "None",
            "why": "No stage lost throughput while its inputs rose, and none converts below "
            "the floor of its target range.",
            "uplift": "—",
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
        f"+{_pct(constraint.wins_uplift.quantize(Decimal('0.001')), loc)} won deals if this "
        "stage alone reached its target floor"
        if constraint.wins_uplift is not None
        else "Not known: the stage has no benchmark to aim for."
    )
    return {
        "stage": constraint.stage,
        "why": f"Named because {why}; it converts {_pct(constraint.conversion, loc)}{floor}.",
        "uplift": uplift,
    }


def _forecast(forecast: design.Forecast, loc: str) -> dict[str, Any]:
    count: dict[str, int] = {}
    for deal in forecast.deals:
        count[deal.expected_close] = count.get(deal.expected_close, 0) + 1
    zero = forecast.total - forecast.total
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
            for deal in sorted(forecast.deals, key=lambda d: d.expected_close)
        ]
        or [
            {
                "name": "No open deals",
                "stage": "—",
                "amount": "—",
                "probability": "—",
                "weighted": "—",
                "month": "—",
            }
        ],
        "amount_total": _money(sum((d.amount for d in forecast.deals), zero), loc),
        "total": _money(forecast.total, loc),
        "months": [
            {
                "month": month_label(month, loc),
                "deals": formatting.number(count[month], loc),
                "weighted": _money(value, loc),
            }
            for month, value in forecast.by_month.items()
        ],
        "deal_count": formatting.number(len(forecast.deals), loc),
    }


def _aging(line: ProductionLine) -> list[dict[str, str]]:
    loc = line.locale
    return [
        {
            "stage": row.stage,
            "deals": formatting.number(row.deals, loc),
            "median": _count(row.median_days, loc),
            "p75": _count(row.p75_days, loc),
            "flagged": ", ".join(row.flagged) or "None",
        }
        for row in design.stage_aging(line)
    ] or [{"stage": "No open deals", "deals": "—", "median": "—", "p75": "—", "flagged": "—"}]


def _reading(row: design.MomentRow, loc: str) -> str:
    if row.reading is None:
        return "—"
    if row.problem_type == "conversion":
        return _pct(row.reading, loc)
    if row.problem_type == "time":
        return f"{_count(row.reading, loc, TENTH)} days"
    return formatting.number(row.reading, loc)


def _moments(review: design.MomentsReview, loc: str) -> list[dict[str, str]]:
    return [
        {
            "name": row.name,
            "stage": row.stage,
            "type": row.problem_type.capitalize(),
            "where": SHOWS_UP_AT[row.shows_up_at] if row.shows_up_at else "—",
            "metric": row.metric,
            "reading": _reading(row, loc),
            "status": STATUS[row.status] if row.status else "—",
        }
        for row in review.moments
    ] or [
        {
            "name": "None listed yet",
            "stage": "—",
            "type": "—",
            "where": "—",
            "metric": "—",
            "reading": "—",
            "status": "—",
        }
    ]


# --- Charts ----------------------------------------------------------------------------------


def _ticks(loc: str) -> FuncFormatter:
    return FuncFormatter(lambda value, _: formatting.number(Decimal(round(value)), loc))


def funnel_chart(line: ProductionLine, review: design.FunnelReview | None = None) -> bytes:
    """This period's funnel, with each step's conversion and target range beside it."""
    loc = line.locale
    review = review or design.inputs_vs_throughput(line)
    marks = {mark.stage: mark for mark in line.benchmarks}
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
    return charts.to_png(design_charts.funnel(bars, title))


def growth_chart(line: ProductionLine, gaps: design.GrowthGaps | None = None) -> bytes:
    """Today against target for each growth component, gap written beside the target bar."""
    loc = line.locale
    gaps = gaps or design.growth_gaps(line)
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
        bars, f"Growth plan over {gaps.horizon_months} months", f"Revenue ({line.currency})"
    )
    figure.axes[0].xaxis.set_major_formatter(_ticks(loc))
    return charts.to_png(figure)


def forecast_chart(line: ProductionLine, forecast: design.Forecast | None = None) -> bytes:
    """Weighted forecast per expected close month, stacked by the deals' stages."""
    loc = line.locale
    forecast = forecast or design.weighted_forecast(line)
    months = list(forecast.by_month)
    stages = [item.stage for item in line.stage_probabilities]
    stacks = []
    for stage in stages:
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
    figure = design_charts.forecast(
        [month_label(month, loc) for month in months],
        stacks,
        [_money(value, loc) for value in forecast.by_month.values()],
        "Weighted forecast by expected close month",
        f"Weighted value ({line.currency})",
    )
    figure.axes[0].yaxis.set_major_formatter(_ticks(loc))
    return charts.to_png(figure)


def charts_for(line: ProductionLine) -> dict[str, Chart]:
    return _charts(line, _analyse(line))


def _charts(line: ProductionLine, analysis: _Analysis) -> dict[str, Chart]:
    return {
        "growth_chart": Chart(growth_chart(line, analysis.gaps), width_mm=150),
        "funnel_chart": Chart(funnel_chart(line, analysis.review), width_mm=150),
        "forecast_chart": Chart(forecast_chart(line, analysis.forecast), width_mm=150),
    }


def render(line: ProductionLine, out_dir: str | Path | None = None) -> Path:
    """Write ``design-<id>.docx`` into the output folder with properties fixed by the file."""
    analysis = _analyse(line)
    return publish(
        TEMPLATE,
        _context(line, analysis),
        _charts(line, analysis),
        Properties(
            f"{TITLE}: {line.company}", line.company, "Production-line design workbook", line.date
        ),
        output_dir(line.id, out_dir) / f"design-{line.id}.docx",
    )
