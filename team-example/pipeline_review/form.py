"""The pipeline review form: the target, the coverage wanted, and each deal's stage and amount.

A team tries what moving one deal a stage, or finding another, does to coverage and the
forecast. Every change is validated by the same model as ``kit check``; a value the file could
not hold is shown in red beside its field and not applied.
"""

from __future__ import annotations

import ipywidgets as w
from kit.forms import Form as BaseForm
from kit.tables import Report

from pipeline_review import views
from pipeline_review.calculations import PipelineAnalysis


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        stages = [(stage["name"], stage["name"]) for stage in self.data["stages"]]
        rows: list[w.Widget] = [
            self.heading("Target"),
            self.money(("target",), f"Target for {self.data['period']['label']}"),
            self.decimal(
                ("coverage_required",), "Coverage wanted (times the target)", "1", "5", "0.5"
            ),
            self.integer(("stale_after_days",), "Flag deals quiet for more than (days)", 7, 90),
            self.heading("Deals"),
        ]
        for i, deal in enumerate(self.data["deals"]):
            label = f"{deal['id']} {deal['name']}"
            rows += [
                self.choice(("deals", i, "stage"), label, stages),
                self.money(("deals", i, "amount"), "amount"),
            ]
        return rows

    def summarise(self, analysis: PipelineAnalysis) -> Report:
        return Report.of(views.headline(analysis), views.months(analysis))
