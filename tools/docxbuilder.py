"""Helpers that write docxtpl templates with python-docx: styles, cover, loops, tables, fields.

The templates in ``templates/`` are ordinary Word files a person may restyle; these helpers only
produce the first version of each, so every template starts with the same styles and layout.
"""

from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

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

    def para(self, text: str, style: str | None = None, bold_label: str | None = None) -> None:
        paragraph = self.doc.add_paragraph(style=style)
        if bold_label:
            paragraph.add_run(bold_label).bold = True
        paragraph.add_run(text)

    def bullets(self, loop: str, item: str = "item") -> None:
        """One bullet per element of ``loop`` (a Jinja expression)."""
        self.doc.add_paragraph(f"{{%p for {item} in {loop} %}}")
        self.doc.add_paragraph(f"{{{{ {item} }}}}", style="List Bullet")
        self.doc.add_paragraph("{%p endfor %}")

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
    ) -> None:
        """A real Word table: a header row, one row per element of ``loop``, optional totals.

        ``cells`` are attribute names of the loop item; ``totals`` rows are written verbatim
        (Jinja allowed) and shaded so readers see where sums sit.
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
        self.doc.add_paragraph()

    def save(self, path: Path) -> None:
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
