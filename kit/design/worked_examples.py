"""The method's worked examples for the production line, as validated inputs and computed results.

The playbook shows these examples and the tests check them against the figures the method
prints; both call the functions below, so the inputs live in one place and a notebook never
carries its own copy of the data or of the expected answer. The inputs are built through the
same models a parameters file goes through, so they are validated like user input.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.design import calculations as design
from kit.design.model import PipelineDeal, StageProbability, TargetStack
from kit.formatting import METHOD_LOCALE

LOCALE = METHOD_LOCALE
"""The examples' figures are shown in US formats, as the method prints them."""


# --- 003 1.2: from revenue target to target stack ----------------------------------------------

STACK_1_2 = TargetStack.model_validate(
    {
        "revenue_target": "1200000 USD",
        "average_deal_size": "60000 USD",
        "win_rate": "20%",
        "entry_stage": "Qualified",
        "stages": [
            {"name": "Discovery", "conversion": "80%"},
            {"name": "Proposal", "conversion": "70%"},
            {"name": "Closed Won", "conversion": "35%"},
        ],
    }
)
QUALIFIED_1_2 = 100
"""The qualified-opportunity count the method derives and then walks its stage figures from."""


@dataclass(frozen=True)
class StackExample:
    """1.2's stack with every figure the notebook sets side by side, computed once."""

    stack: TargetStack
    entering: int
    plan: design.StackPlan
    """Backwards from the wins the target needs: the kit's consistent stage targets."""
    forward: design.ForwardFlow
    """Forwards from the method's qualified count at the example's stage conversions."""
    book: list[design.BookStageTarget]
    """The stage figures as the method prints them (125 and 179)."""


def target_stack_1_2() -> design.StackPlan:
    """003 1.2: the target stack for 1.2M dollars of new ARR at 60k deals and 20% conversion.

    The kit walks backwards from the wins the target needs; the method's own per-stage figures
    are reproduced separately by :func:`book_targets_1_2`.
    """
    return design.target_stack(STACK_1_2)


def book_targets_1_2() -> list[design.BookStageTarget]:
    """003 1.2: the stage figures as the method prints them (125 and 179) from 100 qualified."""
    return design.book_stage_targets(STACK_1_2, QUALIFIED_1_2)


def forward_1_2() -> design.ForwardFlow:
    """003 1.2: what 100 qualified opportunities yield at the example's stage conversions."""
    return design.stack_forward(STACK_1_2, QUALIFIED_1_2)


def stack_1_2() -> StackExample:
    """003 1.2 in full: the printed figures beside the forward and backward walks."""
    return StackExample(
        STACK_1_2, QUALIFIED_1_2, target_stack_1_2(), forward_1_2(), book_targets_1_2()
    )


# --- 003 12.2: weighted pipeline forecast -----------------------------------------------------

PROBABILITIES_12_2 = tuple(
    StageProbability.model_validate({"stage": stage, "probability": rate})
    for stage, rate in [
        ("Qualification", "20%"),
        ("Discovery", "35%"),
        ("Solution", "55%"),
        ("Commercial", "45%"),
        ("Commitment", "90%"),
    ]
)
PIPELINE_12_2 = tuple(
    PipelineDeal.model_validate(
        # The method names months only and gives no time in stage; the year and 0 days are ours.
        {
            "name": name,
            "stage": stage,
            "amount": amount,
            "expected_close": month,
            "days_in_stage": 0,
        }
    )
    for name, stage, amount, month in [
        ("A", "Discovery", "50000 USD", "2026-05"),
        ("B", "Commercial", "120000 USD", "2026-05"),
        ("C", "Solution", "30000 USD", "2026-06"),
    ]
)


def forecast_12_2() -> design.Forecast:
    """003 12.2: deals A, B and C weighted by their stage probabilities, summed per month."""
    return design.forecast_pipeline(PROBABILITIES_12_2, PIPELINE_12_2, "USD")
