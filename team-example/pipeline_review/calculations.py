"""The pipeline review's analysis: weighted forecast by month, coverage, deals to update.

The method's rules (section 12.2, and the pipeline coverage ratio of section 1.5):

- a deal's weighted value is its amount times its stage's probability;
- the forecast of a month is the sum of the weighted values of the deals expected to close in
  it, so deals at 50,000 in Discovery (0.35) and 120,000 in Commercial (0.45) give 71,500;
- coverage is the qualified pipeline closing in the period divided by the period's target,
  and the team wants it at a multiple of the target (3.0 in the method's example);
- a deal without evidence of progress for the team's defined period, or whose expected close
  month has passed, is flagged: update its stage, probability or date before it is forecast.

Amounts stay exact: each weighted value is rounded once, to the cent, and sums add those.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from kit.types import Money

from pipeline_review.model import Deal, PipelineReview


@dataclass(frozen=True)
class WeightedDeal:
    deal: Deal
    probability: Decimal
    weighted: Money
    in_period: bool
    quiet_days: int
    """Days from the last evidence of progress to the review day."""
    flags: tuple[str, ...]
    """What to update before the deal is forecast; empty when nothing is."""


@dataclass(frozen=True)
class Month:
    month: str
    deals: int
    pipeline: Money
    forecast: Money
    in_period: bool


@dataclass(frozen=True)
class PipelineAnalysis:
    params: PipelineReview
    deals: tuple[WeightedDeal, ...]
    months: tuple[Month, ...]
    """Every month a deal is expected to close in, in calendar order."""
    pipeline: Money
    """Pipeline expected to close in the period, unweighted."""
    forecast: Money
    """Weighted forecast of the period."""

    @property
    def coverage(self) -> Decimal:
        """Pipeline as a multiple of the target."""
        return self.pipeline.amount / self.params.target.amount

    @property
    def covered(self) -> bool:
        return self.coverage >= self.params.coverage_required

    @property
    def pipeline_needed(self) -> Money:
        """Pipeline still to find to reach the required coverage; zero once covered."""
        wanted = self.params.target * self.params.coverage_required
        return _at_least_zero(wanted - self.pipeline)

    @property
    def forecast_gap(self) -> Money:
        """How far the weighted forecast falls short of the target; zero when it does not."""
        return _at_least_zero(self.params.target - self.forecast)

    @property
    def flagged(self) -> tuple[WeightedDeal, ...]:
        return tuple(deal for deal in self.deals if deal.flags)


def analyse(params: PipelineReview) -> PipelineAnalysis:
    probabilities = {stage.name: stage.probability for stage in params.stages}
    deals = tuple(_weigh(deal, probabilities[deal.stage], params) for deal in params.deals)
    zero = Money.zero(params.target.currency)
    months = []
    for month in sorted({deal.deal.close for deal in deals}):
        closing = [deal for deal in deals if deal.deal.close == month]
        months.append(
            Month(
                month,
                len(closing),
                sum((deal.deal.amount for deal in closing), zero),
                sum((deal.weighted for deal in closing), zero),
                params.period.first <= month <= params.period.last,
            )
        )
    in_period = [deal for deal in deals if deal.in_period]
    return PipelineAnalysis(
        params,
        deals,
        tuple(months),
        sum((deal.deal.amount for deal in in_period), zero),
        sum((deal.weighted for deal in in_period), zero),
    )


def _weigh(deal: Deal, probability: Decimal, params: PipelineReview) -> WeightedDeal:
    quiet = (params.date - deal.last_activity).days
    flags = []
    if quiet > params.stale_after_days:
        flags.append(
            f"no evidence of progress for {quiet} days: move it to a later month or lower its stage"
        )
    if deal.close < _month(params.date):
        flags.append(f"expected close {deal.close} has passed: agree a new date with the buyer")
    period = params.period
    return WeightedDeal(
        deal,
        probability,
        deal.amount * probability,
        period.first <= deal.close <= period.last,
        quiet,
        tuple(flags),
    )


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _at_least_zero(money: Money) -> Money:
    return money if money.amount > 0 else Money.zero(money.currency)
