"""What the team's three workbooks (design, readiness, optimise) share as printed documents.

They are internal (every page stamped), their tables never split a row and repeat their
header, their headings stay with what follows, their column headers fit at 9 pt without
breaking a word, and their charts print at their drawn size with no text under 8 pt.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import docx
import matplotlib.text
import pytest
from docx.oxml.ns import qn
from matplotlib import font_manager
from PIL import ImageFont

from kit import document, params, registry
from kit.design import document as design_doc
from kit.document import CHART_DPI, TEXT_WIDTH_MM, Chart
from kit.optimise import document as optimise_doc
from kit.readiness import document as readiness_doc

WORKBOOKS = ("design", "readiness", "optimise")
MIN_TEXT_PT = 8
MAX_FIGURE_IN = 6.6
HEADER_PT = 9
CELL_MARGINS_PT = 2 * 108 / 20
"""Word's default left and right cell margins (108 twips each) for the Table Grid style."""


def analysis_of(name: str) -> Any:
    playbook = registry.get(name)
    return playbook.analysis(params.load(playbook.example, playbook.model()))


@pytest.fixture(scope="module")
def workbooks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, docx.document.Document]:
    out = tmp_path_factory.mktemp("workbooks")
    found = {}
    for name in WORKBOOKS:
        [path] = document.write(registry.get(name), analysis_of(name), out).files
        found[name] = docx.Document(str(path))
    return found


def charts_of(name: str) -> dict[str, tuple[Callable[..., bytes], tuple[Any, ...]]]:
    """Every chart function of a workbook with the arguments its document passes it."""
    a = analysis_of(name)
    loc = a.params.locale
    if name == "design":
        return {
            "growth": (design_doc.growth_chart, (a.gaps, loc)),
            "funnel": (design_doc.funnel_chart, (a.review, a.benchmarks, loc)),
            "forecast": (design_doc.forecast_chart, (a.forecast, loc)),
        }
    if name == "readiness":
        return {
            "cohort": (readiness_doc.cohort_chart, (a.pmf, loc)),
            "payback": (readiness_doc.payback_chart, (a.gtm.channels, loc)),
            "capacity": (readiness_doc.capacity_chart, (a.compared, a.params.hiring.tolerance)),
        }
    return {
        "goals": (optimise_doc.goals_chart, (a.goals, a.sprint.moment.id, loc)),
        "compounding": (optimise_doc.compounding_chart, (a.compounding, loc)),
    }


CHARTS = [(name, chart) for name in WORKBOOKS for chart in charts_of(name)]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_registered_internal_without_suffix_or_gate(name: str) -> None:
    playbook = registry.get(name)
    assert [(s.audience, s.suffix) for s in playbook.documents] == [("internal", "")]
    assert playbook.gate is None


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_page_says_internal_and_the_cover_says_for_the_team(
    name: str, workbooks: dict[str, docx.document.Document]
) -> None:
    doc = workbooks[name]
    section = doc.sections[0]
    for header in (section.header, section.first_page_header):
        assert header.paragraphs[0].text.startswith("INTERNAL")
    cover = [p.text for p in doc.paragraphs if p.style.name == "Subtitle"]
    assert cover[-1].startswith("Planning workbook for ")
    assert cover[-1].endswith("; not for customers.")


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_row_splits_and_every_header_row_repeats(
    name: str, workbooks: dict[str, docx.document.Document]
) -> None:
    tables = workbooks[name].tables
    assert tables
    for number, table in enumerate(tables):
        rows = table._tbl.tr_lst
        assert all(row.trPr.find(qn("w:cantSplit")) is not None for row in rows), number
        assert rows[0].trPr.find(qn("w:tblHeader")) is not None, number


@pytest.mark.parametrize("name", WORKBOOKS)
def test_headings_stay_with_what_follows(
    name: str, workbooks: dict[str, docx.document.Document]
) -> None:
    headings = [p for p in workbooks[name].paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    assert headings
    for heading in headings:
        own = heading.paragraph_format.keep_with_next
        assert own is not False and (own or heading.style.paragraph_format.keep_with_next)


def broken_words(text: str, room_pt: float, width: Callable[[str], float]) -> list[str]:
    """Words a line-breaker filling ``room_pt`` per line would split: one wider than a whole
    line, or a hyphenated one whose first part still fits where the whole does not."""
    broken = []
    for line in text.split("\n"):
        used = 0.0
        for word in line.split():
            gap = width(" ") if used else 0.0
            if used + gap + width(word) <= room_pt:
                used += gap + width(word)
                continue
            head = word.split("-")[0] + "-"
            if "-" in word and used and used + gap + width(head) <= room_pt:
                broken.append(word)
            if width(word) > room_pt:
                broken.append(word)
            used = width(word)
    return broken


@pytest.mark.parametrize("name", WORKBOOKS)
def test_column_headers_fit_their_column(
    name: str, workbooks: dict[str, docx.document.Document]
) -> None:
    """No header word breaks inside itself ("Requirement/s", "Inputs 2025-/Q4") at the size
    the header is set in."""
    try:
        path = font_manager.findfont(
            font_manager.FontProperties(family="Carlito", weight="bold"),
            fallback_to_default=False,
        )
    except ValueError:
        pytest.skip("Carlito, the templates' font, is not installed")
    doc = workbooks[name]
    body_pt = doc.styles["Normal"].font.size.pt
    broken = []
    for table in doc.tables:
        widths = [int(col.get(qn("w:w"))) / 20 for col in table._tbl.tblGrid.gridCol_lst]
        for cell, column_pt in zip(table.rows[0].cells, widths, strict=True):
            sizes = [run.font.size.pt for p in cell.paragraphs for run in p.runs if run.font.size]
            assert sizes == [] or set(sizes) == {HEADER_PT}
            font = ImageFont.truetype(path, round((sizes[0] if sizes else body_pt) * 10))

            def width(text: str, font: ImageFont.FreeTypeFont = font) -> float:
                return font.getlength(text) / 10

            broken += broken_words(cell.text, column_pt - CELL_MARGINS_PT, width)
    assert broken == []


@pytest.mark.parametrize(("name", "chart"), CHARTS, ids=[f"{n}-{c}" for n, c in CHARTS])
def test_chart_text_is_at_least_8_pt_at_print_size(name: str, chart: str) -> None:
    function, args = charts_of(name)[chart]
    figure = function.__wrapped__(*args)
    texts = [
        t for t in figure.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text().strip()
    ]
    assert texts
    small = [(t.get_text(), t.get_fontsize()) for t in texts if t.get_fontsize() < MIN_TEXT_PT]
    assert small == []
    png = function(*args)
    pixels = int.from_bytes(png[16:20], "big")
    assert pixels / CHART_DPI <= MAX_FIGURE_IN
    placed = Chart(png, None).placed_width_mm
    assert placed == pytest.approx(pixels / CHART_DPI * 25.4) and placed <= TEXT_WIDTH_MM


@pytest.mark.parametrize("name", WORKBOOKS)
def test_charts_are_placed_at_their_drawn_size(
    name: str, workbooks: dict[str, docx.document.Document]
) -> None:
    placed = [shape.width for shape in workbooks[name].inline_shapes]
    drawn = [
        docx.shared.Mm(Chart(function(*args), None).placed_width_mm)
        for function, args in charts_of(name).values()
    ]
    assert placed[-len(drawn) :] == drawn
