"""The machinery every workshop form shares: fields bound to parameter paths, validated by the
same model as ``kit check``, with save, reset and write-the-document buttons.

A form keeps the parameters as the plain data a YAML file holds. A change to one widget builds
a candidate (the data with that one value replaced) and validates it through
:func:`kit.params.validate`; a candidate with problems is not applied, and each problem line,
worded exactly as ``kit check`` words it, is shown beside the widget it concerns. So nothing
a form accepts can fail ``kit check``, and a saved file reproduces the form's results headless.

Widgets carry exact values: integers as integers, decimals and percentages as the text of a
choice or a box (never a float slider), so a 10 % step is 10 %, not 10.000000000000002 %.
"""

from __future__ import annotations

import copy
import datetime as dt
import html
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import ipywidgets as w

from kit.errors import KitError, ParamsError
from kit.params import format_location, validate
from kit.tables import escape

if TYPE_CHECKING:
    from kit.notebook import Workshop

Path_ = tuple[str | int, ...]
W = TypeVar("W", bound=w.DOMWidget)

LABEL = w.Layout(width="230px", min_width="230px")
CONTROL = w.Layout(width="340px")
WIDE = w.Layout(width="560px")
ERROR_STYLE = "color:#b00020;font-size:90%;margin-left:8px;line-height:1.4"
TEXT_STYLE = "line-height:1.4"
"""Widget HTML inherits a 28 px line height, made for one-line labels: a wrapped label or a
table row of the live summary would otherwise show its lines a blank line apart."""
LABEL_STYLE = f"display:block;{TEXT_STYLE}"


def decimal_steps(low: str, high: str, step: str) -> list[str]:
    """Exact decimal choices from ``low`` to ``high``: the options of a slider that cannot drift."""
    value, end, increment = Decimal(low), Decimal(high), Decimal(step)
    found = []
    while value <= end:
        found.append(format(value.normalize(), "f"))
        value += increment
    return found


