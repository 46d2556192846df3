"""Are we ready to scale, and how fast? Product-market fit, go-to-market fit and hiring pace.

The method tests the two fits in sequence and only then sets the hiring pace, so every rule here
is a pure function over the typed parameters and :func:`analyse` combines them into one verdict
that the notebook, the workshop form and the report all read.
Goals are compared by cross-multiplying Decimals, never by dividing first, so a value sitting
exactly on a goal (payback of 12 months, LTV/CAC of 3) is judged exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from kit import formatting
from kit.readiness.model import Channel, Hiring, Metric, ProductMarketFit, Readiness
from kit.types import Money, quantize

RETENTION_GOAL = Decimal("0.90")
"""Annual customer retention must exceed this for the lagging test of product-market fit."""
SHARE_GUIDANCE = (Decimal("0.60"), Decimal("0.80"))
"""The range of P the method reports seeing most often; outside it the kit only warns."""
SAMPLE_AIM = 20
"""About twenty customers make the leading indicator worth reading."""
LTV_CAC_GOAL = Decimal(3)
PAYBACK_GOAL_MONTHS = Decimal(12)
MAGIC_NUMBER_GOAL = Decimal(1)
"""The kit's Magic Number goal is "above 1"; see :func:`magic_number_passes` for why not 1.01."""
FRONT_LOAD_MONTHS = 3
"""A plan is front-loaded when more than half its hires start in its first quarter-year."""
UNSCALABLE: frozenset[str] = frozenset({"referrals"})
PERCENT_PLACES = 1
"""Percentages in the report, its charts and the blockers it quotes carry one decimal at most."""

Phase = Literal["product_market_fit", "go_to_market_fit", "growth_and_moat"]
PHASE_LABELS: dict[str, str] = {
    "product_market_fit": "Product-Market Fit",
    "go_to_market_fit": "Go-to-Market Fit",
    "growth_and_moat": "Growth and Moat",
}
Status = Literal["balanced", "demand_excess", "sales_excess"]


# --- Product-market fit ------------------------------------------------------------------------


def reaches_share(achieving: int, customers: int, required: Decimal) -> bool:
    """True when at least ``required`` of the customers reach the event.

    The method calls P both the minimum required share and a bar to surpass; the kit reads it
    as a minimum, so a cohort sitting exactly on P counts as reaching it.
    """
    if customers < 1 or not 0 <= achieving <= customers:
        raise ValueError(
            f"need 0 <= achieving <= customers, customers >= 1 (got {achieving}/{customers})"
        )
    return Decimal(achieving) >= required * customers


def retention_passes(annual_retention: Decimal) -> bool:
    """The lagging test: retention must be strictly above 90 %, so exactly 90 % fails."""
    return annual_retention > RETENTION_GOAL


@dataclass(frozen=True)
class CohortResult:
    name: str
    customers: int
    achieving: int
    share: Decimal
    passed: bool


@dataclass(frozen=True)
class PmfResult:
    event: str
    period: str
    required_share: Decimal
    cohorts: list[CohortResult]
    overall_share: Decimal
    overall_passed: bool
    recent: list[CohortResult]
    consistent: bool
    annual_retention: Decimal | None
    retention_passed: bool | None
    holds: bool
    blockers: list[str]
    warnings: list[str]


def cohort_result(name: str, customers: int, achieving: int, required: Decimal) -> CohortResult:
    return CohortResult(
        name,
        customers,
        achieving,
        Decimal(achieving) / customers,
        reaches_share(achieving, customers, required),
    )


