"""Figures for the readiness report: cohorts against P, payback per channel, capacity per plan.

They live apart from the document module so the notebook can show the same pictures the report
embeds; each function takes computed results only, so a figure never disagrees with a table.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kit import formatting
from kit.charts import PALETTE
from kit.readiness.calculations import (
    PAYBACK_GOAL_MONTHS,
    PERCENT_PLACES,
    Economics,
    PlanResult,
    PmfResult,
)

MET, MISSED, NEUTRAL = PALETTE[0], PALETTE[3], "#a6a6a6"
FLAG_COLOURS = {"sales_excess": PALETTE[3], "demand_excess": PALETTE[4]}
WIDTH_IN = 6.4
"""Drawn width: placed at its own size, each figure prints inside the text width with 8 pt text."""
LABEL_MARGIN = 0.3
"""Share of the width left of the axes for wrapped channel names, so they stay inside it."""


def months_label(months: Decimal, locale: str) -> str:
    """Payback months as the report's table and chart both print them: two decimals, half up,
    so 11.96 months never reads as a 12 that missed the goal."""
    return formatting.number(months.quantize(Decimal("0.01"), ROUND_HALF_UP), locale)


def cohort_figure(pmf: PmfResult, locale: str) -> Figure:
    """Share of each cohort reaching the event, against P; the cohorts that decide are shaded."""
    names = [c.name for c in pmf.cohorts]
    shares = [float(c.share) * 100 for c in pmf.cohorts]
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 3.2))
    window = len(pmf.recent)
    axes.axvspan(len(names) - window - 0.5, len(names) - 0.5, color=PALETTE[2], alpha=0.2, lw=0)
    colours = [MET if c.passed else MISSED for c in pmf.cohorts]
    axes.bar(names, shares, color=colours, width=0.6)
    for x, cohort in enumerate(pmf.cohorts):
        axes.annotate(
            f"{cohort.achieving}/{cohort.customers}",
            (x, float(cohort.share) * 100),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            fontsize=8,
        )
    goal = float(pmf.required_share) * 100
    axes.axhline(goal, color="black", ls="--", lw=1)
    axes.annotate(
        f"P = {formatting.percent(pmf.required_share, locale, places=PERCENT_PLACES)}",
        (-0.45, goal),
        xytext=(0, 3),
        textcoords="offset points",
        fontsize=8,
    )
    axes.set_ylim(0, 110)
    axes.set_ylabel("customers reaching the event (%)", fontsize=8)
    axes.tick_params(labelsize=8)
    axes.set_title(
        "Share of each cohort reaching the event; "
        + ("the latest decides" if window == 1 else f"the latest {window} decide"),
        fontsize=10,
        loc="left",
    )
    axes.spines[["top", "right"]].set_visible(False)
    _legend(axes, [(MET, "reaches P"), (MISSED, "below P")], 0.3)
    return figure


def payback_figure(channels: Sequence[Economics], locale: str) -> Figure:
    """Months to earn back CAC per channel, against the 12-month goal; referrals greyed out."""
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 0.55 * len(channels) + 1.3))
    goal = float(PAYBACK_GOAL_MONTHS)
    rows = list(reversed(channels))
    longest = goal
    for row, e in enumerate(rows):
        colour = NEUTRAL if not e.scalable else MET if e.payback_passed else MISSED
        if e.payback_months is None:
            axes.annotate(
                "never earned back",
                (0, row),
                xytext=(4, -3),
                textcoords="offset points",
                fontsize=8,
            )
            continue
        months = float(e.payback_months)
        longest = max(longest, months)
        axes.barh(row, months, color=colour, height=0.5)
        label = months_label(e.payback_months, locale)
        axes.annotate(label, (months, row), xytext=(4, -3), textcoords="offset points", fontsize=8)
    axes.axvline(goal, color="black", ls="--", lw=1)
    axes.set_xlim(0, longest * 1.15)
    axes.set_yticks(range(len(rows)), [_wrap(e.name) for e in rows], fontsize=8)
    axes.set_xlabel("months of gross profit to earn back CAC", fontsize=8)
    axes.tick_params(axis="x", labelsize=8)
    axes.set_title("CAC payback by channel (goal: under 12 months)", fontsize=10, loc="left")
    figure.subplots_adjust(left=LABEL_MARGIN)
    axes.spines[["top", "right"]].set_visible(False)
    _legend(axes, [(MET, "goal met"), (MISSED, "goal missed"), (NEUTRAL, "unscalable")], 0.45)
    return figure


def capacity_figure(plans: Sequence[PlanResult], tolerance: Decimal) -> Figure:
    """One panel per plan: demand with its tolerance band, sales capacity, and flagged months."""
    figure, panels = plt.subplots(
        len(plans), 1, figsize=(WIDTH_IN, 1.5 * len(plans) + 1.0), sharex=True, squeeze=False
    )
    months = [m.month for m in plans[0].months]
    x = range(len(months))
    top = max(float(max(m.sales_capacity, m.demand)) for p in plans for m in p.months) * 1.3
    low, high = 1 / (1 + float(tolerance)), 1 + float(tolerance)
    for axes, plan in zip(panels[:, 0], plans, strict=True):
        demand = [float(m.demand) for m in plan.months]
        capacity = [float(m.sales_capacity) for m in plan.months]
        axes.fill_between(
            x, [d * low for d in demand], [d * high for d in demand], color=PALETTE[2], alpha=0.3
        )
        axes.plot(x, demand, color="black", lw=1.5)
        axes.plot(x, capacity, color=PALETTE[0], lw=2, marker="o", ms=3)
        for i, m in enumerate(plan.months):
            if m.status != "balanced":
                colour = FLAG_COLOURS[m.status]
                axes.plot(i, float(m.sales_capacity), "o", ms=8, mfc="none", mec=colour, mew=2)
            if m.hires:
                axes.annotate(
                    f"+{m.hires}",
                    (i, 0),
                    xytext=(0, 3),
                    textcoords="offset points",
                    ha="center",
                    fontsize=8,
                )
        axes.set_ylim(0, top)
        axes.set_title(
            f"{plan.name}: {formatting.count(plan.total_hires, 'hire')}, "
            f"{formatting.count(len(plan.sales_excess_months), 'month')} sales ahead, "
            f"{len(plan.demand_excess_months)} demand ahead",
            fontsize=9,
            loc="left",
        )
        axes.set_ylabel("opportunities / month", fontsize=8)
        axes.tick_params(labelsize=8)
        axes.spines[["top", "right"]].set_visible(False)
    panels[-1, 0].set_xticks(list(x), months, rotation=45, ha="right")
    figure.tight_layout()
    figure.legend(
        handles=_capacity_legend(tolerance),
        fontsize=8,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, 0),
        ncols=3,
    )
    return figure


def _capacity_legend(tolerance: Decimal) -> list[Artist]:
    ring = {"ls": "", "marker": "o", "ms": 7, "mfc": "none", "mew": 2}
    return [
        Line2D([], [], color="black", lw=1.5, label="demand"),
        Patch(color=PALETTE[2], alpha=0.3, label=f"demand ± {float(tolerance):.0%}"),
        Line2D([], [], color=PALETTE[0], lw=2, label="sales capacity"),
        Line2D([], [], mec=FLAG_COLOURS["sales_excess"], label="sales ahead", **ring),
        Line2D([], [], mec=FLAG_COLOURS["demand_excess"], label="demand ahead", **ring),
    ]


def _legend(axes: plt.Axes, entries: list[tuple[str, str]], below_in: float) -> None:
    """A one-row legend ``below_in`` inches under the axes, clear of the tick labels."""
    handles = [plt.Rectangle((0, 0), 1, 1, color=colour, label=label) for colour, label in entries]
    height_in = axes.get_position().height * axes.figure.get_figheight()
    axes.legend(
        handles=handles,
        fontsize=8,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -below_in / height_in),
        ncols=len(entries),
    )


def _wrap(text: str, width: int = 26) -> str:
    """Long channel names over several lines, so the bars keep most of the figure's width."""
    return textwrap.fill(text, width)
