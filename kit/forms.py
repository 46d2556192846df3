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
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from kit.errors import KitError, ParamsError
from kit.params import format_location, validate

if TYPE_CHECKING:
    from kit.notebook import Workshop

Path_ = tuple[str | int, ...]

LABEL = w.Layout(width="230px", min_width="230px")
CONTROL = w.Layout(width="340px")
WIDE = w.Layout(width="560px")
ERROR_STYLE = "color:#b00020;font-size:90%;margin-left:8px"


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
        self._message = w.HTML()
        self._summary = w.HTML()
        self.shown: Any = None
        """What the form shows live under its fields (a table), for tests and the notebook."""
        self._file = w.Text(
            value=str(workshop.default_save_path()), description="save to", layout=WIDE
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
        self.widget = w.VBox(
            [
                self._controls,
                w.HTML("<hr style='margin:6px 0'>"),
                self._summary,
                w.HBox([self._file, self._replace]),
                w.HBox(buttons),
                self._message,
            ],
            layout=w.Layout(max_width="1100px"),
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
        return w.HBox(
            [
                w.HTML(
                    f"<span title='{html.escape(label)}'>{html.escape(label)}</span>", layout=LABEL
                ),
                control,
                error,
            ],
            layout=w.Layout(align_items="center", flex_flow="row wrap"),
        )

    def bind(
        self,
        path: Path_,
        control: w.Widget,
        convert: Callable[[Any], Any] = lambda value: value,
    ) -> w.Widget:
        control.observe(lambda change: self.apply(path, convert(change["new"])), names="value")
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
        control = w.IntText(value=self.get(path), layout=CONTROL)
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
        amount, currency = str(self.get(path)).rsplit(" ", 1)
        control = w.Text(value=amount, layout=w.Layout(width="180px"))
        tail = w.HTML(f"&nbsp;{html.escape(currency)}")
        self.bind(path, control, lambda text: f"{text.strip()} {currency}")
        return self.row(path, label, w.HBox([control, tail]))

    def number(self, path: Path_, label: str) -> w.Widget:
        """A decimal typed as text, kept exact."""
        control = w.Text(value=str(self.get(path)), layout=w.Layout(width="180px"))
        return self.row(path, label, self.bind(path, control, _decimal_text))

    def text(self, path: Path_, label: str, *, lines: bool = False) -> w.Widget:
        kind = w.Textarea if lines else w.Text
        control = kind(value=self.get(path) or "", layout=WIDE)
        return self.row(path, label, self.bind(path, control))

    def items(self, path: Path_, label: str) -> w.Widget:
        """A list of short texts, one per line."""
        control = w.Textarea(
            value="\n".join(self.get(path)), layout=w.Layout(width="560px", height="90px")
        )
        return self.row(
            path,
            label,
            self.bind(path, control, lambda text: [x for x in text.splitlines() if x.strip()]),
        )

    def date(self, path: Path_, label: str) -> w.Widget:
        control = w.DatePicker(value=dt.date.fromisoformat(self.get(path)), layout=CONTROL)
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
        self._message.value = (
            "<div style='color:#b00020'><b>Not applied</b>; the last valid values stay in use."
            + "".join(f"<br>{html.escape(line)}" for line in loose)
            + "</div>"
        )

    def _clear_problems(self) -> None:
        for error in self._errors.values():
            error.value = ""
        self._message.value = ""

    def refresh(self) -> None:
        self.shown = self.summarise(self.workshop.analysis)
        self._summary.value = self.shown._repr_html_() if self.shown is not None else ""

    # --- buttons -----------------------------------------------------------------------------

    def _button(self, label: str, icon: str, action: Callable[[], None]) -> w.Button:
        button = w.Button(description=label, icon=icon, layout=w.Layout(width="auto"))
        button.on_click(lambda _: self._report(action))
        return button

    def _report(self, action: Callable[[], None]) -> None:
        try:
            action()
        except KitError as exc:
            self._message.value = "<br>".join(
                f"<span style='color:#b00020'>{html.escape(line)}</span>" for line in exc.lines()
            )

    def _save(self) -> None:
        path = self.workshop.save(Path(self._file.value), replace=self._replace.value)
        self._message.value = (
            f"Saved to <code>{html.escape(str(path))}</code>; "
            f"<code>kit check {html.escape(path.name)}</code> accepts it."
        )

    def _reset(self) -> None:
        self.workshop.reset()
        self.data = self.workshop.params.model_dump(mode="json")
        self._clear_problems()
        self._controls.children = self.controls()
        self.refresh()
        self._message.value = "Back to the values in the file."

    def _write(self) -> None:
        written = self.workshop.write(display_result=False)
        self._message.value = written._repr_html_()


def _decimal_text(text: str) -> str:
    """A typed decimal passed on as text, so the model reports a bad one with its path."""
    try:
        return format(Decimal(text.strip()), "f")
    except InvalidOperation:
        return text
