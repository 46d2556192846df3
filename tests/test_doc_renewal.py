"""The renewal pack (method 11.3-11.5, 6.5): the customer's copy and the renewal team's brief.

The customer reads the performance file, the gap commitments, usage and expansion, the add-on
returns and the renewal options; the posture, the stakeholder map as we read it, the meeting
stance and script and the final-week checklist stay in the internal brief.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import example_data, example_path, write_yaml
from docx_layout import (
    all_text,
    drawn_width_inches,
    header_words_too_wide,
    loose_headings,
    rows,
    small_chart_text,
    split_rows,
)

from kit import formatting, registry
from kit.document import Chart, Written, write
from kit.models.account import Account
from kit.params import load
from kit.renewal.calculations import FINAL_WEEK_CHECKLIST, RenewalAnalysis, analyse
from kit.renewal.charts import payback_chart, usage_chart
from kit.value_review.calculations import STATUS_LABELS

EXAMPLE = "account-review.yaml"
CUSTOMER = 'Harbour & Finch "Northline" Logistics Ltd'
SECTIONS = [
    "1. Your Renewal at a Glance",
    "2. What You Bought and What It Delivered",
    "3. Closing the Gaps",
    "4. Usage and Room to Grow",
    "5. Add-ons: Return and Payback",
    "6. Renewal Options",
    "7. What Happens Next",
]
INTERNAL_WORDS = (
    "debating the past",
    "Posture",
    "posture",
    "Stance",
    "Running the Renewal Meeting",
    "Final-Week",
    "final week",
    "Sales operations",
    "Jonas Berg",
    "Forecasting",
    "Dana Whitford",
    "What each stakeholder needs",
    "Results first",
)
"""What the internal brief says and the customer's copy never does."""
MINUS = "\N{MINUS SIGN}"
TIMES = "\N{MULTIPLICATION SIGN}"
PLAYBOOK = registry.get("renewal")


def render(account: Account, folder: Path) -> Written:
    """Write both documents for ``account`` the way ``kit run`` does."""
    return write(PLAYBOOK, analyse(account), folder)


@pytest.fixture(scope="module")
def account() -> Account:
    return load(example_path(EXAMPLE))


@pytest.fixture(scope="module")
def analysis(account: Account) -> RenewalAnalysis:
    return analyse(account)


@pytest.fixture(scope="module")
def paths(tmp_path_factory, account) -> list[Path]:
    return render(account, tmp_path_factory.mktemp("renewal")).files


@pytest.fixture(scope="module")
def document(paths):
    return docx.Document(str(paths[0]))


@pytest.fixture(scope="module")
def brief(paths):
    return docx.Document(str(paths[1]))


@pytest.fixture(scope="module")
def bare(tmp_path_factory):
    """The example without add-ons, options, gaps, expansion or stakeholder priorities."""
    folder = tmp_path_factory.mktemp("bare")
    data = example_data(EXAMPLE)
    data["customer"]["name"] = 'Müller & Søn <GmbH> "Nord"'
    data["performance_file"]["entries"][0]["claim"] = "Replies < 4 h & escalations > 0"
    for key in ("addons", "renewal_options", "gaps", "stakeholder_priorities"):
        data[key] = []
    data["expansion"] = {}
    customer, internal = render(load(write_yaml(folder, data)), folder / "out").files
    return docx.Document(str(customer)), docx.Document(str(internal))


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


def paragraphs_after(document, heading: str, count: int) -> list[str]:
    """The texts of the ``count`` paragraphs following the one whose text is ``heading``."""
    texts = [p.text for p in document.paragraphs]
    start = texts.index(heading) + 1
    return texts[start : start + count]


