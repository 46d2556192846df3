"""The renewal results as tables: evidence, posture, gaps, usage, expansion, add-ons, options.

Every view reads the one renewal analysis and applies no rule of its own. Statuses carry their
colour (a met check green, an open one red, an unconfirmed opportunity amber), and the add-on
working shows the arithmetic line by line so a reader can redo it with a calculator.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency

from kit import formatting
from kit.formatting import MINUS, quantity, signed_money, signed_percent
from kit.models.account import AddOn, TimeSaved
from kit.renewal.calculations import AddonRoi, Opportunity, RenewalAnalysis, payback_text
from kit.renewal.document import gap_change
from kit.tables import Cell, Lines, Report, Table, Tone, right, status
from kit.types import Money
from kit.value_review.calculations import STATUS_LABELS, Status

TIMES = "\N{MULTIPLICATION SIGN}"
APPROX = "\N{ALMOST EQUAL TO}"
STATUS_TONES: dict[Status, Tone] = {"on_track": "good", "at_risk": "warn", "off_track": "bad"}
LEVEL_TONES: dict[str, Tone] = {"strong": "good", "low": "warn", "zero": "bad"}
LEVEL_LABELS = {"strong": "strong", "low": "low", "zero": "none"}
OPPORTUNITY_LABELS = {
    "seat": "Seats",
    "scope": "Scope",
    "process": "Process",
    "integration": "Integration",
    "services": "Services",
}
SCOPE_CHANGES = {"same": "same", "added": "wider", "reduced": "narrower"}


def money_short(value: Money, locale: str) -> str:
    """Whole amounts without cents (USD 160,000), others to the cent, as people say them."""
    if value.amount == value.amount.to_integral_value():
        return format_currency(
            value.amount, value.currency, format="¤#,##0", locale=locale, currency_digits=False
        )
    return formatting.money(value, locale)


def _metric_status(status_key: Status | None) -> Cell:
    if status_key is None:
        return status("not measured", "info")
    return status(STATUS_LABELS[status_key], STATUS_TONES[status_key])


def headline(analysis: RenewalAnalysis) -> Lines:
    account, check = analysis.account, analysis.check
    return Lines(
        [
            f"{account.customer.name}: renewal on {account.contract.renewal_date.isoformat()}, "
            f"{check.days_to_renewal} days after the review of {account.review_date.isoformat()}"
        ]
    )


def performance_file(analysis: RenewalAnalysis) -> Report:
    """The promised metrics at a glance, then the six-part evidence of each, in promised order."""
    rows = analysis.evidence
    if not rows:
        return Report.of(Lines(["The performance file has no entries."], "bad"))
    overview = Table(
        ["#", "Entry", "Baseline", "Result", "Status"],
        [
            [str(row.order), row.id, row.baseline, row.result, _metric_status(row.status)]
            for row in rows
        ],
    )
    details = [
        Table(
            ["Part", "Evidence"],
            [
                ["Claim", row.claim],
                ["Measure", row.measure],
                ["Baseline", row.baseline],
                ["Result", row.result],
                ["Attribution", row.attribution],
                ["Limitation", row.limitation],
            ],
            title=f"{row.order}. {row.id}, scope: {row.scope}",
        )
        for row in rows
    ]
    return Report.of(overview, *details)


def position(analysis: RenewalAnalysis) -> Report:
    """Posture, stance and what each stakeholder needs to see, with the evidence that answers it."""
    stance = analysis.posture
    lagging = (
        f"{', '.join(stance.not_on_track)} not on track"
        if stance.not_on_track
        else "every promised metric on track"
    )
    headline = Lines(
        [f"Posture: {stance.strength} ({lagging})", f"Stance: {stance.stance}"],
        "good" if stance.strength == "strong" else "warn",
    )
    stakeholders = Table(
        ["Stakeholder", "Priority", "Evidence"],
        [
            [p.stakeholder, p.priority, ", ".join(p.evidence) or status("none linked", "bad")]
            for p in analysis.account.stakeholder_priorities
        ]
        or [[status("none recorded", "bad"), "—", "—"]],
    )
    return Report.of(headline, stakeholders)


def gaps(analysis: RenewalAnalysis) -> Table:
    """Each gap plan: where the measure is, where it must get to, who owns it and by when."""
    loc = analysis.account.locale

    def level(value: Decimal | None, unit: str) -> Cell | str:
        return quantity(value, unit, loc) if value is not None else status("not set", "bad")

    rows = [
        [
            row.gap,
            level(row.current, row.unit),
            level(row.target, row.unit),
            gap_change(row, loc),
            row.owner or status("not set", "bad"),
            row.due.isoformat() if row.due else status("not set", "bad"),
            status("complete", "good")
            if row.complete
            else status("missing " + ", ".join(row.missing), "bad"),
        ]
        for row in analysis.gaps
    ]
    return Table(
        ["Gap", right("Now"), right("Target"), right("Change"), "Owner", "Due", "Plan"],
        rows or [["No open gaps", "—", "—", "—", "—", "—", "—"]],
    )


def usage(analysis: RenewalAnalysis) -> Table:
    """Usage against the expected level; a line explained by a fix is marked, not graded."""
    loc = analysis.account.locale
    rows = [
        [
            line.label,
            formatting.number(line.current, loc),
            quantity(line.expected, line.unit, loc),
            formatting.percent(line.share, loc),
            status("fix first", "info")
            if line.fix_first
            else status(LEVEL_LABELS[line.level], LEVEL_TONES[line.level]),
        ]
        for line in analysis.usage
    ]
    return Table(
        ["Capability", right("Current"), right("Expected"), right("Share"), "Level"],
        rows or [["No usage inventory recorded", "—", "—", "—", "—"]],
    )


def opportunities(analysis: RenewalAnalysis) -> Report:
    """Each opportunity with why, its usage and outcome targets and its review date."""
    found = analysis.expansion.opportunities
    if not found:
        parts: list[Table | Lines] = [Lines(["No expansion opportunities."])]
    else:
        why = Table(
            ["#", "Type", "Where", "Why", "Customer"],
            [
                [
                    str(i),
                    OPPORTUNITY_LABELS[o.type],
                    f"{o.capability} · {o.team}" if o.team else o.capability,
                    o.evidence,
                    status("ready to propose", "good")
                    if o.ready_to_propose
                    else status("confirm first", "warn"),
                ]
                for i, o in enumerate(found, start=1)
            ],
        )
        targets = Table(
            ["#", "Usage target", "Outcome target", "Review on"],
            [
                [
                    str(i),
                    o.usage_target,
                    _outcome(o),
                    o.review_on.isoformat(),
                ]
                for i, o in enumerate(found, start=1)
            ],
        )
        parts = [why, targets]
    fixes = analysis.expansion.fixes
    if fixes:
        parts.append(
            Table(
                ["Fix first, not an offer", "Fix"],
                [[f"{f.capability} · {f.team}" if f.team else f.capability, f.fix] for f in fixes],
            )
        )
    return Report.of(*parts)


def _outcome(o: Opportunity) -> Cell | str:
    if not o.outcome_target:
        return status("no outcome metric linked", "warn")
    if o.outcome_gap:
        return status(f"{o.outcome_target} (outcome gap)", "warn")
    return o.outcome_target


def addons(analysis: RenewalAnalysis) -> Table:
    """Each add-on's monthly benefit, price, net benefit, one-off cost and payback."""
    loc = analysis.account.locale

    def m(value: Money) -> str:
        return formatting.money(value, loc)

    rows = [
        [
            f"{roi.id} {roi.name}",
            m(roi.monthly_benefit),
            m(roi.monthly_price),
            m(roi.net_monthly_benefit),
            m(roi.one_off_cost),
            status(payback_text(roi, loc), "good" if roi.pays_back else "bad"),
        ]
        for roi in analysis.rois
    ]
    return Table(
        [
            "Add-on",
            right("Benefit a month"),
            right("Price a month"),
            right("Net a month"),
            right("One-off cost"),
            "Payback",
        ],
        rows or [["No add-ons proposed", "—", "—", "—", "—", "—"]],
    )


