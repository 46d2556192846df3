"""Mutual action plan form: move dates, update statuses, see the plan re-checked live.

In a planning meeting the dates and statuses are what change; the form edits exactly those and
shows at once whether the phases still line up, what is late or undated, and the sign-off count.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets as w
from pydantic import ValidationError

from kit.map.calculations import plan_summary, require_plan, signoff, watch
from kit.models.deal import Deal
from kit.models.plan import MapPlan
from kit.params import format_location
from kit.map import views

STATUSES = ["requested", "committed", "done"]


class MapPlanForm:
    """Date pickers per phase, dependency and decision; status and decided toggles; live check.

    ``deal`` always holds the last valid edit. ``as_of`` only moves the date the live check
    counts late items from; the document keeps using the deal's issue date.
    """

    def __init__(self, deal: Deal) -> None:
        self.deal = deal
        self.as_of: dt.date = deal.date
        self._data: dict[str, Any] = require_plan(deal).model_dump()
        self._output = w.Output()
        as_of = w.DatePicker(
            value=deal.date, description="check as of", style={"description_width": "140px"}
        )
        as_of.observe(self._set_as_of, names="value")
        rows: list[w.Widget] = [as_of, w.HTML("<b>Phases</b>")]
        for i, phase in enumerate(self._data["phases"]):
            rows.append(
                w.HBox(
                    [
                        self._date(f"{phase['name']} starts", ["phases", i, "start"]),
                        self._date("ends", ["phases", i, "end"], label_width="40px"),
                    ]
                )
            )
        rows.append(w.HTML("<b>What we need from each other</b>"))
        for i, dependency in enumerate(self._data["dependencies"]):
            status = w.Dropdown(
                options=STATUSES, value=dependency["status"], layout=w.Layout(width="120px")
            )
            status.observe(self._setter(["dependencies", i, "status"]), names="value")
            rows.append(
                w.HBox(
                    [
                        self._date("needed by", ["dependencies", i, "needed_by"]),
                        status,
                        w.Label(dependency["what"]),
                    ]
                )
            )
        rows.append(w.HTML("<b>Decisions</b>"))
        for i, decision in enumerate(self._data["decision_points"]):
            decided = w.Checkbox(value=decision["decided"], description="decided", indent=False)
            decided.observe(self._setter(["decision_points", i, "decided"]), names="value")
            rows.append(
                w.HBox(
                    [
                        self._date("due", ["decision_points", i, "date"]),
                        decided,
                        w.Label(decision["decision"]),
                    ]
                )
            )
        self.widget = w.VBox([*rows, self._output])
        self._refresh()

    def _date(self, label: str, keys: list[Any], label_width: str = "140px") -> w.DatePicker:
        picker = w.DatePicker(
            value=self._get(keys),
            description=label,
            style={"description_width": label_width},
        )
        picker.observe(self._setter(keys), names="value")
        return picker

    def _get(self, keys: list[Any]) -> Any:
        node: Any = self._data
        for key in keys:
            node = node[key]
        return node

    def _setter(self, keys: list[Any]):
        def update(change: dict[str, Any]) -> None:
            self._get(keys[:-1])[keys[-1]] = change["new"]
            self._refresh()

        return update

    def _set_as_of(self, change: dict[str, Any]) -> None:
        if change["new"] is not None:
            self.as_of = change["new"]
        self._refresh()

    def _refresh(self) -> None:
        self._output.clear_output()
        with self._output:
            try:
                plan = MapPlan.model_validate(self._data)
            except ValidationError as exc:
                for error in exc.errors():
                    print(f"not applied: plan.{format_location(error['loc'])}: {error['msg']}")
                return
            self.deal = self.deal.model_copy(update={"plan": plan})
            print(self.check())

    def check(self) -> str:
        """The live result: date and owner problems, phases, late or undated items, sign-off."""
        plan = require_plan(self.deal)
        dates = {m.id: m.date for m in self.deal.milestones}
        sides = {p.name: p.side for p in self.deal.stakeholders}
        problems = [f"plan.{line}" for line in plan.problems(dates, sides)]
        summary = plan_summary(plan, self.as_of)
        lines = problems or ["Phase order, dates, milestones and owners are consistent."]
        lines += ["", views.phases(summary), ""]
        late = [f"  {watch(i, 'done')}: {i.what} ({i.owner})" for i in summary.overdue]
        undated = [f"  no date: {i.what} ({i.owner or 'no owner'})" for i in summary.undated]
        lines += [f"As of {self.as_of}: {len(late)} late, {len(undated)} undated", *late, *undated]
        passed = sum(check.passed for check in signoff(self.deal))
        lines.append(f"Sign-off: {passed} of {len(signoff(self.deal))} checks pass")
        return "\n".join(lines)
