"""The renewal pack (method 11.3-11.5, 6.5): evidence, gaps, expansion, add-ons, options.

The pack follows the order of the renewal conversation: what was bought and what it delivered,
how the shortfalls get closed, where usage says more value is waiting, what each add-on returns,
the packages on the table, and the final-week checklist. Every figure is computed by
:mod:`kit.renewal.calculations` from the account file; this module only turns results into display strings.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from kit import formatting
from kit.renewal.charts import payback_chart, usage_chart
from kit.formatting import MINUS, quantity, signed_money, signed_percent
from kit.models.account import Account, AddOn, TimeSaved
from kit.paths import output_dir
from kit.render import Chart, Properties, publish
from kit.renewal.calculations import (
    AddonRoi,
    ExpansionReview,
    FinalWeekCheck,
    GapRow,
    OptionRow,
    PerformanceRow,
    addon_roi,
    compare_options,
    expansion_opportunities,
    final_week_check,
    gap_rows,
    payback_text,
    performance_rows,
    posture,
    usage_label,
    usage_level,
)
from kit.types import Money
from kit.value_review.calculations import STATUS_LABELS

TEMPLATE = "renewal.docx"
EXAMPLE = "examples/account-review.yaml"
VARIABLES = frozenset(
    {
        "doc",
        "summary",
        "team",
        "performance",
        "stakeholders",
        "gaps",
        "usage",
        "usage_chart",
        "opportunities",
        "fixes",
        "addons",
        "payback_chart",
        "options",
        "meeting",
        "checklist",
    }
)
TITLE = "Renewal pack"
TIMES = "\N{MULTIPLICATION SIGN}"
NONE = "—"

OPPORTUNITY_LABELS = {
    "seat": "Seats",
    "scope": "Scope",
    "process": "Process",
    "integration": "Integration",
    "services": "Services",
}
LEVEL_LABELS = {"strong": "Strong", "low": "Low", "zero": "None"}
SCOPE_CHANGE_LABELS = {"same": "Same scope", "added": "Wider scope", "reduced": "Narrower scope"}


@dataclass(frozen=True)
class _Analysis:
    """Every renewal result the document reads, computed once per render."""

    evidence: list[PerformanceRow]
    expansion: ExpansionReview
    options: list[OptionRow]
    gaps: list[GapRow]
    check: FinalWeekCheck
    rois: list[AddonRoi]


def _analyse(account: Account) -> _Analysis:
    return _Analysis(
        evidence=performance_rows(account),
        expansion=expansion_opportunities(account),
        options=compare_options(account),
        gaps=gap_rows(account),
        check=final_week_check(account),
        rois=[addon_roi(addon) for addon in account.addons],
    )


def context_for(account: Account) -> dict[str, Any]:
    """Every value the renewal template reads, formatted for the account's locale."""
    return _context(account, _analyse(account))


def _context(account: Account, analysis: _Analysis) -> dict[str, Any]:
    """The context from already computed renewal results, so ``render`` computes them once."""
    loc = account.locale
    evidence, expansion, options = analysis.evidence, analysis.expansion, analysis.options
    gaps, check, rois = analysis.gaps, analysis.check, analysis.rois
    return {
        "doc": {
            "title": TITLE,
            "customer": account.customer.name,
            "seller": account.seller.name,
            "date": formatting.date(account.review_date, loc),
            "renewal_date": formatting.date(account.contract.renewal_date, loc),
        },
        "summary": _summary(account, evidence, expansion, options, gaps, check, rois),
        "team": _team(account),
        "performance": _performance(account, evidence),
        "stakeholders": _stakeholders(account),
        "gaps": _gaps(gaps, loc),
        "usage": _usage(account),
        "opportunities": _opportunities(account, expansion),
        "fixes": [
            f"{fix.capability}{f' ({fix.team})' if fix.team else ''}: {fix.fix}"
            for fix in expansion.fixes
        ]
        or ["No configuration or data fixes are open."],
        "addons": _addons(account, rois),
        "options": _options(account, options),
        "meeting": _meeting(account, evidence, options, gaps),
        "checklist": _checklist(check, account),
    }


# --- shared display helpers ------------------------------------------------------------------


