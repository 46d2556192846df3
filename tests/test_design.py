"""Design (method 000; 003 chapters 1.2, 2.2, 12.2): growth gaps, target stack, benchmarks,
constrained stage, weighted forecast, stage aging and Moments That Matter."""

from __future__ import annotations

import copy
import statistics
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from conftest import example_path, problems_for, set_value, write_yaml

from kit import registry
from kit.design import calculations as design
from kit.design import worked_examples as worked
from kit.design.model import ProductionLine, TargetStack
from kit.errors import ParamsError
from kit.params import load
from kit.schema import markdown
from kit.types import Money

EXAMPLE = example_path("production-line.yaml")
D = Decimal


def usd(amount: str) -> Money:
    return Money(amount=D(amount), currency="USD")


def stage(name: str, volume: int, conversion: str, days: int) -> dict[str, Any]:
    return {"name": name, "volume": volume, "conversion_to_next": conversion, "days_in_stage": days}


def base() -> dict[str, Any]:
    """One file holding the method's worked examples: 2.2 funnel, 1.2 stack, 12.2 pipeline."""
    component = {"what_must_be_true": ["A condition"], "biggest_constraint": "A constraint"}
    return {
        "kind": "production_line",
        "id": "worked-examples",
        "company": "Example Co",
        "date": "2026-02-01",
        "currency": "USD",
        "horizon_months": 18,
        "growth_plan": {
            "target": "8500000 USD",
            "acquisition": {"baseline": "2000000 USD", "target": "3000000 USD", **component},
            "retention": {"baseline": "4000000 USD", "target": "4200000 USD", **component},
            "expansion": {"baseline": "500000 USD", "target": "1300000 USD", **component},
        },
        "motion": {"acv": "60000 USD", "customers_per_year": 20},
        "funnel": {
            "period": "2026-Q1",
            "stages": [
                stage("Lead", 1000, "18%", 3),
                stage("Qualified", 180, "40%", 8),
                stage("Discovery", 72, "62.5%", 12),
                stage("Proposal", 45, "40%", 20),
                {"name": "Won", "volume": 18, "days_in_stage": 0},
            ],
        },
        "benchmarks": [
            {"stage": "Lead", "baseline": "18%", "target_low": "20%", "target_high": "22%",
             "guardrail": "Qualified → No Meeting", "action_if_below": "Tune the rules."},
            {"stage": "Qualified", "baseline": "40%", "target_low": "45%", "target_high": "50%",
             "guardrail": "Time-to-Schedule"},
            {"stage": "Discovery", "baseline": "62.5%", "target_low": "65%", "target_high": "70%",
             "guardrail": "Discovery → Not Fit"},
            {"stage": "Proposal", "baseline": "40%", "target_low": "42%", "target_high": "45%",
             "guardrail": "Proposal → Long Cycle"},
        ],
        "target_stack": worked.STACK_1_2.model_dump(mode="json"),
        "stage_probabilities": [item.model_dump(mode="json") for item in worked.PROBABILITIES_12_2],
        "pipeline": [
            {**deal.model_dump(mode="json"), "days_in_stage": days}
            for deal, days in zip(worked.PIPELINE_12_2, (10, 20, 30), strict=True)
        ],
        "moments": [
            {"name": "Meeting booked", "stage": "Qualified", "problem_type": "conversion",
             "metric": "Qualified to discovery"},
        ],
    }  # fmt: skip


def line_of(tmp_path: Path, data: dict[str, Any] | None = None) -> ProductionLine:
    return load(write_yaml(tmp_path, base() if data is None else data), ProductionLine)


def edited(path: str, value: Any) -> dict[str, Any]:
    """A copy of :func:`base` with one value replaced, addressed like ``funnel.stages.0.name``."""
    data = copy.deepcopy(base())
    set_value(data, path.split("."), value)
    return data


# --- kind, example, schema -------------------------------------------------------------------


def test_kind_is_registered() -> None:
    assert registry.kinds()["production_line"].load() is ProductionLine
    assert registry.get("design").kind.name == "production_line"


