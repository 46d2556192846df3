"""Tables and lines whose HTML JupyterLab shows as written, never as LaTeX.

JupyterLab typesets the HTML a cell returns with MathJax, so two dollar amounts in one table
(``$60 = $3,117.60``, the method's worked examples, or any account billed in US dollars) turn
the text between them into a formula. MathJax leaves alone an element carrying its ignore
class, so these subclasses wrap their HTML in one; the text form, which nbval compares, is
unchanged. The account playbooks (value review and renewal) use them for every view.
"""

from __future__ import annotations

from kit.tables import Lines, Table

IGNORE = "mathjax_ignore tex2jax_ignore"
"""MathJax 3's ignore class, and MathJax 2's for older front ends."""


def _verbatim(html: str) -> str:
    return f'<div class="{IGNORE}">{html}</div>'


class PlainTable(Table):
    def _repr_html_(self) -> str:
        return _verbatim(super()._repr_html_())


class PlainLines(Lines):
    def _repr_html_(self) -> str:
        return _verbatim(super()._repr_html_())
