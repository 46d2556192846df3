"""Figures for the renewal pack: usage against plan, and add-on benefit against cost.

Both are pictures of a comparison a table states less clearly: which teams and modules lag the
plan by how much, and the month in which an add-on's running benefit overtakes what it cost.
The figures are built here and turned into deterministic PNGs with :func:`kit.charts.to_png`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from kit import charts, formatting
from kit.models.account import Account, AddOn
from kit.renewal.calculations import STRONG_USAGE, AddonRoi, addon_roi, usage_label, usage_level

LEVEL_COLOURS = {
    "strong": charts.PALETTE[4],
    "low": charts.PALETTE[3],
    "zero": charts.PALETTE[3],
    "fix": "#a6a6a6",
}
MIN_MONTHS = 12


def usage_figure(account: Account) -> Figure:
    """One bar per usage line: current usage as a share of the expected level."""
    lines = account.expansion.usage
    figure, axes = plt.subplots(figsize=(7.5, 0.45 * max(len(lines), 1) + 1.4))
    if not lines:
        _empty(axes, "No usage inventory recorded")
        return figure
    loc = account.locale
    ratios = [float(line.current / line.expected) for line in lines]
    for row, (line, ratio) in enumerate(zip(lines, ratios, strict=True)):
        level = "fix" if line.fix_first else usage_level(line)
        y = len(lines) - 1 - row
        axes.barh(y, 1, height=0.55, color="none", edgecolor="#a6a6a6", linewidth=0.8)
        axes.barh(y, ratio, height=0.55, color=LEVEL_COLOURS[level])
        note = " (fix first)" if line.fix_first else ""
        axes.annotate(
            f"{formatting.number(line.current, loc)} of "
            f"{formatting.number(line.expected, loc)} {line.unit}{note}",
            (max(ratio, 1.0), y),
            xytext=(5, -3),
            textcoords="offset points",
            fontsize=7.5,
        )
    axes.axvline(float(STRONG_USAGE), color="#404040", linewidth=1, linestyle="--")
    axes.set_yticks(range(len(lines)), [usage_label(line) for line in reversed(lines)], fontsize=8)
    axes.set_xlim(0, max([1.0, *ratios]) + 0.75)
    axes.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda x, _: f"{x:.0%}"))
    axes.tick_params(axis="x", labelsize=8)
    axes.set_xlabel("Current usage as a share of expected usage", fontsize=8)
    axes.set_title(
        "Usage against plan (outline: expected level; dashed line: strong from "
        f"{formatting.percent(STRONG_USAGE, loc)})",
        fontsize=9,
        loc="left",
    )
    handles = [
        plt.Rectangle((0, 0), 1, 1, color=LEVEL_COLOURS[key], label=label)
        for key, label in (("strong", "Strong"), ("low", "Low or none"), ("fix", "Fix first"))
    ]
    handles.append(
        plt.Rectangle((0, 0), 1, 1, facecolor="none", edgecolor="#a6a6a6", label="Expected")
    )
    axes.legend(
        handles=handles,
        fontsize=7.5,
        frameon=False,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.16),
        ncol=len(handles),
    )
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
        span = max(span, math.ceil(roi.payback_months) + 2)
    months = list(range(span + 1))
    running = [max(0, month - addon.ramp_months) for month in months]
    return PaybackSeries(
        months=months,
        benefit=[monthly * m for m in running],
        cost=[roi.one_off_cost.amount + price * m for m in running],
    )


def payback_figure(account: Account, rois: list[AddonRoi] | None = None) -> Figure:
    """One panel per add-on: cumulative benefit against cumulative cost, payback marked."""
    addons = account.addons
    if rois is None:
        rois = [addon_roi(addon) for addon in addons]
    figure, panels = plt.subplots(
        1, max(len(addons), 1), figsize=(7.5, 3.2), squeeze=False, constrained_layout=True
    )
    if not addons:
        _empty(panels[0][0], "No add-ons proposed")
        return figure
    loc = account.locale
    thousands = FuncFormatter(lambda x, _: formatting.number(round(x / 1000, 1), loc) + "k")
    for axes, addon, roi in zip(panels[0], addons, rois, strict=True):
        series = payback_series(addon, roi)
        axes.plot(series.months, series.benefit, color=charts.PALETTE[4], label="Benefit")
        axes.plot(series.months, series.cost, color=charts.PALETTE[3], label="Cost")
        if roi.payback_months is not None:
            when = float(roi.payback_months)
            axes.axvline(when, color="#404040", linestyle=":", linewidth=1)
            axes.annotate(
                f"pays back after {formatting.number(roi.payback_rounded, loc)} months",
                (when, float(max(series.cost[-1], series.benefit[-1])) * 0.92),
                xytext=(4, 0),
                textcoords="offset points",
                fontsize=7.5,
            )
        else:
            axes.annotate("never pays back", (0.05, 0.9), xycoords="axes fraction", fontsize=7.5)
        axes.set_title(f"{addon.id} {addon.name}", fontsize=8.5, loc="left")
        axes.set_xlabel("Months from purchase", fontsize=8)
        axes.set_ylabel(f"Cumulative, {roi.one_off_cost.currency}", fontsize=8)
        axes.yaxis.set_major_formatter(thousands)
        axes.tick_params(labelsize=7.5)
        axes.set_xlim(0, series.months[-1])
        axes.set_ylim(bottom=0)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=7.5, frameon=False, loc="lower right")
    return figure


def _empty(axes, text: str) -> None:
    axes.text(0.5, 0.5, text, ha="center", va="center", fontsize=9)
    axes.set_axis_off()


def usage_chart(account: Account) -> bytes:
    return charts.to_png(usage_figure(account))


def payback_chart(account: Account, rois: list[AddonRoi] | None = None) -> bytes:
    return charts.to_png(payback_figure(account, rois))
