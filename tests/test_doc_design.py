"""The production-line design workbook: sections, computed tables, totals, charts, escaping."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import example_data, set_value, write_yaml

from kit import document, formatting, registry
from kit.design import calculations as design
from kit.design import document as design_doc
from kit.design.model import ProductionLine
from kit.document import LOGO_WIDTH_MM
from kit.params import load

PLAYBOOK = registry.get("design")
EXAMPLE = PLAYBOOK.example
SECTIONS = [
    "1. Growth Plan",
    "2. Motion Structure",
    "3. Growth Formula",
    "4. Target Stack",
    "5. Conversion Benchmarks",
    "6. Inputs and Throughput",
    "7. Weighted Pipeline Forecast",
    "8. Stage Aging",
    "9. Moments That Matter",
]


def example() -> ProductionLine:
    return load(EXAMPLE, ProductionLine)


def variant(tmp_path: Path, **changes: Any) -> ProductionLine:
    """The bundled example with top-level or nested values replaced, loaded through params."""
    data = example_data(EXAMPLE.name)
    for dotted, value in changes.items():
        set_value(data, dotted.split("__"), value)
    return load(write_yaml(tmp_path, data), ProductionLine)


def written(line: ProductionLine, out: Path) -> Path:
    """The workbook as a run writes it: one analysis, then the document from it."""
    [path] = document.write(PLAYBOOK, design.analyse(line), out).files
    return path


def rendered(line: ProductionLine, out: Path) -> docx.document.Document:
    return docx.Document(str(written(line, out)))


@pytest.fixture(scope="module")
def doc(tmp_path_factory: pytest.TempPathFactory) -> docx.document.Document:
    return rendered(example(), tmp_path_factory.mktemp("design"))


def table(document: docx.document.Document, *headers: str) -> list[list[str]]:
    """Rows (header row included) of the first table whose header row starts with ``headers``."""
    for candidate in document.tables:
        rows = [[cell.text for cell in row.cells] for row in candidate.rows]
        if rows[0][: len(headers)] == list(headers):
            return rows
    raise AssertionError(f"no table with headers {headers!r}")


def paragraphs(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs]


def everything(document: docx.document.Document) -> str:
    """Every paragraph and table cell, for checks that hold across the whole workbook."""
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    return "\n".join(paragraphs(document) + cells)


def headings(document: docx.document.Document) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == "Heading 1"]


def test_file_name_and_sections(tmp_path: Path) -> None:
    path = written(example(), tmp_path)
    assert path.name == "design-fleetwise-production-line.docx"
    document = docx.Document(str(path))
    assert headings(document) == SECTIONS
    level_two = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert level_two[:3] == ["Acquisition", "Retention", "Expansion"]


def test_registered_as_the_teams_own_workbook() -> None:
    [spec] = PLAYBOOK.documents
    assert (spec.template, spec.audience, spec.suffix) == ("design.docx", "internal", "")
    assert PLAYBOOK.gate is None


def test_cover_says_it_is_for_the_team(doc: docx.document.Document) -> None:
    texts = paragraphs(doc)
    assert "Production-line design" in texts
    assert "Fleetwise Analytics B.V." in texts
    assert "Growth plan over 21 months · funnel period 2026-Q1" in texts
    assert "1 April 2026" in texts
    assert "Planning workbook for the team at Fleetwise Analytics B.V.; not for customers." in texts
    logo = doc.inline_shapes[0]
    assert logo.width == docx.shared.Mm(LOGO_WIDTH_MM)


def test_every_page_is_stamped_internal(doc: docx.document.Document) -> None:
    section = doc.sections[0]
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text.startswith("INTERNAL")
    assert section.header.paragraphs[-1].text == (
        "Fleetwise Analytics B.V. · Production-line design"
    )


def test_growth_plan_in_whole_units_with_total(doc: docx.document.Document) -> None:
    gaps = design.growth_gaps(example())
    rows = table(doc, "Component")
    assert rows[1:4] == [
        [
            part.name.capitalize(),
            formatting.whole_money(part.baseline, "en_GB"),
            formatting.whole_money(part.target, "en_GB"),
            formatting.whole_money(part.gap, "en_GB"),
            formatting.percent(part.share_of_growth, "en_GB", places=1),
        ]
        for part in gaps.components
    ]
    # By hand: 2.0M + 4.0M + 0.5M today, 3.0M + 4.2M + 1.3M target, gap 2.0M.
    assert rows[-1] == ["All components", "€6,500,000", "€8,500,000", "€2,000,000", "100%"]
    assert rows[1][3] == "€1,000,000"
    texts = paragraphs(doc)
    assert "Plan target: €8,500,000. The three component targets add up to the plan target." in (
        texts
    )
    assert "Biggest constraint: No one owns expansion conversations after onboarding" in texts
    assert "Partner referrals supply a third of qualified leads by the end of next year" in texts


def test_plan_figures_print_in_whole_units(doc: docx.document.Document) -> None:
    """Issue 7: €12,857,142.86 beside €12,864,000.00; every money figure is a plan figure."""
    assert re.findall(r"€[\d,]+\.\d\d", everything(doc)) == []


def test_percentages_carry_one_decimal_at_most(doc: docx.document.Document) -> None:
    assert re.findall(r"\d\.\d\d+%", everything(doc)) == []


def test_motion_inputs_and_profile(doc: docx.document.Document) -> None:
    inputs = table(doc, "Input")
    # By hand: 24,000 EUR x 45 customers = 1,080,000 EUR.
    assert inputs[1:] == [
        ["Average contract value (ACV)", "€24,000"],
        ["New customers needed per year", "45"],
        ["New revenue per year (ACV \N{MULTIPLICATION SIGN} customers)", "€1,080,000"],
        ["Motion profile", "Inside sales"],
    ]
    levers = table(doc, "Lever")
    assert levers[0][1] == "Inside sales"
    assert levers[4] == [
        "Automation",
        "Lead routing, scheduling, proposal templates and e-signature",
    ]


def test_profiles_set_by_contract_value_alone_do_not_print_0_or_more(
    doc: docx.document.Document,
) -> None:
    """Issue 7: every profile read "0 or more" customers; none of them limits customers."""
    profiles = table(doc, "Profile")
    assert profiles == [
        ["Profile", "Average contract value", "Applies"],
        ["Low-touch", "Under €10,000", "No"],
        ["Inside sales", "€10,000 to under €60,000", "Yes"],
        ["Field enterprise", "€60,000 or more", "No"],
    ]
    assert (
        "The profiles are told apart by contract value alone: none of them limits the number "
        "of new customers per year." in paragraphs(doc)
    )
    assert not re.search(r"(^|\s)0 or more", everything(doc), re.MULTILINE)


def test_profiles_with_customer_ranges_show_them(tmp_path: Path) -> None:
    line = variant(
        tmp_path,
        motion__bands__0__customers_min=200,
        motion__bands__1__customers_min=20,
        motion__bands__1__customers_max=200,
        motion__bands__2__customers_max=20,
    )
    profiles = table(rendered(line, tmp_path / "out"), "Profile")
    assert profiles[0] == ["Profile", "Average contract value", "New customers per year", "Applies"]
    # A maximum is excluded: a band stopping at 200 holds 199 customers at most.
    assert [row[2] for row in profiles[1:]] == ["200 or more", "20 to 199", "Fewer than 20"]


def test_funnel_table_and_end_to_end_row(doc: docx.document.Document) -> None:
    review = design.inputs_vs_throughput(example())
    rows = table(doc, "Stage", "Volume 2026-Q1")
    assert [row[0] for row in rows[1:-1]] == [flow.stage for flow in review.stages]
    assert rows[2] == ["Qualified", "204", "38%", "9"]
    # By hand: 17% x 38% x 60% x 36% = 1.395%; 4 + 9 + 14 + 21 + 0 = 48 days.
    assert rows[-1] == ["End to end", "", "Lead → Won: 1.4%", "48"]
    assert "Slowest stage: Proposal" in paragraphs(doc)


def test_target_stack_tells_the_two_pipeline_values_apart(doc: docx.document.Document) -> None:
    """Issue 7: the exact pipeline value and the one of whole opportunities, each labelled."""
    plan = design.target_stack(example().target_stack)
    layers = dict(row for row in table(doc, "Layer")[1:])
    # By hand: 1,080,000 / (24,000 x 8.4%) = 1,080,000 / 2,016 = 535.714...; wins 45;
    # 535.714... x 24,000 = 12,857,142.86; 536 x 24,000 = 12,864,000.
    assert layers["Qualified opportunities needed"] == "535.71"
    assert layers["Won deals needed"] == "45"
    assert layers["Pipeline value needed (535.71 \N{MULTIPLICATION SIGN} €24,000)"] == (
        "€12,857,143"
    )
    assert layers["Coverage of the revenue target"] == "11.9\N{MULTIPLICATION SIGN}"
    stages = table(doc, "Stage", "Conversion into stage")
    assert stages[0][4] == "Pipeline value at target"
    assert [(row[0], row[3]) for row in stages[1:]] == [
        (target.stage, str(target.required)) for target in plan.stages
    ]
    assert stages[1] == ["Qualified", "—", "535.71", "536", "€12,864,000"]
    texts = paragraphs(doc)
    assert (
        "Required Qualified opportunities: €1,080,000 ÷ "
        "(€24,000 \N{MULTIPLICATION SIGN} 8.4%) = 535.71" in texts
    )
    assert (
        "The stage table plans whole records: 536 Qualified opportunities at €24,000 make "
        "€12,864,000. The pipeline value needed above, €12,857,143, is for exactly 535.71; the "
        "€6,857 between the two comes from rounding up to whole opportunities." in texts
    )


def test_benchmarks_status_and_actions(doc: docx.document.Document) -> None:
    rows = table(doc, "Step")
    assert rows[0][3] == "2026-Q1"
    assert [row[4] for row in rows[1:]] == ["Below"] * 4
    assert rows[2][:5] == ["Qualified → Discovery", "41%", "45%\N{EN DASH}50%", "38%", "Below"]
    texts = paragraphs(doc)
    assert (
        "Qualified → Discovery: Offer meeting slots in the first reply and follow up within "
        "one day." in texts
    )


def test_throughput_names_the_constrained_stage(doc: docx.document.Document) -> None:
    rows = table(doc, "Stage", "Inputs\n2025-Q4")
    assert rows[0][1:5] == [
        "Inputs\n2025-Q4",
        "Inputs\n2026-Q1",
        "Passed on\n2025-Q4",
        "Passed on\n2026-Q1",
    ]
    # By hand: Qualified took 190 -> 204 records but passed on 79.8 -> 77.52.
    assert rows[2] == ["Qualified", "190", "204", "79.8", "77.5", "Constrained"]
    assert [row[5] for row in rows[1:]] == ["Flowing", "Constrained", "Flowing", "Flowing"]
    texts = paragraphs(doc)
    assert "Constrained stage: Qualified" in texts
    assert (
        "Named because its inputs rose while what it passed on did not; it converts 38% "
        "against a target floor of 45%." in texts
    )
    # By hand: 45% / 38% - 1 = 18.42%.
    assert (
        "Biggest single improvement: +18.4% won deals if this stage alone reached its target "
        "floor." in texts
    )
    assert any(t.startswith("End to end: Lead rose from 1,000 to 1,200") for t in texts)
    assert (
        "Time: Proposal holds records longest of all stages; a full pass through the funnel "
        "takes 48 days on average." in texts
    )


def test_forecast_rows_and_totals(doc: docx.document.Document) -> None:
    forecast = design.weighted_forecast(example())
    rows = table(doc, "Deal")
    assert rows[0] == ["Deal", "Stage", "Amount", "Probability", "Weighted", "Close month"]
    assert len(rows) == 1 + len(forecast.deals) + 1
    by_name = {row[0]: row for row in rows[1:-1]}
    for deal in forecast.deals:
        assert by_name[deal.name][4] == formatting.whole_money(deal.weighted, "en_GB")
    assert by_name["Øresund Buses"] == [
        "Øresund Buses",
        "Commercial",
        "€48,000",
        "65%",
        "€31,200",
        "May 2026",
    ]
    # By hand: amounts add to 294,000; weighted values add to 138,150.
    assert rows[-1] == ["10 deals", "", "€294,000", "", "€138,150", ""]
    months = table(doc, "Close month")
    assert months[1:-1] == [
        [
            design_doc.month_label(month, "en_GB"),
            str(sum(deal.expected_close == month for deal in forecast.deals)),
            formatting.whole_money(value, "en_GB"),
        ]
        for month, value in forecast.by_month.items()
    ]
    # By hand: May = 42,000 x 45% + 48,000 x 65% + 15,000 x 65% = 18,900 + 31,200 + 9,750.
    assert months[2] == ["May 2026", "3", "€59,850"]
    assert months[-1] == ["Total", "10", "€138,150"]


def test_forecast_totals_add_up_the_rounded_rows(tmp_path: Path) -> None:
    """Three deals weighted to €0.50 each print €1 apiece, so their total prints €3, not €2."""
    deal = {"stage": "Discovery", "days_in_stage": 5, "expected_close": "2026-05"}
    line = variant(
        tmp_path,
        stage_probabilities=[{"stage": "Discovery", "probability": "25%"}],
        pipeline=[{**deal, "name": name, "amount": "2 EUR"} for name in ("A", "B", "C")],
    )
    document = rendered(line, tmp_path / "out")
    rows = table(document, "Deal")
    assert [row[4] for row in rows[1:]] == ["€1", "€1", "€1", "€3"]
    assert table(document, "Close month")[-1] == ["Total", "3", "€3"]


def test_stage_aging_flags(doc: docx.document.Document) -> None:
    rows = table(doc, "Stage", "Open deals")
    # By hand: Discovery ages 9, 12, 15, 31; P75 = 15 + 0.25 x (31 - 15) = 19; median 13.5.
    assert rows[1] == ["Discovery", "4", "13.5", "19", "Nordkap Transport"]
    assert rows[3] == ["Commercial", "2", "18.5", "22.25", "Lusitania Couriers"]
    assert rows[4][-1] == "—"


def test_moments_tie_stage_and_type(doc: docx.document.Document) -> None:
    rows = table(doc, "Moment")
    assert [(row[1], row[2]) for row in rows[1:]] == [
        ("Qualified", "Conversion"),
        ("Proposal", "Time"),
        ("Lead", "Volume"),
    ]
    assert rows[1][3:] == [
        "Buyer decision",
        "Share of qualified leads with a discovery meeting within 14 days",
        "38%",
        "Below",
    ]
    assert rows[2][5] == "21 days"


def test_no_checks_section_when_the_figures_agree(doc: docx.document.Document) -> None:
    assert "Checks Before Publishing" not in everything(doc)
    assert "No inconsistencies found in the figures." not in everything(doc)
    assert len(doc.inline_shapes) == 4  # the logo and three charts


def test_special_characters_survive(doc: docx.document.Document, tmp_path: Path) -> None:
    texts = paragraphs(doc)
    assert "Biggest constraint: Onboarding waits on the customer's telematics export" in texts
    assert "Rhône Freight" in [row[0] for row in table(doc, "Deal")]
    company = 'Müller & Søn <Flotten> "Nord" 北海'
    line = variant(
        tmp_path,
        company=company,
        moments__0__name="Meeting <booked> & 'confirmed'",
    )
    other = rendered(line, tmp_path / "out")
    assert company in paragraphs(other)
    assert other.sections[0].header.paragraphs[-1].text == f"{company} · Production-line design"
    assert table(other, "Moment")[1][0] == "Meeting <booked> & 'confirmed'"


def test_warnings_make_a_checks_section(tmp_path: Path) -> None:
    line = variant(tmp_path, growth_plan__target="9000000 EUR")
    document = rendered(line, tmp_path / "out")
    texts = paragraphs(document)
    assert headings(document)[-1] == "10. Checks Before Publishing"
    assert (
        "Plan target: €9,000,000. The three component targets add up to €8,500,000, which "
        "differs from the plan target by €500,000." in texts
    )
    assert (
        "The component targets add up to €8,500,000, below the plan target of €9,000,000; "
        "revise the split so it matches." in texts
    )


def test_locale_formats_money_and_months(tmp_path: Path) -> None:
    document = rendered(variant(tmp_path, locale="de_DE"), tmp_path / "out")
    assert table(document, "Component")[-1][1] == "6.500.000\xa0€"
    assert table(document, "Close month")[2][0] == "Mai 2026"


def test_a_sparse_file_leaves_out_what_it_does_not_give(tmp_path: Path) -> None:
    """No profiles, flows, benchmarks, previous period, pipeline, moments or logo: the
    sections they feed are left out and the others numbered on, never printed as dashes."""
    data = example_data(EXAMPLE.name)
    for key in ("benchmarks", "pipeline", "moments", "logo"):
        data.pop(key)
    data["motion"].pop("bands")
    data["motion"].pop("flow")
    for stage in data["funnel"]["stages"]:
        stage.pop("previous_volume")
        stage.pop("previous_conversion_to_next", None)
    document = rendered(load(write_yaml(tmp_path, data), ProductionLine), tmp_path / "out")
    assert headings(document) == [
        "1. Growth Plan",
        "2. Motion Structure",
        "3. Growth Formula",
        "4. Target Stack",
        "5. Inputs and Throughput",
    ]
    level_two = {p.text for p in document.paragraphs if p.style.name == "Heading 2"}
    assert level_two.isdisjoint(
        {"Motion profiles", "What the profile implies", "The end-to-end flow"}
    )
    assert [row[0] for row in table(document, "Input")[1:]] == [
        "Average contract value (ACV)",
        "New customers needed per year",
        "New revenue per year (ACV \N{MULTIPLICATION SIGN} customers)",
    ]
    assert table(document, "Stage", "Inputs 2026-Q1")[0] == [
        "Stage",
        "Inputs 2026-Q1",
        "Passed on 2026-Q1",
    ]
    texts = paragraphs(document)
    assert (
        "End to end: No previous period is given, so whether more input brings more output "
        "cannot be tested yet." in texts
    )
    assert not [t for t in texts if t.startswith(("Constrained stage:", "Biggest single"))]
    body = everything(document)
    for placeholder in ("No profiles defined", "Not decided yet", "No open deals", "None listed"):
        assert placeholder not in body
    assert len(document.inline_shapes) == 2  # growth and funnel; no logo, no forecast


def test_the_workbook_is_reproducible_and_draws_each_chart_once(tmp_path: Path) -> None:
    """Two runs give the same bytes; the notebook and the document share one chart image."""
    analysis = design.analyse(example())
    first = written(example(), tmp_path / "one").read_bytes()
    second = written(example(), tmp_path / "two").read_bytes()
    assert first == second
    content = design_doc.workbook(analysis)
    shown = design_doc.growth_chart(analysis.gaps, analysis.line.locale)
    assert content.charts["growth_chart"].png is shown
    assert content.properties.title == "Production-line design: Fleetwise Analytics B.V."
    assert content.properties.author == "Fleetwise Analytics B.V."
