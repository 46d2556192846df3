"""The proposal's workshop form: validated like ``kit check``, saved, written as a workshop copy."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml
from conftest import example_data, example_path, open_workshop, write_yaml

from kit import params, registry
from kit.errors import ParamsError, UsageError
from kit.notebook import Workshop
from kit.proposal.calculations import analyse


@pytest.fixture
def session(tmp_path, monkeypatch):
    return open_workshop("proposal", "saas-subscription.yaml", tmp_path, monkeypatch)


def test_an_invalid_value_is_shown_like_kit_check_and_not_applied(session, tmp_path):
    before = session.params
    assert not session._form.apply(("pricing", "subscription", "quantity"), 0)
    assert session.params is before
    shown = session._form._errors["pricing.subscription.quantity"].value
    data = example_data("saas-subscription.yaml")
    data["pricing"]["subscription"]["quantity"] = 0
    with pytest.raises(ParamsError) as checked:
        params.load(write_yaml(tmp_path, data, "bad.yaml"))
    [line] = checked.value.problems
    assert line == (
        "pricing.subscription.quantity: Input should be greater than or equal to 1 (got 0)"
    )
    assert line in shown


def test_a_valid_change_recomputes_the_totals(session):
    assert session._form.apply(("pricing", "subscription", "quantity"), 30)
    sheet = session.analysis.sheet
    # 30 seats x 89 EUR less 10% = 2,403.00; less the 5% deal discount (120.15) = 2,282.85.
    assert sheet.monthly_subtotal.amount == Decimal("2403.00")
    assert sheet.monthly_total.amount == Decimal("2282.85")


def test_promising_24x7_support_turns_the_deal_desk_to_reject(session):
    assert analyse(session.params).desk.verdict == "approve"
    assert session._form.apply(("terms", "support_promise", "coverage"), "24x7")
    assert session.analysis.desk.verdict == "reject"
    assert "Decision: reject" in session._form.shown.text()


def test_saved_parameters_reproduce_the_form_results_headless(session, tmp_path):
    session._form.apply(("pricing", "total_discount"), "7.5%")
    session._form.apply(("milestones", 1, "date"), "2027-02-15")
    saved = session.save(tmp_path / "saved.yaml")
    reloaded = params.load(saved)
    assert reloaded == session.params
    assert analyse(reloaded).sheet == session.analysis.sheet
    assert yaml.safe_load(saved.read_text(encoding="utf-8"))["pricing"]["total_discount"] == "7.5%"


def test_save_never_overwrites_the_source_unless_asked(session):
    with pytest.raises(UsageError, match="source file"):
        session.save(session.source)
    assert session.save(session.source, replace=True) == session.source


def test_rerunning_the_notebook_keeps_unsaved_edits(session):
    session._form.apply(("pricing", "term_months"), 36)
    again = Workshop.open("proposal", session.source, session.out_dir)
    assert again is session
    assert again.params.pricing.term_months == 36
    assert "pricing.term_months" in again.changes()
    again.reset()
    assert not again.edited


def test_documents_from_edited_values_say_they_come_from_the_workshop(session):
    unchanged = session.write().written.files
    session._form.apply(("pricing", "term_months"), 36)
    edited = session.write().written.files
    slug = "proposal-mueller-soen-support-automation"
    assert [p.name for p in unchanged] == [f"{slug}.docx", f"{slug}-internal.docx"]
    assert [p.name for p in edited] == [f"{slug}-workshop.docx", f"{slug}-internal-workshop.docx"]


def test_the_form_covers_what_a_deal_team_argues_about(session):
    bound = set(session._form._errors)
    assert {
        "scope.included",
        "scope.exclusions",
        "pricing.term_months",
        "pricing.subscription.quantity",
        "pricing.subscription.discount",
        "pricing.total_discount",
        "pricing.milestone_fees[0].amount",
        "milestones[0].date",
        "terms.support_promise.coverage",
    } <= bound


def test_headless_run_and_workshop_read_the_same_file_once(tmp_path):
    deal = params.load(example_path("saas-subscription.yaml"))
    playbook = registry.get("proposal")
    workshop = Workshop(playbook, example_path("saas-subscription.yaml"), deal)
    assert workshop.analysis is workshop.analysis  # one analysis per state
