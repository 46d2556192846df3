"""The pipeline review's results as tables: HTML in JupyterLab, aligned text for nbval."""

from __future__ import annotations

from decimal import Decimal

from kit import formatting
from kit.tables import Lines, Table, right, status

from pipeline_review.calculations import PipelineAnalysis


def times(value: Decimal, locale: str) -> str:
    """A multiple of the target, to two decimals and with a multiplication sign."""
    return f"{formatting.number(value.quantize(Decimal('0.01')), locale)}\N{MULTIPLICATION SIGN}"


def coverage_sentence(analysis: PipelineAnalysis) -> str:
    params = analysis.params
    locale = params.locale
    said = (
        f"Pipeline closing in {params.period.label} is "
        f"{formatting.money(analysis.pipeline, locale)}, "
        f"{times(analysis.coverage, locale)} the target of "
        f"{formatting.money(params.target, locale)}; "
        f"the team wants {times(params.coverage_required, locale)}"
    )
    if analysis.covered:
        return f"{said}, and has it."
    return f"{said}, so {formatting.money(analysis.pipeline_needed, locale)} more is needed."


def forecast_sentence(analysis: PipelineAnalysis) -> str:
    params = analysis.params
    locale = params.locale
    said = (
        f"The weighted forecast for {params.period.label} is "
        f"{formatting.money(analysis.forecast, locale)}"
    )
    if analysis.forecast_gap.amount:
        return f"{said}, {formatting.money(analysis.forecast_gap, locale)} short of the target."
    return f"{said}, at or above the target."


def headline(analysis: PipelineAnalysis) -> Lines:
    tone = "good" if analysis.covered else "warn"
    return Lines([coverage_sentence(analysis), forecast_sentence(analysis)], tone)


def months(analysis: PipelineAnalysis) -> Table:
    """Pipeline and weighted forecast for each month a deal is expected to close in."""
    locale = analysis.params.locale
    rows = [
        [
            month.month,
            "yes" if month.in_period else status("no", "info"),
            str(month.deals),
            formatting.money(month.pipeline, locale),
            formatting.money(month.forecast, locale),
        ]
        for month in analysis.months
    ]
    return Table(
        ["Close month", "In the period", right("Deals"), right("Pipeline"), right("Forecast")],
        rows,
        notes=[
            f"{analysis.params.period.label}: pipeline "
            f"{formatting.money(analysis.pipeline, locale)}, forecast "
            f"{formatting.money(analysis.forecast, locale)}"
        ],
    )


def deals(analysis: PipelineAnalysis) -> Table:
    """Each deal's stage, probability and weighted value; flagged deals in amber."""
    locale = analysis.params.locale
    rows = [
        [
            deal.deal.id,
            deal.deal.name,
            deal.deal.stage,
            deal.deal.close,
            formatting.money(deal.deal.amount, locale),
            formatting.percent(deal.probability, locale),
            formatting.money(deal.weighted, locale),
            status("update", "warn") if deal.flags else "",
        ]
        for deal in analysis.deals
    ]
    return Table(
        [
            "Deal",
            "Account",
            "Stage",
            "Close",
            right("Amount"),
            right("Probability"),
            right("Weighted"),
            "Flag",
        ],
        rows,
    )


def to_update(analysis: PipelineAnalysis) -> Lines:
    """What to fix in the CRM before the forecast call, one line per flag."""
    lines = [
        f"{deal.deal.id} {deal.deal.name} ({deal.deal.owner}): {flag}"
        for deal in analysis.flagged
        for flag in deal.flags
    ]
    if not lines:
        return Lines(["Every deal has recent evidence and a close month ahead."], "good")
    return Lines(lines, "warn")
