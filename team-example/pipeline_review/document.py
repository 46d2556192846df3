"""The pipeline review document: display-ready text for the template ``pipeline_review.docx``.

The context holds strings only, formatted for the file's locale, so the template has no logic
beyond its loops and the team can restyle it in Word; ``kit templates check`` then says
whether the edited copy still fits.
"""

from __future__ import annotations

from kit import formatting
from kit.document import Content, Properties

from pipeline_review import views
from pipeline_review.calculations import PipelineAnalysis


def customer(analysis: PipelineAnalysis) -> Content:
    params = analysis.params
    locale = params.locale

    def money(value: object) -> str:
        return formatting.money(value, locale)

    context = {
        "doc": {
            "title": params.title,
            "team": params.team,
            "author": params.author,
            "date": formatting.date(params.date, locale),
            "period": params.period.label,
        },
        "summary": {
            "coverage": views.coverage_sentence(analysis),
            "forecast": views.forecast_sentence(analysis),
            "pipeline": money(analysis.pipeline),
            "weighted": money(analysis.forecast),
            "deals_in_period": str(
                sum(month.deals for month in analysis.months if month.in_period)
            ),
        },
        "months": [
            {
                "month": month.month + ("" if month.in_period else " (outside the period)"),
                "deals": str(month.deals),
                "pipeline": money(month.pipeline),
                "forecast": money(month.forecast),
            }
            for month in analysis.months
        ],
        "deals": [
            {
                "id": deal.deal.id,
                "name": deal.deal.name,
                "stage": deal.deal.stage,
                "close": deal.deal.close,
                "amount": money(deal.deal.amount),
                "probability": formatting.percent(deal.probability, locale),
                "weighted": money(deal.weighted),
            }
            for deal in analysis.deals
        ],
        "to_update": views.to_update(analysis).lines,
    }
    subject = f"Pipeline review of {params.team}, {params.period.label}"
    return Content(context, {}, Properties(params.title, params.author, subject, params.date))
