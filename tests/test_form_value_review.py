"""The value-review workshop form: exact values, kit check's refusals, saving, stall evidence.

The form is driven the way a workshop drives it, by setting widget values, and what it shows
beside a widget is compared with what ``kit check`` prints for a file holding the same value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import ipywidgets as w
import pytest
from conftest import example_data, form_rows, set_value, write_yaml

from kit import cli, params, registry
from kit.models.account import Account
from kit.notebook import Workshop
from kit.value_review.calculations import analyse
from kit.value_review.form import Form

PLAYBOOK = registry.get("value_review")
EXAMPLE = PLAYBOOK.example.name
STALL = "Adoption stalled, with evidence"
K2 = "K2 Tickets resolved without escalation"
EVIDENCE = "Gdańsk agents logged in on 2 of 20 working days in February"


@pytest.fixture
def ws(tmp_path: Path) -> Workshop:
    return Workshop(PLAYBOOK, PLAYBOOK.example, params.load(PLAYBOOK.example), tmp_path / "out")


@pytest.fixture
def form(ws: Workshop) -> Form:
    return Form(ws)


def control(form: Form, section: str, label: str) -> w.Widget:
    return form_rows(form)[(section, label)][0]


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
    latest = control(form, K2, "Latest value, 2026-02 (%)")
    latest.value = "seventy"
    problem = shown(form, K2, "Latest value, 2026-02 (%)")
    assert ws.params is before
    assert problem == kit_check(tmp_path, {"metrics.1.periods.2.value": "seventy"}, capsys)
    assert problem == [
        "metrics[1].periods[2].value: Input should be a valid decimal (got 'seventy')"
    ]
    assert ws.analysis.review.metrics[1].current == 71


def test_values_are_exact_and_a_saved_file_reproduces_the_form(
    ws: Workshop, form: Form, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A 12.5% band is exactly 0.125, and the saved file gives the form's own analysis."""
    control(form, "Status rules", "Band around the target").value = "12.5"
    control(form, K2, "Latest value, 2026-02 (%)").value = "70.1"
    control(form, "Early warning: Weekly active agents", "Usage, 2026-W09").value = "30"
    flag, evidence = control(form, "K3 Agents active each week", STALL).children
    evidence.value = EVIDENCE
    flag.value = True
    assert str(ws.params.status_rules.tolerance) == "0.125"
    saved = ws.save(tmp_path / "x.yaml")
    capsys.readouterr()
    assert cli.main(["check", str(saved)]) == 0
    again = analyse(params.load(saved, Account))
    mine = ws.analysis
    assert again.review == mine.review
    assert [(m.id, m.status, m.reasons) for m in again.review.metrics] == [
        ("K1", "on_track", ["within the target band for two periods in a row"]),
        # 70.1 is inside a 12.5% band around 80 (down to 70) but fell after a rise: a reversal.
        ("K2", "at_risk", ["the trend turned the wrong way"]),
        (
            "K3",
            "off_track",
            [
                "evidence shows adoption has stalled",
                "missed the target band in the last two periods",
            ],
        ),
    ]
    # 1 - 30/62 = 51.6% and 1 - 47/62 = 24.2%: only the 20% rule holds for both weeks.
    assert (again.review.risk.level, again.review.risk.usage_rule) == ("medium", True)


def test_adoption_stalled_without_evidence_is_refused_issue_8(
    ws: Workshop, form: Form, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    """A stall is a finding: ticked without evidence, the model refuses it, as kit check does."""
    before = ws.params
    flag, evidence = control(form, "K3 Agents active each week", STALL).children
    flag.value = True
    refused = shown(form, "K3 Agents active each week", STALL)
    assert ws.params is before
    assert refused == kit_check(tmp_path, {"metrics.2.adoption_stalled": True}, capsys)
    assert refused == ["metrics[2].adoption_stalled_evidence: say what shows adoption has stalled"]
    assert ws.analysis.review.metrics[2].reasons == [
        "missed the target band in the last two periods"
    ]

    evidence.value = EVIDENCE
    assert shown(form, "K3 Agents active each week", STALL) == []
    stalled = ws.params.metrics[2]
    assert (stalled.adoption_stalled, stalled.adoption_stalled_evidence) == (True, EVIDENCE)
    assert ws.analysis.review.metrics[2].reasons[0] == "evidence shows adoption has stalled"

    path, _internal = ws.write().written.files
    assert path.name == "value_review-harbour-finch-northline-workshop.docx"
    cells = [[c.text for c in row.cells] for t in docx.Document(str(path)).tables for row in t.rows]
    assert ["Adoption stalled", EVIDENCE] in cells

    evidence.value = "  "
    assert shown(form, "K3 Agents active each week", STALL) == refused
    assert ws.params.metrics[2].adoption_stalled_evidence == EVIDENCE


def test_the_constraint_can_be_named_or_left_open(ws: Workshop, form: Form) -> None:
    """11.2: a metric not on track needs one of four constraint categories."""
    choice = control(form, K2, "Constraint behind a shortfall")
    choice.value = ""
    assert ws.params.metrics[1].constraint is None
    assert ws.analysis.review.metrics[1].needs_constraint
    choice.value = "data"
    assert ws.params.metrics[1].constraint == "data"
    assert not ws.analysis.review.metrics[1].needs_constraint


def test_labels_are_beside_their_controls_not_inside_them(form: Form) -> None:
    """Long labels sit in the 230 px label column; no control carries a description."""
    labelled = form_rows(form)
    assert len(labelled) == 15
    for widget, _ in labelled.values():
        for part in [widget, *getattr(widget, "children", ())]:
            assert not getattr(part, "description", "")
        assert not isinstance(widget, w.FloatSlider)
