"""The mutual action plan as Word documents (method 4.4 and 4.5): the buyer's plan, the seller's
internal brief, their layout on the page, the timeline chart, the views and errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
import matplotlib.text
import pytest
from conftest import example_data, write_documents, write_yaml
from docx.shared import Mm
from docx_layout import data_tables, has, header_words_too_wide, image_sizes_mm

from kit import cli, registry
from kit.document import Chart
from kit.errors import ParamsError
from kit.map import calculations as mapplan
from kit.map import views
from kit.map.calculations import analyse, requirements_table, signoff, success_criteria
from kit.map.charts import Bar, Marker, gantt, plan_chart
from kit.map.document import customer, internal
from kit.models.deal import Deal
from kit.params import load

SAAS = registry.get("map").example
SECTIONS = [
    "1. Why We Have This Plan",
    "2. What Success Looks Like",
    "3. What Must Be True",
    "4. How We Get There: Four Phases",
    "5. Keeping the Plan Moving",
    "6. What We Both Sign",
]
BRIEF_SECTIONS = ["1. Sign-off Decision", "2. Closing the Planning Meeting", "3. What to Chase"]
THIN = "\N{THIN SPACE}\N{EN DASH}\N{THIN SPACE}"


def render(deal: Deal, folder: Path) -> tuple[docx.document.Document, docx.document.Document]:
    """The buyer's plan and the internal brief for one deal."""
    files = write_documents("map", deal, folder).files
    assert [path.name for path in files] == [f"map-{deal.id}.docx", f"map-{deal.id}-internal.docx"]
    return docx.Document(str(files[0])), docx.Document(str(files[1]))


@pytest.fixture(scope="module")
def saas_docs(tmp_path_factory: pytest.TempPathFactory, saas_deal: Deal):
    return render(saas_deal, tmp_path_factory.mktemp("saas"))


@pytest.fixture(scope="module")
def services_docs(tmp_path_factory: pytest.TempPathFactory, services_deal: Deal):
    return render(services_deal, tmp_path_factory.mktemp("services"))


@pytest.fixture(scope="module")
def saas_doc(saas_docs):
    return saas_docs[0]


@pytest.fixture(scope="module")
def services_doc(services_docs):
    return services_docs[0]


@pytest.fixture(scope="module")
def saas_brief(saas_docs):
    return saas_docs[1]


@pytest.fixture(scope="module")
def services_brief(services_docs):
    return services_docs[1]


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