def benefit_rows(addon: AddOn, roi: AddonRoi, locale: str) -> list[dict[str, str]]:
    """The monthly worksheet of one add-on; its lines add up to the net monthly benefit.

    The risk adjustment is shown as the difference of the rounded amounts, so the column sums
    to the cent even when the exact adjustment has more decimals.
    """

    def m(value: Money) -> str:
        return formatting.money(value, locale)

    benefit = addon.benefit
    if isinstance(benefit, TimeSaved):
        how = (
            f"{formatting.number(roi.hours_per_week, locale)} hours a week {TIMES} "
            f"{formatting.number(benefit.weeks_per_month, locale)} weeks {TIMES} "
            f"{m(benefit.value_per_hour)} an hour"
        )
    else:
        how = (
            f"{formatting.number(benefit.accounts, locale)} accounts {TIMES} "
            f"({formatting.percent(benefit.churn_before, locale)} {MINUS} "
            f"{formatting.percent(benefit.churn_after, locale)} churn) {TIMES} "
            f"{m(benefit.average_annual_revenue)} a year ÷ 12"
        )
    rows = [{"item": f"Gross monthly benefit: {how}", "amount": m(roi.monthly_benefit)}]
    adjustment = roi.monthly_benefit - roi.monthly_price - roi.net_monthly_benefit
    if addon.adoption_failure:
        rows.append(
            {
                "item": f"Allowance for a {formatting.percent(addon.adoption_failure, locale)} "
                "chance that adoption fails",
                "amount": signed_money(-adjustment, locale),
            }
        )
    if addon.price_per_month is not None:
        rows.append({"item": "Monthly price", "amount": signed_money(-roi.monthly_price, locale)})
    return rows


def payback_rows(addon: AddOn, roi: AddonRoi, locale: str) -> list[dict[str, str]]:
    """How the payback is reached: one-off cost over net monthly benefit, plus any ramp."""
    benefit = addon.benefit
    if (
        addon.setup_cost is None
        and addon.setup_hours is not None
        and isinstance(benefit, TimeSaved)
    ):
        cost_item = (
            f"One-off cost: {formatting.number(addon.setup_hours, locale)} setup hours {TIMES} "
            f"{formatting.money(benefit.value_per_hour, locale)}"
        )
    else:
        cost_item = "One-off cost"
    rows = [
        {"item": cost_item, "amount": formatting.money(roi.one_off_cost, locale)},
        {
            "item": "Net monthly benefit",
            "amount": formatting.money(roi.net_monthly_benefit, locale),
        },
    ]
    if addon.ramp_months:
        rows.append(
            {
                "item": "Months before the benefit starts",
                "amount": formatting.number(addon.ramp_months, locale),
            }
        )
    rows.append({"item": "Payback", "amount": payback_text(roi, locale)})
    return rows


# --- sections --------------------------------------------------------------------------------


def _summary(
    account: Account,
    evidence: list[PerformanceRow],
    expansion: ExpansionReview,
    options: list[OptionRow],
    gaps: list[GapRow],
    check: FinalWeekCheck,
    rois: list[AddonRoi],
) -> dict[str, Any]:
    loc = account.locale
    stance = posture(account)
    names = {metric.id: metric.name for metric in account.metrics}
    counts = {
        label: sum(1 for row in evidence if row.status == status)
        for status, label in STATUS_LABELS.items()
    }
    highlights = [
        f"{len(evidence)} promised metrics in the performance file: "
        + ", ".join(f"{count} {label.lower()}" for label, count in counts.items()),
        f"{len(gaps)} gap plans, each with an owner, a target and a date"
        if all(row.complete for row in gaps)
        else f"{len(gaps)} gap plans, {sum(not row.complete for row in gaps)} still incomplete",
        f"{len(expansion.opportunities)} expansion opportunities, "
        f"{sum(o.ready_to_propose for o in expansion.opportunities)} confirmed by "
        f"{account.customer.name} as real and worth solving now",
    ]
    paying = [roi for roi in rois if roi.pays_back]
    if rois:
        fastest = min(paying, key=lambda roi: roi.payback_months or 0) if paying else None
        highlights.append(
            f"{len(rois)} add-ons priced; {len(paying)} pay back"
            + (
                f", the fastest ({fastest.name}) within month {fastest.payback_within_months}"
                if fastest
                else ""
            )
        )
    if options:
        prices = sorted(row.annual_price.amount for row in options)
        currency = options[0].annual_price.currency
        highlights.append(
            f"{len(options)} renewal options from "
            f"{formatting.money(Money(amount=prices[0], currency=currency), loc)} to "
            f"{formatting.money(Money(amount=prices[-1], currency=currency), loc)} a year"
        )
    passed = sum(item.passed for item in check.items)
    highlights.append(f"Final-week checklist: {passed} of {len(check.items)} items pass")
    return {
        "posture": stance.strength.capitalize(),
        "stance": stance.stance,
        "lagging": ", ".join(f"{names[mid]} ({mid})" for mid in stance.not_on_track) or "none",
        "current_price": formatting.money(account.contract.annual_value, loc),
        "term": f"{account.contract.term_months} months",
        "start": formatting.date(account.contract.start, loc),
        "support": account.contract.support_level or NONE,
        "timing": _timing(check, account),
        "highlights": highlights,
    }


