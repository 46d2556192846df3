"""The readiness report: rendered from the bundled example and read back with python-docx.

Figures in the tables are recomputed with :mod:`kit.readiness.calculations`; a few are also
written out as literals worked by hand, so a change in the calculation and the document together
is caught.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import matplotlib.text
import pytest
from conftest import example_data, write_yaml
from docx import Document
from docx.document import Document as DocxDocument
from docx.shared import Mm
from docx.table import Table

from kit import document, registry
from kit.document import LOGO_WIDTH_MM, Chart
from kit.params import load
from kit.readiness import document as readiness_doc
from kit.readiness.calculations import analyse, recommended_hires
from kit.readiness.charts import months_label
from kit.readiness.model import Readiness

PLAYBOOK = registry.get("readiness")
EXAMPLE = PLAYBOOK.example


def render(params: Readiness, out: Path) -> Path:
    """The report as a run writes it: one analysis, then the document from it."""
    [path] = document.write(PLAYBOOK, analyse(params), out).files
    return path


@pytest.fixture(scope="module")
def example() -> Readiness:
    return load(EXAMPLE, Readiness)


@pytest.fixture(scope="module")
def rendered(example: Readiness, tmp_path_factory: pytest.TempPathFactory) -> DocxDocument:
    path = render(example, tmp_path_factory.mktemp("readiness"))
    assert path.name == "readiness-fleetwise-bus-operators.docx"
    return Document(str(path))


def variant(tmp_path: Path, change) -> Readiness:
    """The example with ``change`` applied to its YAML mapping, loaded as a user's file would be."""
    data: dict[str, Any] = example_data(EXAMPLE.name)
    change(data)
    return load(write_yaml(tmp_path, data), Readiness)


def table(doc: DocxDocument, *headers: str) -> list[list[str]]:
    """The rows of the one table whose header row starts with ``headers``."""
    found: list[Table] = [
        t for t in doc.tables if [c.text for c in t.rows[0].cells[: len(headers)]] == [*headers]
    ]
    assert len(found) == 1, f"expected one table headed {headers}, found {len(found)}"
    return [[cell.text for cell in row.cells] for row in found[0].rows[1:]]


