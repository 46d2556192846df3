"""The readiness report: which phase we are in, what blocks the next one, how fast to hire.

The report is the team's own workbook, never a customer's reading: it is registered as an
internal document, so every page says so. The sections follow the order the fits are tested in
(product-market fit, go-to-market fit, then the pace of hiring), so a reader meets each verdict
after the evidence it rests on. Money is a plan figure here (contract values, acquisition
costs, ARR, bookings) and is printed in whole units; percentages carry one decimal at most;
ratios two, so a Magic Number of 0.96 never reads as 1. A list with nothing in it (no
blockers, no warnings) is left out rather than printed as "none". The context holds
display-ready strings only; the template loops and prints.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from matplotlib.figure import Figure

from kit import charts, formatting
from kit.document import Chart, Content, Properties, place_logo
from kit.readiness import charts as readiness_charts
from kit.readiness.calculations import (
    FRONT_LOAD_MONTHS,
    LTV_CAC_GOAL,
    MAGIC_NUMBER_GOAL,
    PAYBACK_GOAL_MONTHS,
    PERCENT_PLACES,
    RETENTION_GOAL,
    Economics,
    GtmResult,
    PlanResult,
    PmfResult,
    ReadinessAnalysis,
)
from kit.readiness.charts import months_label
from kit.readiness.model import EventChecks, Metric, Readiness
from kit.types import Money

STATUS_LABELS = {
    "balanced": "Balanced",
    "demand_excess": "Demand ahead",
    "sales_excess": "Sales ahead",
}
METRIC_LABELS: dict[Metric, str] = {
    "ltv_cac": "LTV/CAC",
    "payback": "CAC payback",
    "magic_number": "Magic Number",
}
DASH = "\N{EM DASH}"
TIMES = "\N{MULTIPLICATION SIGN}"


def workbook(a: ReadinessAnalysis) -> Content:
    """The readiness report for the team, formatted for the file's locale."""
    params, loc = a.params, a.params.locale
    context = _context(a)
    images = {
        "cohort_chart": Chart(cohort_chart(a.pmf, loc), width_mm=None),
        "payback_chart": Chart(payback_chart(a.gtm.channels, loc), width_mm=None),
        "capacity_chart": Chart(capacity_chart(a.compared, params.hiring.tolerance), width_mm=None),
    }
    place_logo(params.logo, context, images)
    return Content(
        context,
        images,
        Properties(
            params.title,
            params.company or params.product,
            f"Readiness to scale: {params.product} in {params.market}, for the team's own planning",
            params.date,
        ),
    )


def _context(a: ReadinessAnalysis) -> dict[str, Any]:
    params = a.params
    loc = params.locale
    team = f"the team at {params.company}" if params.company else f"the {params.product} team"
    return {
        "doc": {
            "title": params.title,
            "product": params.product,
            "market": params.market,
            "date": formatting.date(params.date, loc),
            "currency": params.currency,
            "audience": f"Planning workbook for {team}; not for customers.",
        },
        "verdict": _verdict(a, loc),
        "pmf": _pmf(params, a.pmf),
        "gtm": _gtm(params, a.gtm),
        "capacity": _capacity(a),
        "pace": _pace(a),
        "notes": _notes(a),
    }


# --- formatting helpers ---------------------------------------------------------------------


def _num(value: Decimal | int, locale: str, places: str = "0.01") -> str:
    return formatting.number(Decimal(value).quantize(Decimal(places), ROUND_HALF_UP), locale)


def _pct(value: Decimal, locale: str) -> str:
    return formatting.percent(value, locale, places=PERCENT_PLACES)


def _money(value: Money, locale: str) -> str:
    return formatting.whole_money(value, locale)


def _flagged(months: int) -> str:
    return f"{formatting.count(months, 'month')} flagged" if months else "None flagged"


def _latest(cohorts: int) -> str:
    """``the latest cohort`` or ``each of the latest 3 cohorts``."""
    return "the latest cohort" if cohorts == 1 else f"each of the latest {cohorts} cohorts"


def _met(passed: bool) -> str:
    return "met" if passed else "missed"


# --- sections -------------------------------------------------------------------------------


