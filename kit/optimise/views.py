"""Text views of an optimisation plan: goals, ranking, sprint, weekly indicators, compounding."""

from __future__ import annotations

from kit import formatting
from kit.formatting import table
from kit.optimise.calculations import CompoundingRow, MomentGoal, RankedItem, SprintPlan


def goals(goals: list[MomentGoal], locale: str) -> str:
    rows = [
        [
            g.moment.id,
            g.moment.name,
            g.moment.problem_type,
            formatting.percent(g.current, locale),
            formatting.percent(g.goal, locale) + (" (CAPPED)" if g.capped else ""),
        ]
        for g in goals
    ]
    return table(["moment", "name", "problem", "today", "+10% goal"], rows)


def ranking(ranked: list[RankedItem]) -> str:
    rows = [
        [
            str(r.rank),
            r.item.id,
            r.moment.id,
            str(r.item.impact),
            str(r.item.confidence),
            str(r.item.effort),
            str(r.score),
            "ready" if r.fits_in_sprint else "SPLIT FIRST",
            r.item.owner,
        ]
        for r in ranked
    ]
    lines = [
        table(
            ["#", "item", "moment", "impact", "conf.", "effort", "score", "sprint", "owner"], rows
        )
    ]
    lines += [f"{r.item.id}: {r.tie_break}" for r in ranked if r.tie_break]
    return "\n".join(lines)


def top(ranked: list[RankedItem], count: int = 3) -> str:
    """The first few candidates on one line each, for the workshop form."""
    return "\n".join(
        f"{r.rank}. {r.item.id} ({r.moment.id}) score {r.score}"
        + ("" if r.fits_in_sprint else " - split first")
        for r in ranked[:count]
    )


def sprint(plan: SprintPlan, locale: str) -> str:
    item = plan.lever.item
    return "\n".join(
        [
            f"Lever: {item.id} (rank {plan.lever.rank}) on {plan.moment.id} {plan.moment.name}",
            f"Change: {item.change}",
            f"Owner: {item.owner}",
            f"Metric: {item.metric}",
            f"Weeks: {plan.length_weeks}, {plan.starts.isoformat()} to {plan.ends.isoformat()}",
            f"Baseline {formatting.percent(plan.baseline, locale)} -> target "
            f"{formatting.percent(plan.target, locale)}: "
            f"{formatting.percent(plan.relative_uplift, locale)} relative, "
            f"{formatting.number((plan.points * 100).normalize(), locale)} points",
            "10% rule: " + ("met" if plan.meets_goal else "NOT MET"),
            f"Revenue if the target is met: {formatting.money(plan.revenue_if_met, locale)}",
        ]
    )


def weekly(plan: SprintPlan, locale: str) -> str:
    """One row per indicator, one column per week, after a line giving each week's dates."""
    dates = [f"Week {w.number}: {w.starts.isoformat()} to {w.ends.isoformat()}" for w in plan.weeks]
    rows = [
        [indicator.name, indicator.unit]
        + [formatting.number(w.targets[index], locale) for w in plan.weeks]
        for index, indicator in enumerate(plan.indicators)
    ]
    headers = ["indicator", "unit"] + [f"week {w.number}" for w in plan.weeks]
    return "\n".join([*dates, "", table(headers, rows)])


def compounding(rows: list[CompoundingRow], locale: str) -> str:
    body = [
        [
            str(row.improved),
            f"x{row.multiplier.normalize():f}",
            "+" + formatting.percent(row.uplift, locale),
            formatting.money(row.revenue, locale),
            formatting.money(row.added, locale),
        ]
        for row in rows
    ]
    return table(["moments improved", "multiplier", "uplift", "revenue", "added"], body)
