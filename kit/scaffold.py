"""Start a playbook of your own: ``kit new playbook NAME`` writes a package that runs at once.

The package is the same shape as one of the kit's own slices, in a project of its own: a
parameters model, an analysis, a view, a workshop form, a document builder, a notebook, a
Word template, an example file and a test, registered through the ``kit.playbooks`` entry
point. After ``pip install -e`` of the folder, ``kit list`` shows it, ``kit run NAME``
writes its document and ``pytest`` in the folder passes, so a team starts from something that
works and changes one piece at a time.

The Word template is drafted with python-docx from a built-in template (its styles, page
layout, header and footer), so a new playbook's documents look like the kit's own.
"""

from __future__ import annotations

import json
import keyword
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path

from kit import __version__, registry
from kit.errors import KitError, UsageError
from kit.resources import builtin

NAME = re.compile(r"^[a-z][a-z0-9_]{1,38}[a-z0-9]$")
BASE_TEMPLATE = "proposal.docx"
"""The built-in template whose styles, page set-up, header and footer a new template reuses."""
CHECKED = ["nbval-check-output", "keep_output"]


def new_playbook(name: str, into: Path) -> Path:
    """Write the package of a new playbook called ``name`` into ``into`` and return its folder.

    Nothing is left behind when a step fails: the files are written into a hidden folder
    beside the target and renamed into place at the end.
    """
    _check_name(name)
    folder = into / name.replace("_", "-")
    if folder.exists():
        raise UsageError(f"{folder}: already exists; choose another name or --into folder")
    try:
        into.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".new", dir=into))
    except OSError as exc:
        raise UsageError(f"{into}: cannot create the playbook here ({exc.strerror})") from exc
    try:
        _write_package(staging, name)
        os.replace(staging, folder)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot write the playbook ({exc.strerror})") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def example_file(folder: Path, name: str) -> Path:
    """Where the new package keeps its example parameters file."""
    return folder / name / "examples" / "example.yaml"


def _check_name(name: str) -> None:
    """A name must work as a package, a module, a kind and a playbook name all at once."""
    if not NAME.match(name) or "__" in name:
        raise UsageError(
            f"'{name}': a playbook name is 3 to 40 lowercase letters, digits and single"
            " underscores, starting with a letter (e.g. discovery_call)"
        )
    if keyword.iskeyword(name):
        raise UsageError(f"'{name}': a Python keyword cannot name a package")
    if name in registry.playbooks():
        raise UsageError(f"'{name}': a playbook of this name is already installed (see kit list)")
    if name in registry.kinds():
        raise UsageError(f"'{name}': a parameters kind of this name already exists")
    if find_spec(name) is not None:
        raise UsageError(
            f"'{name}': a Python module of this name is already installed; the new package"
            " would hide it or be hidden by it"
        )


def _words(name: str) -> dict[str, str]:
    words = name.split("_")
    return {
        "@NAME@": name,
        "@DASHED@": "-".join(words),
        "@TITLE@": " ".join(words).capitalize(),
        "@CLASS@": "".join(word.capitalize() for word in words),
        "@KIT@": __version__,
    }


def _fill(text: str, words: dict[str, str]) -> str:
    for token, value in words.items():
        text = text.replace(token, value)
    return text


def _write_package(root: Path, name: str) -> None:
    words = _words(name)
    for relative, text in SOURCES.items():
        path = root / _fill(relative, words)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_fill(text, words).lstrip("\n"), encoding="utf-8")
    package = root / name
    _skeleton_template(words["@TITLE@"]).save(package / "templates" / f"{name}.docx")
    outputs = _reference_outputs(root, name, words["@CLASS@"])
    _write_notebook(package / "playbooks" / f"{name}.ipynb", _notebook_cells(words), outputs)


# --- the notebook ------------------------------------------------------------------------------


def _notebook_cells(words: dict[str, str]) -> list[tuple[str, str, list[str]]]:
    """(kind, source, tags) of each cell; checked cells get their reference output later."""
    return [(kind, _fill(source, words).strip("\n"), tags) for kind, source, tags in NOTEBOOK_CELLS]


