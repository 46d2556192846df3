"""The renewal pack (method 11.3-11.5, 6.5) for the customer, and the renewal team's brief.

The customer's pack follows what the customer needs to decide: what was bought and what it
delivered, the commitments that close the gaps, where usage says more value is waiting, what
each add-on returns, and the renewal options. How we read the account stays out of it: the
negotiation posture, each stakeholder's priorities as we see them, the meeting stance and
script, and the final-week checklist go to the internal brief. A section with nothing to say is
left out rather than printed empty; annual amounts are in whole units, while the add-on
worksheets keep their cents so every line adds up.

Every figure comes from the renewal analysis (:mod:`kit.renewal.calculations`); this module
only turns results into display strings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kit import formatting
from kit.document import Chart, Content, Properties, place_party_logos, section_numbers
from kit.formatting import MINUS, quantity, signed_percent
from kit.models.account import Account, AddOn, TimeSaved
from kit.renewal.calculations import (
    AddonRoi,
    ExpansionReview,
    FinalWeekCheck,
    GapRow,
    OptionRow,
    PerformanceRow,
    RenewalAnalysis,
    UsageRow,
    payback_text,
    unit_for,
)
from kit.renewal.charts import payback_chart, usage_chart
from kit.types import Money
from kit.value_review.calculations import STATUS_LABELS

TITLE = "Renewal pack"
TIMES = "\N{MULTIPLICATION SIGN}"
NONE = "\N{EM DASH}"

OPPORTUNITY_LABELS = {
    "seat": "Seats",
    "scope": "Scope",
    "process": "Process",
    "integration": "Integration",
    "services": "Services",
}
LEVEL_LABELS = {"strong": "Strong", "low": "Low", "zero": "None"}
SCOPE_CHANGE_LABELS = {"same": "Same scope", "added": "Wider scope", "reduced": "Narrower scope"}


def customer(analysis: RenewalAnalysis) -> Content:
    """The renewal pack the customer receives, formatted for the account's locale."""
    account = analysis.account
    context = _context(analysis)
    images = {
        "usage_chart": Chart(usage_chart(analysis), width_mm=None),
        "payback_chart": Chart(payback_chart(analysis), width_mm=None),
    }
    place_party_logos(account.seller, account.customer, context, images)
    return Content(context, images, _properties(account))


def internal(analysis: RenewalAnalysis) -> Content:
    """The renewal team's brief: posture, stakeholders as we read them, script and checklist."""
    account = analysis.account
    team = _team(account)
    stakeholders = _stakeholders(account)
    context = {
        "doc": _doc(account),
        "number": section_numbers(
            [
                ("posture", True),
                ("team", bool(team)),
                ("stakeholders", bool(stakeholders)),
                ("meeting", True),
                ("checklist", True),
            ]
        ),
        "posture": _posture(analysis),
        "team": team,
        "stakeholders": stakeholders,
        "meeting": _meeting(account, analysis.evidence, analysis.options, analysis.gaps),
        "checklist": _checklist(analysis.check),
    }
    return Content(context, {}, _properties(account))


def _properties(account: Account) -> Properties:
    return Properties(
        f"{TITLE}: {account.customer.name}",
        account.seller.name,
        f"Renewal on {account.contract.renewal_date.isoformat()}",
        account.review_date,
    )


def _doc(account: Account) -> dict[str, str]:
    loc = account.locale
    return {
        "title": TITLE,
        "customer": account.customer.name,
        "seller": account.seller.name,
        "date": formatting.date(account.review_date, loc),
        "renewal_date": formatting.date(account.contract.renewal_date, loc),
    }


def _context(analysis: RenewalAnalysis) -> dict[str, Any]:
    account = analysis.account
    loc = account.locale
    usage = _usage(account, analysis.usage, analysis.expansion)
    return {
        "doc": _doc(account),
        "cover": {
            "prepared_for": account.addressee(),
            "contacts": account.sender(),
            "renewal": [
                f"Prepared {formatting.date(account.review_date, loc)}",
                f"Current term renews {formatting.date(account.contract.renewal_date, loc)}",
            ],
        },
        "number": section_numbers(
            [
                ("glance", True),
                ("delivered", True),
                ("gaps", bool(analysis.gaps)),
                ("usage", bool(usage["rows"] or usage["fixes"] or usage["why"])),
                ("addons", bool(analysis.rois)),
                ("options", bool(analysis.options)),
                ("next", True),
            ]
        ),
        "glance": _glance(analysis),
        "performance": _performance(account, analysis.evidence),
        "gaps": [_commitment(row, loc) for row in analysis.gaps],
        "usage": usage,
        "addons": _addons(account, analysis.rois),
        "options": _options(account, analysis.options),
    }


