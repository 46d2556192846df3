"""Figures for the production-line design workbook: the funnel, the growth plan, the forecast.

Each function takes already computed results and display-ready labels, so the pictures show
exactly the figures the tables print; the document module turns them into PNG bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.artist import Artist
from matplotlib.figure import Figure

from kit.charts import PALETTE

WIDTH_IN = 6.4
"""Drawn width: placed at its own size, the figure prints inside the text width with 8 pt text."""
HIGHLIGHT = PALETTE[3]
"""The constrained stage is drawn in the warm accent so it stands out from the blue funnel."""


@dataclass(frozen=True)
class FunnelBar:
    stage: str
    volume: float
    label: str
    """Volume as the table prints it."""
    step: str
    """Conversion to the next stage with its target range, e.g. '38% (target 45-50%)'."""
    constrained: bool


def funnel(bars: Sequence[FunnelBar], title: str) -> Figure:
    """Centred bars, widest at the top, with the step conversion written between the bars.

    Bar widths use the square root of the volume: a 70:1 drop from leads to wins would
    otherwise leave the late stages as slivers nobody can read.
    """
    widest = max((bar.volume for bar in bars), default=1) ** 0.5 or 1
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 0.58 * len(bars) + 0.8))
    for row, bar in enumerate(bars):
        width = (bar.volume**0.5) / widest
        colour = HIGHLIGHT if bar.constrained else PALETTE[row % 3]
        y = -row
        axes.barh(y, width, left=-width / 2, height=0.55, color=colour)
        axes.text(-0.55, y, bar.stage, ha="right", va="center", fontsize=9)
        dark = colour != PALETTE[2]
        axes.text(
            0,
            y,
            bar.label,
            ha="center",
            va="center",
            fontsize=9,
            fontweight="bold",
            color="white" if dark else "black",
        )
        if bar.step:
            axes.text(0.55, y - 0.5, bar.step, ha="left", va="center", fontsize=8, color="#404040")
            axes.annotate(
                "",
                xy=(0.52, y - 0.78),
                xytext=(0.52, y - 0.22),
                arrowprops={"arrowstyle": "->", "color": "#808080", "lw": 0.8},
            )
    axes.set_xlim(-1.25, 1.45)
    axes.set_ylim(-len(bars) + 0.4, 0.6)
    axes.axis("off")
    axes.set_title(title, fontsize=10, loc="left")
    return figure


@dataclass(frozen=True)
class GrowthBar:
    component: str
    baseline: float
    target: float
    gap_label: str


def growth(bars: Sequence[GrowthBar], title: str, axis_label: str) -> Figure:
    """Baseline and target side by side per component, with the gap written beside the target."""
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 0.8 * len(bars) + 1.3))
    top = max((max(bar.baseline, bar.target) for bar in bars), default=1) or 1
    for row, bar in enumerate(bars):
        y = -row
        axes.barh(y + 0.18, bar.baseline, height=0.34, color=PALETTE[2], label="Today")
        axes.barh(y - 0.18, bar.target, height=0.34, color=PALETTE[0], label="Target")
        axes.text(bar.target + top * 0.015, y - 0.18, bar.gap_label, va="center", fontsize=8)
    axes.set_yticks([-row for row in range(len(bars))], [bar.component for bar in bars])
    axes.set_xlim(0, top * 1.35)
    axes.set_xlabel(axis_label, fontsize=8)
    axes.tick_params(labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    handles, labels = axes.get_legend_handles_labels()
    _legend_below(axes, handles[:2], labels[:2], 0.45)
    axes.set_title(title, fontsize=10, loc="left")
    return figure


def forecast(
    months: Sequence[str],
    stacks: Sequence[tuple[str, Sequence[float]]],
    totals: Sequence[str],
    title: str,
    axis_label: str,
) -> Figure:
    """Weighted value per close month, stacked by pipeline stage, each month's total on top."""
    figure, axes = plt.subplots(figsize=(WIDTH_IN, 3.2))
    positions = range(len(months))
    bottoms = [0.0] * len(months)
    for index, (stage, values) in enumerate(stacks):
        axes.bar(
            positions,
            values,
            bottom=bottoms,
            width=0.6,
            color=PALETTE[index % len(PALETTE)],
            label=stage,
        )
        bottoms = [b + v for b, v in zip(bottoms, values, strict=True)]
    top = max(bottoms, default=1) or 1
    for x, (height, label) in enumerate(zip(bottoms, totals, strict=True)):
        axes.text(x, height + top * 0.02, label, ha="center", va="bottom", fontsize=8)
    axes.set_xticks(list(positions), list(months), fontsize=8)
    axes.set_ylim(0, top * 1.18)
    axes.set_ylabel(axis_label, fontsize=8)
    axes.tick_params(axis="y", labelsize=8)
    axes.spines[["top", "right"]].set_visible(False)
    if stacks:
        handles, labels = axes.get_legend_handles_labels()
        _legend_below(axes, handles, labels, 0.3)
    else:
        axes.text(0.5, 0.5, "No open deals", transform=axes.transAxes, ha="center", fontsize=9)
    axes.set_title(title, fontsize=10, loc="left")
    return figure


def _legend_below(
    axes: plt.Axes, handles: list[Artist], labels: list[str], below_in: float
) -> None:
    """A one-row legend ``below_in`` inches under the axes, clear of the tick labels."""
    height_in = axes.get_position().height * axes.figure.get_figheight()
    axes.legend(
        handles,
        labels,
        fontsize=8,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -below_in / height_in),
        ncols=max(len(labels), 1),
    )