def test_bundled_example_loads_and_computes() -> None:
    line = load(EXAMPLE, ProductionLine)
    assert line.id == "fleetwise-production-line"
    assert design.growth_gaps(line).warnings == []
    assert design.target_stack(line.target_stack).warnings == []
    assert design.motion_profile(line).band.name == "Inside sales"
    constraint = design.inputs_vs_throughput(line).constraint
    assert (constraint.stage, constraint.rule) == ("Qualified", "inputs rose, throughput did not")
    assert design.weighted_forecast(line).total == Money(amount=D("138150"), currency="EUR")


def test_the_analysis_computes_each_result_once_for_every_reader() -> None:
    line = load(EXAMPLE, ProductionLine)
    analysis = registry.get("design").analysis(line)
    assert isinstance(analysis, design.DesignAnalysis)
    assert analysis.params is analysis.line is line
    assert analysis.gaps == design.growth_gaps(line)
    assert analysis.plan == design.target_stack(line.target_stack)
    assert analysis.review == design.inputs_vs_throughput(line)
    assert analysis.benchmarks == design.compare_benchmarks(line)
    assert analysis.aging == design.stage_aging(line)
    assert analysis.moments == design.moments_that_matter(line)
    assert analysis.forecast.stages == [
        "Qualification",
        "Discovery",
        "Solution",
        "Commercial",
        "Commitment",
    ]
    assert analysis.warnings == []


def test_schema_documents_the_model() -> None:
    text = markdown({"production_line": ProductionLine})
    assert "`target_stack.win_rate` | percent" in text
    assert "`pipeline[].expected_close`" in text


# --- growth plan (000 L4-16) -----------------------------------------------------------------


def test_growth_gaps_per_component_and_total(tmp_path: Path) -> None:
    gaps = design.growth_gaps(line_of(tmp_path))
    assert [(c.name, c.gap) for c in gaps.components] == [
        ("acquisition", usd("1000000")),
        ("retention", usd("200000")),
        ("expansion", usd("800000")),
    ]
    assert [c.share_of_growth for c in gaps.components] == [D("0.5"), D("0.1"), D("0.4")]
    assert (gaps.baseline, gaps.gap, gaps.unallocated) == (usd("6500000"), usd("2000000"), usd(0))
    assert gaps.warnings == []


def test_growth_split_that_misses_the_plan_target_warns(tmp_path: Path) -> None:
    gaps = design.growth_gaps(line_of(tmp_path, edited("growth_plan.target", "9000000 USD")))
    assert gaps.unallocated == usd("500000")
    assert gaps.gap == usd("2500000")
    assert len(gaps.warnings) == 1 and "below the plan target" in gaps.warnings[0]


def test_shrinking_component_has_a_negative_gap(tmp_path: Path) -> None:
    data = edited("growth_plan.retention.target", "3500000 USD")
    data["growth_plan"]["target"] = "7800000 USD"
    gaps = design.growth_gaps(line_of(tmp_path, data))
    assert gaps.components[1].gap == usd("-500000")
    assert gaps.components[1].share_of_growth == D("-0.3846153846153846153846153846")


@pytest.mark.parametrize("months", [18, 24])
def test_horizon_bounds_are_allowed(tmp_path: Path, months: int) -> None:
    assert line_of(tmp_path, edited("horizon_months", months)).horizon_months == months


@pytest.mark.parametrize("months", [17, 25, 12, 30])
def test_horizon_outside_18_to_24_months_is_refused(tmp_path: Path, months: int) -> None:
    found = problems_for(tmp_path, edited("horizon_months", months))
    assert len(found) == 1 and found[0].startswith("horizon_months: ")


def test_growth_component_needs_conditions(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("growth_plan.expansion.what_must_be_true", []))
    assert found[0].startswith("growth_plan.expansion.what_must_be_true: ")


def test_currency_mismatch_names_the_field(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("growth_plan.retention.baseline", "4000000 EUR"))
    assert found == ["growth_plan.retention.baseline: currency EUR differs from currency USD"]


# --- motion (000 L17-34) ---------------------------------------------------------------------


def band(name: str, acv_min: str, acv_max: str | None = None, **extra: Any) -> dict[str, Any]:
    texts = {k: "x" for k in ("acquisition_spend", "human_effort", "standardisation", "automation")}
    data = {"name": name, "acv_min": acv_min, "customers_min": 0, **texts, **extra}
    if acv_max is not None:
        data["acv_max"] = acv_max
    return data


