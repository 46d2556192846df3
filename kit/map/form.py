"""Mutual action plan form: move dates, change leads and statuses, see the plan re-checked live.

In a planning meeting the phase dates, who leads each phase, when each input is due and who
delivers it, and which decisions are taken are what change. The form edits exactly those and
shows under it the phase table, what is late or undated and how many sign-off checks pass. A
phase that would end before it starts is refused by the plan model, so the table never shows a
negative length and the chart never draws a bar backwards.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

import ipywidgets as w

from kit.forms import LABEL, Path_
from kit.forms import Form as BaseForm
from kit.map import views
from kit.map.calculations import PHASE_LABELS, MapAnalysis, plan_summary
from kit.tables import Report

STATUSES = [("requested", "requested"), ("committed", "committed"), ("done", "done")]
DAY = w.Layout(width="170px")
"""Narrow enough for a date, a status and an owner to share one row beside its label."""
CHOICE = w.Layout(width="170px")
OWNER = w.Layout(width="200px")


class Form(BaseForm):
    """Phases, inputs and decisions of the plan, plus the date the live check counts from.

    ``as_of`` is not a parameter: it moves only the date from which the summary under the form
    counts items late (today's meeting, say). The document always counts from the deal's issue
    date, so saving or writing never depends on it.
    """

    as_of: dt.date | None = None

    def controls(self) -> list[w.Widget]:
        plan = self.data["plan"]
        sides: dict[str, list[str]] = {"customer": [], "seller": []}
        for person in self.data["stakeholders"]:
            sides[person["side"]].append(person["name"])
        everyone = [person["name"] for person in self.data["stakeholders"]]
        rows: list[w.Widget] = [self.heading("Live check"), self._as_of(), self.heading("Phases")]
        for i, phase in enumerate(plan["phases"]):
            name = PHASE_LABELS[phase["name"]]
            rows += [
                self.date(("plan", "phases", i, "start"), f"{name} starts"),
                self.date(("plan", "phases", i, "end"), f"{name} ends"),
                self.row(
                    ("plan", "phases", i),
                    f"{name} leads (yours, ours)",
                    w.HBox(
                        [
                            self._pick(("plan", "phases", i, "customer_owner"), sides["customer"]),
                            self._pick(("plan", "phases", i, "seller_owner"), sides["seller"]),
                        ]
                    ),
                ),
            ]
        rows += [
            self.heading("What we need from each other"),
            _caption("needed by", "status", "from"),
        ]
        for i, dependency in enumerate(plan["dependencies"]):
            path: Path_ = ("plan", "dependencies", i)
            owner = w.Text(value=dependency["owner"], placeholder="who delivers it", layout=OWNER)
            rows.append(
                self.row(
                    path,
                    dependency["what"],
                    w.HBox(
                        [
                            self._day((*path, "needed_by")),
                            self._pick((*path, "status"), STATUSES),
                            self.bind((*path, "owner"), owner),
                        ]
                    ),
                )
            )
        rows += [self.heading("Decisions"), _caption("due", "decided", "approved by")]
        for i, decision in enumerate(plan["decision_points"]):
            path = ("plan", "decision_points", i)
            decided = w.Checkbox(value=decision["decided"], indent=False, layout=CHOICE)
            rows.append(
                self.row(
                    path,
                    decision["decision"],
                    w.HBox(
                        [
                            self._day((*path, "date")),
                            self.bind((*path, "decided"), decided),
                            self._pick((*path, "owner"), everyone, OWNER),
                        ]
                    ),
                )
            )
        return rows

    def _as_of(self) -> w.Widget:
        picker = w.DatePicker(value=self.as_of or self.workshop.params.date, layout=DAY)
        picker.observe(self._count_from, names="value")
        return w.HBox(
            [w.HTML("Count late items as of", layout=LABEL), picker],
            layout=w.Layout(align_items="center"),
        )

    def _count_from(self, change: dict[str, object]) -> None:
        new = change["new"]
        self.as_of = new if isinstance(new, dt.date) else None
        self.refresh()

    def _day(self, path: Path_) -> w.DatePicker:
        """A date that may be left empty: an undated input or decision is a scope risk, not
        an error, so clearing the picker is a change the plan accepts."""
        value = self.get(path)
        picker = w.DatePicker(value=dt.date.fromisoformat(value) if value else None, layout=DAY)
        return self.bind(path, picker, lambda day: day.isoformat() if day else None)

    def _pick(
        self,
        path: Path_,
        options: Sequence[str] | Sequence[tuple[str, str]],
        layout: w.Layout = CHOICE,
    ) -> w.Dropdown:
        return self.bind(
            path, w.Dropdown(options=list(options), value=self.get(path), layout=layout)
        )

    def summarise(self, analysis: MapAnalysis) -> Report:
        """Phases, late or undated items on the chosen date, and the sign-off count."""
        as_of = self.as_of or analysis.deal.date
        summary = (
            analysis.summary
            if as_of == analysis.summary.as_of
            else plan_summary(analysis.plan, as_of)
        )
        return Report.of(
            views.phases(analysis.summary), views.attention(summary), views.signed_off(analysis)
        )


def _caption(*words: str) -> w.Widget:
    """Column captions over the compact rows, aligned with their controls."""
    cells = [w.HTML("", layout=LABEL)]
    widths = (DAY.width, CHOICE.width, OWNER.width)
    cells += [
        w.HTML(f"<i>{html.escape(word)}</i>", layout=w.Layout(width=width))
        for word, width in zip(words, widths, strict=True)
    ]
    return w.HBox(cells)