def product_market_fit(pmf: ProductMarketFit, locale: str = "en_GB") -> PmfResult:
    """Each cohort against P, all customers pooled, and whether the fit holds.

    The fit holds when the most recent ``consistent_cohorts`` cohorts all reach P (the method
    asks for consistency but gives no count) and measured retention does not contradict it.
    The pooled share is reported but does not decide: early cohorts won while the product was
    still changing would otherwise hide a fit the recent cohorts already show.
    """
    p = pmf.required_share
    cohorts = [cohort_result(c.name, c.customers, c.achieving, p) for c in pmf.cohorts]
    customers = sum(c.customers for c in cohorts)
    achieving = sum(c.achieving for c in cohorts)
    recent = cohorts[-pmf.consistent_cohorts :]
    consistent = len(recent) == pmf.consistent_cohorts and all(c.passed for c in recent)
    retention = pmf.annual_retention
    retention_ok = None if retention is None else retention_passes(retention)

    def pct(value: Decimal) -> str:
        return formatting.percent(value, locale, places=PERCENT_PLACES)

    blockers = [
        f"Cohort {c.name}: {pct(c.share)} of customers reach the event, below the {pct(p)} "
        "required."
        for c in recent
        if not c.passed
    ]
    if len(recent) < pmf.consistent_cohorts:
        blockers.append(
            f"Only {formatting.count(len(recent), 'cohort')} measured; "
            f"{pmf.consistent_cohorts} recent cohorts in a row must reach {pct(p)} before the "
            "fit counts as consistent."
        )
    if retention_ok is False:
        blockers.append(
            f"Annual retention is {pct(retention)}, not above {pct(RETENTION_GOAL)}: customers "
            "are leaving even if the event says otherwise, so revisit the event."
        )
    return PmfResult(
        event=pmf.event,
        period=pmf.period,
        required_share=p,
        cohorts=cohorts,
        overall_share=Decimal(achieving) / customers,
        overall_passed=reaches_share(achieving, customers, p),
        recent=recent,
        consistent=consistent,
        annual_retention=retention,
        retention_passed=retention_ok,
        holds=consistent and retention_ok is not False,
        blockers=blockers,
        warnings=_pmf_warnings(pmf, customers, pct),
    )


def _pmf_warnings(
    pmf: ProductMarketFit, customers: int, pct: Callable[[Decimal], str]
) -> list[str]:
    low, high = SHARE_GUIDANCE
    warnings = []
    if not low <= pmf.required_share <= high:
        warnings.append(
            f"P is {pct(pmf.required_share)}; most companies set it between {pct(low)} and "
            f"{pct(high)}, so check the choice is deliberate."
        )
    unchecked = [name for name, ok in pmf.event_checks.model_dump().items() if not ok]
    if unchecked:
        warnings.append(
            "The event is not confirmed as " + ", ".join(unchecked) + "; a weak event makes "
            "the cohort shares unreliable."
        )
    if customers < SAMPLE_AIM:
        warnings.append(
            f"Only {customers} customers measured; about {SAMPLE_AIM} are needed before the "
            "shares say much."
        )
    if pmf.annual_retention is None:
        warnings.append("Annual retention is not measured yet, so only the leading test is read.")
    return warnings


# --- Go-to-market fit: unit economics ---------------------------------------------------------


def ltv_from(acv: Decimal, gross_margin: Decimal, annual_churn: Decimal) -> Decimal:
    """Lifetime value as a year's gross profit divided by annual churn.

    The method names LTV without defining it; this is the common SaaS approximation, used only
    when a channel gives churn instead of an LTV figure.
    """
    if annual_churn <= 0:
        raise ValueError(f"annual churn must be above zero to derive LTV (got {annual_churn})")
    return acv * gross_margin / annual_churn


def ltv_cac(ltv: Decimal, cac: Decimal) -> Decimal:
    _positive("cac", cac)
    return ltv / cac


def ltv_cac_passes(ltv: Decimal, cac: Decimal) -> bool:
    """LTV/CAC must be strictly above 3, so a ratio of exactly 3 fails."""
    _positive("cac", cac)
    return ltv > LTV_CAC_GOAL * cac


def payback_months(acv: Decimal, cac: Decimal, gross_margin: Decimal) -> Decimal | None:
    """Months of gross profit needed to earn back CAC: CAC / (ACV x GM / 12).

    The method lists ACV, CAC and gross margin as the inputs but no formula; this is the usual
    one. None means the cost is never earned back (no gross profit).
    """
    return _payback(cac, acv * gross_margin)