def test_motion_without_bands_has_only_the_identity(tmp_path: Path) -> None:
    profile = design.motion_profile(line_of(tmp_path))
    assert profile.annual_new_revenue == usd("1200000")
    assert profile.band is None


@pytest.mark.parametrize(("acv", "expected"), [("59999 USD", "Inside"), ("60000 USD", "Field")])
def test_band_minimum_is_included_and_maximum_excluded(
    tmp_path: Path, acv: str, expected: str
) -> None:
    data = edited("motion.acv", acv)
    data["motion"]["bands"] = [
        band("Inside", "0 USD", "60000 USD"),
        band("Field", "60000 USD"),
    ]
    assert design.motion_profile(line_of(tmp_path, data)).band.name == expected


def test_overlapping_bands_are_refused(tmp_path: Path) -> None:
    data = edited("motion.bands", [band("A", "0 USD", "70000 USD"), band("B", "60000 USD")])
    assert problems_for(tmp_path, data) == [
        "motion.bands[1]: overlaps motion.bands[0] ('A'); a motion must fall into one band only"
    ]


def test_bands_split_by_customers_do_not_overlap(tmp_path: Path) -> None:
    data = edited(
        "motion.bands",
        [band("Few", "0 USD", customers_max=50), band("Many", "0 USD", customers_min=50)],
    )
    assert design.motion_profile(line_of(tmp_path, data)).band.name == "Few"


def test_bands_that_miss_the_inputs_are_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("motion.bands", [band("Small", "0 USD", "10000 USD")]))
    assert found == ["motion.bands: no band holds acv 60,000.00 USD with 20 customers per year"]


def test_band_with_inverted_range_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("motion.bands", [band("X", "70000 USD", "50000 USD")]))
    assert found == ["motion.bands[0].acv_max: must be above acv_min"]


def test_zero_customers_per_year_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("motion.customers_per_year", 0))
    assert found[0].startswith("motion.customers_per_year: ")


# --- target stack (003 1.2) ------------------------------------------------------------------


def test_1_2_required_qualified_opportunities_is_100() -> None:
    """1.2: $1.2M / ($60k x 20%) = 100 qualified opportunities."""
    assert design.required_qualified_opportunities(usd("1200000"), usd("60000"), D("0.20")) == D(
        100
    )
    plan = worked.target_stack_1_2()
    assert plan.required_qualified == D(100)
    assert plan.required_wins == D(20)
    assert plan.pipeline_value == usd("6000000")
    assert plan.coverage == D(5)


def test_1_2_stage_targets_walk_backwards_from_wins() -> None:
    """1.2 stages: 20 wins / 35% / 70% / 80%, rounded up per stage only at the end."""
    plan = worked.target_stack_1_2()
    assert [(s.stage, s.required) for s in plan.stages] == [
        ("Qualified", 103),
        ("Discovery", 82),
        ("Proposal", 58),
        ("Closed Won", 20),
    ]
    assert [s.expected.quantize(D("0.000001")) for s in plan.stages] == [
        D("102.040816"),
        D("81.632653"),
        D("57.142857"),
        D("20.000000"),
    ]


def test_1_2_stage_rates_do_not_multiply_to_the_overall_rate() -> None:
    """1.2: 80% x 70% x 35% = 19.6%, not the 20% overall conversion the example assumes."""
    plan = worked.target_stack_1_2()
    assert plan.stage_rate_product == D("0.196")
    assert len(plan.warnings) == 1
    assert "19.6%" in plan.warnings[0] and "20%" in plan.warnings[0]
    assert "102.04" in plan.warnings[0] and "100" in plan.warnings[0]


def test_1_2_book_figures_125_and_179_are_reproduced() -> None:
    """1.2 prints 100 / 0.80 = 125 and 125 / 0.70 = 179: upstream divided by the next rate."""
    rows = worked.book_targets_1_2()
    assert [(r.stage, r.printed) for r in rows] == [("Discovery", 125), ("Proposal", 179)]
    assert rows[0].divided == D(125)
    assert rows[1].divided.quantize(D("0.001")) == D("178.571")
    assert [r.forward for r in rows] == [D(80), D(56)]


