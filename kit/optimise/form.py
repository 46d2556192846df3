"""Optimisation form: re-rate the backlog, pick the lever, set the target, see the plan move."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as w

from kit import formatting
from kit.optimise.model import MIN_UPLIFT, Optimisation, meets_minimum_uplift
from kit.optimise.calculations import SCALES, compounding_table, rank_backlog, sprint_plan
from kit.optimise import views

RATINGS = tuple(SCALES)


class OptimisationForm:
    """A slider per rating, a lever dropdown and the sprint's baseline and target in percent.

    ``plan`` always holds the last valid copy: a target that misses the 10 % rule is reported
    under the form and not applied, so the cells below never see a plan the file would reject.
    """

    def __init__(self, plan: Optimisation) -> None:
        self.plan = plan
        self._ratings: dict[str, dict[str, int]] = {
            item.id: {name: getattr(item, name) for name in RATINGS} for item in plan.backlog
        }
        self._lever = w.Dropdown(
            options=[item.id for item in plan.backlog],
            value=plan.sprint.lever,
            description="Sprint lever",
        )
        self._baseline = self._percent_box("Baseline %", plan.sprint.baseline_conversion)
        self._target = self._percent_box("Target %", plan.sprint.target_conversion)
        for control in (self._lever, self._baseline, self._target):
            control.observe(self._changed, names="value")
        self._output = w.Output()
        rows = [self._item_row(item.id, item.moment) for item in plan.backlog]
        self.widget = w.VBox(
            [*rows, w.HBox([self._lever, self._baseline, self._target]), self._output]
        )
        self._refresh()

    @staticmethod
    def _percent_box(label: str, value: Decimal) -> w.BoundedFloatText:
        return w.BoundedFloatText(
            value=float(value * 100), min=0.1, max=100, step=0.5, description=label
        )

    def _item_row(self, item_id: str, moment: str) -> w.Widget:
        label = w.Label(f"{item_id} ({moment})", layout=w.Layout(width="110px"))
        sliders = []
        for name in RATINGS:
            slider = w.IntSlider(
                value=self._ratings[item_id][name],
                min=1,
                max=5,
                description=name,
                layout=w.Layout(width="230px"),
            )
            slider.observe(self._rating_setter(item_id, name), names="value")
            sliders.append(slider)
        return w.HBox([label, *sliders])

    def _rating_setter(self, item_id: str, name: str):
        def update(change: dict[str, Any]) -> None:
            self._ratings[item_id][name] = change["new"]
            self._refresh()

        return update

    def _changed(self, _change: dict[str, Any]) -> None:
        self._refresh()

    def _refresh(self) -> None:
        baseline = _fraction(self._baseline.value)
        target = _fraction(self._target.value)
        self._output.clear_output()
        with self._output:
            if not meets_minimum_uplift(baseline, target):
                least = formatting.percent(baseline * (1 + MIN_UPLIFT), self.plan.locale)
                print(f"Target must be at least {least} (10% better than the baseline).")
                print("Not applied; the plan below the form is unchanged.")
                return
            self.plan = self._updated(baseline, target)
            loc = self.plan.locale
            ranked = rank_backlog(self.plan)
            chosen = sprint_plan(self.plan, ranked)
            best = compounding_table(self.plan.revenue, len(self.plan.moments))[-1]
            print(views.top(ranked))
            print(
                f"Sprint {chosen.lever.item.id} (rank {chosen.lever.rank}): "
                f"{formatting.percent(chosen.baseline, loc)} -> "
                f"{formatting.percent(chosen.target, loc)}, "
                f"+{formatting.percent(chosen.relative_uplift, loc)} relative"
            )
            print(f"Revenue if the target is met: {formatting.money(chosen.revenue_if_met, loc)}")
            print(
                f"All {best.improved} moments +10%: {formatting.money(best.revenue, loc)} "
                f"(x{best.multiplier.normalize():f})"
            )

    def _updated(self, baseline: Decimal, target: Decimal) -> Optimisation:
        backlog = [item.model_copy(update=self._ratings[item.id]) for item in self.plan.backlog]
        sprint = self.plan.sprint.model_copy(
            update={
                "lever": self._lever.value,
                "baseline_conversion": baseline,
                "target_conversion": target,
            }
        )
        return self.plan.model_copy(update={"backlog": backlog, "sprint": sprint})


def _fraction(percent: float) -> Decimal:
    """A percent box's value as the fraction the model stores: ``35.0`` -> ``Decimal('0.35')``."""
    return (Decimal(str(percent)) / 100).normalize()