def all_text(document) -> str:
    """Every paragraph and table cell of the body, headers and footers, as one string."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def headings(document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def cover_blocks(document) -> list[list[str]]:
    return [cell.split("\n") for cell in rows(document.tables[0])[0]]


def drop(deal: Deal, **changes) -> Deal:
    assert deal.plan is not None
    plan_changes = {k: v for k, v in changes.items() if k in {"dependencies", "phases"}}
    deal_changes = {k: v for k, v in changes.items() if k not in plan_changes}
    plan = deal.plan.model_copy(update=plan_changes)
    return deal.model_copy(update={**deal_changes, "plan": plan})


# --- the buyer's plan: structure and the bundled example ------------------------------------


def test_sections_header_and_phase_headings(saas_doc) -> None:
    assert headings(saas_doc) == SECTIONS
    assert headings(saas_doc, 2) == [
        "The plan at a glance",
        "What we are assuming",
        "When something changes",
        "4.1 Confirm: test what we assumed and settle the scope",
        "4.2 Design: agree the process, the data and who does what",
        "4.3 Implement: configure, train and roll out",
        "4.4 Prove: measure the results against the success criteria",
        "5.1 How we stay in touch",
        "5.2 What we need from each other",
        "5.3 Decisions and who takes them",
    ]
    header = saas_doc.sections[0].header.paragraphs[0].text
    assert header == "Müller & Søn <GmbH> · Mutual action plan"
    footer = saas_doc.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer


def test_cover_names_the_buyers_lead_the_sellers_contact_and_the_dates(saas_doc) -> None:
    title = next(p for p in saas_doc.paragraphs if p.style.name == "Title")
    assert title.text == "Mutual Action Plan"
    subtitles = [p.text for p in saas_doc.paragraphs if p.style.name == "Subtitle"]
    assert subtitles == [
        "Support Automation Platform — Subscription and Rollout",
        "Agreed between Müller & Søn <GmbH> and Brightline Service Cloud Ltd",
        "1 December 2026",
    ]
    assert cover_blocks(saas_doc) == [
        ["Your lead", "Katrin Müller", "COO and budget owner", "Müller & Søn <GmbH>", ""],
        [
            "Your contact",
            "Amara Okafor",
            "Account executive",
            "amara.okafor@brightline.example",
            "+44 20 7946 0321",
            "Brightline Service Cloud Ltd",
        ],
        ["The plan", "Issued 1 December 2026", f"Runs 14 Dec 2026{THIN}3 May 2027"],
    ]
    seller, customer, _ = saas_doc.inline_shapes
    assert seller.width == Mm(45)
    assert image_sizes_mm(saas_doc.tables[0].rows[0].cells[0]._tc) == [(36, 12)]
    assert customer.width == Mm(36)


def test_a_seller_without_logo_gets_a_cover_without_one(services_doc) -> None:
    assert len(services_doc.inline_shapes) == 1, "the timeline chart only"
    assert cover_blocks(services_doc)[0] == [
        "Your lead",
        "Dana O'Connor",
        "VP Sales (budget owner)",
        "Harbourside Freight & Co.",
    ]
    assert cover_blocks(services_doc)[1][1:3] == ["Sam Whitfield", "Engagement manager"]


def test_timeline_chart_is_placed_at_its_drawn_size(saas_doc, saas_deal: Deal) -> None:
    *_logos, chart = saas_doc.inline_shapes
    png = plan_chart(analyse(saas_deal))
    assert chart.width == Mm(Chart(png, None).placed_width_mm)
    assert Mm(120) < chart.width <= Mm(170)


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
        f"14{THIN}22 Dec 2026",
        "9",
        "Katrin Müller",
        "Amara Okafor",
    ]
    assert body[1][3] == "山田 太郎" and body[2][3] == 'Lars "LJ" Jensen'
    assert sum(int(row[5]) for row in body[:4]) == 5
    assert body[4] == ["Whole plan", f"14 Dec 2026{THIN}3 May 2027", "141", "", "", "5"]
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
    assert "to be agreed" not in text_of(saas_doc).lower()


def test_requirements_table_with_counts(saas_doc, saas_deal: Deal) -> None:
    body = table_with(saas_doc, ["Requirement", "Priority", "Owner"])
    computed = requirements_table(saas_deal)
    assert [row[0] for row in body[:-1]] == [f"{r.id} {r.requirement}" for r in computed]
    assert body[0][1:4] == ["Must", "山田 太郎", "Category list agreed by service leads"]
    assert body[1][2] == 'Lars "LJ" Jensen'
    assert body[2][3] == "—"
    assert body[-1][0] == "5 requirements: 3 must, 2 should"


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
    assert any(p.text.startswith("How we agree a change. Either side") for p in saas_doc.paragraphs)


def test_phase_blocks_hold_owners_lists_and_milestones(saas_doc) -> None:
    blocks = phase_tables(saas_doc)
    assert len(blocks) == 4
    confirm, design, implement, prove = blocks
    assert confirm["When"] == f"14{THIN}22 Dec 2026 (9 days)"
    assert confirm["Your lead"] == "Katrin Müller (COO and budget owner)"
    assert confirm["Our lead"] == "Amara Okafor (Account executive)"
    assert confirm["Activities"].splitlines() == [
        "• Kickoff workshop with service operations, IT and procurement",
        "• Check assumptions A1 to A3 and the seat count with the people who own them",
    ]
    assert "Milestones" not in confirm, "a phase without milestones shows no such row"
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


def test_the_plan_in_four_sentences_and_signature_lines(saas_doc) -> None:
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
    assert f"This plan covers 14 Dec 2026{THIN}3 May 2027." in text_of(saas_doc)
    signatures = rows(saas_doc.tables[-1])
    assert signatures[0] == ["For Müller & Søn <GmbH>", "For Brightline Service Cloud Ltd"]
    assert signatures[1][0].startswith("Signature: ___")
    assert signatures[2] == ["Name: Katrin Müller", "Name: Amara Okafor"]
    assert signatures[3] == ["Title: COO and budget owner", "Title: Account executive"]


# --- two audiences: what the buyer never sees, what the brief carries ------------------------

INTERNAL_ONLY = (
    "Sign-off",
    "sign-off check",
    "Checks passed",
    "Decision:",
    "Gaps in priority order",
    "What to Chase",
    "Closing the Planning Meeting",
    "Scope risk",
    "INTERNAL",
    "Internal",
    "Every requirement has acceptance evidence.",
)


def test_the_buyers_plan_carries_none_of_the_internal_sections(saas_doc, services_doc) -> None:
    for document in (saas_doc, services_doc):
        text = all_text(document)
        for phrase in INTERNAL_ONLY:
            assert phrase not in text, phrase
        assert not [row for t in document.tables for row in rows(t) if "Fail" in row]


def test_the_brief_says_internal_on_its_cover_and_every_header(saas_brief) -> None:
    title = next(p for p in saas_brief.paragraphs if p.style.name == "Title")
    assert title.text == "Internal brief: Mutual Action Plan"
    assert "For the seller's team only; never send this to the buyer." in text_of(saas_brief)
    for section in saas_brief.sections:
        for header in (section.header, section.first_page_header):
            assert header.paragraphs[0].text.startswith("INTERNAL")
    assert saas_brief.core_properties.author == "Brightline Service Cloud Ltd"


def test_the_brief_carries_the_five_checks_and_the_decision(saas_brief, saas_deal) -> None:
    assert headings(saas_brief) == BRIEF_SECTIONS[:2], "nothing to chase: no section 3"
    assert "Decision: Ready to send" in [p.text for p in saas_brief.paragraphs]
    body = table_with(saas_brief, ["#", "Check", "Result"])
    assert [row[1] for row in body[:5]] == [check.item for check in signoff(saas_deal)]
    assert [row[2] for row in body[:5]] == ["Pass"] * 5
    assert body[5][1:3] == ["Checks passed", "5 of 5"]
    assert "Gaps in priority order" not in text_of(saas_brief)


def test_the_brief_lists_the_edit_and_what_to_chase_on_services(services_brief) -> None:
    assert headings(services_brief) == BRIEF_SECTIONS
    texts = [p.text for p in services_brief.paragraphs]
    assert "Decision: Send after edits" in texts
    assert "Make the 1 edit below, then send the plan." in texts
    checks = table_with(services_brief, ["#", "Check", "Result"])
    assert [row[2] for row in checks[:5]] == ["Pass", "Fail", "Pass", "Pass", "Pass"]
    assert checks[1][3] == "O2: no method"
    assert checks[5][2] == "4 of 5"
    gaps = table_with(services_brief, ["#", "Severity", "Check"])
    assert gaps == [
        ["1", "Edit", "2", "O2: no method", "Write in the method agreed with the criterion's owner"]
    ]
    chase = table_with(services_brief, ["Item", "What", "Owner"])
    assert chase == [
        ["Input 4", "Purchase order issued", "Dana O'Connor", "No date yet", "Scope risk"],
        [
            "Decision 5",
            "Finance approval route for the purchase order",
            "Dana O'Connor",
            "No date yet",
            "Scope risk",
        ],
    ]


def test_the_brief_scripts_the_read_back_for_the_buyers_lead(saas_brief, saas_deal) -> None:
    assert any(
        p.text.startswith("Before the meeting ends, ask Katrin Müller")
        for p in saas_brief.paragraphs
    )
    numbered = [p.text for p in saas_brief.paragraphs if p.style.name == "List Number"]
    assert numbered == list(analyse(saas_deal).review)


def test_late_items_go_to_the_chase_list_with_days_late(tmp_path: Path, saas_deal: Deal) -> None:
    later, brief = render(saas_deal.model_copy(update={"date": dt.date(2027, 1, 5)}), tmp_path)
    chase = table_with(brief, ["Item", "What", "Owner"])
    assert [(row[0], row[4]) for row in chase] == [
        ("Input 1", "Late by 15 days"),
        ("Decision 1", "Late by 14 days"),
        ("Input 2", "Late by 1 day"),
    ]
    assert "Needs attention: 3 late." in text_of(later)


# --- the services example: a criterion to agree, undated items, US dates ---------------------


def test_services_criterion_to_be_agreed_is_shown_to_the_buyer(services_doc) -> None:
    criteria = table_with(services_doc, ["Success criterion", "Metric", "Baseline"])
    assert criteria[1][5] == "To be agreed"
    assert (
        "Where a cell says “to be agreed”, we settle it together before either side signs."
        in text_of(services_doc)
    )


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
    assert glance[0][1] == f"Dec 14, 2026{THIN}Jan 8, 2027"
    assert glance[-1][5] == "5 (1 without a date)"
    assert "Needs attention: 2 without a date." in text_of(services_doc)


# --- status words after progress; sections with nothing to say -------------------------------


def test_received_and_decided_items(tmp_path: Path, saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    dependencies = list(saas_deal.plan.dependencies)
    dependencies[0] = dependencies[0].model_copy(update={"status": "done"})
    decisions = list(saas_deal.plan.decision_points)
    decisions[0] = decisions[0].model_copy(update={"decided": True})
    plan = saas_deal.plan.model_copy(
        update={"dependencies": dependencies, "decision_points": decisions}
    )
    document, _ = render(saas_deal.model_copy(update={"plan": plan}), tmp_path)
    inputs = table_with(document, ["#", "What is needed", "From"])
    assert inputs[0][5:] == ["Done", "Received"]
    assert inputs[-1][1] == "5 inputs: 1 done, 2 committed, 2 requested"
    made = table_with(document, ["#", "Decision", "Approved by"])
    assert made[0][5] == "Decided"
    assert made[-1][1] == "5 decisions: 1 decided, 4 open"


def test_sections_with_nothing_to_say_are_left_out(tmp_path: Path, saas_deal: Deal) -> None:
    """No assumptions, no inputs, no change clause, a phase without inputs: no empty sections,
    no placeholder rows, and the decisions move up to 5.2."""
    assert saas_deal.plan is not None
    phases = list(saas_deal.plan.phases)
    phases[0] = phases[0].model_copy(update={"inputs_needed": []})
    bare = drop(
        saas_deal,
        assumptions=[],
        terms=saas_deal.terms.model_copy(update={"change_control": ""}),
        dependencies=[],
        phases=phases,
    )
    document, _ = render(bare, tmp_path)
    subheadings = headings(document, 2)
    assert "What we are assuming" not in subheadings
    assert "5.2 What we need from each other" not in subheadings
    assert "5.2 Decisions and who takes them" in subheadings
    assert "When something changes" in subheadings, "the change links still apply"
    text = all_text(document)
    assert "How we agree a change." not in text
    for placeholder in ("None recorded", "No assumptions", "Nothing needed", "0 inputs"):
        assert placeholder not in text
    assert "Inputs needed" not in phase_tables(document)[0]


# --- layout: rows whole, headers repeated, headings kept, headers that fit -------------------


@pytest.mark.parametrize(
    ("which", "tables"),
    [("saas_doc", 12), ("saas_brief", 1), ("services_doc", 12), ("services_brief", 3)],
)
def test_no_row_splits_and_header_rows_repeat(which, tables, request) -> None:
    document = request.getfixturevalue(which)
    assert len(data_tables(document)) == tables
    for table in data_tables(document):
        assert all(has(row, "w:cantSplit") for row in table.rows), rows(table)[0]
        assert has(table.rows[0], "w:tblHeader"), rows(table)[0]
    if which.endswith("doc"):
        signatures = document.tables[-1]
        assert rows(signatures)[0][0].startswith("For ")
        assert all(has(row, "w:cantSplit") for row in signatures.rows)


@pytest.mark.parametrize("which", ["saas_doc", "saas_brief"])
def test_headings_keep_with_what_follows(which, request) -> None:
    document = request.getfixturevalue(which)
    for level in (1, 2):
        assert document.styles[f"Heading {level}"].paragraph_format.keep_with_next is True
    for paragraph in document.paragraphs:
        if paragraph.style.name.startswith("Heading"):
            assert paragraph.paragraph_format.keep_with_next is not False, paragraph.text


def test_totals_rows_keep_with_their_tables(saas_doc) -> None:
    glance = next(t for t in saas_doc.tables if rows(t)[0][:2] == ["Phase", "Dates"])
    for row in glance.rows[:-1]:
        assert all(p.paragraph_format.keep_with_next for c in row.cells for p in c.paragraphs)


@pytest.mark.parametrize("which", ["saas_doc", "saas_brief", "services_doc", "services_brief"])
def test_column_headers_fit_their_columns(which, request) -> None:
    assert header_words_too_wide(request.getfixturevalue(which)) == []


# --- the chart at print size ----------------------------------------------------------------


def chart_inputs(deal: Deal):
    analysis = analyse(deal)
    milestones = {m.id: m.date for m in deal.milestones}
    bars = tuple(
        Bar(p.name.capitalize(), p.start, p.end, tuple((r, milestones[r]) for r in p.milestones))
        for p in analysis.plan.phases
    )
    inputs = tuple(
        Marker(str(n), item.due)
        for n, (_, item) in enumerate(mapplan.tracked(analysis.summary, "dependency"), 1)
        if item.due
    )
    decisions = tuple(
        Marker(str(n), item.due)
        for n, (_, item) in enumerate(mapplan.tracked(analysis.summary, "decision"), 1)
        if item.due
    )
    return bars, inputs, decisions, deal.date, deal.locale


@pytest.mark.parametrize("example", ["saas_deal", "services_deal"])
def test_chart_text_is_8_pt_or_more_and_fits_the_page(example, request) -> None:
    deal = request.getfixturevalue(example)
    figure = gantt.__wrapped__(*chart_inputs(deal))
    texts = [
        text
        for text in figure.findobj(matplotlib.text.Text)
        if text.get_visible() and text.get_text().strip()
    ]
    assert len(texts) > 20
    assert min(text.get_fontsize() for text in texts) >= 8
    figure.canvas.draw()
    tight = figure.get_tightbbox(figure.canvas.get_renderer())
    assert tight.width <= 6.6
    png = plan_chart(analyse(deal))
    assert Chart(png, None).placed_width_mm <= 170
    assert png == gantt(*chart_inputs(deal))


def test_markers_due_the_same_day_share_one_label() -> None:
    day = dt.date(2027, 1, 4)
    bars = (Bar("Confirm", day, day + dt.timedelta(days=20), ()),)
    figure = gantt.__wrapped__(
        bars, (Marker("1", day), Marker("2", day)), (Marker("1", day),), day, "en_GB"
    )
    labels = [t.get_text() for t in figure.findobj(matplotlib.text.Annotation)]
    assert "1, 2" in labels and "2" not in labels


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


def test_analysis_without_plan_raises_and_writes_nothing(tmp_path: Path, saas_deal: Deal) -> None:
    bare = saas_deal.model_copy(update={"plan": None})
    with pytest.raises(ParamsError, match=r"deal 'mueller-soen-support-automation': plan:"):
        analyse(bare)
    assert list(tmp_path.iterdir()) == []


def test_run_without_plan_exits_2_before_a_kernel_starts(
    no_plan_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = cli.main(["run", "map", "--params", str(no_plan_file), "--out", str(out)])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        f"error: {no_plan_file}: plan: the map playbook needs this section"
    )
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["no-plan.yaml"]


def test_document_properties_name_the_plan_and_the_seller(saas_deal: Deal) -> None:
    analysis = analyse(saas_deal)
    plan, brief = customer(analysis).properties, internal(analysis).properties
    assert (
        plan.title
        == brief.title
        == ("Mutual action plan: Support Automation Platform — Subscription and Rollout")
    )
    assert plan.author == brief.author == "Brightline Service Cloud Ltd"
    assert plan.subject == "Mutual action plan with Müller & Søn <GmbH>"
    assert brief.subject == "Internal brief on the plan with Müller & Søn <GmbH>"
    assert plan.date == saas_deal.date


# --- views -----------------------------------------------------------------------------------


def test_views_show_failures_and_undated_items(services_deal: Deal) -> None:
    analysis = analyse(services_deal)
    checks = views.signoff_checks(analysis)
    assert checks.blocks[1].lines == ["4 of 5 sign-off checks pass"]
    failed = checks.blocks[0].rows[1]
    assert [str(cell) for cell in failed[2:]] == ["fail", "O2: no method"]
    assert failed[2].tone == "bad"
    decisions = views.decisions(analysis)
    assert decisions.blocks[1].lines[0] == (
        "As of 2026-12-07: 0 late, 2 without a date (scope risk)"
    )
    assert decisions.blocks[1].tone == "warn"
    change = next(row for row in views.changes(analysis).rows if row[0] == "O2")
    assert [str(cell) for cell in change[:3]] == ["O2", "Criterion", "R3"]
    phases = views.phases(analysis.summary)
    assert phases.notes == ["Whole plan: 2026-12-14 to 2027-04-05, 113 days"]
    criteria = views.criteria(analysis)
    assert str(criteria.rows[1][5]) == "missing" and criteria.rows[1][5].tone == "bad"


def test_views_number_inputs_in_date_order_with_plain_headers(saas_deal: Deal) -> None:
    table = views.dependencies(analyse(saas_deal))
    headers = [(getattr(c, "label", c), getattr(c, "align", "left")) for c in table.columns]
    assert headers[0] == ("#", "right")
    assert [label for label, _ in headers[1:]] == [
        "What is needed",
        "From",
        "Needed by",
        "Phase",
        "Status",
        "Watch",
    ]
    assert [str(cell) for cell in table.rows[0]] == [
        "1",
        "Read access to the ERP customer tables",
        'Lars "LJ" Jensen',
        "2026-12-21",
        "Confirm",
        "requested",
        "Due in 20 days",
    ]
    assert table.rows[0][6].tone == "info"
    phases = views.phases(analyse(saas_deal).summary)
    assert [str(row[3]) for row in phases.rows] == ["9", "8", "49", "63"]
