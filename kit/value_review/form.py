"""Value-review form: try another tolerance, latest value or usage week and watch the verdicts.

In a review meeting the question is often "what would it take to be on track?". The form lets
the room change the numbers that decide statuses and retention risk, without editing the file.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as w

from kit.models.account import Account, Metric, StatusRules
from kit.value_review.calculations import value_review
from kit.value_review import views

WIDE = {"description_width": "200px"}


def _decimal(value: float) -> Decimal:
    """Widgets hold floats; the rules compare Decimals, so go through the shown text."""
    return Decimal(str(value))


class ValueReviewForm:
    """Status rules, latest value and stall flag per metric, and the last usage weeks."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self._original = account
        self._output = w.Output()
        rules = account.status_rules
        self._tolerance = w.FloatSlider(
            value=float(rules.tolerance * 100),
            min=0,
            max=30,
            step=0.5,
            description="tolerance around target (%)",
            style=WIDE,
        )
        self._mode = w.Dropdown(
            options=[
                ("last two periods both miss", "consecutive"),
                ("any two periods miss", "cumulative"),
            ],
            value=rules.off_track_mode,
            description="off track when",
            style=WIDE,
        )
        self._latest: dict[str, w.BoundedFloatText] = {}
        self._stalled: dict[str, w.Checkbox] = {}
        self._evidence: dict[str, w.Text] = {}
        rows: list[w.Widget] = [self._tolerance, self._mode]
        for metric in account.metrics:
            rows.append(self._metric_row(metric))
        weeks = account.early_warning.weekly_usage[-2:]
        self._weeks = [
            w.BoundedFloatText(
                value=float(week.value),
                min=0,
                max=1e9,
                description=f"{account.early_warning.usage_metric}, {week.label}",
                style=WIDE,
            )
            for week in weeks
        ]
        rows += self._weeks
        controls = [
            self._tolerance,
            self._mode,
            *self._latest.values(),
            *self._stalled.values(),
            *self._evidence.values(),
            *self._weeks,
        ]
        for control in controls:
            control.observe(self._changed, names="value")
        self.widget = w.VBox([*rows, self._output])
        self._refresh()

    def _metric_row(self, metric: Metric) -> w.Widget:
        parts: list[w.Widget] = []
        if metric.periods:
            latest = metric.periods[-1]
            box = w.BoundedFloatText(
                value=float(latest.value),
                min=-1e9,
                max=1e9,
                description=f"{metric.id} {metric.name}, {latest.label}",
                style=WIDE,
            )
            self._latest[metric.id] = box
            parts.append(box)
        stalled = w.Checkbox(value=metric.adoption_stalled, description="adoption stalled")
        evidence = w.Text(
            value=metric.adoption_stalled_evidence,
            placeholder="what shows the stall",
            layout=w.Layout(width="30%"),
        )
        self._stalled[metric.id] = stalled
        self._evidence[metric.id] = evidence
        return w.HBox([*parts, stalled, evidence])

    def _changed(self, _change: dict[str, Any]) -> None:
        self._refresh()

    def _metric(self, metric: Metric) -> Metric:
        update: dict[str, Any] = {
            "adoption_stalled": self._stalled[metric.id].value,
            "adoption_stalled_evidence": self._evidence[metric.id].value,
        }
        if metric.id in self._latest:
            value = _decimal(self._latest[metric.id].value)
            last = metric.periods[-1].model_copy(update={"value": value})
            update["periods"] = [*metric.periods[:-1], last]
        return metric.model_copy(update=update)

    def _updated(self) -> Account:
        original = self._original
        rules = StatusRules(tolerance=f"{self._tolerance.value}%", off_track_mode=self._mode.value)
        signals = original.early_warning
        kept = signals.weekly_usage[: len(signals.weekly_usage) - len(self._weeks)]
        changed = [
            week.model_copy(update={"value": _decimal(box.value)})
            for week, box in zip(signals.weekly_usage[len(kept) :], self._weeks, strict=True)
        ]
        return original.model_copy(
            update={
                "status_rules": rules,
                "metrics": [self._metric(metric) for metric in original.metrics],
                "early_warning": signals.model_copy(update={"weekly_usage": kept + changed}),
            }
        )

    def _refresh(self) -> None:
        self.account = self._updated()
        self._output.clear_output()
        with self._output:
            print(views.live(self.account, value_review(self.account)))
