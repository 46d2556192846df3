"""Every playbook in a real browser: JupyterLab in headless Chromium, used as a workshop uses it.

One JupyterLab server serves a copy of the playbooks for the whole session; each test opens a
notebook in its own page at 1366 x 900 (a common laptop screen), presses Run All and reads what
the page shows. The tests check what nbval cannot: that the form renders and reacts, that
results are HTML tables and charts rather than text or LaTeX, that nothing is cut off, that
Run All keeps a workshop's unsaved edits and says so, and that a bad parameters file reads
the same in a notebook as on the command line.

Chromium is Debian's ``/usr/bin/chromium`` driven by Playwright (never a browser Playwright
downloads). Without it the tests skip, unless ``KIT_REQUIRE_CHROMIUM=1`` (CI) makes them fail.
With ``KIT_SCREENSHOTS=FOLDER`` each playbook is also photographed, a screen at a time.
"""

from __future__ import annotations

import functools
import io
import operator
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import docx
import pytest
import yaml
from conftest import ROOT, example_data, write_yaml, written_document

from kit import params, registry
from kit.notebook import Workshop
from kit.tables import Report, Table

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1366, "height": 900}
SCREENS = os.environ.get("KIT_SCREENSHOTS")
KEPT = "Kept the form's edits"

Tables = list[list[list[str]]]


