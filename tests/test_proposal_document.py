"""The proposal as a Word document: sections, tables, totals that add up, intact names."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import docx
import pytest
from conftest import example_data, write_documents, write_yaml, written_document
from docx_layout import image_sizes_mm

from kit import formatting, registry
from kit.document import Chart
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
    "7. Investment and Commercial Terms",
    "8. Risks and Mitigations",
    "9. Acceptance and Next Steps",
]


@pytest.fixture(scope="module")
def saas_files(tmp_path_factory, saas_deal):
    return write_documents("proposal", saas_deal, tmp_path_factory.mktemp("saas")).files


@pytest.fixture(scope="module")
def services_files(tmp_path_factory, services_deal):
    return write_documents("proposal", services_deal, tmp_path_factory.mktemp("svc")).files


@pytest.fixture(scope="module")
def saas_doc(saas_files):
    return docx.Document(str(saas_files[0]))


@pytest.fixture(scope="module")
def services_doc(services_files):
    return docx.Document(str(services_files[0]))


@pytest.fixture(scope="module")
def saas_brief(saas_files):
    return docx.Document(str(saas_files[1]))


@pytest.fixture(scope="module")
def services_brief(services_files):
    return docx.Document(str(services_files[1]))


def all_text(document) -> str:
    """Every paragraph and table cell of the body, headers and footers, as one string."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.footer):
            parts += [p.text for p in header.paragraphs]
    return "\n".join(parts)


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
    assert headings == SECTIONS


def test_cover_names_recipient_contact_and_quote_validity(saas_doc):
    title = next(p for p in saas_doc.paragraphs if p.style.name == "Title")
    assert title.text == "Support Automation Platform — Subscription and Rollout"
    cover = rows(saas_doc.tables[0])[0]
    assert cover[0].split("\n") == [
        "Prepared for",
        "Katrin Müller",
        "COO and budget owner",
        "Müller & Søn <GmbH>",
        "",  # the customer's logo: 480 x 160 pixels, as wide as its 36 x 14 mm box allows
    ]
    assert image_sizes_mm(saas_doc.tables[0].rows[0].cells[0]._tc) == [(36, 12)]
    assert cover[1].split("\n") == [
        "Your contact",
        "Amara Okafor",
        "Account executive",
        "amara.okafor@brightline.example",
        "+44 20 7946 0321",
        "Brightline Service Cloud Ltd",
    ]
    assert cover[2].split("\n") == [
        "Quote",
        "Issued 1 December 2026",
        "Valid until 31 December 2026",
    ]
    logo = saas_doc.inline_shapes[0]
    assert logo.width == docx.shared.Mm(45)


def test_header_and_page_numbers(saas_doc):
    header = saas_doc.sections[0].header.paragraphs[0].text
    assert header == "Müller & Søn <GmbH> · Support Automation Platform — Subscription and Rollout"
    footer_xml = saas_doc.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer_xml and 'w:instr="NUMPAGES"' in footer_xml


def test_the_customer_copy_carries_no_internal_material(saas_doc, services_doc):
    for document in (saas_doc, services_doc):
        text = all_text(document)
        for internal in ("Deal-desk", "deal desk", "Decision:", "before sending", "Gaps in"):
            assert internal not in text


def test_signature_lines_for_both_sides(saas_doc):
    signatures = rows(saas_doc.tables[-1])
    assert signatures[0] == ["For Müller & Søn <GmbH>", "For Brightline Service Cloud Ltd"]
    assert signatures[1][0].startswith("Signature: ___")
    assert signatures[2] == ["Name: Katrin Müller", "Name: Amara Okafor"]
    assert signatures[3] == ["Title: COO and budget owner", "Title: Account executive"]
    assert signatures[4][1].startswith("Date: ___")


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
    assert summary["First-year total (one-time fees and 12 months)"] == "€44,862.80"
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


def test_timeline_chart_is_a_real_image_at_its_drawn_size(saas_doc, saas_deal):
    chart = saas_doc.inline_shapes[2]  # after the seller's and the customer's logos
    png = proposal.timeline_chart(saas_deal)
    assert chart.width == docx.shared.Mm(Chart(png, None).placed_width_mm)
    assert docx.shared.Mm(100) < chart.width <= docx.shared.Mm(170)


def test_assumptions_are_if_then_statements(saas_doc):
    table = rows(table_after(saas_doc, "Assumptions"))
    assert table[1][2].startswith("Müller & Søn grants read access")
    assert table[1][3].startswith("Integration work starts on day 10")


