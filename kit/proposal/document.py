"""The proposal (method chapter 7): nine sections, price worksheet, deal-desk appendix.

The context holds display-ready strings only, so the Word template has no logic beyond loops
and a designer can restyle it without breaking a calculation.
"""

from __future__ import annotations

from typing import Any

from matplotlib.figure import Figure

from kit import charts, formatting
from kit.document import Chart, Content, Properties
from kit.models.deal import Deal
from kit.proposal.calculations import ProposalAnalysis
from kit.proposal.dealdesk import Review
from kit.proposal.pricing import Line, Worksheet

THEMES = ("process", "systems", "people", "compliance")


def customer(analysis: ProposalAnalysis) -> Content:
    """The proposal the customer receives, formatted for the deal's locale."""
    deal = analysis.deal
    return Content(
        _context(deal, analysis.sheet, analysis.desk),
        {"timeline_chart": Chart(timeline_chart(deal))},
        Properties(deal.title, deal.seller.name, f"Proposal for {deal.customer.name}", deal.date),
    )


def _context(deal: Deal, sheet: Worksheet, desk: Review) -> dict[str, Any]:
    """The context from an already computed worksheet and deal-desk review."""
    loc = deal.locale
    outcome_by_id = {outcome.id: outcome for outcome in deal.outcomes}
    deliverable_by_id = {d.id: d for d in deal.deliverables}
    milestone_by_id = {m.id: m for m in deal.milestones}
    requirements = sorted(deal.requirements, key=lambda r: THEMES.index(r.theme))
    return {
        "doc": {
            "title": deal.title,
            "customer": deal.customer.name,
            "customer_industry": deal.customer.industry,
            "seller": deal.seller.name,
            "date": formatting.date(deal.date, loc),
            "term": f"{deal.pricing.term_months} months",
        },
        "summary": {
            "problem": deal.summary.problem,
            "how_we_work": deal.summary.how_we_work,
            "current_state": deal.summary.current_state,
            "outcomes": [o.statement + _target(o.metric, o.target) for o in deal.outcomes],
            "included": deal.scope.included,
            "excluded": deal.scope.exclusions,
        },
        "requirements": [
            {
                "id": r.id,
                "theme": r.theme.capitalize(),
                "text": r.text,
                "priority": r.priority.capitalize(),
                "evidence": r.evidence or "—",
                "owner": r.owner or "—",
            }
            for r in requirements
        ],
        "approach": [
            {"step": s.step, "why": s.why, "requirements": ", ".join(s.requirements)}
            for s in deal.approach
        ],
        "outcomes": [
            {
                "id": o.id,
                "statement": o.statement,
                "metric": o.metric or "—",
                "baseline": o.baseline or "—",
                "target": o.target or "—",
                "window": o.time_window or "—",
                "method": o.measurement_method or "—",
            }
            for o in deal.outcomes
        ],
        "traceability": [
            {
                "requirement": f"{r.id} {r.text}",
                "outcomes": "; ".join(f"{oid} {outcome_by_id[oid].statement}" for oid in r.outcomes)
                or "none",
                "covered_by": ", ".join(r.deliverables + r.assumptions) or "none",
            }
            for r in deal.requirements
        ],
        "scope": {
            "included": deal.scope.included,
            "excluded": deal.scope.exclusions or ["Nothing is excluded yet."],
            "change_triggers": deal.scope.change_triggers or ["None listed."],
        },
        "deliverables": [
            {
                "id": d.id,
                "name": d.name,
                "owner": d.owner,
                "due": (
                    formatting.date(milestone_by_id[d.milestone].date, loc) if d.milestone else "—"
                ),
                "milestone": d.milestone or "—",
            }
            for d in deliverable_by_id.values()
        ],
        "assumptions": [
            {
                "id": a.id,
                "type": a.type.replace("_", " ").capitalize(),
                "when": a.when,
                "then": a.then,
            }
            for a in deal.assumptions
        ],
        "milestones": [
            {
                "id": m.id,
                "name": m.name,
                "date": formatting.date(m.date, loc),
                "type": m.type.capitalize(),
                "done": m.definition_of_done,
                "exit": m.exit_criteria or "—",
                "r": m.raci.responsible,
                "a": m.raci.accountable,
                "c": ", ".join(m.raci.consulted) or "—",
                "i": ", ".join(m.raci.informed) or "—",
            }
            for m in deal.milestones
        ],
        "dependencies": [f"{m.id}: {dep}" for m in deal.milestones for dep in m.dependencies]
        or ["No external dependencies recorded."],
        "pricing": _pricing(deal, sheet),
        "terms": _terms(deal),
        "risks": [
            {"risk": r.risk, "mitigation": r.mitigation, "owner": r.owner} for r in deal.risks
        ]
        or [{"risk": "None recorded", "mitigation": "—", "owner": "—"}],
        "acceptance": {
            "approved_when": deal.acceptance.approved_when,
            "signatories": [
                {"name": p.name, "role": p.role, "side": p.side.capitalize()}
                for name in deal.acceptance.signatories
                for p in deal.stakeholders
                if p.name == name
            ],
            "checklist": deal.acceptance.kickoff_checklist,
        },
        "deal_desk": {
            "verdict": desk.verdict.capitalize(),
            "checks": [
                {"name": c.name, "result": "Pass" if c.passed else f"{len(c.gaps)} gap(s)"}
                for c in desk.checks
            ],
            "gaps": [
                {
                    "rank": str(i),
                    "severity": g.severity.capitalize(),
                    "check": g.check,
                    "finding": g.finding,
                    "fix": g.fix,
                }
                for i, g in enumerate(desk.gaps, start=1)
            ]
            or [
                {
                    "rank": "—",
                    "severity": "—",
                    "check": "All checks pass",
                    "finding": "No gaps found",
                    "fix": "—",
                }
            ],
        },
    }