def _write_notebook(
    path: Path, cells: Sequence[tuple[str, str, list[str]]], outputs: Sequence[dict[str, str]]
) -> None:
    """Write a playbook notebook; the cells tagged for nbval take ``outputs`` in order.

    Every other cell is written without output, as the kit's own notebooks are committed.
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    pending = iter(outputs)
    notebook = new_notebook(
        metadata={
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python", "pygments_lexer": "ipython3"},
        }
    )
    count = 0
    for index, (kind, source, tags) in enumerate(cells):
        if kind == "markdown":
            cell = new_markdown_cell(source)
        else:
            count += 1
            cell = new_code_cell(source)
            if tags:
                cell.metadata["tags"] = list(tags)
            if "nbval-check-output" in tags:
                cell.execution_count = count
                cell.outputs = [
                    new_output("execute_result", data=next(pending), execution_count=count)
                ]
        cell.id = str(index)
        notebook.cells.append(cell)
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))


_OUTPUTS_SCRIPT = """
import json, sys
import yaml
sys.path.insert(0, sys.argv[1])
name, model_class = sys.argv[2], sys.argv[3]
model = __import__(f"{name}.model", fromlist=["x"])
calculations = __import__(f"{name}.calculations", fromlist=["x"])
views = __import__(f"{name}.views", fromlist=["x"])
with open(sys.argv[4], encoding="utf-8") as stream:
    params = getattr(model, model_class).model_validate(yaml.safe_load(stream))
analysis = calculations.analyse(params)
shown = [views.headline(analysis), views.lines(analysis)]
print(json.dumps([{"text/html": s._repr_html_(), "text/plain": s.text()} for s in shown]))
"""


def _reference_outputs(root: Path, name: str, model_class: str) -> list[dict[str, str]]:
    """What the notebook's checked cells show for the example, from the package's own code.

    The package is not installed yet, so the views run in a separate interpreter with its
    folder on the path; the reference outputs are then exactly what nbval will compare.
    """
    example = example_file(root, name)
    result = subprocess.run(
        [sys.executable, "-c", _OUTPUTS_SCRIPT, str(root), name, model_class, str(example)],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no error output"])[-1]
        raise KitError(f"{root}: the new playbook's views failed on its example ({last})")
    return json.loads(result.stdout)


# --- the Word template -------------------------------------------------------------------------


class TemplateDraft:
    """A new Word template that starts from a built-in one's look.

    The built-in template's body is cleared; its styles, page size and margins, numbering,
    header and footer stay, so the new document reads as one of the kit's. Tags are written
    as plain text in single runs, the way ``kit templates check`` expects them.
    """

    def __init__(self, title: str, base: Path | None = None) -> None:
        from docx import Document
        from docx.opc.constants import RELATIONSHIP_TYPE

        self.doc = Document(str(base or builtin("templates") / BASE_TEMPLATE))
        body = self.doc.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
        package_rels = self.doc.part.package.rels
        for rel_id, rel in list(package_rels.items()):
            if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:  # a picture of the base's first page
                del package_rels[rel_id]
        properties = self.doc.core_properties
        properties.title = title
        properties.subject = ""
        properties.keywords = ""
        properties.comments = ""

    def header(self, text: str) -> None:
        """The running header of every page after the cover, replacing the base's own (whose
        tags name the base's data, not this template's)."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH

        header = self.doc.sections[0].header
        for child in list(header._element):
            header._element.remove(child)
        header.add_paragraph(text, style="Header").alignment = WD_ALIGN_PARAGRAPH.RIGHT

    def cover(self, title: str, lines: Sequence[str]) -> None:
        """A cover page: space, the title, one subtitle per line, then a page break."""
        from docx.enum.text import WD_BREAK

        for _ in range(6):
            self.doc.add_paragraph()
        self.doc.add_paragraph(title, style="Title")
        for line in lines:
            self.doc.add_paragraph(line, style="Subtitle")
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def heading(self, text: str, level: int = 1) -> None:
        self.doc.add_heading(text, level=level)

    def paragraph(self, text: str, *, label: str = "") -> None:
        """A paragraph of body text, optionally led by a bold label."""
        paragraph = self.doc.add_paragraph()
        if label:
            paragraph.add_run(label).bold = True
        paragraph.add_run(text)

    def bullets(self, loop: str, text: str, item: str = "item") -> None:
        """One bullet per element of ``loop``; ``text`` may use ``item``."""
        self._keep_lead_in()
        self.doc.add_paragraph(f"{{%p for {item} in {loop} %}}")
        self.doc.add_paragraph(text, style="List Bullet")
        self.doc.add_paragraph("{%p endfor %}")

    def table(
        self,
        headers: Sequence[str],
        loop: str,
        cells: Sequence[str],
        *,
        item: str = "row",
        numbers: Sequence[int] = (),
        totals: Sequence[str] = (),
        widths_mm: Sequence[float] = (),
    ) -> None:
        """A table with a header row, one row per element of ``loop`` and an optional total.

        ``cells`` are attributes of the loop's item; ``numbers`` are the columns to align
        right, so figures line up; ``totals`` is a last row written as given, in bold;
        ``widths_mm`` fixes the column widths (170 mm fill the page between the margins).
        """
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, RGBColor

        self._keep_lead_in()
        table = self.doc.add_table(rows=1, cols=len(headers))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
            _shade(cell, "1F4E79")
        _row_property(table.rows[0], "tblHeader")  # repeated on every page the table spans
        for cell in table.rows[0].cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # never a header alone
        table.add_row().cells[0].text = f"{{%tr for {item} in {loop} %}}"
        row = table.add_row()
        for cell, attribute in zip(row.cells, cells, strict=True):
            cell.text = f"{{{{ {item}.{attribute} }}}}"
        table.add_row().cells[0].text = "{%tr endfor %}"
        if totals:
            row = table.add_row()
            for cell, text in zip(row.cells, totals, strict=True):
                cell.paragraphs[0].add_run(text).bold = True
                _shade(cell, "DEEAF6")
        if widths_mm:
            table.autofit = False
        for row in table.rows:
            _row_property(row, "cantSplit")  # a row split over two pages is easily misread
            for column in numbers:
                row.cells[column].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for cell, width in zip(row.cells, widths_mm, strict=False):
                cell.width = Mm(width)  # Word reads the cells' widths, LibreOffice the grid's
        for column, width in zip(table.columns, widths_mm, strict=False):
            column.width = Mm(width)
        self.doc.add_paragraph()

    def _keep_lead_in(self) -> None:
        """The paragraph leading into a list or a table moves to the next page with it."""
        paragraphs = self.doc.paragraphs
        if paragraphs and paragraphs[-1].text:
            paragraphs[-1].paragraph_format.keep_with_next = True

    def save(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.doc.save(str(path))
        return path


def _shade(cell: object, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)  # type: ignore[attr-defined]


def _row_property(row: object, name: str) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement(f"w:{name}"))  # type: ignore[attr-defined]