def _timing(check: FinalWeekCheck, account: Account) -> str:
    when = formatting.date(account.contract.renewal_date, account.locale)
    days = check.days_to_renewal
    if days < 0:
        return f"The term renewed on {when}, {-days} days before this review."
    where = "inside" if check.in_final_week else "before"
    return f"The term renews on {when}, {days} days after this review: {where} the final week."


def _team(account: Account) -> list[dict[str, str]]:
    team = account.renewal_team
    if team is None:
        return [{"role": "Not assigned", "name": NONE, "owns": NONE}]
    return [
        {"role": "Account executive", "name": team.account_executive, "owns": "Commercial terms"},
        {
            "role": "Customer success",
            "name": team.customer_success,
            "owns": "Outcomes and adoption",
        },
        {
            "role": "Sales operations",
            "name": team.sales_operations,
            "owns": "Forecasting and approvals",
        },
    ]


def _status(row: PerformanceRow) -> str:
    return STATUS_LABELS[row.status] if row.status else "Not measured"


def _performance(account: Account, evidence: list[PerformanceRow]) -> dict[str, Any]:
    loc = account.locale
    names = {metric.id: metric.name for metric in account.metrics}
    metric_of = {entry.id: entry.metric for entry in account.performance_file.entries}
    scope_of = {entry.id: entry.scope_item for entry in account.performance_file.entries}
    return {
        "scope": [f"{item.id}: {item.text}" for item in account.contract.scope],
        "criteria": account.performance_file.success_criteria,
        "timeline": [
            {"name": item.name, "date": formatting.date(item.date, loc)}
            for item in account.performance_file.timeline
        ],
        "overview": [
            {
                "order": str(row.order),
                "id": row.id,
                "metric": names.get(metric_of[row.id] or "", NONE),
                "scope": scope_of[row.id],
                "baseline": row.baseline,
                "result": row.result,
                "status": _status(row),
            }
            for row in evidence
        ],
        "entries": [
            {
                "title": f"Metric {row.order}: {row.id} "
                f"{names.get(metric_of[row.id] or '', row.claim)}",
                "fields": [
                    {"label": "Claim", "text": row.claim},
                    {"label": "Measure", "text": row.measure},
                    {"label": "Baseline", "text": row.baseline},
                    {"label": "Result", "text": row.result},
                    {"label": "Attribution", "text": row.attribution},
                    {"label": "Limitation", "text": row.limitation},
                    {"label": "Scope item", "text": f"{scope_of[row.id]}: {row.scope}"},
                    {"label": "Status", "text": _status(row)},
                ],
            }
            for row in evidence
        ],
    }


def _stakeholders(account: Account) -> list[dict[str, str]]:
    claims = {entry.id: entry.claim for entry in account.performance_file.entries}
    return [
        {
            "stakeholder": priority.stakeholder,
            "priority": priority.priority,
            "evidence": "; ".join(f"{ref}: {claims[ref]}" for ref in priority.evidence)
            or "No evidence linked yet",
        }
        for priority in account.stakeholder_priorities
    ] or [{"stakeholder": "None recorded", "priority": NONE, "evidence": NONE}]


