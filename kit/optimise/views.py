"""An optimisation plan as tables: goals, ranking, sprint, weekly indicators, compounding.

Each view formats what the run's analysis already holds; statuses are coloured so the lever,
the items to split first and a target below the 10 % rule stand out in a workshop.
"""

from __future__ import annotations

from kit import formatting
from kit.optimise.calculations import OptimiseAnalysis, RankedItem
from kit.optimise.model import MIN_UPLIFT
from kit.tables import Cell, Lines, Report, Table, right, status

TIMES = "\N{MULTIPLICATION SIGN}"


def headline(a: OptimiseAnalysis) -> Lines:
    plan = a.plan
    return Lines(
        [
            f"{plan.company}: {plan.team}",
            f"{len(plan.moments)} Moments That Matter, {len(plan.backlog)} backlog items",
        ]
    )


def goals(a: OptimiseAnalysis) -> Table:
    """Each moment's conversion today and the conversion that is 10 % better, funnel order."""
    locale = a.plan.locale
    goal = f"Goal (+{formatting.percent(MIN_UPLIFT, locale)})"
    return Table(
        ["Moment", "Name", "Problem", right("Today"), right(goal)],
        [
            [
                g.moment.id,
                g.moment.name + (" (this sprint)" if g.moment.id == a.sprint.moment.id else ""),
                g.moment.problem_type,
                formatting.percent(g.current, locale),
                status(f"{formatting.percent(g.goal, locale)} (capped)", "warn")
                if g.capped
                else formatting.percent(g.goal, locale),
            ]
            for g in a.goals
        ],
    )


def _standing(entry: RankedItem, a: OptimiseAnalysis) -> Cell:
    if entry.item.id == a.sprint.lever.item.id:
        return status("this sprint", "info")
    return status("ready", "good") if entry.fits_in_sprint else status("split first", "bad")


def ranking(a: OptimiseAnalysis) -> Table:
    """The backlog best first, with the tie-breaks that decided equal scores."""
    return Table(
        [
            right("Rank"),
            "Item",
            "Moment",
            right("Impact"),
            right("Confidence"),
            right("Effort"),
            right("Score"),
            "Sprint",
            "Owner",
        ],
        [
            [
                str(r.rank),
                r.item.id,
                r.moment.id,
                str(r.item.impact),
                str(r.item.confidence),
                str(r.item.effort),
                str(r.score),
                _standing(r, a),
                r.item.owner,
            ]
            for r in a.ranked
        ],
        notes=[f"{r.item.id}: {r.tie_break}" for r in a.ranked if r.tie_break],
    )


def sprint(a: OptimiseAnalysis) -> Table:
    """The one lever, its dates, baseline and target, and what reaching the target is worth."""
    plan, locale = a.sprint, a.plan.locale
    item = plan.lever.item
    return Table(
        ["Sprint", "Value"],
        [
            ["Lever", f"{item.id} (rank {plan.lever.rank} of {len(a.ranked)})"],
            ["Moment That Matters", f"{plan.moment.id} {plan.moment.name}"],
            ["Change", item.change],
            ["Owner", item.owner],
            ["Metric", item.metric],
            [
                "Weeks",
                f"{plan.length_weeks}, {plan.starts.isoformat()} to {plan.ends.isoformat()}",
            ],
            ["Baseline", formatting.percent(plan.baseline, locale)],
            ["Target", formatting.percent(plan.target, locale)],
            [
                "Improvement",
                f"{formatting.signed_percent(plan.relative_uplift, locale)} relative, "
                f"{formatting.number((plan.points * 100).normalize(), locale)} points",
            ],
            [
                "10% rule",
                status("met", "good") if plan.meets_goal else status("not met", "bad"),
            ],
            [
                f"Revenue per {a.plan.revenue_period} if the target is met",
                formatting.money(plan.revenue_if_met, locale),
            ],
        ],
    )


def weekly(a: OptimiseAnalysis) -> Report:
    """Each week's dates, then one row per indicator with its target for every week."""
    plan, locale = a.sprint, a.plan.locale
    weeks = Table(
        [right("Week"), "Starts", "Ends"],
        [[str(w.number), w.starts.isoformat(), w.ends.isoformat()] for w in plan.weeks],
    )
    targets = Table(
        ["Indicator", "Unit", *(right(f"Week {w.number}") for w in plan.weeks)],
        [
            [
                indicator.name,
                indicator.unit,
                *(formatting.number(w.targets[index], locale) for w in plan.weeks),
            ]
            for index, indicator in enumerate(plan.indicators)
        ],
    )
    return Report.of(weeks, targets)


def compounding(a: OptimiseAnalysis) -> Table:
    locale = a.plan.locale
    return Table(
        [
            right("Moments improved"),
            right("Multiplier"),
            right("Uplift"),
            right(f"Revenue per {a.plan.revenue_period}"),
            right("Added"),
        ],
        [
            [
                str(row.improved),
                f"{TIMES}{row.multiplier.normalize():f}",
                "+" + formatting.percent(row.uplift, locale),
                formatting.money(row.revenue, locale),
                formatting.money(row.added, locale),
            ]
            for row in a.compounding
        ],
    )


def live(a: OptimiseAnalysis) -> Report:
    """The top of the ranking, the chosen sprint and the compounded goal, under the form."""
    locale = a.plan.locale
    plan = a.sprint
    best = a.compounding[-1]
    top = Table(
        [right("Rank"), "Item", "Moment", right("Score"), "Sprint"],
        [
            [str(r.rank), r.item.id, r.moment.id, str(r.score), _standing(r, a)]
            for r in a.ranked[:3]
        ],
        title="Top of the backlog",
    )
    outcome = Table(
        ["Sprint", right("Value")],
        [
            ["Lever", f"{plan.lever.item.id} on {plan.moment.id}"],
            [
                "Baseline to target",
                f"{formatting.percent(plan.baseline, locale)} to "
                f"{formatting.percent(plan.target, locale)}",
            ],
            [
                "Relative gain",
                status(
                    formatting.signed_percent(plan.relative_uplift, locale),
                    "good" if plan.meets_goal else "bad",
                ),
            ],
            ["Revenue if the target is met", formatting.money(plan.revenue_if_met, locale)],
            [
                f"All {best.improved} moments +{formatting.percent(MIN_UPLIFT, locale)}",
                f"{formatting.money(best.revenue, locale)} "
                f"({TIMES}{best.multiplier.normalize():f})",
            ],
        ],
    )
    return Report.of(top, outcome)
