"""Design form: the funnel, the target stack, the growth plan and the motion a workshop moves.

A design workshop argues about how much each stage holds and passes on, what the revenue
target asks of the stack, and how the growth target splits into its three sources. The live
summary under the form (end-to-end conversion, the constrained stage, the stage targets) follows
every change, so the team sees at once which stage a new assumption turns into the constraint.
"""

from __future__ import annotations

import ipywidgets as w

from kit.design import views
from kit.design.calculations import COMPONENTS, DesignAnalysis
from kit.forms import Form as BaseForm
from kit.tables import Report


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        funnel = self.data["funnel"]
        rows: list[w.Widget] = [self.heading(f"Funnel {funnel['period']}")]
        for i, stage in enumerate(funnel["stages"]):
            name = stage["name"]
            path = ("funnel", "stages", i)
            rows.append(self.count((*path, "volume"), f"{name}: volume"))
            if stage.get("conversion_to_next") is not None:
                rows.append(
                    self.percent((*path, "conversion_to_next"), f"{name}: on to next", step="0.5")
                )
            rows.append(self.number((*path, "days_in_stage"), f"{name}: days in stage"))
        stack = self.data["target_stack"]
        rows += [
            self.heading("Target stack"),
            self.money(("target_stack", "revenue_target"), "Revenue target"),
            self.money(("target_stack", "average_deal_size"), "Average deal size"),
            self.percent(
                ("target_stack", "win_rate"),
                f"Win rate from {stack['entry_stage']}",
                low="0.1",
                step="0.1",
            ),
        ]
        rows += [
            self.percent(
                ("target_stack", "stages", i, "conversion"),
                f"Reaching {stage['name']}",
                low="0.5",
                step="0.5",
            )
            for i, stage in enumerate(stack["stages"])
        ]
        rows += [
            self.heading("Growth plan"),
            self.money(("growth_plan", "target"), "Plan target"),
            *(
                self.money(("growth_plan", name, "target"), f"{name.capitalize()} target")
                for name in COMPONENTS
            ),
            self.heading("Motion"),
            self.money(("motion", "acv"), "Average contract value"),
            self.count(("motion", "customers_per_year"), "New customers per year"),
        ]
        return rows

    def summarise(self, analysis: DesignAnalysis) -> Report:
        return views.live(analysis)
