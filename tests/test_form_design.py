"""The design workshop form: checked like ``kit check``, saved to a file that reproduces it, and
laid out so every slider has a track and every amount in the guidance reads as text."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import ipywidgets as w
import pytest
from conftest import ROOT, control, example_data, open_workshop, widgets, write_yaml

from kit import params, registry
from kit.design.calculations import analyse
from kit.errors import ParamsError
from kit.forms import CONTROL
from kit.notebook import Workshop

EXAMPLE = "production-line.yaml"


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workshop:
    return open_workshop("design", EXAMPLE, tmp_path, monkeypatch)


def check_problems(folder: Path, dotted: list[str | int], value: object) -> list[str]:
    """What ``kit check`` says about the bundled example with one value replaced."""
    data = example_data(EXAMPLE)
    node = data
    for key in dotted[:-1]:
        node = node[key]
    node[dotted[-1]] = value
    with pytest.raises(ParamsError) as checked:
        params.load(write_yaml(folder, data, "bad.yaml"))
    return checked.value.problems


def test_a_zero_win_rate_is_shown_like_kit_check_and_not_applied(session, tmp_path) -> None:
    before = session.params
    assert not session._form.apply(("target_stack", "win_rate"), "0%")
    assert session.params is before
    [line] = check_problems(tmp_path, ["target_stack", "win_rate"], "0%")
    assert line == (
        "target_stack.win_rate: must be above 0% because the kit divides by it (got '0%')"
    )
    shown = session._form._errors["target_stack.win_rate"].value
    assert shown.count("<div") == 1
    assert "target_stack.win_rate: must be above 0% because the kit divides by it" in shown


def test_moving_the_widgets_recomputes_the_stack(session) -> None:
    """The old form's case, now driven through the widgets themselves."""
    control(session, "Reaching Discovery").value = "45"
    control(session, "Qualified: volume").value = 250
    assert session.params.target_stack.stages[0].conversion == Decimal("0.45")
    assert session.params.funnel.stages[1].volume == 250
    assert session.loaded.target_stack.stages[0].conversion == Decimal("0.40")
    # 45 wins / 35% / 60% / 45% = 476.19 Qualified, rounded up.
    assert session.analysis.plan.stages[0].required == 477
    assert re.search(r"Qualified\s+477", session._form.shown.text())


def test_saved_parameters_reproduce_the_form_results_headless(session, tmp_path) -> None:
    form = session._form
    assert form.apply(("funnel", "stages", 1, "conversion_to_next"), "45%")
    assert form.apply(("target_stack", "revenue_target"), "1200000 EUR")
    assert form.apply(("funnel", "stages", 3, "days_in_stage"), "17.5")
    saved = session.save(tmp_path / "saved.yaml")
    reloaded = analyse(params.load(saved))
    assert reloaded.params == session.params
    assert reloaded.plan == session.analysis.plan
    assert reloaded.review == session.analysis.review
    # 204 Qualified x 45% = 91.8 passed on, above the 79.8 of the period before: not constrained.
    assert reloaded.review.stages[1].throughput == Decimal("91.80")
    assert reloaded.review.stages[1].constrained is False
    # 1,200,000 / 24,000 = 50 wins.
    assert reloaded.plan.required_wins == 50
    assert reloaded.review.cycle_days == Decimal("44.5")


def test_every_slider_has_a_track_and_every_label_its_own_column(session) -> None:
    """Issue 8: sliders collapsed to a bare handle and long labels were cut off."""
    shown = widgets(session._form._controls)
    assert not [x for x in shown if isinstance(x, w.FloatSlider | w.FloatText)]
    sliders = [x for x in shown if isinstance(x, w.SelectionSlider | w.IntSlider)]
    assert sliders and all(x.layout is CONTROL for x in sliders)
    assert not [x for x in shown if isinstance(x, w.ValueWidget) and x.description]
    assert control(session, "Win rate from Qualified").value == "8.4"


def test_the_notebook_writes_money_as_text() -> None:
    """Issue 8: "$1.2M of new ARR" rendered as broken LaTeX in JupyterLab."""
    notebook = json.loads((ROOT / "playbooks" / "design.ipynb").read_text(encoding="utf-8"))
    guidance = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "markdown"]
    assert not [text for text in guidance if "$" in text.replace("\\$", "")]
    assert any("USD 1.2M of new ARR" in text for text in guidance)


def test_the_form_covers_what_a_design_workshop_moves(session) -> None:
    bound = set(session._form._errors)
    assert {
        "funnel.stages[0].volume",
        "funnel.stages[0].conversion_to_next",
        "funnel.stages[4].days_in_stage",
        "target_stack.revenue_target",
        "target_stack.average_deal_size",
        "target_stack.win_rate",
        "target_stack.stages[2].conversion",
        "growth_plan.target",
        "growth_plan.expansion.target",
        "motion.acv",
        "motion.customers_per_year",
    } <= bound
    assert "funnel.stages[4].conversion_to_next" not in bound  # the won stage converts nowhere


def test_the_registered_form_is_this_one() -> None:
    assert registry.get("design").form == "kit.design.form:Form"
