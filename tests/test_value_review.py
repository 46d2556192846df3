"""Value review (method 11.2) and early-warning risk (11.1): statuses, boundaries, risk levels."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import conftest
import pytest
from conftest import problems_for, write_yaml

from kit import registry
from kit.errors import ParamsError
from kit.models.account import Account, EarlyWarning, Metric
from kit.params import load
from kit.value_review.calculations import (
    DEFAULT_ACTIONS,
    add_business_days,
    analyse,
    dropped_by,
    is_miss,
    retention_risk,
    review_metric,
    status_of,
    trend,
    trend_reversed,
    value_review,
)

EXAMPLE = conftest.example_path("account-review.yaml")
FRIDAY = dt.date(2026, 2, 13)


def d(*values: str | int) -> list[Decimal]:
    return [Decimal(str(value)) for value in values]


@pytest.fixture(scope="module")
def example() -> Account:
    return load(EXAMPLE, Account)


@pytest.fixture(scope="module")
def example_data() -> dict[str, Any]:
    return conftest.example_data(EXAMPLE.name)


def signals(**fields: Any) -> EarlyWarning:
    return EarlyWarning.model_validate({"usage_metric": "Weekly active users", **fields})


def weeks(*values: int, baseline: int | None = 100) -> dict[str, Any]:
    usage = [{"label": f"W{i + 1}", "value": value} for i, value in enumerate(values)]
    return {"weekly_usage": usage, "usage_baseline": baseline}


def ttv_overdue(days: int) -> dict[str, Any]:
    due = FRIDAY - dt.timedelta(days=days)
    return {"onboarding": [{"name": "First report live", "due": due, "time_to_value": True}]}


def tickets(before: int, after: int, hours_before: str, hours_after: str) -> dict[str, Any]:
    return {
        "tickets": [
            {"label": "P1", "count": before, "average_resolution_hours": hours_before},
            {"label": "P2", "count": after, "average_resolution_hours": hours_after},
        ]
    }


# --- 11.2 outcome status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (d(92, 95), "on_track"),
        (d(95, 85), "at_risk"),
        (d(85, 80), "off_track"),
        (d(95, 99, 93), "at_risk"),
        (d(95), "at_risk"),
        (d(80, 92, 95), "on_track"),
    ],
)
def test_status_thresholds_11_2_higher_is_better(values: list[Decimal], expected: str) -> None:
    """11.2: on track within 10% twice, at risk on one miss or a reversal, off track on two."""
    status, _ = status_of(values, Decimal(100), "higher")
    assert status == expected


def test_trend_reversal_reason_11_2() -> None:
    status, reasons = status_of(d(95, 99, 93), Decimal(100), "higher")
    assert (status, reasons) == ("at_risk", ["the trend turned the wrong way"])


def test_adoption_stalled_makes_off_track_11_2() -> None:
    status, reasons = status_of(d(95, 97), Decimal(100), "higher", adoption_stalled=True)
    assert status == "off_track"
    assert reasons == ["evidence shows adoption has stalled"]


def test_a_stall_without_evidence_is_never_claimed_issue_8(example: Account) -> None:
    """The model refuses the tick without evidence; a metric built in code past the model
    still gets no "evidence shows adoption has stalled" until the evidence is there."""
    metric = example.metrics[0]
    bare = review_metric(metric.model_copy(update={"adoption_stalled": True}))
    assert (bare.status, bare.stall_evidence) == ("on_track", None)
    shown = "Median rose to 6 hours when the Dublin rota changed"
    stalled = review_metric(
        metric.model_copy(update={"adoption_stalled": True, "adoption_stalled_evidence": shown})
    )
    assert (stalled.status, stalled.reasons[0]) == (
        "off_track",
        "evidence shows adoption has stalled",
    )
    assert stalled.stall_evidence == shown


def test_short_history_is_at_risk_until_confirmed() -> None:
    assert status_of([], Decimal(100), "higher")[0] == "at_risk"
    assert status_of(d(100), Decimal(100), "higher") == (
        "at_risk",
        ["not yet confirmed: on track needs two measured periods"],
    )


def test_boundary_exactly_ten_percent_below_target_is_within() -> None:
    """11.2 "within 10% of target" is inclusive: 90 against 100 is not a miss, 89.99 is."""
    assert status_of(d(90, 90), Decimal(100), "higher")[0] == "on_track"
    assert status_of(d("89.99", 90), Decimal(100), "higher")[0] == "at_risk"
    assert not is_miss(Decimal(90), Decimal(100), "higher", Decimal("0.10"))
    assert is_miss(Decimal("89.99"), Decimal(100), "higher", Decimal("0.10"))


def test_boundary_lower_is_better_6_6_days_against_6() -> None:
    """Floats give 6 * 1.1 = 6.6000000000000005; Decimal keeps 6.6 exactly on the edge."""
    assert status_of(d("6.5", "6.6"), Decimal(6), "lower")[0] == "on_track"
    assert status_of(d("6.7", "6.5"), Decimal(6), "lower")[0] == "at_risk"
    assert is_miss(Decimal("6.61"), Decimal(6), "lower", Decimal("0.10"))


def test_beating_the_target_is_never_a_miss() -> None:
    assert status_of(d(130, 150), Decimal(100), "higher")[0] == "on_track"
    assert status_of(d(2, 1), Decimal(6), "lower")[0] == "on_track"


def test_reversal_follows_the_better_direction_not_the_distance() -> None:
    """Kit rule: moving past the target in the better direction is never a reversal."""
    assert not trend_reversed(d(95, 105, 110), "higher")
    assert trend_reversed(d(95, 105, 100), "higher")
    assert trend_reversed(d(5, 4, "4.5"), "lower")
    assert not trend_reversed(d(5, 5, 6), "lower")


def test_off_track_mode_cumulative_counts_any_two_misses() -> None:
    values = d(80, 95, 97, 85)
    assert status_of(values, Decimal(100), "higher")[0] == "at_risk"
    assert status_of(values, Decimal(100), "higher", off_track_mode="cumulative") == (
        "off_track",
        ["missed the target band in 2 periods"],
    )


def test_tolerance_is_a_parameter() -> None:
    assert status_of(d(94, 94), Decimal(100), "higher", tolerance=Decimal("0.05"))[0] == (
        "off_track"
    )


def test_trend_direction_and_rate() -> None:
    result = trend(d(95, 99, 93), "higher")
    assert (result.direction, result.change, result.rate_per_period) == ("down", -6, -1)
    assert result.favourable is False
    assert trend(d(5, 4), "lower").favourable is True
    assert trend(d(5), "lower").direction is None


def test_metrics_pack_row_variance_and_definition_change() -> None:
    metric = Metric.model_validate(
        {
            "id": "K1",
            "outcome": "Fewer customers stuck in setup",
            "name": "Setup completed within 7 days",
            "evidence_source": "Onboarding completion timestamps",
            "measurement": "Monthly product export",
            "unit": "%",
            "direction": "higher",
            "baseline": 40,
            "target": 70,
            "time_window": "Q3",
            "periods": [
                {"label": "May", "value": 55},
                {"label": "June", "value": 66, "definition_version": 2},
            ],
        }
    )
    row = review_metric(metric)
    assert (row.current, row.variance, row.change_from_baseline) == (66, -4, 26)
    assert row.variance_ratio == Decimal(-4) / 70
    assert row.status == "at_risk"
    assert row.needs_constraint
    assert row.definition_changed


def test_example_value_review(example: Account) -> None:
    review = value_review(example)
    assert [(m.id, m.status) for m in review.metrics] == [
        ("K1", "on_track"),
        ("K2", "at_risk"),
        ("K3", "off_track"),
    ]
    assert (review.count("on_track"), review.count("off_track")) == (1, 1)
    assert review.risk.level == "medium"
    assert review.risk.due == dt.date(2026, 3, 13)


def test_analysis_holds_each_period_against_the_band(example: Account) -> None:
    """11.2 10% band, per period: K1 (lower is better, target 4 hours) misses at 5.1 > 4.4."""
    k1, k2, k3 = analyse(example).review.metrics
    assert [(p.label, p.gap, p.miss) for p in k1.periods] == [
        ("2025-11", Decimal("1.1"), True),
        ("2025-12", Decimal("0.3"), False),
        ("2026-01", Decimal("0.2"), False),
        ("2026-02", Decimal("0.0"), False),
    ]
    # K2 (higher is better, target 80%): the band starts at 72%, so 68 and 71 miss, 74 is in.
    assert [p.miss for p in k2.periods] == [True, False, True]
    assert [p.miss for p in k3.periods] == [True, True]


def test_analysis_holds_every_risk_rule_and_the_action_ladder(example: Account) -> None:
    """11.1 for the example: 24.19% and 27.42% below a baseline of 62 fires medium only."""
    risk = analyse(example).review.risk
    assert (risk.high_rule, risk.usage_rule, risk.ticket_rule) == (False, True, False)
    assert (risk.open_steps, risk.watched_steps) == (1, 2)
    assert risk.averaged_weeks == ("2026-W04", "2026-W05", "2026-W06", "2026-W07")
    assert [w.in_window for w in risk.weeks] == [False] * 4 + [True] * 2
    assert risk.weeks[-1].change == Decimal(45) / 62 - 1
    assert risk.ladder == DEFAULT_ACTIONS
    assert risk.action is risk.ladder["medium"]


def test_stated_baseline_averages_no_weeks() -> None:
    risk = retention_risk(signals(**weeks(75, 80)), FRIDAY)
    assert (risk.baseline, risk.averaged_weeks) == (100, ())


def test_summary_paragraph_is_built_from_the_numbers(example: Account) -> None:
    summary = value_review(example).summary
    assert "\n" not in summary
    assert summary.startswith(
        'At the 6 March 2026 review of Harbour & Finch "Northline" Logistics Ltd, '
        "1 of 3 metrics were on track, 1 at risk and 1 off track."
    )
    assert "moved from 61% to 71% against a target of 80% (at risk)" in summary
    assert "Retention risk is medium." in summary
    assert "Priya Shah, Update the routing map for the three hub teams, measured by 20 March" in (
        summary
    )


# --- 11.1 early-warning risk -----------------------------------------------------------------


def test_high_risk_11_1_drop_40_and_ttv_14_days_late() -> None:
    risk = retention_risk(signals(**weeks(58, 60), **ttv_overdue(14)), FRIDAY)
    assert risk.level == "high"
    assert [drop.drop for drop in risk.drops] == [Decimal("0.42"), Decimal("0.40")]
    assert risk.ttv_overdue_days == 14
    assert risk.action == DEFAULT_ACTIONS["high"]
    assert "joint call with support" in risk.action.action
    assert risk.due == dt.date(2026, 2, 17)


def test_40_percent_drop_with_ttv_13_days_late_is_medium_kit_rule() -> None:
    """11.1 read literally would give low (not high, outside 20-39%); the kit says medium."""
    risk = retention_risk(signals(**weeks(58, 60), **ttv_overdue(13)), FRIDAY)
    assert risk.level == "medium"
    assert risk.triggers == ["usage down 20% or more for two weeks"]


def test_medium_risk_11_1_check_in_within_five_business_days() -> None:
    """11.1: a medium flag asks for a check-in within five business days: Fri 13 -> Fri 20."""
    risk = retention_risk(signals(**weeks(75, 80)), FRIDAY)
    assert risk.level == "medium"
    assert risk.action is not None and risk.action.business_days == 5
    assert risk.due == dt.date(2026, 2, 20)


def test_drop_boundaries_are_exact() -> None:
    """1 - 80/100 is 0.19999999999999996 in floats; Decimal keeps exactly 20% and 40%."""
    assert dropped_by(Decimal(80), Decimal(100), Decimal("0.20"))
    assert not dropped_by(Decimal("80.01"), Decimal(100), Decimal("0.20"))
    assert dropped_by(Decimal(60), Decimal(100), Decimal("0.40"))
    assert not dropped_by(Decimal("60.01"), Decimal(100), Decimal("0.40"))
    assert retention_risk(signals(**weeks(80, 80)), FRIDAY).level == "medium"
    assert retention_risk(signals(**weeks(60, 60), **ttv_overdue(14)), FRIDAY).level == "high"


def test_one_week_drop_is_not_two_consecutive_weeks() -> None:
    assert retention_risk(signals(**weeks(75, 85)), FRIDAY).level == "low"
    assert retention_risk(signals(**weeks(70)), FRIDAY).level == "low"


def test_ticket_rise_with_slower_resolution_is_medium_11_1() -> None:
    base = weeks(75, 85)
    risk = retention_risk(signals(**base, **tickets(10, 15, "6", "7")), FRIDAY)
    assert risk.level == "medium"
    assert risk.ticket_change == Decimal("0.5")
    assert risk.triggers == ["tickets up 50% or more while resolution time rose"]
    assert retention_risk(signals(**base, **tickets(100, 149, "6", "7")), FRIDAY).level == "low"


def test_ticket_rise_with_flat_resolution_is_low() -> None:
    risk = retention_risk(signals(**tickets(10, 16, "6", "6")), FRIDAY)
    assert (risk.level, risk.resolution_rising) == ("low", False)


def test_tickets_from_zero_count_as_a_rise_kit_rule() -> None:
    risk = retention_risk(signals(**tickets(0, 2, "5", "9")), FRIDAY)
    assert (risk.level, risk.ticket_change) == ("medium", None)


def test_low_risk_monitors_open_onboarding_steps_11_1() -> None:
    steps = [
        {"name": "Kick-off", "due": "2026-01-05", "completed_on": "2026-01-05"},
        {"name": "Data import", "due": "2026-01-20", "completed_on": "2026-01-21"},
        {"name": "Team training", "due": "2026-03-01"},
    ]
    next_review = dt.date(2026, 3, 6)
    risk = retention_risk(signals(onboarding=steps), FRIDAY, next_review)
    assert (risk.level, risk.monitor) == ("low", True)
    assert risk.action == DEFAULT_ACTIONS["monitor"]
    assert risk.due == next_review
    done = [{**step, "completed_on": "2026-02-01"} for step in steps]
    quiet = retention_risk(signals(onboarding=done), FRIDAY)
    assert (quiet.level, quiet.monitor, quiet.action, quiet.due) == ("low", False, None, None)


def test_usage_baseline_defaults_to_four_weeks_before_the_window() -> None:
    data = weeks(90, 110, 100, 100, 80, 79, baseline=None)
    risk = retention_risk(signals(**data), FRIDAY)
    assert risk.baseline == 100
    assert risk.level == "medium"


def test_completed_ttv_milestone_is_not_overdue() -> None:
    data = ttv_overdue(30)
    data["onboarding"][0]["completed_on"] = "2026-02-01"
    risk = retention_risk(signals(**weeks(50, 50), **data), FRIDAY)
    assert (risk.ttv_overdue_days, risk.level) == (None, "medium")


def test_risk_actions_can_be_overridden() -> None:
    custom = {"action": "Call the sponsor.", "owner": "Account executive", "business_days": 1}
    risk = retention_risk(signals(**weeks(75, 80), actions={"medium": custom}), FRIDAY)
    assert (risk.action.owner, risk.due) == ("Account executive", dt.date(2026, 2, 16))


def test_add_business_days_skips_weekends() -> None:
    assert add_business_days(FRIDAY, 5) == dt.date(2026, 2, 20)
    assert add_business_days(dt.date(2026, 2, 14), 1) == dt.date(2026, 2, 16)
    with pytest.raises(ValueError):
        add_business_days(FRIDAY, -1)


# --- parameters file -------------------------------------------------------------------------


def test_example_loads_with_ampersand_and_quotes(example: Account) -> None:
    assert registry.kinds()["account"].load() is Account
    assert example.customer.name == 'Harbour & Finch "Northline" Logistics Ltd'
    assert example.status_rules.tolerance == Decimal("0.10")


def test_next_step_without_evidence_is_rejected(tmp_path: Path, example_data: dict) -> None:
    """11.2: every action needs the evidence that will prove it worked."""
    data = copy.deepcopy(example_data)
    del data["next_steps"][1]["evidence"]
    path = write_yaml(tmp_path, data, "account.yaml")
    with pytest.raises(ParamsError) as caught:
        load(path, Account)
    assert caught.value.lines() == [f"{path}: next_steps[1].evidence: Field required"]


def test_bad_values_name_their_field_paths(tmp_path: Path, example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["metrics"][0]["direction"] = "up"
    data["metrics"][1]["periods"][0]["value"] = "seventy"
    data["status_rules"]["tolerance"] = "150%"
    data["early_warning"]["tickets"][0]["count"] = -1
    problems = problems_for(tmp_path, data)
    assert [problem.split(":")[0] for problem in problems] == [
        "status_rules.tolerance",
        "metrics[0].direction",
        "metrics[1].periods[0].value",
        "early_warning.tickets[0].count",
    ]


def test_cross_record_problems_name_their_field_paths(tmp_path: Path, example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["metrics"][2]["adoption_stalled"] = True
    data["early_warning"]["onboarding"][3]["time_to_value"] = True
    data["next_steps"][0]["metric"] = "K9"
    assert problems_for(tmp_path, data) == [
        "metrics[2].adoption_stalled_evidence: say what shows adoption has stalled",
        "early_warning.onboarding[3].time_to_value: only one step can be the time-to-value "
        "milestone",
        "next_steps[0].metric: unknown metric 'K9' (known: K1, K2, K3)",
    ]


def test_wrong_kind_for_the_playbook(tmp_path: Path, example_data: dict) -> None:
    data = copy.deepcopy(example_data)
    data["kind"] = "acount"
    assert problems_for(tmp_path, data)[0].startswith("kind: expected one of")
