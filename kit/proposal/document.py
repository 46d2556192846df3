"""The proposal (method chapter 7) for the customer, and the deal team's internal brief.

The customer copy carries the nine sections of the proposal and nothing written for the
seller's side: the deal-desk review, the discounts given away and the dates that bound the
offer go to the internal brief. A section with nothing to say is left out rather than
printed empty or as zeros.

The context holds display-ready strings only, so the Word templates have no logic beyond loops
and conditions and a designer can restyle them without breaking a calculation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from matplotlib.figure import Figure

from kit import charts, formatting
from kit.document import Chart, Content, Properties, place_party_logos
from kit.models.deal import Deal
from kit.proposal.calculations import ProposalAnalysis
from kit.proposal.dealdesk import Review
from kit.proposal.pricing import Line, Worksheet
from kit.types import Money

THEMES = ("process", "systems", "people", "compliance")
NONE = "\N{EM DASH}"


def customer(analysis: ProposalAnalysis) -> Content:
    """The proposal the customer receives, formatted for the deal's locale."""
    deal = analysis.deal
    context = _context(deal, analysis.sheet)
    images = {"timeline_chart": Chart(timeline_chart(deal), width_mm=None)}
    place_party_logos(deal.seller, deal.customer, context, images)
    return Content(context, images, _properties(deal, f"Proposal for {deal.customer.name}"))


def internal(analysis: ProposalAnalysis) -> Content:
    """The deal team's brief: the deal-desk decision, its gaps, and what the offer concedes."""
    deal = analysis.deal
    context = {
        "doc": _doc(deal),
        "desk": _desk(analysis.desk),
        "concessions": _concessions(deal, analysis.sheet),
    }
    return Content(context, {}, _properties(deal, f"Internal brief on {deal.customer.name}"))


def _properties(deal: Deal, subject: str) -> Properties:
    return Properties(deal.title, deal.seller.name, subject, deal.date)


def _doc(deal: Deal) -> dict[str, str]:
    loc = deal.locale
    return {
        "title": deal.title,
        "customer": deal.customer.name,
        "customer_industry": deal.customer.industry,
        "seller": deal.seller.name,
        "date": formatting.date(deal.date, loc),
        "valid_until": formatting.date(deal.valid_until, loc),
        "term": formatting.count(deal.pricing.term_months, "month"),
    }


def _cover(deal: Deal) -> dict[str, list[str]]:
    """Who the proposal is for, whom to call, and how long the price holds; blanks left out."""
    return {
        "prepared_for": deal.addressee(),
        "contact": deal.sender(),
        "quote": [
            f"Issued {formatting.date(deal.date, deal.locale)}",
            f"Valid until {formatting.date(deal.valid_until, deal.locale)}",
        ],
    }


def _context(deal: Deal, sheet: Worksheet) -> dict[str, Any]:
    loc = deal.locale
    outcome_by_id = {outcome.id: outcome for outcome in deal.outcomes}
    milestone_by_id = {m.id: m for m in deal.milestones}
    requirements = sorted(deal.requirements, key=lambda r: THEMES.index(r.theme))
    return {
        "doc": _doc(deal),
        "cover": _cover(deal),
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
                "evidence": r.evidence or NONE,
                "owner": r.owner or NONE,
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
                "metric": o.metric or NONE,
                "baseline": o.baseline or NONE,
                "target": o.target or NONE,
                "window": o.time_window or NONE,
                "method": o.measurement_method or NONE,
            }
            for o in deal.outcomes
        ],
        "traceability": [
            {
                "requirement": f"{r.id} {r.text}",
                "outcomes": "; ".join(f"{oid} {outcome_by_id[oid].statement}" for oid in r.outcomes)
                or NONE,
                "covered_by": ", ".join(r.deliverables + r.assumptions) or NONE,
            }
            for r in deal.requirements
        ],
        "scope": {
            "included": deal.scope.included,
            "excluded": deal.scope.exclusions,
            "change_triggers": deal.scope.change_triggers,
        },
        "deliverables": [
            {
                "id": d.id,
                "name": d.name,
                "owner": d.owner,
                "due": (
                    formatting.date(milestone_by_id[d.milestone].date, loc) if d.milestone else NONE
                ),
                "milestone": d.milestone or NONE,
            }
            for d in deal.deliverables
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
                "exit": m.exit_criteria or NONE,
                "r": m.raci.responsible,
                "a": m.raci.accountable,
                "c": ", ".join(m.raci.consulted) or NONE,
                "i": ", ".join(m.raci.informed) or NONE,
            }
            for m in deal.milestones
        ],
        "dependencies": [f"{m.id}: {dep}" for m in deal.milestones for dep in m.dependencies],
        "pricing": _pricing(deal, sheet),
        "terms": _terms(deal),
        "risks": [
            {"risk": r.risk, "mitigation": r.mitigation, "owner": r.owner} for r in deal.risks
        ],
        "acceptance": _acceptance(deal),
    }


