"""The readiness workshop form: checked like ``kit check``, saved to a file that reproduces it,
and carrying exact values so its verdict is the verdict of a headless run."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import ipywidgets as w
import pytest
from conftest import control, example_data, example_path, open_workshop, widgets, write_yaml

from kit import params
from kit.errors import ParamsError
from kit.notebook import Workshop
from kit.readiness.calculations import analyse
from kit.readiness.model import Readiness

EXAMPLE = "readiness.yaml"


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workshop:
    return open_workshop("readiness", EXAMPLE, tmp_path, monkeypatch)


def check_problems(folder: Path, change) -> list[str]:
    """What ``kit check`` says about the bundled example after ``change``."""
    data = example_data(EXAMPLE)
    change(data)
    with pytest.raises(ParamsError) as checked:
        params.load(write_yaml(folder, data, "bad.yaml"))
    return checked.value.problems


def test_a_ramp_beyond_two_years_is_shown_like_kit_check_and_not_applied(session, tmp_path):
    before = session.params
    assert not session._form.apply(("hiring", "ramp_months"), 25)
    assert session.params is before

    def longer(data: dict) -> None:
        data["hiring"]["ramp_months"] = 25

    [line] = check_problems(tmp_path, longer)
    assert line == "hiring.ramp_months: Input should be less than or equal to 24 (got 25)"
    assert session._form._errors["hiring.ramp_months"].value.count(line) == 1


def test_unticking_every_goal_is_refused_beside_the_goals(session, tmp_path) -> None:
    boxes = widgets(control(session, "Goals a channel must meet"))
    payback = next(x for x in boxes if isinstance(x, w.Checkbox) and x.value)
    payback.value = False
    assert session.params.unit_economics.gate_on == ["payback"]

    def none(data: dict) -> None:
        data["unit_economics"]["gate_on"] = []

    [line] = check_problems(tmp_path, none)
    assert line in session._form._errors["unit_economics.gate_on"].value
    magic = next(x for x in boxes if isinstance(x, w.Checkbox) and "Magic" in x.description)
    magic.value = True
    assert session.params.unit_economics.gate_on == ["magic_number"]
    assert session._form._errors["unit_economics.gate_on"].value == ""


def test_the_load_that_drifted_gives_the_headless_hires(session) -> None:
    """Issue 8: a float slider echoed 10 back as 10.000000000000002, so the form recommended 5
    hires while a headless run recommended 6."""
    headless = analyse(params.load(example_path(EXAMPLE), Readiness))
    load = control(session, "Opportunities per ramped seller a month")
    assert isinstance(load, w.SelectionSlider)
    assert all(Decimal(value) == Decimal(label) for label, value in load.options)
    load.value = "10.5"
    assert session.params.hiring.opportunities_per_seller == Decimal("10.5")
    load.value = "10"
    assert session.params.hiring.opportunities_per_seller == Decimal("10")
    assert session.analysis.recommended.total_hires == headless.recommended.total_hires == 6
    assert "Recommended hires  6" in session._form.shown.text()
    # The drift mattered: a hair more load per seller fits one hire fewer.
    drifted = headless.params.hiring.model_copy(
        update={"opportunities_per_seller": Decimal("10.000000000000002")}
    )
    worse = analyse(headless.params.model_copy(update={"hiring": drifted}))
    assert worse.recommended.total_hires == 5


def test_no_float_widget_anywhere(session) -> None:
    shown = widgets(session._form._controls)
    assert not [x for x in shown if isinstance(x, w.FloatSlider | w.FloatText | w.BoundedFloatText)]


def test_saved_parameters_reproduce_the_form_results_headless(session, tmp_path) -> None:
    form = session._form
    assert form.apply(("hiring", "tolerance"), "30%")
    assert form.apply(("hiring", "opportunities_per_seller"), "12.5")
    assert form.apply(("hiring", "months", 0, "hires"), 2)
    assert form.apply(("product_market_fit", "consistent_cohorts"), 2)
    saved = session.save(tmp_path / "saved.yaml")
    reloaded = analyse(params.load(saved))
    assert reloaded.params == session.params
    assert reloaded.compared == session.analysis.compared
    assert (reloaded.phase, reloaded.pace) == (session.analysis.phase, session.analysis.pace)
    assert reloaded.params.hiring.tolerance == Decimal("0.3")
    assert reloaded.plans.paced.total_hires == 7
    # July: (2 ramped + 2 new at 1/3) x 12.5 = 33.33 against demand 22: more than 30 % ahead.
    assert reloaded.plans.paced.months[0].status == "sales_excess"


def test_the_form_covers_the_judgement_calls(session) -> None:
    bound = set(session._form._errors)
    assert {
        "product_market_fit.required_share",
        "product_market_fit.consistent_cohorts",
        "product_market_fit.annual_retention",
        "unit_economics.gate_on",
        "hiring.sellers_at_start",
        "hiring.ramp_months",
        "hiring.opportunities_per_seller",
        "hiring.tolerance",
        "hiring.months[11].hires",
    } <= bound