def _require_chromium() -> None:
    """Skip (or, under KIT_REQUIRE_CHROMIUM=1, fail) when the browser cannot be driven here."""
    missing = ""
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} is not installed (on Debian/Ubuntu: apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401 - only whether it imports
        except ImportError as exc:
            missing = f"playwright is not installed ({exc})"
    if missing:
        if os.environ.get("KIT_REQUIRE_CHROMIUM") == "1":
            pytest.fail(f"Chromium is required here (KIT_REQUIRE_CHROMIUM=1): {missing}")
        pytest.skip(missing)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def lab(chromium: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One JupyterLab for the session, on a copy of ``playbooks/`` and ``examples/``."""
    from browser.lab import start

    server = start(tmp_path_factory.mktemp("jupyterlab"), ROOT)
    yield server
    server.stop()


@pytest.fixture
def open_notebook(chromium: Any, lab: Any) -> Iterator[Callable[[str], Any]]:
    """Opens a playbook in a fresh page; afterwards closes the pages and stops their kernels."""
    from browser.notebook import Notebook

    contexts = []

    def open_(name: str) -> Notebook:
        context = chromium.new_context(viewport=VIEWPORT)
        contexts.append(context)
        return Notebook.open(context.new_page(), lab, f"playbooks/{name}.ipynb")

    yield open_
    for context in contexts:
        context.close()
    lab.stop_kernels()


def tables(shown: Table | Report) -> Tables:
    """The tables of a form's summary as the page shows them: headers, then rows of cell text."""
    blocks = shown.blocks if isinstance(shown, Report) else [shown]
    return [
        [[c if isinstance(c, str) else c.label for c in block.columns]]
        + [[str(cell) for cell in row] for row in block.rows]
        for block in blocks
        if isinstance(block, Table)
    ]


def kit_check(path: Path | str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kit", "check", str(path)],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def document_text(file: Path | IO[bytes]) -> list[str]:
    """A Word document's paragraphs and table cells, in order."""
    document = docx.Document(file if not isinstance(file, Path) else str(file))
    return [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    ]


def downloaded_text(file: str, body: bytes) -> list[str]:
    """The text of the document a link downloaded; a link that fetched a web page instead
    (a relative link JupyterLab did not resolve) fails here."""
    assert body.startswith(b"PK\x03\x04"), f"the link to {file} fetched {body[:60]!r}"
    return document_text(io.BytesIO(body))


# ==============================================================================================
# Every playbook: Run All shows a form, tables and charts, and nothing a workshop cannot read
# ==============================================================================================


@pytest.mark.parametrize("name", sorted(registry.playbooks()))
def test_run_all_shows_the_form_tables_and_charts(name: str, open_notebook) -> None:
    playbook = registry.get(name)
    notebook = open_notebook(name)
    ran = notebook.run_all()
    if SCREENS:
        notebook.screenshots(Path(SCREENS), name)
    errors = notebook.errors()
    assert not errors, "\n\n".join(error.describe() for error in errors)
    assert ran, "Run All stopped before the last cell"
    if playbook.form:
        notebook.form.wait_for()  # widgets render a moment after their cell has run
    shown = notebook.layout()
    assert shown["forms"] == (1 if playbook.form else 0)
    assert shown["widgetErrors"] == []
    assert shown["tables"] >= 1, "no result is shown as an HTML table"
    charts = sum("Image(" in source for source in notebook.code_cells())
    assert (shown["images"], shown["brokenImages"]) == (charts, 0), "a chart is missing"
    assert shown["narrowSliders"] == [], "sliders squeezed to a bare handle"
    assert shown["cutLabels"] == [], "labels cut off"
    assert shown["cutReadouts"] == [], "slider values cut off"
    assert shown["overflowingForms"] == 0, "the form is wider than the notebook"
    assert notebook.typeset_math() == [], "text shown as a LaTeX formula"
    assert notebook.page_errors == []
    ident = params.load(playbook.example).id
    links = notebook.downloads(notebook.page.locator(".jp-Notebook"))
    expected = [f"{name}-{ident}{spec.suffix}.docx" for spec in playbook.documents]
    assert sorted(links) == sorted(expected)
    for file, body in links.items():
        assert downloaded_text(file, body)


# ==============================================================================================
# A workshop: edit the form, Run All, save, check, write
# ==============================================================================================


def slide_to_lowest(row: Any) -> None:
    row.locator(".noUi-handle").press("Home")


def type_40(row: Any) -> None:
    box = row.locator("input")
    box.fill("40")
    box.press("Tab")  # a number box sends its value when it loses the focus


@dataclass(frozen=True)
class Edit:
    """One change a workshop makes in a form row, and the value it puts in the parameters."""

    label: str
    make: Callable[[Any], None]
    path: tuple[str, ...]
    value: Any


EDITS = {
    "qualify": Edit(
        "Profile alignment",
        slide_to_lowest,
        ("qualification", "fit", "profile_alignment", "score"),
        0,
    ),
    "proposal": Edit("Seats", type_40, ("pricing", "subscription", "quantity"), 40),
}


@pytest.mark.parametrize("name", sorted(EDITS))
def test_a_form_edit_is_shown_kept_saved_and_written(
    name: str, open_notebook, lab, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    edit, playbook = EDITS[name], registry.get(name)
    notebook = open_notebook(name)
    assert notebook.run_all()
    before = notebook.summary()
    edit.make(notebook.row(edit.label))
    after = notebook.wait_for_summary_change(before)
    if SCREENS:
        notebook.form.locator(".kit-form-summary").scroll_into_view_if_needed()
        notebook.page.screenshot(path=Path(SCREENS) / f"{name}-edited-form.png")

    # Run All again: the session keeps the edit, shows the edited results, and says so.
    assert notebook.run_all()
    note = notebook.page.locator(".jp-OutputArea-output").filter(has_text=KEPT)
    if SCREENS:
        note.scroll_into_view_if_needed()
        notebook.page.screenshot(path=Path(SCREENS) / f"{name}-kept-edits.png")
    assert ".".join(edit.path) in note.inner_text()
    assert notebook.summary() == after

    # Saved, the values pass `kit check` and reproduce the browser's results headless.
    saved = lab.root / "examples" / f"{name}-edited.yaml"
    notebook.form.locator(".kit-form-file input").fill(str(saved))
    notebook.press("Save parameters")
    assert f"kit check {saved.name}" in notebook.message("Saved to")
    checked = kit_check(saved)
    assert checked.returncode == 0, checked.stderr
    data = yaml.safe_load(saved.read_text(encoding="utf-8"))
    assert functools.reduce(operator.getitem, edit.path, data) == edit.value
    monkeypatch.setattr(Workshop, "_open", {})
    headless = Workshop.open(name, saved)
    headless.form  # noqa: B018 - builds the form, as the notebook's form cell does
    assert tables(headless._form.shown) == after

    if not playbook.documents:
        return
    notebook.press("Write document")
    listed = notebook.message("-workshop.docx")
    if SCREENS:
        notebook.page.screenshot(path=Path(SCREENS) / f"{name}-written.png")
    [customer] = [spec for spec in playbook.documents if not spec.internal]
    file = f"{name}-{data['id']}{customer.suffix}-workshop.docx"
    assert file in listed
    written = lab.outputs / data["id"] / file
    expected = document_text(written_document(name, params.load(saved), tmp_path))
    assert document_text(written) == expected
    links = notebook.downloads(notebook.form.locator(".kit-form-message"))
    assert downloaded_text(file, links[file]) == expected


# ==============================================================================================
# A bad parameters file: the command line's lines, no traceback
# ==============================================================================================


def test_a_bad_parameters_file_shows_the_lines_kit_check_prints(open_notebook, lab) -> None:
    data = example_data("saas-subscription.yaml")
    data["locale"] = "xx_YY"
    data["requirements"][0]["priority"] = "urgent"
    write_yaml(lab.root / "examples", data, "broken-deal.yaml")
    # The notebook runs in playbooks/; from there `kit check` names the file as the cell does.
    named = "../examples/broken-deal.yaml"
    expected = kit_check(named, cwd=lab.root / "playbooks").stderr.splitlines()
    assert expected == [
        f"error: {named}: locale: 'xx_YY' is not a locale Babel knows; use a code like en_GB",
        f"error: {named}: requirements[0].priority: Input should be 'must', 'should' or"
        " 'could' (got 'urgent')",
    ]

    notebook = open_notebook("qualify")
    notebook.set_parameters(f'params_file = "{named}"\nout_dir = None\nhandoff = None')
    assert not notebook.run_all()
    if SCREENS:
        notebook.screenshots(Path(SCREENS), "qualify-bad-parameters")
    [error] = notebook.errors()
    assert "Workshop.open" in error.source
    assert error.text().splitlines() == expected
    shown = notebook.page.locator(".jp-OutputArea-output").filter(has_text=expected[0])
    assert shown.inner_text().splitlines() == expected