def test_internal_brief_carries_the_deal_desk_review(saas_brief, services_brief):
    assert "Decision: Approve" in [p.text for p in saas_brief.paragraphs]
    checks = rows(table_after(saas_brief, "Send the proposal as it stands."))
    assert len(checks) == 9 and all(row[1] == "Pass" for row in checks[1:])
    assert "Decision: Approve with edits" in [p.text for p in services_brief.paragraphs]
    gaps = rows(table_after(services_brief, "Gaps in priority order"))
    assert gaps[1][:4] == ["1", "Edit", "Every outcome measurable", "O2 lacks measurement method"]


def test_internal_brief_says_internal_on_cover_and_every_header(saas_brief):
    title = next(p for p in saas_brief.paragraphs if p.style.name == "Title")
    assert title.text.startswith("Internal brief: ")
    for section in saas_brief.sections:
        for header in (section.header, section.first_page_header):
            assert header.paragraphs[0].text.startswith("INTERNAL")


def test_internal_brief_shows_what_the_offer_gives_away(saas_brief):
    table = rows(
        table_after(
            saas_brief,
            "List price against the price offered, for the "
            "negotiation: every further concession comes out of the amounts "
            "below.",
        )
    )
    contract = table[-1]
    assert contract[0] == "Contract"
    # 28,000 one-time + 20 seats x 89 x 24 months = 70,720 at list; offered 63,125.60.
    assert amount(contract[1]) == Decimal("70720.00")
    assert amount(contract[2]) == Decimal("63125.60")
    assert amount(contract[1]) - amount(contract[3]) == amount(contract[2])


def test_services_only_proposal_leaves_out_the_recurring_fees(services_doc):
    headings = [p.text for p in services_doc.paragraphs]
    assert "Recurring fees (per month)" not in headings
    text = all_text(services_doc)
    assert "$0.00" not in text
    summary = dict(rows(table_after(services_doc, "Totals"))[1:])
    assert list(summary) == ["One-time fees", "Contract total over 3 months"]


def test_units_and_plurals_read_right(saas_doc):
    terms = dict(rows(table_after(saas_doc, "Commercial terms"))[1:])
    assert terms["Support"] == "Business hours; Severity 1 response within 1 hour"
    assert terms["Payment terms"] == "Net 30 days"
    assert terms["Quote valid until"] == "31 December 2026"
    assert "(s)" not in all_text(saas_doc)


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


def test_docxtpl_escapes_in_user_text_stay_as_written(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["customer"]["name"] = "Acme {_{ literal }_} {_% x %_}"
    deal = load(write_yaml(tmp_path, data))
    document = docx.Document(str(written_document("proposal", deal, tmp_path)))
    assert "Proposal for Acme {_{ literal }_} {_% x %_}" in [p.text for p in document.paragraphs]


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


def test_cover_names_the_recipient_and_the_contact_and_leaves_blanks_out(tmp_path):
    data = example_data("saas-subscription.yaml")
    deal = load(write_yaml(tmp_path, data))
    assert deal.addressee() == ["Katrin Müller", "COO and budget owner", data["customer"]["name"]]
    assert deal.sender() == [
        "Amara Okafor",
        "Account executive",
        "amara.okafor@brightline.example",
        "+44 20 7946 0321",
        data["seller"]["name"],
    ]
    data["recipient"] = ""
    data["contact"] = "Tom Reyes"
    bare = load(write_yaml(tmp_path, data))
    assert bare.addressee() == [data["customer"]["name"]]
    assert bare.sender() == ["Tom Reyes", "Implementation lead", data["seller"]["name"]]


def test_acceptance_section_keeps_together_with_its_signature_block(saas_doc):
    """From its heading to the signature lines, every paragraph keeps with the next, so a page
    never holds the signatures apart from what they approve."""
    heading = next(p for p in saas_doc.paragraphs if p.text.endswith("Acceptance and Next Steps"))
    section = []
    for element in heading._p.itersiblings():
        if element.tag.endswith("}tbl"):
            break
        section.append(docx.text.paragraph.Paragraph(element, heading._parent))
    assert section[-1].text == "Signed for both parties by their authorised signatories:"
    assert [p.text for p in section if not p.paragraph_format.keep_with_next] == []
    assert heading.style.paragraph_format.keep_with_next
