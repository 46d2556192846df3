"""Design form: move stage volumes and conversions, see the constraint and the stack recompute."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import ipywidgets as w
from pydantic import TypeAdapter

from kit.design.model import DivisorRate, PositiveAmount, ProductionLine, Rate
from kit.types import Money
from kit.design import views

_RATE = TypeAdapter(Rate)
_DIVISOR = TypeAdapter(DivisorRate)
_AMOUNT = TypeAdapter(PositiveAmount)
_LABEL = {"description_width": "200px"}


def _points(rate: Decimal | None) -> float:
    return float((rate or Decimal(0)) * 100)


class DesignForm:
    """Funnel volumes and conversions, and the target stack's inputs, for a workshop.

    Every change is validated with the same types the parameters file uses (a rate with its
    percent sign, a positive amount), then ``line`` holds the updated copy the notebook's later
    cells read.
    """

    def __init__(self, line: ProductionLine) -> None:
        self.line = line
        self._output = w.Output()
        rows: list[w.Widget] = [w.HTML(f"<b>Funnel {line.funnel.period}</b>")]
        for index, stage in enumerate(line.funnel.stages):
            volume = w.BoundedIntText(
                value=stage.volume,
                min=0,
                max=10**9,
                description=f"{stage.name} volume",
                style=_LABEL,
            )
            volume.observe(self._funnel(index, "volume"), names="value")
            row: list[w.Widget] = [volume]
            if stage.conversion_to_next is not None:
                conversion = w.FloatSlider(
                    value=_points(stage.conversion_to_next),
                    min=0,
                    max=100,
                    step=0.5,
                    description="conversion to next %",
                    style=_LABEL,
                )
                conversion.observe(self._funnel(index, "conversion_to_next"), names="value")
                row.append(conversion)
            rows.append(w.HBox(row))
        stack = line.target_stack
        rows.append(w.HTML("<b>Target stack</b>"))
        for name in ("revenue_target", "average_deal_size"):
            amount = w.BoundedFloatText(
                value=float(getattr(stack, name).amount),
                min=1,
                max=10**12,
                description=name.replace("_", " "),
                style=_LABEL,
            )
            amount.observe(self._stack_amount(name), names="value")
            rows.append(amount)
        win_rate = w.FloatSlider(
            value=_points(stack.win_rate),
            min=0.1,
            max=100,
            step=0.1,
            description="overall win rate %",
            style=_LABEL,
        )
        win_rate.observe(self._win_rate, names="value")
        rows.append(win_rate)
        for index, stage in enumerate(stack.stages):
            slider = w.FloatSlider(
                value=_points(stage.conversion),
                min=0.5,
                max=100,
                step=0.5,
                description=f"into {stage.name} %",
                style=_LABEL,
            )
            slider.observe(self._stack_stage(index), names="value")
            rows.append(slider)
        self.widget = w.VBox([*rows, self._output])
        self._refresh()

    def _funnel(self, index: int, name: str):
        def update(change: dict[str, Any]) -> None:
            value = (
                change["new"] if name == "volume" else _RATE.validate_python(f"{change['new']:g}%")
            )
            stages = list(self.line.funnel.stages)
            stages[index] = stages[index].model_copy(update={name: value})
            funnel = self.line.funnel.model_copy(update={"stages": stages})
            self.line = self.line.model_copy(update={"funnel": funnel})
            self._refresh()

        return update

    def _stack_amount(self, name: str):
        def update(change: dict[str, Any]) -> None:
            amount: Money = _AMOUNT.validate_python(f"{change['new']} {self.line.currency}")
            self._update_stack({name: amount})

        return update

    def _win_rate(self, change: dict[str, Any]) -> None:
        self._update_stack({"win_rate": _DIVISOR.validate_python(f"{change['new']:g}%")})

    def _stack_stage(self, index: int):
        def update(change: dict[str, Any]) -> None:
            stages = list(self.line.target_stack.stages)
            rate = _DIVISOR.validate_python(f"{change['new']:g}%")
            stages[index] = stages[index].model_copy(update={"conversion": rate})
            self._update_stack({"stages": stages})

        return update

    def _update_stack(self, update: dict[str, Any]) -> None:
        stack = self.line.target_stack.model_copy(update=update)
        self.line = self.line.model_copy(update={"target_stack": stack})
        self._refresh()

    def _refresh(self) -> None:
        self._output.clear_output()
        with self._output:
            print(views.live(self.line))
