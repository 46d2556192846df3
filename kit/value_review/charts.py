"""Figures for the value review: one trend panel per metric, and weekly usage against 11.1.

A table of four monthly values hides the shape of a trend; a panel with the target line and the
tolerance band shows at a glance whether a metric is closing in or drifting away. Colours carry
the computed status, so a reader sees the verdict before reading the numbers.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from decimal import Decimal

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from kit.charts import PALETTE, remembered
from kit.models.account import EarlyWarning, Metric, StatusRules
from kit.value_review.calculations import (
    HIGH_DROP,
    MEDIUM_DROP,
    MetricReview,
    RiskAssessment,
    ValueReviewAnalysis,
)

STATUS_COLOURS = {"on_track": "#548235", "at_risk": "#bf8f00", "off_track": "#c00000"}
RISK_COLOURS = {"low": "#548235", "medium": "#bf8f00", "high": "#c00000"}
TARGET_COLOUR = PALETTE[0]
BAND_COLOUR = PALETTE[2]
QUIET = "#8c8c8c"


FIGURE_WIDTH = 6.4
"""Inches: within the 6.6 in a page's text takes, so the chart prints at its drawn size."""
TEXT_PT = 8
"""The smallest text on a chart, at print size."""
TITLE_PT = 9
TITLE_WIDTH = 28
"""Characters per line of a panel title: long metric names wrap rather than overlap."""


def metric_trends(
    metrics: Sequence[Metric], reviews: Sequence[MetricReview], rules: StatusRules
) -> Figure:
    """A grid with one panel per metric: measured values, target, tolerance band, baseline.

    The line takes the metric's status colour; a filled dot is a period inside the band and a
    cross a miss, the same test the status rules apply. With an odd number of metrics the spare
    cell holds the legend, otherwise the legend sits under the grid.
    """
    if len(metrics) != len(reviews):
        raise ValueError("metrics and reviews must pair up one to one")
    columns = 1 if len(metrics) == 1 else 2
    rows = math.ceil(len(metrics) / columns)
    figure, grid = plt.subplots(
        rows, columns, figsize=(FIGURE_WIDTH, 2.6 * rows + 0.5), squeeze=False
    )
    cells = list(grid.flat)
    for axes, metric, review in zip(cells, metrics, reviews, strict=False):
        _trend_panel(axes, metric, review, rules)
    spare = cells[len(metrics) :]
    for axes in spare:
        axes.axis("off")
    handles = _trend_legend()
    if spare:
        spare[0].legend(handles=handles, loc="center", fontsize=TEXT_PT, frameon=False, ncol=2)
        figure.tight_layout()
    else:
        figure.legend(handles=handles, loc="lower center", ncol=4, fontsize=TEXT_PT, frameon=False)
        figure.tight_layout(rect=(0, 0.1 if rows == 1 else 0.07, 1, 1))
    return figure


def _trend_panel(axes: Axes, metric: Metric, review: MetricReview, rules: StatusRules) -> None:
    colour = STATUS_COLOURS[review.status]
    target = float(metric.target)
    band = float(rules.tolerance) * abs(target)
    edge = target - band if metric.direction == "higher" else target + band
    axes.axhspan(min(target, edge), max(target, edge), color=BAND_COLOUR, alpha=0.35, lw=0)
    axes.axhline(target, color=TARGET_COLOUR, ls="--", lw=1.2)
    axes.axhline(float(metric.baseline), color=QUIET, ls=":", lw=1)
    labels = [period.label for period in metric.periods]
    values = [float(period.value) for period in metric.periods]
    if values:
        positions = range(len(values))
        axes.plot(positions, values, color=colour, lw=2)
        for x, period in enumerate(review.periods):
            axes.plot(x, float(period.value), "X" if period.miss else "o", color=colour, ms=7)
        axes.annotate(
            _short(metric.periods[-1].value),
            (len(values) - 1, values[-1]),
            xytext=(6, 4),
            textcoords="offset points",
            fontsize=TEXT_PT,
            color=colour,
            fontweight="bold",
        )
        axes.set_xticks(list(positions), labels, fontsize=TEXT_PT)
        axes.set_xlim(-0.4, len(values) - 0.4)
    else:
        axes.set_xticks([])
        axes.text(
            0.5,
            0.5,
            "No measurements yet",
            transform=axes.transAxes,
            ha="center",
            fontsize=TEXT_PT,
        )
    name = textwrap.fill(f"{metric.id} {metric.name}", width=TITLE_WIDTH)
    axes.set_title(name, fontsize=TITLE_PT, loc="left")
    axes.set_title(review.label, fontsize=TITLE_PT, loc="right", color=colour, fontweight="bold")
    axes.set_ylabel(metric.unit or "value", fontsize=TEXT_PT)
    axes.margins(y=0.12)
    axes.tick_params(axis="y", labelsize=TEXT_PT)
    axes.spines[["top", "right"]].set_visible(False)


