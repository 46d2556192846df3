"""First version of ``templates/proposal.docx``: the nine sections of method 7.1."""

from __future__ import annotations

from tools.docxbuilder import TemplateBuilder


def build() -> TemplateBuilder:
    t = TemplateBuilder("Proposal")
    t.cover(
        "{{ doc.title }}",
        ["Proposal for {{ doc.customer }}", "Prepared by {{ doc.seller }}", "{{ doc.date }}"],
    )
    t.header_footer("{{ doc.customer }} · {{ doc.title }}")

    t.heading("1. Executive Summary")
    t.para("{{ summary.problem }}", bold_label="The problem. ")
    t.para("What changes for you:", bold_label="")
    t.bullets("summary.outcomes")
    t.para("In scope:", bold_label="")
    t.bullets("summary.included")
    t.para("Not included:", bold_label="")
    t.bullets("summary.excluded")
    t.para("{{ summary.how_we_work }}", bold_label="How we will work. ")

    t.heading("2. Current State and Requirements")
    t.para("{{ summary.current_state }}")
    t.table(
        ["ID", "Theme", "Requirement", "Priority", "Evidence", "Owner"],
        "requirements",
        ["id", "theme", "text", "priority", "evidence", "owner"],
        widths_mm=[12, 22, 55, 18, 40, 23],
    )

    t.heading("3. Proposed Approach")
    t.table(
        ["Step", "Why this works", "Requirements"],
        "approach",
        ["step", "why", "requirements"],
        widths_mm=[60, 85, 25],
    )

    t.heading("4. Outcomes and Success Measures")
    t.table(
        ["ID", "Outcome", "Metric", "Baseline", "Target", "Time window", "Measurement"],
        "outcomes",
        ["id", "statement", "metric", "baseline", "target", "window", "method"],
        widths_mm=[10, 30, 30, 20, 20, 25, 35],
    )
    t.heading("Requirement to outcome traceability", level=2)
    t.table(
        ["Requirement", "Outcomes served", "Covered by"],
        "traceability",
        ["requirement", "outcomes", "covered_by"],
        widths_mm=[70, 70, 30],
    )

    t.heading("5. Scope, Deliverables, and Assumptions")
    t.heading("Included", level=2)
    t.bullets("scope.included")
    t.heading("Not included", level=2)
    t.bullets("scope.excluded")
    t.heading("Changes that need a new estimate", level=2)
    t.bullets("scope.change_triggers")
    t.heading("Deliverables", level=2)
    t.table(
        ["ID", "Deliverable", "Owner", "Milestone", "Due"],
        "deliverables",
        ["id", "name", "owner", "milestone", "due"],
        widths_mm=[12, 70, 35, 20, 33],
    )
    t.heading("Assumptions", level=2)
    t.table(
        ["ID", "Type", "If", "Then"],
        "assumptions",
        ["id", "type", "when", "then"],
        widths_mm=[12, 25, 65, 68],
    )

    t.heading("6. Timeline and Milestones")
    t.image("timeline_chart")
    t.table(
        ["ID", "Milestone", "Date", "Type", "Definition of done", "Exit criteria"],
        "milestones",
        ["id", "name", "date", "type", "done", "exit"],
        widths_mm=[10, 35, 25, 20, 40, 40],
    )
    t.heading("Ownership (RACI)", level=2)
    t.table(
        ["ID", "Responsible", "Accountable", "Consulted", "Informed"],
        "milestones",
        ["id", "r", "a", "c", "i"],
        widths_mm=[12, 40, 40, 39, 39],
    )
    t.heading("Dependencies", level=2)
    t.bullets("dependencies")

    t.heading("7. Commercials and Change Control")
    t.heading("One-time fees", level=2)
    t.table(
        ["Item", "Qty", "Unit price", "Discount", "Amount"],
        "pricing.one_time",
        ["description", "quantity", "unit_price", "discount", "amount"],
        totals=[
            ["Subtotal", "", "", "", "{{ pricing.one_time_subtotal }}"],
            [
                "Deal discount",
                "",
                "",
                "{{ pricing.deal_discount }}",
                "{{ pricing.one_time_discount }}",
            ],
            ["One-time total", "", "", "", "{{ pricing.one_time_total }}"],
        ],
        widths_mm=[70, 12, 30, 25, 33],
    )
    t.heading("Recurring fees (per month)", level=2)
    t.table(
        ["Item", "Qty", "Unit price", "Discount", "Amount"],
        "pricing.monthly",
        ["description", "quantity", "unit_price", "discount", "amount"],
        totals=[
            ["Subtotal", "", "", "", "{{ pricing.monthly_subtotal }}"],
            [
                "Deal discount",
                "",
                "",
                "{{ pricing.deal_discount }}",
                "{{ pricing.monthly_discount }}",
            ],
            ["Monthly total", "", "", "", "{{ pricing.monthly_total }}"],
        ],
        widths_mm=[70, 12, 30, 25, 33],
    )
    t.heading("Totals", level=2)
    t.table(["Total", "Amount"], "pricing.summary", ["item", "amount"], widths_mm=[120, 50])
    t.heading("Performance add-on", level=2)
    t.para("{{ pricing.addon }}")
    t.heading("Rates for work beyond scope", level=2)
    t.table(
        ["Item", "Unit", "Rate"],
        "pricing.overage",
        ["item", "unit", "rate"],
        widths_mm=[100, 30, 40],
    )
    t.heading("Invoicing of one-time fees", level=2)
    t.table(
        ["Trigger", "Date", "Item", "Amount"],
        "pricing.invoices",
        ["trigger", "date", "description", "amount"],
        totals=[["Total", "", "", "{{ pricing.invoices_total }}"]],
        widths_mm=[30, 35, 70, 35],
    )
    t.heading("Commercial terms", level=2)
    t.table(["Term", "What we agree"], "terms", ["term", "text"], widths_mm=[40, 130])

    t.heading("8. Risks and Mitigations")
    t.table(
        ["Risk", "Mitigation", "Owner"],
        "risks",
        ["risk", "mitigation", "owner"],
        widths_mm=[60, 80, 30],
    )

    t.heading("9. Acceptance and Next Steps")
    t.para("{{ acceptance.approved_when }}", bold_label="Approved means: ")
    t.table(
        ["Signatory", "Role", "Side"],
        "acceptance.signatories",
        ["name", "role", "side"],
        widths_mm=[60, 80, 30],
    )
    t.para("Ready for kickoff when:", bold_label="")
    t.bullets("acceptance.checklist")

    t.page_break()
    t.heading("Appendix: Deal-desk review")
    t.para("{{ deal_desk.verdict }}", bold_label="Decision: ")
    t.table(["Check", "Result"], "deal_desk.checks", ["name", "result"], widths_mm=[120, 50])
    t.heading("Gaps in priority order", level=2)
    t.table(
        ["#", "Severity", "Check", "Finding", "Fix"],
        "deal_desk.gaps",
        ["rank", "severity", "check", "finding", "fix"],
        widths_mm=[8, 20, 40, 50, 52],
    )
    return t
