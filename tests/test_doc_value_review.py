"""The value review (method 11.1-11.2): the customer's copy and the account team's brief.

The customer reads the metrics pack, each outcome with its evidence, the shortfalls and the
agreed next steps; the retention-risk rating, the early-warning rules and the actions they set
off stay in the internal brief. Figures are read from the analysis and, for a few, checked
against numbers worked out by hand from ``examples/account-review.yaml``.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import example_data, write_yaml
from docx.document import Document
from docx_layout import (
    all_text,
    drawn_width_inches,
    header_words_too_wide,
    loose_headings,
    small_chart_text,
    split_rows,
)
from matplotlib import colors

from kit import params, registry
from kit.document import Chart, Written, write
from kit.models.account import Account
from kit.value_review.calculations import (
    STATUS_LABELS,
    ValueReview,
    ValueReviewAnalysis,
    analyse,
    is_miss,
    value_review,
)
from kit.value_review.charts import (
    RISK_COLOURS,
    STATUS_COLOURS,
    metric_trends,
    trend_chart,
    usage_against_thresholds,
    usage_chart,
)

MINUS = "\N{MINUS SIGN}"
CUSTOMER = 'Harbour & Finch "Northline" Logistics Ltd'
PLAYBOOK = registry.get("value_review")
INTERNAL_WORDS = (
    "Retention risk",
    "retention risk",
    "Early-warning",
    "early warning",
    "Low, with a watch",
    "What each level sets in motion",
    "Customer success manager",
    "below baseline",
    "Rule window",
    "Open Points",
)
"""What the internal brief says and the customer's copy never does."""


def render(account: Account, folder: Path) -> Written:
    """Write both documents for ``account`` the way ``kit run`` does."""
    return write(PLAYBOOK, analyse(account), folder)


@pytest.fixture(scope="module")
def account() -> Account:
    return params.load(PLAYBOOK.example, Account)


@pytest.fixture(scope="module")
def analysis(account: Account) -> ValueReviewAnalysis:
    return analyse(account)


@pytest.fixture(scope="module")
def review(analysis: ValueReviewAnalysis) -> ValueReview:
    return analysis.review


@pytest.fixture(scope="module")
def paths(account: Account, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return render(account, tmp_path_factory.mktemp("value_review")).files


@pytest.fixture(scope="module")
def doc(paths: list[Path]) -> Document:
    return docx.Document(str(paths[0]))


@pytest.fixture(scope="module")
def brief(paths: list[Path]) -> Document:
    return docx.Document(str(paths[1]))


@pytest.fixture(scope="module")
def calm(account: Account, tmp_path_factory: pytest.TempPathFactory) -> tuple[Document, Document]:
    """Every metric at its target for two periods, nothing planned and nothing to test."""
    metrics = [
        m.model_copy(
            update={
                "periods": [
                    p.model_copy(update={"value": m.target}) for p in m.periods + m.periods
                ],
                "constraint": None,
                "attribution_notes": [],
                "confounders": [],
            }
        )
        for m in account.metrics
    ]
    quiet = account.model_copy(update={"metrics": metrics, "next_steps": [], "hypotheses": []})
    assert {row.status for row in value_review(quiet).metrics} == {"on_track"}
    customer, internal = render(quiet, tmp_path_factory.mktemp("calm")).files
    return docx.Document(str(customer)), docx.Document(str(internal))


def rows(doc: Document, *header: str) -> list[list[str]]:
    """Body rows of every table whose header row starts with ``header``, in document order."""
    found = []
    for table in doc.tables:
        cells = [cell.text for cell in table.rows[0].cells]
        if cells[: len(header)] == list(header):
            found += [[cell.text for cell in row.cells] for row in table.rows[1:]]
    if not found:
        raise AssertionError(f"no table with header {header}")
    return found


def headings(doc: Document, level: int) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name == f"Heading {level}"]


def texts(doc: Document) -> list[str]:
    return [p.text for p in doc.paragraphs]


def media(path: Path) -> set[bytes]:
    with zipfile.ZipFile(path) as package:
        return {package.read(n) for n in package.namelist() if n.startswith("word/media/")}


