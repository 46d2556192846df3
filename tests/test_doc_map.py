"""The mutual action plan as a Word document (method 4.4 and 4.5), its views, form and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import pytest
from conftest import ROOT, example_data, write_yaml

from kit.map import calculations as mapplan
from kit.map import document as map_doc
from kit.errors import ParamsError
from kit.map.calculations import plan_summary, requirements_table, signoff, success_criteria
from kit.models.deal import Deal
from kit.params import load
from kit.map import views
from kit.map.form import MapPlanForm

SAAS = ROOT / map_doc.EXAMPLE
SECTIONS = [
    "1. Why We Have This Plan",
    "2. What Success Looks Like",
    "3. What Must Be True",
    "4. How We Get There: Four Phases",
    "5. Keeping the Plan Moving",
    "6. Ready to Sign?",
    "7. Saying It Back",
]


def render(deal: Deal, folder: Path) -> docx.document.Document:
    path = map_doc.render(deal, folder)
    assert path == folder / f"map-{deal.id}.docx"
    return docx.Document(str(path))


@pytest.fixture(scope="module")
def saas_doc(tmp_path_factory: pytest.TempPathFactory, saas_deal: Deal) -> docx.document.Document:
    return render(saas_deal, tmp_path_factory.mktemp("saas"))


@pytest.fixture(scope="module")
def services_doc(
    tmp_path_factory: pytest.TempPathFactory, services_deal: Deal
) -> docx.document.Document:
    return render(services_deal, tmp_path_factory.mktemp("services"))


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_with(document, header: list[str]) -> list[list[str]]:
    """Body rows (header dropped) of the only table whose header row starts with ``header``."""
    found = [rows(t) for t in document.tables if rows(t)[0][: len(header)] == header]
    assert len(found) == 1, f"{len(found)} tables start with {header}"
    return found[0][1:]


def phase_tables(document) -> list[dict[str, str]]:
    return [
        dict(row)
        for row in (rows(t)[1:] for t in document.tables if rows(t)[0] == ["", "What we agree"])
    ]


def text_of(document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


# --- structure and the bundled example ------------------------------------------------------


def test_sections_cover_header_and_chart(saas_doc) -> None:
    headings = [p.text for p in saas_doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    subheadings = [p.text for p in saas_doc.paragraphs if p.style.name == "Heading 2"]
    assert subheadings[3:7] == [
        "4.1 Confirm: test what we assumed and settle the scope",
        "4.2 Design: agree the process, the data and who does what",
        "4.3 Implement: configure, train and roll out",
        "4.4 Prove: measure the results against the success criteria",
    ]
    assert "5.2 What we need from each other" in subheadings
    cover = [p.text for p in saas_doc.paragraphs[6:10]]
    assert cover == [
        "Mutual Action Plan",
        "Support Automation Platform — Subscription and Rollout",
        "Agreed between Müller & Søn <GmbH> and Brightline Service Cloud Ltd",
        "1 December 2026",
    ]
    header = saas_doc.sections[0].header.paragraphs[0].text
    assert header == "Müller & Søn <GmbH> · Mutual action plan"
    assert len(saas_doc.inline_shapes) == 1, "the phase timeline chart"


def test_plan_at_a_glance_days_and_total(saas_doc, saas_deal: Deal) -> None:
    """Days count both ends; the whole plan spans 141 days although phases add to 129."""
    body = table_with(saas_doc, ["Phase", "Dates", "Days"])
    assert saas_deal.plan is not None
    expected = [
        str(mapplan.inclusive_days(phase.start, phase.end)) for phase in saas_deal.plan.phases
    ]
    assert [row[2] for row in body[:4]] == expected == ["9", "8", "49", "63"]
    assert body[0][:5] == [
        "Confirm",
        "14 December 2026 to 22 December 2026",
        "9",
        "Katrin Müller",
        "Amara Okafor",
    ]
    assert body[1][3] == "山田 太郎" and body[2][3] == 'Lars "LJ" Jensen'
    assert sum(int(row[5]) for row in body[:4]) == 5
    assert body[4] == ["Whole plan", "14 December 2026 to 3 May 2027", "141", "", "", "5"]
    assert mapplan.idle_days(saas_deal.plan) == 12  # 23 December to 3 January
    assert "On 12 days of them no phase is running" in text_of(saas_doc)


def test_success_criteria_matrix_matches_the_calculation(saas_doc, saas_deal: Deal) -> None:
    body = table_with(saas_doc, ["Success criterion", "Metric", "Baseline"])
    expected = [
        [
            f"{row.id} {row.criterion}",
            row.metric,
            row.baseline,
            row.target,
            row.time_window,
            row.method,
            ", ".join(row.linked_requirements),
        ]
        for row in success_criteria(saas_deal)
    ]
    assert body == expected
    assert body[0][2:4] == ["6 hours", "3 hours"] and body[0][6] == "R1, R2"
    assert "3 of 3 are complete" in text_of(saas_doc)


def test_requirements_table_with_counts(saas_doc, saas_deal: Deal) -> None:
    body = table_with(saas_doc, ["Requirement", "Priority", "Owner"])
    computed = requirements_table(saas_deal)
    assert [row[0] for row in body[:-1]] == [f"{r.id} {r.requirement}" for r in computed]
    assert body[0][1:4] == ["Must", "山田 太郎", "Category list agreed by service leads"]
    assert body[1][2] == 'Lars "LJ" Jensen'
    assert body[2][3] == "None"
    assert body[-1][:2] == ["5 requirements", "3 must, 2 should"]


def test_change_rule_table_follows_the_links(saas_doc) -> None:
    body = table_with(saas_doc, ["If this changes", "Kind", "We look again at"])
    assert len(body) == 8
    assert body[0] == [
        "O1 Customers hear back much sooner",
        "Criterion",
        "R1, R2: scope, timeline and resources of the linked requirements",
    ]
    assert body[4][:2] == [
        "R2 Give agents one view of the customer's machines, contracts and past tickets",
        "Requirement",
    ]
    assert body[4][2].startswith("O1, O2: linked success criteria")


def test_phase_blocks_hold_owners_lists_and_milestones(saas_doc) -> None:
    blocks = phase_tables(saas_doc)
    assert len(blocks) == 4
    confirm, design, implement, prove = blocks
    assert confirm["When"] == "14 December 2026 to 22 December 2026 (9 days)"
    assert confirm["Your lead"] == "Katrin Müller (COO and budget owner)"
    assert confirm["Our lead"] == "Amara Okafor (Account executive)"
    assert confirm["Activities"].splitlines() == [
        "• Kickoff workshop with service operations, IT and procurement",
        "• Check assumptions A1 to A3 and the seat count with the people who own them",
    ]
    assert confirm["Milestones"] == "None in this phase"
    assert design["Your lead"] == "山田 太郎 (Head of Service Operations (champion))"
    assert implement["Your lead"] == 'Lars "LJ" Jensen (IT architect (technical approver))'
    assert implement["Milestones"].splitlines() == [
        "• M2 Routing, audit log and ERP view configured and tested (8 February 2027)",
        "• M3 Pilot live with six agents, all agents trained (1 March 2027)",
    ]
    assert prove["Closes when"] == "COO accepts the outcome report against the success criteria"
    assert prove["Inputs needed"].count("•") == 2


def test_dependencies_in_date_order_with_days_to_go(saas_doc, saas_deal: Deal) -> None:
    body = table_with(saas_doc, ["#", "What is needed", "From"])
    assert body[0] == [
        "1",
        "Read access to the ERP customer tables",
        'Lars "LJ" Jensen',
        "21 December 2026",
        "Confirm",
        "Requested",
        "Due in 20 days",  # 1 to 21 December
    ]
    assert [row[4] for row in body[:5]] == [
        "Confirm",
        "Design",  # 4 January
        "Design",
        "Implement",
        "Implement",
    ]
    assert body[-1][1] == "5 inputs: 2 committed, 3 requested"
    assert saas_deal.plan is not None and len(saas_deal.plan.dependencies) == 5


def test_decisions_and_attention_line(saas_doc) -> None:
    body = table_with(saas_doc, ["#", "Decision", "Approved by"])
    assert body[0] == [
        "1",
        "Scope, seat count and assumptions confirmed",
        "Katrin Müller",
        "22 December 2026",
        "Confirm",
        "Due in 21 days",
    ]
    assert body[4][5] == "Due in 153 days"  # 1 December 2026 to 3 May 2027
    assert body[-1][1] == "5 decisions: 0 decided, 5 open"
    assert "none is late on the day this plan is issued" in text_of(saas_doc)


def test_cadence_words(saas_doc) -> None:
    body = table_with(saas_doc, ["Meeting", "How often"])
    assert [row[1] for row in body] == ["Weekly", "At the end of each phase"]
    assert body[0][2] == '山田 太郎, Lars "LJ" Jensen, Tom Reyes'


def test_signoff_all_pass_on_saas(saas_doc, saas_deal: Deal) -> None:
    body = table_with(saas_doc, ["#", "Check", "Result"])
    assert [row[1] for row in body[:5]] == [check.item for check in signoff(saas_deal)]
    assert [row[2] for row in body[:5]] == ["Pass"] * 5
    assert body[5][1:3] == ["Checks passed", "5 of 5"]
    assert "All 5 checks pass" in text_of(saas_doc)


def test_review_points_and_signatories(saas_doc) -> None:
    bullets = [p.text for p in saas_doc.paragraphs if p.style.name == "List Bullet"]
    assert bullets[-4] == (
        "The outcomes we agreed: O1 Customers hear back much sooner; O2 Tickets close faster; "
        "O3 Audit-ready ticket history."
    )
    assert bullets[-3].startswith("What must be true for them: 5 requirements (3 must, 2 should)")
    assert "Design: 山田 太郎 with Tom Reyes" in bullets[-2]
    assert bullets[-1] == (
        "Decision points and dates: 5 decisions, the first due on 22 December 2026 and the "
        "last on 3 May 2027."
    )
    body = table_with(saas_doc, ["Name", "Role", "Organisation"])
    assert body == [
        ["Katrin Müller", "COO and budget owner", "Müller & Søn <GmbH>", ""],
        ["Amara Okafor", "Account executive", "Brightline Service Cloud Ltd", ""],
    ]


# --- the services example: a failed check, undated items, US dates --------------------------


def test_services_failed_check_and_missing_method(services_doc) -> None:
    checks = table_with(services_doc, ["#", "Check", "Result"])
    assert [row[2] for row in checks[:5]] == ["Pass", "Fail", "Pass", "Pass", "Pass"]
    assert checks[1][3] == "O2: no method"
    assert checks[5][2] == "4 of 5"
    assert "1 of 5 checks fails" in text_of(services_doc)
    criteria = table_with(services_doc, ["Success criterion", "Metric", "Baseline"])
    assert criteria[1][5] == "To be agreed"
    assert "1 of 2 are complete" in text_of(services_doc)


def test_services_undated_items_are_a_scope_risk(services_doc) -> None:
    inputs = table_with(services_doc, ["#", "What is needed", "From"])
    assert inputs[3] == [
        "4",
        "Purchase order issued",
        "Dana O'Connor",
        "No date yet",
        "—",
        "Requested",
        "No date yet: scope risk",
    ]
    assert inputs[2][2] == "Harbourside finance team"
    glance = table_with(services_doc, ["Phase", "Dates", "Days"])
    assert glance[0][1] == "December 14, 2026 to January 8, 2027"
    assert glance[-1][5] == "5 (1 without a date)"
    assert "Needs attention: 2 without a date." in text_of(services_doc)


# --- status words at a later date and after progress ----------------------------------------


def test_late_items_counted_from_the_issue_date(tmp_path: Path, saas_deal: Deal) -> None:
    later = render(saas_deal.model_copy(update={"date": dt.date(2027, 1, 5)}), tmp_path)
    inputs = table_with(later, ["#", "What is needed", "From"])
    assert [row[6] for row in inputs[:3]] == ["Late by 15 days", "Late by 1 day", "Due in 3 days"]
    decisions = table_with(later, ["#", "Decision", "Approved by"])
    assert decisions[0][5] == "Late by 14 days"
    assert "Needs attention: 3 late." in text_of(later)


def test_received_and_decided_items(tmp_path: Path, saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    dependencies = list(saas_deal.plan.dependencies)
    dependencies[0] = dependencies[0].model_copy(update={"status": "done"})
    decisions = list(saas_deal.plan.decision_points)
    decisions[0] = decisions[0].model_copy(update={"decided": True})
    plan = saas_deal.plan.model_copy(
        update={"dependencies": dependencies, "decision_points": decisions}
    )
    document = render(saas_deal.model_copy(update={"plan": plan}), tmp_path)
    inputs = table_with(document, ["#", "What is needed", "From"])
    assert inputs[0][5:] == ["Done", "Received"]
    assert inputs[-1][1] == "5 inputs: 1 done, 2 committed, 2 requested"
    made = table_with(document, ["#", "Decision", "Approved by"])
    assert made[0][5] == "Decided"
    assert made[-1][1] == "5 decisions: 1 decided, 4 open"


def test_phase_for_dates_between_and_after_phases(saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    assert mapplan.phase_for(saas_deal.plan, dt.date(2026, 12, 27)) == "Design"
    assert mapplan.phase_for(saas_deal.plan, dt.date(2027, 5, 3)) == "Prove"
    assert mapplan.phase_for(saas_deal.plan, dt.date(2027, 5, 4)) == "After the plan"
    assert mapplan.phase_for(saas_deal.plan, None) == "—"
    assert mapplan.inclusive_days(dt.date(2027, 1, 1), dt.date(2027, 1, 1)) == 1


# --- a deal without a plan -------------------------------------------------------------------


@pytest.fixture
def no_plan_file(tmp_path: Path) -> Path:
    data = example_data(SAAS.name)
    del data["plan"]
    return write_yaml(tmp_path, data, "no-plan.yaml")


def test_deal_without_plan_fails_naming_the_field_and_file(no_plan_file: Path) -> None:
    deal = load(no_plan_file, Deal)  # still a valid deal for the other playbooks
    with pytest.raises(ParamsError) as caught:
        mapplan.require_plan(deal, no_plan_file)
    assert caught.value.source == str(no_plan_file)
    assert caught.value.problems[0].startswith("plan: missing;")
    assert caught.value.lines()[0].startswith(f"{no_plan_file}: plan: missing;")


def test_render_and_form_without_plan_raise(tmp_path: Path, saas_deal: Deal) -> None:
    bare = saas_deal.model_copy(update={"plan": None})
    with pytest.raises(ParamsError, match=r"deal 'mueller-soen-support-automation': plan:"):
        map_doc.render(bare, tmp_path)
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ParamsError, match="plan: missing"):
        MapPlanForm(bare)


# --- views and the workshop form ------------------------------------------------------------


def test_views_show_failures_and_undated_items(services_deal: Deal) -> None:
    assert services_deal.plan is not None
    summary = plan_summary(services_deal.plan, services_deal.date)
    assert views.signoff_checks(services_deal).endswith("4 of 5 checks pass")
    assert "FAIL    O2: no method" in views.signoff_checks(services_deal)
    decisions = views.decisions(services_deal.plan, summary)
    assert decisions.endswith("As of 2026-12-07: 0 late, 2 without a date (scope risk)")
    assert "O2 changes -> re-check R3" in views.changes(services_deal)
    assert "Whole plan: 2026-12-14 to 2027-04-05, 113 days" in views.phases(summary)


def _row(form: MapPlanForm, description: str):
    for child in form.widget.children:
        kids = getattr(child, "children", ())
        if kids and getattr(kids[0], "description", "") == description:
            return kids
    raise AssertionError(description)


def test_form_moves_a_date_and_reports_the_problem(saas_deal: Deal) -> None:
    form = MapPlanForm(saas_deal)
    assert form.check().startswith("Phase order, dates, milestones and owners are consistent.")
    _row(form, "implement starts")[1].value = dt.date(2027, 1, 10)
    assert form.deal.plan is not None
    assert form.deal.plan.phases[2].end == dt.date(2027, 1, 10)
    assert form.check().startswith(
        "plan.phases[2].end: 2027-01-10 is before the phase starts (2027-01-12)"
    )
    assert saas_deal.plan is not None and saas_deal.plan.phases[2].end == dt.date(2027, 3, 1)


def test_form_status_and_as_of_change_the_live_check(saas_deal: Deal) -> None:
    form = MapPlanForm(saas_deal)
    form.widget.children[0].value = dt.date(2027, 1, 5)
    assert "As of 2027-01-05: 3 late, 0 undated" in form.check()
    status = next(
        kids[1]
        for kids in (getattr(c, "children", ()) for c in form.widget.children)
        if kids and getattr(kids[0], "description", "") == "needed by"
    )
    status.value = "done"
    assert form.deal.plan is not None and form.deal.plan.dependencies[0].status == "done"
    assert "As of 2027-01-05: 2 late, 0 undated" in form.check()
    assert form.check().endswith("Sign-off: 5 of 5 checks pass")
