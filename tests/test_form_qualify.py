"""The qualification workshop form: exact scores, refused values, saving, and a live verdict."""

from __future__ import annotations

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
from kit.models.deal import Deal
from kit.notebook import Workshop
from kit.qualify.calculations import analyse
from kit.qualify.form import Form

SAAS = example_path("saas-subscription.yaml")


@pytest.fixture
def workshop() -> Workshop:
    return Workshop(registry.get("qualify"), SAAS, params.load(SAAS, Deal))


def test_every_score_has_an_exact_slider_and_an_evidence_box(workshop: Workshop) -> None:
    form = Form(workshop)
    score, evidence = row_of(form, "Delivery feasibility (0 to 2)").children[1].children
    assert isinstance(score, w.IntSlider)
    assert (score.value, score.min, score.max) == (1, 0, 2)
    assert evidence.value.startswith("Wants SSO and ERP integration")
    passed, gate_evidence = row_of(form, "Decision Process passed").children[1].children
    assert isinstance(passed, w.Checkbox) and passed.value is True
    assert passed.description == ""
    assert gate_evidence.value == "Stakeholder map confirmed with procurement on 19 Nov"


def test_a_score_above_its_maximum_is_refused_with_the_kit_check_line(
    workshop: Workshop, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form = Form(workshop)
    before = workshop.params
    path = ("qualification", "fit", "profile_alignment", "score")
    assert form.apply(path, 6) is False
    assert workshop.params is before
    assert workshop.analysis.result.fit == 9
    shown = problems_beside(row_of(form, "Profile alignment (0 to 5)"))

    data = example_data(SAAS.name)
    set_value(data, list(path), 6)
    file = write_yaml(tmp_path, data)
    assert cli.main(["check", str(file)]) == 2
    printed = capsys.readouterr().err.strip().splitlines()
    assert printed == [f"error: {file}: {line}" for line in shown]
    assert shown == [
        "qualification.fit.profile_alignment.score: Input should be less than or equal to 5 (got 6)"
    ]


def test_a_valid_change_clears_the_problem(workshop: Workshop) -> None:
    form = Form(workshop)
    path = ("qualification", "intent", "engagement_depth", "score")
    assert form.apply(path, -1) is False
    assert problems_beside(row_of(form, "Engagement depth (0 to 3)"))
    assert form.apply(path, 2) is True
    assert problems_beside(row_of(form, "Engagement depth (0 to 3)")) == []
    assert workshop.analysis.result.intent == 8


def test_saved_file_reproduces_the_forms_analysis(workshop: Workshop, tmp_path: Path) -> None:
    form = Form(workshop)
    score, evidence = row_of(form, "Use-case alignment (0 to 3)").children[1].children
    score.value = 1
    evidence.value = "Only ticket routing matches; history lookup is custom work"
    passed, gate_evidence = row_of(form, "Commercial Fit passed").children[1].children
    passed.value = False
    gate_evidence.value = ""
    shown = workshop.analysis.result
    assert (shown.fit, shown.verdict) == (7, "hold")
    assert shown.next_step == "Commercial Fit gate: Phased scope or pause."

    saved = workshop.save(tmp_path / "x.yaml")
    reloaded = analyse(params.load(saved, Deal)).result
    assert reloaded == shown
    assert reloaded.unsupported == ["gates.commercial_fit"]
    assert params.load(SAAS, Deal).qualification.fit.use_case_alignment.score == 3


def test_the_live_summary_follows_a_score(workshop: Workshop) -> None:
    """Issue 8: the route, intent band and verdict under the form change with the sliders."""
    form = Form(workshop)
    before = form.summarise(workshop.analysis).text()
    assert "Route: High fit + high intent" in before
    assert "Verdict: advance" in before
    assert re.search(r"Intent qualification\s+8\s+9\s+high", before)

    row_of(form, "Profile alignment (0 to 5)").children[1].children[0].value = 1
    after = form.summarise(workshop.analysis).text()
    assert re.search(r"Fit\s+5\s+10\s+medium", after)
    assert "Route: Medium fit + high intent" in after

    row_of(form, "Use-case alignment (0 to 3)").children[1].children[0].value = 0
    assert "Verdict: disqualify" in form.summarise(workshop.analysis).text()

    row_of(form, "Commitment (0 to 3)").children[1].children[0].value = 0
    row_of(form, "Timing (0 to 3)").children[1].children[0].value = 0
    assert "Effort (low intent)" in form.summarise(workshop.analysis).text()