def _skeleton_template(title: str) -> TemplateDraft:
    """The new playbook's template: a cover, a summary with tags, and a table with a loop."""
    draft = TemplateDraft(title)
    draft.header("{{ doc.customer }} \N{MIDDLE DOT} {{ doc.title }}")
    draft.cover(
        "{{ doc.title }}",
        ["For {{ doc.customer }}", "Prepared by {{ doc.author }}", "{{ doc.date }}"],
    )
    draft.heading("Summary")
    draft.paragraph(
        "The lines add up to {{ summary.total }} against a target of {{ summary.target }}:"
        " {{ summary.verdict }}."
    )
    draft.heading("Lines")
    draft.paragraph("Each line, who answers for it, and its share of the total.")
    draft.table(
        ["Line", "Owner", "Amount", "Share"],
        "lines",
        ["name", "owner", "amount", "share"],
        item="line",
        numbers=(2, 3),
        totals=("Total", "", "{{ summary.total }}", "100%"),
    )
    return draft


# --- the package's text files ------------------------------------------------------------------

PYPROJECT = """
[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[project]
name = "@DASHED@-playbook"
version = "0.1.0"
description = "@TITLE@: a playbook for the sales playbook kit."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["sales-playbook-kit>=@KIT@"]

[project.optional-dependencies]
test = ["pytest>=8", "nbval>=0.11,<0.12"]

# The kit finds the playbook through this entry point: once the package is installed,
# `kit list` shows it and `kit run @NAME@` runs it.
[project.entry-points."kit.playbooks"]
@NAME@ = "@NAME@:PLAYBOOK"

[tool.hatch.build.targets.wheel]
packages = ["@NAME@"]
# `pip install -e .` puts this folder on the path; no extra build package is needed for it.
dev-mode-dirs = ["."]

[tool.pytest.ini_options]
testpaths = ["tests", "@NAME@/playbooks"]
addopts = "-ra --nbval-lax --nbval-current-env"

[tool.ruff]
line-length = 100
target-version = "py311"
extend-exclude = ["*.ipynb"]

[tool.ruff.lint]
select = ["E", "F", "W", "I", "B", "UP", "SIM", "RUF"]
"""

