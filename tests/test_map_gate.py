"""The MAP sign-off stands between the plan and the buyer: blocks, edits, drafts (4.4 checklist)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import example_data, example_path, write_yaml

from kit import cli
from kit.map.calculations import analyse, gate
from kit.models.deal import Deal

SLUG = "mueller-soen-support-automation"


def replace_item(deal: Deal, name: str, index: int, **changes: Any) -> Deal:
    items = list(getattr(deal, name))
    items[index] = items[index].model_copy(update=changes)
    return deal.model_copy(update={name: items})


def graded(deal: Deal) -> list[tuple[str, int, str]]:
    return [(gap.severity, gap.check, gap.finding) for gap in analyse(deal).gaps]


def headers_of(path: Path) -> list[str]:
    document = docx.Document(str(path))
    return [
        part.paragraphs[0].text
        for section in document.sections
        for part in (section.header, section.first_page_header)
    ]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- grading: what blocks the plan and what is an edit ---------------------------------------


def test_the_saas_example_passes(saas_deal: Deal) -> None:
    assert gate(analyse(saas_deal)).decision == "pass"
    assert gate(analyse(saas_deal)).lines == ()


def test_a_criterion_without_method_is_an_edit_on_services(services_deal: Deal) -> None:
    """O2 names its metric, baseline, target and window: how it is measured is ours to write in,
    as the deal desk grades the same gap on the proposal."""
    decided = gate(analyse(services_deal))
    assert decided.name == "MAP sign-off"
    assert decided.decision == "edits"
    assert decided.lines == (
        "[edit] O2: no method. Fix: Write in the method agreed with the criterion's owner.",
    )


def test_a_requirement_without_acceptance_evidence_blocks(saas_deal: Deal) -> None:
    deal = replace_item(saas_deal, "requirements", 2, acceptance_evidence="")
    assert graded(deal) == [("block", 1, "R3: no acceptance evidence")]
    assert gate(analyse(deal)).decision == "fail"


def test_a_criterion_is_graded_by_the_parts_it_lacks(saas_deal: Deal) -> None:
    """No metric or target: nothing to measure, a block. Baseline, window or method: an edit."""
    deal = replace_item(saas_deal, "outcomes", 0, target="", measurement_method="")
    deal = replace_item(deal, "outcomes", 1, baseline="", time_window="")
    assert graded(deal) == [
        ("block", 2, "O1: no target, method"),
        ("edit", 2, "O2: no baseline, time window"),
    ]
    gaps = analyse(deal).gaps
    assert gaps[0].fix == "Agree the target with the buyer: without it there is nothing to measure"
    both = replace_item(saas_deal, "outcomes", 2, metric="", target="")
    assert analyse(both).gaps[0].fix == (
        "Agree the metric and the target with the buyer: without them there is nothing to measure"
    )


def test_an_input_nobody_owns_blocks(saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    dependencies = list(saas_deal.plan.dependencies)
    dependencies[1] = dependencies[1].model_copy(update={"owner": ""})
    plan = saas_deal.plan.model_copy(update={"dependencies": dependencies})
    deal = saas_deal.model_copy(update={"plan": plan})
    assert graded(deal) == [
        (
            "block",
            3,
            "plan.dependencies[1]: 'Category list agreed by the service leads' has no owner",
        )
    ]


def test_unlisted_assumptions_and_no_change_rule_are_edits(saas_deal: Deal) -> None:
    deal = saas_deal.model_copy(
        update={
            "assumptions": [],
            "terms": saas_deal.terms.model_copy(update={"change_control": ""}),
        }
    )
    assert graded(deal) == [
        ("edit", 4, "assumptions: none listed"),
        ("edit", 5, "terms.change_control: empty, and no assumption has type change_control"),
    ]
    assert gate(analyse(deal)).decision == "edits"


def test_blocks_come_first_whatever_their_check(saas_deal: Deal) -> None:
    deal = saas_deal.model_copy(update={"assumptions": []})
    deal = replace_item(deal, "requirements", 4, acceptance_evidence="", owner="")
    assert [(severity, check) for severity, check, _ in graded(deal)] == [
        ("block", 1),
        ("edit", 4),
    ]
    assert gate(analyse(deal)).lines[0].startswith("[block] R5: no acceptance evidence. Fix: ")


# --- through the command line ----------------------------------------------------------------


@pytest.fixture
def blocked_plan(tmp_path: Path) -> Path:
    """The SaaS example with one requirement whose acceptance evidence was never agreed."""
    data = example_data("saas-subscription.yaml")
    data["requirements"][2]["acceptance_evidence"] = ""
    return write_yaml(tmp_path, data, "deal.yaml")


def test_a_blocked_plan_exits_3_and_writes_the_internal_brief_only(
    capsys: pytest.CaptureFixture[str], blocked_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, _, stderr = run(capsys, "run", "map", "--params", str(blocked_plan), "--out", str(out))
    assert code == 3
    assert sorted(p.name for p in out.iterdir()) == [f"map-{SLUG}-internal.docx", "map.ipynb"]
    assert f"MAP sign-off failed; not written: map-{SLUG}.docx" in stderr
    assert "[block] R3: no acceptance evidence. Fix: Agree with the buyer" in stderr
    brief = docx.Document(str(out / f"map-{SLUG}-internal.docx"))
    texts = [p.text for p in brief.paragraphs]
    assert "Decision: Do not send" in texts
    assert any(text.startswith("Do not send: 1 gap below needs the buyer's") for text in texts)
    gaps = next(t for t in brief.tables if t.rows[0].cells[1].text == "Severity")
    assert [c.text for c in gaps.rows[1].cells][:4] == [
        "1",
        "Block",
        "1",
        "R3: no acceptance evidence",
    ]


def test_draft_writes_the_blocked_plan_marked_draft(
    capsys: pytest.CaptureFixture[str], blocked_plan: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run(
        capsys, "run", "map", "--params", str(blocked_plan), "--out", str(out), "--draft"
    )
    assert code == 0
    assert "MAP sign-off: review failed; the customer copy is a DRAFT:" in stdout
    plan = out / f"map-{SLUG}.docx"
    assert all(text.startswith("DRAFT") for text in headers_of(plan))
    brief = out / f"map-{SLUG}-internal.docx"
    assert all(text.startswith("INTERNAL") for text in headers_of(brief))


def test_edits_write_both_and_print_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    params = example_path("fixed-scope-services.yaml")
    code, stdout, _ = run(capsys, "run", "map", "--params", str(params), "--out", str(out))
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "map-harbourside-crm-rollout-internal.docx",
        "map-harbourside-crm-rollout.docx",
        "map.ipynb",
    ]
    assert "MAP sign-off: approve with edits; make these before sending:" in stdout
    assert "[edit] O2: no method." in stdout
    assert not any(
        text.startswith("DRAFT") for text in headers_of(out / "map-harbourside-crm-rollout.docx")
    )
