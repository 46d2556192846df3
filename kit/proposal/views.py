"""The proposal's results as tables: traceability, price worksheet, milestones, deal desk."""

from __future__ import annotations

from kit import formatting
from kit.proposal.calculations import ProposalAnalysis
from kit.tables import Lines, Report, Table, right, status

SEVERITY_TONES = {"reject": "bad", "edit": "warn"}
VERDICT_TONES = {"approve": "good", "approve with edits": "warn", "reject": "bad"}


def headline(analysis: ProposalAnalysis) -> Lines:
    deal = analysis.deal
    return Lines([f"{deal.customer.name}: {deal.title} ({len(deal.requirements)} requirements)"])


def traceability(analysis: ProposalAnalysis) -> Table:
    """Each requirement with the outcomes it serves and what covers it; gaps in red."""
    rows = [
        [
            r.id,
            r.priority,
            ", ".join(r.outcomes) or status("none", "bad"),
            ", ".join(r.deliverables + r.assumptions) or status("none", "bad"),
        ]
        for r in analysis.deal.requirements
    ]
    return Table(["Requirement", "Priority", "Outcomes", "Covered by"], rows)


def worksheet(analysis: ProposalAnalysis) -> Report:
    """The price lines, then the totals a finance reader checks with a calculator."""
    sheet, locale = analysis.sheet, analysis.deal.locale

    def m(value: object) -> str:
        return formatting.money(value, locale)

    kinds = {"one_time": "one-time", "monthly": "monthly"}
    rows = [
        [
            kinds[line.kind],
            line.description,
            str(line.quantity),
            m(line.unit_price),
            formatting.percent(line.discount_rate, locale),
            m(line.net),
        ]
        for line in sheet.one_time + sheet.monthly
    ]
    lines = Table(
        [
            "Kind",
            "Item",
            right("Quantity"),
            right("Unit price"),
            right("Discount"),
            right("Amount"),
        ],
        rows,
    )
    totals = Table(
        ["Total", right("Before deal discount"), right("Deal discount"), right("Amount")],
        [
            [
                "One-time",
                m(sheet.one_time_subtotal),
                m(sheet.one_time_deal_discount),
                m(sheet.one_time_total),
            ],
            [
                "Monthly",
                m(sheet.monthly_subtotal),
                m(sheet.monthly_deal_discount),
                m(sheet.monthly_total),
            ],
            [f"First year ({sheet.first_year_months} months)", "", "", m(sheet.first_year_total)],
            [f"Contract ({sheet.term_months} months)", "", "", m(sheet.contract_total)],
        ],
        notes=[
            f"Performance add-on, if earned: {m(sheet.addon_monthly)} a month, at most "
            f"{m(sheet.addon_over_term)} over the term; not in the totals."
        ]
        if sheet.addon_monthly.amount
        else [],
    )
    return Report.of(lines, totals)


def milestones(analysis: ProposalAnalysis) -> Table:
    rows = [
        [
            m.id,
            m.date.isoformat(),
            m.type,
            m.raci.responsible,
            m.raci.accountable,
            m.exit_criteria or status("none", "bad"),
        ]
        for m in analysis.deal.milestones
    ]
    return Table(["Milestone", "Date", "Type", "Responsible", "Accountable", "Exit criteria"], rows)


def deal_desk(analysis: ProposalAnalysis) -> Report:
    """Each check passed or not, the decision, and the gaps in the order to fix them."""
    desk = analysis.desk
    checks = Table(
        ["Check", "Result"],
        [
            [c.name, status("pass", "good") if c.passed else status("gap", "bad")]
            for c in desk.checks
        ],
    )
    decision = Lines([f"Decision: {desk.verdict}"], VERDICT_TONES[desk.verdict])
    if not desk.gaps:
        return Report.of(checks, decision)
    gaps = Table(
        ["#", "Severity", "Finding", "Fix"],
        [
            [str(i), status(g.severity, SEVERITY_TONES[g.severity]), g.finding, g.fix]
            for i, g in enumerate(desk.gaps, 1)
        ],
    )
    return Report.of(checks, decision, gaps)