README = """
# @TITLE@

A playbook for the sales playbook kit, in a package of its own. It was started with
`kit new playbook @NAME@` and runs as it is: replace the example's fields and arithmetic with
your own, one piece at a time, and keep the tests passing.

```bash
pip install -e .                      # the kit then finds it: kit list
kit check @NAME@/examples/example.yaml
kit run @NAME@ --params @NAME@/examples/example.yaml
pytest                                # the tests, and the notebook through nbval
```

| file | what it holds |
|---|---|
| `@NAME@/__init__.py` | the playbook's description: kind, notebook, example, template |
| `@NAME@/model.py` | the parameters file's fields; `kit check` and the form validate with it |
| `@NAME@/calculations.py` | the analysis: every figure, computed once per run |
| `@NAME@/views.py` | the results as tables for the notebook |
| `@NAME@/form.py` | the workshop form: fields bound to the parameters, results live |
| `@NAME@/document.py` | the Word document's text, formatted for the file's locale |
| `@NAME@/templates/@NAME@.docx` | the Word template; restyle it, then `kit templates check` |
| `@NAME@/playbooks/@NAME@.ipynb` | the notebook `kit run` executes and a workshop opens |
| `@NAME@/examples/example.yaml` | the example parameters file |
| `tests/test_@NAME@.py` | tests of the arithmetic and the document |

The notebook's cells tagged `nbval-check-output` keep their output as a reference, and
`pytest` fails when the output changes. After changing a calculation or a view, run the
notebook in JupyterLab, check the new output, and save it.
"""

CONFTEST = '''
"""Documents written by the tests go to a temporary folder, never into the package.

Set at import, so the notebook kernels that nbval starts inherit it as well, and removed
when the test session ends.
"""

import os
import tempfile

if "KIT_OUTPUT_DIR" not in os.environ:
    _OUTPUTS = tempfile.TemporaryDirectory(prefix="@NAME@-test-outputs-")
    os.environ["KIT_OUTPUT_DIR"] = _OUTPUTS.name
'''

INIT = '''
"""@TITLE@: lines of work measured against a target.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly like the
kit's own playbooks. The code is named as ``"module:attribute"`` text, not imported, so
``kit list`` stays quick however many playbooks are installed.
"""

from pathlib import Path

from kit.registry import DocumentSpec, Kind, Playbook

HERE = Path(__file__).resolve().parent

PLAYBOOK = Playbook(
    name="@NAME@",
    summary="@TITLE@: lines of work measured against a target.",
    kind=Kind("@NAME@", "@NAME@.model:@CLASS@"),
    analyse="@NAME@.calculations:analyse",
    notebook=HERE / "playbooks" / "@NAME@.ipynb",
    example=HERE / "examples" / "example.yaml",
    template_dir=HERE / "templates",
    documents=(DocumentSpec("@NAME@.docx", "@NAME@.document:customer"),),
    form="@NAME@.form:Form",
)
'''

MODEL = '''
"""The @TITLE@ parameters file: what one run reads, checked by ``kit check``.

Each field's description is what ``kit schema @NAME@`` prints. Unknown keys are errors, so a
misspelt field is reported instead of being ignored.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from kit.models.base import Locale, Slug, Strict, Text, field
from kit.models.checks import currency_problems
from kit.types import Amount


class Line(Strict):
    """One line of work: an item, an opportunity, a workstream."""

    name: Text = field("What the line is, in a few words.")
    owner: Text = field("Who answers for it.")
    amount: Amount = field("What it is worth.", unit="money, e.g. '30000 EUR'")


class @CLASS@(Strict):
    """@TITLE@: lines of work measured against a target."""

    kind: Literal["@NAME@"] = field("File kind; selects this model.")
    id: Slug = field("Short name for the output folder and files: lowercase, digits, hyphens.")
    title: Text = field("Title on the document's cover.")
    customer: Text = field("Who the document is for.")
    author: Text = field("Who prepares the document.")
    date: dt.date = field("Date printed on the document.")
    locale: Locale = field("Formats of numbers, money and dates.", default="en_GB")
    target: Amount = field("What the lines should add up to.", unit="money, e.g. '100000 EUR'")
    lines: list[Line] = field("The lines to add up.", min_length=1)

    def reference_problems(self) -> list[str]:
        """Checks across fields, reported like field errors, e.g. ``lines[1].amount: ...``."""
        amounts = [(f"lines[{i}].amount", line.amount) for i, line in enumerate(self.lines)]
        return currency_problems(amounts, self.target.currency, "target")
'''

