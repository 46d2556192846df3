"""The optimisation sprint plan (method 002): ranked backlog, one sprint, compounding revenue.

The plan is the team's own workbook, never a customer's reading: it is registered as an
internal document, so every page says so. Revenue is a plan figure and is printed in whole
units; where rows add up to a total (what the sprint is worth, the revenue bridge), each row is
the difference of the rounded figures it sits between, so the printed column adds up exactly.
Percentages carry one decimal at most.

Everything shown is computed once per run by :func:`kit.optimise.calculations.analyse`; this
module only turns the results into display-ready text for the plan's locale, so the Word template
holds no arithmetic. The charts are drawn once per distinct input and shared with the notebook.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any

from babel.numbers import format_decimal
from matplotlib.figure import Figure

from kit import charts, formatting
from kit.document import Chart, Content, Properties, place_logo
from kit.optimise.calculations import (
    LENSES,
    RANKING_RULE,
    SCALES,
    SPRINT_STRUCTURE,
    CompoundingRow,
    MomentGoal,
    OptimiseAnalysis,
    RankedItem,
    SprintPlan,
)
from kit.optimise.charts import PERCENT_PLACES, compounding_figure, goals_figure
from kit.optimise.model import MIN_UPLIFT, LeadingIndicator, Optimisation
from kit.types import Money

TITLE = "Optimisation sprint plan"
MINUS = "\N{MINUS SIGN}"
TIMES = "\N{MULTIPLICATION SIGN}"
NONE = "\N{EM DASH}"


def workbook(result: OptimiseAnalysis) -> Content:
    """The team's sprint plan, formatted for the plan's locale."""
    plan, loc = result.plan, result.plan.locale
    context = _context(result)
    images = {
        "goals_chart": Chart(
            goals_chart(result.goals, result.sprint.moment.id, loc), width_mm=None
        ),
        "compounding_chart": Chart(compounding_chart(result.compounding, loc), width_mm=None),
    }
    place_logo(plan.logo, context, images)
    return Content(
        context,
        images,
        Properties(
            f"{TITLE}: {plan.team}",
            plan.company,
            f"Sprint on {plan.sprint.lever} for {plan.team}, for the team's own planning",
            plan.date,
        ),
    )


def _context(result: OptimiseAnalysis) -> dict[str, Any]:
    plan = result.plan
    loc = plan.locale
    sprint = result.sprint
    return {
        "doc": {
            "title": TITLE,
            "company": plan.company,
            "team": plan.team,
            "date": formatting.date(plan.date, loc),
            "period": plan.revenue_period,
            "sprint": f"Next sprint: {sprint.lever.item.id} on {sprint.moment.id}, "
            f"{_week_dates(sprint.starts, sprint.ends, loc)}",
            "audience": f"Planning workbook for {plan.team} at {plan.company}; not for customers.",
        },
        "summary": _summary(plan, result),
        "moments": [_moment(goal, sprint, loc) for goal in result.goals],
        "ranking_rule": RANKING_RULE,
        "scales": [
            {
                "rating": str(rating),
                "impact": SCALES["impact"][rating],
                "confidence": SCALES["confidence"][rating],
                "effort": SCALES["effort"][rating],
            }
            for rating in sorted(SCALES["impact"])
        ],
        "ranking": [_ranked(entry, sprint, loc) for entry in result.ranked],
        "tie_breaks": [f"{r.item.id}: {r.tie_break}." for r in result.ranked if r.tie_break],
        "backlog": [
            {
                "id": r.item.id,
                "moment": f"{r.moment.id} {r.moment.name}",
                "gap": r.item.gap,
                "change": r.item.change,
                "metric": r.item.metric,
                "owner": r.item.owner,
            }
            for r in result.ranked
        ],
        "sprint": _sprint(plan, sprint),
        "calendar": _calendar(sprint, loc),
        "checklist": [
            {"phase": phase, "step": step, "done": "\N{BALLOT BOX}"}
            for phase, steps in SPRINT_STRUCTURE.items()
            for step in steps
        ],
        "indicators": [
            {
                "name": indicator.name,
                "unit": indicator.unit,
                "end": _reading(indicator.weekly_targets[-1], indicator, loc),
            }
            for indicator in sprint.indicators
        ],
        "weekly": [
            {
                "week": str(week.number),
                "dates": _week_dates(week.starts, week.ends, loc),
                "indicator": indicator.name,
                "target": _reading(target, indicator, loc),
                "actual": "",
            }
            for week in sprint.weeks
            for indicator, target in zip(sprint.indicators, week.targets, strict=True)
        ],
        "compounding": _compounding(plan, result.compounding),
        "caveats": _caveats(result.goals, loc),
        "lenses": [
            {"name": lens.name, "question": lens.question, "evidence": ""} for lens in LENSES
        ],
    }


def _summary(plan: Optimisation, result: OptimiseAnalysis) -> list[str]:
    loc = plan.locale
    sprint = result.sprint
    item = sprint.lever.item
    last = result.compounding[-1]
    ready = [r.item.id for r in result.ranked if r.fits_in_sprint]
    split = [r.item.id for r in result.ranked if not r.fits_in_sprint]
    first = result.goals[0]
    lines = [
        f"Goal for every Moment That Matters: convert at least "
        f"{_pct(MIN_UPLIFT, loc)} better than its own baseline, measured "
        f"relatively ({first.moment.id} at {_pct(first.current, loc)} has to "
        f"reach {_pct(first.goal, loc)}).",
        f"Next sprint: {item.id} on {sprint.moment.id} {sprint.moment.name}, "
        f"{formatting.count(sprint.length_weeks, 'week')} from "
        f"{formatting.date(sprint.starts, loc)} to {formatting.date(sprint.ends, loc)}, "
        f"shipped by {item.owner}.",
        f"Target: {_pct(sprint.baseline, loc)} to {_pct(sprint.target, loc)} conversion, "
        f"{_signed_percent(sprint.relative_uplift, loc)} relative "
        f"({_points(sprint.points, loc)}); {_goal_status(sprint).lower()}.",
        f"If the sprint hits its target, revenue per {plan.revenue_period} moves from "
        f"{_money(plan.revenue, loc)} to {_money(sprint.revenue_if_met, loc)}.",
        f"If all {last.improved} Moments That Matter each improve by "
        f"{_pct(MIN_UPLIFT, loc)}, revenue compounds to "
        f"{_money(last.revenue, loc)} ({_signed_percent(last.uplift, loc)}), more than "
        f"the {_signed_percent(MIN_UPLIFT * last.improved, loc)} the gains add up to.",
        f"{len(ready)} of {formatting.count(len(result.ranked), 'backlog item')} fit in one "
        "sprint" + (f"; split {', '.join(split)} before sprinting on it." if split else "."),
    ]
    return lines


def _moment(goal: MomentGoal, sprint: SprintPlan, loc: str) -> dict[str, str]:
    moment = goal.moment
    return {
        "id": moment.id,
        "name": moment.name + (" (this sprint)" if moment.id == sprint.moment.id else ""),
        "stage": moment.stage,
        "problem": moment.problem_type.capitalize(),
        "component": (moment.growth_component or "—").capitalize(),
        "today": _pct(goal.current, loc),
        "goal": _pct(goal.goal, loc) + (" (capped)" if goal.capped else ""),
    }


def _ranked(entry: RankedItem, sprint: SprintPlan, loc: str) -> dict[str, str]:
    if entry.item.id == sprint.lever.item.id:
        status = "This sprint"
    elif entry.fits_in_sprint:
        status = "Ready"
    else:
        status = "Split first"
    return {
        "rank": str(entry.rank),
        "id": entry.item.id,
        "moment": entry.moment.id,
        "metric": entry.item.metric,
        "impact": str(entry.item.impact),
        "confidence": str(entry.item.confidence),
        "effort": str(entry.item.effort),
        "score": format_decimal(entry.score, format="#,##0.00", locale=loc),
        "status": status,
    }


def _goal_status(sprint: SprintPlan) -> str:
    return "Meets the 10% rule" if sprint.meets_goal else "Below the 10% rule"


def _sprint(plan: Optimisation, sprint: SprintPlan) -> dict[str, Any]:
    loc = plan.locale
    item = sprint.lever.item
    today, if_met = _whole(plan.revenue), _whole(sprint.revenue_if_met)
    facts = [
        ("Lever", f"{item.id} (rank {sprint.lever.rank} of {len(plan.backlog)})"),
        ("Moment That Matters", f"{sprint.moment.id} {sprint.moment.name}"),
        ("Change to ship", item.change),
        ("Owner", item.owner),
        ("Metric", item.metric),
        (
            "Dates",
            f"{formatting.date(sprint.starts, loc)} to {formatting.date(sprint.ends, loc)} "
            f"({formatting.count(sprint.length_weeks, 'week')})",
        ),
        ("Baseline", _pct(sprint.baseline, loc)),
        ("Target", _pct(sprint.target, loc)),
        (
            "Improvement",
            f"{_signed_percent(sprint.relative_uplift, loc)} relative, "
            f"{_points(sprint.points, loc)}",
        ),
        ("10% rule", _goal_status(sprint)),
    ]
    return {
        "facts": [{"item": name, "value": value} for name, value in facts],
        "status": _goal_status(sprint),
        "lever": item.id,
        "revenue": [
            {
                "item": f"Revenue per {plan.revenue_period} today",
                "amount": _money(today, loc),
            },
            {
                "item": f"Added if {sprint.moment.id} reaches {_pct(sprint.target, loc)}",
                "amount": _signed_money(if_met - today, loc),
            },
        ],
        "revenue_totals": [
            {
                "item": f"Revenue per {plan.revenue_period} if the target is met",
                "amount": _money(if_met, loc),
            }
        ],
    }


def _calendar(sprint: SprintPlan, loc: str) -> list[dict[str, str]]:
    """What each week is for: teach and ship first, coach every week, decide in the last."""
    rows = []
    for week in sprint.weeks:
        if week.number == 1:
            focus = (
                "Masterclass on the one skill behind the change; ship the change; first "
                "coaching session on this week's real calls and deals"
            )
        elif week.number == sprint.length_weeks:
            focus = (
                "Coaching on this week's work; compare results with the baseline; decide what "
                "becomes standard and write it into the process"
            )
        else:
            focus = "Coaching on this week's real calls and deals; collect examples from the field"
        rows.append(
            {
                "week": str(week.number),
                "dates": _week_dates(week.starts, week.ends, loc),
                "focus": focus,
            }
        )
    return rows


def _compounding(plan: Optimisation, rows: list[CompoundingRow]) -> dict[str, Any]:
    """Revenue as moments improve, each figure rounded once and every difference taken between
    rounded figures, so the bridge's steps add up to its total to the unit."""
    loc = plan.locale
    names = [f"{m.id} {m.name}" for m in plan.moments]
    revenue = [_whole(row.revenue) for row in rows]
    last = rows[-1]
    return {
        "rows": [
            {
                "improved": "None (today)" if row.improved == 0 else str(row.improved),
                "multiplier": TIMES + format_decimal(row.multiplier, format="0.0###", locale=loc),
                "uplift": _signed_percent(row.uplift, loc),
                "revenue": _money(value, loc),
                "added": _signed_money(value - revenue[0], loc) if row.improved else NONE,
            }
            for row, value in zip(rows, revenue, strict=True)
        ],
        "bridge": [
            {
                "step": f"Revenue per {plan.revenue_period} today",
                "added": NONE,
                "running": _money(revenue[0], loc),
            },
            *(
                {
                    "step": f"{names[row.improved - 1]} +{_pct(MIN_UPLIFT, loc)}",
                    "added": _signed_money(after - before, loc),
                    "running": _money(after, loc),
                }
                for row, (before, after) in zip(rows[1:], pairwise(revenue), strict=True)
            ),
        ],
        "bridge_totals": [
            {
                "step": f"All {last.improved} moments improved",
                "added": _signed_money(revenue[-1] - revenue[0], loc),
                "running": _money(revenue[-1], loc),
            }
        ],
        "period": plan.revenue_period,
    }


