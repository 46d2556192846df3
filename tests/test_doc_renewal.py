"""The renewal pack as a Word document: evidence, gaps, expansion, add-on ROI, options."""

from __future__ import annotations

from decimal import Decimal

import docx
import pytest
from conftest import example_data, example_path, write_yaml

from kit import formatting
from kit.renewal import document as renewal_doc
from kit.models.account import Account
from kit.params import load
from kit.renewal.calculations import (
    FINAL_WEEK_CHECKLIST,
    addon_roi,
    compare_options,
    expansion_opportunities,
    gap_rows,
    performance_rows,
)
from kit.value_review.calculations import STATUS_LABELS

EXAMPLE = "account-review.yaml"
CUSTOMER = 'Harbour & Finch "Northline" Logistics Ltd'
SECTIONS = [
    "1. Where We Stand",
    "2. What You Bought and What It Delivered",
    "3. Closing the Gaps",
    "4. Usage and Room to Grow",
    "5. Add-ons: Return and Payback",
    "6. Renewal Options",
    "7. Running the Renewal Meeting",
    "8. Final-Week Checklist",
]
MINUS = "\N{MINUS SIGN}"
TIMES = "\N{MULTIPLICATION SIGN}"


@pytest.fixture(scope="module")
def account() -> Account:
    return load(example_path(EXAMPLE))


@pytest.fixture(scope="module")
def document(tmp_path_factory, account):
    return docx.Document(str(renewal_doc.render(account, tmp_path_factory.mktemp("renewal"))))


def tables_after(document, heading: str, count: int = 1) -> list:
    """The first ``count`` tables after the paragraph whose text is ``heading``."""
    found, tables = False, []
    for block in document.iter_inner_content():
        if isinstance(block, docx.table.Table):
            if found:
                tables.append(block)
                if len(tables) == count:
                    return tables
        elif block.text.strip() == heading:
            found = True
    raise AssertionError(f"fewer than {count} table(s) after {heading!r}")


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def amount(text: str) -> Decimal:
    """Parse a signed display amount such as '+£8,400.00' back into a Decimal."""
    sign = -1 if text.startswith(MINUS) else 1
    return sign * Decimal(text.lstrip(MINUS + "+").lstrip("£").replace(",", ""))


def test_sections_in_the_order_of_the_renewal_conversation(document):
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTIONS


def test_cover_header_and_special_characters_intact(document):
    texts = [p.text for p in document.paragraphs]
    assert "Renewal pack" in texts
    assert f"For {CUSTOMER}" in texts
    assert "6 March 2026 · renewal on 13 March 2026" in texts
    assert document.sections[0].header.paragraphs[0].text == f"{CUSTOMER} · Renewal pack"
    assert "S1: Ticket routing and triage for the Dublin, Rotterdam and Gdańsk hubs" in texts
    assert document.core_properties.title == f"Renewal pack: {CUSTOMER}"


def test_posture_is_mixed_while_metrics_lag(document):
    texts = [p.text for p in document.paragraphs]
    assert (
        "Overall position: Mixed. Close the gaps with a measurable plan instead of debating "
        "the past." in texts
    )
    assert (
        "Metrics not yet on track: Tickets resolved without escalation (K2), Agents active each "
        "week (K3)" in texts
    )
    assert "Final-week checklist: 4 of 5 items pass" in texts


def test_performance_overview_follows_the_promised_order(document, account):
    [table] = tables_after(document, "Promised metrics at a glance")
    expected = [
        [str(r.order), r.id, r.baseline, r.result, STATUS_LABELS[r.status]]
        for r in performance_rows(account)
        if r.status
    ]
    got = [[row[0], row[1], row[4], row[5], row[6]] for row in rows(table)[1:]]
    assert got == expected
    assert [row[6] for row in rows(table)[1:]] == ["On track", "At risk", "Off track"]


