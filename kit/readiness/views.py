"""Text views of a readiness assessment: cohorts, channel economics, capacity, verdict.

Numbers are rounded for reading (two decimals) while every pass/fail word comes from the exact
comparison in :mod:`kit.readiness.calculations`, so a rounded 12.00 beside "missed" is not a contradiction.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kit import formatting
from kit.formatting import table
from kit.readiness.calculations import Assessment, GtmResult, PlanResult, PmfResult

STATUS = {"balanced": "balanced", "demand_excess": "DEMAND AHEAD", "sales_excess": "SALES AHEAD"}


def _num(value: Decimal | None, locale: str) -> str:
    if value is None:
        return "never"
    return formatting.number(value.quantize(Decimal("0.01"), ROUND_HALF_UP), locale)


def _ok(passed: bool) -> str:
    return "met" if passed else "MISSED"


def cohorts(pmf: PmfResult, locale: str) -> str:
    """Each cohort against P, which cohorts decide, and the retention cross-check."""
    recent = {c.name for c in pmf.recent}
    rows = [
        [
            c.name,
            str(c.customers),
            str(c.achieving),
            formatting.percent(c.share, locale),
            "reaches P" if c.passed else "BELOW P",
            "yes" if c.name in recent else "",
        ]
        for c in pmf.cohorts
    ]
    p = formatting.percent(pmf.required_share, locale)
    lines = [
        table(["cohort", "customers", "reaching E", "share", f"P = {p}", "decides"], rows),
        "",
        f"All cohorts pooled: {formatting.percent(pmf.overall_share, locale)} (shown, not "
        "decisive)",
        f"Latest {len(pmf.recent)} cohorts all reach P: {'yes' if pmf.consistent else 'NO'}",
    ]
    if pmf.annual_retention is None:
        lines.append("Annual retention: not measured")
    else:
        retention = formatting.percent(pmf.annual_retention, locale)
        lines.append(f"Annual retention: {retention} ({_ok(bool(pmf.retention_passed))})")
    lines.append(f"Product-market fit: {'HOLDS' if pmf.holds else 'NOT YET'}")
    return "\n".join(lines)


def unit_economics(gtm: GtmResult, locale: str) -> str:
    """The three goals per channel and blended; only the gating goals decide."""
    rows = [
        [
            e.name,
            e.medium,
            str(e.customers_won),
            f"{_num(e.ltv_cac, locale)} {_ok(e.ltv_cac_passed)}",
            f"{_num(e.payback_months, locale)} {_ok(e.payback_passed)}",
            f"{_num(e.magic_number, locale)} {_ok(e.magic_number_passed)}",
        ]
        for e in [*gtm.channels, gtm.blended]
    ]
    headers = ["channel", "medium", "won", "LTV/CAC > 3", "payback < 12", "magic number > 1"]
    proven = ", ".join(gtm.proven_channels) or "none"
    return "\n".join(
        [
            table(headers, rows),
            "",
            "Gating goals: " + ", ".join(gtm.gate_on),
            f"Proven channels: {proven}",
            f"Go-to-market fit: {'HOLDS' if gtm.holds else 'NOT YET'}",
        ]
    )


def capacity(plan: PlanResult, locale: str) -> str:
    """Month by month: hires, sellers, ramped capacity against demand, and the flag."""
    rows = [
        [
            m.month,
            str(m.hires),
            str(m.headcount),
            _num(m.ramped_sellers, locale),
            _num(m.sales_capacity, locale),
            _num(m.demand, locale),
            _num(m.ratio, locale) if m.ratio is not None else "no sellers",
            STATUS[m.status],
        ]
        for m in plan.months
    ]
    headers = ["month", "hires", "sellers", "ramped", "capacity", "demand", "ratio", "status"]
    return "\n".join([f"{plan.name} plan", table(headers, rows)])


def comparison(a: Assessment, locale: str) -> str:
    """The paced, front-loaded and recommended plans on the same measures."""
    plans = [a.plans.paced, a.plans.front_loaded, a.recommended]
    measures = [
        ("sellers hired", lambda p: str(p.total_hires)),
        ("seller-months paid", lambda p: str(p.seller_months)),
        ("months demand ahead", lambda p: str(len(p.demand_excess_months))),
        ("months sales ahead", lambda p: str(len(p.sales_excess_months))),
        ("idle seller-months", lambda p: _num(p.idle_seller_months, locale)),
        ("opportunities unworked", lambda p: _num(p.unmet_demand, locale)),
        ("front-loaded", lambda p: "yes" if p.front_loaded else "no"),
    ]
    rows = [[label, *(value(plan) for plan in plans)] for label, value in measures]
    return "\n".join(
        [
            table(["measure", *(plan.name.lower() for plan in plans)], rows),
            "",
            f"Better of paced and front-loaded: {a.plans.preferred.lower()}",
            "Recommended hires by month: " + " ".join(str(h) for h in a.recommended.hires),
        ]
    )


def verdict(a: Assessment) -> str:
    """Phase, readiness, what blocks the next phase, the hiring pace and any warnings."""
    lines = [
        f"Phase: {a.phase_label}",
        f"Ready to scale: {'YES' if a.ready_to_scale else 'NO'}",
    ]
    lines += ["Blockers:", *(f"  - {b}" for b in a.blockers)] if a.blockers else ["No blockers."]
    lines.append(f"Pace: {a.pace}")
    lines += [f"Warning: {w}" for w in a.warnings]
    return "\n".join(lines)
