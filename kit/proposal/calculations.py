"""The proposal's one analysis: the price worksheet and the deal-desk review of one deal.

The notebook's views, the workshop form and the Word documents all read this object, so the
worksheet and the review are computed once per run, however many places show them.
"""

from __future__ import annotations

from dataclasses import dataclass

from kit.document import Gate
from kit.models.deal import Deal
from kit.proposal.dealdesk import Review, review
from kit.proposal.pricing import Worksheet, worksheet


@dataclass(frozen=True)
class ProposalAnalysis:
    params: Deal
    sheet: Worksheet
    desk: Review

    @property
    def deal(self) -> Deal:
        return self.params


def analyse(deal: Deal) -> ProposalAnalysis:
    return ProposalAnalysis(deal, worksheet(deal), review(deal))


DECISIONS = {"approve": "pass", "approve with edits": "edits", "reject": "fail"}


def gate(analysis: ProposalAnalysis) -> Gate:
    """The deal desk stands between the proposal and the customer."""
    desk = analysis.desk
    lines = tuple(f"[{g.severity}] {g.finding}. Fix: {g.fix}" for g in desk.gaps)
    return Gate("deal-desk review", DECISIONS[desk.verdict], lines)
