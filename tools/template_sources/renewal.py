"""First version of ``templates/renewal.docx``: the renewal pack of method 11.3-11.5 and 6.5."""

from __future__ import annotations

from tools.docxbuilder import TemplateBuilder


def build() -> TemplateBuilder:
    t = TemplateBuilder("Renewal pack")
    t.cover(
        "{{ doc.title }}",
        [
            "For {{ doc.customer }}",
            "Prepared by {{ doc.seller }}",
            "{{ doc.date }} · renewal on {{ doc.renewal_date }}",
        ],
    )
    t.header_footer("{{ doc.customer }} · {{ doc.title }}")

    t.heading("1. Where We Stand")
    t.para("{{ summary.posture }}. {{ summary.stance }}", bold_label="Overall position: ")
    t.para("{{ summary.lagging }}", bold_label="Metrics not yet on track: ")
    t.para(
        "{{ summary.current_price }} a year for {{ summary.term }} from {{ summary.start }}; "
        "{{ summary.support }}.",
        bold_label="Current agreement: ",
    )
    t.para("{{ summary.timing }}")
    t.para("This pack in brief:", bold_label="")
    t.bullets("summary.highlights")
    t.heading("Who owns what in this renewal", level=2)
    t.table(
        ["Role", "Name", "Responsible for"],
        "team",
        ["role", "name", "owns"],
        widths_mm=[50, 55, 65],
    )

    t.heading("2. What You Bought and What It Delivered")
    t.heading("Original scope", level=2)
    t.bullets("performance.scope")
    t.heading("Success criteria we agreed", level=2)
    t.bullets("performance.criteria")
    t.heading("Implementation timeline", level=2)
    t.table(["Milestone", "Date"], "performance.timeline", ["name", "date"], widths_mm=[110, 60])
    t.heading("Promised metrics at a glance", level=2)
    t.para(
        "The metrics appear in the order they were promised. Each one is set out in full below: "
        "the claim, how it was measured, where it started, where it is now, what our work can "
        "fairly take credit for and what the number cannot show."
    )
    t.table(
        ["#", "ID", "Metric", "Scope", "Baseline", "Result", "Status"],
        "performance.overview",
        ["order", "id", "metric", "scope", "baseline", "result", "status"],
        widths_mm=[8, 12, 32, 18, 37, 39, 24],
    )
    with t.repeat("performance.entries", item="entry"):
        t.heading("{{ entry.title }}", level=2)
        t.table(
            ["Evidence", "What we found"],
            "entry.fields",
            ["label", "text"],
            widths_mm=[32, 138],
            item="field",
        )
    t.heading("What each stakeholder needs to see", level=2)
    t.table(
        ["Stakeholder", "Priority", "Evidence that answers it"],
        "stakeholders",
        ["stakeholder", "priority", "evidence"],
        widths_mm=[45, 40, 85],
    )

    t.heading("3. Closing the Gaps")
    t.para(
        "Each shortfall has one owner, a measurable target and a date. Changes in percentages "
        "are shown in percentage points (pp), with the relative change in brackets."
    )
    t.table(
        ["Gap", "Measure", "Now → target", "Change", "Owner", "Due"],
        "gaps.plans",
        ["gap", "metric", "from_to", "change", "owner", "due"],
        widths_mm=[36, 36, 22, 26, 24, 26],
    )
    t.heading("Who does what", level=2)
    t.table(
        ["Gap", "What we will do", "What we need from you"],
        "gaps.actions",
        ["gap", "ours", "theirs"],
        widths_mm=[50, 65, 55],
    )

    t.heading("4. Usage and Room to Grow")
    t.para(
        "Usage is compared with the level the onboarding plan expected by now. Usage counts as "
        "strong from 90% of the expected level. Where a configuration or data problem explains "
        "the shortfall, it is fixed before anything new is offered."
    )
    t.image("usage_chart")
    t.table(
        ["Capability", "Current", "Expected", "Share", "Level"],
        "usage.rows",
        ["capability", "current", "expected", "share", "level"],
        widths_mm=[62, 20, 45, 20, 23],
    )
    t.heading("Fix before expanding", level=2)
    t.bullets("fixes")
    t.heading("Expansion opportunities", level=2)
    t.para(
        "{{ opportunities.count }} opportunities follow from the usage and outcome evidence; "
        "{{ opportunities.ready }} of them you have already confirmed as real and worth "
        "solving now. The others need that confirmation before we make an offer."
    )
    t.table(
        ["#", "Type", "Where", "Why we see room"],
        "opportunities.why",
        ["n", "type", "where", "evidence"],
        widths_mm=[8, 24, 42, 96],
    )
    t.para(
        "Each opportunity carries a usage target, an outcome target and a review "
        "{{ usage.window }} days after this review.",
    )
    t.table(
        ["#", "Usage target", "Outcome target", "Review on", "Status"],
        "opportunities.targets",
        ["n", "usage", "outcome", "review", "ready"],
        widths_mm=[8, 52, 56, 28, 26],
    )

    t.heading("5. Add-ons: Return and Payback")
    t.para(
        "Benefits are monthly. Net monthly benefit is the benefit after any allowance for "
        "adoption risk, less the monthly price. Payback is the one-off cost divided by the net "
        "monthly benefit, plus any months before the benefit starts."
    )
    t.table(
        ["Add-on", "Monthly benefit", "Monthly price", "Net a month", "One-off cost", "Payback"],
        "addons.summary",
        ["name", "benefit", "price", "net", "one_off", "payback"],
        widths_mm=[34, 24, 24, 24, 27, 37],
    )
    t.image("payback_chart")
    with t.repeat("addons.details", item="addon"):
        t.heading("{{ addon.title }}", level=2)
        t.table(
            ["Question", "Answer"],
            "addon.offer",
            ["question", "answer"],
            widths_mm=[38, 132],
        )
        t.table(
            ["Monthly benefit", "Amount"],
            "addon.benefit",
            ["item", "amount"],
            totals=[["Net monthly benefit", "{{ addon.net }}"]],
            widths_mm=[130, 40],
        )
        t.table(
            ["Payback", "Value"],
            "addon.payback",
            ["item", "amount"],
            widths_mm=[110, 60],
        )

    t.heading("6. Renewal Options")
    t.para(
        "Each package starts from today's price of {{ options.today }} a year. A lower price "
        "always comes with a narrower scope or a price tied to measured performance."
    )
    t.table(
        ["Option", "Scope", "Today", "Change", "Change %", "Annual price"],
        "options.rows",
        ["name", "scope", "today", "change", "ratio", "price"],
        widths_mm=[22, 36, 27, 29, 25, 31],
    )
    t.heading("What each option trades", level=2)
    t.table(
        ["Option", "Scope", "Service level", "Price terms", "Tradeoffs"],
        "options.tradeoffs",
        ["name", "scope_change", "service", "clause", "tradeoffs"],
        widths_mm=[22, 24, 42, 32, 50],
    )

    t.heading("7. Running the Renewal Meeting")
    t.para("{{ summary.stance }}", bold_label="Stance: ")
    t.bullets("meeting", item="step", style="List Number")

    t.heading("8. Final-Week Checklist")
    t.para("{{ checklist.timing }}")
    t.para("{{ checklist.result }}", bold_label="Result: ")
    t.table(
        ["#", "Check", "Result", "Findings"],
        "checklist.checks",
        ["n", "item", "result", "findings"],
        widths_mm=[8, 80, 18, 64],
    )
    return t
