"""Deal-desk checks of method 7.5 and the approve / edits / reject decision."""

from __future__ import annotations

from conftest import example_data, write_yaml

from kit.params import load
from kit.proposal.dealdesk import review


def reviewed(tmp_path, change):
    data = example_data("saas-subscription.yaml")
    change(data)
    return review(load(write_yaml(tmp_path, data)))


def findings(result) -> list[str]:
    return [gap.finding for gap in result.gaps]


def test_saas_example_is_approved_as_written(saas_deal):
    result = review(saas_deal)
    assert result.verdict == "approve"
    assert all(check.passed for check in result.checks)
    assert len(result.checks) == 8


def test_services_example_needs_one_edit(services_deal):
    result = review(services_deal)
    assert result.verdict == "approve with edits"
    assert findings(result) == ["O2 lacks measurement method"]


def test_requirement_without_deliverable_or_assumption_rejects(tmp_path):
    def change(data):
        data["requirements"][0]["deliverables"] = []

    result = reviewed(tmp_path, change)
    assert result.verdict == "reject"
    assert findings(result) == ["R1 has neither a deliverable nor an assumption"]


def test_requirement_without_outcome_is_an_edit(tmp_path):
    def change(data):
        data["requirements"][4]["outcomes"] = []

    result = reviewed(tmp_path, change)
    assert result.verdict == "approve with edits"
    assert findings(result) == ["R5 maps to no outcome"]


def test_missing_exclusions_and_change_control_are_edits(tmp_path):
    def change(data):
        data["scope"]["exclusions"] = []
        data["terms"]["change_control"] = ""
        data["assumptions"] = [a for a in data["assumptions"] if a["type"] != "change_control"]

    result = reviewed(tmp_path, change)
    assert result.verdict == "approve with edits"
    assert findings(result) == [
        "The proposal has no 'not included' list",
        "No change-control clause or assumption",
    ]


def test_24x7_promise_with_business_hours_delivery_rejects(tmp_path):
    def change(data):
        data["terms"]["support_promise"] = {"coverage": "24x7", "response_hours": 0.5}

    result = reviewed(tmp_path, change)
    assert result.verdict == "reject"
    assert findings(result) == [
        "24x7 support is promised but delivery covers business hours only",
        "A 0.5-hour response is promised; delivery can meet 1 hours",
    ]


def test_all_fees_at_go_live_and_milestone_without_exit_criteria_reject(tmp_path):
    def change(data):
        data["terms"]["base_fee_invoiced_at"] = "M4"
        for fee in data["pricing"]["milestone_fees"]:
            fee["milestone"] = "M4"
        data["milestones"][3]["exit_criteria"] = ""

    result = reviewed(tmp_path, change)
    assert result.verdict == "reject"
    assert findings(result) == [
        "An invoice waits on M4, which has no exit criteria",
        "Every one-time fee is due only at the last milestone (M4)",
    ]


def test_outcome_target_without_a_number_is_an_edit(tmp_path):
    def change(data):
        data["outcomes"][0]["target"] = "much faster"

    result = reviewed(tmp_path, change)
    assert findings(result) == ["O1 has a target without a number"]


def test_rejects_are_listed_before_edits(tmp_path):
    def change(data):
        data["scope"]["exclusions"] = []
        data["requirements"][1]["deliverables"] = []
        data["requirements"][1]["assumptions"] = []

    result = reviewed(tmp_path, change)
    assert [gap.severity for gap in result.gaps] == ["reject", "edit"]


def test_a_milestone_before_the_issue_date_rejects(tmp_path):
    def backdate(data):
        data.pop("plan")  # the plan would already refuse a milestone outside its phase
        data["milestones"][0]["date"] = "2020-11-02"

    result = reviewed(tmp_path, backdate)
    assert result.verdict == "reject"
    assert findings(result) == ["M1 is dated 2020-11-02, before the proposal's date 2026-12-01"]


def test_a_quote_validity_before_the_issue_date_rejects(tmp_path):
    result = reviewed(tmp_path, lambda d: d["terms"].update(quote_valid_until="2026-11-30"))
    assert result.verdict == "reject"
    assert findings(result) == ["The quote is valid until 2026-11-30, before its own date"]


def test_a_quote_without_validity_holds_thirty_days(tmp_path):
    data = example_data("saas-subscription.yaml")
    del data["terms"]["quote_valid_until"]
    deal = load(write_yaml(tmp_path, data))
    assert deal.valid_until.isoformat() == "2026-12-31"
    assert review(deal).verdict == "approve"
