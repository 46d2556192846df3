"""A playbook notebook open in JupyterLab in headless Chromium, driven the way a person would.

JupyterLab exposes its application object as ``window.jupyterapp`` (the server runs with
``expose_app_in_browser``), so the driver runs the same commands as the menus (``Run > Run All
Cells``) and reads the notebook's own model for what each cell printed. What a person *sees*
(the form, tables, charts, whether a slider or a label is cut off) is read from the page.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page

from browser.lab import Lab

RUN_ALL_TIMEOUT_MS = 600_000
"""A cold Run All of the longest playbook takes well under a minute; ten is a hang."""

READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.context || panel.context.path !== path) return false;
  const session = panel.sessionContext;
  const kernel = session.session && session.session.kernel;
  return panel.context.isReady && session.isReady && !!kernel
    && kernel.connectionStatus === 'connected' && kernel.status === 'idle'
    && app.commands.hasCommand('notebook:run-all-cells');
}"""

RUN_ALL = """async (timeout) => {
  const app = window.jupyterapp;
  app.shell.activateById(app.shell.currentWidget.id);
  await app.commands.execute('notebook:clear-all-cell-outputs');
  const late = new Promise((_, reject) => setTimeout(
    () => reject(new Error(`Run All did not finish within ${timeout} ms`)), timeout));
  return await Promise.race([app.commands.execute('notebook:run-all-cells'), late]);
}"""

CELLS = """() => window.jupyterapp.shell.currentWidget.content.widgets
  .filter(cell => cell.model.type === 'code')
  .map(cell => ({
    source: cell.model.sharedModel.getSource(),
    outputs: cell.model.outputs.toJSON(),
  }))"""

SET_PARAMETERS = """(source) => {
  const cell = window.jupyterapp.shell.currentWidget.content.widgets
    .find(cell => (cell.model.getMetadata('tags') || []).includes('parameters'));
  cell.model.sharedModel.setSource(source);
}"""

TYPESET = """async () => {
  const panel = window.jupyterapp.shell.currentWidget;
  const typesetter = panel.content.rendermime.latexTypesetter;
  if (typesetter) await typesetter.typeset(panel.content.node);
  return [...panel.content.node.querySelectorAll('mjx-container')]
    .map(math => math.closest('.jp-OutputArea-output, .jp-MarkdownOutput').innerText.slice(0, 200));
}"""

IMAGES_DECODED = """() => [...document.querySelectorAll('.jp-RenderedImage img')]
  .every(img => img.complete)"""

LAYOUT = """() => {
  const notebook = window.jupyterapp.shell.currentWidget.content.node;
  const outputs = [...notebook.querySelectorAll('.jp-OutputArea-output')];
  const cut = (el) => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
  const rowLabel = (el) => {
    const row = el.closest('.kit-form-row');
    const label = row && row.querySelector('.kit-form-label');
    return label ? label.innerText.trim() : '(no label)';
  };
  const images = [...notebook.querySelectorAll('.jp-RenderedImage img')];
  return {
    forms: notebook.querySelectorAll('.jp-OutputArea-output .kit-form').length,
    widgetErrors: outputs.map(o => o.innerText).filter(t => t.includes('Error displaying widget')),
    tables: [...notebook.querySelectorAll('.jp-OutputArea-output.jp-RenderedHTMLCommon table')]
      .filter(table => !table.closest('.jupyter-widgets')).length,
    images: images.length,
    brokenImages: images.filter(img => !(img.complete && img.naturalWidth > 0)).length,
    narrowSliders: [...notebook.querySelectorAll('.kit-form .widget-slider')]
      .map(s => [rowLabel(s), s.querySelector('.noUi-target').getBoundingClientRect().width])
      .filter(([, width]) => width < 120),
    cutLabels: [...notebook.querySelectorAll('.kit-form-label')]
      .filter(l => cut(l) || cut(l.querySelector('.widget-html-content')))
      .map(l => l.innerText.trim()),
    cutReadouts: [...notebook.querySelectorAll('.kit-form .widget-readout')]
      .filter(cut).map(rowLabel),
    overflowingForms: [...notebook.querySelectorAll('.kit-form')]
      .filter(f => f.scrollWidth > f.clientWidth + 1).length,
  };
}"""

TABLES = """(root) => [...root.querySelectorAll('table')].map(table =>
  [...table.querySelectorAll('tr')].map(row =>
    [...row.children].map(cell => cell.innerText.trim())))"""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


@dataclass(frozen=True)
class Output:
    """One output of one code cell, as the notebook model holds it."""

    cell: int
    """The cell's position among the notebook's code cells, from 0."""
    source: str
    output: dict[str, Any]

    @property
    def is_error(self) -> bool:
        kind = self.output["output_type"]
        return kind == "error" or (kind == "stream" and self.output["name"] == "stderr")

    def text(self) -> str:
        """What the output shows as text: an error's traceback lines, a stream, or text/plain."""
        if self.output["output_type"] == "error":
            return _ANSI.sub("", "\n".join(self.output["traceback"]))
        if self.output["output_type"] == "stream":
            return _joined(self.output["text"])
        return _joined(self.output.get("data", {}).get("text/plain", ""))

    def describe(self) -> str:
        first = self.source.splitlines()[0] if self.source else ""
        return f"code cell {self.cell} ({first}):\n{self.text()}"