def payback_passes(acv: Decimal, cac: Decimal, gross_margin: Decimal) -> bool:
    """Payback must be strictly under 12 months; ``CAC < ACV x GM`` is the same test, exactly."""
    return _payback_ok(cac, acv * gross_margin)


def _payback(cac: Decimal, yearly_profit: Decimal) -> Decimal | None:
    _positive("cac", cac)
    return None if yearly_profit <= 0 else cac * 12 / yearly_profit


def _payback_ok(cac: Decimal, yearly_profit: Decimal) -> bool:
    _positive("cac", cac)
    return cac * 12 < PAYBACK_GOAL_MONTHS * yearly_profit


def magic_number(new_arr: Decimal, previous_quarter_spend: Decimal) -> Decimal:
    """New ARR of a quarter over the previous quarter's sales and marketing spend.

    The numerator is already annualised, so the ratio is not multiplied by four.
    """
    _positive("previous_quarter_spend", previous_quarter_spend)
    return new_arr / previous_quarter_spend


def magic_number_passes(new_arr: Decimal, previous_quarter_spend: Decimal) -> bool:
    """The Magic Number must be strictly above 1.

    The method's list of goals prints 1.01 while its definition says "above 1.0"; the project
    settled on above 1, so 1.005 passes and exactly 1 fails.
    """
    _positive("previous_quarter_spend", previous_quarter_spend)
    return new_arr > MAGIC_NUMBER_GOAL * previous_quarter_spend


def _positive(name: str, value: Decimal) -> None:
    if value <= 0:
        raise ValueError(f"{name} must be above zero (got {value})")


@dataclass(frozen=True)
class Economics:
    """The three unit-economics goals for one channel, or for all channels blended."""

    name: str
    medium: str
    customers_won: int
    acv: Money
    cac: Money
    gross_margin: Decimal
    ltv: Money
    ltv_derived: bool
    ltv_cac: Decimal
    ltv_cac_passed: bool
    payback_months: Decimal | None
    payback_passed: bool
    magic_number: Decimal
    magic_number_passed: bool
    misses: list[Metric]
    new_arr: Money
    """New ARR of the latest quarter, the Magic Number's numerator."""
    spend: Money
    """Sales and marketing spend of the quarter before, its denominator."""

    @property
    def meets_goals(self) -> bool:
        return not self.misses

    @property
    def scalable(self) -> bool:
        return self.medium not in UNSCALABLE


@dataclass(frozen=True)
class _Totals:
    """Sums over a channel's customers; ratios of sums blend channels without rounding."""

    customers: int
    acv: Decimal
    gross_profit: Decimal
    cac: Decimal
    ltv: Decimal
    new_arr: Decimal
    spend: Decimal


def channel_ltv(channel: Channel) -> Decimal:
    """The LTV the channel gives, or the one derived from its churn with :func:`ltv_from`."""
    if channel.ltv is not None:
        return channel.ltv.amount
    if channel.annual_churn is None:
        raise ValueError(f"channel '{channel.name}' has neither ltv nor annual_churn")
    return ltv_from(channel.acv.amount, channel.gross_margin, channel.annual_churn)


def _totals(channel: Channel) -> _Totals:
    n = channel.customers_won
    return _Totals(
        customers=n,
        acv=channel.acv.amount * n,
        gross_profit=channel.acv.amount * channel.gross_margin * n,
        cac=channel.cac.amount * n,
        ltv=channel_ltv(channel) * n,
        new_arr=channel.new_arr.amount,
        spend=channel.previous_quarter_spend.amount,
    )


