"""The optimisation sprint plan as a Word document: ranked backlog, sprint, weekly indicators,
compounding revenue with totals that add up, and names that survive rendering intact."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import example_data, example_path, write_yaml

from kit import document, formatting, registry
from kit.document import LOGO_WIDTH_MM, Chart
from kit.optimise import document as optimise_doc
from kit.optimise.calculations import LENSES, SPRINT_STRUCTURE, analyse
from kit.optimise.model import Optimisation
from kit.params import load

EXAMPLE = "optimisation.yaml"
TIMES = "\N{MULTIPLICATION SIGN}"
SECTIONS = [
    "1. Summary",
    "2. Moments That Matter",
    "3. Ranked Backlog",
    "4. Sprint Plan",
    "5. Weekly Leading Indicators",
    "6. Compounding Effect on Revenue",
    "7. Before a Change Becomes the Standard",
]


def render(plan: Optimisation, out: Path) -> Path:
    """The sprint plan as a run writes it: one analysis, then the document from it."""
    [path] = document.write(registry.get("optimise"), analyse(plan), out).files
    return path


def span(first: dt.date, last: dt.date, locale: str = "en_GB") -> str:
    """Two dates as the kit writes a range, whatever dash and spacing Babel chooses."""
    return formatting.date_range(first, last, locale)


@pytest.fixture(scope="module")
def plan() -> Optimisation:
    return load(example_path(EXAMPLE))


@pytest.fixture(scope="module")
def doc(tmp_path_factory, plan):
    path = render(plan, tmp_path_factory.mktemp("optimise"))
    assert path.name == "optimise-northwind-midmarket-q1.docx"
    return docx.Document(str(path))


def table_after(doc, heading: str, skip: int = 0):
    """The table following the paragraph whose text is ``heading`` (``skip`` tables later)."""
    found = False
    for block in doc.iter_inner_content():
        if isinstance(block, docx.table.Table):
            if found:
                if not skip:
                    return block
                skip -= 1
        elif block.text.strip() == heading:
            found = True
    raise AssertionError(f"no table after {heading!r}")


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def text_of(doc) -> str:
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    parts += [p.text for p in doc.sections[0].header.paragraphs]
    return "\n".join(parts)


def test_registered_as_the_teams_own_workbook() -> None:
    playbook = registry.get("optimise")
    [spec] = playbook.documents
    assert (spec.template, spec.audience, spec.suffix) == ("optimise.docx", "internal", "")
    assert playbook.gate is None


def test_sections_in_order_and_cover(doc) -> None:
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == ["Optimisation sprint plan"]
    subtitles = [p.text for p in doc.paragraphs if p.style.name == "Subtitle"]
    assert subtitles == [
        "Mid-market sales, DACH",
        "Northwind Analytics GmbH",
        f"Next sprint: B2 on MTM1, {span(dt.date(2026, 3, 2), dt.date(2026, 3, 22))}",
        "23 February 2026",
        "Planning workbook for Mid-market sales, DACH at Northwind Analytics GmbH; not for "
        "customers.",
    ]
    section = doc.sections[0]
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text.startswith("INTERNAL")
    assert section.header.paragraphs[-1].text == (
        "Northwind Analytics GmbH · Optimisation sprint plan"
    )


def test_money_in_whole_units_and_percentages_to_one_decimal(doc) -> None:
    """Revenue is a plan figure: cents would say nothing; percentages share one precision."""
    text = text_of(doc)
    assert re.findall(r"€[\d,]+\.\d\d", text) == []
    assert re.findall(r"\d\.\d\d+%", text) == []


def test_moments_table_shows_today_and_ten_percent_goal(doc, plan) -> None:
    table = rows(table_after(doc, "2. Moments That Matter"))
    assert table[0] == ["ID", "Moment", "Stage", "Problem", "Drives", "Today", "Goal"]
    goals = analyse(plan).goals
    assert [r[6] for r in table[1:]] == [
        formatting.percent(g.goal, "en_GB", places=1) for g in goals
    ]
    # by hand: 35% x 1.1 = 38.5%, 40% -> 44%, 25% -> 27.5%, 70% -> 77%
    assert [r[5:] for r in table[1:]] == [
        ["35%", "38.5%"],
        ["40%", "44%"],
        ["25%", "27.5%"],
        ["70%", "77%"],
    ]
    assert table[1][1] == "Inbound request to first meeting (this sprint)"
    assert table[2][2] == "Discovery → Proposal"
    assert table[4][3:5] == ["Time", "Retention"]


def test_ranked_backlog_order_scores_and_status(doc, plan) -> None:
    table = rows(table_after(doc, "3. Ranked Backlog"))
    ranked = analyse(plan).ranked
    assert [r[1] for r in table[1:]] == [entry.item.id for entry in ranked]
    assert [(r[0], r[1], r[4], r[5], r[6], r[7], r[8]) for r in table[1:]] == [
        ("1", "B2", "3", "5", "1", "15.00", "This sprint"),
        ("2", "B1", "5", "4", "2", "10.00", "Ready"),
        ("3", "B3", "4", "3", "2", "6.00", "Ready"),
        ("4", "B5", "3", "4", "2", "6.00", "Ready"),
        ("5", "B4", "4", "2", "5", "1.60", "Split first"),
    ]
    texts = [p.text for p in doc.paragraphs]
    assert "B5: same score as B3, which ranks higher: higher impact." in texts
    assert any(
        t.startswith("How the score works. Kit rule: score = impact x confidence") for t in texts
    )


def test_backlog_details_carry_the_five_fields(doc, plan) -> None:
    table = rows(table_after(doc, "Backlog items in rank order"))
    assert table[0] == ["Item", "Moment", "Gap today", "Change required", "Owner"]
    first = plan.backlog[1]  # B2 ranks first
    assert table[1] == [
        "B2",
        "MTM1 Inbound request to first meeting",
        first.gap,
        first.change,
        "Jonas Berg (sales operations)",
    ]
    assert table[-1][0] == "B4"
    scales = rows(table_after(doc, "Rating scales"))
    assert [r[0] for r in scales[1:]] == ["1", "2", "3", "4", "5"]
    assert scales[5][3] == "More than one sprint: split it first"


def test_sprint_facts_and_value_of_the_target(doc, plan) -> None:
    facts = dict(tuple(r) for r in rows(table_after(doc, "4. Sprint Plan"))[1:])
    assert facts["Lever"] == "B2 (rank 1 of 5)"
    assert facts["Dates"] == "2 March 2026 to 22 March 2026 (3 weeks)"
    assert (facts["Baseline"], facts["Target"]) == ("35%", "40%")
    # by hand: 40 / 35 - 1 = 14.2857% relative; 5 points
    assert facts["Improvement"] == "+14.3% relative, +5 percentage points"
    assert facts["10% rule"] == "Meets the 10% rule"
    worth = rows(table_after(doc, "What reaching the target is worth"))
    # by hand: 2,400,000 x 40 / 35 = 2,742,857.14, printed whole; the rows add up as printed.
    assert worth[1:] == [
        ["Revenue per year today", "€2,400,000"],
        ["Added if MTM1 reaches 40%", "+€342,857"],
        ["Revenue per year if the target is met", "€2,742,857"],
    ]
    assert analyse(plan).sprint.revenue_if_met.amount == Decimal("2742857.14")


def test_week_by_week_and_checklist(doc) -> None:
    calendar = rows(table_after(doc, "Week by week"))
    assert [r[:2] for r in calendar[1:]] == [
        ["1", span(dt.date(2026, 3, 2), dt.date(2026, 3, 8))],
        ["2", span(dt.date(2026, 3, 9), dt.date(2026, 3, 15))],
        ["3", span(dt.date(2026, 3, 16), dt.date(2026, 3, 22))],
    ]
    assert calendar[1][2].startswith("Masterclass")
    checklist = rows(table_after(doc, "Sprint checklist"))
    expected = [(phase, step) for phase, steps in SPRINT_STRUCTURE.items() for step in steps]
    assert [(r[0], r[1]) for r in checklist[1:]] == expected
    assert {r[2] for r in checklist[1:]} == {"☐"}


def test_weekly_indicator_table(doc, plan) -> None:
    summary = rows(table_after(doc, "5. Weekly Leading Indicators"))
    assert summary[1:] == [
        ["Inbound requests answered within two working hours", "%", "90%"],
        ["First meetings booked from inbound requests", "meetings", "22 meetings"],
    ]
    weekly = rows(table_after(doc, "5. Weekly Leading Indicators", skip=1))
    assert weekly[0] == ["Week", "Dates", "Indicator", "Target", "Actual"]
    weeks = analyse(plan).sprint.weeks
    assert len(weekly) - 1 == len(weeks) * len(plan.sprint.indicators)
    assert [(r[0], r[3], r[4]) for r in weekly[1:]] == [
        ("1", "60%", ""),
        ("1", "18 meetings", ""),
        ("2", "75%", ""),
        ("2", "20 meetings", ""),
        ("3", "90%", ""),
        ("3", "22 meetings", ""),
    ]


def test_compounding_table_and_bridge_add_up(doc, plan) -> None:
    table = rows(table_after(doc, "6. Compounding Effect on Revenue"))
    assert table[0][3] == "Revenue per year"
    compounding = analyse(plan).compounding
    assert [r[3] for r in table[1:]] == [
        formatting.whole_money(c.revenue, "en_GB") for c in compounding
    ]
    # by hand: 1.1^3 = 1.331, 2.4M x 1.331 = 3,194,400; 1.1^4 = 1.4641
    assert table[4] == ["3", f"{TIMES}1.331", "+33.1%", "€3,194,400", "+€794,400"]
    assert table[5][:3] == ["4", f"{TIMES}1.4641", "+46.4%"]
    bridge = rows(table_after(doc, "One moment after another"))
    steps = bridge[2:-1]
    added = [Decimal(r[1].lstrip("+€").replace(",", "")) for r in steps]
    assert added == [Decimal("240000"), Decimal("264000"), Decimal("290400"), Decimal("319440")]
    assert bridge[-1] == ["All 4 moments improved", "+€1,113,840", "€3,513,840"]
    assert plan.revenue.amount + sum(added) == compounding[-1].revenue.amount
    assert bridge[1] == ["Revenue per year today", "—", "€2,400,000"]


def test_the_bridge_adds_up_as_printed_when_figures_have_cents(tmp_path) -> None:
    """Each step is the difference of two rounded figures, so the column sums to its total."""
    data = example_data(EXAMPLE)
    data["revenue"] = "1000003 EUR"
    plan = load(write_yaml(tmp_path, data))
    doc = docx.Document(str(render(plan, tmp_path / "out")))
    bridge = rows(table_after(doc, "One moment after another"))

    def amount(text: str) -> int:
        return int(text.lstrip("+€").replace(",", ""))

    steps = [amount(r[1]) for r in bridge[2:-1]]
    assert amount(bridge[1][2]) + sum(steps) == amount(bridge[-1][2])
    assert sum(steps) == amount(bridge[-1][1])


def test_summary_states_sprint_and_compounding(doc) -> None:
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert (
        "Target: 35% to 40% conversion, +14.3% relative (+5 percentage points); meets the "
        "10% rule." in bullets
    )
    assert (
        "If all 4 Moments That Matter each improve by 10%, revenue compounds to €3,513,840 "
        "(+46.4%), more than the +40% the gains add up to." in bullets
    )
    assert (
        "If the sprint hits its target, revenue per year moves from €2,400,000 to €2,742,857."
        in bullets
    )
    assert "4 of 5 backlog items fit in one sprint; split B4 before sprinting on it." in bullets


def test_lenses_listed_for_the_review(doc) -> None:
    table = rows(table_after(doc, "7. Before a Change Becomes the Standard"))
    assert [(r[0], r[1], r[2]) for r in table[1:]] == [
        (lens.name, lens.question, "") for lens in LENSES
    ]


def test_both_charts_embedded_at_their_drawn_size_and_no_logo(doc, plan) -> None:
    a = analyse(plan)
    pngs = [
        optimise_doc.goals_chart(a.goals, a.sprint.moment.id, plan.locale),
        optimise_doc.compounding_chart(a.compounding, plan.locale),
    ]
    assert [shape.width for shape in doc.inline_shapes] == [
        docx.shared.Mm(Chart(png, None).placed_width_mm) for png in pngs
    ]


def test_a_logo_goes_on_the_cover(tmp_path) -> None:
    data = example_data(EXAMPLE)
    data["logo"] = str(example_path("fleetwise-logo.png"))
    doc = docx.Document(str(render(load(write_yaml(tmp_path, data)), tmp_path / "out")))
    assert len(doc.inline_shapes) == 3
    assert doc.inline_shapes[0].width == docx.shared.Mm(LOGO_WIDTH_MM)


def test_equal_scores_are_left_out_when_no_two_items_tie(tmp_path) -> None:
    data = example_data(EXAMPLE)
    data["backlog"][4]["impact"] = 2  # B5 scores 4.00 and no longer ties with B3
    doc = docx.Document(str(render(load(write_yaml(tmp_path, data)), tmp_path / "out")))
    text = text_of(doc)
    assert "Equal scores" not in text and "No two items share a score." not in text


def test_special_characters_and_capped_goal(tmp_path) -> None:
    data = example_data(EXAMPLE)
    data["company"] = 'Müller & Søn <GmbH> "Nord"'
    data["team"] = "Vertrieb Ost · 東京 & Co"
    data["moments"][3]["conversion"] = "95%"
    data["backlog"][1]["owner"] = "Zoë O'Brien <zoe@example.com>"
    data["locale"] = "de_DE"
    plan = load(write_yaml(tmp_path, data))
    doc = docx.Document(str(render(plan, tmp_path / "out")))
    text = text_of(doc)
    assert 'Müller & Søn <GmbH> "Nord" · Optimisation sprint plan' in text
    assert "Vertrieb Ost · 東京 & Co" in text
    assert "Zoë O'Brien <zoe@example.com>" in text
    moments = rows(table_after(doc, "2. Moments That Matter"))
    assert moments[4][5:] == ["95%", "100% (capped)"]
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert any(b.startswith("MTM4 converts 95% today") and "upper bound" in b for b in bullets)
    worth = rows(table_after(doc, "What reaching the target is worth"))
    assert worth[-1][1] == "2.742.857\xa0€"


def test_date_ranges_follow_the_locale(tmp_path) -> None:
    """Babel decides the dash and spacing; the month is named once when both dates share it."""
    assert span(dt.date(2026, 3, 2), dt.date(2026, 3, 8)).startswith("2")
    assert span(dt.date(2026, 3, 2), dt.date(2026, 3, 8)).endswith("8 Mar 2026")
    assert span(dt.date(2026, 3, 30), dt.date(2026, 4, 5)).count("2026") == 1
    data = example_data(EXAMPLE)
    data["locale"] = "de_DE"
    german = docx.Document(str(render(load(write_yaml(tmp_path, data)), tmp_path / "out")))
    calendar = rows(table_after(german, "Week by week"))
    assert calendar[1][1] == span(dt.date(2026, 3, 2), dt.date(2026, 3, 8), "de_DE")
    assert calendar[1][1].endswith("8. März 2026")


def test_the_sprint_plan_draws_each_chart_once_for_notebook_and_document(plan) -> None:
    a = analyse(plan)
    content = optimise_doc.workbook(a)
    goals = optimise_doc.goals_chart(a.goals, a.sprint.moment.id, plan.locale)
    assert content.charts["goals_chart"].png is goals
    compounding = optimise_doc.compounding_chart(a.compounding, plan.locale)
    assert content.charts["compounding_chart"].png is compounding
    assert content.properties.subject == (
        "Sprint on B2 for Mid-market sales, DACH, for the team's own planning"
    )
    assert content.properties.author == "Northwind Analytics GmbH"