def _acceptance(deal: Deal) -> dict[str, Any]:
    """Section 9 (8 when there are no risks to list), with signature lines for both sides."""
    signatories = [deal.person(name) for name in deal.acceptance.signatories]
    sides = {
        side: [{"name": p.name, "title": p.role} for p in signatories if p and p.side == side]
        for side in ("customer", "seller")
    }
    blank = {"name": "", "title": ""}
    pairs = max(len(sides["customer"]), len(sides["seller"]), 1)
    return {
        "number": "9" if deal.risks else "8",
        "approved_when": deal.acceptance.approved_when,
        "checklist": deal.acceptance.kickoff_checklist,
        "signatures": [
            {
                "left": sides["customer"][i] if i < len(sides["customer"]) else blank,
                "right": sides["seller"][i] if i < len(sides["seller"]) else blank,
            }
            for i in range(pairs)
        ],
    }


def _target(metric: str, target: str) -> str:
    return f" ({metric}: {target})" if metric and target else ""


def _line(line: Line, loc: str) -> dict[str, str]:
    return {
        "description": line.description,
        "quantity": formatting.number(line.quantity, loc),
        "unit_price": formatting.money(line.unit_price, loc),
        "discount": formatting.percent(line.discount_rate, loc) if line.discount_rate else NONE,
        "amount": formatting.money(line.net, loc),
    }


def _total_row(description: str, discount: str, amount: str) -> dict[str, str]:
    return {
        "description": description,
        "quantity": "",
        "unit_price": "",
        "discount": discount,
        "amount": amount,
    }


def _pricing(deal: Deal, sheet: Worksheet) -> dict[str, Any]:
    """The price worksheet to the cent: every figure is a sum a reader can check."""
    loc = deal.locale

    def m(value: Any) -> str:
        return formatting.money(value, loc)

    addon = deal.pricing.performance_addon
    summary = []
    if sheet.one_time:
        summary.append({"item": "One-time fees", "amount": m(sheet.one_time_total)})
    if sheet.monthly:
        months = formatting.count(sheet.first_year_months, "month")
        summary += [
            {"item": "Recurring fees per month", "amount": m(sheet.monthly_total)},
            {
                "item": f"First-year total (one-time fees and {months})"
                if sheet.one_time
                else f"First-year total ({months})",
                "amount": m(sheet.first_year_total),
            },
            {
                "item": f"Recurring fees over the {sheet.term_months}-month term",
                "amount": m(sheet.recurring_over_term),
            },
        ]
    summary.append(
        {
            "item": f"Contract total over {formatting.count(sheet.term_months, 'month')}",
            "amount": m(sheet.contract_total),
        }
    )

    def totals(label: str, subtotal: Money, discount: Money, total: Money) -> list[dict]:
        """The rows under a price table: with no deal discount, only the total."""
        rows = []
        if discount.amount:
            rows += [
                _total_row("Subtotal", "", m(subtotal)),
                _total_row(
                    "Deal discount",
                    formatting.percent(sheet.total_discount_rate, loc),
                    formatting.MINUS + m(discount),
                ),
            ]
        return [*rows, _total_row(f"{label} total", "", m(total))]

    return {
        "one_time": [_line(line, loc) for line in sheet.one_time],
        "one_time_totals": totals(
            "One-time", sheet.one_time_subtotal, sheet.one_time_deal_discount, sheet.one_time_total
        ),
        "monthly": [_line(line, loc) for line in sheet.monthly],
        "monthly_totals": totals(
            "Monthly", sheet.monthly_subtotal, sheet.monthly_deal_discount, sheet.monthly_total
        ),
        "summary": summary,
        "overage": [
            {"item": r.item, "unit": r.unit, "rate": m(r.rate)} for r in deal.pricing.overage_rates
        ],
        "addon": (
            f"Optional: {formatting.percent(addon.share_of_subscription, loc)} of the monthly "
            f"subscription ({m(sheet.addon_monthly)} a month, at most "
            f"{m(sheet.addon_over_term)} over the term), earned when "
            f"{addon.condition[:1].lower()}{addon.condition[1:].rstrip('.')}, measured over "
            f"{formatting.count(addon.measurement_window_days, 'day')}. It is not included in "
            "the totals above."
            if addon
            else ""
        ),
        "invoices": [
            {
                "trigger": i.trigger,
                "date": formatting.date(i.date, loc) if i.date else NONE,
                "description": i.description,
                "amount": m(i.amount),
            }
            for i in sheet.invoices
        ],
        "invoices_total": m(sheet.one_time_total),
    }