def _economics(
    name: str,
    medium: str,
    totals: _Totals,
    currency: str,
    gate_on: Sequence[Metric],
    ltv_derived: bool,
) -> Economics:
    t = totals
    acv_per_customer = t.acv / t.customers
    margin = t.gross_profit / t.acv
    passed = {
        "payback": _payback_ok(t.cac, t.gross_profit),
        "ltv_cac": ltv_cac_passes(t.ltv, t.cac),
        "magic_number": magic_number_passes(t.new_arr, t.spend),
    }
    return Economics(
        name=name,
        medium=medium,
        customers_won=t.customers,
        acv=Money(amount=quantize(acv_per_customer), currency=currency),
        cac=Money(amount=quantize(t.cac / t.customers), currency=currency),
        gross_margin=margin,
        ltv=Money(amount=quantize(t.ltv / t.customers), currency=currency),
        ltv_derived=ltv_derived,
        ltv_cac=ltv_cac(t.ltv, t.cac),
        ltv_cac_passed=passed["ltv_cac"],
        payback_months=_payback(t.cac, t.gross_profit),
        payback_passed=passed["payback"],
        magic_number=magic_number(t.new_arr, t.spend),
        magic_number_passed=passed["magic_number"],
        misses=[metric for metric in gate_on if not passed[metric]],
        new_arr=Money(amount=t.new_arr, currency=currency),
        spend=Money(amount=t.spend, currency=currency),
    )


def channel_economics(channel: Channel, currency: str, gate_on: Sequence[Metric]) -> Economics:
    """All three goals for one channel; ``misses`` lists the gating goals it does not meet."""
    return _economics(
        channel.name, channel.medium, _totals(channel), currency, gate_on, channel.ltv is None
    )


def blended_economics(
    channels: Sequence[Channel], currency: str, gate_on: Sequence[Metric]
) -> Economics:
    """All channels as one: ACV, CAC and LTV weighted by customers won, margin by revenue."""
    parts = [_totals(channel) for channel in channels]
    totals = _Totals(*(sum(getattr(p, f) for p in parts) for f in _Totals.__dataclass_fields__))
    derived = any(channel.ltv is None for channel in channels)
    return _economics("All channels", "blended", totals, currency, gate_on, derived)


@dataclass(frozen=True)
class GtmResult:
    gate_on: list[Metric]
    channels: list[Economics]
    blended: Economics
    proven_channels: list[str]
    holds: bool
    blockers: list[str]


def go_to_market_fit(readiness: Readiness) -> GtmResult:
    """Go-to-market fit holds once one scalable channel meets every gating goal.

    The method asks to prove a single channel, so the blended figures are shown but never
    decide. Referrals cannot prove it: they are how the first customers came, not a channel a
    sales team can be fed from.
    """
    ue = readiness.unit_economics
    currency, locale = readiness.currency, readiness.locale
    channels = [channel_economics(c, currency, ue.gate_on) for c in ue.channels]
    proven = [e.name for e in channels if e.meets_goals and e.scalable]
    blockers: list[str] = []
    if not proven:
        if not any(e.scalable for e in channels):
            blockers.append(
                "No scalable demand-generation channel is measured; referrals alone cannot "
                "feed a sales team."
            )
        blockers += [
            f"{e.name}: " + "; ".join(_miss_text(e, metric, locale) for metric in e.misses)
            for e in channels
            if e.scalable
        ]
    return GtmResult(
        gate_on=list(ue.gate_on),
        channels=channels,
        blended=blended_economics(ue.channels, currency, ue.gate_on),
        proven_channels=proven,
        holds=bool(proven),
        blockers=blockers,
    )


def _miss_text(e: Economics, metric: Metric, locale: str) -> str:
    def num(value: Decimal) -> str:
        return formatting.number(quantize(value), locale)

    if metric == "payback":
        if e.payback_months is None:
            return "payback never reached (no gross profit)"
        return f"payback {num(e.payback_months)} months, goal under {PAYBACK_GOAL_MONTHS}"
    if metric == "ltv_cac":
        return f"LTV/CAC {num(e.ltv_cac)}, goal above {LTV_CAC_GOAL}"
    return f"Magic Number {num(e.magic_number)}, goal above {MAGIC_NUMBER_GOAL}"