def test_1_2_forward_flow_from_100_qualified_falls_short() -> None:
    """100 qualified at 80/70/35% yield 19.6 wins, $1,176,000: $24,000 short of $1.2M."""
    flow = worked.forward_1_2()
    assert [c.count for c in flow.stages] == [D(100), D(80), D(56), D("19.6")]
    assert flow.revenue == usd("1176000")
    assert flow.shortfall == usd("24000")


def test_consistent_rates_give_exactly_the_overall_target() -> None:
    """When stage rates multiply to the win rate, no stage is rounded up past an exact count."""
    stack = TargetStack.model_validate(
        {
            **base()["target_stack"],
            "stages": [
                {"name": "Discovery", "conversion": "50%"},
                {"name": "Proposal", "conversion": "50%"},
                {"name": "Closed Won", "conversion": "80%"},
            ],
        }
    )
    plan = design.target_stack(stack)
    assert [(s.expected, s.required) for s in plan.stages] == [
        (D(100), 100),
        (D(50), 50),
        (D(25), 25),
        (D(20), 20),
    ]
    assert plan.warnings == []


def test_fractional_wins_round_up() -> None:
    stack = TargetStack.model_validate({**base()["target_stack"], "revenue_target": "1250000 USD"})
    plan = design.target_stack(stack)
    assert plan.required_wins.quantize(D("0.01")) == D("20.83")
    assert plan.stages[-1].required == 21


def test_1_5_coverage_ratio() -> None:
    """1.5: a $500k target at 3x coverage needs $1.5M of pipeline."""
    assert design.coverage_ratio(usd("1500000"), usd("500000")) == D(3)


def test_required_qualified_rejects_mixed_currencies() -> None:
    with pytest.raises(ValueError, match="cannot combine"):
        design.required_qualified_opportunities(
            usd("1200000"), Money(amount=D(60000), currency="EUR"), D("0.2")
        )


def test_zero_win_rate_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("target_stack.win_rate", "0%"))
    assert found == [
        "target_stack.win_rate: must be above 0% because the kit divides by it (got '0%')"
    ]


def test_zero_deal_size_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("target_stack.average_deal_size", "0 USD"))
    assert found[0].startswith("target_stack.average_deal_size: must be above zero")


def test_rate_without_percent_sign_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("target_stack.stages.0.conversion", 0.8))
    assert found == [
        "target_stack.stages[0].conversion: write rates with a percent sign: '80%' for 80 "
        "percent (or '0.8%' if you really mean 0.8 percent)"
    ]


def test_duplicate_stack_stage_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("target_stack.stages.1.name", "Qualified"))
    assert found == ["target_stack.stages[1].name: duplicate stage 'Qualified'"]


# --- conversion benchmarks (003 2.2) ---------------------------------------------------------


def test_2_2_step_conversions() -> None:
    """2.2: 180/1,000 = 18%, 72/180 = 40%, 45/72 = 62.5%, 18/45 = 40%."""
    counts = [1000, 180, 72, 45, 18]
    rates = [design.conversion_rate(a, b) for a, b in pairwise(counts)]
    assert rates == [D("0.18"), D("0.4"), D("0.625"), D("0.4")]
    assert design.conversion_rate(1000, 18) == D("0.018")


def test_2_2_table_baselines_are_all_below_target(tmp_path: Path) -> None:
    rows = design.compare_benchmarks(line_of(tmp_path))
    assert [(r.step, r.baseline, r.target_low, r.target_high, r.baseline_status) for r in rows] == [
        ("Lead → Qualified", D("0.18"), D("0.20"), D("0.22"), "below"),
        ("Qualified → Discovery", D("0.40"), D("0.45"), D("0.50"), "below"),
        ("Discovery → Proposal", D("0.625"), D("0.65"), D("0.70"), "below"),
        ("Proposal → Won", D("0.40"), D("0.42"), D("0.45"), "below"),
    ]
    assert rows[0].guardrail == "Qualified → No Meeting"
    assert rows[0].action == "Tune the rules."


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0.1999", "below"), ("0.20", "within"), ("0.21", "within"), ("0.22", "within"),
     ("0.2201", "above")],
)  # fmt: skip
def test_benchmark_range_includes_both_ends(value: str, expected: str) -> None:
    assert design.benchmark_status(D(value), D("0.20"), D("0.22")) == expected


def test_2_2_above_range() -> None:
    assert design.benchmark_status(D("0.51"), D("0.45"), D("0.50")) == "above"


