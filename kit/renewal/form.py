"""Renewal form: try add-on assumptions and option prices, see payback and options recompute.

In the preparation workshop the team argues about inputs ("is it really four hours a week?",
"what if adoption slips a month?", "can option C go lower?"); the form lets them move those
numbers and see at once what happens to payback, to each package against today's price and to
the final-week checklist. Every value goes through the account model, so a price the model
refuses (below today's without a narrower scope or a performance clause) is shown beside its
box with the model's reason and not applied; the file itself is never changed.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from kit.forms import Form as BaseForm
from kit.renewal import views
from kit.renewal.calculations import RenewalAnalysis
from kit.tables import Report

SCOPE_CHANGES = [
    ("same as today", "same"),
    ("wider than today", "added"),
    ("narrower than today", "reduced"),
]
MAX_RAMP_MONTHS = 12


class Form(BaseForm):
    def controls(self) -> list[w.Widget]:
        rows: list[w.Widget] = []
        for index, addon in enumerate(self.data["addons"]):
            rows += self.addon(index, addon)
        for index, option in enumerate(self.data["renewal_options"]):
            path = ("renewal_options", index)
            rows += [
                self.heading(f"Option {option['id']}: {option['name']}"),
                self.money((*path, "annual_price"), "Price a year"),
                self.choice((*path, "scope_change"), "Scope", SCOPE_CHANGES),
                self.flag((*path, "performance_clause"), "Price follows performance"),
            ]
        rows += [
            self.heading("Final week"),
            self.flag(
                ("final_week", "written_summary_confirmed"),
                "Both sides confirmed the summary",
            ),
        ]
        return rows

    def addon(self, index: int, addon: dict[str, Any]) -> list[w.Widget]:
        """The inputs an add-on's payback turns on: its benefit drivers, price, risk and ramp."""
        path = ("addons", index)
        benefit = (*path, "benefit")
        rows = [self.heading(f"{addon['id']} {addon['name']}")]
        if addon["benefit"]["type"] == "time_saved":
            rows += [
                self.number((*benefit, "hours_per_person_per_week"), "Hours saved a person a week"),
                self.count((*benefit, "people"), "People who save that time"),
                self.money((*benefit, "value_per_hour"), "Value of one hour"),
            ]
        else:
            before = str(addon["benefit"]["churn_before"]).removesuffix("%")
            rows += [
                self.count((*benefit, "accounts"), "Accounts affected"),
                self.percent(
                    (*benefit, "churn_after"), "Churn expected after", high=before, step="0.1"
                ),
            ]
        if addon["price_per_month"] is not None:
            rows.append(self.money((*path, "price_per_month"), "Price a month"))
        rows += [
            self.percent((*path, "adoption_failure"), "Chance that adoption fails", high="90"),
            self.integer(
                (*path, "ramp_months"), "Months before the benefit starts", 0, MAX_RAMP_MONTHS
            ),
        ]
        return rows

    def summarise(self, analysis: RenewalAnalysis) -> Report:
        return views.live(analysis)