# --- Sales capacity against demand-generation capacity ------------------------------------------


def balance(demand: Decimal, capacity: Decimal, tolerance: Decimal) -> Status:
    """Which side outruns the other by more than ``tolerance``; any common scale works.

    The method only asks for "similar figures"; the kit flags a month when either side exceeds
    the other by more than the tolerance (25 % by default, the band 0.8-1.25 of demand over
    capacity), and a month exactly on the edge still counts as balanced.
    """
    limit = 1 + tolerance
    if demand > capacity * limit:
        return "demand_excess"
    if capacity > demand * limit:
        return "sales_excess"
    return "balanced"


def ramp_units(hires: Sequence[int], month: int, ramp_months: int) -> int:
    """Ramp progress of every seller hired up to ``month`` (0-based), in 1/ramp_months steps.

    A seller hired in month h works (m - h + 1) / ramp_months of a full load in month m, up to
    a full load: the month of hire counts as the first month of ramp.
    """
    if ramp_months < 1:
        raise ValueError(f"ramp_months must be at least 1 (got {ramp_months})")
    return sum(
        count * min(month - h + 1, ramp_months) for h, count in enumerate(hires[: month + 1])
    )


def is_front_loaded(hires: Sequence[int]) -> bool:
    """More than half of the plan's hires start in its first three months."""
    return 2 * sum(hires[:FRONT_LOAD_MONTHS]) > sum(hires)


@dataclass(frozen=True)
class MonthCapacity:
    month: str
    hires: int
    headcount: int
    ramped_sellers: Decimal
    sales_capacity: Decimal
    demand: Decimal
    ratio: Decimal | None
    status: Status
    unmet_demand: Decimal
    idle_capacity: Decimal
    bookings_capacity: Money | None


@dataclass(frozen=True)
class PlanResult:
    name: str
    hires: list[int]
    months: list[MonthCapacity]
    idle_seller_months: Decimal
    unmet_demand: Decimal

    @property
    def total_hires(self) -> int:
        return sum(self.hires)

    @property
    def front_loaded(self) -> bool:
        return is_front_loaded(self.hires)

    @property
    def seller_months(self) -> int:
        """Seller salaries paid over the plan, ramping or not, in months."""
        return sum(m.headcount for m in self.months)

    @property
    def demand_excess_months(self) -> list[str]:
        return [m.month for m in self.months if m.status == "demand_excess"]

    @property
    def sales_excess_months(self) -> list[str]:
        return [m.month for m in self.months if m.status == "sales_excess"]

    @property
    def out_of_balance(self) -> int:
        return len(self.demand_excess_months) + len(self.sales_excess_months)

    @property
    def total_demand(self) -> Decimal:
        return sum((m.demand for m in self.months), Decimal(0))

    @property
    def total_capacity(self) -> Decimal:
        return sum((m.sales_capacity for m in self.months), Decimal(0))

    @property
    def total_bookings(self) -> Money | None:
        """Bookings the plan's sellers can carry over all its months; None without a quota."""
        booked = [m.bookings_capacity for m in self.months if m.bookings_capacity is not None]
        return sum(booked[1:], booked[0]) if booked else None