# --- the customer's copy -----------------------------------------------------------------------


def test_file_names_and_numbered_sections(paths: list[Path], doc: Document, account: Account):
    assert [path.name for path in paths] == [
        "value_review-harbour-finch-northline.docx",
        "value_review-harbour-finch-northline-internal.docx",
    ]
    assert headings(doc, 1) == [
        "1. Summary",
        "2. Metrics Pack",
        "3. Metric by Metric",
        "4. Where Performance Falls Short",
        "5. Next Steps",
    ]
    per_metric = [f"{m.id} {m.name}" for m in account.metrics]
    assert per_metric == [h for h in headings(doc, 2) if h[:1] == "K"]


def test_the_customer_copy_carries_no_internal_material(
    doc: Document, paths: list[Path], analysis: ValueReviewAnalysis
) -> None:
    text = all_text(doc)
    assert [word for word in INTERNAL_WORDS if word in text] == []
    assert usage_chart(analysis) not in media(paths[0])


def test_cover_names_customer_contacts_and_review_dates(doc: Document) -> None:
    title = next(p for p in doc.paragraphs if p.style.name == "Title")
    assert title.text == "Value review"
    cover = [cell.text.split("\n") for cell in doc.tables[0].rows[0].cells]
    assert cover == [
        ["Prepared for", "Ewa Brandt", "COO", CUSTOMER, "Freight forwarding"],
        [
            "Your contacts",
            "Marcus Lee, account executive",
            "Priya Shah, customer success",
            "Brightline Service Cloud Ltd",
        ],
        ["Review", "Review of 6 March 2026", "Next review 3 April 2026"],
    ]
    logo = doc.inline_shapes[0]
    assert logo.width == docx.shared.Mm(45)


def test_summary_is_the_recap_without_the_risk_rating(doc: Document, review: ValueReview) -> None:
    """11.2 closing recap: baseline, status, variance drivers and next plan in one paragraph."""
    assert review.recap in texts(doc)
    assert review.recap == review.summary.replace(" Retention risk is medium.", "")
    assert (
        "Contract: 12-month term from 13 March 2025, renewing on 13 March 2026, at £86,400 a "
        "year." in texts(doc)
    )
    assert "Next review: 3 April 2026." in texts(doc)


def test_status_counts_add_up_in_a_shaded_total_row(doc: Document, review: ValueReview) -> None:
    body = rows(doc, "Status", "Metrics", "Which")
    expected = [
        [label, str(review.count(key)), ", ".join(m.id for m in review.metrics if m.status == key)]
        for key, label in STATUS_LABELS.items()
    ]
    assert body[:-1] == expected
    assert body[-1] == ["Total", "3", ""]
    assert sum(int(row[1]) for row in body[:-1]) == 3
    table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Status")
    assert 'w:fill="DEEAF6"' in table.rows[-1]._tr.xml


def test_metrics_pack_rows(doc: Document, review: ValueReview) -> None:
    body = rows(doc, "ID", "Metric", "Baseline")
    assert [row[0] for row in body] == [m.id for m in review.metrics]
    assert [row[7] for row in body] == [m.label for m in review.metrics]
    # Worked by hand: K2 is 71% against 80%, so -9 points, and -9 / 80 = -11.25% of target.
    assert body[1] == [
        "K2",
        "Tickets resolved without escalation",
        "61%",
        "71%",
        "80%",
        f"{MINUS}9 pts ({MINUS}11.25%)",
        "Down, worse",
        "At risk",
    ]
    # K1 is lower-is-better and fell from 4.2 to 4.0 hours: down is the better direction.
    assert body[0][2:] == [
        "9.5 hours",
        "4 hours",
        "4 hours",
        "0 hours (0%)",
        "Down, better",
        "On track",
    ]


def test_period_tables_mark_each_miss(doc: Document, account: Account) -> None:
    """11.2 10% band: K1 at 5.1 hours misses a 4-hour target (limit 4.4); 4.3 is inside."""
    body = rows(doc, "Period", "Value", "Against target", "Band")
    tolerance = account.status_rules.tolerance
    expected = [
        "Miss" if is_miss(p.value, m.target, m.direction, tolerance) else "Inside"
        for m in account.metrics
        for p in m.periods
    ]
    assert [row[3] for row in body] == expected
    assert body[0] == ["2025-11", "5.1 hours", "+1.1 hours", "Miss"]
    assert body[1] == ["2025-12", "4.3 hours", "+0.3 hours", "Inside"]


