"""Readiness form: move the assumptions a workshop argues about and watch the verdict move.

The controls cover the judgement calls rather than the measured evidence: how high to set P,
how many cohorts make "consistent", which goals gate go-to-market fit, the sales-capacity
assumptions and the paced hiring plan. Cohorts, channels and demand stay as the file gives them.
Every value is exact (whole numbers, or decimal choices that cannot drift), so the hires the
form recommends are the hires a headless run of the saved file recommends.
"""

from __future__ import annotations

import ipywidgets as w

from kit.forms import Form as BaseForm
from kit.readiness import views
from kit.readiness.calculations import ReadinessAnalysis
from kit.readiness.model import Metric
from kit.tables import Report

GATE_ON = ("unit_economics", "gate_on")
METRICS: dict[Metric, str] = {
    "payback": "CAC payback under 12 months",
    "ltv_cac": "LTV/CAC above 3",
    "magic_number": "Magic Number above 1",
}


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        pmf, hiring = self.data["product_market_fit"], self.data["hiring"]
        rows: list[w.Widget] = [
            self.heading("Product-market fit"),
            self.percent(("product_market_fit", "required_share"), "P: share reaching the event"),
            self.integer(
                ("product_market_fit", "consistent_cohorts"),
                "Recent cohorts that must reach P",
                1,
                len(pmf["cohorts"]),
            ),
        ]
        if pmf.get("annual_retention") is not None:
            rows.append(
                self.percent(
                    ("product_market_fit", "annual_retention"), "Annual retention", step="0.5"
                )
            )
        rows += [
            self.heading("Go-to-market fit"),
            self._gates(),
            self.heading("Sales capacity"),
            self.count(("hiring", "sellers_at_start"), "Ramped sellers at the start"),
            self.integer(("hiring", "ramp_months"), "Months for a new seller to ramp", 1, 12),
            self.decimal(
                ("hiring", "opportunities_per_seller"),
                "Opportunities per ramped seller a month",
                "1",
                "50",
                "0.5",
            ),
            self.percent(
                ("hiring", "tolerance"), "Gap allowed before a month is flagged", step="5"
            ),
            self.heading("Paced plan: sellers starting each month"),
        ]
        rows += [
            self.integer(("hiring", "months", i, "hires"), month["month"], 0, 10)
            for i, month in enumerate(hiring["months"])
        ]
        return rows

    def _gates(self) -> w.Widget:
        """One tick per goal; the list the model receives keeps the method's order."""
        chosen = set(self.get(GATE_ON))
        boxes = {
            metric: w.Checkbox(
                value=metric in chosen,
                description=label,
                indent=False,
                layout=w.Layout(width="auto", margin="0 12px 0 0"),
            )
            for metric, label in METRICS.items()
        }

        def changed(_: object) -> None:
            self.apply(GATE_ON, [metric for metric, box in boxes.items() if box.value])

        for box in boxes.values():
            box.observe(changed, names="value")
        return self.row(GATE_ON, "Goals a channel must meet", w.HBox(list(boxes.values())))

    def summarise(self, analysis: ReadinessAnalysis) -> Report:
        return views.live(analysis)
