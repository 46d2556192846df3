"""Text views of the renewal results: evidence, expansion, add-on ROI, options, gaps, checklist."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from kit import formatting
from kit.formatting import MINUS, quantity, signed_money, signed_percent, table
from kit.models.account import Account, AddOn, TimeSaved
from kit.renewal.calculations import (
    AddonRoi,
    ExpansionReview,
    FinalWeekCheck,
    GapRow,
    OptionRow,
    PerformanceRow,
    payback_text,
    posture,
    usage_label,
    usage_level,
)
from kit.types import Money
from kit.value_review.calculations import STATUS_LABELS

TIMES = "\N{MULTIPLICATION SIGN}"
APPROX = "\N{ALMOST EQUAL TO}"


def money_short(value: Money, locale: str) -> str:
    """Whole amounts without cents ($160,000), others to the cent ($3,117.60), as people say it."""
    if value.amount == value.amount.to_integral_value():
        return format_currency(
            value.amount, value.currency, format="¤#,##0", locale=locale, currency_digits=False
        )
    return formatting.money(value, locale)


def performance_file(rows: list[PerformanceRow]) -> str:
    """The six-part evidence of every promised metric, in the order it was promised."""
    blocks = []
    for row in rows:
        status = STATUS_LABELS[row.status] if row.status else "Not measured"
        fields = [
            ("claim", row.claim),
            ("measure", row.measure),
            ("baseline", row.baseline),
            ("result", row.result),
            ("attribution", row.attribution),
            ("limitation", row.limitation),
        ]
        lines = [f"{row.order}. {row.id} [{status}] scope: {row.scope}"]
        lines += [f"   {name:<12} {text}" for name, text in fields]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) or "The performance file has no entries."


def position(account: Account) -> str:
    """Posture, stance and the stakeholder-to-evidence map for the meeting."""
    stance = posture(account)
    lines = [
        f"Posture: {stance.strength} ({', '.join(stance.not_on_track) or 'all on track'} "
        "not on track)"
        if stance.not_on_track
        else f"Posture: {stance.strength} (every promised metric on track)",
        f"Stance: {stance.stance}",
        "",
    ]
    rows = [
        [p.stakeholder, p.priority, ", ".join(p.evidence) or "NO EVIDENCE"]
        for p in account.stakeholder_priorities
    ]
    lines.append(table(["stakeholder", "priority", "evidence"], rows))
    return "\n".join(lines)


def usage(account: Account) -> str:
    rows = [
        [
            usage_label(line),
            formatting.number(line.current, account.locale),
            quantity(line.expected, line.unit, account.locale),
            formatting.percent(line.current / line.expected, account.locale),
            "fix first" if line.fix_first else usage_level(line),
        ]
        for line in account.expansion.usage
    ]
    return table(["capability", "current", "expected", "share", "level"], rows)


def opportunities(review: ExpansionReview) -> str:
    """Each opportunity with why, its usage and outcome targets, and its review date."""
    blocks = []
    for i, o in enumerate(review.opportunities, start=1):
        where = f"{o.capability} / {o.team}" if o.team else o.capability
        ready = "ready to propose" if o.ready_to_propose else "customer has not confirmed"
        blocks.append(
            "\n".join(
                [
                    f"{i}. {o.type}: {where} ({ready})",
                    f"   why:     {o.evidence}",
                    f"   usage:   {o.usage_target}",
                    f"   outcome: {o.outcome_target or 'no outcome metric linked'}"
                    + (" (outcome gap)" if o.outcome_gap else ""),
                    f"   review:  {o.review_on.isoformat()}",
                ]
            )
        )
    fixes = [f"Fix first, not an offer: {f.capability}: {f.fix}" for f in review.fixes]
    return "\n".join(["\n".join(blocks) or "No expansion opportunities.", *fixes])


def addons(rois: list[AddonRoi], locale: str) -> str:
    def m(value: Money) -> str:
        return formatting.money(value, locale)

    rows = [
        [
            roi.id,
            m(roi.monthly_benefit),
            m(roi.monthly_price),
            m(roi.net_monthly_benefit),
            m(roi.one_off_cost),
            payback_text(roi, locale),
        ]
        for roi in rois
    ]
    return table(
        ["add-on", "benefit/month", "price/month", "net/month", "one-off", "payback"], rows
    )


def roi_working(addon: AddOn, roi: AddonRoi, locale: str) -> str:
    """The arithmetic behind one add-on's return, line by line, so a reader can redo it."""

    def m(value: Money) -> str:
        return money_short(value, locale)

    def n(value: Decimal | int) -> str:
        return formatting.number(value, locale)

    benefit = addon.benefit
    lines = [f"{addon.id} {addon.name}"]
    if isinstance(benefit, TimeSaved):
        lines += [
            f"  hours saved:     {n(benefit.hours_per_person_per_week)} h {TIMES} "
            f"{n(benefit.people)} people = {n(roi.hours_per_week or 0)} h/week",
            f"  monthly benefit: {n(roi.hours_per_week or 0)} {TIMES} "
            f"{n(benefit.weeks_per_month)} {TIMES} {m(benefit.value_per_hour)} = "
            f"{m(roi.monthly_benefit)} {APPROX} {m(roi.monthly_benefit_whole)}/month",
        ]
    else:
        lines += [
            f"  annual gain:     {n(benefit.accounts)} {TIMES} "
            f"({formatting.percent(benefit.churn_before, locale)} {MINUS} "
            f"{formatting.percent(benefit.churn_after, locale)}) {TIMES} "
            f"{m(benefit.average_annual_revenue)} = {m(roi.annual_benefit)}",
            f"  monthly benefit: {m(roi.annual_benefit)} / 12 = {m(roi.monthly_benefit)}",
        ]
    if addon.adoption_failure:
        lines.append(
            f"  risk-adjusted:   {m(roi.annual_benefit)} {TIMES} (1 {MINUS} "
            f"{formatting.percent(addon.adoption_failure, locale)}) = "
            f"{m(roi.risk_adjusted_annual_benefit)} a year"
        )
    kept = roi.net_monthly_benefit + roi.monthly_price
    lines.append(
        f"  net per month:   {m(kept)} benefit {MINUS} {m(roi.monthly_price)} price = "
        f"{m(roi.net_monthly_benefit)}"
    )
    if roi.return_on_price is not None:
        lines.append(
            f"  return on price: {formatting.percent(roi.return_on_price, locale)} of the price "
            "comes back on top each month"
        )
    if roi.payback_months is None:
        lines.append(f"  payback:         never ({m(roi.one_off_cost)} is never recovered)")
    else:
        ramp = f"{n(addon.ramp_months)} + " if addon.ramp_months else ""
        exact = roi.payback_months.quantize(Decimal("0.001"))
        lines.append(
            f"  payback:         {ramp}{m(roi.one_off_cost)} / {m(roi.net_monthly_benefit)} = "
            f"{n(exact)} {APPROX} {n(roi.payback_rounded or 0)} months "
            f"(within month {roi.payback_within_months})"
        )
    return "\n".join(lines)