# --- shared display helpers ------------------------------------------------------------------


def whole(value: Money, locale: str) -> str:
    """An annual or aggregate amount in whole units, where cents would claim false precision."""
    return formatting.whole_money(value, locale)


def signed_whole(value: Money, locale: str) -> str:
    """A change in an annual amount, in whole units with an explicit sign."""
    return formatting.sign(value.amount) + whole(-value if value.amount < 0 else value, locale)


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
            f"{formatting.count(roi.hours_per_week or Decimal(0), 'hour')} a week {TIMES} "
            f"{formatting.number(benefit.weeks_per_month, locale)} weeks {TIMES} "
            f"{m(benefit.value_per_hour)} an hour"
        )
    else:
        how = (
            f"{formatting.number(benefit.accounts, locale)} accounts {TIMES} "
            f"({formatting.percent(benefit.churn_before, locale)} {MINUS} "
            f"{formatting.percent(benefit.churn_after, locale)} churn) {TIMES} "
            f"{whole(benefit.average_annual_revenue, locale)} a year ÷ 12"
        )
    rows = [{"item": f"Gross monthly benefit: {how}", "amount": m(roi.monthly_benefit)}]
    adjustment = roi.monthly_benefit - roi.monthly_price - roi.net_monthly_benefit
    if addon.adoption_failure:
        rows.append(
            {
                "item": f"Allowance for a {formatting.percent(addon.adoption_failure, locale)} "
                "chance that adoption fails",
                "amount": formatting.signed_money(-adjustment, locale),
            }
        )
    if addon.price_per_month is not None:
        rows.append(
            {"item": "Monthly price", "amount": formatting.signed_money(-roi.monthly_price, locale)}
        )
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
            f"One-off cost: {formatting.count(addon.setup_hours, 'setup hour')} {TIMES} "
            f"{formatting.money(benefit.value_per_hour, locale)}"
        )
    else:
        cost_item = "One-off cost"
    rows = []
    if roi.one_off_cost.amount:
        rows.append({"item": cost_item, "amount": formatting.money(roi.one_off_cost, locale)})
    rows.append(
        {"item": "Net monthly benefit", "amount": formatting.money(roi.net_monthly_benefit, locale)}
    )
    if addon.ramp_months:
        rows.append(
            {
                "item": "Before the benefit starts",
                "amount": formatting.count(addon.ramp_months, "month"),
            }
        )
    rows.append({"item": "Payback", "amount": payback_text(roi, locale)})
    return rows


def gap_change(row: GapRow, locale: str) -> str:
    """The planned change: ``+13 pp (+20.97%)``; a change between percentages is in points."""
    if row.change is None:
        return NONE
    points = " pp" if row.unit == "%" else (f" {row.unit}" if row.unit else "")
    sign = MINUS if row.change < 0 else "+"
    text = f"{sign}{formatting.number(abs(row.change), locale)}{points}"
    if row.change_ratio is not None:
        text += f" ({signed_percent(row.change_ratio, locale)})"
    return text


# --- the customer's pack ---------------------------------------------------------------------


