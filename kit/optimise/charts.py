"""Figures for the optimisation sprint plan: the funnel's goals and what compounding is worth.

Both are pictures because the point is a comparison the eye makes at once: how far each moment
must move, and how far compounded gains pull away from gains simply added up.
"""

from __future__ import annotations

import textwrap
from decimal import Decimal

import matplotlib.pyplot as plt
from babel.numbers import format_compact_currency
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit import formatting
from kit.charts import PALETTE
from kit.optimise.calculations import CompoundingRow, MomentGoal

WIDTH_IN = 6.4
"""Drawn width: placed at its own size, each figure prints inside the text width with 8 pt text."""
PERCENT_PLACES = 1
"""Percentages in the plan and its charts carry one decimal at most."""
LABEL_WIDTH = 30
"""Characters per line of a moment's name on the axis: long names wrap instead of shrinking."""
LABEL_MARGIN = 0.32
"""Share of the width left of the axes for the wrapped names, so they stay inside the figure."""


def goals_figure(goals: list[MomentGoal], sprint_moment: str, locale: str) -> Figure:
    """Each moment's conversion today beside the conversion that is 10 % better, funnel order."""
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 0.5 * len(goals) + 0.9))
    rows = range(len(goals))
    today = [float(goal.current) * 100 for goal in goals]
    wanted = [float(goal.goal) * 100 for goal in goals]
    axes.barh([r + 0.18 for r in rows], today, height=0.34, color=PALETTE[0], label="Today")
    axes.barh([r - 0.18 for r in rows], wanted, height=0.34, color=PALETTE[2], label="+10% goal")
    for row, goal in zip(rows, goals, strict=True):
        for offset, value in ((0.18, goal.current), (-0.18, goal.goal)):
            axes.annotate(
                formatting.percent(value, locale, places=PERCENT_PLACES),
                (float(value) * 100, row + offset),
                xytext=(4, 0),
                textcoords="offset points",
                va="center",
                fontsize=8,
            )
    labels = [
        textwrap.fill(f"{goal.moment.id} {goal.moment.name}", LABEL_WIDTH)
        + ("\n(this sprint)" if goal.moment.id == sprint_moment else "")
        for goal in goals
    ]
    axes.set_yticks(list(rows), labels, fontsize=8)
    axes.invert_yaxis()
    figure.subplots_adjust(left=LABEL_MARGIN)
    axes.set_xlim(0, 110)
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0f}%"))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_title("Conversion at each Moment That Matters", fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    _legend_below(axes, 0.4)
    return figure


def compounding_figure(rows: list[CompoundingRow], locale: str) -> Figure:
    """Revenue as more moments improve: compounded bars against a line of gains added up."""
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 3.4))
    base = rows[0].revenue
    currency = base.currency
    counts = [row.improved for row in rows]
    compounded = [float(row.revenue.amount) for row in rows]
    step = rows[1].uplift if len(rows) > 1 else Decimal(0)
    added_up = [float(base.amount * (1 + step * row.improved)) for row in rows]
    axes.bar(counts[:1], compounded[:1], width=0.6, color=PALETTE[2], label="Today")
    axes.bar(counts[1:], compounded[1:], width=0.6, color=PALETTE[0], label="Compounded")
    axes.plot(
        counts,
        added_up,
        "o--",
        color=PALETTE[3],
        markersize=5,
        label="Gains simply added up",
    )
    for row in rows[1:]:
        axes.annotate(
            "+" + formatting.percent(row.uplift, locale, places=PERCENT_PLACES),
            (row.improved, float(row.revenue.amount) / 2),
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color="white",
        )
    axes.set_xticks(counts, ["today" if n == 0 else str(n) for n in counts], fontsize=8)
    axes.set_xlabel("Moments That Matter improved by 10%", fontsize=8)
    axes.yaxis.set_major_formatter(
        FuncFormatter(
            lambda y, _: format_compact_currency(y, currency, locale=locale, fraction_digits=1)
        )
    )
    axes.tick_params(axis="y", labelsize=8)
    axes.set_ylim(0, max(compounded) * 1.12)
    axes.set_title("Revenue when several moments each improve by 10%", fontsize=10, loc="left")
    axes.spines[["top", "right"]].set_visible(False)
    _legend_below(axes, 0.5)
    return figure


def _legend_below(axes: plt.Axes, below_in: float) -> None:
    """A one-row legend ``below_in`` inches under the axes, clear of the tick labels."""
    handles, labels = axes.get_legend_handles_labels()
    height_in = axes.get_position().height * axes.figure.get_figheight()
    axes.legend(
        handles,
        labels,
        fontsize=8,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -below_in / height_in),
        ncols=len(labels),
    )