def headings(document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def amount(text: str) -> Decimal:
    """Parse a signed display amount such as '+£8,400.00' back into a Decimal."""
    sign = -1 if text.startswith(MINUS) else 1
    return sign * Decimal(text.lstrip(MINUS + "+").lstrip("£").replace(",", ""))


# --- the customer's pack -----------------------------------------------------------------------


def test_file_names_and_sections_in_the_order_of_the_decision(paths, document):
    assert [path.name for path in paths] == [
        "renewal-harbour-finch-northline.docx",
        "renewal-harbour-finch-northline-internal.docx",
    ]
    assert headings(document) == SECTIONS


def test_the_customer_copy_carries_no_internal_material(document):
    text = all_text(document)
    assert [word for word in INTERNAL_WORDS if word in text] == []


def test_cover_header_and_special_characters_intact(document):
    texts = [p.text for p in document.paragraphs]
    assert "Renewal pack" in texts and CUSTOMER in texts
    cover = [cell.text.split("\n") for cell in document.tables[0].rows[0].cells]
    assert cover == [
        ["Prepared for", "Ewa Brandt", "COO", CUSTOMER, "Freight forwarding"],
        [
            "Your contacts",
            "Marcus Lee, account executive",
            "Priya Shah, customer success",
            "Brightline Service Cloud Ltd",
        ],
        ["Renewal", "Prepared 6 March 2026", "Current term renews 13 March 2026"],
    ]
    assert document.inline_shapes[0].width == docx.shared.Mm(45)
    assert document.sections[0].header.paragraphs[0].text == f"{CUSTOMER} · Renewal pack"
    assert "S1: Ticket routing and triage for the Dublin, Rotterdam and Gdańsk hubs" in texts
    assert document.core_properties.title == f"Renewal pack: {CUSTOMER}"


def test_glance_states_the_agreement_in_whole_units_and_what_the_pack_holds(document):
    assert paragraphs_after(document, "1. Your Renewal at a Glance", 8) == [
        "Current agreement: £86,400 a year for 12 months from 13 March 2025; Standard support, "
        "business hours.",
        "The current term renews on 13 March 2026.",
        "This pack sets out:",
        "3 promised metrics: 1 on track, 1 at risk and 1 off track",
        "2 commitments to close the gaps, each with an owner and a date",
        "6 opportunities to get more value, 1 already agreed with you as worth doing now",
        "2 add-ons with their return; Hub performance dashboards pays back within month 1",
        "3 renewal options from £76,000 to £94,800 a year",
    ]


def test_performance_overview_follows_the_promised_order(document, analysis):
    [table] = tables_after(document, "Promised metrics at a glance")
    expected = [
        [str(r.order), r.id, r.baseline, r.result, STATUS_LABELS[r.status]]
        for r in analysis.evidence
        if r.status
    ]
    got = [[row[0], row[1], row[4], row[5], row[6]] for row in rows(table)[1:]]
    assert got == expected
    assert [row[6] for row in rows(table)[1:]] == ["On track", "At risk", "Off track"]


def test_each_metric_has_the_six_part_evidence(document, analysis):
    [card] = tables_after(document, "Metric 2: P2 Tickets resolved without escalation")
    fields = dict(rows(card)[1:])
    entry = next(r for r in analysis.evidence if r.id == "P2")
    assert fields["Claim"] == entry.claim
    assert fields["Measure"] == entry.measure
    assert fields["Baseline"] == "61% (February 2025)"
    assert fields["Result"] == "71% (February 2026), target 80%"
    assert fields["Attribution"] == entry.attribution
    assert fields["Limitation"] == entry.limitation
    assert fields["Status"] == "At risk"


def test_gaps_are_written_as_commitments(document):
    """11.5 step 3: a measurable target with a date and an owner, our actions and theirs."""
    gaps = paragraphs_after(document, "3. Closing the Gaps", 11)
    assert [text for text in gaps if text in headings(document, 2)] == [
        "Rotterdam night shift skips the triage form",
        "Gdańsk still works from the shared inbox",
    ]
    assert paragraphs_after(document, "Rotterdam night shift skips the triage form", 6) == [
        "Commitment: Night-shift tickets with a completed triage form: from 62% to 75% by "
        "30 June 2026. Owner: Priya Shah.",
        "What we will do:",
        "Shorten the form to five fields",
        "Run two clinics for the night shift",
        "What we need from you:",
        "Night-shift rota for the clinics",
    ]
    # Nothing listed for Gdańsk: no empty "What we will do" and no "None listed".
    assert paragraphs_after(document, "Gdańsk still works from the shared inbox", 2) == [
        "Commitment: Gdańsk agents active each week: from 0% to 80% by 29 May 2026. Owner: "
        "Tomasz Wójcik.",
        "4. Usage and Room to Grow",
    ]


def test_usage_inventory_and_opportunities(document, analysis):
    [usage] = tables_after(document, "4. Usage and Room to Grow")
    assert rows(usage)[2] == ["Ticket routing · Rotterdam", "7", "20 active agents", "35%", "Low"]
    assert rows(usage)[6] == ["Customer portal", "0", "1 active workflow", "0%", "Fix first"]
    assert rows(usage)[7][2] == "1 connected system"
    found = analysis.expansion.opportunities
    why, targets = tables_after(document, "Where we see room to grow", 2)
    assert len(rows(why)) - 1 == len(found) == 6
    assert rows(why)[1][:3] == ["1", "Seats", "Ticket routing · Rotterdam"]
    assert rows(targets)[1] == [
        "1",
        "Raise Rotterdam from 7 active agents to 20 active agents",
        "Tickets resolved without escalation from 71% to 80%",
        "5 April 2026",
        "Agreed with you",
    ]
    assert rows(targets)[5][1] == "Connect ERP order history: 1 connected system"
    assert [row[-1] for row in rows(targets)[2:]] == ["To confirm with you"] * 5


def test_addon_summary_matches_the_roi_calculation(document, analysis):
    [summary] = tables_after(document, "5. Add-ons: Return and Payback")
    assert rows(summary)[0] == [
        "Add-on",
        "Price a month",
        "Net benefit a month",
        "Net benefit a year",
        "One-off cost",
        "Payback",
    ]
    for row, roi in zip(rows(summary)[1:], analysis.rois, strict=True):
        assert row[2] == formatting.money(roi.net_monthly_benefit, "en_GB")
        assert row[3] == formatting.whole_money(roi.net_annual_benefit, "en_GB")
        assert row[4] == formatting.money(roi.one_off_cost, "en_GB")
    # By hand: 4 h x 3 people x 4.33 x £52 = £2,701.92 a month, less £1,900 = £801.92; a year
    # is £32,423.04 - £22,800 = £9,623.04; £416 / £801.92 = 0.52 months.
    assert rows(summary)[1][1:] == [
        "£1,900.00",
        "£801.92",
        "£9,623",
        "£416.00",
        "0.5 months (within month 1)",
    ]
    # By hand: 1,200 x 1.5 pp x £5,400 = £97,200 a year, x 90% = £87,480 with no price;
    # £30,000 / £7,290 = 4.1 months. No monthly fee: a dash, not £0.00.
    assert rows(summary)[2][1:4] == ["—", "£7,290.00", "£87,480"]
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
    offer, worksheet, payback = tables_after(document, "X2 Shipper onboarding assurance", 3)
    assert rows(worksheet)[1:3] == [
        [
            f"Gross monthly benefit: 1,200 accounts {TIMES} (9% {MINUS} 7.5% churn) {TIMES} "
            "£5,400 a year ÷ 12",
            "£8,100.00",
        ],
        ["Allowance for a 10% chance that adoption fails", f"{MINUS}£810.00"],
    ]
    assert rows(payback)[-1] == ["Payback", "4.1 months (within month 5)"]
    assert "Pilot" not in dict(rows(offer)[1:])  # X2 plans no pilot: the row is left out
    assert dict(rows(offer)[1:])["Packaging"] == "Standard tier, risk-based"
    offer_x1, worksheet_x1, payback_x1 = tables_after(document, "X1 Hub performance dashboards", 3)
    assert rows(worksheet_x1)[1][0] == (
        f"Gross monthly benefit: 12 hours a week {TIMES} 4.33 weeks {TIMES} £52.00 an hour"
    )
    assert rows(payback_x1)[1] == [f"One-off cost: 8 setup hours {TIMES} £52.00", "£416.00"]
    assert dict(rows(offer_x1)[1:])["Pilot"] == (
        "The Dublin hub for 30 days; Priya Shah measures team-lead reporting hours; the add-on "
        "is bought in full only if it moves"
    )


def test_options_in_whole_units_add_up_from_today_s_price(document, analysis):
    comparison, trades = tables_after(document, "6. Renewal Options", 2)
    body = rows(comparison)[1:]
    options = analysis.options
    assert len(body) == len(options) == 3
    today = analysis.account.contract.annual_value.amount
    for row, option in zip(body[1:], options[1:], strict=True):
        assert today + amount(row[2]) == amount(row[4]) == option.annual_price.amount
    assert body == [
        ["A Continue", "All three hubs, as today", "No change", "—", "£86,400"],
        [
            "B Assured",
            "All three hubs plus a quarterly business review",
            "+£8,400",
            "+9.72%",
            "£94,800",
        ],
        [
            "C Focused",
            "Dublin and Rotterdam only; Gdańsk leaves until its inbox moves",
            f"{MINUS}£10,400",
            f"{MINUS}12.04%",
            "£76,000",
        ],
    ]
    assert rows(trades)[3][1:4] == [
        "Narrower scope",
        "Standard support, business hours",
        "Price follows measured performance next cycle",
    ]
    assert "Each package is priced against today's £86,400 a year." in all_text(document)


def test_charts_are_embedded_at_their_drawn_size(document, paths, analysis):
    _logo, usage, payback = document.inline_shapes
    media = {part.blob for part in document.part.package.parts if "/media/" in part.partname}
    for shape, png in ((usage, usage_chart(analysis)), (payback, payback_chart(analysis))):
        assert png in media
        assert shape.width == docx.shared.Mm(Chart(png, None).placed_width_mm)
        assert docx.shared.Mm(120) < shape.width <= docx.shared.Mm(170)


def test_a_bare_account_leaves_out_the_sections_with_nothing_to_say(bare):
    customer, internal = bare
    assert headings(customer) == [
        "1. Your Renewal at a Glance",
        "2. What You Bought and What It Delivered",
        "3. What Happens Next",
    ]
    texts = [p.text for p in customer.paragraphs]
    assert 'Müller & Søn <GmbH> "Nord"' in texts
    [card] = tables_after(customer, "Metric 1: P1 Median first response")
    assert rows(card)[1][1] == "Replies < 4 h & escalations > 0"
    assert "—" not in all_text(customer) and "£0" not in all_text(customer)
    assert len(customer.inline_shapes) == 1  # the logo; no chart of nothing
    assert headings(internal) == [
        "1. Our Position",
        "2. Who Owns What",
        "3. Running the Renewal Meeting",
        "4. Final-Week Checklist",
    ]
    [checklist] = tables_after(internal, "Result: Open items remain")
    assert rows(checklist)[2][2:] == ["Open", "no stakeholder priorities are recorded"]
    assert rows(checklist)[3][2:] == ["Open", "0 renewal options prepared; prepare 2 or 3"]


# --- the internal brief ------------------------------------------------------------------------


def test_internal_brief_says_internal_on_cover_and_every_header(brief):
    title = next(p for p in brief.paragraphs if p.style.name == "Title")
    assert title.text == "Internal brief: Renewal pack"
    for section in brief.sections:
        for header in (section.header, section.first_page_header):
            assert header.paragraphs[0].text.startswith("INTERNAL")
    assert headings(brief) == [
        "1. Our Position",
        "2. Who Owns What",
        "3. Stakeholder Priorities as We Read Them",
        "4. Running the Renewal Meeting",
        "5. Final-Week Checklist",
    ]


def test_posture_is_mixed_while_metrics_lag(brief):
    assert paragraphs_after(brief, "1. Our Position", 3) == [
        "Posture: Mixed.",
        "Metrics not yet on track: Tickets resolved without escalation (K2), Agents active each "
        "week (K3)",
        "The term renews on 13 March 2026, 7 days after this review: inside the final week.",
    ]
    assert "Stance: Close the gaps with a measurable plan instead of debating the past." in [
        p.text for p in brief.paragraphs
    ]


def test_team_and_stakeholders_as_we_read_them(brief):
    [team] = tables_after(brief, "2. Who Owns What")
    assert rows(team)[3] == ["Sales operations", "Jonas Berg", "Forecasting and approvals"]
    [table] = tables_after(brief, "3. Stakeholder Priorities as We Read Them")
    finance = rows(table)[1]
    assert finance[0] == "Finance (Dana Whitford, CFO)"
    assert finance[2].startswith("P1: Shippers get a first answer")


def test_meeting_agenda(brief):
    steps = [p.text for p in brief.paragraphs if p.style.name == "List Number"]
    assert len(steps) == 5
    assert steps[0].startswith("Results first: take the room through P1, P2, P3")
    assert steps[2] == (
        "Present the 2 gap plans with their owners (Priya Shah, Tomasz Wójcik), targets and dates."
    )


def test_final_week_checklist_verbatim(brief):
    [table] = tables_after(brief, "Result: Open items remain")
    body = rows(table)[1:]
    assert [row[1] for row in body] == list(FINAL_WEEK_CHECKLIST)
    assert [row[2] for row in body] == ["Pass"] * 4 + ["Open"]
    assert body[4][3] == "nobody has confirmed the written summary against the meeting"


# --- charts and layout ------------------------------------------------------------------------


@pytest.mark.parametrize("chart", [usage_chart, payback_chart], ids=["usage", "payback"])
def test_chart_text_is_8_pt_or_more_and_fits_the_page(chart, analysis) -> None:
    figure = chart.__wrapped__(analysis)
    assert small_chart_text(figure) == []
    assert drawn_width_inches(figure) <= 6.6
    assert Chart(chart(analysis), None).placed_width_mm <= 170


def test_three_add_ons_keep_their_text_size(tmp_path):
    """A third add-on opens a second row of panels rather than squeezing three into one."""
    data = example_data(EXAMPLE)
    third = dict(data["addons"][0], id="X3", name="Night-shift triage coaching")
    data["addons"].append(third)
    analysis = analyse(load(write_yaml(tmp_path, data)))
    figure = payback_chart.__wrapped__(analysis)
    panels = [axes for axes in figure.axes if axes.get_title(loc="left")]
    assert [axes.get_title(loc="left") for axes in panels][-1] == "X3 Night-shift triage coaching"
    assert small_chart_text(figure) == []
    assert drawn_width_inches(figure) <= 6.6


@pytest.mark.parametrize("which", ["document", "brief"])
def test_no_row_splits_headers_repeat_and_headings_keep_with_what_follows(which, request):
    document = request.getfixturevalue(which)
    assert split_rows(document) == []
    assert loose_headings(document) == []


@pytest.mark.parametrize("which", ["document", "brief"])
def test_column_headers_fit_their_columns(which, request) -> None:
    assert header_words_too_wide(request.getfixturevalue(which)) == []