class Form:
    """Base class of a playbook's workshop form.

    A subclass builds its rows in :meth:`controls` with the field helpers below and says in
    :meth:`summarise` what to show live under the form; everything else is shared.
    """

    def __init__(self, workshop: Workshop) -> None:
        self.workshop = workshop
        self.data: dict[str, Any] = workshop.params.model_dump(mode="json")
        self._errors: dict[str, w.HTML] = {}
        self._reverting = False
        self._message = _styled(w.Output(), "kit-form-message")
        self._summary = _styled(w.HTML(), "kit-form-summary")
        self.shown: Any = None
        """What the form shows live under its fields (a table), for tests and the notebook."""
        self._file = _styled(
            w.Text(value=str(workshop.default_save_path()), description="save to", layout=WIDE),
            "kit-form-file",
        )
        self._replace = w.Checkbox(
            value=False, description="replace an existing file", indent=False
        )
        buttons = [
            self._button("Save parameters", "save", self._save),
            self._button("Reset to file", "undo", self._reset),
        ]
        if workshop.playbook.documents:
            buttons.append(self._button("Write document", "file-text", self._write))
        self._controls = w.VBox(self.controls())
        self.widget = _styled(
            w.VBox(
                [
                    self._controls,
                    w.HTML("<hr style='margin:6px 0'>"),
                    self._summary,
                    w.HBox([self._file, self._replace]),
                    w.HBox(buttons),
                    self._message,
                ],
                layout=w.Layout(max_width="1100px"),
            ),
            "kit-form",
        )
        self.refresh()

    # --- what a subclass provides ---------------------------------------------------------------

    def controls(self) -> list[w.Widget]:
        raise NotImplementedError

    def summarise(self, analysis: Any) -> Any:
        """A table or lines shown live under the form; by default nothing."""
        return None

    # --- field helpers ---------------------------------------------------------------------------

    def get(self, path: Path_) -> Any:
        node: Any = self.data
        for key in path:
            node = node[key]
        return node

    def row(self, path: Path_, label: str, control: w.Widget) -> w.Widget:
        """``label``, the control and the place where this field's problems appear."""
        error = self._errors.setdefault(format_location(path), w.HTML())
        text = html.escape(label)
        return _styled(
            w.HBox(
                [
                    _styled(
                        w.HTML(
                            f"<span title='{text}' style='{LABEL_STYLE}'>{text}</span>",
                            layout=LABEL,
                        ),
                        "kit-form-label",
                    ),
                    control,
                    error,
                ],
                layout=w.Layout(align_items="center", flex_flow="row wrap"),
            ),
            "kit-form-row",
        )

    def bind(
        self,
        path: Path_,
        control: w.Widget,
        convert: Callable[[Any], Any] = lambda value: value,
    ) -> w.Widget:
        def changed(change: dict[str, Any]) -> None:
            if self._reverting:
                return
            if not self.apply(path, convert(change["new"])):
                # The box goes back to the value in use; the message beside it quotes the
                # refused one, so the form never shows a value it is not using.
                self._reverting = True
                try:
                    control.value = change["old"]
                finally:
                    self._reverting = False

        control.observe(changed, names="value")
        return control

    def integer(self, path: Path_, label: str, low: int, high: int, step: int = 1) -> w.Widget:
        value = self.get(path)
        control = w.IntSlider(
            value=value,
            min=min(low, value),
            max=max(high, value),
            step=step,
            layout=CONTROL,
            continuous_update=False,
        )
        return self.row(path, label, self.bind(path, control))

    def count(self, path: Path_, label: str) -> w.Widget:
        """A whole number typed in a box, for counts without a natural upper bound."""
        control = w.IntText(value=self.get(path), layout=CONTROL, continuous_update=False)
        return self.row(path, label, self.bind(path, control))

    def choice(self, path: Path_, label: str, options: Sequence[tuple[str, Any]]) -> w.Widget:
        control = w.Dropdown(options=list(options), value=self.get(path), layout=CONTROL)
        return self.row(path, label, self.bind(path, control))

    def decimal(
        self, path: Path_, label: str, low: str, high: str, step: str, suffix: str = ""
    ) -> w.Widget:
        """A slider over exact decimal choices; the file's own value is always one of them."""
        current = self.get(path)
        shown = str(current).removesuffix("%")
        options = decimal_steps(low, high, step)
        if shown not in options:
            options = sorted({*options, shown}, key=Decimal)
        control = w.SelectionSlider(
            options=[(f"{o}{suffix}", o) for o in options],
            value=shown,
            layout=CONTROL,
            continuous_update=False,
        )
        return self.row(path, label, self.bind(path, control, lambda v: f"{v}{suffix}"))

    def percent(
        self, path: Path_, label: str, low: str = "0", high: str = "100", step: str = "1"
    ) -> w.Widget:
        return self.decimal(path, label, low, high, step, suffix="%")

    def money(self, path: Path_, label: str) -> w.Widget:
        """An amount typed as text, kept exact; the currency stays the file's."""
        value = self.get(path)  # a dumped Money is {"amount", "currency"}; a typed one is text
        amount, currency = (
            (value["amount"], value["currency"])
            if isinstance(value, dict)
            else str(value).rsplit(" ", 1)
        )
        control = w.Text(value=amount, layout=w.Layout(width="180px"), continuous_update=False)
        tail = w.HTML(f"&nbsp;{html.escape(currency)}")
        self.bind(path, control, lambda text: f"{text.strip()} {currency}")
        return self.row(path, label, w.HBox([control, tail]))

    def number(self, path: Path_, label: str) -> w.Widget:
        """A decimal typed as text, kept exact."""
        control = w.Text(
            value=str(self.get(path)), layout=w.Layout(width="180px"), continuous_update=False
        )
        return self.row(path, label, self.bind(path, control, _decimal_text))

    def text(self, path: Path_, label: str, *, lines: bool = False) -> w.Widget:
        kind = w.Textarea if lines else w.Text
        control = kind(value=self.get(path) or "", layout=WIDE, continuous_update=False)
        return self.row(path, label, self.bind(path, control))

    def items(self, path: Path_, label: str) -> w.Widget:
        """A list of short texts, one per line."""
        control = w.Textarea(
            value="\n".join(self.get(path)),
            layout=w.Layout(width="560px", height="90px"),
            continuous_update=False,
        )
        return self.row(
            path,
            label,
            self.bind(path, control, lambda text: [x for x in text.splitlines() if x.strip()]),
        )

    def date(self, path: Path_, label: str) -> w.Widget:
        """A date; an optional date left empty stays empty."""
        value = self.get(path)
        control = w.DatePicker(
            value=dt.date.fromisoformat(value) if value else None, layout=CONTROL
        )
        return self.row(
            path, label, self.bind(path, control, lambda d: d.isoformat() if d else None)
        )

    def flag(self, path: Path_, label: str) -> w.Widget:
        control = w.Checkbox(value=bool(self.get(path)), indent=False)
        return self.row(path, label, self.bind(path, control))

    @staticmethod
    def heading(text: str) -> w.Widget:
        return w.HTML(f"<b>{html.escape(text)}</b>")

    # --- applying a change -------------------------------------------------------------------

    def apply(self, path: Path_, value: Any) -> bool:
        """Validate the data with ``value`` at ``path``; apply it only when it is valid."""
        candidate = copy.deepcopy(self.data)
        node: Any = candidate
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return self.apply_data(candidate, format_location(path))

    def apply_data(self, candidate: dict[str, Any], field_path: str = "") -> bool:
        model = self.workshop.playbook.model()
        try:
            params = validate(candidate, "form", model)
            self.workshop.playbook.check_requirements(params, "form")
        except ParamsError as exc:
            self._show_problems(exc.problems, field_path)
            return False
        self._clear_problems()
        self.data = candidate
        self.workshop.update(params)
        self.refresh()
        return True

    def _show_problems(self, problems: list[str], field_path: str) -> None:
        placed: dict[str, list[str]] = {}
        loose: list[str] = []
        for problem in problems:
            where = problem.split(": ", 1)[0]
            target = next(
                (
                    key
                    for key in self._errors
                    if key
                    and (where == key or where.startswith(key + ".") or where.startswith(key + "["))
                ),
                None,
            )
            if target is None and field_path in self._errors:
                target = field_path
            (placed.setdefault(target, []) if target else loose).append(problem)
        for key, error in self._errors.items():
            lines = placed.get(key, [])
            error.value = "".join(
                f"<div style='{ERROR_STYLE}'>{html.escape(line)}</div>" for line in lines
            )
        self._say(
            "<span style='color:#b00020'><b>Not applied</b>; the last valid values stay in use."
            + "".join(f"<br>{escape(line)}" for line in loose)
            + "</span>",
            "\n".join(["Not applied; the last valid values stay in use.", *loose]),
        )

    def _clear_problems(self) -> None:
        for error in self._errors.values():
            error.value = ""
        self._say("", "")

    def refresh(self) -> None:
        self.shown = self.summarise(self.workshop.analysis)
        self._summary.value = (
            f"<div style='{TEXT_STYLE}'>{self.shown._repr_html_()}</div>"
            if self.shown is not None
            else ""
        )

    # --- buttons -----------------------------------------------------------------------------

    def _button(self, label: str, icon: str, action: Callable[[], None]) -> w.Button:
        button = w.Button(description=label, icon=icon, layout=w.Layout(width="auto"))
        button.on_click(lambda _: self._report(action))
        return button

    def _report(self, action: Callable[[], None]) -> None:
        try:
            action()
        except KitError as exc:
            self._say(
                "<br>".join(
                    f"<span style='color:#b00020'>{escape(line)}</span>" for line in exc.lines()
                ),
                "\n".join(exc.lines()),
            )

    def _say(self, body: str, text: str) -> None:
        """Show ``body`` (HTML, or ``text`` where HTML is not shown) under the buttons; an
        empty ``body`` clears the line.

        The line is an output area rather than an HTML widget because JupyterLab resolves the
        links in an output against the notebook's folder: a link to a written document then
        downloads it, where in an HTML widget the same relative link points into JupyterLab's
        own page addresses and downloads the page instead.
        """
        data = {"text/html": body, "text/plain": text}
        self._message.outputs = (
            ({"output_type": "display_data", "data": data, "metadata": {}},) if body else ()
        )

    def _save(self) -> None:
        path = self.workshop.save(Path(self._file.value), replace=self._replace.value)
        self._say(
            f"Saved to <code>{escape(str(path))}</code>; "
            f"<code>kit check {escape(path.name)}</code> accepts it.",
            f"Saved to {path}; kit check {path.name} accepts it.",
        )

    def _reset(self) -> None:
        self.workshop.reset()
        self.data = self.workshop.params.model_dump(mode="json")
        self._clear_problems()
        self._controls.children = self.controls()
        self.refresh()
        self._say("Back to the values in the file.", "Back to the values in the file.")

    def _write(self) -> None:
        written = self.workshop.write()
        self._say(written._repr_html_(), repr(written))


def _styled(widget: W, name: str) -> W:
    """``widget`` with the CSS class ``name``: the handle by which the page (and the browser
    test) finds a form's parts without depending on their order."""
    widget.add_class(name)
    return widget


def _decimal_text(text: str) -> str:
    """A typed decimal passed on as text, so the model reports a bad one with its path."""
    try:
        return format(Decimal(text.strip()), "f")
    except InvalidOperation:
        return text
