"""The proposal as a Word document: sections, tables, totals that add up, intact names."""

from __future__ import annotations

import io
import re
import shutil
from decimal import Decimal

import docx
import pytest
from conftest import example_data, write_yaml, written_document

from kit import formatting, registry
from kit.errors import TemplateError
from kit.params import load
from kit.proposal import document as proposal
from kit.proposal.calculations import analyse
from kit.proposal.pricing import worksheet
from kit.render import render_bytes

TEMPLATE = registry.get("proposal").template_dir / "proposal.docx"

SECTIONS = [
    "1. Executive Summary",
    "2. Current State and Requirements",
    "3. Proposed Approach",
    "4. Outcomes and Success Measures",
    "5. Scope, Deliverables, and Assumptions",
    "6. Timeline and Milestones",
    "7. Commercials and Change Control",
    "8. Risks and Mitigations",
    "9. Acceptance and Next Steps",
]


@pytest.fixture(scope="module")
def saas_doc(tmp_path_factory, saas_deal):
    return docx.Document(str(written_document("proposal", saas_deal, tmp_path_factory.mktemp("saas"))))


@pytest.fixture(scope="module")
def services_doc(tmp_path_factory, services_deal):
    return docx.Document(str(written_document("proposal", services_deal, tmp_path_factory.mktemp("svc"))))