CALCULATIONS = '''
"""The @TITLE@ analysis: every figure the notebook, the form and the document show.

It is computed once per run and read by the views, the form's live summary and the Word
document, so they can never disagree. Amounts stay exact (a Decimal with its currency);
shares are fractions, formatted only where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kit.types import Money

from @NAME@ import model


@dataclass(frozen=True)
class Share:
    line: model.Line
    share: Decimal
    """The line's part of the total as a fraction: 0.25 is a quarter."""


@dataclass(frozen=True)
class Analysis:
    params: model.@CLASS@
    total: Money
    shares: tuple[Share, ...]
    gap: Money
    """What is still missing to reach the target; zero once it is reached."""

    @property
    def reached(self) -> bool:
        return self.gap.amount == 0


def analyse(params: model.@CLASS@) -> Analysis:
    currency = params.target.currency
    total = sum((line.amount for line in params.lines), Money.zero(currency))
    shares = tuple(
        Share(line, line.amount.amount / total.amount if total.amount else Decimal(0))
        for line in params.lines
    )
    missing = max(params.target.amount - total.amount, Decimal(0))
    return Analysis(params, total, shares, Money(amount=missing, currency=currency))
'''

VIEWS = '''
"""The @TITLE@ results as tables: HTML in JupyterLab, aligned text for nbval to compare."""

from __future__ import annotations

from kit import formatting
from kit.tables import Lines, Table, right

from @NAME@.calculations import Analysis


def verdict(analysis: Analysis) -> str:
    """Whether the target is reached, in words the notebook and the document share."""
    if analysis.reached:
        return "the target is reached"
    return f"{formatting.money(analysis.gap, analysis.params.locale)} short of it"


def headline(analysis: Analysis) -> Lines:
    params = analysis.params
    total = formatting.money(analysis.total, params.locale)
    target = formatting.money(params.target, params.locale)
    tone = "good" if analysis.reached else "warn"
    return Lines([f"{params.customer}: {total} against {target}; {verdict(analysis)}"], tone)


def lines(analysis: Analysis) -> Table:
    """Each line with its owner, amount and share of the total."""
    locale = analysis.params.locale
    rows = [
        [
            share.line.name,
            share.line.owner,
            formatting.money(share.line.amount, locale),
            formatting.percent(share.share, locale),
        ]
        for share in analysis.shares
    ]
    return Table(
        ["Line", "Owner", right("Amount"), right("Share")],
        rows,
        notes=[f"Total: {formatting.money(analysis.total, locale)}"],
    )
'''

FORM = '''
"""The @TITLE@ workshop form: the target and each line's amount.

Every change is validated by the same model as ``kit check``; the table under the form follows
each accepted change, and a value the file could not hold is shown in red beside its field.
"""

from __future__ import annotations

import ipywidgets as w
from kit.forms import Form as BaseForm
from kit.tables import Table

from @NAME@ import views
from @NAME@.calculations import Analysis


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        rows: list[w.Widget] = [self.heading("Target"), self.money(("target",), "Target")]
        rows.append(self.heading("Lines"))
        rows += [
            self.money(("lines", i, "amount"), line["name"])
            for i, line in enumerate(self.data["lines"])
        ]
        return rows

    def summarise(self, analysis: Analysis) -> Table:
        return views.lines(analysis)
'''

DOCUMENT = '''
"""The @TITLE@ Word document: display-ready text for the template ``@NAME@.docx``.

The context holds strings only, already formatted for the file's locale, so the template has
no logic beyond one loop and can be restyled in Word; ``kit templates check`` then says
whether the edited copy still fits.
"""

from __future__ import annotations

from kit import formatting
from kit.document import Content, Properties

from @NAME@ import views
from @NAME@.calculations import Analysis


def customer(analysis: Analysis) -> Content:
    params = analysis.params
    locale = params.locale
    context = {
        "doc": {
            "title": params.title,
            "customer": params.customer,
            "author": params.author,
            "date": formatting.date(params.date, locale),
        },
        "summary": {
            "total": formatting.money(analysis.total, locale),
            "target": formatting.money(params.target, locale),
            "verdict": views.verdict(analysis),
        },
        "lines": [
            {
                "name": share.line.name,
                "owner": share.line.owner,
                "amount": formatting.money(share.line.amount, locale),
                "share": formatting.percent(share.share, locale),
            }
            for share in analysis.shares
        ],
    }
    subject = f"@TITLE@ for {params.customer}"
    return Content(context, {}, Properties(params.title, params.author, subject, params.date))
'''