def _terms(deal: Deal) -> list[dict[str, str]]:
    terms = deal.terms
    loc = deal.locale
    rows = [
        ("Quote valid until", formatting.date(deal.valid_until, loc)),
        ("Payment terms", f"Net {formatting.count(terms.payment_terms_days, 'day')}"),
    ]
    if terms.subscription_billing:
        rows.append(("Subscription billing", terms.subscription_billing))
    rows.append(
        (
            "Acceptance",
            f"{formatting.count(terms.acceptance_window_days, 'business day')} to review each "
            "deliverable against its exit criteria; we fix rejected items within "
            f"{formatting.count(terms.remedy_days, 'business day')}.",
        )
    )
    if terms.expenses:
        rows.append(("Expenses", terms.expenses))
    if terms.change_control:
        rows.append(("Change control", terms.change_control))
    if terms.support_promise:
        coverage = {"business_hours": "Business hours", "24x7": "24x7"}
        promise = terms.support_promise
        rows.append(
            (
                "Support",
                f"{coverage[promise.coverage]}; Severity 1 response within "
                f"{formatting.count(promise.response_hours, 'hour')}",
            )
        )
    return [{"term": name, "text": text} for name, text in rows]


def _desk(desk: Review) -> dict[str, Any]:
    rejects = sum(g.severity == "reject" for g in desk.gaps)
    edits = len(desk.gaps) - rejects
    next_step = {
        "approve": "Send the proposal as it stands.",
        "approve with edits": f"Make the {formatting.count(edits, 'edit')} below, then send.",
        "reject": f"Do not send: {formatting.count(rejects, 'gap')} need a business decision "
        "first. The customer copy is written only as a draft until they are closed.",
    }[desk.verdict]
    return {
        "verdict": desk.verdict.capitalize(),
        "next_step": next_step,
        "checks": [
            {
                "name": c.name,
                "result": "Pass" if c.passed else formatting.count(len(c.gaps), "gap"),
            }
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
        ],
    }


def _concessions(deal: Deal, sheet: Worksheet) -> dict[str, Any]:
    """List price against the offer, line by line and for the term, for the negotiation."""
    loc = deal.locale

    def m(value: Any) -> str:
        return formatting.money(value, loc)

    term = sheet.term_months
    rows = [
        {
            "item": line.description + ("" if line.kind == "one_time" else " (over the term)"),
            "list": m(line.gross if line.kind == "one_time" else line.gross * term),
            "offered": m(line.net if line.kind == "one_time" else line.net * term),
            "given": m(line.discount if line.kind == "one_time" else line.discount * term),
        }
        for line in sheet.one_time + sheet.monthly
    ]
    deal_discount = sheet.one_time_deal_discount + sheet.monthly_deal_discount * term
    rows.append(
        {
            "item": f"Deal discount of {formatting.percent(sheet.total_discount_rate, loc)}",
            "list": NONE,
            "offered": NONE,
            "given": m(deal_discount),
        }
    )
    lines = sheet.one_time + sheet.monthly
    gross = [line.gross if line.kind == "one_time" else line.gross * term for line in lines]
    given = [line.discount if line.kind == "one_time" else line.discount * term for line in lines]
    rows.append(
        {
            "item": "Contract",
            "list": m(_total(gross, sheet.currency)),
            "offered": m(sheet.contract_total),
            "given": m(_total([*given, deal_discount], sheet.currency)),
        }
    )
    dates = [
        ("Issued", deal.date, "The proposal goes to the customer."),
        ("Quote expires", deal.valid_until, "Prices must be re-approved after this day."),
    ]
    dates += [
        (i.trigger, i.date, f"Invoice of {m(i.amount)}: {i.description}")
        for i in sheet.invoices
        if i.date
    ]
    return {
        "rows": rows,
        "dates": [
            {"date": f"{formatting.date(day, loc)} ({label})", "what": what}
            for label, day, what in dates
        ],
    }


def _total(amounts: list[Money], currency: str) -> Money:
    total = Money.zero(currency)
    for amount in amounts:
        total += amount
    return total


def timeline_chart(deal: Deal) -> bytes:
    """The milestone chart as PNG, keyed on the milestones and the date alone, so a batch of
    deals that differ only in customer or price draws it once."""
    items = tuple((f"{m.id} {m.name}", m.date, m.type) for m in deal.milestones)
    return _timeline_png(items, deal.date)


@charts.remembered
def _timeline_png(items: tuple[tuple[str, dt.date, str], ...], start: dt.date) -> Figure:
    return charts.timeline(items, start, "Milestones from the issue date")