def table_after(document, heading: str):
    """The first table following the paragraph whose text is ``heading``."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            if found:
                return block
        elif block.text.strip() == heading:
            found = True
    raise AssertionError(f"no table after {heading!r}")


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def amount(text: str) -> Decimal:
    text = text.replace("\N{MINUS SIGN}", "-")
    return Decimal(re.sub(r"[^\d.\-]", "", text))


def test_the_nine_sections_appear_in_order_as_headings(saas_doc):
    headings = [p.text for p in saas_doc.paragraphs if p.style.name == "Heading 1"]
    assert headings[:9] == SECTIONS
    assert headings[9] == "Appendix: Deal-desk review"


def test_cover_header_and_page_numbers(saas_doc):
    assert saas_doc.paragraphs[6].style.name == "Title"
    assert saas_doc.paragraphs[6].text == "Support Automation Platform — Subscription and Rollout"
    assert saas_doc.paragraphs[7].text == "Proposal for Müller & Søn <GmbH>"
    header = saas_doc.sections[0].header.paragraphs[0].text
    assert header == "Müller & Søn <GmbH> · Support Automation Platform — Subscription and Rollout"
    footer_xml = saas_doc.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml


def test_requirements_table_is_grouped_by_theme(saas_doc):
    table = rows(table_after(saas_doc, "2. Current State and Requirements"))
    assert table[0] == ["ID", "Theme", "Requirement", "Priority", "Evidence", "Owner"]
    assert [row[0] for row in table[1:]] == ["R1", "R2", "R5", "R3", "R4"]
    assert table[1][5] == "山田 太郎"
    assert table[2][5] == 'Lars "LJ" Jensen'


def test_success_measures_carry_every_field(saas_doc):
    table = rows(table_after(saas_doc, "4. Outcomes and Success Measures"))
    assert table[1] == [
        "O1",
        "Customers hear back much sooner",
        "Average first-response time",
        "6 hours",
        "3 hours",
        "Within 60 days of go-live",
        "Platform report, weekly, reviewed by service operations",
    ]


def test_one_time_fees_add_up_to_their_total(saas_doc, saas_deal):
    table = rows(table_after(saas_doc, "One-time fees"))
    lines = [amount(row[4]) for row in table[1:-3]]
    subtotal, discount, total = (amount(row[4]) for row in table[-3:])
    assert sum(lines) == subtotal == Decimal("28000.00")
    assert subtotal + discount == total == Decimal("26600.00")
    assert table[-1][4] == formatting.money(worksheet(saas_deal).one_time_total, "en_GB")


def test_recurring_fees_and_summary_totals(saas_doc):
    monthly = rows(table_after(saas_doc, "Recurring fees (per month)"))
    assert monthly[1] == ["Service platform, Professional tier", "20", "€89.00", "10%", "€1,602.00"]
    assert monthly[-1][4] == "€1,521.90"
    summary = dict(rows(table_after(saas_doc, "Totals"))[1:])
    assert summary["First-year total (one-time + 12 months)"] == "€44,862.80"
    assert summary["Contract total over 24 months"] == "€63,125.60"
    assert amount(summary["One-time fees"]) + amount(
        summary["Recurring fees over the 24-month term"]
    ) == amount(summary["Contract total over 24 months"])


def test_invoice_schedule_sums_to_the_one_time_total(saas_doc):
    table = rows(table_after(saas_doc, "Invoicing of one-time fees"))
    assert sum(amount(row[3]) for row in table[1:-1]) == amount(table[-1][3])


def test_milestones_and_raci(saas_doc):
    milestones = rows(table_after(saas_doc, "6. Timeline and Milestones"))
    assert [row[0] for row in milestones[1:]] == ["M1", "M2", "M3", "M4"]
    assert milestones[1][2] == "11 January 2027"
    raci = rows(table_after(saas_doc, "Ownership (RACI)"))
    assert raci[1] == ["M1", "Tom Reyes", "山田 太郎", 'Lars "LJ" Jensen', "Katrin Müller"]


def test_timeline_chart_is_a_real_image(saas_doc):
    assert len(saas_doc.inline_shapes) == 1
    blobs = [rel.target_part.blob for rel in saas_doc.part.rels.values() if "image" in rel.reltype]
    assert blobs and blobs[0].startswith(b"\x89PNG")


def test_assumptions_are_if_then_statements(saas_doc):
    table = rows(table_after(saas_doc, "Assumptions"))
    assert table[1][2].startswith("Müller & Søn grants read access")
    assert table[1][3].startswith("Integration work starts on day 10")


def test_deal_desk_appendix_for_an_approved_deal(saas_doc):
    text = [p.text for p in saas_doc.paragraphs]
    assert "Decision: Approve" in text
    checks = rows(table_after(saas_doc, "Appendix: Deal-desk review"))
    assert len(checks) == 8 and all(row[1] == "Pass" for row in checks[1:])


def test_deal_desk_appendix_lists_the_gap_of_the_services_deal(services_doc):
    assert "Decision: Approve with edits" in [p.text for p in services_doc.paragraphs]
    gaps = rows(table_after(services_doc, "Gaps in priority order"))
    assert gaps[1][:4] == ["1", "Edit", "Every outcome measurable", "O2 lacks measurement method"]


def test_services_deal_uses_dollars_in_us_format(services_doc):
    table = rows(table_after(services_doc, "One-time fees"))
    assert table[-1][4] == "$53,250.00"
    assert table[3][3] == "50%"


def test_user_text_is_data_not_template_source(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["summary"]["problem"] = "Literal {{ 7 * 7 }} and {% if x %}tags{% endif %} & <b>"
    deal = load(write_yaml(tmp_path, data))
    document = docx.Document(str(written_document("proposal", deal, tmp_path)))
    texts = [p.text for p in document.paragraphs]
    assert "The problem. Literal {{ 7 * 7 }} and {% if x %}tags{% endif %} & <b>" in texts


def test_rendering_is_byte_for_byte_reproducible(saas_deal, tmp_path):
    first = written_document("proposal", saas_deal, tmp_path / "a").read_bytes()
    second = written_document("proposal", saas_deal, tmp_path / "b").read_bytes()
    assert first == second
    core = docx.Document(io.BytesIO(first)).core_properties
    assert core.author == "Brightline Service Cloud Ltd"
    assert core.created.isoformat().startswith("2026-12-01")


def test_template_restyled_in_word_still_renders(saas_deal, tmp_path):
    edited = docx.Document(str(TEMPLATE))
    heading = edited.styles["Heading 1"]
    heading.font.name = "Georgia"
    heading.font.size = docx.shared.Pt(20)
    edited.paragraphs[-1].insert_paragraph_before("Added by the design team.")
    path = tmp_path / "proposal.docx"
    edited.save(str(path))
    data = render_bytes(path, proposal.customer(analyse(saas_deal)))
    rendered = docx.Document(io.BytesIO(data))
    assert rendered.styles["Heading 1"].font.name == "Georgia"
    assert "Added by the design team." in [p.text for p in rendered.paragraphs]
    assert "Proposal for Müller & Søn <GmbH>" in [p.text for p in rendered.paragraphs]


def test_undefined_variable_is_an_error_naming_it(saas_deal, tmp_path):
    broken = docx.Document(str(TEMPLATE))
    broken.add_paragraph("{{ pricing.grand_totall }}")
    path = tmp_path / "proposal.docx"
    broken.save(str(path))
    with pytest.raises(TemplateError, match="grand_totall"):
        render_bytes(path, proposal.customer(analyse(saas_deal)))


def test_missing_template_is_a_template_error(saas_deal, tmp_path):
    with pytest.raises(TemplateError, match="template not found"):
        render_bytes(tmp_path / "none.docx", proposal.customer(analyse(saas_deal)))


def test_failed_render_leaves_no_file(saas_deal, tmp_path, monkeypatch):
    full = proposal.customer

    def broken(analysis):
        content = full(analysis)
        context = dict(content.context)
        del context["pricing"]
        return content.__class__(context, content.charts, content.properties)

    monkeypatch.setattr(proposal, "customer", broken)
    out = tmp_path / "out"
    with pytest.raises(TemplateError, match="pricing"):
        written_document("proposal", saas_deal, out)
    assert not out.exists() or not any(out.iterdir())
