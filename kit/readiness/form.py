"""Readiness form: move the assumptions a workshop argues about and watch the verdict move.

The controls cover the judgement calls rather than the measured data: how high to set P, how
many cohorts make "consistent", which goals gate go-to-market fit, and the sales-capacity
assumptions. Cohorts, channels and demand stay as the file gives them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as w

from kit.readiness.model import Metric, Readiness
from kit.readiness.calculations import assess
from kit.readiness import views

STYLE = {"description_width": "220px"}
WIDE = w.Layout(width="520px")
METRICS: dict[Metric, str] = {
    "payback": "CAC payback under 12 months",
    "ltv_cac": "LTV/CAC above 3",
    "magic_number": "Magic Number above 1",
}


def _percent(value: float) -> Decimal:
    """A slider's percentage points as the fraction the model stores (70 -> 0.70)."""
    return Decimal(str(round(value, 2))) / 100


class ReadinessForm:
    """Sliders for P, consistency, ramp, seller load and tolerance; ticks for gating goals."""

    def __init__(self, readiness: Readiness) -> None:
        self.readiness = readiness
        pmf, hiring = readiness.product_market_fit, readiness.hiring
        self._values: dict[str, Any] = {
            "required_share": pmf.required_share,
            "consistent_cohorts": pmf.consistent_cohorts,
            "gate_on": list(readiness.unit_economics.gate_on),
            "ramp_months": hiring.ramp_months,
            "opportunities_per_seller": hiring.opportunities_per_seller,
            "tolerance": hiring.tolerance,
        }
        self._output = w.Output()
        share = w.FloatSlider(
            value=float(pmf.required_share * 100),
            min=0,
            max=100,
            step=1,
            description="P: share reaching the event (%)",
            style=STYLE,
            layout=WIDE,
        )
        cohorts = w.IntSlider(
            value=pmf.consistent_cohorts,
            min=1,
            max=max(len(pmf.cohorts), pmf.consistent_cohorts),
            description="Recent cohorts that must reach P",
            style=STYLE,
            layout=WIDE,
        )
        ramp = w.IntSlider(
            value=hiring.ramp_months,
            min=1,
            max=max(12, hiring.ramp_months),
            description="Ramp (months)",
            style=STYLE,
            layout=WIDE,
        )
        load = w.FloatSlider(
            value=float(hiring.opportunities_per_seller),
            min=1,
            max=max(50.0, 2 * float(hiring.opportunities_per_seller)),
            step=0.5,
            description="Opportunities per ramped seller",
            style=STYLE,
            layout=WIDE,
        )
        tolerance = w.FloatSlider(
            value=float(hiring.tolerance * 100),
            min=0,
            max=100,
            step=5,
            description="Tolerance before flagging (%)",
            style=STYLE,
            layout=WIDE,
        )
        share.observe(self._setter("required_share", _percent), names="value")
        cohorts.observe(self._setter("consistent_cohorts", int), names="value")
        ramp.observe(self._setter("ramp_months", int), names="value")
        load.observe(
            self._setter("opportunities_per_seller", lambda v: Decimal(str(v))), names="value"
        )
        tolerance.observe(self._setter("tolerance", _percent), names="value")
        gates = []
        for metric, label in METRICS.items():
            box = w.Checkbox(value=metric in self._values["gate_on"], description=label)
            box.observe(self._gate(metric), names="value")
            gates.append(box)
        heading = w.HTML("<b>Goals a channel must meet</b>")
        self.widget = w.VBox(
            [share, cohorts, heading, w.HBox(gates), ramp, load, tolerance, self._output]
        )
        self._refresh()

    def _setter(self, key: str, convert):
        def update(change: dict[str, Any]) -> None:
            self._values[key] = convert(change["new"])
            self._refresh()

        return update

    def _gate(self, metric: Metric):
        def update(change: dict[str, Any]) -> None:
            chosen = set(self._values["gate_on"]) - {metric}
            if change["new"]:
                chosen.add(metric)
            self._values["gate_on"] = [m for m in METRICS if m in chosen]
            self._refresh()

        return update

    def _refresh(self) -> None:
        self._output.clear_output()
        values = self._values
        if not values["gate_on"]:
            with self._output:
                print("Tick at least one goal; the verdict keeps the previous choice.")
            return
        original = self.readiness
        pmf = original.product_market_fit.model_copy(
            update={k: values[k] for k in ("required_share", "consistent_cohorts")}
        )
        economics = original.unit_economics.model_copy(update={"gate_on": values["gate_on"]})
        hiring = original.hiring.model_copy(
            update={k: values[k] for k in ("ramp_months", "opportunities_per_seller", "tolerance")}
        )
        self.readiness = original.model_copy(
            update={"product_market_fit": pmf, "unit_economics": economics, "hiring": hiring}
        )
        result = assess(self.readiness)
        with self._output:
            print(views.verdict(result))
            paced, lump = result.plans.paced, result.plans.front_loaded
            print(
                f"Months out of balance: paced {paced.out_of_balance}, front-loaded "
                f"{lump.out_of_balance}; recommended hires {result.recommended.total_hires}"
            )