def capacity_plan(hiring: Hiring, hires: Sequence[int], name: str) -> PlanResult:
    """Sales capacity against demand, month by month, for one hiring schedule.

    Capacity is worked in ramp units (``ramp_months`` per ramped seller) so demand and capacity
    are compared as exact products; the per-month figures are divided only for display.
    """
    if len(hires) != len(hiring.months):
        raise ValueError(f"need one hire count per month ({len(hiring.months)}, got {len(hires)})")
    r, per_seller = hiring.ramp_months, hiring.opportunities_per_seller
    months: list[MonthCapacity] = []
    idle_total = unmet_total = Decimal(0)
    for index, plan_month in enumerate(hiring.months):
        units = ramp_units(hires, index, r) + r * hiring.sellers_at_start
        capacity_r, demand_r = per_seller * units, plan_month.demand * r
        idle_r, unmet_r = (
            max(capacity_r - demand_r, Decimal(0)),
            max(demand_r - capacity_r, Decimal(0)),
        )
        idle_total += idle_r
        unmet_total += unmet_r
        capacity = capacity_r / r
        quota = hiring.quota_per_seller
        months.append(
            MonthCapacity(
                month=plan_month.month,
                hires=hires[index],
                headcount=hiring.sellers_at_start + sum(hires[: index + 1]),
                ramped_sellers=Decimal(units) / r,
                sales_capacity=capacity,
                demand=plan_month.demand,
                ratio=demand_r / capacity_r if capacity_r else None,
                status=balance(demand_r, capacity_r, hiring.tolerance),
                unmet_demand=unmet_r / r,
                idle_capacity=idle_r / r,
                bookings_capacity=quota * (Decimal(units) / r) if quota else None,
            )
        )
    return PlanResult(
        name=name,
        hires=list(hires),
        months=months,
        idle_seller_months=idle_total / (r * per_seller),
        unmet_demand=unmet_total / r,
    )


def front_loaded_hires(hiring: Hiring) -> list[int]:
    """The alternative schedule: as given, or every paced hire starting in the first month."""
    given = [m.front_loaded_hires for m in hiring.months]
    if None not in given:
        return [count or 0 for count in given]
    total = sum(m.hires for m in hiring.months)
    return [total] + [0] * (len(hiring.months) - 1)


@dataclass(frozen=True)
class PlanComparison:
    paced: PlanResult
    front_loaded: PlanResult
    preferred: str
    same_headcount: bool


def compare_plans(hiring: Hiring) -> PlanComparison:
    """Paced against front-loaded; the better plan has fewer months out of balance.

    Ties go to fewer idle seller-months, then to less unworked demand, and finally to the paced
    plan, which the method favours over hiring in one lump.
    """
    paced = capacity_plan(hiring, [m.hires for m in hiring.months], "Paced")
    lump = capacity_plan(hiring, front_loaded_hires(hiring), "Front-loaded")

    def key(plan: PlanResult) -> tuple[int, Decimal, Decimal]:
        return plan.out_of_balance, plan.idle_seller_months, plan.unmet_demand

    preferred = lump if key(lump) < key(paced) else paced
    return PlanComparison(paced, lump, preferred.name, paced.total_hires == lump.total_hires)


def recommended_hires(hiring: Hiring) -> list[int]:
    """The fastest schedule whose sellers never outrun demand, even once fully ramped.

    Month by month, hire as many sellers as possible such that no month from then on shows
    sales capacity above demand by more than the tolerance. Checking the later months matters:
    a seller who barely counts in the month of hire carries a full load a few months on. After
    the plan, demand is assumed to stay at its last level, so late hires are judged at full load
    too rather than only on the ramp months the plan happens to cover.
    """
    hires = [0] * len(hiring.months)
    for month in range(len(hires)):
        hires[month] = _most(
            lambda count, m=month: _fits(hiring, [*hires[:m], count, *hires[m + 1 :]], m)
        )
    return hires


def _most(fits: Callable[[int], bool]) -> int:
    """The largest count that ``fits``, for a test that holds up to some count and fails above.

    More hires only ever add capacity, so the test is monotone: doubling then halving finds the
    count in a few dozen checks, where adding one hire at a time would take as many checks as
    there are hires (a demand in the millions would run for hours).
    """
    if not fits(1):
        return 0
    low, high = 1, 2
    while fits(high):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low


def _fits(hiring: Hiring, hires: list[int], start: int) -> bool:
    r = hiring.ramp_months
    for index in range(start, len(hires)):
        units = ramp_units(hires, index, r) + r * hiring.sellers_at_start
        capacity_r = hiring.opportunities_per_seller * units
        if balance(hiring.months[index].demand * r, capacity_r, hiring.tolerance) == "sales_excess":
            return False
    full_load = hiring.opportunities_per_seller * (hiring.sellers_at_start + sum(hires))
    return balance(hiring.months[-1].demand, full_load, hiring.tolerance) != "sales_excess"