def roi_working(addon: AddOn, roi: AddonRoi, locale: str) -> Table:
    """The arithmetic behind one add-on's return, step by step, so a reader can redo it."""

    def m(value: Money) -> str:
        return money_short(value, locale)

    def n(value: Decimal | int) -> str:
        return formatting.number(value, locale)

    benefit = addon.benefit
    steps: list[list[str]] = []
    if isinstance(benefit, TimeSaved):
        steps += [
            [
                "Hours saved",
                f"{n(benefit.hours_per_person_per_week)} h {TIMES} {n(benefit.people)} people = "
                f"{n(roi.hours_per_week or 0)} h a week",
            ],
            [
                "Monthly benefit",
                f"{n(roi.hours_per_week or 0)} {TIMES} {n(benefit.weeks_per_month)} {TIMES} "
                f"{m(benefit.value_per_hour)} = {m(roi.monthly_benefit)} {APPROX} "
                f"{m(roi.monthly_benefit_whole)} a month",
            ],
        ]
    else:
        steps += [
            [
                "Annual gain",
                f"{n(benefit.accounts)} {TIMES} "
                f"({formatting.percent(benefit.churn_before, locale)} {MINUS} "
                f"{formatting.percent(benefit.churn_after, locale)}) {TIMES} "
                f"{m(benefit.average_annual_revenue)} = {m(roi.annual_benefit)}",
            ],
            ["Monthly benefit", f"{m(roi.annual_benefit)} / 12 = {m(roi.monthly_benefit)}"],
        ]
    if addon.adoption_failure:
        steps.append(
            [
                "Risk-adjusted",
                f"{m(roi.annual_benefit)} {TIMES} (1 {MINUS} "
                f"{formatting.percent(addon.adoption_failure, locale)}) = "
                f"{m(roi.risk_adjusted_annual_benefit)} a year",
            ]
        )
    kept = roi.net_monthly_benefit + roi.monthly_price
    steps.append(
        [
            "Net a month",
            f"{m(kept)} benefit {MINUS} {m(roi.monthly_price)} price = "
            f"{m(roi.net_monthly_benefit)}",
        ]
    )
    if roi.return_on_price is not None:
        steps.append(
            [
                "Return on price",
                f"{formatting.percent(roi.return_on_price, locale)} of the price comes back on "
                "top each month",
            ]
        )
    if roi.payback_months is None:
        steps.append(["Payback", f"never ({m(roi.one_off_cost)} is never recovered)"])
    else:
        ramp = f"{n(addon.ramp_months)} + " if addon.ramp_months else ""
        exact = roi.payback_months.quantize(Decimal("0.001"))
        steps.append(
            [
                "Payback",
                f"{ramp}{m(roi.one_off_cost)} / {m(roi.net_monthly_benefit)} = {n(exact)} "
                f"{APPROX} {n(roi.payback_rounded or 0)} months "
                f"(within month {roi.payback_within_months})",
            ]
        )
    return Table(["Step", "Working"], steps, title=f"{addon.id} {addon.name}")