def test_each_metric_has_the_six_part_evidence(document, account):
    [card] = tables_after(document, "Metric 2: P2 Tickets resolved without escalation")
    fields = dict(rows(card)[1:])
    entry = next(r for r in performance_rows(account) if r.id == "P2")
    assert fields["Claim"] == entry.claim
    assert fields["Measure"] == entry.measure
    assert fields["Baseline"] == "61% (February 2025)"
    assert fields["Result"] == "71% (February 2026), target 80%"
    assert fields["Attribution"] == entry.attribution
    assert fields["Limitation"] == entry.limitation
    assert fields["Status"] == "At risk"


def test_stakeholders_point_at_evidence(document):
    [table] = tables_after(document, "What each stakeholder needs to see")
    finance = rows(table)[1]
    assert finance[0] == "Finance (Dana Whitford, CFO)"
    assert finance[2].startswith("P1: Shippers get a first answer")


def test_gap_plans_have_owner_target_and_date(document, account):
    [plans, actions] = tables_after(document, "3. Closing the Gaps", 2)
    body = rows(plans)[1:]
    assert len(body) == len(gap_rows(account))
    assert body[0] == [
        "Rotterdam night shift skips the triage form",
        "Night-shift tickets with a completed triage form",
        "62% → 75%",
        "+13 pp (+20.97%)",
        "Priya Shah",
        "30 June 2026",
    ]
    assert rows(actions)[2] == [
        "Gdańsk still works from the shared inbox",
        "To be agreed",
        "None listed",
    ]


def test_usage_inventory_and_opportunities(document, account):
    [usage] = tables_after(document, "4. Usage and Room to Grow")
    assert rows(usage)[2] == ["Ticket routing · Rotterdam", "7", "20 active agents", "35%", "Low"]
    assert rows(usage)[6][-1] == "Fix first"
    found = expansion_opportunities(account).opportunities
    why, targets = tables_after(document, "Expansion opportunities", 2)
    assert len(rows(why)) - 1 == len(found) == 6
    assert rows(why)[1][:3] == ["1", "Seats", "Ticket routing · Rotterdam"]
    assert rows(targets)[1] == [
        "1",
        "Raise Rotterdam from 7 active agents to 20 active agents",
        "Tickets resolved without escalation from 71% to 80%",
        "5 April 2026",
        "Ready to propose",
    ]
    assert [row[-1] for row in rows(targets)[2:]] == ["Confirm first"] * 5


def test_addon_summary_matches_the_roi_calculation(document, account):
    [summary] = tables_after(document, "5. Add-ons: Return and Payback")
    for row, addon in zip(rows(summary)[1:], account.addons, strict=True):
        roi = addon_roi(addon)
        assert row[1] == formatting.money(roi.monthly_benefit, "en_GB")
        assert row[3] == formatting.money(roi.net_monthly_benefit, "en_GB")
        assert row[4] == formatting.money(roi.one_off_cost, "en_GB")
    # By hand: 4 h x 3 people x 4.33 x £52 = £2,701.92; £416 / £801.92 = 0.52 months.
    assert rows(summary)[1][1:] == [
        "£2,701.92",
        "£1,900.00",
        "£801.92",
        "£416.00",
        "0.5 months (within month 1)",
    ]
    # By hand: 1,200 x 1.5 pp x £5,400 / 12 = £8,100; x 90% = £7,290; £30,000 / £7,290 = 4.1.
    assert rows(summary)[2][5] == "4.1 months (within month 5)"


@pytest.mark.parametrize(
    ("title", "net"),
    [
        ("X1 Hub performance dashboards", "£801.92"),
        ("X2 Shipper onboarding assurance", "£7,290.00"),
    ],
)
def test_addon_worksheet_adds_up_to_the_net_benefit(document, title, net):
    offer, worksheet, payback = tables_after(document, title, 3)
    assert rows(offer)[1][0] == "Problem it fixes"
    lines = rows(worksheet)[1:]
    assert lines[-1] == ["Net monthly benefit", net]
    assert sum(amount(value) for _, value in lines[:-1]) == amount(net)
    assert dict(rows(payback)[1:])["Net monthly benefit"] == net


