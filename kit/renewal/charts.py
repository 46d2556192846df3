"""Figures for the renewal pack: usage against plan, and add-on benefit against cost.

Both are pictures of a comparison a table states less clearly: which teams and modules lag the
plan by how much, and the month in which an add-on's running benefit overtakes what it cost.
The figures are built here; :func:`usage_chart` and :func:`payback_chart` turn them into
deterministic PNGs, drawn once per distinct analysis and shared by the notebook and the pack.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit import charts, formatting
from kit.models.account import AddOn
from kit.renewal.calculations import (
    STRONG_USAGE,
    AddonRoi,
    RenewalAnalysis,
    UsageRow,
    unit_for,
)

LEVEL_COLOURS = {
    "strong": charts.PALETTE[4],
    "low": charts.PALETTE[3],
    "zero": charts.PALETTE[3],
    "fix": "#a6a6a6",
}
MIN_MONTHS = 12
MAX_MONTHS = 120
"""The longest span a payback chart draws: a later payback is stated, not plotted."""


FIGURE_WIDTH = 6.4
"""Inches: within the 6.6 in a page's text takes, so the chart prints at its drawn size."""
TEXT_PT = 8
"""The smallest text on a chart, at print size."""
TITLE_PT = 9


def usage_figure(lines: Sequence[UsageRow], loc: str) -> Figure:
    """One bar per usage line: current usage as a share of the expected level."""
    height = 0.36 * max(len(lines), 1) + 1.4
    figure, axes = plt.subplots(figsize=(FIGURE_WIDTH, height))
    if not lines:
        _empty(axes, "No usage inventory recorded")
        return figure
    ratios = [float(line.share) for line in lines]
    for row, (line, ratio) in enumerate(zip(lines, ratios, strict=True)):
        level = "fix" if line.fix_first else line.level
        y = len(lines) - 1 - row
        axes.barh(y, 1, height=0.55, color="none", edgecolor="#a6a6a6", linewidth=0.8)
        axes.barh(y, ratio, height=0.55, color=LEVEL_COLOURS[level])
        note = " (fix first)" if line.fix_first else ""
        axes.annotate(
            f"{formatting.number(line.current, loc)} of "
            f"{formatting.number(line.expected, loc)} {unit_for(line.expected, line.unit)}{note}",
            (max(ratio, 1.0), y),
            xytext=(5, -3),
            textcoords="offset points",
            fontsize=TEXT_PT,
        )
    axes.axvline(float(STRONG_USAGE), color="#404040", linewidth=1, linestyle="--")
    labels = [textwrap.fill(line.label, charts.LABEL_WIDTH) for line in reversed(lines)]
    axes.set_yticks(range(len(lines)), labels, fontsize=TEXT_PT)
    axes.set_xlim(0, max([1.0, *ratios]) + 0.95)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0%}"))
    axes.tick_params(axis="x", labelsize=TEXT_PT)
    axes.set_xlabel("Current usage as a share of the expected level", fontsize=TEXT_PT)
    axes.set_title("Usage against the expected level", fontsize=TITLE_PT, loc="left")
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=LEVEL_COLOURS[key], label=label)
        for key, label in (("strong", "Strong"), ("low", "Low or none"), ("fix", "Fix first"))
    ]
    handles += [
        plt.Rectangle((0, 0), 1, 1, facecolor="none", edgecolor="#a6a6a6", label="Expected"),
        plt.Line2D(
            [],
            [],
            color="#404040",
            linewidth=1,
            linestyle="--",
            label=f"Strong from {formatting.percent(STRONG_USAGE, loc)}",
        ),
    ]
    figure.legend(
        handles=handles, fontsize=TEXT_PT, frameon=False, loc="lower center", ncol=len(handles)
    )
    figure.tight_layout(rect=(0, 0.3 / height, 1, 1))
    axes.spines[["top", "right"]].set_visible(False)
    return figure


@dataclass(frozen=True)
class PaybackSeries:
    """Cumulative benefit and cost by month, on the same footing as ``addon_roi``'s payback.

    Benefit and the monthly price both start after the ramp months; the one-off cost is paid
    at month zero. The lines therefore cross exactly at ``ramp + one-off / net monthly``.
    """

    months: list[int]
    benefit: list[Decimal]
    cost: list[Decimal]