def _verdict(a: ReadinessAnalysis, loc: str) -> dict[str, Any]:
    pmf, gtm = a.pmf, a.gtm
    gate = " and ".join(_goal_text(metric) for metric in gtm.gate_on)
    if a.phase == "product_market_fit":
        gtm_result = "Waits for product-market fit"
    else:
        gtm_result = "Holds" if gtm.holds else "Not yet: current phase"
    return {
        "phase": a.phase_label,
        "ready": "Yes" if a.ready_to_scale else "Not yet",
        "headline": (
            f"We are in the {a.phase_label} phase and "
            + ("ready to scale." if a.ready_to_scale else "not ready to scale yet.")
        ),
        "phases": [
            {
                "phase": "1. Product-Market Fit",
                "test": (
                    f"{_latest(len(pmf.recent)).capitalize()} reaches "
                    f"{_pct(pmf.required_share, loc)} on the event; annual retention, when "
                    f"measured, above {_pct(RETENTION_GOAL, loc)}"
                ),
                "result": "Holds" if pmf.holds else "Not yet: current phase",
            },
            {
                "phase": "2. Go-to-Market Fit",
                "test": f"One scalable channel meets {gate}",
                "result": gtm_result,
            },
            {
                "phase": "3. Growth and Moat",
                "test": "Both fits hold; sellers are added at the pace demand can feed",
                "result": "Current phase: scale" if a.ready_to_scale else "Not reached",
            },
        ],
        "blockers": a.blockers,
        "warnings": a.warnings,
    }


def _goal_text(metric: Metric) -> str:
    goals = {
        "ltv_cac": f"LTV/CAC above {LTV_CAC_GOAL}",
        "payback": f"CAC payback under {PAYBACK_GOAL_MONTHS} months",
        "magic_number": f"a Magic Number above {MAGIC_NUMBER_GOAL}",
    }
    return goals[metric]


def _pmf(params: Readiness, pmf: PmfResult) -> dict[str, Any]:
    loc = params.locale
    p = _pct(pmf.required_share, loc)
    recent = {c.name for c in pmf.recent}
    checks = params.product_market_fit.event_checks
    customers = sum(c.customers for c in pmf.cohorts)
    achieving = sum(c.achieving for c in pmf.cohorts)
    if pmf.annual_retention is None:
        retention = "Not measured yet; only the leading indicator is read."
    else:
        retention = (
            f"{_pct(pmf.annual_retention, loc)} against a goal of above "
            f"{_pct(RETENTION_GOAL, loc)}: "
            + ("confirms the leading indicator." if pmf.retention_passed else "contradicts it.")
        )
    window = f"{pmf.recent[0].name} to {pmf.recent[-1].name}"
    return {
        "definition": [
            {"name": "P, the share of customers required", "value": p},
            {"name": "E, the event", "value": pmf.event},
            {"name": "T, the period", "value": f"every {pmf.period}"},
            {
                "name": "Consistency",
                "value": f"{_latest(len(pmf.recent))} must reach P",
            },
        ],
        "checks": [
            {
                "quality": name.capitalize(),
                "meaning": EventChecks.model_fields[name].description,
                "confirmed": "Yes" if getattr(checks, name) else "No",
            }
            for name in EventChecks.model_fields
        ],
        "cohorts": [
            {
                "name": c.name,
                "customers": str(c.customers),
                "achieving": str(c.achieving),
                "share": _pct(c.share, loc),
                "status": "Reaches P" if c.passed else "Below P",
                "decides": "Yes" if c.name in recent else DASH,
            }
            for c in pmf.cohorts
        ],
        "total": {
            "customers": str(customers),
            "achieving": str(achieving),
            "share": _pct(pmf.overall_share, loc),
            "status": "Reaches P" if pmf.overall_passed else "Below P",
        },
        "retention": retention,
        "result": (
            f"Product-market fit holds: cohorts {window} all reach {p}."
            if pmf.holds
            else "Product-market fit does not hold yet."
        ),
    }


def _gtm(params: Readiness, gtm: GtmResult) -> dict[str, Any]:
    loc = params.locale
    proven = ", ".join(gtm.proven_channels)
    return {
        "gate": " and ".join(_goal_text(metric) for metric in gtm.gate_on),
        "formulas": [
            {
                "metric": "LTV/CAC",
                "formula": f"LTV ÷ CAC; where only churn is known, LTV = ACV {TIMES} gross "
                "margin ÷ annual churn",
                "goal": f"above {LTV_CAC_GOAL}",
                "gates": "Yes" if "ltv_cac" in gtm.gate_on else "Reported",
            },
            {
                "metric": "CAC payback (months)",
                "formula": f"CAC ÷ (ACV {TIMES} gross margin ÷ 12)",
                "goal": f"under {PAYBACK_GOAL_MONTHS}",
                "gates": "Yes" if "payback" in gtm.gate_on else "Reported",
            },
            {
                "metric": "Magic Number",
                "formula": "new ARR won in a quarter ÷ sales and marketing spend of the "
                "quarter before",
                "goal": f"above {MAGIC_NUMBER_GOAL}",
                "gates": "Yes" if "magic_number" in gtm.gate_on else "Reported",
            },
        ],
        "channels": [_inputs(e, loc) for e in gtm.channels],
        "channels_total": _inputs(gtm.blended, loc),
        "goals": [_goals(e, loc) for e in gtm.channels],
        "goals_total": _goals(gtm.blended, loc),
        "magic": [_magic(e, loc) for e in gtm.channels],
        "magic_total": _magic(gtm.blended, loc),
        "result": (
            f"Go-to-market fit holds: proven by {proven}."
            if gtm.holds
            else "Go-to-market fit does not hold yet: no scalable channel meets the goal."
        ),
    }


