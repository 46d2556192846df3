"""Proposal form: scope, seats, term, discounts, milestone dates and fees, support level.

These are what a deal team argues about while shaping a proposal; the price totals and the
deal-desk decision under the form follow every change, so the team sees at once when a
discount or a support promise turns an approval into a rejection.
"""

from __future__ import annotations

import ipywidgets as w

from kit.forms import Form as BaseForm
from kit.proposal import views
from kit.proposal.calculations import ProposalAnalysis
from kit.tables import Report

COVERAGE = [("Business hours", "business_hours"), ("24x7", "24x7")]


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        pricing = self.data["pricing"]
        rows: list[w.Widget] = [
            self.heading("Scope"),
            self.items(("scope", "included"), "Included (one per line)"),
            self.items(("scope", "exclusions"), "Excluded (one per line)"),
            self.heading("Price"),
            self.integer(("pricing", "term_months"), "Term (months)", 1, 60),
        ]
        if pricing.get("subscription"):
            rows += [
                self.count(("pricing", "subscription", "quantity"), "Seats (subscription units)"),
                self.percent(
                    ("pricing", "subscription", "discount"),
                    "Subscription discount",
                    high="50",
                    step="0.5",
                ),
            ]
        if pricing.get("base_fee"):
            rows.append(
                self.percent(
                    ("pricing", "base_fee", "discount"), "Base fee discount", high="50", step="0.5"
                )
            )
        rows.append(
            self.percent(
                ("pricing", "total_discount"),
                "Deal discount (after line discounts)",
                high="50",
                step="0.5",
            )
        )
        for i, fee in enumerate(pricing["milestone_fees"]):
            rows.append(
                self.money(
                    ("pricing", "milestone_fees", i, "amount"),
                    f"Fee at {fee['milestone']}: {fee['description']}",
                )
            )
        rows.append(self.heading("Milestones"))
        for i, milestone in enumerate(self.data["milestones"]):
            rows.append(
                self.date(("milestones", i, "date"), f"{milestone['id']} {milestone['name']}")
            )
        if self.data["terms"].get("support_promise"):
            rows += [
                self.heading("Support promised"),
                self.choice(("terms", "support_promise", "coverage"), "Coverage", COVERAGE),
                self.number(
                    ("terms", "support_promise", "response_hours"), "Severity 1 response (hours)"
                ),
            ]
        return rows

    def summarise(self, analysis: ProposalAnalysis) -> Report:
        return Report.of(views.worksheet(analysis).blocks[1], views.deal_desk(analysis))
