"""The renewal workshop form: kit check's refusals beside their boxes, saving, option prices.

The form is driven the way a workshop drives it, by setting widget values, and what it shows
beside a widget is compared with what ``kit check`` prints for a file holding the same value.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import ipywidgets as w
import pytest
from conftest import example_data, form_box, form_rows, set_value, write_yaml

from kit import cli, params, registry
from kit.models.account import Account
from kit.notebook import Workshop
from kit.renewal.calculations import analyse
from kit.renewal.form import Form

PLAYBOOK = registry.get("renewal")
EXAMPLE = PLAYBOOK.example.name
X1 = "X1 Hub performance dashboards"
X2 = "X2 Shipper onboarding assurance"
OPTION_A = "Option A: Continue"
OPTION_C = "Option C: Focused"


@pytest.fixture
def ws() -> Workshop:
    return Workshop(PLAYBOOK, PLAYBOOK.example, params.load(PLAYBOOK.example))


@pytest.fixture
def form(ws: Workshop) -> Form:
    return Form(ws)


def shown(form: Form, section: str, label: str) -> list[str]:
    return form_rows(form)[(section, label)][1]


def kit_check(tmp_path: Path, changes: dict[str, Any], capsys: pytest.CaptureFixture) -> list[str]:
    """What ``kit check`` prints for the example with ``changes`` (dotted paths) applied."""
    data = example_data(EXAMPLE)
    for where, value in changes.items():
        set_value(data, where.split("."), value)
    path = write_yaml(tmp_path, data, "check.yaml")
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 2
    prefix = f"error: {path}: "
    return [line.removeprefix(prefix) for line in capsys.readouterr().err.splitlines()]


def test_an_invalid_value_is_refused_with_the_words_of_kit_check(
    ws: Workshop, form: Form, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    before = ws.params
    form_box(form, X1, "People who save that time").value = 0
    problem = shown(form, X1, "People who save that time")
    assert ws.params is before
    assert problem == kit_check(tmp_path, {"addons.0.benefit.people": 0}, capsys)
    assert problem == [
        "addons[0].benefit.people: Input should be greater than or equal to 1 (got 0)"
    ]
    assert ws.analysis.rois[0].hours_per_week == 12


def test_an_option_price_the_model_refuses_shows_its_reason_issue_8(
    ws: Workshop, form: Form, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """11.5: a price below today's needs a narrower scope or a performance clause. A price of 1
    for option A (same scope, no clause) is refused beside the box and not kept in it."""
    before = ws.params
    price = form_box(form, OPTION_A, "Price a year")
    price.value = "1"
    refused = shown(form, OPTION_A, "Price a year")
    assert ws.params is before
    assert refused == kit_check(tmp_path, {"renewal_options.0.annual_price": "1 GBP"}, capsys)
    assert refused == [
        "renewal_options[0].annual_price: a price below today's 86,400.00 GBP needs a reduced "
        "scope or a performance clause"
    ]
    assert ws.analysis.options[0].annual_price.amount == 86400
    assert price.value == "86400"  # the box shows the price in use again, the reason beside it

    price.value = "86400.50"
    assert shown(form, OPTION_A, "Price a year") == []
    assert ws.analysis.options[0].change.amount == Decimal("0.50")


def test_values_are_exact_and_a_saved_file_reproduces_the_form(
    ws: Workshop, form: Form, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    form_box(form, X1, "Hours saved a person a week").value = "4.5"
    form_box(form, X2, "Churn expected after").value = "7.2"
    form_box(form, X2, "Months before the benefit starts").value = 1
    form_box(form, OPTION_C, "Price a year").value = "78000"
    form_box(form, "Final week", "Both sides confirmed the summary").value = True
    assert ws.params.addons[1].benefit.churn_after == Decimal("0.072")
    saved = ws.save(tmp_path / "x.yaml")
    capsys.readouterr()
    assert cli.main(["check", str(saved)]) == 0
    again = analyse(params.load(saved, Account))
    mine = ws.analysis
    assert (again.rois, again.options, again.check) == (mine.rois, mine.options, mine.check)
    dashboards, assurance = again.rois
    # By hand: 4.5 h x 3 people x 4.33 x £52 = £3,039.66 a month.
    assert dashboards.monthly_benefit.amount == Decimal("3039.66")
    # 1,200 x (9% - 7.2%) x £5,400 = £116,640 a year; x 90% / 12 = £8,748 a month;
    # payback 1 + 30,000 / 8,748 = 4.43 months.
    assert assurance.net_monthly_benefit.amount == Decimal("8748.00")
    assert assurance.payback_rounded == Decimal("4.4")
    assert again.options[2].change.amount == Decimal(-8400)
    assert again.check.passed


def test_labels_are_beside_their_controls_not_inside_them(form: Form) -> None:
    """Long labels sit in the 230 px label column; no control carries a description."""
    labelled = form_rows(form)
    assert len(labelled) == 20
    for widget, _ in labelled.values():
        for part in [widget, *getattr(widget, "children", ())]:
            assert not getattr(part, "description", "")
        assert not isinstance(widget, w.FloatSlider)
