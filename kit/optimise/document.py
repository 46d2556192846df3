"""The optimisation sprint plan (method 002): ranked backlog, one sprint, compounding revenue.

Everything shown is computed by :mod:`kit.optimise.calculations`; this module only turns the results into
display-ready text for the plan's locale, so the Word template holds no arithmetic.
"""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

from babel.dates import format_interval
from babel.numbers import format_decimal

from kit import charts, formatting
from kit.optimise.charts import compounding_figure, goals_figure
from kit.optimise.model import MIN_UPLIFT, LeadingIndicator, Optimisation
from kit.optimise.calculations import (
    LENSES,
    RANKING_RULE,
    SCALES,
    SPRINT_STRUCTURE,
    CompoundingRow,
    MomentGoal,
    OptimisationResult,
    RankedItem,
    SprintPlan,
    optimise,
)
from kit.paths import output_dir
from kit.render import Chart, Properties, publish

TEMPLATE = "optimise.docx"
EXAMPLE = "examples/optimisation.yaml"
VARIABLES = frozenset(
    {
        "doc",
        "summary",
        "moments",
        "goals_chart",
        "ranking_rule",
        "scales",
        "ranking",
        "tie_breaks",
        "backlog",
        "sprint",
        "calendar",
        "checklist",
        "indicators",
        "weekly",
        "compounding",
        "compounding_chart",
        "caveats",
        "lenses",
    }
)
TITLE = "Optimisation sprint plan"
MINUS = "\N{MINUS SIGN}"
TIMES = "\N{MULTIPLICATION SIGN}"


def context_for(plan: Optimisation) -> dict[str, Any]:
    """Every value the sprint-plan template reads, formatted for the plan's locale."""
    return _context(plan, optimise(plan))


def _context(plan: Optimisation, result: OptimisationResult) -> dict[str, Any]:
    """The context from already computed results, so ``render`` optimises only once."""
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
        "tie_breaks": [f"{r.item.id}: {r.tie_break}." for r in result.ranked if r.tie_break]
        or ["No two items share a score."],
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


def _summary(plan: Optimisation, result: OptimisationResult) -> list[str]:
    loc = plan.locale
    sprint = result.sprint
    item = sprint.lever.item
    last = result.compounding[-1]
    ready = [r.item.id for r in result.ranked if r.fits_in_sprint]
    split = [r.item.id for r in result.ranked if not r.fits_in_sprint]
    first = result.goals[0]
    lines = [
        f"Goal for every Moment That Matters: convert at least "
        f"{formatting.percent(MIN_UPLIFT, loc)} better than its own baseline, measured "
        f"relatively ({first.moment.id} at {formatting.percent(first.current, loc)} has to "
        f"reach {formatting.percent(first.goal, loc)}).",
        f"Next sprint: {item.id} on {sprint.moment.id} {sprint.moment.name}, "
        f"{sprint.length_weeks} weeks from {formatting.date(sprint.starts, loc)} to "
        f"{formatting.date(sprint.ends, loc)}, shipped by {item.owner}.",
        f"Target: {formatting.percent(sprint.baseline, loc)} to "
        f"{formatting.percent(sprint.target, loc)} conversion, "
        f"{_signed_percent(sprint.relative_uplift, loc)} relative "
        f"({_points(sprint.points, loc)}); {_goal_status(sprint).lower()}.",
        f"If the sprint hits its target, revenue per {plan.revenue_period} moves from "
        f"{formatting.money(plan.revenue, loc)} to {formatting.money(sprint.revenue_if_met, loc)}.",
        f"If all {last.improved} Moments That Matter each improve by "
        f"{formatting.percent(MIN_UPLIFT, loc)}, revenue compounds to "
        f"{formatting.money(last.revenue, loc)} ({_signed_percent(last.uplift, loc)}), more than "
        f"the {_signed_percent(MIN_UPLIFT * last.improved, loc)} the gains add up to.",
        f"{len(ready)} of {len(result.ranked)} backlog items fit in one sprint"
        + (f"; split {', '.join(split)} before sprinting on it." if split else "."),
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
        "today": formatting.percent(goal.current, loc),
        "goal": formatting.percent(goal.goal, loc) + (" (capped)" if goal.capped else ""),
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
    added = sprint.revenue_if_met - plan.revenue
    facts = [
        ("Lever", f"{item.id} (rank {sprint.lever.rank} of {len(plan.backlog)})"),
        ("Moment That Matters", f"{sprint.moment.id} {sprint.moment.name}"),
        ("Change to ship", item.change),
        ("Owner", item.owner),
        ("Metric", item.metric),
        (
            "Dates",
            f"{formatting.date(sprint.starts, loc)} to {formatting.date(sprint.ends, loc)} "
            f"({sprint.length_weeks} weeks)",
        ),
        ("Baseline", formatting.percent(sprint.baseline, loc)),
        ("Target", formatting.percent(sprint.target, loc)),
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
                "amount": _money(plan.revenue, loc),
            },
            {
                "item": f"Added if {sprint.moment.id} reaches "
                f"{formatting.percent(sprint.target, loc)}",
                "amount": "+" + _money(added, loc),
            },
        ],
        "revenue_if_met": _money(sprint.revenue_if_met, loc),
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
    loc = plan.locale
    names = [f"{m.id} {m.name}" for m in plan.moments]
    last = rows[-1]
    return {
        "rows": [
            {
                "improved": "None (today)" if row.improved == 0 else str(row.improved),
                "multiplier": TIMES + format_decimal(row.multiplier, format="0.0###", locale=loc),
                "uplift": _signed_percent(row.uplift, loc),
                "revenue": _money(row.revenue, loc),
                "added": "+" + _money(row.added, loc) if row.improved else "—",
            }
            for row in rows
        ],
        "bridge": [
            {
                "step": f"Revenue per {plan.revenue_period} today",
                "added": "—",
                "running": _money(rows[0].revenue, loc),
            },
            *(
                {
                    "step": f"{names[row.improved - 1]} +{formatting.percent(MIN_UPLIFT, loc)}",
                    "added": "+" + _money(row.revenue - previous.revenue, loc),
                    "running": _money(row.revenue, loc),
                }
                for previous, row in pairwise(rows)
            ),
        ],
        "total_added": "+" + _money(last.added, loc),
        "total": _money(last.revenue, loc),
        "count": str(last.improved),
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
                f"{goal.moment.id} converts {formatting.percent(goal.current, loc)} today, so "
                f"a {formatting.percent(MIN_UPLIFT, loc)} gain would pass 100%; its goal is "
                "capped at 100% and the projection above is an upper bound."
            )
    return lines