def test_action_only_when_this_period_is_below(tmp_path: Path) -> None:
    data = edited("funnel.stages.0.conversion_to_next", "21%")
    row = design.compare_benchmarks(line_of(tmp_path, data))[0]
    assert (row.current_status, row.baseline_status, row.action) == ("within", "below", "")


def test_inverted_target_range_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("benchmarks.0.target_low", "25%"))
    assert found == ["benchmarks[0].target_high: must not be below target_low"]


def test_benchmark_on_unknown_or_last_stage_is_refused(tmp_path: Path) -> None:
    data = edited("benchmarks.0.stage", "Leads")
    data["benchmarks"][1]["stage"] = "Won"
    assert problems_for(tmp_path, data) == [
        "benchmarks[0].stage: unknown funnel stage 'Leads' "
        "(known: Discovery, Lead, Proposal, Qualified, Won)",
        "benchmarks[1].stage: 'Won' is the last stage and converts nowhere",
    ]


# --- inputs vs throughput, constrained stage (000 L45-57) ------------------------------------


def test_constraint_is_the_stage_furthest_below_its_floor(tmp_path: Path) -> None:
    """2.2 data: 40/45 = 0.889 is the lowest ratio, so Qualified -> Discovery holds wins back."""
    review = design.inputs_vs_throughput(line_of(tmp_path))
    assert review.constraint == design.Constraint(
        "Qualified", "furthest below benchmark", D("0.40"), D("0.45"), D("0.125")
    )
    assert review.overall_conversion == D("0.018")
    assert (review.cycle_days, review.slowest_stage) == (D(43), "Proposal")
    assert review.motion_constrained is None
    assert [s.throughput for s in review.stages] == [D(180), D(72), D(45), D(18), None]


def with_previous(volume: int, conversion: str) -> dict[str, Any]:
    data = base()
    stage = data["funnel"]["stages"][1]
    stage.update(volume=volume, conversion_to_next=conversion)
    stage.update(previous_volume=100, previous_conversion_to_next="50%")
    return data


@pytest.mark.parametrize(
    ("volume", "conversion", "constrained"),
    [(125, "40%", True), (125, "48%", False), (100, "40%", False), (125, "39%", True)],
)
def test_inputs_rising_without_throughput_is_constrained(
    tmp_path: Path, volume: int, conversion: str, constrained: bool
) -> None:
    """000 L49: inputs 100 -> 125 with throughput 50 -> 50 is constrained; 50 -> 60 is not."""
    review = design.inputs_vs_throughput(line_of(tmp_path, with_previous(volume, conversion)))
    assert review.stages[1].constrained is constrained
    assert review.stages[0].constrained is None


def test_the_method_rule_comes_before_the_benchmark_rule(tmp_path: Path) -> None:
    data = with_previous(125, "46%")
    data["funnel"]["stages"][0]["conversion_to_next"] = "10%"
    data["funnel"]["stages"][1].update(previous_volume=100, previous_conversion_to_next="60%")
    constraint = design.inputs_vs_throughput(line_of(tmp_path, data)).constraint
    assert (constraint.stage, constraint.rule, constraint.wins_uplift) == (
        "Qualified",
        "inputs rose, throughput did not",
        None,
    )


def test_motion_level_inputs_vs_output(tmp_path: Path) -> None:
    data = base()
    data["funnel"]["stages"][0].update(previous_volume=900, previous_conversion_to_next="20%")
    data["funnel"]["stages"][4]["previous_volume"] = 18
    assert design.inputs_vs_throughput(line_of(tmp_path, data)).motion_constrained is True
    data["funnel"]["stages"][4]["previous_volume"] = 17
    assert design.inputs_vs_throughput(line_of(tmp_path, data)).motion_constrained is False


def test_no_constraint_when_every_stage_meets_its_floor(tmp_path: Path) -> None:
    data = base()
    for mark in data["benchmarks"]:
        mark.update(target_low="10%", target_high="90%")
    assert design.constrained_stage(line_of(tmp_path, data)) is None


