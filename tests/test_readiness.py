"""Readiness to scale (method 001): product-market fit, unit economics, capacity and the verdict.

Method 001 gives goals and rules but no worked example with numbers, so every figure below is
synthetic: chosen to sit on, just inside or just outside a goal, and checked by hand.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from pathlib import Path
from typing import Any

import conftest
import pytest
from conftest import problems_for

from kit import registry
from kit.params import load
from kit.readiness.calculations import (
    ReadinessAnalysis,
    analyse,
    balance,
    blended_economics,
    capacity_plan,
    channel_economics,
    compare_plans,
    front_loaded_hires,
    go_to_market_fit,
    is_front_loaded,
    ltv_cac,
    ltv_cac_passes,
    ltv_from,
    magic_number,
    magic_number_passes,
    payback_months,
    payback_passes,
    product_market_fit,
    ramp_units,
    reaches_share,
    recommended_hires,
    retention_passes,
)
from kit.readiness.model import Channel, Hiring, ProductMarketFit, Readiness

EXAMPLE = conftest.example_path("readiness.yaml")
D = Decimal


@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    return conftest.example_data(EXAMPLE.name)


def pmf(cohorts: list[tuple[int, int]], **fields: Any) -> ProductMarketFit:
    """A PMF block with cohorts given as (customers, achieving), named C1, C2, ..."""
    data = {
        "event": "weekly report sent",
        "period": "month",
        "required_share": "70%",
        "cohorts": [
            {"name": f"C{i}", "customers": n, "achieving": a}
            for i, (n, a) in enumerate(cohorts, start=1)
        ],
    }
    return ProductMarketFit.model_validate(data | fields)


def channel_data(name: str, medium: str, acv: int, cac: int, margin: str, **fields: Any):
    """A channel as written in YAML; every goal passes except where the arguments say."""
    data = {
        "name": name,
        "medium": medium,
        "customers_won": 1,
        "acv": f"{acv} EUR",
        "cac": f"{cac} EUR",
        "gross_margin": margin,
        "ltv": "1000000 EUR",
        "new_arr": "200000 EUR",
        "previous_quarter_spend": "100000 EUR",
    }
    return data | fields


def channel(name: str, medium: str, acv: int, cac: int, margin: str, **fields: Any) -> Channel:
    return Channel.model_validate(channel_data(name, medium, acv, cac, margin, **fields))


def readiness(example: dict[str, Any], **changes: Any) -> Readiness:
    """The bundled example with whole top-level blocks replaced."""
    data = copy.deepcopy(example)
    data.update(changes)
    return Readiness.model_validate(data)


def hiring(demand: list[int], hires: list[int], **fields: Any) -> Hiring:
    months = [
        {"month": f"2026-{i:02d}", "demand": d, "hires": h}
        for i, (d, h) in enumerate(zip(demand, hires, strict=True), start=1)
    ]
    data = {"sellers_at_start": 0, "ramp_months": 3, "opportunities_per_seller": 20}
    return Hiring.model_validate(data | {"months": months} | fields)


# --- the bundled example --------------------------------------------------------------------


def test_example_loads_as_readiness() -> None:
    params = load(EXAMPLE, Readiness)
    assert registry.kinds()["readiness"].load() is Readiness
    assert params.currency == "EUR"
    assert len(params.product_market_fit.cohorts) == 6
    assert len(params.hiring.months) == 12


def test_example_verdict_is_growth_with_paced_plan_preferred() -> None:
    params = load(EXAMPLE, Readiness)
    result = registry.get("readiness").analysis(params)
    assert isinstance(result, ReadinessAnalysis)
    assert result.params is params
    assert result.compared == (result.plans.paced, result.plans.front_loaded, result.recommended)
    assert result.phase == "growth_and_moat"
    assert result.phase_label == "Growth and Moat"
    assert result.ready_to_scale is True
    assert result.blockers == []
    assert result.pmf.overall_share == D("0.7")
    assert [c.passed for c in result.pmf.cohorts] == [False, False, False, True, True, True]
    assert result.gtm.proven_channels == ["Webinars and maintenance guides"]
    assert result.plans.preferred == "Paced"
    assert result.plans.paced.sales_excess_months == ["2025-08", "2025-12"]
    assert result.plans.front_loaded.out_of_balance == 11
    assert result.recommended.hires == [0, 0, 2, 0, 0, 0, 2, 0, 1, 0, 1, 0]
    assert result.recommended.out_of_balance == 0
    assert "hiring 6 over 12 months" in result.pace


# --- product-market fit: P % of customers reach E every T ------------------------------------


@pytest.mark.parametrize(
    ("customers", "achieving", "required", "passed"),
    [
        (20, 14, "0.70", True),  # exactly P counts: "minimum required" read as inclusive
        (20, 13, "0.70", False),
        (20, 14, "0.80", False),
        (20, 16, "0.80", True),
        (3, 2, "0.66", True),
        (3, 2, "0.67", False),  # 2/3 = 0.666..., compared without rounding
    ],
)
def test_cohort_share_against_p(customers: int, achieving: int, required: str, passed: bool):
    assert reaches_share(achieving, customers, D(required)) is passed


def test_reaches_share_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="achieving"):
        reaches_share(5, 4, D("0.7"))


def test_retention_must_exceed_ninety_percent() -> None:
    assert retention_passes(D("0.90")) is False
    assert retention_passes(D("0.9001")) is True
    assert retention_passes(D("0.91")) is True


def test_pmf_per_cohort_and_overall() -> None:
    result = product_market_fit(pmf([(10, 5), (10, 7), (10, 8), (10, 9)]))
    assert [c.share for c in result.cohorts] == [D("0.5"), D("0.7"), D("0.8"), D("0.9")]
    assert [c.passed for c in result.cohorts] == [False, True, True, True]
    assert result.overall_share == D("0.725")
    assert result.overall_passed is True
    assert [c.name for c in result.recent] == ["C2", "C3", "C4"]
    assert result.consistent is True
    assert result.holds is True
    assert result.blockers == []


def test_pmf_fails_when_latest_cohort_misses() -> None:
    result = product_market_fit(pmf([(10, 8), (10, 8), (10, 6)]))
    assert result.consistent is False
    assert result.holds is False
    assert result.blockers == [
        "Cohort C3: 60% of customers reach the event, below the 70% required."
    ]


def test_pmf_needs_enough_cohorts_in_a_row() -> None:
    result = product_market_fit(pmf([(12, 10), (12, 10)]))
    assert result.holds is False
    assert "Only 2 cohorts measured; 3 recent cohorts" in result.blockers[0]
    one = product_market_fit(pmf([(12, 10), (12, 10)], consistent_cohorts=1))
    assert one.holds is True


def test_pmf_blocked_by_measured_retention_at_ninety() -> None:
    result = product_market_fit(pmf([(10, 8)] * 3, annual_retention="90%"))
    assert result.consistent is True
    assert result.retention_passed is False
    assert result.holds is False
    assert result.blockers[0].startswith("Annual retention is 90%, not above 90%")


def test_pmf_retention_confirms_or_is_unmeasured() -> None:
    measured = product_market_fit(pmf([(10, 8)] * 3, annual_retention="91%"))
    assert (measured.retention_passed, measured.holds) == (True, True)
    unmeasured = product_market_fit(pmf([(10, 8)] * 3))
    assert (unmeasured.retention_passed, unmeasured.holds) == (None, True)
    assert any("not measured yet" in line for line in unmeasured.warnings)


def test_pmf_warnings_for_p_outside_guidance_small_sample_and_weak_event() -> None:
    result = product_market_fit(pmf([(4, 4)] * 3, required_share="85%"))
    assert result.holds is True
    assert result.warnings[0].startswith("P is 85%; most companies set it between 60% and 80%")
    assert result.warnings[1].startswith(
        "The event is not confirmed as objective, instrumentable, aligned, correlated"
    )
    assert result.warnings[2].startswith("Only 12 customers measured; about 20")
    checked = {"objective": True, "instrumentable": True, "aligned": True, "correlated": True}
    quiet = product_market_fit(
        pmf([(10, 8)] * 3, event_checks=checked, annual_retention="95%", required_share="60%")
    )
    assert quiet.warnings == []


# --- go-to-market fit: LTV/CAC > 3, payback < 12 months, Magic Number > 1 ------------------


def test_ltv_cac_exactly_three_fails() -> None:
    assert ltv_cac(D(36000), D(12000)) == 3
    assert ltv_cac_passes(D(36000), D(12000)) is False
    assert ltv_cac_passes(D(36001), D(12000)) is True


def test_ltv_derived_from_churn() -> None:
    """Not a method formula: ACV x gross margin / annual churn, the usual approximation."""
    ltv = ltv_from(D(24000), D("0.8"), D("0.10"))
    assert ltv == 192000
    assert ltv_cac(ltv, D(50000)) == D("3.84")
    assert ltv_cac_passes(ltv, D(50000)) is True
    with pytest.raises(ValueError, match="churn"):
        ltv_from(D(24000), D("0.8"), D(0))


def test_payback_exactly_twelve_months_fails() -> None:
    assert payback_months(D(24000), D(18000), D("0.75")) == 12
    assert payback_passes(D(24000), D(18000), D("0.75")) is False
    assert payback_passes(D(24000), D("17999.99"), D("0.75")) is True


@pytest.mark.parametrize(
    ("acv", "cac", "margin", "months"),
    [(24000, 15000, "0.75", 10), (30000, 20000, "0.8", 10), (36000, 42000, "0.8", "17.5")],
)
def test_payback_months(acv: int, cac: int, margin: str, months: Any) -> None:
    assert payback_months(D(acv), D(cac), D(margin)) == D(months)
    assert payback_passes(D(acv), D(cac), D(margin)) is (D(months) < 12)


def test_payback_without_gross_profit_never_passes() -> None:
    assert payback_months(D(24000), D(10000), D(0)) is None
    assert payback_passes(D(24000), D(10000), D(0)) is False


def test_magic_number_threshold_is_above_one() -> None:
    assert magic_number(D(1000000), D(1000000)) == 1
    assert magic_number_passes(D(1000000), D(1000000)) is False
    assert magic_number_passes(D(1005000), D(1000000)) is True
    assert magic_number_passes(D(1010000), D(1000000)) is True
    assert magic_number_passes(D(900000), D(1000000)) is False


def test_magic_number_is_not_multiplied_by_four() -> None:
    assert magic_number(D(250000), D(1000000)) == D("0.25")


def test_unit_economics_reject_zero_denominators() -> None:
    with pytest.raises(ValueError, match="cac"):
        ltv_cac(D(1000), D(0))
    with pytest.raises(ValueError, match="previous_quarter_spend"):
        magic_number(D(1000), D(0))


def test_channel_economics_reports_all_three_but_gates_on_chosen() -> None:
    outbound = channel(
        "Outbound", "outbound", 36000, 42000, "80%", new_arr="90000 EUR", ltv="120000 EUR"
    )
    result = channel_economics(outbound, "EUR", ["payback"])
    assert result.payback_months == D("17.5")
    assert result.ltv_cac == D(120000) / D(42000)
    assert result.magic_number == D("0.9")
    assert (result.payback_passed, result.ltv_cac_passed, result.magic_number_passed) == (
        False,
        False,
        False,
    )
    assert result.misses == ["payback"]
    strict = channel_economics(outbound, "EUR", ["payback", "ltv_cac", "magic_number"])
    assert strict.misses == ["payback", "ltv_cac", "magic_number"]


def test_channel_ltv_derived_when_only_churn_given() -> None:
    inbound = channel("Inbound", "inbound", 24000, 12000, "80%", ltv=None, annual_churn="10%")
    result = channel_economics(inbound, "EUR", ["ltv_cac"])
    assert result.ltv_derived is True
    assert result.ltv.amount == D("192000.00")
    assert result.ltv_cac == 16


def test_blended_weights_by_customers_and_revenue() -> None:
    """Blended payback = 12 x total CAC / total yearly gross profit, over every customer."""
    a = channel("A", "inbound", 12000, 6000, "80%", customers_won=3)
    b = channel("B", "outbound", 24000, 30000, "50%", customers_won=1)
    blended = blended_economics([a, b], "EUR", ["payback"])
    assert blended.customers_won == 4
    assert blended.acv.amount == D("15000.00")
    assert blended.cac.amount == D("12000.00")
    assert blended.gross_margin == D(40800) / D(60000)
    assert blended.payback_months == D(48000) * 12 / D(40800)
    assert blended.payback_passed is False
    assert blended.magic_number == 2


def test_one_scalable_channel_is_enough(example_data: dict[str, Any]) -> None:
    ue = {
        "gate_on": ["payback"],
        "channels": [
            channel_data("Outbound", "outbound", 36000, 42000, "80%"),
            channel_data("Inbound", "inbound", 18000, 12000, "80%"),
        ],
    }
    result = go_to_market_fit(readiness(example_data, unit_economics=ue))
    assert [e.payback_months for e in result.channels] == [D("17.5"), D(10)]
    assert result.holds is True
    assert result.proven_channels == ["Inbound"]
    assert result.blockers == []


def test_referrals_cannot_prove_go_to_market_fit(example_data: dict[str, Any]) -> None:
    ue = {"channels": [channel_data("Network", "referrals", 12000, 2000, "80%")]}
    result = go_to_market_fit(readiness(example_data, unit_economics=ue))
    assert result.channels[0].meets_goals is True
    assert result.holds is False
    assert result.blockers == [
        "No scalable demand-generation channel is measured; referrals alone cannot feed a sales "
        "team."
    ]


# --- sales capacity against demand-generation capacity --------------------------------------


def test_balance_band_edges_count_as_balanced() -> None:
    tolerance = D("0.25")
    assert balance(D(125), D(100), tolerance) == "balanced"
    assert balance(D("125.01"), D(100), tolerance) == "demand_excess"
    assert balance(D(80), D(100), tolerance) == "balanced"
    assert balance(D("79.99"), D(100), tolerance) == "sales_excess"
    assert balance(D(30), D(0), tolerance) == "demand_excess"
    assert balance(D(0), D(0), tolerance) == "balanced"


def test_ramp_counts_month_of_hire_as_first() -> None:
    assert [ramp_units([1], 0, 3), ramp_units([1, 0, 0, 0], 3, 3)] == [1, 3]
    assert ramp_units([2, 1], 1, 3) == 2 * 2 + 1
    with pytest.raises(ValueError, match="ramp_months"):
        ramp_units([1], 0, 0)


def test_paced_plan_capacity_by_month() -> None:
    plan = capacity_plan(hiring([10, 20, 40, 60, 80, 100], [1] * 6), [1] * 6, "Paced")
    assert [m.sales_capacity for m in plan.months] == [D(20) / 3, 20, 40, 60, 80, 100]
    assert plan.months[0].ratio == D("1.5")
    assert [m.status for m in plan.months] == ["demand_excess"] + ["balanced"] * 5
    assert plan.demand_excess_months == ["2026-01"]
    assert plan.unmet_demand == D(10) / 3
    assert plan.idle_seller_months == 0
    assert plan.front_loaded is False
    assert plan.seller_months == 1 + 2 + 3 + 4 + 5 + 6


def test_front_loaded_plan_capacity_by_month() -> None:
    plan = capacity_plan(hiring([10, 20, 40, 60, 80, 100], [6, 0, 0, 0, 0, 0]), [6] + [0] * 5, "F")
    assert [m.sales_capacity for m in plan.months] == [40, 80, 120, 120, 120, 120]
    assert [m.ratio for m in plan.months][:2] == [D("0.25"), D("0.25")]
    assert [m.status for m in plan.months] == ["sales_excess"] * 5 + ["balanced"]
    assert plan.idle_seller_months == D("14.5")  # (30 + 60 + 80 + 60 + 40 + 20) / 20
    assert plan.front_loaded is True


def test_month_without_sellers_is_demand_excess() -> None:
    plan = capacity_plan(hiring([30], [0]), [0], "Empty")
    assert plan.months[0].sales_capacity == 0
    assert plan.months[0].ratio is None
    assert plan.months[0].status == "demand_excess"


def test_bookings_capacity_follows_ramp() -> None:
    plan = capacity_plan(hiring([10, 20], [1, 0], quota_per_seller="9000 EUR"), [1, 0], "Q")
    assert [m.bookings_capacity.amount for m in plan.months] == [D("3000.00"), D("6000.00")]


def test_front_loaded_detection_is_more_than_half_in_first_quarter() -> None:
    assert is_front_loaded([1, 1, 1, 1, 1, 1]) is False  # exactly half
    assert is_front_loaded([2, 1, 1, 1, 1, 0]) is True
    assert is_front_loaded([0] * 6) is False


def test_paced_beats_front_loaded() -> None:
    plans = compare_plans(
        hiring(
            [10, 20, 40, 60, 80, 100],
            [1] * 6,
            months=[
                {"month": f"2026-0{i}", "demand": d, "hires": 1, "front_loaded_hires": f}
                for i, d, f in zip(
                    range(1, 7), [10, 20, 40, 60, 80, 100], [6, 0, 0, 0, 0, 0], strict=True
                )
            ],
        )
    )
    assert (plans.paced.out_of_balance, plans.front_loaded.out_of_balance) == (1, 5)
    assert plans.front_loaded.idle_seller_months == D("14.5")
    assert plans.paced.unmet_demand == D(10) / 3
    assert plans.preferred == "Paced"
    assert plans.same_headcount is True


def test_front_loaded_alternative_defaults_to_all_hires_in_first_month() -> None:
    assert front_loaded_hires(hiring([10, 20, 40], [1, 2, 1])) == [4, 0, 0]


def test_recommended_hires_never_outrun_demand_even_when_ramped() -> None:
    """Month 6 could take one more seller at 1/3 load, but at full load it would idle."""
    plan = hiring([10, 20, 40, 60, 80, 100], [0] * 6)
    hires = recommended_hires(plan)
    assert hires == [1, 1, 2, 1, 1, 0]
    result = capacity_plan(plan, hires, "Recommended")
    assert result.sales_excess_months == []
    assert [m.sales_capacity for m in result.months][-1] == D(340) / 3


def test_recommended_hires_zero_when_team_already_idle() -> None:
    assert recommended_hires(hiring([10, 10], [0, 0], sellers_at_start=1)) == [0, 0]


def test_magic_number_inputs_and_plan_totals_are_kept_with_the_results() -> None:
    a = analyse(load(EXAMPLE, Readiness))
    blended = a.gtm.blended
    # 129600 + 96000 + 36000 = 261600 new ARR over 96000 + 110000 + 6000 = 212000 spend.
    assert (blended.new_arr.amount, blended.spend.amount) == (D(261600), D(212000))
    assert blended.magic_number == blended.new_arr.amount / blended.spend.amount
    assert [e.new_arr.amount for e in a.gtm.channels] == [D(129600), D(96000), D(36000)]
    assert (a.plans.paced.total_demand, a.plans.paced.total_capacity) == (D(494), D(600))
    # 15000 a month per ramped seller over 56 ramped seller-months.
    booked = a.recommended.total_bookings
    assert (booked.amount, booked.currency) == (D(840000), "EUR")


# --- the verdict: phase, blockers, pace -----------------------------------------------------


def test_sequence_keeps_company_in_pmf_even_with_good_economics(example_data: dict[str, Any]):
    weak = copy.deepcopy(example_data["product_market_fit"])
    weak["cohorts"][-1]["achieving"] = 4  # 4 of 7 = 57 %
    result = analyse(readiness(example_data, product_market_fit=weak))
    assert result.gtm.holds is True
    assert result.phase == "product_market_fit"
    assert result.ready_to_scale is False
    assert result.blockers == [
        "Cohort 2025-06: 57.1% of customers reach the event, below the 70% required."
    ]
    assert result.pace.startswith("Hold: add no sellers.")
    assert result.recommended.total_hires == 0
    assert result.warnings[-1] == (
        "The plan hires 6 sellers while the company is still in the Product-Market Fit phase."
    )


def test_go_to_market_phase_names_the_missing_goal(example_data: dict[str, Any]) -> None:
    ue = copy.deepcopy(example_data["unit_economics"])
    ue["channels"] = ue["channels"][1:]  # outbound misses payback, referrals do not count
    result = analyse(readiness(example_data, unit_economics=ue))
    assert result.phase == "go_to_market_fit"
    assert result.blockers == [
        "Calls to fleet engineering managers: payback 16.25 months, goal under 12"
    ]
    assert result.pace.startswith("Hold the sales team")
    assert result.recommended.hires == [0] * 12


def test_growth_phase_with_no_room_for_sellers(example_data: dict[str, Any]) -> None:
    plan = copy.deepcopy(example_data["hiring"])
    plan["sellers_at_start"] = 8
    result = analyse(readiness(example_data, hiring=plan))
    assert result.phase == "growth_and_moat"
    assert result.recommended.total_hires == 0
    assert result.pace.startswith("Ready, but demand generation cannot feed another seller")


def test_warnings_for_front_loaded_paced_plan_and_unequal_headcount(example_data: dict[str, Any]):
    plan = copy.deepcopy(example_data["hiring"])
    for month, count in zip(plan["months"], [3, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], strict=True):
        month["hires"] = count
    result = analyse(readiness(example_data, hiring=plan))
    assert result.warnings == [
        "The paced plan starts more than half its hires in the first 3 months; hiring in one "
        "lump rarely works.",
        "The two plans hire different totals (4 against 6), so the comparison mixes timing "
        "with headcount.",
    ]


# --- bad input: one line per problem, naming the field path ---------------------------------


def test_achieving_more_than_customers(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["product_market_fit"]["cohorts"][1]["achieving"] = 9
    assert problems_for(tmp_path, data) == [
        "product_market_fit.cohorts[1].achieving: cannot exceed the cohort's 3 customers (got 9)"
    ]


def test_share_over_one_hundred_percent(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["product_market_fit"]["required_share"] = "120%"
    [line] = problems_for(tmp_path, data)
    assert line.startswith("product_market_fit.required_share: percentage must be between")


def test_unknown_medium_and_typo(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["unit_economics"]["channels"][0]["medium"] = "billboards"
    data["unit_economics"]["channels"][2]["gross_margn"] = "80%"
    lines = problems_for(tmp_path, data)
    assert lines[0].startswith("unit_economics.channels[0].medium: Input should be 'outbound'")
    assert "unit_economics.channels[2].gross_margn: Extra inputs are not permitted" in lines


def test_ltv_or_churn_required_once(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    del data["unit_economics"]["channels"][0]["annual_churn"]
    data["unit_economics"]["channels"][1]["annual_churn"] = "10%"
    data["unit_economics"]["channels"][2]["annual_churn"] = "0%"
    assert problems_for(tmp_path, data) == [
        "unit_economics.channels[0].ltv: give ltv, or annual_churn to derive it",
        "unit_economics.channels[1].annual_churn: give either ltv or annual_churn, not both",
        "unit_economics.channels[2].annual_churn: must be above 0% to derive LTV",
    ]


def test_zero_cac_currency_and_duplicates(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    channels = data["unit_economics"]["channels"]
    channels[0]["cac"] = "0 EUR"
    channels[1]["new_arr"] = "96000 USD"
    channels[2]["name"] = channels[0]["name"]
    data["unit_economics"]["gate_on"] = ["payback", "payback"]
    data["hiring"]["quota_per_seller"] = "15000 GBP"
    assert problems_for(tmp_path, data) == [
        "unit_economics.channels[0].cac: must be above zero",
        "unit_economics.channels[2].name: duplicate channel 'Webinars and maintenance guides'",
        "unit_economics.channels[1].new_arr: currency USD differs from currency EUR",
        "hiring.quota_per_seller: currency GBP differs from currency EUR",
        "unit_economics.gate_on: each goal may be listed once",
    ]


def test_months_must_follow_one_another(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["hiring"]["months"][3]["month"] = "2025-11"
    lines = problems_for(tmp_path, data)
    assert lines[0] == (
        "hiring.months[3].month: expected 2025-10 after 2025-09; months must follow one another"
    )


def test_bad_month_label_and_negative_hires(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    data["hiring"]["months"][0]["month"] = "2025-13"
    data["hiring"]["months"][1]["hires"] = -1
    data["hiring"]["ramp_months"] = 0
    lines = problems_for(tmp_path, data)
    assert [line.split(":")[0] for line in lines] == [
        "hiring.ramp_months",
        "hiring.months[0].month",
        "hiring.months[1].hires",
    ]


def test_front_loaded_hires_all_or_none(tmp_path: Path, example_data: dict[str, Any]) -> None:
    data = copy.deepcopy(example_data)
    del data["hiring"]["months"][4]["front_loaded_hires"]
    assert problems_for(tmp_path, data) == [
        "hiring.months[4].front_loaded_hires: give it for every month or none"
    ]


def _hires_one_at_a_time(hiring) -> list[int]:
    """The schedule's definition, one hire at a time: the reference for the fast search."""
    from kit.readiness.calculations import _fits

    hires = [0] * len(hiring.months)
    for month in range(len(hires)):
        while _fits(hiring, [*hires[:month], hires[month] + 1, *hires[month + 1 :]], month):
            hires[month] += 1
    return hires


@pytest.mark.parametrize("demand", ["120", "950", "4000"])
def test_the_hiring_search_matches_hiring_one_seller_at_a_time(demand):
    from kit.readiness.calculations import recommended_hires

    hiring = load(conftest.example_path("readiness.yaml")).hiring
    months = [m.model_copy(update={"demand": Decimal(demand)}) for m in hiring.months]
    varied = hiring.model_copy(update={"months": months})
    assert recommended_hires(varied) == _hires_one_at_a_time(varied)


def test_a_demand_in_the_millions_gets_its_schedule_at_once():
    """One hire per check took hours at this size; the search needs a few dozen checks."""
    from kit.readiness.calculations import _fits, recommended_hires

    hiring = load(conftest.example_path("readiness.yaml")).hiring
    months = [m.model_copy(update={"demand": Decimal(10**9)}) for m in hiring.months]
    varied = hiring.model_copy(update={"months": months})
    hires = recommended_hires(varied)
    first = hires[0]
    assert first > 1000
    assert _fits(varied, [first, *[0] * (len(hires) - 1)], 0)
    assert not _fits(varied, [first + 1, *[0] * (len(hires) - 1)], 0)
