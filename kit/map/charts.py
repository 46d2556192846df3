"""The mutual action plan on one page: phase bars, milestones, inputs due and decisions.

A buyer reads the timing of the whole plan faster from a picture than from four phase tables,
and sees at a glance which dates depend on their side (inputs) and which need a yes (decisions).
The notebook and the document show the same chart, drawn once per distinct plan.

The figure is drawn at the size it prints (no wider than the page's text, every text 8 pt or
larger), so the document places it without scaling and the labels stay readable on paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from babel.dates import format_date
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit.charts import PALETTE, month_ticks, remembered
from kit.map.calculations import MapAnalysis, tracked

PHASE_COLOUR = PALETTE[1]
MILESTONE_COLOUR = PALETTE[0]
INPUT_COLOUR = PALETTE[4]
DECISION_COLOUR = PALETTE[3]
MUTED = "#595959"
TEXT_PT = 8
"""The smallest text on the chart: it prints at this size because the chart is placed 1:1."""
WIDTH_IN = 6.0
"""Figure width before the tight crop; labels outside the axes keep the PNG under 6.6 in."""
LABEL_GAP_PT = 14
"""Two marker labels on one row closer than this (centre to centre) would touch."""


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


def _merged(markers: Sequence[Marker]) -> list[Marker]:
    """One marker per date, its numbers joined: two items due the same day share a symbol
    rather than printing one number on top of the other."""
    ordered = sorted(markers, key=lambda marker: marker.day)
    return [
        Marker(", ".join(marker.label for marker in group), day)
        for day, group in groupby(ordered, key=lambda marker: marker.day)
    ]


def _label_row(
    axes: Axes,
    markers: Sequence[Marker],
    y: float,
    colour: str,
    days_per_pt: float,
    offset_pt: float = 7,
) -> None:
    """Label each marker above it, or below when the label before it is too close."""
    previous: float | None = None
    above = True
    for marker in markers:
        x = _x(marker.day)
        crowded = previous is not None and x - previous < LABEL_GAP_PT * days_per_pt
        above = not above if crowded else True
        axes.annotate(
            marker.label,
            (x, y),
            xytext=(0, offset_pt if above else -offset_pt),
            textcoords="offset points",
            ha="center",
            va="bottom" if above else "top",
            fontsize=TEXT_PT,
            color=colour,
        )
        previous = x


@remembered
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
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 0.5 * len(rows) + 1.3))
    figure.subplots_adjust(left=0.2, right=0.97)
    top = len(rows) - 1
    first = min([issued, *(bar.start for bar in bars)])
    last = max([*(bar.end for bar in bars), *(m.day for m in (*inputs, *decisions))])
    left, right = _x(first) - 4, _x(last) + 6
    axes_pt = WIDTH_IN * 72 * (0.97 - 0.2)
    days_per_pt = (right - left) / axes_pt
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
        for _, day in bar.milestones:
            axes.plot(_x(day), y, "D", color=MILESTONE_COLOUR, markersize=8, zorder=3)
        milestones = _merged([Marker(name, day) for name, day in bar.milestones])
        _label_row(axes, milestones, y, MILESTONE_COLOUR, days_per_pt, offset_pt=9)
    for y, markers, shape, colour in (
        (1, _merged(inputs), "o", INPUT_COLOUR),
        (0, _merged(decisions), "v", DECISION_COLOUR),
    ):
        for marker in markers:
            axes.plot(_x(marker.day), y, shape, color=colour, markersize=7, zorder=3)
        _label_row(axes, markers, y, colour, days_per_pt)
    axes.axvline(_x(issued), color=MUTED, linestyle="--", linewidth=1)
    axes.annotate(
        "plan issued",
        (_x(issued), top + 0.5),
        xytext=(3, 0),
        textcoords="offset points",
        fontsize=TEXT_PT,
        color=MUTED,
        va="center",
    )
    labels = [
        f"{bar.label}\n{_short(bar.start, locale)} \N{EN DASH} {_short(bar.end, locale)}"
        for bar in bars
    ]
    axes.set_yticks(
        range(len(rows)), list(reversed([*labels, *rows[len(bars) :]])), fontsize=TEXT_PT
    )
    axes.set_ylim(-0.7, top + 0.9)
    axes.set_xlim(left, right)
    axes.xaxis.set_major_locator(month_ticks())
    axes.xaxis.set_major_formatter(
        FuncFormatter(lambda value, _: format_date(mdates.num2date(value), "MMM yyyy", locale))
    )
    axes.tick_params(axis="x", labelsize=TEXT_PT)
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
        fontsize=TEXT_PT,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.1),
        ncol=3,
    )
    return figure


def _short(day: dt.date, locale: str) -> str:
    return format_date(day, "d MMM", locale=locale)


def plan_chart(analysis: MapAnalysis) -> bytes:
    """The phase Gantt as PNG; inputs and decisions are numbered as in the document's tables."""
    deal, summary = analysis.deal, analysis.summary
    milestones = {m.id: m.date for m in deal.milestones}
    bars = tuple(
        Bar(
            phase.name.capitalize(),
            phase.start,
            phase.end,
            tuple((ref, milestones[ref]) for ref in phase.milestones),
        )
        for phase in analysis.plan.phases
    )

    def markers(kind: str) -> tuple[Marker, ...]:
        return tuple(
            Marker(str(number), item.due)
            for number, (_, item) in enumerate(tracked(summary, kind), start=1)
            if item.due is not None
        )

    return gantt(bars, markers("dependency"), markers("decision"), deal.date, deal.locale)
