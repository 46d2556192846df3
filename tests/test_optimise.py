"""Optimise (method 002): the 10 % rule, backlog ranking, sprint plan, compounding and lenses."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import conftest
import pytest
from conftest import problems_for, write_yaml

from kit import registry
from kit.errors import ParamsError
from kit.optimise.calculations import (
    LENSES,
    RANKING_RULE,
    SCALES,
    SPRINT_STRUCTURE,
    OptimiseAnalysis,
    compound,
    compounding_table,
    moment_goals,
    priority_score,
    rank_backlog,
    sprint_plan,
)
from kit.optimise.model import BacklogItem, Optimisation, meets_minimum_uplift, percent_text
from kit.params import load
from kit.types import Money

EXAMPLE = "optimisation.yaml"
D = Decimal


@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    return conftest.example_data(EXAMPLE)


@pytest.fixture(scope="module")
def plan() -> Optimisation:
    return load(conftest.example_path(EXAMPLE), Optimisation)


def changed(data: dict[str, Any], **sprint: Any) -> dict[str, Any]:
    result = copy.deepcopy(data)
    result["sprint"].update(sprint)
    return result


def with_backlog(data: dict[str, Any], ratings: list[tuple[str, int, int, int]]) -> Optimisation:
    """The example plan with its backlog replaced by (id, impact, confidence, effort) items."""
    result = copy.deepcopy(data)
    template = result["backlog"][0]
    result["backlog"] = [
        {**template, "id": id_, "impact": impact, "confidence": confidence, "effort": effort}
        for id_, impact, confidence, effort in ratings
    ]
    result["sprint"]["lever"] = ratings[0][0]
    return Optimisation.model_validate(result)


# --- the example file -------------------------------------------------------------------------


def test_example_loads_as_optimisation(plan: Optimisation) -> None:
    assert registry.kinds()["optimisation"].load() is Optimisation
    assert plan.revenue == Money(amount=D("2400000"), currency="EUR")
    assert [m.conversion for m in plan.moments] == [D("0.35"), D("0.40"), D("0.25"), D("0.70")]
    assert plan.sprint.lever == "B2"
    assert plan.sprint.start == dt.date(2026, 3, 2)


def test_example_file_kind_checked_against_playbook(tmp_path: Path, example_data: dict) -> None:
    data = {**example_data, "kind": "deal"}
    with pytest.raises(ParamsError) as caught:
        load(write_yaml(tmp_path, data), Optimisation)
    assert any(line.startswith("kind:") for line in caught.value.problems)


# --- 002 L6: at least 10 % better, relatively ---------------------------------------------------


def test_ten_percent_rule_exact_boundary_passes() -> None:
    """002 L6: 20 % -> 22 % is exactly +10 % and passes, with no float tolerance."""
    assert D("0.20") * D("1.10") == D("0.22")
    assert meets_minimum_uplift(D("0.20"), D("0.22")) is True
    assert meets_minimum_uplift(D("0.20"), D("0.2199")) is False


def test_ten_percent_rule_is_relative_not_points() -> None:
    """5 % -> 5.5 % is +10 % relative though only half a point; 50 % -> 55.9 % falls short."""
    assert meets_minimum_uplift(D("0.05"), D("0.055")) is True
    assert meets_minimum_uplift(D("0.50"), D("0.549")) is False
    assert meets_minimum_uplift(D("0.50"), D("0.56")) is True


def test_ten_percent_rule_needs_a_baseline_above_zero() -> None:
    with pytest.raises(ValueError, match="baseline above 0"):
        meets_minimum_uplift(D(0), D("0.10"))


def test_target_exactly_ten_percent_better_loads(tmp_path: Path, example_data: dict) -> None:
    data = changed(example_data, baseline_conversion="20%", target_conversion="22%")
    loaded = load(write_yaml(tmp_path, data), Optimisation)
    assert loaded.sprint.target_conversion == D("0.22")
    assert sprint_plan(loaded).relative_uplift == D("0.1")


def test_target_under_ten_percent_better_names_field(tmp_path: Path, example_data: dict) -> None:
    data = changed(example_data, baseline_conversion="20%", target_conversion="21.99%")
    lines = problems_for(tmp_path, data)
    assert lines == [
        "sprint.target_conversion: must be at least 10% above the baseline of 20% in relative "
        "terms, so at least 22% (got 21.99%, +9.95%)"
    ]
    lower = changed(example_data, baseline_conversion="20%", target_conversion="15%")
    assert problems_for(tmp_path, lower)[0].endswith("(got 15%, -25%)")


def test_percent_text_for_messages() -> None:
    assert percent_text(D("0.2199")) == "21.99%"
    assert percent_text(D("0.2")) == "20%"


# --- sprint length: 2 to 4 weeks (002 L22, L24) -------------------------------------------------


@pytest.mark.parametrize("weeks", [2, 3, 4])
def test_sprint_of_two_to_four_weeks_loads(tmp_path: Path, example_data: dict, weeks: int) -> None:
    data = copy.deepcopy(example_data)
    data["sprint"]["length_weeks"] = weeks
    for indicator in data["sprint"]["indicators"]:
        indicator["weekly_targets"] = [10] * weeks
    loaded = load(write_yaml(tmp_path, data), Optimisation)
    result = sprint_plan(loaded)
    assert len(result.weeks) == weeks
    assert result.ends == dt.date(2026, 3, 2) + dt.timedelta(weeks=weeks, days=-1)


@pytest.mark.parametrize(("weeks", "bound"), [(1, "greater than or equal to 2"), (5, "less")])
def test_sprint_outside_two_to_four_weeks_is_field_error(
    tmp_path: Path, example_data: dict, weeks: int, bound: str
) -> None:
    data = changed(example_data, length_weeks=weeks)
    lines = problems_for(tmp_path, data)
    assert len(lines) == 1
    assert lines[0].startswith("sprint.length_weeks: ")
    assert bound in lines[0]


# --- references and other bad input -------------------------------------------------------------


def test_unknown_lever_is_reference_problem(tmp_path: Path, example_data: dict) -> None:
    lines = problems_for(tmp_path, changed(example_data, lever="B9"))
    assert lines == ["sprint.lever: unknown backlog item 'B9' (known: B1, B2, B3, B4, B5)"]


def test_unknown_moment_and_duplicate_ids(tmp_path: Path, example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["backlog"][0]["moment"] = "MTM7"
    data["backlog"][2]["id"] = "B1"
    data["moments"][1]["id"] = "MTM1"
    lines = problems_for(tmp_path, data)
    assert lines == [
        "moments[1].id: duplicate id 'MTM1'",
        "backlog[2].id: duplicate id 'B1'",
        "backlog[0].moment: unknown moment 'MTM7' (known: MTM1, MTM3, MTM4)",
    ]


def test_weekly_targets_must_cover_every_week(tmp_path: Path, example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["sprint"]["indicators"][1]["weekly_targets"] = [18, 20]
    data["sprint"]["indicators"][0]["name"] = data["sprint"]["indicators"][1]["name"]
    lines = problems_for(tmp_path, data)
    assert lines == [
        "sprint.indicators[1].name: duplicate 'First meetings booked from inbound requests'",
        "sprint.indicators[1].weekly_targets: 2 targets for a 3-week sprint; give one per week",
    ]


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("backlog", 1, "impact"), 6, "backlog[1].impact: "),
        (("backlog", 0, "effort"), 0, "backlog[0].effort: "),
        (("moments", 0, "conversion"), "0%", "moments[0].conversion: a conversion rate"),
        (("moments", 2, "conversion"), "120%", "moments[2].conversion: percentage must be"),
        (("moments", 3, "problem_type"), "speed", "moments[3].problem_type: "),
        (("sprint", "baseline_conversion"), "0%", "sprint.baseline_conversion: "),
        (("sprint", "indicators"), [], "sprint.indicators: "),
        (("sprint", "indicators", 0, "weekly_targets", 1), -5, "weekly_targets[1]: "),
        (("sprint", "start"), "next Monday", "sprint.start: "),
        (("revenue",), "2400000", "revenue: "),
    ],
)
def test_bad_input_names_field_path(
    tmp_path: Path, example_data: dict, path: tuple, value: Any, expected: str
) -> None:
    data = copy.deepcopy(example_data)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    lines = problems_for(tmp_path, data)
    assert any(line.startswith(expected) or expected in line for line in lines), lines


def test_typo_in_key_is_rejected(tmp_path: Path, example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["backlog"][0]["ownr"] = data["backlog"][0].pop("owner")
    lines = problems_for(tmp_path, data)
    assert "backlog[0].owner: Field required" in lines
    assert "backlog[0].ownr: Extra inputs are not permitted" in lines


# --- ranking (kit rule: impact x confidence / effort) -------------------------------------------


def test_priority_score_is_exact() -> None:
    item = BacklogItem(
        id="X", moment="M", gap="g", change="c", metric="m", owner="o",
        impact=4, confidence=4, effort=3,
    )  # fmt: skip
    assert priority_score(item) == Fraction(16, 3)


def test_example_backlog_ranking_with_tie(plan: Optimisation) -> None:
    ranked = rank_backlog(plan)
    assert [(r.rank, r.item.id, r.score) for r in ranked] == [
        (1, "B2", D("15.00")),
        (2, "B1", D("10.00")),
        (3, "B3", D("6.00")),
        (4, "B5", D("6.00")),
        (5, "B4", D("1.60")),
    ]
    assert ranked[3].tie_break == "same score as B3, which ranks higher: higher impact"
    assert [r.tie_break for r in ranked if r.item.id != "B5"] == ["", "", "", ""]
    assert [r.fits_in_sprint for r in ranked] == [True, True, True, True, False]
    assert ranked[0].moment.id == "MTM1"


def test_ranking_orders_by_score(example_data: dict) -> None:
    """A(5,4,2) = 10, B(3,5,1) = 15, C(4,2,4) = 2 rank B, A, C."""
    ranked = rank_backlog(
        with_backlog(example_data, [("A", 5, 4, 2), ("B", 3, 5, 1), ("C", 4, 2, 4)])
    )
    assert [(r.item.id, r.score) for r in ranked] == [("B", 15), ("A", 10), ("C", 2)]


def test_ranking_tie_goes_to_lower_effort_when_impact_equal(example_data: dict) -> None:
    """(4,4,2) and (4,2,1) both score 8 with equal impact; the one-effort item ranks first."""
    ranked = rank_backlog(with_backlog(example_data, [("P", 4, 4, 2), ("Q", 4, 2, 1)]))
    assert [r.item.id for r in ranked] == ["Q", "P"]
    assert ranked[1].tie_break == "same score as Q, which ranks higher: less effort"


def test_ranking_full_tie_keeps_backlog_order(example_data: dict) -> None:
    ranked = rank_backlog(with_backlog(example_data, [("Z", 3, 3, 3), ("Y", 3, 3, 3)]))
    assert [r.item.id for r in ranked] == ["Z", "Y"]
    assert ranked[1].tie_break == "same score as Z, which ranks higher: listed first in the backlog"


def test_scales_cover_one_to_five() -> None:
    assert {name: sorted(scale) for name, scale in SCALES.items()} == {
        name: [1, 2, 3, 4, 5] for name in ("impact", "confidence", "effort")
    }
    assert RANKING_RULE.startswith("Kit rule:")


# --- compounding (002 L7) -----------------------------------------------------------------------


def test_three_moments_ten_percent_better_compound_to_1_331() -> None:
    """002 L7: small gains compound; 1.1^3 is exactly 1.331 in Decimal."""
    assert compound([D("0.10")] * 3) == D("1.331")
    assert compound([D("0.10")] * 2) == D("1.21")
    assert compound([]) == 1
    assert compound([D("0.10"), D("0.20"), D("0.05")]) == D("1.386")


def test_compounding_of_stage_rates_matches_funnel() -> None:
    """1,000 leads through 30 %, 40 %, 25 % give 30 wins; each stage +10 % gives 39.93 (x1.331)."""
    rates = [D("0.30"), D("0.40"), D("0.25")]
    before = 1000 * rates[0] * rates[1] * rates[2]
    after = 1000 * (rates[0] * D("1.1")) * (rates[1] * D("1.1")) * (rates[2] * D("1.1"))
    assert (before, after) == (D(30), D("39.93"))
    assert after / before == compound([D("0.10")] * 3)


def test_compounding_revenue_table(plan: Optimisation) -> None:
    rows = compounding_table(plan.revenue, 4)
    assert [row.improved for row in rows] == [0, 1, 2, 3, 4]
    assert [row.multiplier for row in rows] == [1, D("1.1"), D("1.21"), D("1.331"), D("1.4641")]
    assert [row.uplift for row in rows] == [0, D("0.1"), D("0.21"), D("0.331"), D("0.4641")]
    assert [str(row.revenue) for row in rows] == [
        "2,400,000.00 EUR",
        "2,640,000.00 EUR",
        "2,904,000.00 EUR",
        "3,194,400.00 EUR",
        "3,513,840.00 EUR",
    ]
    assert str(rows[3].added) == "794,400.00 EUR"


def test_compounding_revenue_rounds_once_to_the_cent() -> None:
    rows = compounding_table(Money(amount=D("1234567.89"), currency="USD"), 3)
    assert rows[3].revenue.amount == D("1643209.86")  # 1,643,209.86159 half up
    assert rows[3].added.amount == D("408641.97")


def test_compounding_table_rejects_negative_count() -> None:
    with pytest.raises(ValueError, match="cannot be negative"):
        compounding_table(Money(amount=D(1), currency="EUR"), -1)


def test_moment_goals_cap_at_one_hundred_percent(example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["moments"][3]["conversion"] = "95%"
    goals = moment_goals(Optimisation.model_validate(data))
    assert [(g.moment.id, g.goal, g.capped) for g in goals] == [
        ("MTM1", D("0.385"), False),
        ("MTM2", D("0.44"), False),
        ("MTM3", D("0.275"), False),
        ("MTM4", D(1), True),
    ]


# --- sprint plan --------------------------------------------------------------------------------


def test_sprint_plan_dates_targets_and_value(plan: Optimisation) -> None:
    result = sprint_plan(plan)
    assert (result.lever.item.id, result.lever.rank, result.moment.id) == ("B2", 1, "MTM1")
    assert (result.starts, result.ends, result.length_weeks) == (
        dt.date(2026, 3, 2),
        dt.date(2026, 3, 22),
        3,
    )
    assert [(w.number, w.starts, w.ends, w.targets) for w in result.weeks] == [
        (1, dt.date(2026, 3, 2), dt.date(2026, 3, 8), (D(60), D(18))),
        (2, dt.date(2026, 3, 9), dt.date(2026, 3, 15), (D(75), D(20))),
        (3, dt.date(2026, 3, 16), dt.date(2026, 3, 22), (D(90), D(22))),
    ]
    assert result.points == D("0.05")
    assert result.relative_uplift.quantize(D("0.0001")) == D("0.1429")
    assert result.meets_goal is True
    assert str(result.revenue_if_met) == "2,742,857.14 EUR"  # 2.4M x 40/35


def test_the_analysis_bundles_every_calculation_once(plan: Optimisation) -> None:
    result = registry.get("optimise").analysis(plan)
    assert isinstance(result, OptimiseAnalysis)
    assert result.params is result.plan is plan
    assert [r.item.id for r in result.ranked][:2] == ["B2", "B1"]
    assert result.sprint.lever is result.ranked[0]
    assert len(result.goals) == 4
    assert result.compounding[-1].multiplier == D("1.4641")


# --- checklists carried from the method ---------------------------------------------------------


def test_sprint_structure_checklist() -> None:
    """002 L29-42: four start items, three during, three at the end."""
    assert {phase: len(items) for phase, items in SPRINT_STRUCTURE.items()} == {
        "Start of sprint": 4,
        "During sprint": 3,
        "End of sprint": 3,
    }
    assert SPRINT_STRUCTURE["Start of sprint"][2] == "Choose the one lever you are improving"


def test_three_lenses() -> None:
    """002 L58-60: scalability, sustainability and durability, each one question."""
    assert [lens.name for lens in LENSES] == ["Scalability", "Sustainability", "Durability"]
    assert all(lens.question.endswith("?") for lens in LENSES)
