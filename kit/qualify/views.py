"""Text views of a qualification result."""

from __future__ import annotations

from kit.formatting import table
from kit.qualify.calculations import QualificationResult


def scores(result: QualificationResult) -> str:
    rows = [
        [line.group, line.dimension, f"{line.score}/{line.maximum}", line.evidence or "NO EVIDENCE"]
        for line in result.lines
    ]
    return table(["group", "dimension", "score", "evidence"], rows)


def routing(result: QualificationResult) -> str:
    return "\n".join(
        [
            f"Fit {result.fit}/10 ({result.fit_band}), intent {result.intent}/10 "
            f"({result.intent_band})",
            f"Route: {result.route.name}",
            f"Next action: {result.route.action}",
            f"Intent qualification {result.intent_total}/9 ({result.intent_total_band}): "
            f"{result.intent_action}",
            f"Budget authority {result.budget_authority}/3, procurement "
            f"{result.procurement_friction}/3: {result.budget_reading}",
        ]
    )


def gates(result: QualificationResult) -> str:
    rows = [
        [
            str(i),
            gate.title,
            "pass" if gate.passed else "FAIL",
            gate.meaning,
            gate.next_step,
            gate.evidence or "NO EVIDENCE",
        ]
        for i, gate in enumerate(result.gates, start=1)
    ]
    return table(["#", "gate", "result", "means", "next step", "evidence"], rows)


def verdict(result: QualificationResult) -> str:
    lines = [f"Verdict: {result.verdict.upper()}", f"Next step: {result.next_step}"]
    if result.unsupported:
        lines.append("Scores or gates without evidence: " + ", ".join(result.unsupported))
    else:
        lines.append("Every score and gate carries evidence.")
    return "\n".join(lines)
