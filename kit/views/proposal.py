"""Text views of the proposal's computed parts: traceability, worksheet, plan, deal desk."""

from __future__ import annotations

from kit import formatting
from kit.dealdesk import Review
from kit.formatting import table
from kit.models.deal import Deal
from kit.pricing import Worksheet


def traceability(deal: Deal) -> str:
    rows = [
        [
            r.id,
            r.priority,
            ", ".join(r.outcomes) or "NONE",
            ", ".join(r.deliverables + r.assumptions) or "NONE",
        ]
        for r in deal.requirements
    ]
    return table(["requirement", "priority", "outcomes", "deliverables/assumptions"], rows)


def worksheet(sheet: Worksheet, locale: str) -> str:
    def m(value: object) -> str:
        return formatting.money(value, locale)

    rows = [
        [
            line.kind,
            line.description,
            str(line.quantity),
            m(line.unit_price),
            formatting.percent(line.discount_rate, locale),
            m(line.net),
        ]
        for line in sheet.one_time + sheet.monthly
    ]
    lines = [table(["kind", "item", "qty", "unit price", "discount", "amount"], rows), ""]
    lines += [
        f"One-time: {m(sheet.one_time_subtotal)} - {m(sheet.one_time_deal_discount)} deal "
        f"discount = {m(sheet.one_time_total)}",
        f"Monthly: {m(sheet.monthly_subtotal)} - {m(sheet.monthly_deal_discount)} deal "
        f"discount = {m(sheet.monthly_total)}",
        f"First year ({sheet.first_year_months} months): {m(sheet.first_year_total)}",
        f"Contract total ({sheet.term_months} months): {m(sheet.contract_total)}",
        f"Performance add-on, if earned: {m(sheet.addon_monthly)} a month, at most "
        f"{m(sheet.addon_over_term)}",
    ]
    return "\n".join(lines)


def milestones(deal: Deal) -> str:
    rows = [
        [
            m.id,
            m.date.isoformat(),
            m.type,
            m.raci.responsible,
            m.raci.accountable,
            m.exit_criteria or "NONE",
        ]
        for m in deal.milestones
    ]
    return table(["id", "date", "type", "responsible", "accountable", "exit criteria"], rows)


def deal_desk(desk: Review) -> str:
    rows = [[c.name, "pass" if c.passed else "GAP"] for c in desk.checks]
    lines = [table(["check", "result"], rows), "", f"Decision: {desk.verdict}"]
    lines += [
        f"  {i}. [{g.severity}] {g.finding}. Fix: {g.fix}" for i, g in enumerate(desk.gaps, 1)
    ]
    return "\n".join(lines)
