"""Qualification (method chapters 2.3 and 5): scores, bands, routes, gates and the verdict.

Each rule is a small pure function over the typed parameters, so the worked examples of the
method are unit tests. :func:`analyse` applies them all once per run; the notebook's views and
the workshop form only display the :class:`QualifyAnalysis` it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kit.models.deal import Deal, Gates, Qualification

Band = Literal["high", "medium", "low"]


def fit_intent_band(score: int) -> Band:
    """2.3 thresholds for both fit and intent: high 8-10, medium 5-7, low 0-4."""
    if not 0 <= score <= 10:
        raise ValueError(f"a fit or intent score runs from 0 to 10 (got {score})")
    if score >= 8:
        return "high"
    return "medium" if score >= 5 else "low"


@dataclass(frozen=True)
class Route:
    name: str
    action: str


ROUTES = {
    "low_fit": Route("Low fit + any intent", "Disqualify or refer internally."),
    "low_intent": Route("Any fit + low intent", "Nurture with a trigger-based message."),
    "high_high": Route("High fit + high intent", "Book a discovery call with a tailored agenda."),
    "high_medium": Route(
        "High fit + medium intent",
        "Send a short technical Q&A or offer a demo built on one use case.",
    ),
    "medium_high": Route(
        "Medium fit + high intent",
        "Go ahead, but test scope and timeline feasibility in the first 10 minutes of the call.",
    ),
    # The method names five routes; medium fit with medium intent falls between them. The kit
    # treats it as unproven and asks for the validation questions before investing time.
    "medium_medium": Route(
        "Medium fit + medium intent (kit rule)",
        "Validate first: ask the fit and intent validation questions before booking time.",
    ),
}


def route(fit: int, intent: int) -> Route:
    """Fit x intent routing; low fit stops a lead even when intent is high (2.3 decision gate)."""
    fit_band, intent_band = fit_intent_band(fit), fit_intent_band(intent)
    if fit_band == "low":
        return ROUTES["low_fit"]
    if intent_band == "low":
        return ROUTES["low_intent"]
    return ROUTES[f"{fit_band}_{intent_band}"]


def intent_qualification_band(total: int) -> tuple[Band, str]:
    """5.2: the 0-9 intent total decides how much effort the deal gets next."""
    if not 0 <= total <= 9:
        raise ValueError(f"the intent qualification total runs from 0 to 9 (got {total})")
    if total >= 7:
        return (
            "high",
            "Draft a mutual action plan now; pin down dates, people and approvals in one sitting.",
        )
    if total >= 4:
        return (
            "medium",
            "Agree a structured plan: get a date for the next milestone and the "
            "conditions to reach it.",
        )
    return (
        "low",
        "Scale back effort and re-test the deal with a single question on timing or commitment.",
    )


def budget_procurement_reading(budget: int, procurement: int) -> str:
    """5.3: what a budget-authority clarity and procurement clarity pair means for the deal.

    The method explains the corners (3/0 "we like it, but...", 0/3 wrong person, Deal A 3/2,
    Deal B 1/0); the kit splits each axis at 2 ("owner identified" / "lead times known").
    """
    for value, name in ((budget, "budget authority"), (procurement, "procurement friction")):
        if not 0 <= value <= 3:
            raise ValueError(f"{name} runs from 0 to 3 (got {value})")
    if budget >= 2 and procurement >= 2:
        return "Signable: schedule the proposal review and contracting."
    if budget >= 2:
        return "They like it, but procurement is unclear: map the purchasing path before terms."
    if procurement >= 2:
        return "Likely the wrong person: find the budget owner before going further."
    return (
        "Pause: confirm the budget owner and the procurement and onboarding path "
        "before investing in final commercial terms."
    )


@dataclass(frozen=True)
class GateRule:
    title: str
    pass_means: str
    pass_next: str
    fail_means: str
    fail_next: str


GATE_TABLE: dict[str, GateRule] = {
    "fit_and_access": GateRule(
        "Fit and Access",
        "Right people and capability",
        "Discovery continues",
        "Missing owner or mismatch",
        "Readiness call or pause",
    ),
    "problem_clarity": GateRule(
        "Problem Clarity",
        "Impact quantified",
        "Solution alignment",
        "Vague pain",
        "Problem workshop",
    ),
    "decision_process": GateRule(
        "Decision Process",
        "Stakeholders mapped",
        "Proposal planning",
        "Unknown approvals",
        "Stakeholder session",
    ),
    "timing": GateRule(
        "Timing",
        "Priority driver confirmed",
        "Proposal with timeline",
        "Low urgency",
        "Light-touch plan",
    ),
    "commercial_fit": GateRule(
        "Commercial Fit",
        "Budget and constraints workable",
        "Commercial proposal",
        "Constraints block scope",
        "Phased scope or pause",
    ),
    "mutual_agreement": GateRule(
        "Mutual Agreement",
        "Clear deliverables and attendees",
        "Execute next meeting",
        "No commitment",
        "Reschedule or close loop",
    ),
}


@dataclass(frozen=True)
class GateResult:
    key: str
    title: str
    passed: bool
    meaning: str
    next_step: str
    evidence: str


def gate_results(gates: Gates) -> tuple[GateResult, ...]:
    """5.5 decision table applied to each of the six gates, in the method's order."""
    results = []
    for key, rule in GATE_TABLE.items():
        gate = getattr(gates, key)
        results.append(
            GateResult(
                key=key,
                title=rule.title,
                passed=gate.passed,
                meaning=rule.pass_means if gate.passed else rule.fail_means,
                next_step=rule.pass_next if gate.passed else rule.fail_next,
                evidence=gate.evidence,
            )
        )
    return tuple(results)