def _target(metric: str, target: str) -> str:
    return f" ({metric}: {target})" if metric and target else ""


def _line(line: Line, loc: str) -> dict[str, str]:
    return {
        "description": line.description,
        "quantity": formatting.number(line.quantity, loc),
        "unit_price": formatting.money(line.unit_price, loc),
        "discount": formatting.percent(line.discount_rate, loc) if line.discount_rate else "—",
        "amount": formatting.money(line.net, loc),
    }


def _pricing(deal: Deal, sheet: Worksheet) -> dict[str, Any]:
    loc = deal.locale

    def m(value: Any) -> str:
        return formatting.money(value, loc)

    addon = deal.pricing.performance_addon
    deal_discount = formatting.percent(sheet.total_discount_rate, loc)
    return {
        "one_time": [_line(line, loc) for line in sheet.one_time],
        "one_time_subtotal": m(sheet.one_time_subtotal),
        "one_time_discount": f"\N{MINUS SIGN}{m(sheet.one_time_deal_discount)}",
        "one_time_total": m(sheet.one_time_total),
        "monthly": [_line(line, loc) for line in sheet.monthly],
        "monthly_subtotal": m(sheet.monthly_subtotal),
        "monthly_discount": f"\N{MINUS SIGN}{m(sheet.monthly_deal_discount)}",
        "monthly_total": m(sheet.monthly_total),
        "deal_discount": deal_discount,
        "summary": [
            {"item": "One-time fees", "amount": m(sheet.one_time_total)},
            {"item": "Recurring fees per month", "amount": m(sheet.monthly_total)},
            {
                "item": f"First-year total (one-time + {sheet.first_year_months} months)",
                "amount": m(sheet.first_year_total),
            },
            {
                "item": f"Recurring fees over the {sheet.term_months}-month term",
                "amount": m(sheet.recurring_over_term),
            },
            {
                "item": f"Contract total over {sheet.term_months} months",
                "amount": m(sheet.contract_total),
            },
        ],
        "overage": [
            {"item": r.item, "unit": r.unit, "rate": m(r.rate)} for r in deal.pricing.overage_rates
        ]
        or [{"item": "No overage rates", "unit": "—", "rate": "—"}],
        "addon": (
            f"Optional: {formatting.percent(addon.share_of_subscription, loc)} of the monthly "
            f"subscription ({m(sheet.addon_monthly)} a month, at most "
            f"{m(sheet.addon_over_term)} over the term), earned when "
            f"{addon.condition[:1].lower()}{addon.condition[1:].rstrip('.')}, measured over "
            f"{addon.measurement_window_days} days. It is not included in the totals above."
            if addon
            else "No performance add-on is offered."
        ),
        "invoices": [
            {
                "trigger": i.trigger,
                "date": formatting.date(i.date, loc) if i.date else "—",
                "description": i.description,
                "amount": m(i.amount),
            }
            for i in sheet.invoices
        ],
        "invoices_total": m(sheet.one_time_total),
    }


def _terms(deal: Deal) -> list[dict[str, str]]:
    terms = deal.terms
    rows = [
        ("Payment terms", f"Net {terms.payment_terms_days} days"),
        ("Subscription billing", terms.subscription_billing or "No subscription"),
        (
            "Acceptance",
            f"{terms.acceptance_window_days} business days to review each deliverable against "
            f"its exit criteria; we fix rejected items within {terms.remedy_days} business days.",
        ),
        ("Expenses", terms.expenses or "None"),
        ("Change control", terms.change_control or "Not yet defined"),
    ]
    if terms.support_promise:
        coverage = {"business_hours": "Business hours", "24x7": "24x7"}
        promise = terms.support_promise
        rows.append(
            (
                "Support",
                f"{coverage[promise.coverage]}; Severity 1 response within "
                f"{promise.response_hours:g} hour(s)",
            )
        )
    return [{"term": name, "text": text} for name, text in rows]


@charts.remembered
def timeline_chart(deal: Deal) -> Figure:
    items = [(f"{m.id} {m.name}", m.date, m.type) for m in deal.milestones]
    return charts.timeline(items, deal.date, "Milestones from the issue date")