def _glance(analysis: RenewalAnalysis) -> dict[str, Any]:
    """The first page: today's agreement, when it renews, and what the pack holds."""
    account = analysis.account
    loc = account.locale
    contract = account.contract
    evidence, gaps, options = analysis.evidence, analysis.gaps, analysis.options
    found = analysis.expansion.opportunities
    highlights = []
    if evidence:
        counts = [
            f"{count} {label.lower()}"
            for status, label in STATUS_LABELS.items()
            if (count := sum(1 for row in evidence if row.status == status))
        ]
        unmeasured = sum(1 for row in evidence if row.status is None)
        if unmeasured:
            counts.append(f"{unmeasured} not measured yet")
        highlights.append(f"{formatting.count(len(evidence), 'promised metric')}: {_and(counts)}")
    if gaps:
        highlights.append(
            f"{formatting.count(len(gaps), 'commitment')} to close the gaps, each with an "
            "owner and a date"
            if all(row.owner and row.due for row in gaps)
            else f"{formatting.count(len(gaps), 'commitment')} to close the gaps"
        )
    if found:
        ready = sum(o.ready_to_propose for o in found)
        text = f"{formatting.count(len(found), 'opportunity', 'opportunities')} to get more value"
        if ready:
            text += f", {ready} already agreed with you as worth doing now"
        highlights.append(text)
    if analysis.rois:
        paying = [roi for roi in analysis.rois if roi.pays_back]
        text = f"{formatting.count(len(analysis.rois), 'add-on')} with their return"
        if paying:
            fastest = min(paying, key=lambda roi: roi.payback_months or Decimal(0))
            text += f"; {fastest.name} pays back {_payback_phrase(fastest)}"
        highlights.append(text)
    if options:
        prices = sorted((row.annual_price for row in options), key=lambda money: money.amount)
        highlights.append(
            f"{formatting.count(len(options), 'renewal option')} from "
            f"{whole(prices[0], loc)} to {whole(prices[-1], loc)} a year"
        )
    support = f"; {contract.support_level}" if contract.support_level else ""
    return {
        "agreement": (
            f"{whole(contract.annual_value, loc)} a year for "
            f"{formatting.count(contract.term_months, 'month')} from "
            f"{formatting.date(contract.start, loc)}{support}."
        ),
        "renews": f"The current term renews on {formatting.date(contract.renewal_date, loc)}.",
        "highlights": highlights,
    }


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"


def _payback_phrase(roi: AddonRoi) -> str:
    if not roi.payback_months:
        return "at once"
    return f"within month {roi.payback_within_months}"


def _status(row: PerformanceRow) -> str:
    return STATUS_LABELS[row.status] if row.status else "Not measured yet"


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
                "metric": names.get(metric_of[row.id] or "", row.claim),
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


def _commitment(row: GapRow, locale: str) -> dict[str, Any]:
    """One gap written as a commitment: the measure, from where to where, by when, and who.

    A plan without a measurable target keeps its actions but promises no number; the internal
    checklist names what it lacks.
    """

    def level(value: Decimal) -> str:
        return quantity(value, row.unit, locale)

    parts = []
    if row.metric and row.target is not None:
        if row.current is None or row.current == row.target:
            reach = f"{level(row.target)}"
        else:
            reach = f"from {level(row.current)} to {level(row.target)}"
        due = f" by {formatting.date(row.due, locale)}" if row.due else ""
        parts.append(f"{row.metric}: {reach}{due}.")
    elif row.due:
        parts.append(f"Due {formatting.date(row.due, locale)}.")
    if row.owner:
        parts.append(f"Owner: {row.owner}.")
    return {
        "gap": row.gap,
        "commitment": " ".join(parts),
        "ours": row.our_actions,
        "theirs": row.customer_provides,
    }


def _usage(account: Account, lines: list[UsageRow], expansion: ExpansionReview) -> dict[str, Any]:
    loc = account.locale
    found = expansion.opportunities
    ready = sum(o.ready_to_propose for o in found)
    lead = (
        f"{formatting.count(len(found), 'opportunity', 'opportunities')} follow from the usage "
        "and outcome evidence. "
        + (
            f"{ready} of them you have already confirmed as real and worth solving now; "
            "the others need that confirmation from you before we make an offer."
            if ready
            else "Each needs your confirmation that it is real and worth solving now before "
            "we make an offer."
        )
    )
    return {
        "rows": [
            {
                "capability": line.label,
                "current": quantity(line.current, "", loc),
                "expected": quantity(line.expected, unit_for(line.expected, line.unit), loc),
                "share": formatting.percent(line.share, loc),
                "level": "Fix first" if line.fix_first else LEVEL_LABELS[line.level],
            }
            for line in lines
        ],
        "fixes": [
            f"{fix.capability}{f' ({fix.team})' if fix.team else ''}: {fix.fix}"
            for fix in expansion.fixes
        ],
        "lead": lead,
        "window": formatting.count(account.expansion.review_window_days, "day"),
        "why": [
            {
                "n": str(i),
                "type": OPPORTUNITY_LABELS[o.type],
                "where": f"{o.capability} · {o.team}" if o.team else o.capability,
                "evidence": o.evidence,
            }
            for i, o in enumerate(found, start=1)
        ],
        "targets": [
            {
                "n": str(i),
                "usage": o.usage_target,
                "outcome": o.outcome_target or NONE,
                "review": formatting.date(o.review_on, loc),
                "ready": "Agreed with you" if o.ready_to_propose else "To confirm with you",
            }
            for i, o in enumerate(found, start=1)
        ],
    }