def test_metric_facts_hold_status_reason_trend_and_constraint(
    doc: Document, review: ValueReview
) -> None:
    body = rows(doc, "Item", "Detail")
    statuses = [row[1] for row in body if row[0] == "Status"]
    assert [s.split(".")[0] for s in statuses] == [m.label for m in review.metrics]
    assert statuses[2] == "Off track. Missed the target band in the last two periods."
    assert ["Constraint", "Capability"] in body
    assert ["Constraint", "Process"] in body
    assert ["Target", "4 hours or lower: by the end of the first contract year"] in body
    assert ["Target", "90% or higher: from month six of the contract"] in body
    assert [
        "Trend",
        "Down 3 pts on the previous period, the wrong direction; +1.5 pts a period on "
        "average since the first measurement.",
    ] in body


def test_what_the_file_does_not_say_is_left_out_not_filled_in(doc: Document) -> None:
    """K2 has no written definition and no attribution notes; K2 and K3 name no confounders."""
    labels = [row[0] for row in rows(doc, "Item", "Detail")]
    assert labels.count("Definition") == 2
    text = all_text(doc)
    for placeholder in ("Not written down yet", "None recorded", "No attribution notes", "—"):
        assert placeholder not in text
    paragraphs = texts(doc)
    assert paragraphs.count("What we can fairly claim, and what stays open:") == 1
    assert paragraphs.count("Other influences on the number:") == 1


def test_shortfalls_name_constraint_and_linked_step(doc: Document, review: ValueReview) -> None:
    """11.2 underperformance: each metric not on track gets a constraint category."""
    body = rows(doc, "Metric", "Status", "Why", "Constraint")
    assert [row[0] for row in body] == [
        f"{m.id} {m.name}" for m in review.metrics if m.status != "on_track"
    ]
    assert body[1] == [
        "K3 Agents active each week",
        "Off track",
        "Missed the target band in the last two periods.",
        "Process",
        "Tomasz Wójcik: Move the Gdańsk shared inbox onto the platform",
    ]


def test_next_steps_carry_owner_deliverable_evidence_and_timing(
    doc: Document, account: Account
) -> None:
    body = rows(doc, "Owner", "Deliverable", "Evidence of success")
    assert body == [
        [
            "Priya Shah, our team",
            "Update the routing map for the three hub teams",
            "Share of routed tickets closed without escalation, from the helpdesk",
            "20 March 2026",
            "K2 Tickets resolved without escalation",
        ],
        [
            "Tomasz Wójcik, your team",
            "Move the Gdańsk shared inbox onto the platform",
            "Weekly active agents in Gdańsk in the usage report",
            "27 March 2026",
            "K3 Agents active each week",
        ],
    ]
    assert rows(doc, "Hypothesis", "Tested by") == [[account.hypotheses[0].statement, "Priya Shah"]]


def test_special_characters_survive(doc: Document) -> None:
    assert CUSTOMER in texts(doc)[:12]
    assert doc.sections[0].header.paragraphs[0].text == f"{CUSTOMER} · Value review"
    assert "Gdańsk still answers e-mail in the old shared inbox" in str(rows(doc, "Item", "Detail"))
    assert doc.core_properties.author == "Brightline Service Cloud Ltd"


def test_the_trend_chart_is_embedded_at_its_drawn_size(
    doc: Document, paths: list[Path], analysis: ValueReviewAnalysis
) -> None:
    _logo, chart = doc.inline_shapes
    png = trend_chart(analysis)
    assert png in media(paths[0])
    assert chart.width == docx.shared.Mm(Chart(png, None).placed_width_mm)
    assert docx.shared.Mm(120) < chart.width <= docx.shared.Mm(170)


