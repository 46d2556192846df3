"""Mutual action plan (method 4.4, 4.5, 6.1): plan model, tables, sign-off checks and summary."""

from __future__ import annotations

import copy
import datetime as dt
import itertools
from pathlib import Path
from typing import Any

import pytest
from conftest import example_data, example_path, problems_for
from pydantic import ValidationError

from kit import registry
from kit.map.calculations import (
    SIGNOFF_ITEMS,
    analyse,
    change_impact,
    plan_summary,
    requirements_table,
    signoff,
    signoff_gaps,
    success_criteria,
)
from kit.models.deal import Deal, Outcome, Requirement
from kit.models.plan import PHASES, DecisionPoint, Dependency, MapPlan, Meeting, Phase
from kit.params import load

SAAS = example_path("saas-subscription.yaml")
SERVICES = example_path("fixed-scope-services.yaml")


@pytest.fixture(scope="module")
def saas_data() -> dict[str, Any]:
    return example_data(SAAS.name)


def replace_item(deal: Deal, name: str, index: int, **changes: Any) -> Deal:
    items = list(getattr(deal, name))
    items[index] = items[index].model_copy(update=changes)
    return deal.model_copy(update={name: items})


def failing(deal: Deal) -> dict[str, tuple[str, ...]]:
    return {check.item: check.failing for check in signoff(deal) if not check.passed}


# --- the bundled examples -------------------------------------------------------------------


@pytest.mark.parametrize("path", [SAAS, SERVICES])
def test_examples_load_with_four_phases_in_order(path: Path) -> None:
    deal = load(path, Deal)
    assert deal.plan is not None
    assert [phase.name for phase in deal.plan.phases] == list(PHASES)
    assert deal.reference_problems() == []


def test_example_phases_hold_their_milestones(saas_deal: Deal, services_deal: Deal) -> None:
    assert saas_deal.plan is not None and services_deal.plan is not None
    assert [phase.milestones for phase in saas_deal.plan.phases] == [
        [],
        ["M1"],
        ["M2", "M3"],
        ["M4"],
    ]
    assert [phase.milestones for phase in services_deal.plan.phases] == [
        [],
        ["M1"],
        ["M2", "M3"],
        ["M4"],
    ]


def test_a_deal_without_plan_still_validates(saas_deal: Deal) -> None:
    assert saas_deal.model_copy(update={"plan": None}).reference_problems() == []


# --- requirements table and success criteria matrix (4.4) ----------------------------------


def test_requirements_table_columns_and_rows(saas_deal: Deal) -> None:
    rows = requirements_table(saas_deal)
    assert [row.id for row in rows] == ["R1", "R2", "R3", "R4", "R5"]
    first = rows[0]
    assert first.requirement.startswith("Route each ticket")
    assert (first.priority, first.owner) == ("must", "山田 太郎")
    assert first.dependency == "Category list agreed by service leads"
    assert first.acceptance_evidence.startswith("Routing log shows 95 %")
    assert rows[2].dependency == ""


def test_success_criteria_linked_from_requirement_outcomes(saas_deal: Deal) -> None:
    matrix = {row.id: row for row in success_criteria(saas_deal)}
    assert {key: row.linked_requirements for key, row in matrix.items()} == {
        "O1": ("R1", "R2"),
        "O2": ("R2", "R5"),
        "O3": ("R3", "R4"),
    }
    assert (matrix["O1"].baseline, matrix["O1"].target) == ("6 hours", "3 hours")
    assert all(row.missing == () for row in matrix.values())


def test_success_criteria_follow_a_changed_requirement_link(saas_deal: Deal) -> None:
    changed = replace_item(saas_deal, "requirements", 1, outcomes=["O3"])
    matrix = {row.id: row.linked_requirements for row in success_criteria(changed)}
    assert matrix == {"O1": ("R1",), "O2": ("R5",), "O3": ("R2", "R3", "R4")}


def test_criterion_without_requirement_has_no_links(saas_deal: Deal) -> None:
    extra = Outcome(id="O4", statement="Fewer repeat calls", metric="Repeat calls per week")
    matrix = success_criteria(
        saas_deal.model_copy(update={"outcomes": [*saas_deal.outcomes, extra]})
    )
    assert matrix[-1].linked_requirements == ()
    assert matrix[-1].missing == ("baseline", "target", "time window", "method")