EXAMPLE = """
# An example parameters file for the @TITLE@ playbook.
# Check it with: kit check @NAME@/examples/example.yaml
kind: @NAME@
id: example-customer
title: "@TITLE@"
customer: Example Customer Ltd
author: Your Name
date: "2027-01-15"
locale: en_GB
target: 100000 EUR
lines:
  - name: Onboarding workshop
    owner: Alex Morgan
    amount: 30000 EUR
  - name: Annual subscription
    owner: Sam Patel
    amount: 45000 EUR
  - name: Training days
    owner: Alex Morgan
    amount: 10000 EUR
"""

TEST = '''
"""The @TITLE@ playbook on its example: the arithmetic, and what the document says."""

from __future__ import annotations

from decimal import Decimal

import docx
import pytest
from kit import document, params, registry
from kit.errors import ParamsError

from @NAME@.calculations import analyse


@pytest.fixture
def example():
    playbook = registry.get("@NAME@")
    return params.load(playbook.example, playbook.model())


def test_the_lines_add_up_and_the_gap_is_what_is_missing(example):
    analysis = analyse(example)
    assert analysis.total.amount == Decimal("85000")
    assert analysis.gap.amount == Decimal("15000")
    assert not analysis.reached
    assert [round(s.share, 4) for s in analysis.shares] == [
        Decimal("0.3529"),
        Decimal("0.5294"),
        Decimal("0.1176"),
    ]


def test_a_line_in_another_currency_is_refused(example):
    data = example.model_dump(mode="json")
    data["lines"][1]["amount"] = {"amount": "45000", "currency": "USD"}
    with pytest.raises(ParamsError) as caught:
        params.validate(data, "example")
    assert caught.value.problems == ["lines[1].amount: currency USD differs from target EUR"]


def test_the_document_states_the_total_and_lists_every_line(example, tmp_path):
    playbook = registry.get("@NAME@")
    written = document.write(playbook, analyse(example), tmp_path)
    assert [path.name for path in written.files] == ["@NAME@-example-customer.docx"]
    word = docx.Document(str(written.files[0]))
    text = "\\n".join(paragraph.text for paragraph in word.paragraphs)
    assert "The lines add up to €85,000.00 against a target of €100,000.00" in text
    rows = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert rows[1] == ["Onboarding workshop", "Alex Morgan", "€30,000.00", "35.29%"]
    assert rows[-1] == ["Total", "", "€85,000.00", "100%"]
'''

NOTEBOOK_CELLS: list[tuple[str, str, list[str]]] = [
    (
        "markdown",
        """
# @TITLE@

Add up the lines of work and see how far they are from the target. Change the amounts in the
form to try another plan; write the document when the numbers are right.

Headless: `kit run @NAME@ --params FILE [--out DIR]`.
""",
        [],
    ),
    (
        "code",
        """
params_file = "../examples/example.yaml"
out_dir = None
handoff = None
""",
        ["parameters"],
    ),
    (
        "code",
        """
from kit.notebook import Workshop

from @NAME@ import views

ws = Workshop.open("@NAME@", params_file, out_dir, handoff)
views.headline(ws.analysis)
""",
        CHECKED,
    ),
    (
        "markdown",
        """
## Workshop form

Change the target or a line's amount: the table below the form follows every change. A value
the parameters file could not hold is shown in red beside its field and not applied.
""",
        [],
    ),
    ("code", "ws.form", []),
    (
        "markdown",
        """
## Lines against the target

Each line with who answers for it and its share of the total.
""",
        [],
    ),
    ("code", "views.lines(ws.analysis)", CHECKED),
    (
        "markdown",
        """
## Write the document

The document goes to `outputs/<id>/`, or to the folder given with `--out`. Values changed in
the form give a file named `...-workshop.docx`.
""",
        [],
    ),
    ("code", "ws.write()", []),
]

SOURCES: dict[str, str] = {
    "pyproject.toml": PYPROJECT,
    "README.md": README,
    "tests/conftest.py": CONFTEST,
    "@NAME@/__init__.py": INIT,
    "@NAME@/model.py": MODEL,
    "@NAME@/calculations.py": CALCULATIONS,
    "@NAME@/views.py": VIEWS,
    "@NAME@/form.py": FORM,
    "@NAME@/document.py": DOCUMENT,
    "@NAME@/examples/example.yaml": EXAMPLE,
    "tests/test_@NAME@.py": TEST,
}
