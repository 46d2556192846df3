"""The qualification as tables: scores with their evidence, route and effort, gates, verdict.

Column headers and score names are plain words, points are right-aligned and bands, gate
results and the verdict are coloured, so a workshop reads the state of the deal at a glance.
The text form of each table is what the notebook's checked cells compare.
"""

from __future__ import annotations

from kit.qualify import worked_examples as worked
from kit.qualify.calculations import GATE_TABLE, ROUTES, Band, QualifyAnalysis
from kit.tables import CellLike, Lines, Report, Table, Tone, right, status

GROUPS = {
    "fit": "Fit",
    "intent": "Intent",
    "intent_qualification": "Intent qualification",
    "budget_procurement": "Budget and procurement",
}
DIMENSIONS = {
    "profile_alignment": "Profile alignment",
    "use_case_alignment": "Use-case alignment",
    "delivery_feasibility": "Delivery feasibility",
    "commercial_actions": "Commercial actions",
    "engagement_depth": "Engagement depth",
    "content_behaviour": "Content behaviour",
    "evaluation": "Evaluation",
    "timing": "Timing",
    "commitment": "Commitment",
    "budget_authority": "Budget authority",
    "procurement_friction": "Procurement clarity",
}
BAND_TONES: dict[Band, Tone] = {"high": "good", "medium": "warn", "low": "bad"}
VERDICT_TONES: dict[str, Tone] = {"advance": "good", "hold": "warn", "disqualify": "bad"}
ROUTE_TONES: dict[str, Tone] = {
    ROUTES["high_high"].name: "good",
    ROUTES["low_fit"].name: "bad",
    ROUTES["low_intent"].name: "bad",
}
"""Routes not named here move forward with a condition attached, so they show as a warning."""


def headline(analysis: QualifyAnalysis) -> Lines:
    deal = analysis.deal
    return Lines([f"{deal.customer.name}: {deal.title}"])


def scores(analysis: QualifyAnalysis) -> Table:
    """Every score with its maximum and the observation behind it; a bare number in red."""
    rows = [
        [
            GROUPS[line.group],
            DIMENSIONS[line.dimension],
            str(line.score),
            str(line.maximum),
            status("no evidence", "bad") if line.flagged else line.evidence,
        ]
        for line in analysis.result.lines
    ]
    return Table(["Group", "Score", right("Points"), right("Out of"), "Evidence"], rows)


def routing(analysis: QualifyAnalysis) -> Report:
    """The three banded totals, the route they pick, the effort and the budget reading."""
    result = analysis.result
    totals = Table(
        ["Total", right("Points"), right("Out of"), "Band"],
        [
            _banded("Fit", result.fit, 10, result.fit_band),
            _banded("Intent", result.intent, 10, result.intent_band),
            _banded("Intent qualification", result.intent_total, 9, result.intent_total_band),
            ["Budget authority", str(result.budget_authority), "3", ""],
            ["Procurement clarity", str(result.procurement_friction), "3", ""],
        ],
    )
    route = Lines(
        [f"Route: {result.route.name}", f"Next action: {result.route.action}"],
        ROUTE_TONES.get(result.route.name, "warn"),
    )
    effort = Lines(
        [
            f"Effort ({result.intent_total_band} intent): {result.intent_action}",
            f"Budget and procurement: {result.budget_reading}",
        ]
    )
    return Report.of(totals, route, effort)


def _banded(name: str, points: int, maximum: int, band: Band) -> list[CellLike]:
    return [name, str(points), str(maximum), status(band, BAND_TONES[band])]


def gates(analysis: QualifyAnalysis) -> Table:
    rows = [
        [
            str(number),
            gate.title,
            status("pass", "good") if gate.passed else status("fail", "bad"),
            gate.meaning,
            gate.next_step,
            gate.evidence or status("no evidence", "bad"),
        ]
        for number, gate in enumerate(analysis.result.gates, start=1)
    ]
    return Table([right("#"), "Gate", "Result", "What it means", "Next step", "Evidence"], rows)


def verdict(analysis: QualifyAnalysis) -> Report:
    """The verdict and the one next step, then whether every number is backed by evidence."""
    result = analysis.result
    decision = Lines(
        [f"Verdict: {result.verdict}", f"Next step: {result.next_step}"],
        VERDICT_TONES[result.verdict],
    )
    if not result.unsupported:
        return Report.of(decision, Lines(["Every score and gate carries evidence."], "good"))
    missing = ", ".join(_unsupported_name(name) for name in result.unsupported)
    return Report.of(decision, Lines([f"Without evidence: {missing}"], "warn"))


def _unsupported_name(name: str) -> str:
    """``gates.timing`` reads as "Timing gate", ``intent.engagement_depth`` as its score name."""
    group, key = name.split(".")
    if group == "gates":
        return f"{GATE_TABLE[key].title} gate"
    return f"{DIMENSIONS[key]} ({GROUPS[group].lower()})"


def live(analysis: QualifyAnalysis) -> Report:
    """What the workshop form shows under its controls: totals, route, effort and verdict."""
    return Report.of(routing(analysis), verdict(analysis))


def lead_2_3() -> Table:
    """The method's 2.3 lead before and after the feasibility check lowers its fit."""
    before, after = worked.lead_2_3()
    return Table(
        ["Lead", right("Fit"), right("Intent"), "Route", "Next action"],
        [
            [
                "Before the feasibility check",
                str(worked.FIT_BEFORE_2_3),
                str(worked.INTENT_2_3),
                before.name,
                before.action,
            ],
            [
                "After it",
                str(worked.FIT_AFTER_2_3),
                str(worked.INTENT_2_3),
                after.name,
                after.action,
            ],
        ],
    )