# --- final sign-off checklist (4.4) --------------------------------------------------------


def test_signoff_items_are_the_method_checklist_in_order(saas_deal: Deal) -> None:
    assert SIGNOFF_ITEMS == (
        "Every requirement has acceptance evidence.",
        "Every success criterion has metric, baseline, target, time window, and method.",
        "Dependencies have named owners.",
        "Assumptions are explicitly listed.",
        "A change rule exists for updates.",
    )
    assert [check.item for check in signoff(saas_deal)] == list(SIGNOFF_ITEMS)


def test_signoff_passes_on_saas_example(saas_deal: Deal) -> None:
    assert all(check.passed for check in signoff(saas_deal))
    assert failing(saas_deal) == {}


def test_signoff_on_services_example_names_the_criterion_without_method(
    services_deal: Deal,
) -> None:
    assert failing(services_deal) == {SIGNOFF_ITEMS[1]: ("O2: no method",)}


def test_signoff_names_requirements_without_acceptance_evidence(saas_deal: Deal) -> None:
    deal = replace_item(saas_deal, "requirements", 2, acceptance_evidence="")
    deal = replace_item(deal, "requirements", 4, acceptance_evidence="  ")
    assert failing(deal) == {
        SIGNOFF_ITEMS[0]: ("R3: no acceptance evidence", "R5: no acceptance evidence")
    }


def test_signoff_names_incomplete_criteria_and_missing_parts(saas_deal: Deal) -> None:
    deal = replace_item(saas_deal, "outcomes", 1, baseline="", measurement_method="")
    deal = replace_item(deal, "outcomes", 2, time_window="")
    assert failing(deal) == {SIGNOFF_ITEMS[1]: ("O2: no baseline, method", "O3: no time window")}


