"""The production-line design workbook: sections, computed tables, totals, charts, escaping."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import ROOT, example_data, set_value, write_yaml

from kit import formatting
from kit.design import calculations as design
from kit.design import document as design_doc
from kit.design.model import ProductionLine
from kit.params import load

EXAMPLE = ROOT / design_doc.EXAMPLE
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
    "10. Checks Before Publishing",
]


def example() -> ProductionLine:
    return load(EXAMPLE, ProductionLine)


def variant(tmp_path: Path, **changes: Any) -> ProductionLine:
    """The bundled example with top-level or nested values replaced, loaded through params."""
    data = example_data(EXAMPLE.name)
    for dotted, value in changes.items():
        set_value(data, dotted.split("__"), value)
    return load(write_yaml(tmp_path, data), ProductionLine)


def rendered(line: ProductionLine, out: Path) -> docx.document.Document:
    return docx.Document(str(design_doc.render(line, out)))


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


def test_file_name_and_sections(tmp_path: Path) -> None:
    path = design_doc.render(example(), tmp_path)
    assert path.name == "design-fleetwise-production-line.docx"
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    level_two = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert level_two[:3] == ["Acquisition", "Retention", "Expansion"]


def test_cover_and_header(doc: docx.document.Document) -> None:
    texts = paragraphs(doc)
    assert "Production-line design" in texts
    assert "Fleetwise Analytics B.V." in texts
    assert "Growth plan over 21 months · funnel period 2026-Q1" in texts
    assert "1 April 2026" in texts
    header = doc.sections[0].header.paragraphs[0].text
    assert header == "Fleetwise Analytics B.V. · Production-line design"


def test_growth_plan_rows_and_total(doc: docx.document.Document) -> None:
    line = example()
    gaps = design.growth_gaps(line)
    rows = table(doc, "Component")
    assert rows[1:4] == [
        [
            part.name.capitalize(),
            formatting.money(part.baseline, "en_GB"),
            formatting.money(part.target, "en_GB"),
            formatting.money(part.gap, "en_GB"),
            formatting.percent(part.share_of_growth, "en_GB"),
        ]
        for part in gaps.components
    ]
    # By hand: 2.0M + 4.0M + 0.5M today, 3.0M + 4.2M + 1.3M target, gap 2.0M.
    assert rows[-1] == ["All components", "€6,500,000.00", "€8,500,000.00", "€2,000,000.00", "100%"]
    assert rows[1][3] == "€1,000,000.00"
    texts = paragraphs(doc)
    assert (
        "Plan target: €8,500,000.00. The three component targets add up to the plan target."
        in texts
    )
    assert "Biggest constraint: No one owns expansion conversations after onboarding" in texts
    assert "Partner referrals supply a third of qualified leads by the end of next year" in texts


def test_motion_inputs_and_profile(doc: docx.document.Document) -> None:
    inputs = table(doc, "Input")
    # By hand: 24,000 EUR x 45 customers = 1,080,000 EUR.
    assert inputs[1:] == [
        ["Average contract value (ACV)", "€24,000.00"],
        ["New customers needed per year", "45"],
        ["New revenue per year (ACV \N{MULTIPLICATION SIGN} customers)", "€1,080,000.00"],
        ["Motion profile", "Inside sales"],
    ]
    profiles = table(doc, "Profile")
    assert [row[0] for row in profiles if row[3] == "Yes"] == ["Inside sales"]
    levers = table(doc, "Lever")
    assert levers[0][1] == "Inside sales"
    assert levers[4] == [
        "Automation",
        "Lead routing, scheduling, proposal templates and e-signature",
    ]


def test_funnel_table_and_end_to_end_row(doc: docx.document.Document) -> None:
    review = design.inputs_vs_throughput(example())
    rows = table(doc, "Stage", "Volume 2026-Q1")
    assert [row[0] for row in rows[1:-1]] == [flow.stage for flow in review.stages]
    assert rows[2] == ["Qualified", "204", "38%", "9"]
    # By hand: 17% x 38% x 60% x 36% = 1.395%; 4 + 9 + 14 + 21 + 0 = 48 days.
    assert rows[-1] == ["End to end", "", "Lead → Won: 1.4%", "48"]
    assert "Slowest stage: Proposal" in paragraphs(doc)


def test_target_stack_layers_and_stage_targets(doc: docx.document.Document) -> None:
    plan = design.target_stack(example().target_stack)
    layers = dict(row for row in table(doc, "Layer")[1:])
    # By hand: 1,080,000 / (24,000 x 8.4%) = 1,080,000 / 2,016 = 535.714...; wins 45.
    assert layers["Qualified opportunities needed"] == "535.71"
    assert layers["Won deals needed"] == "45"
    assert layers["Coverage of the revenue target"] == "11.9\N{MULTIPLICATION SIGN}"
    stages = table(doc, "Stage", "Conversion into stage")
    assert [(row[0], row[3]) for row in stages[1:]] == [
        (target.stage, str(target.required)) for target in plan.stages
    ]
    assert stages[1] == ["Qualified", "—", "535.71", "536", "€12,864,000.00"]
    assert (
        "Required qualified opportunities: €1,080,000.00 ÷ "
        "(€24,000.00 \N{MULTIPLICATION SIGN} 8.4%) = 535.71" in paragraphs(doc)
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
    rows = table(doc, "Stage", "Inputs 2025-Q4")
    # By hand: Qualified took 190 -> 204 records but passed on 79.8 -> 77.52.
    assert rows[2] == ["Qualified", "190", "204", "79.8", "77.5", "Constrained"]
    assert [row[5] for row in rows[1:]] == ["Flowing", "Constrained", "Flowing", "Flowing"]
    texts = paragraphs(doc)
    assert "Constrained stage: Qualified" in texts
    assert (
        "Named because its inputs rose while what it passed on did not; it converts 38% "
        "against a target floor of 45%." in texts
    )
    assert any(t.startswith("End to end: Lead rose from 1,000 to 1,200") for t in texts)


def test_forecast_rows_and_totals(doc: docx.document.Document) -> None:
    forecast = design.weighted_forecast(example())
    rows = table(doc, "Deal")
    assert len(rows) == 1 + len(forecast.deals) + 1
    by_name = {row[0]: row for row in rows[1:-1]}
    for deal in forecast.deals:
        assert by_name[deal.name][4] == formatting.money(deal.weighted, "en_GB")
    assert by_name["Øresund Buses"] == [
        "Øresund Buses",
        "Commercial",
        "€48,000.00",
        "65%",
        "€31,200.00",
        "May 2026",
    ]
    # By hand: amounts add to 294,000; weighted values add to 138,150.
    assert rows[-1] == ["10 deals", "", "€294,000.00", "", "€138,150.00", ""]
    months = table(doc, "Close month")
    assert months[1:-1] == [
        [
            design_doc.month_label(month, "en_GB"),
            str(sum(deal.expected_close == month for deal in forecast.deals)),
            formatting.money(value, "en_GB"),
        ]
        for month, value in forecast.by_month.items()
    ]
    # By hand: May = 42,000 x 45% + 48,000 x 65% + 15,000 x 65% = 18,900 + 31,200 + 9,750.
    assert months[2] == ["May 2026", "3", "€59,850.00"]
    assert months[-1] == ["Total", "10", "€138,150.00"]


def test_stage_aging_flags(doc: docx.document.Document) -> None:
    rows = table(doc, "Stage", "Open deals")
    # By hand: Discovery ages 9, 12, 15, 31; P75 = 15 + 0.25 x (31 - 15) = 19; median 13.5.
    assert rows[1] == ["Discovery", "4", "13.5", "19", "Nordkap Transport"]
    assert rows[3] == ["Commercial", "2", "18.5", "22.25", "Lusitania Couriers"]
    assert rows[4][-1] == "None"


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


def test_checks_and_charts(doc: docx.document.Document) -> None:
    assert "No inconsistencies found in the figures." in paragraphs(doc)
    assert len(doc.inline_shapes) == 3


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
    assert other.sections[0].header.paragraphs[0].text == f"{company} · Production-line design"
    assert table(other, "Moment")[1][0] == "Meeting <booked> & 'confirmed'"


def test_warnings_reach_the_checks_section(tmp_path: Path) -> None:
    line = variant(tmp_path, growth_plan__target="9000000 EUR")
    document = rendered(line, tmp_path / "out")
    texts = paragraphs(document)
    assert (
        "The three component targets add up to €8,500,000.00, which differs from the plan "
        "target by €500,000.00." in " ".join(texts)
    )
    warnings = design.growth_gaps(line).warnings
    assert warnings and warnings[0] in texts
    assert "No inconsistencies found in the figures." not in texts


def test_locale_formats_money_and_months(tmp_path: Path) -> None:
    document = rendered(variant(tmp_path, locale="de_DE"), tmp_path / "out")
    assert table(document, "Component")[-1][1] == "6.500.000,00\xa0€"
    assert table(document, "Close month")[2][0] == "Mai 2026"


def test_sparse_file_renders_placeholders(tmp_path: Path) -> None:
    """No profiles, benchmarks, previous period, pipeline or moments: every table still reads."""
    data = example_data(EXAMPLE.name)
    for key in ("benchmarks", "pipeline", "moments"):
        data.pop(key)
    data["motion"].pop("bands")
    for stage in data["funnel"]["stages"]:
        stage.pop("previous_volume")
        stage.pop("previous_conversion_to_next", None)
    document = rendered(load(write_yaml(tmp_path, data), ProductionLine), tmp_path / "out")
    assert table(document, "Profile")[1] == ["No profiles defined", "—", "—", "—"]
    assert table(document, "Lever")[1] == ["Acquisition spend per customer", "Not decided yet"]
    assert table(document, "Step")[1][0] == "No benchmarks set"
    assert [row[5] for row in table(document, "Stage", "Inputs 2025-Q4")[1:]] == ["—"] * 4
    assert table(document, "Deal")[1][0] == "No open deals"
    assert table(document, "Moment")[1][0] == "None listed yet"
    texts = paragraphs(document)
    assert "Constrained stage: None" in texts
    assert (
        "End to end: No previous period is given, so the end-to-end test cannot run yet." in texts
    )
    assert "No benchmarks are set, so no step is compared yet." in texts
    assert len(document.inline_shapes) == 3


def test_workshop_form_updates_the_line() -> None:
    """Moving a slider re-validates the value and hands later cells an updated copy."""
    import ipywidgets as w

    from kit.design.form import DesignForm

    line = example()
    form = DesignForm(line)

    def controls(node: w.Widget) -> list[w.Widget]:
        children = getattr(node, "children", ())
        return [node, *(c for child in children for c in controls(child))]

    by_label = {c.description: c for c in controls(form.widget) if getattr(c, "description", "")}
    by_label["into Discovery %"].value = 45.0
    by_label["Qualified volume"].value = 250
    assert form.line.target_stack.stages[0].conversion == Decimal("0.45")
    assert form.line.funnel.stages[1].volume == 250
    assert line.target_stack.stages[0].conversion == Decimal("0.40")
    # 45 wins / 35% / 60% / 45% = 476.19 Qualified, rounded up.
    assert design.target_stack(form.line.target_stack).stages[0].required == 477
