"""Qualification form: change a score, see the route and verdict recompute live."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.models.deal import Deal, Qualification
from kit.qualify.calculations import GATE_TABLE, qualify, score_lines
from kit.qualify import views


class QualificationForm:
    """Sliders and evidence boxes for every score, a toggle per gate, and a live result."""

    def __init__(self, deal: Deal) -> None:
        self.deal = deal
        self._data: dict[str, Any] = deal.qualification.model_dump()
        self._output = w.Output()
        rows: list[w.Widget] = []
        for line in score_lines(deal.qualification):
            path = ("fit", "intent", "intent_qualification")
            keys = [line.group, line.dimension] if line.group in path else [line.dimension]
            rows.append(self._score_row(keys, line.dimension, line.score, line.maximum))
        for key, rule in GATE_TABLE.items():
            gate = self._data["gates"][key]
            toggle = w.Checkbox(value=gate["passed"], description=f"{rule.title} gate passed")
            evidence = w.Text(
                value=gate["evidence"], placeholder="evidence", layout=w.Layout(width="60%")
            )
            toggle.observe(self._setter(["gates", key, "passed"]), names="value")
            evidence.observe(self._setter(["gates", key, "evidence"]), names="value")
            rows.append(w.HBox([toggle, evidence]))
        self.widget = w.VBox([*rows, self._output])
        self._refresh()

    def _score_row(self, keys: list[str], label: str, score: int, maximum: int) -> w.Widget:
        slider = w.IntSlider(
            value=score,
            min=0,
            max=maximum,
            description=label.replace("_", " "),
            style={"description_width": "180px"},
        )
        evidence = w.Text(
            value=self._get(keys)["evidence"], placeholder="evidence", layout=w.Layout(width="50%")
        )
        slider.observe(self._setter([*keys, "score"]), names="value")
        evidence.observe(self._setter([*keys, "evidence"]), names="value")
        return w.HBox([slider, evidence])

    def _get(self, keys: list[str]) -> dict[str, Any]:
        node = self._data
        for key in keys:
            node = node[key]
        return node

    def _setter(self, keys: list[str]):
        def update(change: dict[str, Any]) -> None:
            self._get(keys[:-1])[keys[-1]] = change["new"]
            self._refresh()

        return update

    def _refresh(self) -> None:
        qualification = Qualification.model_validate(self._data)
        self.deal = self.deal.model_copy(update={"qualification": qualification})
        result = qualify(qualification)
        self._output.clear_output()
        with self._output:
            print(views.routing(result))
            print(views.verdict(result))
