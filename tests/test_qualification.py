"""Qualification rules of method 2.3 and chapter 5, including their worked examples."""

from __future__ import annotations

import pytest

from kit import registry
from kit.qualify import views
from kit.qualify import worked_examples as worked
from kit.qualify.calculations import (
    GATE_TABLE,
    ROUTES,
    analyse,
    budget_procurement_reading,
    fit_intent_band,
    intent_qualification_band,
    qualify,
    route,
)


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "low"), (4, "low"), (5, "medium"), (7, "medium"), (8, "high"), (10, "high")],
)
def test_fit_and_intent_bands_follow_2_3_thresholds(score, band):
    assert fit_intent_band(score) == band


@pytest.mark.parametrize("score", [-1, 11])
def test_band_rejects_scores_outside_0_to_10(score):
    with pytest.raises(ValueError, match="0 to 10"):
        fit_intent_band(score)


def test_2_3_worked_example_fit_drops_from_9_to_6_with_intent_9():
    """Target-industry lead: fit 9 -> 6 after the feasibility check, intent 9 (rollout plan)."""
    before, after = worked.lead_2_3()
    assert before is ROUTES["high_high"]
    assert after is ROUTES["medium_high"]
    assert "10 minutes" in after.action


@pytest.mark.parametrize(
    ("fit", "intent", "key"),
    [
        (9, 9, "high_high"),
        (8, 6, "high_medium"),
        (6, 8, "medium_high"),
        (10, 3, "low_intent"),
        (6, 0, "low_intent"),
        (3, 10, "low_fit"),
        (0, 0, "low_fit"),
        (6, 6, "medium_medium"),
    ],
)
def test_routes_cover_every_fit_and_intent_pair(fit, intent, key):
    assert route(fit, intent) is ROUTES[key]


def test_low_fit_stops_even_when_intent_is_high():
    assert route(4, 10).action.startswith("Disqualify")


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "low"), (3, "low"), (4, "medium"), (6, "medium"), (7, "high"), (9, "high")],
)
def test_intent_qualification_bands_of_5_2(total, band):
    assert intent_qualification_band(total)[0] == band


def test_intent_qualification_high_band_moves_to_a_mutual_action_plan():
    assert "mutual action plan" in intent_qualification_band(8)[1]
    assert "10 minutes" in route(6, 9).action


def test_5_3_deal_a_budget_3_procurement_2_can_schedule_contracting():
    assert "contracting" in budget_procurement_reading(3, 2)


def test_5_3_deal_b_budget_1_procurement_0_pauses():
    assert budget_procurement_reading(1, 0).startswith("Pause")


def test_5_3_corner_cases_we_like_it_but_and_wrong_person():
    assert "procurement is unclear" in budget_procurement_reading(3, 0)
    assert "wrong person" in budget_procurement_reading(0, 3)


def test_budget_reading_rejects_out_of_range_scores():
    with pytest.raises(ValueError, match="budget authority"):
        budget_procurement_reading(4, 0)


def test_gate_table_matches_5_5_decision_table():
    assert [rule.title for rule in GATE_TABLE.values()] == [
        "Fit and Access",
        "Problem Clarity",
        "Decision Process",
        "Timing",
        "Commercial Fit",
        "Mutual Agreement",
    ]
    assert GATE_TABLE["problem_clarity"].fail_next == "Problem workshop"
    assert GATE_TABLE["commercial_fit"].pass_next == "Commercial proposal"


def test_saas_example_advances_with_all_gates_passed(saas_deal):
    result = qualify(saas_deal.qualification)
    assert (result.fit, result.intent, result.intent_total) == (9, 9, 8)
    assert result.route is ROUTES["high_high"]
    assert result.verdict == "advance"
    assert result.next_step == "All six gates pass: Execute next meeting."
    assert result.unsupported == []


def test_services_example_holds_at_the_first_failed_gate(services_deal):
    result = qualify(services_deal.qualification)
    assert (result.fit, result.intent) == (7, 8)
    assert result.route is ROUTES["medium_high"]
    assert result.verdict == "hold"
    assert result.next_step == "Decision Process gate: Stakeholder session."
    assert [gate.passed for gate in result.gates] == [True, True, False, True, True, True]


def test_low_fit_disqualifies_whatever_the_gates_say(saas_deal):
    fit = saas_deal.qualification.fit
    low = fit.model_copy(
        update={
            "profile_alignment": fit.profile_alignment.model_copy(update={"score": 1}),
            "use_case_alignment": fit.use_case_alignment.model_copy(update={"score": 1}),
        }
    )
    result = qualify(saas_deal.qualification.model_copy(update={"fit": low}))
    assert (result.fit, result.fit_band) == (3, "low")
    assert all(gate.passed for gate in result.gates)
    assert result.verdict == "disqualify"
    assert result.next_step == ROUTES["low_fit"].action