def test_a_quiet_account_leaves_out_what_has_nothing_to_say(calm) -> None:
    customer, internal = calm
    assert headings(customer, 1) == ["1. Summary", "2. Metrics Pack", "3. Metric by Metric"]
    assert rows(customer, "Status", "Metrics") == [
        ["On track", "3", "K1, K2, K3"],
        ["Total", "3", ""],
    ]
    text = all_text(customer)
    for absent in ("Falls Short", "Next Steps", "None agreed", "Claims still to be tested"):
        assert absent not in text
    assert "What we can fairly claim, and what stays open:" not in texts(customer)
    points = [p.text for p in internal.paragraphs if p.style.name == "List Bullet"]
    assert points[-1] == "No next steps are agreed; the customer copy has no next-steps section."


# --- the internal brief ------------------------------------------------------------------------


def test_internal_brief_says_internal_on_cover_and_every_header(brief: Document) -> None:
    title = next(p for p in brief.paragraphs if p.style.name == "Title")
    assert title.text == "Internal brief: Value review"
    for section in brief.sections:
        for header in (section.header, section.first_page_header):
            assert header.paragraphs[0].text.startswith("INTERNAL")
    assert headings(brief, 1) == [
        "1. Retention Risk",
        "2. Actions",
        "3. Weekly Usage",
        "4. Open Points in the File",
    ]
    assert "Retention risk: Medium. Signals: usage down 20% or more for two weeks." in texts(brief)


def test_early_warning_rules_with_measured_drops(brief: Document, review: ValueReview) -> None:
    """11.1: baseline (62+60+64+62)/4 = 62; 1 - 47/62 = 24.19%, 1 - 45/62 = 27.42% -> medium."""
    assert review.risk.baseline == 62
    body = rows(brief, "Early-warning rule", "Raises")
    assert [(row[1], row[3]) for row in body] == [
        ("High", "No"),
        ("Medium", "Yes"),
        ("Medium", "No"),
        ("Low, with a watch", "Yes"),
    ]
    assert body[1][2] == "24.19% and 27.42% below baseline"
    assert body[2][2] == "18 to 24 tickets (+33.33%); resolution 6.5 to 7.1 hours"
    assert "Usage baseline (Weekly active agents): 62, the mean of 2026-W04 to 2026-W07." in (
        texts(brief)
    )


def test_weekly_usage_against_baseline(brief: Document, account: Account) -> None:
    body = rows(brief, "Week", "Weekly active agents")
    weeks = account.early_warning.weekly_usage
    assert [row[0] for row in body] == [week.label for week in weeks]
    assert [row[3] for row in body] == ["", "", "", "", "Yes", "Yes"]
    assert body[-1][2] == f"{MINUS}27.42%"
    assert body[2][2] == "+3.23%"


def test_each_level_has_action_owner_and_window(brief: Document, review: ValueReview) -> None:
    """11.1: medium asks for a check-in within five business days: Fri 6 -> Fri 13 March."""
    assert review.risk.due == dt.date(2026, 3, 13)
    body = rows(brief, "Level", "Action", "Owner", "Window")
    assert [(row[0], row[3], row[4]) for row in body] == [
        ("High", "Within 2 business days", "—"),
        ("Medium", "Within 5 business days", "Yes, by 13 March 2026"),
        ("Low, with a watch", "By the next scheduled review", "—"),
    ]
    assert body[1][2] == "Customer success manager"
    assert "joint call with support" in body[0][1]
    assert any(
        "Due 13 March 2026 (within 5 business days of the review)" in p for p in texts(brief)
    )


def test_open_points_list_what_the_customer_copy_left_out(brief: Document) -> None:
    points = [p.text for p in brief.paragraphs if p.style.name == "List Bullet"]
    assert points == [
        "K2 Tickets resolved without escalation: no written definition; the customer copy "
        "leaves it out."
    ]


def test_a_constraint_not_named_is_an_open_point_and_no_row(
    account: Account, tmp_path: Path
) -> None:
    data = example_data("account-review.yaml")
    del data["metrics"][1]["constraint"]
    written = render(params.load(write_yaml(tmp_path, data)), tmp_path / "out")
    customer, internal = (docx.Document(str(path)) for path in written.files)
    k2 = rows(customer, "Metric", "Status", "Why", "Constraint")[0]
    assert k2[3] == "To be named"
    assert ["Constraint", "Capability"] not in rows(customer, "Item", "Detail")
    points = [p.text for p in internal.paragraphs if p.style.name == "List Bullet"]
    assert (
        "K2 Tickets resolved without escalation: at risk without a named constraint (process, "
        "capability, data or scope); the customer copy says it is still to be named." in points
    )


