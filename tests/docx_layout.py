"""Checks of a rendered document's page layout and of a chart's print size, shared by the
document tests.

A table row split across pages, a heading left alone at the foot of a page, a column header
broken inside a word or chart text too small to read at print size are what a customer sees
first; these helpers find each of them in the document or figure itself.
"""

from __future__ import annotations

from functools import cache

import matplotlib.text
import pytest
from docx.oxml.ns import qn
from matplotlib.figure import Figure
from PIL import ImageFont

CARLITO_BOLD = "/usr/share/fonts/truetype/crosextra/Carlito-Bold.ttf"
CELL_MARGINS_MM = 2 * 1.905
"""Word's default left and right cell margins (0.075 in each) in the Table Grid style."""
MAX_FIGURE_INCHES = 6.6
"""The widest a chart may be drawn so that it prints at its own size (170 mm of text)."""
MIN_CHART_PT = 8


def rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def image_sizes_mm(element) -> list[tuple[float, float]]:
    """Width and height of every picture placed inside ``element`` (a cell, a paragraph)."""
    extents = element.iter(qn("wp:extent"))
    return [(int(e.get("cx")) / 36_000, int(e.get("cy")) / 36_000) for e in extents]


def all_text(document) -> str:
    """Every paragraph and table cell of the body, headers and footers, as one string."""
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.footer):
            parts += [p.text for p in part.paragraphs]
    return "\n".join(parts)


def data_tables(document) -> list:
    """The tables that carry data; the cover's blocks are laid out in a plain table."""
    return [table for table in document.tables if table.style.name == "Table Grid"]


def has(row, tag: str) -> bool:
    properties = row._tr.trPr
    return properties is not None and properties.find(qn(tag)) is not None


def split_rows(document) -> list[str]:
    """Data tables with a row allowed to split across pages or a header row not repeated."""
    found = []
    for table in data_tables(document):
        if not all(has(row, "w:cantSplit") for row in table.rows):
            found.append(f"{rows(table)[0]}: a row may split")
        if not has(table.rows[0], "w:tblHeader"):
            found.append(f"{rows(table)[0]}: header row not repeated")
    return found


def loose_headings(document) -> list[str]:
    """Headings that may end a page apart from what follows them."""
    loose = [
        f"Heading {level} style"
        for level in (1, 2)
        if not document.styles[f"Heading {level}"].paragraph_format.keep_with_next
    ]
    loose += [
        p.text
        for p in document.paragraphs
        if p.style.name.startswith("Heading") and p.paragraph_format.keep_with_next is False
    ]
    return loose


@cache
def _header_font() -> ImageFont.FreeTypeFont | None:
    """Carlito bold at 90 px: lengths divided by 10 are points at the tables' 9 pt headers."""
    try:
        return ImageFont.truetype(CARLITO_BOLD, 90)
    except OSError:
        return None


def header_words_too_wide(document) -> list[str]:
    """Header words wider than their column at 9 pt bold (a word may wrap only at a space)."""
    bold = _header_font()
    if bold is None:
        pytest.skip("Carlito, the templates' font, is not installed (fonts-crosextra-carlito)")
    too_wide = []
    for table in data_tables(document):
        grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
        widths_mm = [int(col.get(qn("w:w"))) / 1440 * 25.4 for col in grid]
        for text, width in zip(rows(table)[0], widths_mm, strict=False):
            for word in text.split():
                word_mm = bold.getlength(word) / 10 / 72 * 25.4
                if word_mm > width - CELL_MARGINS_MM:
                    too_wide.append(f"{word} ({word_mm:.1f} mm in {width:.0f} mm)")
    return too_wide


def small_chart_text(figure: Figure) -> list[str]:
    """Visible chart text under 8 pt at the drawn (and printed) size."""
    texts = [
        text
        for text in figure.findobj(matplotlib.text.Text)
        if text.get_visible() and text.get_text().strip()
    ]
    assert texts, "the figure draws no text at all"
    return [
        f"{text.get_text()!r} at {text.get_fontsize()} pt"
        for text in texts
        if text.get_fontsize() < MIN_CHART_PT
    ]


def drawn_width_inches(figure: Figure) -> float:
    """The figure's width once saved with ``bbox_inches="tight"``, as the kit saves charts."""
    figure.canvas.draw()
    return figure.get_tightbbox(figure.canvas.get_renderer()).width