def _gaps(gaps: list[GapRow], locale: str) -> dict[str, Any]:
    def change(row: GapRow) -> str:
        if row.change is None:
            return NONE
        points = " pp" if row.unit == "%" else (f" {row.unit}" if row.unit else "")
        sign = MINUS if row.change < 0 else "+"
        text = f"{sign}{formatting.number(abs(row.change), locale)}{points}"
        if row.change_ratio is not None:
            text += f" ({signed_percent(row.change_ratio, locale)})"
        return text

    def level(value: Decimal | None, unit: str) -> str:
        return quantity(value, unit, locale) if value is not None else "not set"

    plans = [
        {
            "gap": row.gap,
            "metric": row.metric or "not set",
            "from_to": f"{level(row.current, row.unit)} → {level(row.target, row.unit)}",
            "change": change(row),
            "owner": row.owner or "not set",
            "due": formatting.date(row.due, locale) if row.due else "not set",
        }
        for row in gaps
    ]
    actions = [
        {
            "gap": row.gap,
            "ours": "; ".join(row.our_actions) or "To be agreed",
            "theirs": "; ".join(row.customer_provides) or "None listed",
        }
        for row in gaps
    ]
    empty = {"gap": "No open gaps", "ours": NONE, "theirs": NONE}
    return {
        "plans": plans
        or [
            {
                "gap": "No open gaps",
                "metric": NONE,
                "from_to": NONE,
                "change": NONE,
                "owner": NONE,
                "due": NONE,
            }
        ],
        "actions": actions or [empty],
    }


def _usage(account: Account) -> dict[str, Any]:
    loc = account.locale
    rows = [
        {
            "capability": usage_label(line),
            "current": quantity(line.current, "", loc),
            "expected": quantity(line.expected, line.unit, loc),
            "share": formatting.percent(line.current / line.expected, loc),
            "level": "Fix first" if line.fix_first else LEVEL_LABELS[usage_level(line)],
        }
        for line in account.expansion.usage
    ]
    return {
        "rows": rows
        or [dict.fromkeys(("capability", "current", "expected", "share", "level"), NONE)],
        "window": str(account.expansion.review_window_days),
    }


def _opportunities(account: Account, expansion: ExpansionReview) -> dict[str, Any]:
    loc = account.locale
    found = expansion.opportunities
    why = [
        {
            "n": str(i),
            "type": OPPORTUNITY_LABELS[o.type],
            "where": f"{o.capability} · {o.team}" if o.team else o.capability,
            "evidence": o.evidence,
        }
        for i, o in enumerate(found, start=1)
    ]
    targets = [
        {
            "n": str(i),
            "usage": o.usage_target,
            "outcome": o.outcome_target or "No outcome metric linked yet",
            "review": formatting.date(o.review_on, loc),
            "ready": "Ready to propose" if o.ready_to_propose else "Confirm first",
        }
        for i, o in enumerate(found, start=1)
    ]
    if not found:
        why = [{"n": NONE, "type": NONE, "where": "No opportunities found", "evidence": NONE}]
        targets = [dict.fromkeys(("n", "usage", "outcome", "review", "ready"), NONE)]
    return {
        "why": why,
        "targets": targets,
        "ready": str(sum(o.ready_to_propose for o in found)),
        "count": str(len(found)),
    }


def _addons(account: Account, rois: list[AddonRoi]) -> dict[str, Any]:
    loc = account.locale

    def m(value: Money) -> str:
        return formatting.money(value, loc)

    summary = [
        {
            "name": f"{roi.id} {roi.name}",
            "benefit": m(roi.monthly_benefit),
            "price": m(roi.monthly_price),
            "net": m(roi.net_monthly_benefit),
            "one_off": m(roi.one_off_cost),
            "payback": payback_text(roi, loc),
        }
        for roi in rois
    ]
    details = []
    for addon, roi in zip(account.addons, rois, strict=True):
        packaging = [
            label
            for label in (
                f"{addon.tier.capitalize()} tier" if addon.tier else "",
                f"priced per {addon.unit}" if addon.unit else "",
            )
            if label
        ]
        pilot = addon.pilot
        details.append(
            {
                "title": f"{addon.id} {addon.name}",
                "offer": [
                    {"question": "Problem it fixes", "answer": addon.problem},
                    {"question": "What is included", "answer": "; ".join(addon.included)},
                    {"question": "Who uses it", "answer": addon.users},
                    {"question": "Time to results", "answer": addon.time_to_results},
                    {"question": "Success measures", "answer": "; ".join(addon.success_metrics)},
                    {"question": "Packaging", "answer": ", ".join(packaging) or NONE},
                    {
                        "question": "Assumptions",
                        "answer": "; ".join(addon.assumptions) or "None stated",
                    },
                    {
                        "question": "Pilot",
                        "answer": (
                            f"{pilot.scope} for {pilot.days} days; {pilot.measured_by} "
                            f"measures {pilot.metric.lower()}; convert only if it moves"
                            if pilot
                            else "No pilot planned"
                        ),
                    },
                ],
                "benefit": benefit_rows(addon, roi, loc),
                "net": m(roi.net_monthly_benefit),
                "payback": payback_rows(addon, roi, loc),
            }
        )
    return {
        "summary": summary
        or [dict.fromkeys(("name", "benefit", "price", "net", "one_off", "payback"), NONE)],
        "details": details,
    }


