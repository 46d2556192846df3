"""The mutual action plan on one page: phase bars, milestones, inputs due and decisions.

A buyer reads the timing of the whole plan faster from a picture than from four phase tables,
and sees at a glance which dates depend on their side (inputs) and which need a yes (decisions).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from babel.dates import format_date
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit.charts import PALETTE

PHASE_COLOUR = PALETTE[1]
MILESTONE_COLOUR = PALETTE[0]
INPUT_COLOUR = PALETTE[4]
DECISION_COLOUR = PALETTE[3]


@dataclass(frozen=True)
class Bar:
    label: str
    start: dt.date
    end: dt.date
    milestones: tuple[tuple[str, dt.date], ...]


@dataclass(frozen=True)
class Marker:
    label: str
    day: dt.date


def _x(day: dt.date) -> float:
    return float(mdates.date2num(day))


def gantt(
    bars: Sequence[Bar],
    inputs: Sequence[Marker],
    decisions: Sequence[Marker],
    issued: dt.date,
    locale: str,
) -> Figure:
    """Phases as bars (milestones as diamonds on them), then a row of inputs and of decisions.

    Inputs and decisions carry the numbers of their rows in the document's tables, so the
    chart stays small and the words live in one place. Bars run to the end of their last day.
    """
    rows = [*(bar.label for bar in bars), "Inputs due", "Decisions"]
    figure, axes = plt.subplots(figsize=(7.5, 0.55 * len(rows) + 1.3))
    top = len(rows) - 1
    for index, bar in enumerate(bars):
        y = top - index
        axes.barh(
            y,
            (bar.end - bar.start).days + 1,
            left=_x(bar.start),
            height=0.5,
            color=PHASE_COLOUR,
            alpha=0.75,
        )
        for name, day in bar.milestones:
            axes.plot(_x(day), y, "D", color=MILESTONE_COLOUR, markersize=8, zorder=3)
            axes.annotate(
                name,
                (_x(day), y),
                xytext=(0, 10),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color=MILESTONE_COLOUR,
            )
    for y, markers, shape, colour in (
        (1, inputs, "o", INPUT_COLOUR),
        (0, decisions, "v", DECISION_COLOUR),
    ):
        for marker in markers:
            axes.plot(_x(marker.day), y, shape, color=colour, markersize=7, zorder=3)
            axes.annotate(
                marker.label,
                (_x(marker.day), y),
                xytext=(0, 7),
                textcoords="offset points",
                ha="center",
                fontsize=7,
                color=colour,
            )
    axes.axvline(_x(issued), color="#7f7f7f", linestyle="--", linewidth=1)
    axes.annotate(
        "plan issued",
        (_x(issued), top + 0.45),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=7,
        color="#7f7f7f",
        va="center",
    )
    labels = [
        f"{bar.label}\n{_short(bar.start, locale)} \N{EN DASH} {_short(bar.end, locale)}"
        for bar in bars
    ]
    axes.set_yticks(range(len(rows)), list(reversed([*labels, *rows[len(bars) :]])), fontsize=8)
    axes.set_ylim(-0.6, top + 0.8)
    first = min([issued, *(bar.start for bar in bars)])
    last = max([*(bar.end for bar in bars), *(m.day for m in (*inputs, *decisions))])
    axes.set_xlim(_x(first) - 4, _x(last) + 6)
    axes.xaxis.set_major_locator(mdates.MonthLocator())
    axes.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _: format_date(mdates.num2date(value), "MMM yyyy", locale))
    )
    axes.tick_params(axis="x", labelsize=8)
    axes.grid(axis="x", color="#d9d9d9", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    axes.set_title(
        "Plan timeline: phases, milestones, inputs and decisions", fontsize=10, loc="left"
    )
    handles = [
        plt.Line2D([], [], marker="D", ls="", color=MILESTONE_COLOUR, label="milestone"),
        plt.Line2D([], [], marker="o", ls="", color=INPUT_COLOUR, label="input due (table no.)"),
        plt.Line2D([], [], marker="v", ls="", color=DECISION_COLOUR, label="decision (table no.)"),
    ]
    axes.legend(
        handles=handles,
        fontsize=7,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.12),
        ncol=3,
    )
    return figure


def _short(day: dt.date, locale: str) -> str:
    return format_date(day, "d MMM", locale=locale)