def addon_returns(analysis: RenewalAnalysis) -> Report:
    """The add-on summary, then the working behind each add-on's figures."""
    account = analysis.account
    return Report.of(
        addons(analysis),
        *(
            roi_working(addon, roi, account.locale)
            for addon, roi in zip(account.addons, analysis.rois, strict=True)
        ),
    )


def option_prices(analysis: RenewalAnalysis) -> Table:
    """Each package as today's price plus its change, so the sums can be checked by eye."""
    loc = analysis.account.locale
    today = formatting.money(analysis.account.contract.annual_value, loc)
    return Table(
        [
            "Option",
            right("Today"),
            right("Change"),
            right("Change %"),
            right("Annual price"),
            "Scope",
            "Price follows performance",
        ],
        [
            [
                f"{row.id} {row.name}",
                today,
                signed_money(row.change, loc),
                signed_percent(row.change_ratio, loc),
                formatting.money(row.annual_price, loc),
                SCOPE_CHANGES[row.scope_change],
                "yes" if row.performance_clause else "no",
            ]
            for row in analysis.options
        ],
    )


def options(analysis: RenewalAnalysis) -> Report:
    """The packages' prices, their tradeoffs, and the check that each price adds up."""
    rows = analysis.options
    if not rows:
        return Report.of(Lines(["No renewal options prepared yet."], "warn"))
    today = analysis.account.contract.annual_value
    adds_up = all(today + row.change == row.annual_price for row in rows)
    tradeoffs = Table(
        ["Option", "Service level", "Tradeoffs"],
        [[f"{row.id} {row.name}", row.service_level, "; ".join(row.tradeoffs)] for row in rows],
    )
    check = Lines(
        [f"Today + change = annual price for every option: {'yes' if adds_up else 'no'}"],
        "good" if adds_up else "bad",
    )
    return Report.of(option_prices(analysis), tradeoffs, check)


def final_week(analysis: RenewalAnalysis) -> Report:
    """The five final-week checks, each passed or open with what is missing."""
    check = analysis.check
    rows = [
        [
            str(i),
            status("pass", "good") if item.passed else status("open", "bad"),
            item.item,
            "; ".join(item.findings) or "—",
        ]
        for i, item in enumerate(check.items, start=1)
    ]
    window = "inside" if check.in_final_week else "outside"
    verdict = "ready for the meeting" if check.passed else "open items remain"
    return Report.of(
        Table(["#", "Result", "Check", "Findings"], rows),
        Lines(
            [f"{check.days_to_renewal} days to renewal ({window} the final week); {verdict}"],
            "good" if check.passed else "warn",
        ),
    )


def live(analysis: RenewalAnalysis) -> Report:
    """The short result under the workshop form: payback, option prices, the checklist count."""
    check = analysis.check
    passed = sum(item.passed for item in check.items)
    parts: list[Table | Lines] = [addons(analysis)]
    if analysis.options:
        parts.append(option_prices(analysis))
    parts.append(
        Lines(
            [f"Final-week checklist: {passed} of {len(check.items)} items pass"],
            "good" if check.passed else "warn",
        )
    )
    return Report.of(*parts)