def text(doc: DocxDocument) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def everything(doc: DocxDocument) -> str:
    """Every paragraph and table cell, for checks that hold across the whole report."""
    cells = [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    return "\n".join([text(doc), *cells])


def test_sections_are_numbered_headings_in_order(rendered: DocxDocument) -> None:
    headings = [p.text for p in rendered.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "1. Verdict",
        "2. Product-Market Fit",
        "3. Go-to-Market Fit",
        "4. Sales Capacity against Demand",
        "5. How Fast to Add Sellers",
        "6. How the Kit Reads the Evidence",
    ]


def test_registered_as_the_teams_own_workbook() -> None:
    [spec] = PLAYBOOK.documents
    assert (spec.template, spec.audience, spec.suffix) == ("readiness.docx", "internal", "")
    assert PLAYBOOK.gate is None


def test_header_is_stamped_internal_and_names_product_and_title(rendered: DocxDocument) -> None:
    section = rendered.sections[0]
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text.startswith("INTERNAL")
    assert section.header.paragraphs[-1].text == (
        "Fleetwise maintenance planner · Fleetwise — ready to scale with bus operators?"
    )


def test_cover_names_the_company_and_says_it_is_for_the_team(rendered: DocxDocument) -> None:
    body = text(rendered)
    assert "Readiness report, 30 June 2025" in body
    assert "Planning workbook for the team at Fleetwise Analytics B.V.; not for customers." in body
    logo = rendered.inline_shapes[0]
    assert logo.width == Mm(LOGO_WIDTH_MM)


def test_money_in_whole_units_and_percentages_to_one_decimal(rendered: DocxDocument) -> None:
    """Every amount here is a plan figure (ACV, CAC, ARR, bookings): cents would say nothing."""
    body = everything(rendered)
    assert re.findall(r"€[\d,]+\.\d\d", body) == []
    assert re.findall(r"\d\.\d\d+%", body) == []


def test_verdict_names_the_phase_and_each_fit(rendered: DocxDocument, example: Readiness) -> None:
    a = analyse(example)
    assert a.phase == "growth_and_moat"
    body = text(rendered)
    assert "We are in the Growth and Moat phase and ready to scale." in body
    # Nothing blocks and nothing warns: those lists are left out, not printed as "none".
    level_two = [p.text for p in rendered.paragraphs if p.style.name == "Heading 2"]
    assert "What stands in the way" not in level_two and "Warnings" not in level_two
    assert "Nothing blocks scaling" not in body and "No warnings." not in body
    assert body.count(a.pace) == 1
    rows = table(rendered, "Phase", "What it takes", "Result")
    assert [(r[0], r[2]) for r in rows] == [
        ("1. Product-Market Fit", "Holds"),
        ("2. Go-to-Market Fit", "Holds"),
        ("3. Growth and Moat", "Current phase: scale"),
    ]
    assert rows[0][1].startswith("Each of the latest 3 cohorts reaches 70% on the event")


def test_cohort_table_matches_the_calculation(rendered: DocxDocument, example: Readiness) -> None:
    pmf = analyse(example).pmf
    rows = table(rendered, "Cohort", "Customers")
    assert [r[0] for r in rows[:-1]] == [c.name for c in pmf.cohorts]
    assert [r[4] for r in rows[:-1]] == [
        "Reaches P" if c.passed else "Below P" for c in pmf.cohorts
    ]
    assert [r[5] for r in rows[:-1]] == ["—", "—", "—", "Yes", "Yes", "Yes"]
    # 2025-06: 5 of 7 customers = 71.43 %, at least P = 70 %; printed to one decimal.
    assert rows[5][:5] == ["2025-06", "7", "5", "71.4%", "Reaches P"]
    assert [r[3] for r in rows[:-1]] == ["50%", "66.7%", "60%", "83.3%", "80%", "71.4%"]
    # Totals: 4+3+5+6+5+7 = 30 customers, 2+2+3+5+4+5 = 21 reaching; 21/30 = 70 %, exactly P.
    assert rows[-1] == ["All cohorts", "30", "21", "70%", "Reaches P", "No"]
    body = text(rendered)
    assert "92% against a goal of above 90%: confirms the leading indicator." in body
    assert "Product-market fit holds: cohorts 2025-04 to 2025-06 all reach 70%." in body


def test_leading_indicator_and_event_checks(rendered: DocxDocument) -> None:
    definition = dict(table(rendered, "Part of the indicator", "Our definition"))
    assert definition["P, the share of customers required"] == "70%"
    assert definition["E, the event"] == (
        "The operator's workshop closes at least 20 work orders in Fleetwise"
    )
    assert definition["T, the period"] == "every month"
    checks = table(rendered, "Quality", "What it asks", "Confirmed")
    assert [(r[0], r[2]) for r in checks] == [
        ("Objective", "Yes"),
        ("Instrumentable", "Yes"),
        ("Aligned", "Yes"),
        ("Correlated", "Yes"),
    ]


def test_formulas_are_stated_with_their_goals(rendered: DocxDocument) -> None:
    rows = table(rendered, "Goal", "Formula", "Target", "Decides")
    assert rows[1] == [
        "CAC payback (months)",
        "CAC ÷ (ACV \N{MULTIPLICATION SIGN} gross margin ÷ 12)",
        "under 12",
        "Yes",
    ]
    assert rows[0][0] == "LTV/CAC" and rows[0][2:] == ["above 3", "Reported"]
    assert rows[2][0] == "Magic Number" and rows[2][2:] == ["above 1", "Reported"]
    assert "quarter before" in rows[2][1]


def test_channel_goals_and_verdicts(rendered: DocxDocument, example: Readiness) -> None:
    gtm = analyse(example).gtm
    rows = table(rendered, "Channel", "LTV/CAC")
    assert [r[0] for r in rows[:-1]] == [e.name for e in gtm.channels]
    # Inbound: 9000 / (14400 x 0.8 / 12 = 960) = 9.375 months; LTV 14400 x 0.8 / 0.10 = 115200,
    # 115200 / 9000 = 12.8; Magic Number 129600 / 96000 = 1.35.
    assert rows[0][1:] == ["12.8 (met)", "9.38 (met)", "1.35 (met)", "Proven"]
    # Outbound: 26000 / (24000 x 0.8 / 12 = 1600) = 16.25 months; 96000 / 110000 = 0.87.
    assert rows[1][2:] == ["16.25 (missed)", "0.87 (missed)", "Misses CAC payback"]
    assert rows[2][-1] == "Unscalable"
    assert rows[-1][0] == "All channels, blended"
    assert rows[-1][-1] == "Shown only"
    assert "Go-to-market fit holds: proven by Webinars and maintenance guides." in text(rendered)


def test_channel_inputs_with_weighted_totals(rendered: DocxDocument) -> None:
    rows = table(rendered, "Channel (medium)", "Won")
    assert rows[0] == [
        "Webinars and maintenance guides (inbound)",
        "9",
        "€14,400",
        "€9,000",
        "80%",
        "€115,200 *",
    ]
    # 9 + 4 + 3 customers; CAC weighted (9x9000 + 4x26000 + 3x2000) / 16 = 11937.50.
    assert rows[-1][:4] == ["All channels, weighted", "16", "€16,350", "€11,938"]


def test_magic_number_inputs_add_up(rendered: DocxDocument) -> None:
    rows = table(rendered, "Channel", "New ARR in the quarter")
    assert [r[3] for r in rows[:-1]] == ["1.35", "0.87", "6"]
    # 129600 + 96000 + 36000 = 261600 over 96000 + 110000 + 6000 = 212000 -> 1.2339...
    assert rows[-1] == ["All channels", "€261,600", "€212,000", "1.23"]


def test_capacity_table_flags_the_months_out_of_balance(
    rendered: DocxDocument, example: Readiness
) -> None:
    plans = analyse(example).plans
    rows = table(rendered, "Month", "Demand", "Paced hires")
    months, total = rows[:-1], rows[-1]
    assert [r[0] for r in months] == [m.month for m in example.hiring.months]
    paced_flagged = [r[0] for r in months if r[4] == "Sales ahead"]
    lump_flagged = [r[0] for r in months if r[7] == "Sales ahead"]
    assert paced_flagged == plans.paced.sales_excess_months == ["2025-08", "2025-12"]
    assert lump_flagged == plans.front_loaded.sales_excess_months
    # July: 2 ramped sellers + 1 new at 1/3 load = 2.33 x 10 = 23.33 against demand 22.
    assert months[0] == ["2025-07", "22", "1", "23.33", "Balanced", "4", "33.33", "Sales ahead"]
    assert total == [
        "Total",
        "494",
        "6",
        "600",
        "2 months flagged",
        "6",
        "880",
        "11 months flagged",
    ]
    body = text(rendered)
    assert "Paced plan: sales ahead of demand in 2025-08, 2025-12." in body
    assert "The paced plan is the better of the two: 2 months out of balance against 11" in body
    assert (
        "A ramped seller works 10 qualified opportunities a month and a new seller takes "
        "3 months to get there, starting in the month of hire. The plan starts with "
        "2 ramped sellers." in body
    )


def test_plan_comparison(rendered: DocxDocument, example: Readiness) -> None:
    a = analyse(example)
    rows = {r[0]: r[1:] for r in table(rendered, "Measure", "Paced")}
    assert rows["Sellers hired"] == ["6", "6", str(a.recommended.total_hires)]
    # Seller salaries: the front-loaded team is 8 strong from August, 6 + 8 x 11 = 94 months.
    assert rows["Seller-months paid"] == ["66", "94", str(a.recommended.seller_months)]
    assert rows["Months sales ahead"] == ["2", "11", "0"]
    assert rows["Hires in the first 3 months"] == ["2", "6", "2"]


def test_recommended_pace_table(rendered: DocxDocument, example: Readiness) -> None:
    schedule = recommended_hires(example.hiring)
    rows = table(rendered, "Month", "Hires", "Sellers")
    assert [int(r[1]) for r in rows[:-1]] == schedule == [0, 0, 2, 0, 0, 0, 2, 0, 1, 0, 1, 0]
    assert all(r[5] == "Balanced" for r in rows[:-1])
    # Bookings capacity: 15000 a month per ramped seller; the sellers ramp to 56 seller-months.
    assert rows[-1] == ["Total", "6", "", "560", "494", "None flagged", "€840,000"]


def test_charts_are_embedded_at_their_drawn_size(
    rendered: DocxDocument, example: Readiness
) -> None:
    a = analyse(example)
    _logo, *charts = rendered.inline_shapes
    pngs = [
        readiness_doc.cohort_chart(a.pmf, "en_GB"),
        readiness_doc.payback_chart(a.gtm.channels, "en_GB"),
        readiness_doc.capacity_chart(a.compared, example.hiring.tolerance),
    ]
    assert [shape.width for shape in charts] == [
        Mm(Chart(png, None).placed_width_mm) for png in pngs
    ]


def test_payback_reads_the_same_in_table_and_chart(example: Readiness) -> None:
    """The table printed 16.25 beside a chart label of 16.2; both now round the same way."""
    a = analyse(example)
    outbound = a.gtm.channels[1]
    assert months_label(outbound.payback_months, "en_GB") == "16.25"
    figure = readiness_doc.payback_chart.__wrapped__(a.gtm.channels, "en_GB")
    labels = {t.get_text() for t in figure.findobj(matplotlib.text.Text)}
    assert {"9.38", "16.25", "2.5"} <= labels


def test_not_ready_when_recent_cohorts_miss_p(tmp_path: Path) -> None:
    def stricter(data: dict[str, Any]) -> None:
        data["product_market_fit"]["required_share"] = "85%"

    params = variant(tmp_path, stricter)
    doc = Document(str(render(params, tmp_path)))
    body = text(doc)
    assert "We are in the Product-Market Fit phase and not ready to scale yet." in body
    assert "Cohort 2025-06: 71.4% of customers reach the event, below the 85% required." in body
    assert "P is 85%; most companies set it between 60% and 80%" in body
    level_two = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert {"What stands in the way", "Warnings"} <= set(level_two)
    phases = table(doc, "Phase", "What it takes", "Result")
    assert [r[2] for r in phases] == [
        "Not yet: current phase",
        "Waits for product-market fit",
        "Not reached",
    ]
    pace = table(doc, "Month", "Hires", "Sellers")
    assert {r[1] for r in pace[:-1]} == {"0"}
    assert pace[-1][1] == "0"


def test_special_characters_survive(tmp_path: Path) -> None:
    def awkward(data: dict[str, Any]) -> None:
        data["product"] = 'Fleet & Bus <Planner> "Pro"'
        data["unit_economics"]["channels"][0]["name"] = "Ärzte & Söhne <Москва> 'webinars'"

    params = variant(tmp_path, awkward)
    doc = Document(str(render(params, tmp_path)))
    header = doc.sections[0].header.paragraphs[-1].text
    assert header.startswith('Fleet & Bus <Planner> "Pro" · ')
    rows = table(doc, "Channel", "LTV/CAC")
    assert rows[0][0] == "Ärzte & Söhne <Москва> 'webinars'"
    assert rows[0][-1] == "Proven"


def test_german_locale_formats_money_and_numbers(tmp_path: Path) -> None:
    def german(data: dict[str, Any]) -> None:
        data["locale"] = "de_DE"

    doc = Document(str(render(variant(tmp_path, german), tmp_path)))
    rows = table(doc, "Channel", "New ARR in the quarter")
    assert rows[-1][1:] == ["261.600\xa0€", "212.000\xa0€", "1,23"]
    assert "30. Juni 2025" in "\n".join(p.text for p in doc.paragraphs)


def test_the_report_draws_each_chart_once_for_notebook_and_document(example: Readiness) -> None:
    a = analyse(example)
    content = readiness_doc.workbook(a)
    assert content.charts["cohort_chart"].png is readiness_doc.cohort_chart(a.pmf, "en_GB")
    capacity = readiness_doc.capacity_chart(a.compared, example.hiring.tolerance)
    assert content.charts["capacity_chart"].png is capacity
    assert content.properties.subject == (
        "Readiness to scale: Fleetwise maintenance planner in Regional bus and coach "
        "operators, 40-400 vehicles, UK and Ireland, for the team's own planning"
    )
    assert content.properties.author == "Fleetwise Analytics B.V."


def test_without_a_company_the_product_team_is_named(tmp_path: Path) -> None:
    def anonymous(data: dict[str, Any]) -> None:
        data.pop("company")
        data.pop("logo")

    params = variant(tmp_path, anonymous)
    content = readiness_doc.workbook(analyse(params))
    assert content.properties.author == "Fleetwise maintenance planner"
    assert content.context["doc"]["audience"] == (
        "Planning workbook for the Fleetwise maintenance planner team; not for customers."
    )
    assert content.context["logo"] == "" and "logo" not in content.charts