def test_scores_and_gates_without_evidence_are_flagged(saas_deal):
    q = saas_deal.qualification
    timing = q.intent_qualification.timing.model_copy(update={"evidence": "  "})
    gates = q.gates.model_copy(
        update={"timing": q.gates.timing.model_copy(update={"evidence": ""})}
    )
    changed = q.model_copy(
        update={
            "intent_qualification": q.intent_qualification.model_copy(update={"timing": timing}),
            "gates": gates,
        }
    )
    assert qualify(changed).unsupported == ["intent_qualification.timing", "gates.timing"]


def test_2_3_worked_example_table_names_both_routes():
    """2.3 as the playbook shows it: the route before and after the feasibility check."""
    table = views.lead_2_3()
    rows = [[str(cell) for cell in row] for row in table.rows]
    assert rows[0][1:4] == ["9", "9", "High fit + high intent"]
    assert rows[1][1:4] == ["6", "9", "Medium fit + high intent"]
    assert "first 10 minutes" in rows[1][4]


# --- the analysis and its views ---------------------------------------------------------------


def test_analysis_is_what_the_registration_computes(saas_deal):
    analysis = registry.get("qualify").analysis(saas_deal)
    assert analysis == analyse(saas_deal)
    assert analysis.params is saas_deal
    assert analysis.result == qualify(saas_deal.qualification)


def test_score_lines_carry_the_path_the_form_edits(saas_deal):
    lines = analyse(saas_deal).result.lines
    assert [line.path for line in lines[:1] + lines[-2:]] == [
        ("fit", "profile_alignment"),
        ("budget_authority",),
        ("procurement_friction",),
    ]


def test_scores_view_uses_plain_words_and_flags_missing_evidence(saas_deal):
    q = saas_deal.qualification
    fit = q.fit.model_copy(
        update={
            "delivery_feasibility": q.fit.delivery_feasibility.model_copy(update={"evidence": ""})
        }
    )
    deal = saas_deal.model_copy(update={"qualification": q.model_copy(update={"fit": fit})})
    table = views.scores(analyse(deal))
    columns = [(getattr(c, "label", c), getattr(c, "align", "left")) for c in table.columns]
    assert columns == [
        ("Group", "left"),
        ("Score", "left"),
        ("Points", "right"),
        ("Out of", "right"),
        ("Evidence", "left"),
    ]
    assert [str(cell) for cell in table.rows[2]] == [
        "Fit",
        "Delivery feasibility",
        "1",
        "2",
        "no evidence",
    ]
    assert table.rows[2][4].tone == "bad"
    assert [str(row[1]) for row in table.rows[-2:]] == ["Budget authority", "Procurement clarity"]


def test_routing_view_shows_totals_bands_route_and_effort(services_deal):
    report = views.routing(analyse(services_deal))
    totals = report.blocks[0]
    assert [[str(cell) for cell in row] for row in totals.rows[:2]] == [
        ["Fit", "7", "10", "medium"],
        ["Intent", "8", "10", "high"],
    ]
    assert totals.rows[0][3].tone == "warn" and totals.rows[1][3].tone == "good"
    assert report.blocks[1].lines[0] == "Route: Medium fit + high intent"
    assert report.blocks[1].tone == "warn"


def test_gates_and_verdict_views_on_a_held_deal(services_deal):
    analysis = analyse(services_deal)
    gates = views.gates(analysis)
    assert [str(row[2]) for row in gates.rows] == ["pass", "pass", "fail", "pass", "pass", "pass"]
    assert gates.rows[2][2].tone == "bad"
    verdict = views.verdict(analysis)
    assert verdict.blocks[0].lines == [
        "Verdict: hold",
        "Next step: Decision Process gate: Stakeholder session.",
    ]
    assert verdict.blocks[0].tone == "warn"


def test_verdict_names_scores_and_gates_without_evidence_in_plain_words(saas_deal):
    q = saas_deal.qualification
    timing = q.intent_qualification.timing.model_copy(update={"evidence": ""})
    gates = q.gates.model_copy(
        update={"timing": q.gates.timing.model_copy(update={"evidence": ""})}
    )
    changed = q.model_copy(
        update={
            "intent_qualification": q.intent_qualification.model_copy(update={"timing": timing}),
            "gates": gates,
        }
    )
    verdict = views.verdict(analyse(saas_deal.model_copy(update={"qualification": changed})))
    assert verdict.blocks[1].lines == [
        "Without evidence: Timing (intent qualification), Timing gate"
    ]