def options(rows: list[OptionRow], account: Account) -> str:
    """Each package as today's price plus its change, so the sums can be checked by eye."""
    loc = account.locale
    today = account.contract.annual_value
    body = [
        [
            f"{row.id} {row.name}",
            formatting.money(today, loc),
            signed_money(row.change, loc),
            signed_percent(row.change_ratio, loc),
            formatting.money(row.annual_price, loc),
            row.scope_change,
            "yes" if row.performance_clause else "no",
            "; ".join(row.tradeoffs),
        ]
        for row in rows
    ]
    adds_up = all(today + row.change == row.annual_price for row in rows)
    return "\n".join(
        [
            table(
                [
                    "option",
                    "today",
                    "change",
                    "change %",
                    "annual price",
                    "scope",
                    "perf. clause",
                    "tradeoffs",
                ],
                body,
            ),
            "",
            f"today + change = annual price for every option: {'yes' if adds_up else 'NO'}",
        ]
    )


def gaps(rows: list[GapRow], locale: str) -> str:
    def level(value: Decimal | None, unit: str) -> str:
        return quantity(value, unit, locale) if value is not None else "NOT SET"

    body = [
        [
            row.gap,
            f"{level(row.current, row.unit)} -> {level(row.target, row.unit)}",
            (
                f"{row.change:+f}{' pp' if row.unit == '%' else ''}"
                if row.change is not None
                else "NOT SET"
            ),
            row.owner or "NOT SET",
            row.due.isoformat() if row.due else "NOT SET",
            "complete" if row.complete else "missing " + ", ".join(row.missing),
        ]
        for row in rows
    ]
    return table(["gap", "now -> target", "change", "owner", "due", "plan"], body)


def final_week(check: FinalWeekCheck) -> str:
    rows = [
        [str(i), "pass" if item.passed else "OPEN", item.item, "; ".join(item.findings) or "-"]
        for i, item in enumerate(check.items, start=1)
    ]
    window = "inside" if check.in_final_week else "outside"
    return "\n".join(
        [
            table(["#", "result", "check", "findings"], rows),
            "",
            f"{check.days_to_renewal} days to renewal ({window} the final week); "
            + ("ready for the meeting" if check.passed else "open items remain"),
        ]
    )
