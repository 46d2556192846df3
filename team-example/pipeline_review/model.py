"""The pipeline review file: one team's open deals for one period, checked by ``kit check``.

Stage probabilities are the team's own, calibrated from its history (the share of deals in a
stage that reached commitment over the last 90 days), so the file carries them instead of
the code fixing them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from kit.models.base import Locale, Ref, Slug, Strict, Text, YearMonth, field
from kit.models.checks import currency_problems, duplicate_problems, unknown
from kit.types import Amount, Percent


class Stage(Strict):
    """A pipeline stage: a state of the buyer, with its calibrated probability."""

    name: Text = field("Stage name as the CRM shows it, e.g. Discovery.")
    probability: Percent = field(
        "Share of the deals that entered this stage and reached commitment.",
        unit="percent",
        used_for="12.2 weighted forecast",
    )


class Deal(Strict):
    """One open deal as the CRM holds it on the review day."""

    id: Ref = field("CRM identifier, e.g. D-101.")
    name: Text = field("Account and deal, as the team says it.")
    owner: Text = field("Seller who answers for the deal.")
    amount: Amount = field("Expected contract value.", unit="money, e.g. '50000 EUR'")
    stage: Text = field("Current stage; one of the stages listed in this file.")
    close: YearMonth = field("Month the buyer expects to sign.", unit="YYYY-MM")
    last_activity: dt.date = field(
        "Day of the last evidence of progress: a meeting held, a plan agreed, redlines.",
        unit="ISO date",
        used_for="12.2 deals without progress",
    )


class Period(Strict):
    """The months the revenue target covers, usually a quarter."""

    label: Text = field("How the team names the period, e.g. Q2 2027.")
    first: YearMonth = field("First month of the period.", unit="YYYY-MM")
    last: YearMonth = field("Last month of the period.", unit="YYYY-MM")


class PipelineReview(Strict):
    """Pipeline review: coverage of the target and the weighted forecast, month by month."""

    kind: Literal["pipeline"] = field("File kind; selects this model.")
    id: Slug = field("Short name for the output folder and files: lowercase, digits, hyphens.")
    title: Text = field("Title on the document's cover.")
    team: Text = field("The team whose pipeline this is.")
    author: Text = field("Who prepares the review.")
    date: dt.date = field("Review day; deals are judged as of this day.", unit="ISO date")
    locale: Locale = field("Formats of numbers, money and dates.", default="en_GB")
    period: Period = field("The months the target covers.")
    target: Amount = field("Revenue target for the period.", unit="money, e.g. '500000 EUR'")
    coverage_required: Decimal = field(
        "Qualified pipeline the team wants, as a multiple of the target.",
        unit="times the target",
        used_for="1.5 pipeline coverage",
        default=Decimal(3),
        gt=0,
        le=10,
    )
    stale_after_days: int = field(
        "Days without evidence of progress after which a deal is flagged.",
        unit="days",
        used_for="12.2 deals without progress",
        ge=1,
        le=365,
    )
    stages: list[Stage] = field(
        "Stages in pipeline order, each with its probability.", min_length=1
    )
    deals: list[Deal] = field("The open deals.", min_length=1)

    def reference_problems(self) -> list[str]:
        """Checks across fields, reported like field errors: ``deals[2].stage: ...``."""
        names = [stage.name for stage in self.stages]
        problems = duplicate_problems("stages", names, attribute="name", noun="stage")
        problems += duplicate_problems("deals", [deal.id for deal in self.deals])
        problems += [
            unknown(f"deals[{i}].stage", "stage", deal.stage, names)
            for i, deal in enumerate(self.deals)
            if deal.stage not in names
        ]
        if self.period.last < self.period.first:
            problems.append("period.last: must not come before period.first")
        if self.target.amount == 0:
            problems.append("target: must be more than zero; coverage divides by it")
        amounts = [(f"deals[{i}].amount", deal.amount) for i, deal in enumerate(self.deals)]
        return problems + currency_problems(amounts, self.target.currency, "target")
