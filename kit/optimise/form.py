"""Optimisation form: re-rate the backlog, pick the lever, set the target, see the plan move.

A workshop argues about how to rate each idea and which one to sprint on. The ranking, the
sprint's value and the compounded goal under the form follow every change; a target less than
10 % above the baseline is refused with the message ``kit check`` gives for it.
"""

from __future__ import annotations

import copy
from typing import Any

import ipywidgets as w

from kit.forms import Form as BaseForm
from kit.forms import Path_
from kit.optimise import views
from kit.optimise.calculations import SCALES, OptimiseAnalysis
from kit.optimise.model import percent_text
from kit.tables import Report

LEVER: Path_ = ("sprint", "lever")
RATINGS = tuple(SCALES)


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        rows: list[w.Widget] = []
        for i, item in enumerate(self.data["backlog"]):
            rows.append(self.heading(f"{item['id']} on {item['moment']}: {item['metric']}"))
            rows += [
                self.integer(("backlog", i, name), f"{item['id']} {name}", 1, 5) for name in RATINGS
            ]
        options = [
            (f"{item['id']} on {item['moment']}", item["id"]) for item in self.data["backlog"]
        ]
        rows += [
            self.heading("Sprint"),
            self.choice(LEVER, "Lever (one backlog item)", options),
            self.date(("sprint", "start"), "First day"),
            self.percent(("sprint", "baseline_conversion"), "Baseline conversion", step="0.5"),
            self.percent(("sprint", "target_conversion"), "Target conversion", step="0.5"),
        ]
        return rows

    def apply(self, path: Path_, value: Any) -> bool:
        """A new lever brings its own moment's baseline and +10 % goal with it.

        The baseline and target belong to the moment the lever improves: keeping the previous
        lever's figures would plan a sprint on one moment against another moment's numbers.
        """
        if tuple(path) != LEVER:
            return super().apply(path, value)
        candidate = copy.deepcopy(self.data)
        candidate["sprint"]["lever"] = value
        moment = next(
            (item["moment"] for item in candidate["backlog"] if item["id"] == value), None
        )
        goal = next((g for g in self.workshop.analysis.goals if g.moment.id == moment), None)
        if goal is not None:
            candidate["sprint"]["baseline_conversion"] = percent_text(goal.current)
            candidate["sprint"]["target_conversion"] = percent_text(goal.goal)
        applied = self.apply_data(candidate, "sprint.lever")
        if applied:
            self._controls.children = self.controls()
        return applied

    def summarise(self, analysis: OptimiseAnalysis) -> Report:
        return views.live(analysis)