def _reading(value: Decimal, indicator: LeadingIndicator, loc: str) -> str:
    number = formatting.number(value, loc)
    return f"{number}%" if indicator.unit.strip() == "%" else f"{number} {indicator.unit}"


def _week_dates(starts: Any, ends: Any, loc: str) -> str:
    return format_interval(starts, ends, "yMMMd", locale=loc)


def _signed_percent(value: Decimal, loc: str) -> str:
    text = formatting.percent(abs(value), loc)
    return ("+" if value >= 0 else MINUS) + text


def _points(value: Decimal, loc: str) -> str:
    points = formatting.number((value * 100).normalize(), loc)
    sign = "+" if value >= 0 else MINUS
    return f"{sign}{points} percentage points"


def _money(value: Any, loc: str) -> str:
    return formatting.money(value, loc)


def goals_chart(plan: Optimisation, result: OptimisationResult | None = None) -> bytes:
    result = result or optimise(plan)
    return charts.to_png(goals_figure(result.goals, result.sprint.moment.id, plan.locale))


def compounding_chart(plan: Optimisation, result: OptimisationResult | None = None) -> bytes:
    result = result or optimise(plan)
    return charts.to_png(compounding_figure(result.compounding, plan.locale))


def charts_for(plan: Optimisation) -> dict[str, Chart]:
    return _charts(plan, optimise(plan))


def _charts(plan: Optimisation, result: OptimisationResult) -> dict[str, Chart]:
    return {
        "goals_chart": Chart(goals_chart(plan, result)),
        "compounding_chart": Chart(compounding_chart(plan, result)),
    }


def render(plan: Optimisation, out_dir: str | Path | None = None) -> Path:
    """Rank, plan and project once, then write ``optimise-<slug>.docx`` into the output folder."""
    result = optimise(plan)
    return publish(
        TEMPLATE,
        _context(plan, result),
        _charts(plan, result),
        Properties(
            f"{TITLE}: {plan.team}",
            plan.company,
            f"Sprint on {plan.sprint.lever} for {plan.team}",
            plan.date,
        ),
        output_dir(plan.id, out_dir) / f"optimise-{plan.id}.docx",
    )
