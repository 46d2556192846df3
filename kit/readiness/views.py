"""A readiness analysis as tables: cohorts, channel economics, capacity, plans, verdict.

Numbers are rounded for reading (two decimals) while every pass/fail word comes from the exact
comparison in :mod:`kit.readiness.calculations`, so a rounded 12.00 beside "missed" is not a
contradiction. Each view only formats what the run's analysis already holds.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from kit import formatting
from kit.readiness.calculations import (
    FRONT_LOAD_MONTHS,
    LTV_CAC_GOAL,
    MAGIC_NUMBER_GOAL,
    PAYBACK_GOAL_MONTHS,
    PlanResult,
    ReadinessAnalysis,
)
from kit.tables import Cell, Lines, Report, Table, Tone, right, status

STATUS: dict[str, tuple[str, Tone]] = {
    "balanced": ("balanced", "good"),
    "demand_excess": ("demand ahead", "warn"),
    "sales_excess": ("sales ahead", "bad"),
}
GOALS = {
    "payback": f"CAC payback under {PAYBACK_GOAL_MONTHS} months",
    "ltv_cac": f"LTV/CAC above {LTV_CAC_GOAL}",
    "magic_number": f"Magic Number above {MAGIC_NUMBER_GOAL}",
}


def _num(value: Decimal | None, locale: str) -> str:
    if value is None:
        return "never"
    return formatting.number(value.quantize(Decimal("0.01"), ROUND_HALF_UP), locale)


def _goal(value: Decimal | None, passed: bool, locale: str) -> Cell:
    return status(f"{_num(value, locale)} {'met' if passed else 'missed'}", _tone(passed))


def _tone(passed: bool | None) -> Tone | None:
    return None if passed is None else "good" if passed else "bad"


def headline(a: ReadinessAnalysis) -> Lines:
    p = a.params
    return Lines(
        [
            p.title,
            f"{p.product} / {p.market}",
            f"{len(p.product_market_fit.cohorts)} cohorts, {len(p.unit_economics.channels)} "
            f"channels, {len(p.hiring.months)} months of hiring plan",
        ]
    )


def cohorts(a: ReadinessAnalysis) -> Report:
    """Each cohort against P, which cohorts decide, and the retention cross-check."""
    pmf, locale = a.pmf, a.params.locale
    recent = {c.name for c in pmf.recent}
    p = formatting.percent(pmf.required_share, locale)
    table = Table(
        [
            "Cohort",
            right("Customers"),
            right("Reaching E"),
            right("Share"),
            f"Against P = {p}",
            "Decides",
        ],
        [
            [
                c.name,
                str(c.customers),
                str(c.achieving),
                formatting.percent(c.share, locale),
                status("reaches P", "good") if c.passed else status("below P", "bad"),
                "yes" if c.name in recent else "",
            ]
            for c in pmf.cohorts
        ],
    )
    lines = [
        f"All cohorts pooled: {formatting.percent(pmf.overall_share, locale)} (shown, not "
        "decisive)",
        f"Latest {len(pmf.recent)} cohorts all reach P: {'yes' if pmf.consistent else 'no'}",
    ]
    if pmf.annual_retention is None:
        lines.append("Annual retention: not measured")
    else:
        retention = formatting.percent(pmf.annual_retention, locale)
        verdict = "met" if pmf.retention_passed else "missed"
        lines.append(f"Annual retention: {retention} ({verdict})")
    lines.append(f"Product-market fit: {'holds' if pmf.holds else 'not yet'}")
    return Report.of(table, Lines(lines, _tone(pmf.holds)))


def unit_economics(a: ReadinessAnalysis) -> Report:
    """The three goals per channel and blended; only the gating goals decide."""
    gtm, locale = a.gtm, a.params.locale
    table = Table(
        [
            "Channel",
            "Medium",
            right("Won"),
            right(f"LTV/CAC > {LTV_CAC_GOAL}"),
            right(f"Payback < {PAYBACK_GOAL_MONTHS}"),
            right(f"Magic Number > {MAGIC_NUMBER_GOAL}"),
        ],
        [
            [
                e.name,
                e.medium.replace("_", " "),
                str(e.customers_won),
                _goal(e.ltv_cac, e.ltv_cac_passed, locale),
                _goal(e.payback_months, e.payback_passed, locale),
                _goal(e.magic_number, e.magic_number_passed, locale),
            ]
            for e in [*gtm.channels, gtm.blended]
        ],
    )
    lines = Lines(
        [
            "Gating goals: " + ", ".join(GOALS[metric] for metric in gtm.gate_on),
            f"Proven channels: {', '.join(gtm.proven_channels) or 'none'}",
            f"Go-to-market fit: {'holds' if gtm.holds else 'not yet'}",
        ],
        _tone(gtm.holds),
    )
    return Report.of(table, lines)


def capacity(plan: PlanResult, locale: str) -> Table:
    """Month by month: hires, sellers, ramped capacity against demand, and the flag."""
    return Table(
        [
            "Month",
            right("Hires"),
            right("Sellers"),
            right("Ramped"),
            right("Capacity"),
            right("Demand"),
            right("Demand / capacity"),
            "Status",
        ],
        [
            [
                m.month,
                str(m.hires),
                str(m.headcount),
                _num(m.ramped_sellers, locale),
                _num(m.sales_capacity, locale),
                _num(m.demand, locale),
                _num(m.ratio, locale) if m.ratio is not None else "no sellers",
                status(*STATUS[m.status]),
            ]
            for m in plan.months
        ],
        title=f"{plan.name} plan",
    )


def plans(a: ReadinessAnalysis) -> Report:
    """The paced plan as the file gives it, then the front-loaded alternative."""
    locale = a.params.locale
    return Report.of(capacity(a.plans.paced, locale), capacity(a.plans.front_loaded, locale))


def comparison(a: ReadinessAnalysis) -> Report:
    """The paced, front-loaded and recommended plans on the same measures."""
    locale = a.params.locale
    compared = a.compared
    measures = [
        ("Sellers hired", lambda p: str(p.total_hires)),
        ("Seller-months paid", lambda p: str(p.seller_months)),
        ("Months demand ahead", lambda p: str(len(p.demand_excess_months))),
        ("Months sales ahead", lambda p: str(len(p.sales_excess_months))),
        ("Idle seller-months", lambda p: _num(p.idle_seller_months, locale)),
        ("Opportunities unworked", lambda p: _num(p.unmet_demand, locale)),
        (
            f"More than half hired in the first {FRONT_LOAD_MONTHS} months",
            lambda p: "yes" if p.front_loaded else "no",
        ),
    ]
    table = Table(
        ["Measure", *(right(plan.name) for plan in compared)],
        [[label, *(value(plan) for plan in compared)] for label, value in measures],
    )
    lines = Lines(
        [
            f"Better of paced and front-loaded: {a.plans.preferred.lower()}",
            "Recommended hires by month: " + " ".join(str(h) for h in a.recommended.hires),
        ]
    )
    return Report.of(table, lines)


def verdict(a: ReadinessAnalysis) -> Report:
    """Phase, readiness, what blocks the next phase, the hiring pace and any warnings."""
    parts: list[Lines | Table] = [
        Table(
            ["Verdict", "Value"],
            [
                ["Phase", a.phase_label],
                [
                    "Ready to scale",
                    status("yes", "good") if a.ready_to_scale else status("not yet", "bad"),
                ],
                ["Recommended hires", str(a.recommended.total_hires)],
            ],
        )
    ]
    if a.blockers:
        parts.append(Lines(["Blockers:", *(f"- {b}" for b in a.blockers)], "bad"))
    else:
        parts.append(Lines(["No blockers."], "good"))
    parts.append(Lines([f"Pace: {a.pace}"]))
    if a.warnings:
        parts.append(Lines([f"Warning: {w}" for w in a.warnings], "warn"))
    return Report.of(*parts)


def live(a: ReadinessAnalysis) -> Report:
    """The verdict and the plans' balance, refreshed under the form on every change."""
    balance = Table(
        ["Plan", right("Sellers hired"), right("Months out of balance")],
        [[plan.name, str(plan.total_hires), str(plan.out_of_balance)] for plan in a.compared],
    )
    return Report.of(verdict(a), balance)
