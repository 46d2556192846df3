"""Results as tables a workshop can read and nbval can compare.

A :class:`Table` shows as an HTML table in JupyterLab (plain-word headers, numbers
right-aligned, statuses coloured) and as aligned plain text everywhere else: the text form is
what a checked cell's reference output holds, so a diff of the notebook stays readable.

JupyterLab typesets the HTML a cell returns with MathJax, which reads text between two dollar
signs as a formula: "short by $24,000.00" after "$1,176,000.00" in the same paragraph came out
as italic LaTeX. Every dollar sign is therefore written inside an element MathJax skips, so
money in US dollars shows as text wherever the kit puts it in HTML.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from kit.formatting import table as text_table

Tone = Literal["good", "warn", "bad", "info"]
Align = Literal["left", "right"]

TONES: dict[str, str] = {
    "good": "#1e6b34",
    "warn": "#8a5a00",
    "bad": "#b00020",
    "info": "#1f4e79",
}
BACKGROUNDS: dict[str, str] = {
    "good": "#e6f4ea",
    "warn": "#fff4d6",
    "bad": "#fde7e9",
    "info": "#e8f0f8",
}

DOLLAR = '<span class="mathjax_ignore tex2jax_ignore">$</span>'
"""A dollar sign MathJax 3 (``mathjax_ignore``) and MathJax 2 (``tex2jax_ignore``) leave alone;
alone in its element, it cannot pair with another to open a formula."""


def escape(text: str) -> str:
    """``text`` as HTML that shows exactly ``text`` in JupyterLab, dollar signs included."""
    return html.escape(text).replace("$", DOLLAR)


@dataclass(frozen=True)
class Cell:
    """A table cell with an optional tone (status colour) for the HTML form."""

    text: str
    tone: Tone | None = None

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Column:
    label: str
    align: Align = "left"


def right(label: str) -> Column:
    """A column of numbers: right-aligned so digits line up."""
    return Column(label, "right")


def status(text: str, tone: Tone | None) -> Cell:
    return Cell(text, tone)


CellLike = Cell | str


@dataclass(frozen=True)
class Table:
    """Rows under plain-word headers, with an optional title and notes below."""

    columns: Sequence[Column | str]
    rows: Sequence[Sequence[CellLike]]
    title: str = ""
    notes: Sequence[str] = field(default_factory=tuple)

    @property
    def _columns(self) -> list[Column]:
        return [c if isinstance(c, Column) else Column(c) for c in self.columns]

    def text(self) -> str:
        lines = [self.title] if self.title else []
        lines.append(
            text_table(
                [c.label for c in self._columns],
                [[str(c) for c in row] for row in self.rows],
                [c.align == "right" for c in self._columns],
            )
        )
        if self.notes:
            lines += ["", *self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle: bool) -> None:  # IPython's text/plain
        printer.text(self.text())

    def _repr_html_(self) -> str:
        columns = self._columns
        head = "".join(
            f'<th style="text-align:{c.align};padding:4px 10px;border-bottom:2px solid #1f4e79">'
            f"{escape(c.label)}</th>"
            for c in columns
        )
        body = "".join(
            "<tr>"
            + "".join(_cell_html(cell, column) for cell, column in zip(row, columns, strict=True))
            + "</tr>"
            for row in self.rows
        )
        title = (
            f'<div style="font-weight:600;margin:6px 0 4px">{escape(self.title)}</div>'
            if self.title
            else ""
        )
        notes = "".join(f'<p style="margin:4px 0">{escape(n)}</p>' for n in self.notes)
        return (
            f'{title}<table style="border-collapse:collapse;margin:2px 0 8px;'
            f'font-variant-numeric:tabular-nums"><thead><tr>{head}</tr></thead>'
            f"<tbody>{body}</tbody></table>{notes}"
        )


NOWRAP_UNDER = 24
"""Cells shorter than this without a space (a date, a figure, a status) never wrap."""


def _cell_html(cell: CellLike, column: Column) -> str:
    text = escape(str(cell))
    style = f"text-align:{column.align};padding:3px 10px;border-bottom:1px solid #d9d9d9"
    short = len(str(cell)) < NOWRAP_UNDER
    if short and (" " not in str(cell) or column.align == "right" or isinstance(cell, Cell)):
        style += ";white-space:nowrap"
    if isinstance(cell, Cell) and cell.tone:
        style += f";color:{TONES[cell.tone]};background:{BACKGROUNDS[cell.tone]};font-weight:600"
    return f'<td style="{style}">{text}</td>'


@dataclass(frozen=True)
class Lines:
    """A few sentences of result (a verdict, a total) shown as paragraphs."""

    lines: Sequence[str]
    tone: Tone | None = None

    def text(self) -> str:
        return "\n".join(self.lines)

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text())

    def _repr_html_(self) -> str:
        colour = f"color:{TONES[self.tone]};" if self.tone else ""
        return "".join(f'<p style="{colour}margin:4px 0">{escape(line)}</p>' for line in self.lines)


Block = Table | Lines


@dataclass(frozen=True)
class Report:
    """Several tables and paragraphs shown as one result."""

    blocks: Sequence[Block]

    @classmethod
    def of(cls, *parts: Block | Report) -> Report:
        """One report from tables, paragraphs and other reports, flattened in order."""
        flat: list[Block] = []
        for part in parts:
            flat += part.blocks if isinstance(part, Report) else [part]
        return cls(tuple(flat))

    def text(self) -> str:
        return "\n\n".join(block.text() for block in self.blocks)

    def __repr__(self) -> str:
        return self.text()

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text(self.text())

    def _repr_html_(self) -> str:
        return "".join(block._repr_html_() for block in self.blocks)