def _options(account: Account, options: list[OptionRow]) -> dict[str, Any]:
    loc = account.locale
    today = formatting.money(account.contract.annual_value, loc)
    rows = [
        {
            "name": f"{row.id} {row.name}",
            "scope": row.scope,
            "today": today,
            "change": signed_money(row.change, loc),
            "ratio": signed_percent(row.change_ratio, loc),
            "price": formatting.money(row.annual_price, loc),
        }
        for row in options
    ]
    tradeoffs = [
        {
            "name": f"{row.id} {row.name}",
            "scope_change": SCOPE_CHANGE_LABELS[row.scope_change],
            "service": row.service_level,
            "clause": "Price follows measured performance next cycle"
            if row.performance_clause
            else "Fixed price",
            "tradeoffs": "; ".join(row.tradeoffs),
        }
        for row in options
    ]
    if not options:
        rows = [dict.fromkeys(("name", "scope", "today", "change", "ratio", "price"), NONE)]
        tradeoffs = [
            dict.fromkeys(("name", "scope_change", "service", "clause", "tradeoffs"), NONE)
        ]
    return {
        "today": today,
        "rows": rows,
        "tradeoffs": tradeoffs,
        "letters": ", ".join(row.id for row in options) or "none yet",
    }


def _meeting(
    account: Account, evidence: list[PerformanceRow], options: list[OptionRow], gaps: list[GapRow]
) -> list[str]:
    """The meeting agenda in the method's five-step order, filled in from this account."""
    stakeholders = ", ".join(p.stakeholder for p in account.stakeholder_priorities) or "nobody yet"
    owners = ", ".join(dict.fromkeys(row.owner for row in gaps if row.owner)) or "nobody yet"
    return [
        "Results first: take the room through "
        + (", ".join(row.id for row in evidence) or "the performance file")
        + " in the order they were promised, before any price is mentioned.",
        f"Check what each stakeholder needs to see and point to its evidence: {stakeholders}.",
        f"Present the {len(gaps)} gap plans with their owners ({owners}), targets and dates.",
        f"Put options {', '.join(row.id for row in options) or 'still to prepare'} on the "
        "table, each tied to the value it protects or adds.",
        "Close by writing down what both sides committed to and send the summary the same day.",
    ]


def _checklist(check: FinalWeekCheck, account: Account) -> dict[str, Any]:
    return {
        "timing": _timing(check, account),
        "result": "Ready for the meeting" if check.passed else "Open items remain",
        "checks": [
            {
                "n": str(i),
                "item": item.item,
                "result": "Pass" if item.passed else "Open",
                "findings": "; ".join(item.findings) or NONE,
            }
            for i, item in enumerate(check.items, start=1)
        ],
    }


# --- charts and output -----------------------------------------------------------------------


def charts_for(account: Account) -> dict[str, Chart]:
    return _charts(account, _analyse(account))


def _charts(account: Account, analysis: _Analysis) -> dict[str, Chart]:
    return {
        "usage_chart": Chart(usage_chart(account)),
        "payback_chart": Chart(payback_chart(account, analysis.rois)),
    }


def render(account: Account, out_dir: str | Path | None = None) -> Path:
    """Compute the renewal results once, then write ``renewal-<account id>.docx``."""
    analysis = _analyse(account)
    return publish(
        TEMPLATE,
        _context(account, analysis),
        _charts(account, analysis),
        Properties(
            f"{TITLE}: {account.customer.name}",
            account.seller.name,
            f"Renewal on {account.contract.renewal_date.isoformat()}",
            account.review_date,
        ),
        output_dir(account.id, out_dir) / f"renewal-{account.id}.docx",
    )
