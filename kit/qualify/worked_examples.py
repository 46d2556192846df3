"""The method's worked examples for lead routing, as validated inputs and computed results.

The playbook shows these examples (through :func:`kit.qualify.views.lead_2_3`) and the tests
check them against the figures the method prints; both call the functions below, so the inputs
live in one place and a notebook never carries its own copy of the data or of the expected
answer.
"""

from __future__ import annotations

from kit.qualify.calculations import Route, route

# --- 003 2.3: fit and intent routing ----------------------------------------------------------

FIT_BEFORE_2_3 = 9
FIT_AFTER_2_3 = 6
"""Fit once the custom integration shows delivery would take longer."""
INTENT_2_3 = 9
"""The lead asked for a rollout plan, and intent does not change with the feasibility check."""


def lead_2_3() -> tuple[Route, Route]:
    """003 2.3: the route of the target-industry lead before and after its fit drops to 6."""
    return route(FIT_BEFORE_2_3, INTENT_2_3), route(FIT_AFTER_2_3, INTENT_2_3)