def test_the_usage_chart_is_in_the_brief(paths: list[Path], analysis: ValueReviewAnalysis) -> None:
    assert usage_chart(analysis) in media(paths[1])


# --- charts ------------------------------------------------------------------------------------


def test_a_chart_is_drawn_once_per_distinct_analysis() -> None:
    """The notebook and the document share one PNG: the file read again reuses it, a change
    to a metric draws a new one."""
    first, again = (analyse(params.load(PLAYBOOK.example, Account)) for _ in range(2))
    assert first is not again
    assert trend_chart(first) is trend_chart(again)
    metrics = list(first.account.metrics)
    metrics[0] = metrics[0].model_copy(update={"target": metrics[0].target + 1})
    changed = analyse(first.account.model_copy(update={"metrics": metrics}))
    assert trend_chart(changed) != trend_chart(first)


@pytest.mark.parametrize("chart", [trend_chart, usage_chart], ids=["trend", "usage"])
def test_chart_text_is_8_pt_or_more_and_fits_the_page(chart, analysis) -> None:
    figure = chart.__wrapped__(analysis)
    assert small_chart_text(figure) == []
    assert drawn_width_inches(figure) <= 6.6
    assert Chart(chart(analysis), None).placed_width_mm <= 170


def test_trend_chart_has_a_panel_per_metric_with_target_and_status_colour(
    account: Account, review: ValueReview
) -> None:
    figure = metric_trends(account.metrics, review.metrics, account.status_rules)
    panels = [axes for axes in figure.axes if axes.get_title(loc="left")]
    assert [axes.get_title(loc="left").replace("\n", " ") for axes in panels] == [
        f"{m.id} {m.name}" for m in account.metrics
    ]
    for axes, metric, row in zip(panels, account.metrics, review.metrics, strict=True):
        assert axes.get_title(loc="right") == row.label
        dashed = [line for line in axes.lines if line.get_linestyle() == "--"]
        assert [float(y) for y in dashed[0].get_ydata()] == [float(metric.target)] * 2
        trend = [line for line in axes.lines if line.get_linestyle() == "-"]
        assert [float(y) for y in trend[0].get_ydata()] == [float(p.value) for p in metric.periods]
        assert colors.to_hex(trend[0].get_color()) == STATUS_COLOURS[row.status]


def test_usage_chart_colours_the_rule_window_by_risk_level(
    account: Account, review: ValueReview
) -> None:
    figure = usage_against_thresholds(account.early_warning, review.risk)
    bars = figure.axes[0].patches
    assert len(bars) == len(account.early_warning.weekly_usage)
    assert [colors.to_hex(bar.get_facecolor()) for bar in bars[-2:]] == [RISK_COLOURS["medium"]] * 2
    lines = [line.get_ydata()[0] for line in figure.axes[0].lines]
    assert lines == pytest.approx([62, 62 * 0.8, 62 * 0.6])


# --- layout ------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["doc", "brief"])
def test_no_row_splits_headers_repeat_and_headings_keep_with_what_follows(which, request):
    document = request.getfixturevalue(which)
    assert split_rows(document) == []
    assert loose_headings(document) == []


@pytest.mark.parametrize("which", ["doc", "brief"])
def test_column_headers_fit_their_columns(which, request) -> None:
    assert header_words_too_wide(request.getfixturevalue(which)) == []


def test_rendering_is_byte_for_byte_reproducible(account: Account, tmp_path: Path) -> None:
    first = [path.read_bytes() for path in render(account, tmp_path / "a").files]
    second = [path.read_bytes() for path in render(account, tmp_path / "b").files]
    assert first == second
    core = docx.Document(io.BytesIO(first[1])).core_properties
    assert core.created.isoformat().startswith("2026-03-06")