def _short(value: Decimal) -> str:
    """Compact label for a chart point; the tables carry the locale-formatted figure."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _trend_legend() -> list[Line2D | Patch]:
    grey = "#404040"
    return [
        Line2D([], [], color=TARGET_COLOUR, ls="--", label="Target"),
        Patch(color=BAND_COLOUR, alpha=0.35, label="Tolerance band"),
        Line2D([], [], color=QUIET, ls=":", label="Baseline"),
        Line2D([], [], color=grey, marker="o", ls="", label="Inside the band"),
        Line2D([], [], color=grey, marker="X", ls="", label="Miss"),
        *(
            Line2D([], [], color=colour, lw=2, label=label)
            for label, colour in (
                ("On track", STATUS_COLOURS["on_track"]),
                ("At risk", STATUS_COLOURS["at_risk"]),
                ("Off track", STATUS_COLOURS["off_track"]),
            )
        ),
    ]


def usage_against_thresholds(signals: EarlyWarning, risk: RiskAssessment) -> Figure:
    """Weekly usage as bars, with the baseline and the 20% and 40% drop lines of 11.1.

    The last two weeks are the rule's window and take the risk level's colour, labelled with
    their drop; earlier weeks stay grey because they only set the baseline.
    """
    figure, axes = plt.subplots(figsize=(FIGURE_WIDTH, 3.0))
    weeks = risk.weeks
    if not weeks:
        axes.text(
            0.5,
            0.5,
            "No weekly usage recorded",
            transform=axes.transAxes,
            ha="center",
            fontsize=TITLE_PT,
        )
        axes.axis("off")
        return figure
    colours = [RISK_COLOURS[risk.level] if week.in_window else QUIET for week in weeks]
    axes.bar(range(len(weeks)), [float(week.value) for week in weeks], color=colours, width=0.6)
    axes.set_xticks(range(len(weeks)), [week.label for week in weeks], fontsize=TEXT_PT)
    if risk.baseline is not None:
        baseline = float(risk.baseline)
        lines = (
            (baseline, "Baseline", TARGET_COLOUR, "-"),
            (baseline * float(1 - MEDIUM_DROP), "20% below (medium)", RISK_COLOURS["medium"], "--"),
            (baseline * float(1 - HIGH_DROP), "40% below (high)", RISK_COLOURS["high"], "--"),
        )
        for level, label, colour, style in lines:
            axes.axhline(level, color=colour, ls=style, lw=1.2, label=label)
        for drop in risk.drops:
            x = next(i for i, week in enumerate(weeks) if week.label == drop.week)
            axes.annotate(
                f"\N{MINUS SIGN}{float(drop.drop):.0%}"
                if drop.drop > 0
                else f"+{float(-drop.drop):.0%}",
                (x, float(drop.value) / 2),
                ha="center",
                va="center",
                fontsize=TITLE_PT,
                fontweight="bold",
                color="white",
            )
        axes.legend(
            fontsize=TEXT_PT,
            frameon=False,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            ncol=3,
        )
    axes.set_ylabel(textwrap.fill(signals.usage_metric, 24), fontsize=TEXT_PT)
    axes.tick_params(axis="y", labelsize=TEXT_PT)
    axes.set_title(
        textwrap.fill(f"{signals.usage_metric}: the last two weeks against the drop lines", 80),
        fontsize=TITLE_PT,
        loc="left",
    )
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


@remembered
def trend_chart(analysis: ValueReviewAnalysis) -> Figure:
    """The metric panels as a PNG, shared by the notebook and the document."""
    account = analysis.account
    return metric_trends(account.metrics, analysis.review.metrics, account.status_rules)


@remembered
def usage_chart(analysis: ValueReviewAnalysis) -> Figure:
    """Weekly usage against the drop lines as a PNG, shared by the notebook and the document."""
    return usage_against_thresholds(analysis.account.early_warning, analysis.review.risk)