# --- The verdict ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessAnalysis:
    """The verdict of one readiness file and the evidence behind it, computed once per run.

    The notebook's tables, the workshop form's live verdict, the charts and the report all
    read this object, so the hires the form recommends are the hires the report prints.
    """

    params: Readiness
    phase: Phase
    phase_label: str
    ready_to_scale: bool
    pmf: PmfResult
    gtm: GtmResult
    plans: PlanComparison
    recommended: PlanResult
    blockers: list[str]
    pace: str
    warnings: list[str]

    @property
    def compared(self) -> tuple[PlanResult, PlanResult, PlanResult]:
        """The paced, front-loaded and recommended plans, in the order they are compared."""
        return self.plans.paced, self.plans.front_loaded, self.recommended


def analyse(readiness: Readiness) -> ReadinessAnalysis:
    """The phase the company is in, what keeps it there, and how fast to add sellers.

    The fits are read in order: a go-to-market result means nothing without product-market fit,
    so the first fit that does not hold sets the phase and its gaps are the blockers. Sellers
    are recommended only in the growth phase, and only as many as demand can feed.
    """
    pmf = product_market_fit(readiness.product_market_fit, readiness.locale)
    gtm = go_to_market_fit(readiness)
    hiring = readiness.hiring
    plans = compare_plans(hiring)
    if not pmf.holds:
        phase: Phase = "product_market_fit"
        blockers = pmf.blockers
    elif not gtm.holds:
        phase, blockers = "go_to_market_fit", gtm.blockers
    else:
        phase, blockers = "growth_and_moat", []
    ready = phase == "growth_and_moat"
    schedule = recommended_hires(hiring) if ready else [0] * len(hiring.months)
    recommended = capacity_plan(hiring, schedule, "Recommended")
    return ReadinessAnalysis(
        params=readiness,
        phase=phase,
        phase_label=PHASE_LABELS[phase],
        ready_to_scale=ready,
        pmf=pmf,
        gtm=gtm,
        plans=plans,
        recommended=recommended,
        blockers=blockers,
        pace=_pace(phase, recommended, len(hiring.months)),
        warnings=pmf.warnings + _plan_warnings(phase, plans),
    )


def _pace(phase: Phase, recommended: PlanResult, months: int) -> str:
    if phase == "product_market_fit":
        return (
            "Hold: add no sellers. Founders keep selling until recent cohorts reach the event "
            "share consistently."
        )
    if phase == "go_to_market_fit":
        return (
            "Hold the sales team: at most one process builder until one scalable channel meets "
            "the unit-economics goal."
        )
    if recommended.total_hires == 0:
        return (
            "Ready, but demand generation cannot feed another seller in this plan: grow the "
            "channel before hiring."
        )
    return (
        f"Add sellers as fast as demand allows: hiring {recommended.total_hires} over {months} "
        "months keeps sales capacity from outrunning demand once they ramp. Re-read the "
        "cohorts and payback every month and slow down as soon as either slips."
    )


def _plan_warnings(phase: Phase, plans: PlanComparison) -> list[str]:
    warnings = []
    paced = plans.paced
    if paced.front_loaded:
        warnings.append(
            f"The paced plan starts more than half its hires in the first {FRONT_LOAD_MONTHS} "
            "months; hiring in one lump rarely works."
        )
    if not plans.same_headcount:
        warnings.append(
            f"The two plans hire different totals ({paced.total_hires} against "
            f"{plans.front_loaded.total_hires}), so the comparison mixes timing with headcount."
        )
    if phase != "growth_and_moat" and paced.total_hires:
        warnings.append(
            f"The plan hires {formatting.count(paced.total_hires, 'seller')} while the company "
            f"is still in the {PHASE_LABELS[phase]} phase."
        )
    return warnings