class Notebook:
    """One notebook open in its own browser page."""

    def __init__(self, page: Page, path: str) -> None:
        self.page = page
        self.path = path
        self.page_errors: list[str] = []
        """Uncaught JavaScript errors: a widget that failed to render shows up here."""
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    @classmethod
    def open(cls, page: Page, lab: Lab, path: str) -> Notebook:
        """Open ``path`` and wait until its kernel is idle and the run commands exist."""
        notebook = cls(page, path)
        page.goto(lab.notebook_url(path))
        page.wait_for_function(READY, arg=path, timeout=120_000, polling=250)
        return notebook

    # --- running -----------------------------------------------------------------------------

    def run_all(self) -> bool:
        """Clear the outputs and run every cell, as ``Run > Run All Cells`` does; ``False`` when
        a cell failed (JupyterLab then skips the cells after it)."""
        done = self.page.evaluate(RUN_ALL, RUN_ALL_TIMEOUT_MS)
        self.page.wait_for_function(READY, arg=self.path, timeout=60_000, polling=250)
        return bool(done)

    def set_parameters(self, source: str) -> None:
        """Replace the ``parameters`` cell's text, as a person editing ``params_file`` does."""
        self.page.evaluate(SET_PARAMETERS, source)

    # --- what the cells produced ----------------------------------------------------------------

    def outputs(self) -> list[Output]:
        found = []
        for index, cell in enumerate(self.page.evaluate(CELLS)):
            found += [Output(index, cell["source"], output) for output in cell["outputs"]]
        return found

    def code_cells(self) -> list[str]:
        return [cell["source"] for cell in self.page.evaluate(CELLS)]

    def errors(self) -> list[Output]:
        return [output for output in self.outputs() if output.is_error]

    def typeset_math(self) -> list[str]:
        """Typeset the page now, as JupyterLab does after rendering, and return the text around
        anything MathJax turned into a formula (money written with ``$`` would be)."""
        return self.page.evaluate(TYPESET)

    def layout(self) -> dict[str, Any]:
        """What a person would see wrong: forms, tables and charts shown, widgets cut off."""
        self.page.wait_for_function(IMAGES_DECODED, timeout=60_000, polling=250)
        return self.page.evaluate(LAYOUT)

    # --- the form ---------------------------------------------------------------------------------

    @property
    def form(self) -> Locator:
        return self.page.locator(".jp-OutputArea-output .kit-form")

    def row(self, label: str) -> Locator:
        """The form row whose label starts with ``label``."""
        return self.form.locator(".kit-form-row").filter(
            has=self.page.locator(".kit-form-label", has_text=re.compile("^" + re.escape(label)))
        )

    def summary(self) -> list[list[list[str]]]:
        """The tables of the form's live summary: rows of cell texts, headers first."""
        return self.form.locator(".kit-form-summary").evaluate(TABLES)

    def wait_for_summary_change(self, before: list[list[list[str]]]) -> list[list[list[str]]]:
        """The summary once it differs from ``before``: the kernel answers a change
        asynchronously, so the page shows the new result a moment after the edit."""
        deadline = time.monotonic() + 60
        while (now := self.summary()) == before:
            if time.monotonic() > deadline:
                raise AssertionError(f"the form's summary did not change from {before}")
            self.page.wait_for_timeout(100)
        return now

    def press(self, button: str) -> None:
        self.form.get_by_role("button", name=button).click()

    def message(self, containing: str) -> str:
        """The form's message line, once it contains ``containing``."""
        message = self.form.locator(".kit-form-message")
        message.filter(has_text=containing).wait_for(timeout=60_000)
        return message.inner_text()

    def downloads(self, within: Locator) -> dict[str, bytes]:
        """What each download link under ``within`` fetches, by the link's text: the bytes a
        person clicking it would save."""
        found = {}
        for link in within.locator("a[download]").all():
            answer = self.page.request.get(link.evaluate("(a) => a.href"))
            found[link.inner_text().strip()] = answer.body() if answer.ok else b""
        return found

    # --- pictures -------------------------------------------------------------------------------

    def screenshots(self, folder: Path, stem: str) -> list[Path]:
        """The whole notebook, one viewport at a time from the top, as ``stem-01.png``...

        The notebook scrolls inside its panel, not the page, so a full-page screenshot would
        show only the first screen; stepping the panel's scroll position shows everything at
        the real window width.
        """
        folder.mkdir(parents=True, exist_ok=True)
        scroller = self.page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"
        )
        height, view = scroller.evaluate("(el) => [el.scrollHeight, el.clientHeight]")
        shots, top, last = [], 0, max(height - view, 0)
        while True:
            scroller.evaluate("(el, top) => { el.scrollTop = top; }", top)
            self.page.wait_for_timeout(200)  # let the scrolled-in outputs paint
            shots.append(folder / f"{stem}-{len(shots) + 1:02d}.png")
            self.page.screenshot(path=shots[-1])
            if top >= last:
                return shots
            top = min(top + view - 80, last)


def _joined(text: str | list[str]) -> str:
    return text if isinstance(text, str) else "".join(text)