def test_signoff_names_unowned_requirement_and_plan_dependencies(saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    deal = replace_item(saas_deal, "requirements", 0, owner="")
    dependencies = list(saas_deal.plan.dependencies)
    dependencies[2] = dependencies[2].model_copy(update={"owner": ""})
    plan = saas_deal.plan.model_copy(update={"dependencies": dependencies})
    deal = deal.model_copy(update={"plan": plan})
    assert failing(deal) == {
        SIGNOFF_ITEMS[2]: (
            "R1: dependency 'Category list agreed by service leads' has no owner",
            "plan.dependencies[2]: 'Works-council approval of role-based field access' "
            "has no owner",
        )
    }


def test_requirement_without_dependency_needs_no_owner_for_check_three(saas_deal: Deal) -> None:
    deal = replace_item(saas_deal, "requirements", 2, owner="")
    assert failing(deal) == {}


def test_signoff_fails_when_no_assumptions_are_listed(saas_deal: Deal) -> None:
    deal = saas_deal.model_copy(update={"assumptions": []})
    assert failing(deal) == {SIGNOFF_ITEMS[3]: ("assumptions: none listed",)}


def test_change_rule_from_clause_or_assumption(saas_deal: Deal) -> None:
    no_clause = saas_deal.model_copy(
        update={"terms": saas_deal.terms.model_copy(update={"change_control": ""})}
    )
    assert failing(no_clause) == {}, "assumption A3 (type change_control) still counts"
    neither = no_clause.model_copy(update={"assumptions": saas_deal.assumptions[:2]})
    assert failing(neither) == {
        SIGNOFF_ITEMS[4]: (
            "terms.change_control: empty, and no assumption has type change_control",
        )
    }


def _invoice_deal(saas_deal: Deal, owner: str) -> Deal:
    """4.4 worked example: invoice routing with its evidence, dependency and adoption target."""
    requirement = Requirement(
        id="R1",
        text="Automate invoice routing",
        theme="process",
        priority="must",
        evidence="Manual routing is the bottleneck",
        owner=owner,
        dependency="Accounting rules must be provided by Finance.",
        acceptance_evidence=(
            "System logs show routing decisions for 95% of invoices within 5 minutes of submission."
        ),
        outcomes=["O1"],
    )
    outcome = Outcome(
        id="O1",
        statement="Increase self-serve adoption",
        metric="Share of eligible users who are self-serve active",
        baseline="20%",
        target="35%",
        time_window="Within 90 days",
        measurement_method="Active users who run at least one standard report per week",
    )
    return saas_deal.model_copy(
        update={"requirements": [requirement], "outcomes": [outcome], "plan": None}
    )


def test_4_4_invoice_routing_example_passes_signoff(saas_deal: Deal) -> None:
    deal = _invoice_deal(saas_deal, owner="Finance")
    assert [check.passed for check in signoff(deal)] == [True] * 5
    row = success_criteria(deal)[0]
    assert (row.baseline, row.target, row.time_window) == ("20%", "35%", "Within 90 days")
    assert row.linked_requirements == ("R1",)


def test_4_4_invoice_routing_without_owner_fails_only_check_three(saas_deal: Deal) -> None:
    deal = _invoice_deal(saas_deal, owner="")
    assert [check.passed for check in signoff(deal)] == [True, True, False, True, True]
    assert signoff(deal)[2].failing == (
        "R1: dependency 'Accounting rules must be provided by Finance.' has no owner",
    )


def test_4_4_vague_integration_criterion_fails_until_measurable(saas_deal: Deal) -> None:
    """4.4: "integration works" is not a criterion; 2 minutes for 99% of cases is."""
    vague = Outcome(id="O1", statement="Integration works")
    deal = _invoice_deal(saas_deal, owner="Finance").model_copy(update={"outcomes": [vague]})
    assert signoff(deal)[1].failing == ("O1: no metric, baseline, target, time window, method",)
    measurable = Outcome(
        id="O1",
        statement="CRM contacts reach the system quickly",
        metric="Contacts created in CRM that appear in the system within 2 minutes",
        baseline="0% (no integration today)",
        target="99% of cases",
        time_window="During the pilot",
        measurement_method="Pilot sync log compared with CRM creation times",
    )
    assert signoff(deal.model_copy(update={"outcomes": [measurable]}))[1].passed


def _onboarding_deal(saas_deal: Deal) -> Deal:
    """4.4 example mapping: one onboarding criterion linked to three requirements."""
    texts = ("pre-fill onboarding fields", "automate document checks", "standardize approval steps")
    requirements = [
        Requirement(
            id=f"R{number}",
            text=text,
            theme="process",
            priority="must",
            acceptance_evidence="Pilot run recorded",
            outcomes=["O1"],
        )
        for number, text in enumerate(texts, start=1)
    ]
    outcome = Outcome(
        id="O1",
        statement="Reduce onboarding time",
        metric="Average onboarding time",
        baseline="10 days",
        target="6 days",
        time_window="Within 60 days of go-live",
        measurement_method="Onboarding tickets, opened to closed",
    )
    return saas_deal.model_copy(
        update={"requirements": requirements, "outcomes": [outcome], "plan": None}
    )


def test_4_4_onboarding_criterion_links_three_requirements(saas_deal: Deal) -> None:
    row = success_criteria(_onboarding_deal(saas_deal))[0]
    assert (row.baseline, row.target) == ("10 days", "6 days")
    assert row.linked_requirements == ("R1", "R2", "R3")


def test_4_4_change_rule_target_six_to_four_days(saas_deal: Deal) -> None:
    deal = _onboarding_deal(saas_deal)
    deal = replace_item(deal, "outcomes", 0, target="4 days")
    impact = change_impact(deal, "O1")
    assert impact.kind == "success criterion"
    assert impact.linked == ("R1", "R2", "R3")
    assert "scope, timeline and resources" in impact.recheck
    back = change_impact(deal, "R2")
    assert (back.kind, back.linked) == ("requirement", ("O1",))


def test_change_impact_on_unknown_id_is_misuse(saas_deal: Deal) -> None:
    with pytest.raises(ValueError, match="'X9'"):
        change_impact(saas_deal, "X9")


def test_6_1_first_contact_resolution_and_escalations(saas_deal: Deal) -> None:
    """6.1: FCR 62% to 72% in 90 days is complete; escalations 18 to 12 lack a method."""
    fcr = Outcome(
        id="O1",
        statement="Improve first-contact resolution",
        metric="First-contact resolution rate (percent of tickets resolved without follow-up)",
        baseline="62%",
        target="72%",
        time_window="90 days after rollout",
        measurement_method="Support platform report",
    )
    escalations = Outcome(
        id="O2",
        statement="Fewer escalations",
        metric="Escalation rate per 1,000 tickets",
        baseline="18 escalations per 1,000 tickets",
        target="12 per 1,000 tickets",
        time_window="60 days",
    )
    deal = _invoice_deal(saas_deal, owner="Finance").model_copy(
        update={"outcomes": [fcr, escalations]}
    )
    matrix = success_criteria(deal)
    assert [(row.baseline, row.target, row.time_window) for row in matrix] == [
        ("62%", "72%", "90 days after rollout"),
        ("18 escalations per 1,000 tickets", "12 per 1,000 tickets", "60 days"),
    ]
    assert signoff(deal)[1].failing == ("O2: no method",)


# --- plan model: phase order and dates (4.5) -----------------------------------------------


def _example_plan(**ends: dt.date) -> MapPlan:
    """4.5 worked example MAP: by 2026-02-15, 02-22, 03-01 and 03-15."""
    rows = [
        ("confirm", "2026-02-02", "2026-02-15", "finalize onboarding workflow"),
        ("design", "2026-02-16", "2026-02-22", "define training sessions and materials"),
        ("implement", "2026-02-23", "2026-03-01", "configure assets and schedule sessions"),
        ("prove", "2026-03-02", "2026-03-15", "measure adoption and time-to-competency"),
    ]
    phases = [
        Phase(
            name=name,
            start=dt.date.fromisoformat(start),
            end=ends.get(name, dt.date.fromisoformat(end)),
            activities=[activity],
            deliverables=["agreed output"],
            customer_owner="customer ops lead",
            seller_owner="seller lead",
            decision_point="approval",
        )
        for name, start, end, activity in rows
    ]
    return MapPlan(
        phases=phases,
        cadence=[
            Meeting(meeting="Check-in", frequency="weekly", attendees=["seller lead"], purpose="x")
        ],
        decision_points=[DecisionPoint(decision="approve workflow", owner="customer ops lead")],
    )


SIDES = {"customer ops lead": "customer", "seller lead": "seller"}


def test_4_5_example_dates_are_in_order_and_span_28_days() -> None:
    plan = _example_plan()
    assert plan.problems({}, SIDES) == []
    summary = plan_summary(plan, dt.date(2026, 2, 1))
    assert [row.phase for row in summary.phases] == ["Confirm", "Design", "Implement", "Prove"]
    ends = [row.end for row in summary.phases]
    assert [(b - a).days for a, b in itertools.pairwise(ends)] == [7, 7, 14]
    assert (summary.end - ends[0]).days == 28


def test_phase_ending_before_it_starts_is_refused_by_the_phase_itself() -> None:
    """Issue 8: no plan, and so no negative length or backwards bar, can hold such a phase."""
    with pytest.raises(ValidationError) as caught:
        _example_plan(implement=dt.date(2026, 2, 20))
    (error,) = caught.value.errors()
    assert error["loc"] == ("end",)
    assert error["msg"] == "Value error, ends before the phase starts on 2026-02-23"


def test_a_one_day_phase_is_allowed() -> None:
    plan = _example_plan(implement=dt.date(2026, 2, 23))
    assert plan.problems({}, SIDES) == []
    assert plan_summary(plan, dt.date(2026, 2, 1)).phases[2].days == 1


def test_phase_ending_before_the_previous_phase_is_named() -> None:
    plan = _example_plan(design=dt.date(2026, 3, 5))
    assert plan.problems({}, SIDES) == [
        "phases[2].end: 2026-03-01 is before the design phase ends (2026-03-05)",
    ]


def test_phases_out_of_order_are_named() -> None:
    plan = _example_plan()
    phases = plan.phases
    swapped = plan.model_copy(update={"phases": [phases[0], phases[2], phases[1], phases[3]]})
    assert swapped.problems({}, SIDES) == [
        "phases[1].name: expected 'design' here (got 'implement'); "
        "phases run confirm, design, implement, prove",
        "phases[2].name: expected 'implement' here (got 'design'); "
        "phases run confirm, design, implement, prove",
        "phases[2].start: 2026-02-16 is before the implement phase starts (2026-02-23)",
        "phases[2].end: 2026-02-22 is before the implement phase ends (2026-03-01)",
    ]


def test_missing_and_extra_phases_are_named() -> None:
    plan = _example_plan()
    short = plan.model_copy(update={"phases": plan.phases[:2]})
    assert short.problems({}, SIDES) == [
        "phases: missing implement, prove; a plan lists confirm, design, implement, prove"
    ]
    long = plan.model_copy(update={"phases": [*plan.phases, plan.phases[3]]})
    assert long.problems({}, SIDES) == [
        "phases[4]: a plan has only four phases (confirm, design, implement, prove)"
    ]


def test_load_names_a_phase_that_ends_before_it_starts(
    tmp_path: Path, saas_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(saas_data)
    data["plan"]["phases"][2]["end"] = "2027-01-10"
    assert problems_for(tmp_path, data) == [
        "plan.phases[2].end: ends before the phase starts on 2027-01-12 (got '2027-01-10')"
    ]


def test_load_names_plan_date_order_problem(tmp_path: Path, saas_data: dict[str, Any]) -> None:
    data = copy.deepcopy(saas_data)
    data["plan"]["phases"][1]["end"] = "2027-03-05"
    assert problems_for(tmp_path, data) == [
        "plan.phases[2].end: 2027-03-01 is before the design phase ends (2027-03-05)",
    ]


def test_load_names_milestones_outside_their_phase(
    tmp_path: Path, saas_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(saas_data)
    data["plan"]["phases"][2]["end"] = "2027-02-01"
    data["plan"]["phases"][3]["start"] = "2027-02-02"
    assert problems_for(tmp_path, data) == [
        "plan.phases[2].milestones[0]: milestone 'M2' is dated 2027-02-08, outside the "
        "implement phase (2027-01-12 to 2027-02-01)",
        "plan.phases[2].milestones[1]: milestone 'M3' is dated 2027-03-01, outside the "
        "implement phase (2027-01-12 to 2027-02-01)",
    ]


def test_load_names_plan_reference_problems(tmp_path: Path, saas_data: dict[str, Any]) -> None:
    data = copy.deepcopy(saas_data)
    data["plan"]["phases"][1]["milestones"] = ["M9"]
    data["plan"]["phases"][3]["customer_owner"] = "Amara Okafor"
    data["plan"]["phases"][3]["seller_owner"] = "Nobody"
    data["plan"]["decision_points"][0]["owner"] = "The board"
    assert problems_for(tmp_path, data) == [
        "plan.phases[1].milestones[0]: unknown milestone 'M9' (known: M1, M2, M3, M4)",
        "plan.phases[3].customer_owner: 'Amara Okafor' is not a listed customer-side stakeholder",
        "plan.phases[3].seller_owner: 'Nobody' is not a listed seller-side stakeholder",
        "plan.decision_points[0].owner: 'The board' is not a listed stakeholder",
    ]


def test_load_rejects_vague_dates_and_unknown_values(
    tmp_path: Path, saas_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(saas_data)
    data["plan"]["phases"][0]["end"] = "soon"
    data["plan"]["phases"][1]["name"] = "pilot"
    del data["plan"]["phases"][3]["decision_point"]
    data["plan"]["cadence"][0]["frequency"] = "often"
    data["plan"]["dependencies"][0]["status"] = "maybe"
    problems = problems_for(tmp_path, data)
    wheres = [line.split(":")[0] for line in problems]
    assert wheres == [
        "plan.phases[0].end",
        "plan.phases[1].name",
        "plan.phases[3].decision_point",
        "plan.cadence[0].frequency",
        "plan.dependencies[0].status",
    ]
    assert "(got 'soon')" in problems[0]
    assert problems[2] == "plan.phases[3].decision_point: Field required"


def test_load_rejects_plan_without_cadence_or_decisions(
    tmp_path: Path, saas_data: dict[str, Any]
) -> None:
    data = copy.deepcopy(saas_data)
    data["plan"]["cadence"] = []
    data["plan"]["decision_points"] = []
    data["plan"]["phases"][0]["extra"] = 1
    problems = problems_for(tmp_path, data)
    assert [line.split(":")[0] for line in problems] == [
        "plan.phases[0].extra",
        "plan.cadence",
        "plan.decision_points",
    ]


# --- plan summary: overdue and undated items -----------------------------------------------


def test_summary_of_saas_plan_at_issue_date(saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    summary = plan_summary(saas_deal.plan, saas_deal.date)
    assert [row.phase for row in summary.phases] == ["Confirm", "Design", "Implement", "Prove"]
    assert (summary.start, summary.end) == (dt.date(2026, 12, 14), dt.date(2027, 5, 3))
    assert summary.phases[1].milestones == ("M1",)
    assert summary.overdue == () and summary.undated == ()
    assert len(summary.items) == 10
    dues = [item.due for item in summary.items]
    assert dues == sorted(dues)


def test_summary_names_overdue_items_with_days_late(saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    summary = plan_summary(saas_deal.plan, dt.date(2027, 1, 5))
    assert [(item.path, item.days_late) for item in summary.overdue] == [
        ("plan.dependencies[0]", 15),
        ("plan.decision_points[0]", 14),
        ("plan.dependencies[1]", 1),
    ]


def test_done_and_decided_items_are_not_overdue(saas_deal: Deal) -> None:
    assert saas_deal.plan is not None
    dependencies = list(saas_deal.plan.dependencies)
    dependencies[0] = dependencies[0].model_copy(update={"status": "done"})
    decisions = list(saas_deal.plan.decision_points)
    decisions[0] = decisions[0].model_copy(update={"decided": True})
    plan = saas_deal.plan.model_copy(
        update={"dependencies": dependencies, "decision_points": decisions}
    )
    summary = plan_summary(plan, dt.date(2027, 1, 5))
    assert [item.path for item in summary.overdue] == ["plan.dependencies[1]"]


def test_summary_lists_undated_items_last(services_deal: Deal) -> None:
    assert services_deal.plan is not None
    summary = plan_summary(services_deal.plan, services_deal.date)
    assert [(item.kind, item.what) for item in summary.undated] == [
        ("dependency", "Purchase order issued"),
        ("decision", "Finance approval route for the purchase order"),
    ]
    assert [item.due for item in summary.items[-2:]] == [None, None]
    assert summary.overdue == ()


def test_undated_item_that_is_done_is_not_listed(services_deal: Deal) -> None:
    assert services_deal.plan is not None
    extra = Dependency(what="Signed NDA", owner="Dana O'Connor", status="done")
    plan = services_deal.plan.model_copy(
        update={"dependencies": [*services_deal.plan.dependencies, extra]}
    )
    assert [item.what for item in plan_summary(plan, services_deal.date).undated] == [
        "Purchase order issued",
        "Finance approval route for the purchase order",
    ]


# --- the one analysis -------------------------------------------------------------------------


def test_analysis_holds_every_table_computed_once(saas_deal: Deal) -> None:
    analysis = registry.get("map").analysis(saas_deal)
    assert analysis == analyse(saas_deal)
    assert analysis.params is saas_deal and analysis.plan is saas_deal.plan
    assert analysis.requirements == requirements_table(saas_deal)
    assert analysis.criteria == success_criteria(saas_deal)
    assert analysis.signoff == signoff(saas_deal)
    assert analysis.gaps == signoff_gaps(analysis.signoff, analysis.criteria) == ()
    assert analysis.summary == plan_summary(saas_deal.plan, saas_deal.date)
    assert [change.changed for change in analysis.changes] == [
        "O1",
        "O2",
        "O3",
        "R1",
        "R2",
        "R3",
        "R4",
        "R5",
    ]
    assert analysis.changes[0] == change_impact(saas_deal, "O1")
    assert (analysis.idle_days, analysis.signed_off, analysis.summary.days) == (12, 5, 141)
    assert len(analysis.review) == 4


def test_tracked_items_know_their_phase(saas_deal: Deal, services_deal: Deal) -> None:
    saas = analyse(saas_deal).summary
    assert [item.phase for item in saas.items[:3]] == ["Confirm", "Confirm", "Design"]
    undated = analyse(services_deal).summary.undated
    assert [item.phase for item in undated] == ["—", "—"]
