"""The optimise workshop form: checked like ``kit check``, saved to a file that reproduces it,
and moving the sprint's baseline and target with the lever's moment."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import ipywidgets as w
import pytest
from conftest import control, example_data, open_workshop, widgets, write_yaml

from kit import params
from kit.errors import ParamsError
from kit.notebook import Workshop
from kit.optimise.calculations import analyse

EXAMPLE = "optimisation.yaml"


@pytest.fixture
def session(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Workshop:
    return open_workshop("optimise", EXAMPLE, tmp_path, monkeypatch)


def test_a_target_below_the_ten_percent_rule_is_shown_like_kit_check(session, tmp_path) -> None:
    before = session.params
    control(session, "Target conversion").value = "38"
    assert session.params is before
    data = example_data(EXAMPLE)
    data["sprint"]["target_conversion"] = "38%"
    with pytest.raises(ParamsError) as checked:
        params.load(write_yaml(tmp_path, data, "bad.yaml"))
    [line] = checked.value.problems
    assert line == (
        "sprint.target_conversion: must be at least 10% above the baseline of 35% in relative "
        "terms, so at least 38.5% (got 38%, +8.57%)"
    )
    assert session._form._errors["sprint.target_conversion"].value.count(line) == 1


def test_switching_the_lever_moves_baseline_and_target_to_its_moment(session) -> None:
    """Issue 8: B2 -> B5 kept MTM1's 35 % -> 40 % although B5's moment MTM3 is at 25 %."""
    assert (control(session, "Baseline conversion").value, session.params.sprint.lever) == (
        "35",
        "B2",
    )
    control(session, "Lever (one backlog item)").value = "B5"
    sprint = session.params.sprint
    assert (sprint.lever, sprint.baseline_conversion, sprint.target_conversion) == (
        "B5",
        Decimal("0.25"),
        Decimal("0.275"),
    )
    assert control(session, "Baseline conversion").value == "25"
    assert control(session, "Target conversion").value == "27.5"
    used = session.analysis.sprint
    assert (used.moment.id, used.baseline, used.target, used.meets_goal) == (
        "MTM3",
        Decimal("0.25"),
        Decimal("0.275"),
        True,
    )
    # 2.4M x 27.5 / 25 = 2.64M
    assert used.revenue_if_met.amount == Decimal("2640000.00")
    assert "B5 on MTM3" in session._form.shown.text()
    assert "25% to 27.5%" in session._form.shown.text()


def test_saved_parameters_reproduce_the_form_results_headless(session, tmp_path) -> None:
    form = session._form
    assert form.apply(("backlog", 2, "confidence"), 5)  # B3: 4 x 5 / 2 = 10, ties with B1
    assert form.apply(("sprint", "lever"), "B1")
    assert form.apply(("sprint", "target_conversion"), "45%")
    assert form.apply(("sprint", "start"), "2026-03-09")
    saved = session.save(tmp_path / "saved.yaml")
    reloaded = analyse(params.load(saved))
    assert reloaded.params == session.params
    assert reloaded.ranked == session.analysis.ranked
    assert reloaded.sprint == session.analysis.sprint
    assert [r.item.id for r in reloaded.ranked[:3]] == ["B2", "B1", "B3"]
    assert reloaded.ranked[2].tie_break == "same score as B1, which ranks higher: higher impact"
    # MTM2 at 40 % aiming for 45 %: +12.5 %; 2.4M x 45 / 40 = 2.7M.
    assert (reloaded.sprint.baseline, reloaded.sprint.target) == (Decimal("0.4"), Decimal("0.45"))
    assert reloaded.sprint.revenue_if_met.amount == Decimal("2700000.00")
    assert reloaded.sprint.ends.isoformat() == "2026-03-29"


def test_ratings_are_whole_numbers_on_sliders_with_a_track(session) -> None:
    shown = widgets(session._form._controls)
    assert not [x for x in shown if isinstance(x, w.FloatSlider | w.FloatText | w.BoundedFloatText)]
    ratings = [x for x in shown if isinstance(x, w.IntSlider)]
    assert len(ratings) == 15
    assert {(x.min, x.max, x.layout.width) for x in ratings} == {(1, 5, "340px")}