def test_funnel_conversion_rules(tmp_path: Path) -> None:
    data = edited("funnel.stages.4.conversion_to_next", "50%")
    del data["funnel"]["stages"][2]["conversion_to_next"]
    data["funnel"]["stages"][0]["previous_volume"] = 900
    assert problems_for(tmp_path, data) == [
        "funnel.stages[0].previous_volume: give it together with previous_conversion_to_next",
        "funnel.stages[2].conversion_to_next: required on every stage but the last",
        "funnel.stages[4].conversion_to_next: the last stage has no next stage",
    ]


def test_duplicate_funnel_stage_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("funnel.stages.2.name", "Qualified"))
    assert found[0] == "funnel.stages[2].name: duplicate stage 'Qualified'"


def test_negative_volume_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("funnel.stages.1.volume", -1))
    assert found[0].startswith("funnel.stages[1].volume: ")


# --- weighted forecast (003 12.2) ------------------------------------------------------------


def test_12_2_weighted_values_and_monthly_totals() -> None:
    """12.2: A 17,500 + B 54,000 = May 71,500; C 16,500 = June 16,500."""
    forecast = worked.forecast_12_2()
    assert [d.weighted for d in forecast.deals] == [usd("17500"), usd("54000"), usd("16500")]
    assert forecast.by_month == {"2026-05": usd("71500"), "2026-06": usd("16500")}
    assert forecast.total == usd("88000")


def test_12_2_forecast_from_a_file_gives_the_same_months(tmp_path: Path) -> None:
    """12.2 read from a production-line file: May 71,500 and June 16,500 again."""
    forecast = design.weighted_forecast(line_of(tmp_path))
    assert forecast.by_month == {"2026-05": usd("71500"), "2026-06": usd("16500")}


def test_forecast_of_a_deal_in_a_stage_without_probability_is_misuse() -> None:
    deal = worked.PIPELINE_12_2[0]
    with pytest.raises(ValueError, match="Discovery"):
        design.forecast_pipeline(worked.PROBABILITIES_12_2[2:], [deal], "USD")


def test_12_2_commercial_probability_from_history() -> None:
    """12.2: 18 of 40 deals that entered Commercial reached Commitment: 0.45."""
    assert design.conversion_rate(40, 18) == D("0.45")


def test_12_2_non_monotonic_probabilities_warn(tmp_path: Path) -> None:
    """12.2 lists Solution 0.55 before Commercial 0.45: one drop, one warning."""
    warnings = design.weighted_forecast(line_of(tmp_path)).warnings
    assert len(warnings) == 1
    assert warnings[0].startswith("Commercial (45%) is lower than Solution (55%)")


def test_months_are_in_calendar_order(tmp_path: Path) -> None:
    data = edited("pipeline.0.expected_close", "2027-01")
    assert list(design.weighted_forecast(line_of(tmp_path, data)).by_month) == [
        "2026-05",
        "2026-06",
        "2027-01",
    ]


def test_empty_pipeline_forecasts_zero(tmp_path: Path) -> None:
    forecast = design.weighted_forecast(line_of(tmp_path, edited("pipeline", [])))
    assert (forecast.by_month, forecast.total) == ({}, usd(0))


def test_deal_in_unknown_stage_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("pipeline.1.stage", "Negotiation"))
    assert found == [
        "pipeline[1].stage: unknown pipeline stage 'Negotiation' "
        "(known: Commercial, Commitment, Discovery, Qualification, Solution)"
    ]


@pytest.mark.parametrize("month", ["2026-13", "May", "2026-5", "2026-05-01"])
def test_bad_close_month_is_refused(tmp_path: Path, month: str) -> None:
    found = problems_for(tmp_path, edited("pipeline.0.expected_close", month))
    assert len(found) == 1 and found[0].startswith("pipeline[0].expected_close: ")


def test_probability_written_as_fraction_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("stage_probabilities.1.probability", 0.35))
    assert found[0].startswith("stage_probabilities[1].probability: write rates with a percent")


def test_duplicate_probability_stage_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("stage_probabilities.4.stage", "Discovery"))
    assert found == ["stage_probabilities[4].stage: duplicate stage 'Discovery'"]


def test_deal_in_another_currency_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("pipeline.2.amount", "30000 EUR"))
    assert found == ["pipeline[2].amount: currency EUR differs from currency USD"]


# --- stage aging (003 12.2) ------------------------------------------------------------------