def _caveats(goals: list[MomentGoal], loc: str) -> list[str]:
    lines = [
        "Revenue is taken to move in step with the product of the stage conversions: lead "
        "volume, deal size and the mix of deals stay as they are today.",
        "Each moment is treated as independent of the others; a change that lifts one step "
        "but lets weaker records through to the next one will compound less.",
        "The order of the steps changes how the gain is split between them, not the total.",
    ]
    for goal in goals:
        if goal.capped:
            lines.append(
                f"{goal.moment.id} converts {_pct(goal.current, loc)} today, so "
                f"a {_pct(MIN_UPLIFT, loc)} gain would pass 100%; its goal is "
                "capped at 100% and the projection above is an upper bound."
            )
    return lines


def _reading(value: Decimal, indicator: LeadingIndicator, loc: str) -> str:
    number = formatting.number(value, loc)
    return f"{number}%" if indicator.unit.strip() == "%" else f"{number} {indicator.unit}"


def _week_dates(starts: dt.date, ends: dt.date, loc: str) -> str:
    return formatting.date_range(starts, ends, loc)


def _pct(value: Decimal, loc: str) -> str:
    return formatting.percent(value, loc, places=PERCENT_PLACES)


def _signed_percent(value: Decimal, loc: str) -> str:
    text = _pct(abs(value), loc)
    return ("+" if value >= 0 else MINUS) + text


