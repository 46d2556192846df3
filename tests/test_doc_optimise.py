"""The optimisation sprint plan as a Word document: ranked backlog, sprint, weekly indicators,
compounding revenue with totals that add up, and names that survive rendering intact."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import example_data, write_yaml

from kit import formatting
from kit.optimise import document as optimise_doc
from kit.optimise.model import Optimisation
from kit.optimise.calculations import LENSES, SPRINT_STRUCTURE, optimise
from kit.params import load

EXAMPLE = "optimisation.yaml"
DASH = "\N{EN DASH}"
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


@pytest.fixture(scope="module")
def plan() -> Optimisation:
    return load(Path(__file__).resolve().parents[1] / "examples" / EXAMPLE)


@pytest.fixture(scope="module")
def document(tmp_path_factory, plan):
    path = optimise_doc.render(plan, tmp_path_factory.mktemp("optimise"))
    assert path.name == "optimise-northwind-midmarket-q1.docx"
    return docx.Document(str(path))


def table_after(document, heading: str, skip: int = 0):
    """The table following the paragraph whose text is ``heading`` (``skip`` tables later)."""
    found = False
    for block in document.iter_inner_content():
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


def text_of(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    parts += [p.text for p in document.sections[0].header.paragraphs]
    return "\n".join(parts)


def test_sections_in_order_and_cover(document) -> None:
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS
    assert document.paragraphs[6].text == "Optimisation sprint plan"
    subtitles = [p.text for p in document.paragraphs if p.style.name == "Subtitle"]
    assert subtitles == [
        "Mid-market sales, DACH",
        "Northwind Analytics GmbH",
        f"Next sprint: B2 on MTM1, 2{DASH}22 Mar 2026",
        "23 February 2026",
    ]
    header = document.sections[0].header.paragraphs[0].text
    assert header == "Northwind Analytics GmbH · Optimisation sprint plan"


def test_moments_table_shows_today_and_ten_percent_goal(document, plan) -> None:
    table = rows(table_after(document, "2. Moments That Matter"))
    assert table[0] == ["ID", "Moment", "Stage", "Problem", "Drives", "Today", "Goal"]
    goals = optimise(plan).goals
    assert [r[6] for r in table[1:]] == [formatting.percent(g.goal, "en_GB") for g in goals]
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


def test_ranked_backlog_order_scores_and_status(document, plan) -> None:
    table = rows(table_after(document, "3. Ranked Backlog"))
    ranked = optimise(plan).ranked
    assert [r[1] for r in table[1:]] == [entry.item.id for entry in ranked]
    assert [(r[0], r[1], r[4], r[5], r[6], r[7], r[8]) for r in table[1:]] == [
        ("1", "B2", "3", "5", "1", "15.00", "This sprint"),
        ("2", "B1", "5", "4", "2", "10.00", "Ready"),
        ("3", "B3", "4", "3", "2", "6.00", "Ready"),
        ("4", "B5", "3", "4", "2", "6.00", "Ready"),
        ("5", "B4", "4", "2", "5", "1.60", "Split first"),
    ]
    texts = [p.text for p in document.paragraphs]
    assert "B5: same score as B3, which ranks higher: higher impact." in texts
    assert any(
        t.startswith("How the score works. Kit rule: score = impact x confidence") for t in texts
    )


def test_backlog_details_carry_the_five_fields(document, plan) -> None:
    table = rows(table_after(document, "Backlog items in rank order"))
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
    scales = rows(table_after(document, "Rating scales"))
    assert [r[0] for r in scales[1:]] == ["1", "2", "3", "4", "5"]
    assert scales[5][3] == "More than one sprint: split it first"


def test_sprint_facts_and_value_of_the_target(document, plan) -> None:
    facts = dict(tuple(r) for r in rows(table_after(document, "4. Sprint Plan"))[1:])
    assert facts["Lever"] == "B2 (rank 1 of 5)"
    assert facts["Dates"] == "2 March 2026 to 22 March 2026 (3 weeks)"
    assert (facts["Baseline"], facts["Target"]) == ("35%", "40%")
    # by hand: 40 / 35 - 1 = 14.2857% relative; 5 points
    assert facts["Improvement"] == "+14.29% relative, +5 percentage points"
    assert facts["10% rule"] == "Meets the 10% rule"
    worth = rows(table_after(document, "What reaching the target is worth"))
    sprint = optimise(plan).sprint
    added = sprint.revenue_if_met - plan.revenue
    assert worth[1:] == [
        ["Revenue per year today", "€2,400,000.00"],
        ["Added if MTM1 reaches 40%", "+" + formatting.money(added, "en_GB")],
        ["Revenue per year if the target is met", "€2,742,857.14"],
    ]
    assert plan.revenue + added == sprint.revenue_if_met


def test_week_by_week_and_checklist(document) -> None:
    calendar = rows(table_after(document, "Week by week"))
    assert [r[:2] for r in calendar[1:]] == [
        ["1", f"2{DASH}8 Mar 2026"],
        ["2", f"9{DASH}15 Mar 2026"],
        ["3", f"16{DASH}22 Mar 2026"],
    ]
    assert calendar[1][2].startswith("Masterclass")
    checklist = rows(table_after(document, "Sprint checklist"))
    expected = [(phase, step) for phase, steps in SPRINT_STRUCTURE.items() for step in steps]
    assert [(r[0], r[1]) for r in checklist[1:]] == expected
    assert {r[2] for r in checklist[1:]} == {"☐"}


def test_weekly_indicator_table(document, plan) -> None:
    summary = rows(table_after(document, "5. Weekly Leading Indicators"))
    assert summary[1:] == [
        ["Inbound requests answered within two working hours", "%", "90%"],
        ["First meetings booked from inbound requests", "meetings", "22 meetings"],
    ]
    weekly = rows(table_after(document, "5. Weekly Leading Indicators", skip=1))
    assert weekly[0] == ["Week", "Dates", "Indicator", "Target", "Actual"]
    weeks = optimise(plan).sprint.weeks
    assert len(weekly) - 1 == len(weeks) * len(plan.sprint.indicators)
    assert [(r[0], r[3], r[4]) for r in weekly[1:]] == [
        ("1", "60%", ""),
        ("1", "18 meetings", ""),
        ("2", "75%", ""),
        ("2", "20 meetings", ""),
        ("3", "90%", ""),
        ("3", "22 meetings", ""),
    ]


def test_compounding_table_and_bridge_add_up(document, plan) -> None:
    table = rows(table_after(document, "6. Compounding Effect on Revenue"))
    assert table[0][3] == "Revenue per year"
    compounding = optimise(plan).compounding
    assert [r[3] for r in table[1:]] == [formatting.money(c.revenue, "en_GB") for c in compounding]
    # by hand: 1.1^3 = 1.331, 2.4M x 1.331 = 3,194,400; 1.1^4 = 1.4641
    assert table[4] == ["3", f"{TIMES}1.331", "+33.1%", "€3,194,400.00", "+€794,400.00"]
    assert table[5][:3] == ["4", f"{TIMES}1.4641", "+46.41%"]
    bridge = rows(table_after(document, "One moment after another"))
    steps = bridge[2:-1]
    added = [Decimal(r[1].lstrip("+€").replace(",", "")) for r in steps]
    assert added == [Decimal("240000"), Decimal("264000"), Decimal("290400"), Decimal("319440")]
    assert bridge[-1] == ["All 4 moments improved", "+€1,113,840.00", "€3,513,840.00"]
    assert plan.revenue.amount + sum(added) == compounding[-1].revenue.amount
    assert bridge[1] == ["Revenue per year today", "—", "€2,400,000.00"]


def test_summary_states_sprint_and_compounding(document) -> None:
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert (
        "Target: 35% to 40% conversion, +14.29% relative (+5 percentage points); meets the "
        "10% rule." in bullets
    )
    assert (
        "If all 4 Moments That Matter each improve by 10%, revenue compounds to €3,513,840.00 "
        "(+46.41%), more than the +40% the gains add up to." in bullets
    )
    assert "4 of 5 backlog items fit in one sprint; split B4 before sprinting on it." in bullets


def test_lenses_listed_for_the_review(document) -> None:
    table = rows(table_after(document, "7. Before a Change Becomes the Standard"))
    assert [(r[0], r[1], r[2]) for r in table[1:]] == [
        (lens.name, lens.question, "") for lens in LENSES
    ]


def test_both_charts_embedded(document) -> None:
    assert len(document.inline_shapes) == 2


def test_special_characters_and_capped_goal(tmp_path) -> None:
    data = example_data(EXAMPLE)
    data["company"] = 'Müller & Søn <GmbH> "Nord"'
    data["team"] = "Vertrieb Ost · 東京 & Co"
    data["moments"][3]["conversion"] = "95%"
    data["backlog"][1]["owner"] = "Zoë O'Brien <zoe@example.com>"
    data["locale"] = "de_DE"
    plan = load(write_yaml(tmp_path, data))
    document = docx.Document(str(optimise_doc.render(plan, tmp_path / "out")))
    text = text_of(document)
    assert 'Müller & Søn <GmbH> "Nord" · Optimisation sprint plan' in text
    assert "Vertrieb Ost · 東京 & Co" in text
    assert "Zoë O'Brien <zoe@example.com>" in text
    moments = rows(table_after(document, "2. Moments That Matter"))
    assert moments[4][5:] == ["95%", "100% (capped)"]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert any(b.startswith("MTM4 converts 95% today") and "upper bound" in b for b in bullets)
    worth = rows(table_after(document, "What reaching the target is worth"))
    assert worth[-1][1] == "2.742.857,14\xa0€"