def test_percentile_is_linear_interpolation() -> None:
    """Kit rule: 10, 20, 30, 40 gives P75 = 32.5 (not 30 nearest-rank, not 37.5 exclusive)."""
    values = [40, 10, 30, 20]
    assert design.percentile_linear(values, D("0.75")) == D("32.5")
    assert design.percentile_linear(values, D("0.5")) == D(25)
    assert statistics.quantiles(values, n=4, method="inclusive")[2] == 32.5
    assert design.percentile_linear([7], D("0.75")) == D(7)


def test_percentile_needs_values() -> None:
    with pytest.raises(ValueError, match="at least one value"):
        design.percentile_linear([], D("0.75"))


def aged(days: list[int]) -> dict[str, Any]:
    data = base()
    data["pipeline"] = [
        {"name": f"D{d}", "stage": "Discovery", "amount": "1000 USD",
         "expected_close": "2026-05", "days_in_stage": d}
        for d in days
    ]  # fmt: skip
    return data


def test_stage_aging_flags_deals_above_p75(tmp_path: Path) -> None:
    (row,) = design.stage_aging(line_of(tmp_path, aged([10, 20, 30, 40])))
    assert (row.stage, row.deals, row.median_days, row.p75_days) == (
        "Discovery",
        4,
        D(25),
        D("32.5"),
    )
    assert row.flagged == ["D40"]


def test_deal_exactly_at_p75_is_not_flagged(tmp_path: Path) -> None:
    (row,) = design.stage_aging(line_of(tmp_path, aged([10, 20, 30, 40, 50])))
    assert row.p75_days == D(40)
    assert row.flagged == ["D50"]


def test_stage_aging_per_stage_in_stage_order(tmp_path: Path) -> None:
    rows = design.stage_aging(line_of(tmp_path))
    assert [(r.stage, r.p75_days, r.flagged) for r in rows] == [
        ("Discovery", D(10), []),
        ("Solution", D(30), []),
        ("Commercial", D(20), []),
    ]


def test_negative_days_are_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("pipeline.0.days_in_stage", -3))
    assert found[0].startswith("pipeline[0].days_in_stage: ")


# --- Moments That Matter (000 L80-94) --------------------------------------------------------


def test_moments_get_the_reading_of_their_type(tmp_path: Path) -> None:
    data = base()
    data["moments"] += [
        {"name": "Lead flow", "stage": "Lead", "problem_type": "volume", "metric": "Leads"},
        {"name": "Slow proposals", "stage": "Proposal", "problem_type": "time", "metric": "Days",
         "shows_up_at": "slowdown"},
    ]  # fmt: skip
    review = design.moments_that_matter(line_of(tmp_path, data))
    assert [(m.problem_type, m.reading, m.status) for m in review.moments] == [
        ("conversion", D("0.40"), "below"),
        ("volume", D(1000), None),
        ("time", D(20), None),
    ]
    assert review.moments[2].shows_up_at == "slowdown"
    assert review.warnings == []


@pytest.mark.parametrize(("count", "warned"), [(5, False), (6, True)])
def test_moment_list_longer_than_five_warns(tmp_path: Path, count: int, warned: bool) -> None:
    moment = base()["moments"][0]
    data = edited("moments", [moment] * count)
    assert bool(design.moments_that_matter(line_of(tmp_path, data)).warnings) is warned


def test_moment_with_unknown_type_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("moments.0.problem_type", "speed"))
    assert found == [
        "moments[0].problem_type: Input should be 'volume', 'conversion' or 'time' (got 'speed')"
    ]


def test_moment_on_unknown_stage_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("moments.0.stage", "Demo"))
    assert found == [
        "moments[0].stage: unknown funnel stage 'Demo' "
        "(known: Discovery, Lead, Proposal, Qualified, Won)"
    ]


def test_conversion_moment_on_last_stage_is_refused(tmp_path: Path) -> None:
    found = problems_for(tmp_path, edited("moments.0.stage", "Won"))
    assert len(found) == 1 and found[0].startswith("moments[0].problem_type: 'Won' is the last")


def test_wrong_kind_for_this_playbook(tmp_path: Path) -> None:
    with pytest.raises(ParamsError) as caught:
        load(write_yaml(tmp_path, edited("kind", "deal")), ProductionLine)
    assert caught.value.problems == [
        "kind: this playbook needs a 'production_line' file (got 'deal')"
    ]