def _inputs(e: Economics, loc: str) -> dict[str, str]:
    return {
        "name": f"{e.name} ({e.medium.replace('_', ' ')})",
        "customers": str(e.customers_won),
        "acv": _money(e.acv, loc),
        "cac": _money(e.cac, loc),
        "margin": _pct(e.gross_margin, loc),
        "ltv": _money(e.ltv, loc) + (" *" if e.ltv_derived else ""),
    }


def _goals(e: Economics, loc: str) -> dict[str, str]:
    if e.payback_months is None:
        payback = "never (missed)"
    else:
        payback = f"{months_label(e.payback_months, loc)} ({_met(e.payback_passed)})"
    if e.medium == "blended":
        verdict = "Shown only"
    elif not e.scalable:
        verdict = "Unscalable"
    elif e.meets_goals:
        verdict = "Proven"
    else:
        verdict = "Misses " + ", ".join(METRIC_LABELS[m] for m in e.misses)
    return {
        "name": e.name,
        "ltv_cac": f"{_num(e.ltv_cac, loc)} ({_met(e.ltv_cac_passed)})",
        "payback": payback,
        "magic": f"{_num(e.magic_number, loc)} ({_met(e.magic_number_passed)})",
        "verdict": verdict,
    }


def _magic(e: Economics, loc: str) -> dict[str, str]:
    """The Magic Number beside its inputs, so a reader can redo the division."""
    return {
        "name": e.name,
        "new_arr": _money(e.new_arr, loc),
        "spend": _money(e.spend, loc),
        "magic": _num(e.magic_number, loc),
    }


def _capacity(a: ReadinessAnalysis) -> dict[str, Any]:
    params = a.params
    loc = params.locale
    hiring = params.hiring
    paced, lump = a.plans.paced, a.plans.front_loaded
    rows = [
        {
            "month": p.month,
            "demand": _num(p.demand, loc),
            "paced_hires": str(p.hires),
            "paced_capacity": _num(p.sales_capacity, loc),
            "paced_status": STATUS_LABELS[p.status],
            "lump_hires": str(f.hires),
            "lump_capacity": _num(f.sales_capacity, loc),
            "lump_status": STATUS_LABELS[f.status],
        }
        for p, f in zip(paced.months, lump.months, strict=True)
    ]
    return {
        "rules": (
            f"A ramped seller works {_num(hiring.opportunities_per_seller, loc)} qualified "
            f"opportunities a month and a new seller takes "
            f"{formatting.count(hiring.ramp_months, 'month')} to get there, starting in the "
            f"month of hire. The plan starts with "
            f"{formatting.count(hiring.sellers_at_start, 'ramped seller')}. A month is flagged "
            f"when either side exceeds the other by more than {_pct(hiring.tolerance, loc)}."
        ),
        "months": rows,
        "total": {
            "demand": _num(paced.total_demand, loc),
            "paced_hires": str(paced.total_hires),
            "paced_capacity": _num(paced.total_capacity, loc),
            "paced_status": _flagged(paced.out_of_balance),
            "lump_hires": str(lump.total_hires),
            "lump_capacity": _num(lump.total_capacity, loc),
            "lump_status": _flagged(lump.out_of_balance),
        },
        "comparison": _comparison(a.compared, loc),
        "flags": [_flags(plan) for plan in (paced, lump)],
        "preferred": _preferred(a, loc),
    }


