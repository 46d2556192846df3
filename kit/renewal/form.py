"""Renewal form: try add-on assumptions and option prices, see payback and options recompute.

In the preparation workshop the team argues about inputs ("is it really four hours a week?",
"what if adoption slips a month?"); the form lets them move those numbers and see at once what
happens to payback and to each package against today's price. The file itself is never changed.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import ipywidgets as w

from kit.models.account import Account, AddOn, FinalWeek, RenewalOption, TimeSaved
from kit.renewal.calculations import addon_roi, compare_options, final_week_check
from kit.types import Money
from kit.renewal import views

STYLE = {"description_width": "190px"}
WIDE = w.Layout(width="520px")


def _decimal(value: float, places: int = 2) -> Decimal:
    """Slider floats carry binary noise; round them before they meet exact money."""
    return Decimal(f"{value:.{places}f}")


class RenewalForm:
    """Sliders for each add-on's benefit drivers, a price box per option, the summary flag."""

    def __init__(self, account: Account) -> None:
        self.account = account
        self._addons: list[AddOn] = list(account.addons)
        self._options: list[RenewalOption] = list(account.renewal_options)
        self._confirmed = account.final_week.written_summary_confirmed
        self._output = w.Output()
        rows: list[w.Widget] = []
        for index, addon in enumerate(self._addons):
            rows.append(self._addon_box(index, addon))
        for index, option in enumerate(self._options):
            rows.append(self._option_row(index, option))
        confirmed = w.Checkbox(
            value=self._confirmed,
            description="Both sides confirmed the written summary",
            style=STYLE,
            layout=WIDE,
        )
        confirmed.observe(self._on_confirmed, names="value")
        self.widget = w.VBox([*rows, confirmed, self._output])
        self._refresh()

    # --- add-ons ------------------------------------------------------------------------------

    def _addon_box(self, index: int, addon: AddOn) -> w.Widget:
        controls: list[w.Widget] = [w.HTML(f"<b>{addon.id} {addon.name}</b>")]
        benefit = addon.benefit
        if isinstance(benefit, TimeSaved):
            controls.append(
                self._slider(
                    "hours saved / person / week",
                    float(benefit.hours_per_person_per_week),
                    (0.5, 40, 0.5),
                    lambda v: self._benefit(index, hours_per_person_per_week=_decimal(v)),
                )
            )
            people = w.IntSlider(
                value=benefit.people, min=1, max=200, description="people", style=STYLE
            )
            people.observe(lambda change: self._benefit(index, people=change["new"]), names="value")
            controls.append(people)
        else:
            controls.append(
                self._slider(
                    "churn after (%)",
                    float(benefit.churn_after * 100),
                    (0, float(benefit.churn_before * 100), 0.1),
                    lambda v: self._benefit(index, churn_after=_decimal(v) / 100),
                )
            )
        controls.append(
            self._slider(
                "chance adoption fails (%)",
                float(addon.adoption_failure * 100),
                (0, 90, 1),
                lambda v: self._addon(index, adoption_failure=_decimal(v) / 100),
            )
        )
        ramp = w.IntSlider(
            value=addon.ramp_months, min=0, max=12, description="months before benefit", style=STYLE
        )
        ramp.observe(lambda change: self._addon(index, ramp_months=change["new"]), names="value")
        controls.append(ramp)
        return w.VBox(controls)

    def _slider(
        self,
        label: str,
        value: float,
        bounds: tuple[float, float, float],
        apply: Callable[[float], None],
    ) -> w.Widget:
        low, high, step = bounds
        slider = w.FloatSlider(
            value=value, min=low, max=high, step=step, description=label, style=STYLE
        )
        slider.observe(lambda change: apply(change["new"]), names="value")
        return slider

    def _addon(self, index: int, **update: Any) -> None:
        self._addons[index] = self._addons[index].model_copy(update=update)
        self._refresh()

    def _benefit(self, index: int, **update: Any) -> None:
        addon = self._addons[index]
        self._addon(index, benefit=addon.benefit.model_copy(update=update))

    # --- options and summary ------------------------------------------------------------------

    def _option_row(self, index: int, option: RenewalOption) -> w.Widget:
        price = w.BoundedFloatText(
            value=float(option.annual_price.amount),
            min=0,
            max=float(option.annual_price.amount) * 10 or 1_000_000,
            step=100,
            description=f"option {option.id} price / year",
            style=STYLE,
        )
        clause = w.Checkbox(value=option.performance_clause, description="performance clause")

        def on_price(change: dict[str, Any]) -> None:
            amount = Money(amount=_decimal(change["new"]), currency=option.annual_price.currency)
            self._option(index, annual_price=amount)

        price.observe(on_price, names="value")
        clause.observe(
            lambda change: self._option(index, performance_clause=change["new"]), names="value"
        )
        return w.HBox([price, clause])

    def _option(self, index: int, **update: Any) -> None:
        self._options[index] = self._options[index].model_copy(update=update)
        self._refresh()

    def _on_confirmed(self, change: dict[str, Any]) -> None:
        self._confirmed = change["new"]
        self._refresh()

    # --- result -------------------------------------------------------------------------------

    def _refresh(self) -> None:
        candidate = self.account.model_copy(
            update={
                "addons": list(self._addons),
                "renewal_options": list(self._options),
                "final_week": FinalWeek(written_summary_confirmed=self._confirmed),
            }
        )
        problems = candidate.reference_problems()
        self._output.clear_output()
        with self._output:
            if problems:
                print("Not applied; the last valid values stay in use:")
                for line in problems:
                    print(f"  {line}")
                return
            self.account = candidate
            rois = [addon_roi(addon) for addon in candidate.addons]
            print(views.addons(rois, candidate.locale))
            print()
            print(views.options(compare_options(candidate), candidate))
            print()
            check = final_week_check(candidate)
            passed = sum(item.passed for item in check.items)
            print(f"Final-week checklist: {passed} of {len(check.items)} items pass")