def _points(value: Decimal, loc: str) -> str:
    points = (value * 100).normalize()
    sign = "+" if value >= 0 else MINUS
    unit = "percentage point" if abs(points) == 1 else "percentage points"
    return f"{sign}{formatting.number(abs(points), loc)} {unit}"


def _whole(value: Money) -> Money:
    """``value`` rounded half up to whole units, so printed rows and their totals add up."""
    return Money(amount=value.amount.quantize(Decimal(1), ROUND_HALF_UP), currency=value.currency)


def _money(value: Money, loc: str) -> str:
    return formatting.whole_money(value, loc)


def _signed_money(value: Money, loc: str) -> str:
    """A change in revenue with its sign, ``+€342,857``, or a true minus for a fall."""
    return formatting.sign(value.amount) + _money(-value if value.amount < 0 else value, loc)


@charts.remembered
def goals_chart(goals: Sequence[MomentGoal], sprint_moment: str, locale: str) -> Figure:
    """Each moment's conversion today beside its +10 % goal; the sprint's moment is marked."""
    return goals_figure(list(goals), sprint_moment, locale)


@charts.remembered
def compounding_chart(rows: Sequence[CompoundingRow], locale: str) -> Figure:
    """Revenue as more moments improve, compounded against gains simply added up."""
    return compounding_figure(list(rows), locale)
