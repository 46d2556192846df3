"""The method's worked examples with numbers, as validated inputs and computed results.

The playbooks show these examples and the tests check them against the figures the method
prints; both call the functions below, so the inputs live in one place and a notebook never
carries its own copy of the data or of the expected answer. The inputs are built through the
same models a parameters file goes through, so they are validated like user input.
"""

from __future__ import annotations

from kit.design import calculations as design
from kit.design.model import PipelineDeal, StageProbability, TargetStack
from kit.models.account import AddOn
from kit.qualify.calculations import Route, route
from kit.renewal.calculations import AddonRoi, addon_roi

LOCALE = "en_US"
"""The method's examples are in US dollars, so they are shown with US number formats."""

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


def target_stack_1_2() -> design.StackPlan:
    """003 1.2: the target stack for $1.2M of new ARR at $60k deals and 20% conversion.

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


# --- 003 11.4 and 6.5: add-on return and payback ----------------------------------------------

DASHBOARDS_11_4 = AddOn.model_validate(
    {
        "id": "M11-4",
        "name": "Reporting dashboards",
        "problem": "Analysts rebuild reports by hand",
        "included": ["Dashboard templates"],
        "users": "Two analysts",
        "time_to_results": "30 days",
        "success_metrics": ["Analyst hours down 25% within 30 days"],
        "price_per_month": "2400 USD",
        "setup_hours": 8,
        "benefit": {
            "type": "time_saved",
            "hours_per_person_per_week": 6,
            "people": 2,
            "value_per_hour": "60 USD",
        },
    }
)
RETENTION_6_5 = AddOn.model_validate(
    {
        "id": "M6-5",
        "name": "Retention programme",
        "problem": "Accounts leave after a weak first year",
        "included": ["Onboarding support"],
        "users": "Customer success",
        "time_to_results": "Two months",
        "success_metrics": ["Churn from 6% to 4%"],
        "setup_cost": "45000 USD",
        "benefit": {
            "type": "retention",
            "accounts": 1000,
            "churn_before": "6%",
            "churn_after": "4%",
            "average_annual_revenue": "8000 USD",
        },
    }
)


def addon_11_4() -> AddonRoi:
    """003 11.4: two analysts saving 6 hours a week each at $60 an hour, for $2,400 a month."""
    return addon_roi(DASHBOARDS_11_4)


def churn_6_5() -> AddonRoi:
    """003 6.5: churn from 6% to 4% on 1,000 accounts at $8,000 a year, for $45,000 once."""
    return addon_roi(RETENTION_6_5)


# --- 003 2.3: fit and intent routing ----------------------------------------------------------

FIT_BEFORE_2_3 = 9
FIT_AFTER_2_3 = 6
"""Fit once the custom integration shows delivery would take longer."""
INTENT_2_3 = 9
"""The lead asked for a rollout plan, and intent does not change with the feasibility check."""


def lead_2_3() -> tuple[Route, Route]:
    """003 2.3: the route of the target-industry lead before and after its fit drops to 6."""
    return route(FIT_BEFORE_2_3, INTENT_2_3), route(FIT_AFTER_2_3, INTENT_2_3)


def lead_2_3_text() -> str:
    """Both routes of the 2.3 lead, the second with its next action, for the playbook."""
    before, after = lead_2_3()
    return "\n".join(
        [
            f"fit {FIT_BEFORE_2_3}, intent {INTENT_2_3} -> {before.name}",
            f"fit {FIT_AFTER_2_3}, intent {INTENT_2_3} -> {after.name}: {after.action}",
        ]
    )
