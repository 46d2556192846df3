"""The method's worked examples for add-on payback, as validated inputs and computed results.

The playbook shows these examples and the tests check them against the figures the method
prints; both call the functions below, so the inputs live in one place and a notebook never
carries its own copy of the data or of the expected answer. The inputs are built through the
same models a parameters file goes through, so they are validated like user input.
"""

from __future__ import annotations

from kit.formatting import METHOD_LOCALE
from kit.models.account import AddOn
from kit.renewal.calculations import AddonRoi, addon_roi

LOCALE = METHOD_LOCALE
"""The examples' figures are shown in US formats, as the method prints them."""


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