def _comparison(plans: Sequence[PlanResult], loc: str) -> list[dict[str, str]]:
    measures = [
        ("Sellers hired", lambda p: str(p.total_hires)),
        ("Seller-months paid", lambda p: str(p.seller_months)),
        ("Months demand ahead", lambda p: str(len(p.demand_excess_months))),
        ("Months sales ahead", lambda p: str(len(p.sales_excess_months))),
        ("Idle seller-months", lambda p: _num(p.idle_seller_months, loc, "0.1")),
        ("Opportunities left unworked", lambda p: _num(p.unmet_demand, loc, "0.1")),
        (
            f"Hires in the first {FRONT_LOAD_MONTHS} months",
            lambda p: str(sum(p.hires[:FRONT_LOAD_MONTHS])),
        ),
    ]
    keys = ("paced", "lump", "recommended")
    return [
        {"measure": label} | {key: value(plan) for key, plan in zip(keys, plans, strict=True)}
        for label, value in measures
    ]


def _flags(plan: PlanResult) -> str:
    parts = []
    if plan.sales_excess_months:
        parts.append("sales ahead of demand in " + ", ".join(plan.sales_excess_months))
    if plan.demand_excess_months:
        parts.append("demand ahead of sales in " + ", ".join(plan.demand_excess_months))
    found = "; ".join(parts) if parts else "no month out of balance"
    return f"{plan.name} plan: {found}."


def _preferred(a: ReadinessAnalysis, loc: str) -> str:
    plans = a.plans
    chosen, other = plans.paced, plans.front_loaded
    if plans.preferred != chosen.name:
        chosen, other = other, chosen
    return (
        f"The {chosen.name.lower()} plan is the better of the two: "
        f"{formatting.count(chosen.out_of_balance, 'month')} out of balance against "
        f"{other.out_of_balance}, and {_num(chosen.idle_seller_months, loc, '0.1')} idle "
        f"seller-months against {_num(other.idle_seller_months, loc, '0.1')}."
    )


def _pace(a: ReadinessAnalysis) -> dict[str, Any]:
    params = a.params
    loc = params.locale
    plan = a.recommended
    rows = [
        {
            "month": m.month,
            "hires": str(m.hires),
            "sellers": str(m.headcount),
            "capacity": _num(m.sales_capacity, loc),
            "demand": _num(m.demand, loc),
            "status": STATUS_LABELS[m.status],
            "bookings": DASH if m.bookings_capacity is None else _money(m.bookings_capacity, loc),
        }
        for m in plan.months
    ]
    booked = plan.total_bookings
    return {
        "advice": a.pace,
        "months": rows,
        "total": {
            "hires": str(plan.total_hires),
            "capacity": _num(plan.total_capacity, loc),
            "demand": _num(plan.total_demand, loc),
            "status": _flagged(plan.out_of_balance),
            "bookings": DASH if booked is None else _money(booked, loc),
        },
    }


def _notes(a: ReadinessAnalysis) -> list[str]:
    params = a.params
    loc = params.locale
    pmf = params.product_market_fit
    derived = [e.name for e in a.gtm.channels if e.ltv_derived]
    notes = [
        "A cohort reaches P when its share is at least P; a cohort exactly on P counts.",
        f"Product-market fit needs {_latest(pmf.consistent_cohorts)} to reach P; the "
        "pooled share of all cohorts is shown but does not decide.",
        f"Annual retention must be above {_pct(RETENTION_GOAL, loc)}, strictly; it confirms or "
        "contradicts the leading indicator a year later.",
        "Go-to-market fit needs one scalable channel meeting every gating goal; referrals "
        "never count, and the blended figures are shown only.",
        "The Magic Number divides new ARR, already a yearly figure, so it is not multiplied "
        f"by four; the goal used is above {MAGIC_NUMBER_GOAL}.",
        f"The recommended schedule adds as many sellers each month as keeps every later month "
        f"from showing sales ahead of demand, with demand held at its last level after "
        f"{params.hiring.months[-1].month}.",
    ]
    if derived:
        notes.insert(
            3,
            f"LTV marked * is derived as ACV {TIMES} gross margin ÷ annual churn, for: "
            + ", ".join(derived)
            + ".",
        )
    return notes


# --- charts, shared with the notebook ------------------------------------------------------


@charts.remembered
def cohort_chart(pmf: PmfResult, locale: str) -> Figure:
    """Each cohort's share against P; the cohorts that decide are shaded."""
    return readiness_charts.cohort_figure(pmf, locale)


@charts.remembered
def payback_chart(channels: Sequence[Economics], locale: str) -> Figure:
    """Months to earn back CAC per channel against the 12-month goal."""
    return readiness_charts.payback_figure(channels, locale)


@charts.remembered
def capacity_chart(plans: Sequence[PlanResult], tolerance: Decimal) -> Figure:
    """Sales capacity against demand, one panel per plan, flagged months ringed."""
    return readiness_charts.capacity_figure(plans, tolerance)
