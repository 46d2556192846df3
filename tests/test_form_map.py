"""The mutual action plan workshop form: refused dates, saving, leads, statuses, as-of date."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import ipywidgets as w
import pytest
from conftest import (
    example_data,
    example_path,
    problems_beside,
    row_of,
    set_value,
    write_yaml,
)

from kit import cli, params, registry
from kit.map.calculations import analyse
from kit.map.form import Form
from kit.models.deal import Deal
from kit.notebook import Workshop

SAAS = example_path("saas-subscription.yaml")
SERVICES = example_path("fixed-scope-services.yaml")


def workshop_for(path: Path) -> Workshop:
    return Workshop(registry.get("map"), path, params.load(path, Deal))


@pytest.fixture
def workshop() -> Workshop:
    return workshop_for(SAAS)


def test_a_phase_ending_before_it_starts_is_refused_as_kit_check_refuses_it(
    workshop: Workshop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 8: no "-346 days", no backwards bar, no "5 of 5" for a plan that cannot be."""
    form = Form(workshop)
    before = workshop.params
    row_of(form, "Implement ends").children[1].value = dt.date(2026, 2, 19)
    assert workshop.params is before
    assert workshop.analysis.summary.phases[2].end == dt.date(2027, 3, 1)
    shown = problems_beside(row_of(form, "Implement ends"))
    assert shown == [
        "plan.phases[2].end: ends before the phase starts on 2027-01-12 (got '2026-02-19')"
    ]
    summary = form.summarise(workshop.analysis).text()
    assert re.search(r"Implement\s+2027\-01\-12\s+2027\-03\-01\s+49", summary)
    assert "-" + "346" not in summary

    data = example_data(SAAS.name)
    set_value(data, ["plan", "phases", "2", "end"], "2026-02-19")
    file = write_yaml(tmp_path, data)
    assert cli.main(["check", str(file)]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: {file}: {line}" for line in shown
    ]


def test_a_phase_starting_after_the_next_one_is_named_where_it_is_edited(
    workshop: Workshop,
) -> None:
    form = Form(workshop)
    assert form.apply(("plan", "phases", 1, "start"), "2027-01-13") is False
    assert problems_beside(row_of(form, "Design starts")) == []
    assert problems_beside(row_of(form, "Design ends")) == [
        "plan.phases[1].end: ends before the phase starts on 2027-01-13 (got '2027-01-11')"
    ]
    assert form.apply(("plan", "phases", 1, "start"), "2027-01-05") is True
    assert problems_beside(row_of(form, "Design ends")) == []
    assert workshop.analysis.summary.phases[1].days == 7


def test_a_lead_must_sit_on_the_right_side(workshop: Workshop) -> None:
    form = Form(workshop)
    yours, ours = row_of(form, "Confirm leads (yours, ours)").children[1].children
    assert list(yours.options) == ["Katrin Müller", "山田 太郎", 'Lars "LJ" Jensen', "Petra Vogel"]
    assert list(ours.options) == ["Amara Okafor", "Tom Reyes"]
    assert form.apply(("plan", "phases", 0, "seller_owner"), "Petra Vogel") is False
    assert problems_beside(row_of(form, "Confirm leads (yours, ours)")) == [
        "plan.phases[0].seller_owner: 'Petra Vogel' is not a listed seller-side stakeholder"
    ]
    yours.value = "Petra Vogel"
    assert workshop.analysis.plan.phases[0].customer_owner == "Petra Vogel"
    assert problems_beside(row_of(form, "Confirm leads (yours, ours)")) == []


def test_saved_file_reproduces_the_forms_analysis(workshop: Workshop, tmp_path: Path) -> None:
    form = Form(workshop)
    row_of(form, "Implement ends").children[1].value = dt.date(2027, 3, 5)
    _, status, owner = row_of(form, "Names of the six pilot agents").children[1].children
    status.value = "done"
    owner.value = ""
    date, decided, approver = row_of(form, "Solution design signed off").children[1].children
    decided.value = True
    approver.value = "Katrin Müller"
    date.value = None
    shown = workshop.analysis
    assert shown.summary.phases[2].days == 53
    assert shown.signed_off == 4
    assert [item.what for item in shown.summary.items if item.due is None] == [
        "Solution design signed off"
    ]
    assert shown.summary.undated == (), "a decision taken needs no date"

    saved = workshop.save(tmp_path / "x.yaml")
    reloaded = analyse(params.load(saved, Deal))
    assert reloaded.summary == shown.summary
    assert reloaded.signoff == shown.signoff
    assert reloaded.review == shown.review
    assert reloaded.idle_days == shown.idle_days
    assert reloaded.signoff[2].failing == (
        "plan.dependencies[4]: 'Names of the six pilot agents' has no owner",
    )


def test_the_live_summary_counts_from_the_chosen_date(workshop: Workshop) -> None:
    form = Form(workshop)
    assert (
        "As of 2026-12-01: nothing late, every item dated"
        in form.summarise(workshop.analysis).text()
    )
    as_of = row_of_as_of(form)
    as_of.value = dt.date(2027, 1, 5)
    live = form.summarise(workshop.analysis).text()
    assert "As of 2027-01-05: 3 late, 0 without a date (scope risk)" in live
    assert "Late by 15 days: Read access to the ERP customer tables" in live
    assert workshop.params is workshop.loaded, "the as-of date is not a parameter"
    _, status, _ = row_of(form, "Read access to the ERP customer tables").children[1].children
    status.value = "done"
    assert "As of 2027-01-05: 2 late" in form.summarise(workshop.analysis).text()
    assert form.summarise(workshop.analysis).text().endswith("5 of 5 sign-off checks pass")


def row_of_as_of(form: Form) -> w.DatePicker:
    label, picker = form.widget.children[0].children[1].children
    assert label.value == "Count late items as of"
    return picker


def test_undated_items_load_into_empty_pickers_and_keep_their_status() -> None:
    workshop = workshop_for(SERVICES)
    form = Form(workshop)
    needed_by, status, owner = row_of(form, "Purchase order issued").children[1].children
    assert needed_by.value is None
    assert (status.value, owner.value) == ("requested", "Dana O'Connor")
    needed_by.value = dt.date(2027, 1, 4)
    assert [item.what for item in workshop.analysis.summary.undated] == [
        "Finance approval route for the purchase order"
    ]
    assert form.summarise(workshop.analysis).text().endswith("4 of 5 sign-off checks pass")
