"""Qualification form: every score and gate with its evidence; route and verdict follow live.

A qualification workshop argues about single points ("is delivery feasibility really 1?") and
about whether a gate is truly passed. The form puts each score's slider beside the evidence
that justifies it, and each gate's tick box beside its evidence, and shows the totals, route,
effort and verdict under the form after every change, so the team sees which point or gate
tips the deal.
"""

from __future__ import annotations

import ipywidgets as w

from kit.forms import CONTROL
from kit.forms import Form as BaseForm
from kit.qualify import views
from kit.qualify.calculations import GATE_TABLE, QualifyAnalysis
from kit.tables import Report

EVIDENCE = w.Layout(width="480px")
"""Beside a 340 px control and a 230 px label the evidence box still fits a 1100 px form."""


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        rows: list[w.Widget] = []
        group = ""
        for line in self.workshop.analysis.result.lines:
            if line.group != group:
                group = line.group
                rows.append(self.heading(views.GROUPS[group]))
            rows.append(
                self._scored(
                    ("qualification", *line.path),
                    f"{views.DIMENSIONS[line.dimension]} (0 to {line.maximum})",
                    line.maximum,
                )
            )
        rows.append(self.heading("Gates"))
        for key, rule in GATE_TABLE.items():
            rows.append(self._gate(("qualification", "gates", key), f"{rule.title} passed"))
        return rows

    def _scored(self, path: tuple[str, ...], label: str, maximum: int) -> w.Widget:
        """A slider over the score's whole range and the evidence box beside it."""
        score = w.IntSlider(
            value=self.get((*path, "score")),
            min=0,
            max=maximum,
            layout=CONTROL,
            continuous_update=False,
        )
        evidence = w.Text(
            value=self.get((*path, "evidence")), placeholder="evidence", layout=EVIDENCE
        )
        self.bind((*path, "score"), score)
        self.bind((*path, "evidence"), evidence)
        return self.row(path, label, w.HBox([score, evidence]))

    def _gate(self, path: tuple[str, ...], label: str) -> w.Widget:
        passed = w.Checkbox(value=self.get((*path, "passed")), indent=False, layout=CONTROL)
        evidence = w.Text(
            value=self.get((*path, "evidence")), placeholder="evidence", layout=EVIDENCE
        )
        self.bind((*path, "passed"), passed)
        self.bind((*path, "evidence"), evidence)
        return self.row(path, label, w.HBox([passed, evidence]))

    def summarise(self, analysis: QualifyAnalysis) -> Report:
        return views.live(analysis)
