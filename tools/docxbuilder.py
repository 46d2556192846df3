"""Helpers that write docxtpl templates with python-docx: styles, cover, loops, tables, fields.

The templates in ``templates/`` are ordinary Word files a person may restyle; these helpers only
produce the first version of each, so every template starts with the same styles, layout and
page-break behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph

ACCENT = RGBColor(0x1F, 0x4E, 0x79)
HEADER_FILL = "1F4E79"
TOTAL_FILL = "DEEAF6"


class TemplateBuilder:
    """A Word document under construction, with Jinja tags written where values go."""

    def __init__(self, title: str) -> None:
        self.doc = Document()
        self.doc.core_properties.title = title
        self.doc.core_properties.author = "Sales playbook kit"
        self._styles()
        section = self.doc.sections[0]
        section.page_height, section.page_width = Mm(297), Mm(210)
        section.orientation = WD_ORIENT.PORTRAIT
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Mm(20))
        section.top_margin, section.bottom_margin = Mm(22), Mm(20)
        section.different_first_page_header_footer = True

    def _styles(self) -> None:
        styles = self.doc.styles
        normal = styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(10.5)
        normal.paragraph_format.space_after = Pt(6)
        for name, size in (("Title", 28), ("Heading 1", 16), ("Heading 2", 12.5)):
            style = styles[name]
            style.font.name = "Calibri"
            style.font.size = Pt(size)
            style.font.color.rgb = ACCENT
            style.font.bold = name != "Title"
        styles["Heading 1"].paragraph_format.space_before = Pt(18)
        styles["Heading 1"].paragraph_format.page_break_before = False
        subtitle = styles["Subtitle"]
        subtitle.font.name = "Calibri"
        subtitle.font.size = Pt(14)
        subtitle.font.color.rgb = RGBColor(0x40, 0x40, 0x40)

    def cover(self, title: str, lines: list[str]) -> None:
        """A cover page: spacing, the title, subtitle lines, then a page break."""
        for _ in range(6):
            self.doc.add_paragraph()
        self.doc.add_paragraph(title, style="Title")
        for line in lines:
            self.doc.add_paragraph(line, style="Subtitle")
        self.page_break()

    def page_break(self) -> None:
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def header_footer(self, header_text: str) -> None:
        section = self.doc.sections[0]
        header = section.header.paragraphs[0]
        header.text = header_text
        header.style = self.doc.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _field(footer, "PAGE")
        footer.add_run(" of ")
        _field(footer, "NUMPAGES")

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def para(
        self,
        text: str,
        style: str | None = None,
        bold_label: str | None = None,
        keep_with_next: bool = False,
    ) -> None:
        """A paragraph; ``keep_with_next`` holds a lead-in on the page of what follows it.

        A table's lead-in needs no flag (``table`` sets it); use it before a chart or a list.
        """
        paragraph = self.doc.add_paragraph(style=style)
        if bold_label:
            paragraph.add_run(bold_label).bold = True
        paragraph.add_run(text)
        if keep_with_next:
            paragraph.paragraph_format.keep_with_next = True

    @contextmanager
    def repeat(self, loop: str, item: str = "item") -> Iterator[None]:
        """Repeat what is written inside the ``with`` block once per element of ``loop``."""
        self.doc.add_paragraph(f"{{%p for {item} in {loop} %}}")
        yield
        self.doc.add_paragraph("{%p endfor %}")

    def bullets(self, loop: str, item: str = "item", style: str = "List Bullet") -> None:
        """One bullet (or, with ``style="List Number"``, one numbered line) per element."""
        with self.repeat(loop, item):
            self.doc.add_paragraph(f"{{{{ {item} }}}}", style=style)

    def image(self, variable: str) -> None:
        paragraph = self.doc.add_paragraph(f"{{{{ {variable} }}}}")
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER

    def table(
        self,
        headers: list[str],
        loop: str,
        cells: list[str],
        totals: list[list[str]] | None = None,
        widths_mm: list[float] | None = None,
        item: str = "row",
        font_size_pt: float | None = None,
        space_after_pt: float | None = None,
        keep_together: bool = False,
    ) -> None:
        """A real Word table: a header row, one row per element of ``loop``, optional totals.

        ``cells`` are attribute names of the loop item; ``totals`` rows are written verbatim
        (Jinja allowed) and shaded so readers see where sums sit.

        Every table gets the same page-break rules: no row splits across pages (LibreOffice
        leaves an empty stub row where one does, easy to misread as data), the header row
        never ends a page alone, and a paragraph leading into the table stays on its page.
        ``keep_together`` moves a short table, such as one ending in a totals row, to the next
        page whole. ``font_size_pt`` and ``space_after_pt`` set smaller, tighter text in every
        cell, tags included (rendering keeps the size), for wide tables whose figures would
        otherwise wrap.
        """
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, HEADER_FILL)
        _repeat_header(table.rows[0])
        table.add_row().cells[0].text = f"{{%tr for {item} in {loop} %}}"
        row = table.add_row()
        for cell, name in zip(row.cells, cells, strict=True):
            cell.text = f"{{{{ {item}.{name} }}}}"
        table.add_row().cells[0].text = "{%tr endfor %}"
        for total in totals or []:
            row = table.add_row()
            for cell, text in zip(row.cells, total, strict=True):
                cell.text = ""
                cell.paragraphs[0].add_run(text).bold = True
                _shade(cell, TOTAL_FILL)
        if widths_mm:
            _widths(table, widths_mm)
        for row in table.rows:
            _cant_split(row)
        # All rows but the last keep with the next one, so the chain ends with the table.
        _keep_with_next(table.rows[:-1] if keep_together else table.rows[:1])
        if font_size_pt is not None or space_after_pt is not None:
            _cell_text(table, font_size_pt, space_after_pt)
        _keep_lead_in(table, self.doc)
        self.doc.add_paragraph()

    def save(self, path: Path) -> None:
        _shrink_final_spacer(self.doc)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _widths(table, widths_mm: list[float]) -> None:
    """Fix column widths in the grid and every cell; Word and LibreOffice read different ones."""
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)


def _shade(cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    properties.append(marker)


def _cant_split(row) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _keep_with_next(rows) -> None:
    for row in rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def _cell_text(table, font_size_pt: float | None, space_after_pt: float | None) -> None:
    for row in table.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                if space_after_pt is not None:
                    paragraph.paragraph_format.space_after = Pt(space_after_pt)
                if font_size_pt is not None:
                    for run in paragraph.runs:
                        run.font.size = Pt(font_size_pt)


def _keep_lead_in(table, doc) -> None:
    """A paragraph with text right before the table moves to the next page with it."""
    previous = table._tbl.getprevious()
    if previous is not None and previous.tag == qn("w:p"):
        paragraph = Paragraph(previous, doc._body)
        if paragraph.text:
            paragraph.paragraph_format.keep_with_next = True


def _shrink_final_spacer(doc) -> None:
    """Word needs a paragraph after a closing table; keep it tiny so it never opens a page."""
    body = doc.element.body
    last = body[-2] if body[-1].tag == qn("w:sectPr") else body[-1]
    previous = last.getprevious()
    if last.tag == qn("w:p") and previous is not None and previous.tag == qn("w:tbl"):
        paragraph = Paragraph(last, doc._body)
        if not paragraph.text:
            paragraph.paragraph_format.space_after = Pt(0)
            paragraph.paragraph_format.line_spacing = Pt(1)