def payback_series(addon: AddOn, roi: AddonRoi) -> PaybackSeries:
    monthly = roi.risk_adjusted_annual_benefit.amount / 12
    price = roi.monthly_price.amount
    span = MIN_MONTHS
    if roi.payback_months is not None:
        span = min(MAX_MONTHS, max(span, math.ceil(roi.payback_months) + 2))
    months = list(range(span + 1))
    running = [max(0, month - addon.ramp_months) for month in months]
    return PaybackSeries(
        months=months,
        benefit=[monthly * m for m in running],
        cost=[roi.one_off_cost.amount + price * m for m in running],
    )


def payback_figure(addons: Sequence[AddOn], rois: Sequence[AddonRoi], loc: str) -> Figure:
    """One panel per add-on, two to a row: cumulative benefit against cumulative cost, with the
    payback month marked and one legend under the panels."""
    columns = 1 if len(addons) <= 1 else 2
    rows = max(math.ceil(len(addons) / columns), 1)
    figure, panels = plt.subplots(
        rows, columns, figsize=(FIGURE_WIDTH, 2.8 * rows + 0.5), squeeze=False
    )
    cells = list(panels.flat)
    if not addons:
        _empty(cells[0], "No add-ons proposed")
        return figure
    thousands = FuncFormatter(lambda x, _: formatting.number(round(x / 1000, 1), loc) + "k")
    for axes, addon, roi in zip(cells, addons, rois, strict=False):
        series = payback_series(addon, roi)
        axes.plot(series.months, series.benefit, color=charts.PALETTE[4], label="Benefit")
        axes.plot(series.months, series.cost, color=charts.PALETTE[3], label="Cost")
        top = float(max(series.cost[-1], series.benefit[-1]))
        if roi.payback_months is not None and roi.payback_months > series.months[-1]:
            axes.annotate(
                f"pays back after {formatting.count(roi.payback_rounded, 'month')}",
                (0.05, 0.9),
                xycoords="axes fraction",
                fontsize=TEXT_PT,
            )
        elif roi.payback_months is not None:
            when = float(roi.payback_months)
            early = when < series.months[-1] / 2
            axes.axvline(when, color="#404040", linestyle=":", linewidth=1)
            axes.annotate(
                f"pays back after {formatting.count(roi.payback_rounded, 'month')}",
                (when, top * 0.95),
                xytext=(4 if early else -4, 0),
                textcoords="offset points",
                ha="left" if early else "right",
                fontsize=TEXT_PT,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 1},
            )
        else:
            axes.annotate(
                "never pays back", (0.05, 0.9), xycoords="axes fraction", fontsize=TEXT_PT
            )
        axes.set_title(textwrap.fill(f"{addon.id} {addon.name}", 34), fontsize=TITLE_PT, loc="left")
        axes.set_xlabel("Months from purchase", fontsize=TEXT_PT)
        axes.set_ylabel(f"Cumulative, {roi.one_off_cost.currency}", fontsize=TEXT_PT)
        axes.yaxis.set_major_formatter(thousands)
        axes.tick_params(labelsize=TEXT_PT)
        axes.set_xlim(0, series.months[-1])
        axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
    for axes in cells[len(addons) :]:
        axes.axis("off")
    handles, labels = cells[0].get_legend_handles_labels()
    figure.legend(handles, labels, loc="lower center", ncol=2, fontsize=TEXT_PT, frameon=False)
    figure.tight_layout(rect=(0, 0.3 / (2.8 * rows + 0.5), 1, 1))
    return figure


def _empty(axes, text: str) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", fontsize=TITLE_PT)
    axes.set_axis_off()


@charts.remembered
def usage_chart(analysis: RenewalAnalysis) -> Figure:
    return usage_figure(analysis.usage, analysis.account.locale)


@charts.remembered
def payback_chart(analysis: RenewalAnalysis) -> Figure:
    account = analysis.account
    return payback_figure(account.addons, analysis.rois, account.locale)