def _addons(account: Account, rois: list[AddonRoi]) -> dict[str, Any]:
    loc = account.locale

    def m(value: Money) -> str:
        return formatting.money(value, loc)

    summary = [
        {
            "name": f"{roi.id} {roi.name}",
            "price": m(roi.monthly_price) if roi.monthly_price.amount else NONE,
            "net": m(roi.net_monthly_benefit),
            "year": whole(roi.net_annual_benefit, loc),
            "one_off": m(roi.one_off_cost) if roi.one_off_cost.amount else NONE,
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
                f"{addon.unit}-based" if addon.unit else "",
            )
            if label
        ]
        pilot = addon.pilot
        offer = [
            ("Problem it fixes", addon.problem),
            ("What is included", "; ".join(addon.included)),
            ("Who uses it", addon.users),
            ("Time to results", addon.time_to_results),
            ("Success measures", "; ".join(addon.success_metrics)),
            ("Packaging", ", ".join(packaging)),
            ("Assumptions", "; ".join(addon.assumptions)),
            (
                "Pilot",
                f"{pilot.scope} for {formatting.count(pilot.days, 'day')}; {pilot.measured_by} "
                f"measures {pilot.metric[:1].lower()}{pilot.metric[1:]}; the add-on is bought "
                "in full only if it moves"
                if pilot
                else "",
            ),
        ]
        details.append(
            {
                "title": f"{addon.id} {addon.name}",
                "offer": [{"question": q, "answer": a} for q, a in offer if a],
                "benefit": benefit_rows(addon, roi, loc),
                "net": m(roi.net_monthly_benefit),
                "payback": payback_rows(addon, roi, loc),
            }
        )
    return {"summary": summary, "details": details}


def _options(account: Account, options: list[OptionRow]) -> dict[str, Any]:
    loc = account.locale
    return {
        "today": whole(account.contract.annual_value, loc),
        "rows": [
            {
                "name": f"{row.id} {row.name}",
                "scope": row.scope,
                "change": signed_whole(row.change, loc) if row.change.amount else "No change",
                "ratio": signed_percent(row.change_ratio, loc) if row.change.amount else NONE,
                "price": whole(row.annual_price, loc),
            }
            for row in options
        ],
        "tradeoffs": [
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
        ],
    }


# --- the internal brief ----------------------------------------------------------------------


def _posture(analysis: RenewalAnalysis) -> dict[str, str]:
    account = analysis.account
    names = {metric.id: metric.name for metric in account.metrics}
    stance = analysis.posture
    return {
        "strength": stance.strength.capitalize(),
        "stance": stance.stance,
        "lagging": ", ".join(f"{names[mid]} ({mid})" for mid in stance.not_on_track),
        "timing": _timing(analysis.check, account),
    }


def _timing(check: FinalWeekCheck, account: Account) -> str:
    when = formatting.date(account.contract.renewal_date, account.locale)
    days = check.days_to_renewal
    if days < 0:
        return f"The term renewed on {when}, {formatting.count(-days, 'day')} before this review."
    where = "inside" if check.in_final_week else "before"
    return (
        f"The term renews on {when}, {formatting.count(days, 'day')} after this review: "
        f"{where} the final week."
    )


def _team(account: Account) -> list[dict[str, str]]:
    team = account.renewal_team
    if team is None:
        return []
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
    ]


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
        f"Present the {formatting.count(len(gaps), 'gap plan')} with their owners ({owners}), "
        "targets and dates.",
        f"Put options {', '.join(row.id for row in options) or 'still to prepare'} on the "
        "table, each tied to the value it protects or adds.",
        "Close by writing down what both sides committed to and send the summary the same day.",
    ]


def _checklist(check: FinalWeekCheck) -> dict[str, Any]:
    return {
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
