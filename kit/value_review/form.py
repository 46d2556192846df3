"""Value-review form: try another tolerance, latest value or usage week and watch the verdicts.

In a review meeting the question is often "what would it take to be on track?". The form lets
the room change the numbers that decide statuses and retention risk, name the constraint behind
a shortfall, and record a stalled adoption, without editing the file.

A stall is a finding, and a finding carries its evidence: the tick and the evidence box are one
control, applied together, and the account model refuses a tick without evidence exactly as
``kit check`` does, so an empty claim can never reach the document.
"""

from __future__ import annotations

import copy
from typing import Any

import ipywidgets as w

from kit.forms import Form as BaseForm
from kit.forms import Path_
from kit.params import format_location
from kit.tables import Report
from kit.value_review import views
from kit.value_review.calculations import ValueReviewAnalysis

MODES = [
    ("the last two periods both miss", "consecutive"),
    ("any two periods miss", "cumulative"),
]
CONSTRAINTS = [
    ("not named", ""),
    ("process", "process"),
    ("capability", "capability"),
    ("data", "data"),
    ("scope", "scope"),
]
USAGE_WEEKS = 2
"""The weeks the usage rules read; earlier weeks only set the baseline."""


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        rows: list[w.Widget] = [
            self.heading("Status rules"),
            self.percent(
                ("status_rules", "tolerance"), "Band around the target", high="30", step="0.5"
            ),
            self.choice(("status_rules", "off_track_mode"), "Off track when", MODES),
        ]
        for index, metric in enumerate(self.data["metrics"]):
            rows.append(self.heading(f"{metric['id']} {metric['name']}"))
            periods = metric["periods"]
            if periods:
                last = len(periods) - 1
                unit = f" ({metric['unit']})" if metric["unit"] else ""
                rows.append(
                    self.number(
                        ("metrics", index, "periods", last, "value"),
                        f"Latest value, {periods[last]['label']}{unit}",
                    )
                )
            rows.append(self.constraint(index))
            rows.append(self.stall(index))
        signals = self.data["early_warning"]
        rows.append(self.heading(f"Early warning: {signals['usage_metric']}"))
        weeks = signals["weekly_usage"]
        for week in range(max(len(weeks) - USAGE_WEEKS, 0), len(weeks)):
            rows.append(
                self.number(
                    ("early_warning", "weekly_usage", week, "value"),
                    f"Usage, {weeks[week]['label']}",
                )
            )
        tickets = signals["tickets"]
        if tickets:
            last = len(tickets) - 1
            rows += [
                self.count(
                    ("early_warning", "tickets", last, "count"),
                    f"Tickets, {tickets[last]['label']}",
                ),
                self.number(
                    ("early_warning", "tickets", last, "average_resolution_hours"),
                    "Average resolution (hours)",
                ),
            ]
        return rows

    def constraint(self, index: int) -> w.Widget:
        """11.2's four constraint categories, or none named yet (the file's empty value)."""
        path: Path_ = ("metrics", index, "constraint")
        control = w.Dropdown(
            options=CONSTRAINTS,
            value=self.get(path) or "",
            layout=w.Layout(width="340px"),
        )
        return self.row(
            path, "Constraint behind a shortfall", self.bind(path, control, lambda v: v or None)
        )

    def stall(self, index: int) -> w.Widget:
        """The stall tick and its evidence, applied together so neither goes in without the other.

        Problems land beside this row: the model names ``adoption_stalled_evidence`` when the
        tick comes without evidence.
        """
        flag_path: Path_ = ("metrics", index, "adoption_stalled")
        evidence_path: Path_ = ("metrics", index, "adoption_stalled_evidence")
        flag = w.Checkbox(
            value=bool(self.get(flag_path)), indent=False, layout=w.Layout(width="32px")
        )
        evidence = w.Text(
            value=self.get(evidence_path),
            placeholder="what shows it, e.g. logins fell to zero in two hubs",
            layout=w.Layout(width="300px"),
        )

        def changed(_: Any) -> None:
            candidate = copy.deepcopy(self.data)
            metric = candidate["metrics"][index]
            metric["adoption_stalled"] = flag.value
            metric["adoption_stalled_evidence"] = evidence.value
            self.apply_data(candidate, format_location(evidence_path))

        flag.observe(changed, names="value")
        evidence.observe(changed, names="value")
        return self.row(evidence_path, "Adoption stalled, with evidence", w.HBox([flag, evidence]))

    def summarise(self, analysis: ValueReviewAnalysis) -> Report:
        return views.live(analysis)
