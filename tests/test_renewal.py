"""Renewal (method 11.5), expansion (11.3) and add-on ROI (11.4, 6.5) for one account."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import example_data, example_path, problems_for

from kit.models.account import Account, AddOn
from kit.params import load
from kit.renewal import worked_examples as worked
from kit.renewal.calculations import (
    FINAL_WEEK_CHECKLIST,
    ExpansionReview,
    addon_roi,
    analyse,
    compare_options,
    final_week_check,
    gap_rows,
    payback_text,
    unit_for,
    usage_level,
)
from kit.value_review.calculations import value_review

EXAMPLE = "account-review.yaml"


@pytest.fixture(scope="module")
def example() -> Account:
    return load(example_path(EXAMPLE), Account)


@pytest.fixture
def data() -> dict[str, Any]:
    return example_data(EXAMPLE)


def account(data: dict[str, Any]) -> Account:
    return Account.model_validate(data)


def expansion(acct: Account) -> ExpansionReview:
    return analyse(acct).expansion


def _varied(addon: AddOn, changes: dict[str, Any]) -> AddOn:
    """A worked-example add-on with some fields changed, validated again like a file."""
    fields = addon.model_dump()
    fields["benefit"] = {**fields["benefit"], **changes.pop("benefit", {})}
    return AddOn.model_validate({**fields, **changes})


def dashboard_addon(**changes: Any) -> AddOn:
    """The 11.4 reporting-dashboard add-on, optionally varied."""
    return _varied(worked.DASHBOARDS_11_4, changes)


def retention_addon(**changes: Any) -> AddOn:
    """The 6.5 churn example, optionally varied."""
    return _varied(worked.RETENTION_6_5, changes)


# --- 11.4 and 6.5 worked examples ------------------------------------------------------------


def test_addon_roi_worked_example_11_4() -> None:
    """11.4: 12 hours/week x 4.33 x $60 = 3117.6, printed $3,118; setup covered in ~1 month."""
    roi = worked.addon_11_4()
    assert roi.hours_per_week == 12
    assert roi.monthly_benefit.amount == Decimal("3117.60")
    assert roi.monthly_benefit_whole.amount == Decimal("3118")
    assert roi.net_monthly_benefit.amount == Decimal("717.60")
    assert roi.one_off_cost.amount == Decimal("480.00")
    assert roi.payback_months is not None
    assert roi.payback_months.quantize(Decimal("0.001")) == Decimal("0.669")
    assert roi.payback_rounded == Decimal("0.7")
    assert roi.payback_within_months == 1
    assert roi.return_on_price is not None
    assert roi.return_on_price.quantize(Decimal("0.001")) == Decimal("0.299")


def test_addon_roi_uses_the_method_s_4_33_weeks_per_month() -> None:
    """52 / 12 weeks, to the ten decimal places a file holds, gives 3120.00, not 3117.60."""
    weeks = (Decimal(52) / 12).quantize(Decimal("1e-10"))
    roi = addon_roi(dashboard_addon(benefit={"weeks_per_month": str(weeks)}))
    assert roi.monthly_benefit.amount == Decimal("3120.00")


def test_retention_roi_worked_example_6_5() -> None:
    """6.5: 1,000 x (6% - 4%) x $8,000 = $160,000; 45,000 / (160,000 / 12) = 3.375 -> 3.4."""
    roi = worked.churn_6_5()
    assert roi.annual_benefit.amount == Decimal("160000.00")
    assert roi.payback_months == Decimal("3.375")
    assert roi.payback_rounded == Decimal("3.4")
    assert f"about {roi.payback_rounded} months" == "about 3.4 months"
    assert roi.monthly_price.amount == 0
    assert roi.return_on_price is None


def test_retention_roi_risk_adjusted_6_5() -> None:
    """6.5 "20% chance of adoption failure": 160,000 x 0.8 = 128,000; payback 4.21875."""
    roi = addon_roi(retention_addon(adoption_failure="20%"))
    assert roi.risk_adjusted_annual_benefit.amount == Decimal("128000.00")
    assert roi.payback_months == Decimal("4.21875")


def test_retention_roi_half_improvement_and_ramp_6_5() -> None:
    """6.5 sensitivity: half the improvement still pays back, later; a ramp month adds 1."""
    half = addon_roi(retention_addon(benefit={"churn_after": "5%"}))
    assert (half.annual_benefit.amount, half.payback_months) == (Decimal("80000.00"), 6.75)
    assert addon_roi(retention_addon(ramp_months=1)).payback_months == Decimal("4.375")


def test_addon_that_never_pays_back() -> None:
    roi = addon_roi(dashboard_addon(price_per_month="3200 USD"))
    assert roi.net_monthly_benefit.amount == Decimal("-82.40")
    assert (roi.payback_months, roi.payback_rounded, roi.payback_within_months) == (
        None,
        None,
        None,
    )
    assert not roi.pays_back


def test_addon_success_metrics_are_one_to_three() -> None:
    with pytest.raises(ValueError, match="success_metrics"):
        dashboard_addon(success_metrics=["a", "b", "c", "d"])


def test_example_addons(example: Account) -> None:
    dashboards, assurance = (addon_roi(addon) for addon in example.addons)
    assert dashboards.monthly_benefit.amount == Decimal("2701.92")
    assert dashboards.one_off_cost.amount == Decimal("416.00")
    assert dashboards.payback_within_months == 1
    assert assurance.risk_adjusted_annual_benefit.amount == Decimal("87480.00")
    assert assurance.payback_rounded == Decimal("4.1")


def test_net_annual_benefit_is_what_a_year_leaves_after_the_price(example: Account) -> None:
    """Set beside the annual renewal price: 11.4 gives 3117.60 x 12 - 2,400 x 12 = 8,611.20."""
    assert worked.addon_11_4().net_annual_benefit.amount == Decimal("8611.20")
    dashboards, assurance = (addon_roi(addon) for addon in example.addons)
    # 2,701.92 x 12 = 32,423.04 less 1,900 x 12 = 22,800; no price on assurance.
    assert dashboards.net_annual_benefit.amount == Decimal("9623.04")
    assert assurance.net_annual_benefit == assurance.risk_adjusted_annual_benefit


def test_an_add_on_with_nothing_to_recover_pays_back_at_once() -> None:
    roi = addon_roi(dashboard_addon(setup_hours=None))
    assert roi.payback_months == 0
    assert payback_text(roi, "en_US") == "At once: there is no one-off cost to recover"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1, "connected systems", "connected system"),
        (2, "connected systems", "connected systems"),
        (1, "active agents", "active agent"),
        (1, "process", "process"),
        (1, "%", "%"),
    ],
)
def test_a_usage_unit_reads_singular_for_one(value: int, unit: str, shown: str) -> None:
    assert unit_for(Decimal(value), unit) == shown


# --- 11.3 expansion --------------------------------------------------------------------------


def usage(line: dict[str, Any]) -> dict[str, Any]:
    return {"unit": "active users", **line}


def with_usage(data: dict[str, Any], lines: list[dict[str, Any]], **extra: Any) -> Account:
    data["expansion"] = {"usage": [usage(line) for line in lines], **extra}
    return account(data)


def test_seat_expansion_strong_team_and_idle_team_11_3(data: dict[str, Any]) -> None:
    acct = with_usage(
        data,
        [
            {"capability": "Reports", "kind": "team", "team": "A", "current": 10, "expected": 10},
            {"capability": "Reports", "kind": "team", "team": "B", "current": 0, "expected": 10},
        ],
    )
    (found,) = expansion(acct).opportunities
    assert (found.type, found.team) == ("seat", "B")
    assert found.usage_target == "Raise B from 0 active users to 10 active users"
    assert found.review_on == dt.date(2026, 4, 5)
    assert not found.ready_to_propose


def test_usage_levels_use_the_90_percent_kit_rule(data: dict[str, Any]) -> None:
    lines = [
        {"capability": "R", "kind": "team", "team": "A", "current": "9", "expected": 10},
        {"capability": "R", "kind": "team", "team": "B", "current": "8.99", "expected": 10},
    ]
    acct = with_usage(data, lines)
    assert [usage_level(line) for line in acct.expansion.usage] == ["strong", "low"]
    assert [o.team for o in expansion(acct).opportunities] == ["B"]


def test_scope_expansion_three_modules_one_active_11_3(data: dict[str, Any]) -> None:
    """11.3: three modules purchased, only one with active workflows -> two scope options."""
    modules = [
        {"capability": f"Module {n}", "kind": "module", "current": count, "expected": 3}
        for n, count in ((1, 5), (2, 0), (3, 0))
    ]
    found = expansion(with_usage(data, modules)).opportunities
    assert [(o.type, o.capability) for o in found] == [
        ("scope", "Module 2"),
        ("scope", "Module 3"),
    ]


def test_services_expansion_strong_usage_lagging_outcome_repeated_tickets(
    data: dict[str, Any],
) -> None:
    line = {"capability": "Routing", "kind": "workflow", "current": "0.95", "expected": 1}
    themes = [{"theme": "Form setup", "category": "setup", "count": 3}]
    acct = with_usage(data, [{**line, "outcome": "K3"}], ticket_themes=themes)
    (found,) = expansion(acct).opportunities
    assert found.type == "services"
    assert found.outcome_target == "Agents active each week from 70% to 90%"
    assert found.outcome_gap
    two = [{**themes[0], "count": 2}]
    assert not expansion(
        with_usage(data, [{**line, "outcome": "K3"}], ticket_themes=two)
    ).opportunities


def test_integration_expansion_core_runs_systems_unconnected(data: dict[str, Any]) -> None:
    lines = [
        {"capability": "Routing", "kind": "workflow", "current": 10, "expected": 10},
        {"capability": "ERP", "kind": "integration", "current": 0, "expected": 1},
    ]
    (found,) = expansion(with_usage(data, lines)).opportunities
    assert (found.type, found.capability) == ("integration", "ERP")
    idle = [{**lines[0], "current": 2}, lines[1]]
    assert not expansion(with_usage(data, idle)).opportunities


def test_process_expansion_next_to_an_on_track_stage(data: dict[str, Any]) -> None:
    stages = [
        {"name": "Intake", "metric": "K1"},
        {"name": "Triage", "manual": True},
        {"name": "Billing", "manual": True},
    ]
    found = expansion(with_usage(data, [], stages=stages)).opportunities
    assert [(o.type, o.capability) for o in found] == [("process", "Triage")]


def test_a_fix_is_not_an_expansion_option_11_3(data: dict[str, Any]) -> None:
    """11.3 step 3: retries caused by a missing required field are a fix, not an offer."""
    line = {
        "capability": "Module 2",
        "kind": "module",
        "current": 0,
        "expected": 2,
        "fix_first": "Required field 'site code' is often missing",
    }
    review = expansion(with_usage(data, [line]))
    assert review.opportunities == []
    assert [fix.fix for fix in review.fixes] == ["Required field 'site code' is often missing"]


def test_example_expansion(example: Account) -> None:
    review = expansion(example)
    assert [(o.type, o.capability, o.team) for o in review.opportunities] == [
        ("seat", "Ticket routing", "Rotterdam"),
        ("seat", "Ticket routing", "Gdańsk"),
        ("scope", "Field-service scheduling", ""),
        ("process", "Triage", ""),
        ("integration", "ERP order history", ""),
        ("services", "Ticket routing", "Dublin"),
    ]
    rotterdam = review.opportunities[0]
    assert rotterdam.ready_to_propose
    assert rotterdam.outcome_target == "Tickets resolved without escalation from 71% to 80%"
    assert [fix.capability for fix in review.fixes] == ["Customer portal"]


# --- 11.5 performance file, options, gaps, checklist -----------------------------------------


def test_performance_rows_follow_the_promised_order(data: dict[str, Any]) -> None:
    entries = data["performance_file"]["entries"]
    entries[0]["promised_order"], entries[2]["promised_order"] = 3, 1
    rows = analyse(account(data)).evidence
    assert [(row.order, row.id, row.status) for row in rows] == [
        (1, "P3", "off_track"),
        (2, "P2", "at_risk"),
        (3, "P1", "on_track"),
    ]
    assert rows[2].scope.startswith("Ticket routing and triage")


def test_posture_mixed_unless_every_promised_metric_is_on_track(
    example: Account, data: dict[str, Any]
) -> None:
    stance = analyse(example).posture
    assert (stance.strength, stance.not_on_track) == ("mixed", ["K2", "K3"])
    for index in (1, 2):
        data["metrics"][index]["promised"] = False
    assert analyse(account(data)).posture.strength == "strong"


def test_renewal_reads_the_value_review_statuses(example: Account) -> None:
    """The performance file quotes the very statuses a value review of the account gives."""
    analysis = analyse(example)
    reviewed = value_review(example).metrics
    assert analysis.reviews == {row.id: row for row in reviewed}
    by_metric = {entry.id: entry.metric for entry in example.performance_file.entries}
    assert [(row.id, row.status) for row in analysis.evidence] == [
        (row.id, analysis.reviews[by_metric[row.id]].status) for row in analysis.evidence
    ]


def test_renewal_options_against_current_price(example: Account) -> None:
    rows = compare_options(example)
    assert [(row.id, row.change.amount) for row in rows] == [
        ("A", Decimal(0)),
        ("B", Decimal(8400)),
        ("C", Decimal(-10400)),
    ]
    assert rows[2].change_ratio.quantize(Decimal("0.0001")) == Decimal("-0.1204")


def test_discount_needs_a_narrower_scope_11_5(tmp_path: Path, data: dict[str, Any]) -> None:
    """11.5 example: a 15% discount is offered only against a narrower scope."""
    option = data["renewal_options"][0]
    option["annual_price"] = "73440 GBP"
    assert problems_for(tmp_path, data) == [
        "renewal_options[0].annual_price: a price below today's 86,400.00 GBP needs a "
        "reduced scope or a performance clause"
    ]
    option["scope_change"] = "reduced"
    assert compare_options(account(data))[0].change_ratio == Decimal("-0.15")


@pytest.mark.parametrize("count", [1, 4])
def test_two_or_three_renewal_options(tmp_path: Path, data: dict[str, Any], count: int) -> None:
    options = data["renewal_options"]
    data["renewal_options"] = [{**options[i % 3], "id": f"O{i}"} for i in range(count)]
    assert problems_for(tmp_path, data) == [
        f"renewal_options: prepare two or three packages, or none yet (got {count})"
    ]


def test_gap_plan_change_in_points_11_5(example: Account) -> None:
    """11.5: step-three completion from 62% to 75% is +13 points (+20.97% relative)."""
    row = gap_rows(example)[0]
    assert (row.current, row.target, row.change, row.unit) == (62, 75, 13, "%")
    assert row.change_ratio is not None
    assert row.change_ratio.quantize(Decimal("0.0001")) == Decimal("0.2097")
    assert row.complete


def test_final_week_checklist_verbatim_and_in_order(example: Account) -> None:
    check = analyse(example).check
    assert [item.item for item in check.items] == list(FINAL_WEEK_CHECKLIST)
    assert FINAL_WEEK_CHECKLIST[3] == "Any gaps have an owner, a measurable target, and a timeline."
    assert [item.passed for item in check.items] == [True, True, True, True, False]
    assert (check.days_to_renewal, check.in_final_week, check.passed) == (7, True, False)
    assert not final_week_check(example, gap_rows(example), dt.date(2026, 3, 5)).in_final_week


def test_final_week_checklist_failures(data: dict[str, Any]) -> None:
    del data["gaps"][0]["owner"]
    data["performance_file"]["entries"].pop()
    data["stakeholder_priorities"][1]["evidence"] = ["P2"]
    data["stakeholder_priorities"][0]["evidence"] = []
    data["renewal_options"] = []
    data["final_week"]["written_summary_confirmed"] = True
    check = analyse(account(data)).check
    assert [item.findings for item in check.items] == [
        ["promised metric K3 (Agents active each week) has no performance entry"],
        ["Finance (Dana Whitford, CFO): no evidence linked to 'Cost predictability'"],
        ["0 renewal options prepared; prepare 2 or 3"],
        ["gap 'Rotterdam night shift skips the triage form' lacks owner"],
        [],
    ]


def test_gap_missing_target_and_date(data: dict[str, Any]) -> None:
    data["gaps"] = [{"gap": "Adoption is low in Gdańsk"}]
    (row,) = gap_rows(account(data))
    assert row.missing == ["owner", "measurable target", "timeline"]
    assert row.change is None


def test_performance_entry_without_baseline_is_rejected(
    tmp_path: Path, data: dict[str, Any]
) -> None:
    """11.5 failure point: a metric without a baseline invites confusion."""
    del data["performance_file"]["entries"][1]["baseline"]
    data["performance_file"]["entries"][2]["limitation"] = "  "
    assert problems_for(tmp_path, data) == [
        "performance_file.entries[1].baseline: Field required",
        "performance_file.entries[2].limitation: String should have at least 1 character "
        "(got '  ')",
    ]


def test_renewal_cross_record_problems(tmp_path: Path, data: dict[str, Any]) -> None:
    data["addons"][0]["price_per_month"] = "1900 EUR"
    data["addons"][1]["setup_hours"] = 10
    data["stakeholder_priorities"][0]["evidence"] = ["P9"]
    data["performance_file"]["entries"][1]["promised_order"] = 1
    data["performance_file"]["entries"][2]["scope_item"] = "S7"
    assert problems_for(tmp_path, data) == [
        "performance_file.entries[1].promised_order: 1 is used twice",
        "performance_file.entries[2].scope_item: unknown scope item 'S7' (known: S1, S2, S3)",
        "stakeholder_priorities[0].evidence[0]: unknown performance entry 'P9' (known: P1, P2, P3)",
        "addons[0].price_per_month: currency EUR differs from contract.annual_value GBP",
        "addons[1].setup_hours: give setup_cost or setup_hours, not both",
        "addons[1].setup_hours: hours can only be valued with a time_saved benefit; "
        "give setup_cost instead",
    ]


def test_bad_renewal_values_name_their_field_paths(tmp_path: Path, data: dict[str, Any]) -> None:
    data["contract"]["renewal_date"] = "2025-01-01"
    data["addons"][1]["benefit"]["churn_after"] = "12%"
    data["renewal_options"][1]["scope_change"] = "bigger"
    data["addons"][0]["benefit"]["type"] = "hours"
    problems = problems_for(tmp_path, data)
    assert [problem.split(":")[0] for problem in problems] == [
        "contract",
        "addons[0].benefit",
        "addons[1].benefit",
        "renewal_options[1].scope_change",
    ]
    assert "renewal_date must come after start" in problems[0]
    assert problems[1] == "addons[0].benefit: type must be 'time_saved' or 'retention'"
    assert "churn_after must not exceed churn_before" in problems[2]


def test_a_payback_decades_away_is_stated_not_plotted():
    """A tiny net benefit once drew a span of millions of months; the chart stops at ten years."""
    from kit.renewal.charts import MAX_MONTHS, payback_series

    slow = _varied(worked.DASHBOARDS_11_4, {"setup_hours": 10**6})
    roi = addon_roi(slow)
    assert roi.payback_months > MAX_MONTHS
    series = payback_series(slow, roi)
    assert series.months[-1] == MAX_MONTHS
    assert len(series.benefit) == len(series.cost) == MAX_MONTHS + 1