@dataclass(frozen=True)
class ScoreLine:
    """One scored dimension with the evidence behind it, as shown in the notebook and report."""

    group: str
    dimension: str
    score: int
    maximum: int
    evidence: str

    @property
    def flagged(self) -> bool:
        return not self.evidence.strip()

    @property
    def path(self) -> tuple[str, ...]:
        """Where the score sits in the deal's ``qualification`` section, for the form."""
        if self.group == "budget_procurement":
            return (self.dimension,)
        return (self.group, self.dimension)


@dataclass(frozen=True)
class QualificationResult:
    fit: int
    fit_band: Band
    intent: int
    intent_band: Band
    route: Route
    intent_total: int
    intent_total_band: Band
    intent_action: str
    budget_authority: int
    procurement_friction: int
    budget_reading: str
    gates: tuple[GateResult, ...]
    lines: tuple[ScoreLine, ...]
    verdict: Literal["advance", "hold", "disqualify"]
    next_step: str

    @property
    def unsupported(self) -> list[str]:
        """Every score or gate given without evidence, named so a reviewer can ask for it."""
        names = [f"{line.group}.{line.dimension}" for line in self.lines if line.flagged]
        names += [f"gates.{gate.key}" for gate in self.gates if not gate.evidence.strip()]
        return names


_MAXIMA = {
    "fit": {"profile_alignment": 5, "use_case_alignment": 3, "delivery_feasibility": 2},
    "intent": {"commercial_actions": 4, "engagement_depth": 3, "content_behaviour": 3},
    "intent_qualification": {"evaluation": 3, "timing": 3, "commitment": 3},
}


def score_lines(qualification: Qualification) -> tuple[ScoreLine, ...]:
    """Every scored dimension in the method's order, with its maximum and its evidence."""
    lines = []
    for group, dimensions in _MAXIMA.items():
        scores = getattr(qualification, group)
        for dimension, maximum in dimensions.items():
            scored = getattr(scores, dimension)
            lines.append(ScoreLine(group, dimension, scored.score, maximum, scored.evidence))
    for dimension in ("budget_authority", "procurement_friction"):
        scored = getattr(qualification, dimension)
        lines.append(ScoreLine("budget_procurement", dimension, scored.score, 3, scored.evidence))
    return tuple(lines)


def qualify(qualification: Qualification) -> QualificationResult:
    """Every qualification rule at once, plus the overall verdict and the single next step.

    Low fit disqualifies outright (2.3). Otherwise the first failed gate holds the deal and its
    fail action is the next step; when all six pass, the mutual-agreement gate's pass action is.
    """
    lines = score_lines(qualification)
    total = {group: sum(line.score for line in lines if line.group == group) for group in _MAXIMA}
    fit, intent, intent_total = total["fit"], total["intent"], total["intent_qualification"]
    chosen = route(fit, intent)
    band, action = intent_qualification_band(intent_total)
    gates = gate_results(qualification.gates)
    failed = [gate for gate in gates if not gate.passed]
    if chosen is ROUTES["low_fit"]:
        verdict, next_step = "disqualify", chosen.action
    elif failed:
        verdict, next_step = "hold", f"{failed[0].title} gate: {failed[0].next_step}."
    else:
        verdict, next_step = "advance", f"All six gates pass: {gates[-1].next_step}."
    return QualificationResult(
        fit=fit,
        fit_band=fit_intent_band(fit),
        intent=intent,
        intent_band=fit_intent_band(intent),
        route=chosen,
        intent_total=intent_total,
        intent_total_band=band,
        intent_action=action,
        budget_authority=qualification.budget_authority.score,
        procurement_friction=qualification.procurement_friction.score,
        budget_reading=budget_procurement_reading(
            qualification.budget_authority.score, qualification.procurement_friction.score
        ),
        gates=gates,
        lines=lines,
        verdict=verdict,
        next_step=next_step,
    )


@dataclass(frozen=True)
class QualifyAnalysis:
    """One deal's qualification, computed once and read by the views and the form alike."""

    params: Deal
    result: QualificationResult

    @property
    def deal(self) -> Deal:
        return self.params


def analyse(deal: Deal) -> QualifyAnalysis:
    return QualifyAnalysis(deal, qualify(deal.qualification))