def test_addon_worksheet_lines(document):
    _, worksheet, payback = tables_after(document, "X2 Shipper onboarding assurance", 3)
    assert rows(worksheet)[1:3] == [
        [
            f"Gross monthly benefit: 1,200 accounts {TIMES} (9% {MINUS} 7.5% churn) {TIMES} "
            "£5,400.00 a year ÷ 12",
            "£8,100.00",
        ],
        ["Allowance for a 10% chance that adoption fails", f"{MINUS}£810.00"],
    ]
    assert rows(payback)[-1] == ["Payback", "4.1 months (within month 5)"]
    _, _, payback_x1 = tables_after(document, "X1 Hub performance dashboards", 3)
    assert rows(payback_x1)[1] == [f"One-off cost: 8 setup hours {TIMES} £52.00", "£416.00"]


def test_options_add_up_from_today_s_price(document, account):
    comparison, trades = tables_after(document, "6. Renewal Options", 2)
    body = rows(comparison)[1:]
    options = compare_options(account)
    assert len(body) == len(options) == 3
    for row, option in zip(body, options, strict=True):
        assert amount(row[2]) + amount(row[3]) == amount(row[5]) == option.annual_price.amount
    assert body[1] == [
        "B Assured",
        "All three hubs plus a quarterly business review",
        "£86,400.00",
        "+£8,400.00",
        "+9.72%",
        "£94,800.00",
    ]
    assert body[2][3:] == [f"{MINUS}£10,400.00", f"{MINUS}12.04%", "£76,000.00"]
    assert rows(trades)[3][1:4] == [
        "Narrower scope",
        "Standard support, business hours",
        "Price follows measured performance next cycle",
    ]


def test_final_week_checklist_verbatim(document):
    [table] = tables_after(document, "8. Final-Week Checklist")
    body = rows(table)[1:]
    assert [row[1] for row in body] == list(FINAL_WEEK_CHECKLIST)
    assert [row[2] for row in body] == ["Pass"] * 4 + ["Open"]
    assert body[4][3] == "nobody has confirmed the written summary against the meeting"


def test_meeting_agenda_and_charts(document):
    steps = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert len(steps) == 5
    assert steps[0].startswith("Results first: take the room through P1, P2, P3")
    assert len(document.inline_shapes) == 2


def test_markup_characters_and_empty_sections(tmp_path):
    data = example_data(EXAMPLE)
    data["customer"]["name"] = 'Müller & Søn <GmbH> "Nord"'
    data["performance_file"]["entries"][0]["claim"] = "Replies < 4 h & escalations > 0"
    for key in ("addons", "renewal_options", "gaps"):
        data[key] = []
    data["expansion"] = {}
    account = load(write_yaml(tmp_path, data))
    document = docx.Document(str(renewal_doc.render(account, tmp_path / "out")))
    texts = [p.text for p in document.paragraphs]
    assert 'For Müller & Søn <GmbH> "Nord"' in texts
    [card] = tables_after(document, "Metric 1: P1 Median first response")
    assert rows(card)[1][1] == "Replies < 4 h & escalations > 0"
    [summary] = tables_after(document, "5. Add-ons: Return and Payback")
    assert rows(summary)[1] == ["—"] * 6
    [comparison, _] = tables_after(document, "6. Renewal Options", 2)
    assert rows(comparison)[1] == ["—"] * 6
    [checklist] = tables_after(document, "8. Final-Week Checklist")
    assert rows(checklist)[3][2:] == ["Open", "0 renewal options prepared; prepare 2 or 3"]
    assert "No configuration or data fixes are open." in texts
    assert len(document.inline_shapes) == 2
