"""First version of ``templates/map.docx``: the mutual action plan the buyer reads and signs."""

from __future__ import annotations

from docx.shared import Mm

from tools.docxbuilder import TemplateBuilder

COMPACT = {"font_size_pt": 9, "space_after_pt": 2}
"""Smaller, tighter text in every table: the plan's tables carry dates and several columns,
and at body size they wrap mid-word."""


def build() -> TemplateBuilder:
    t = TemplateBuilder("Mutual action plan")
    t.cover(
        "Mutual Action Plan",
        [
            "{{ doc.title }}",
            "Agreed between {{ doc.customer }} and {{ doc.seller }}",
            "{{ doc.date }}",
        ],
    )
    t.header_footer("{{ doc.customer }} · Mutual action plan")

    t.heading("1. Why We Have This Plan")
    t.para(
        "This is the route we have agreed with you, from today to the results you told us "
        "matter. It shows what each of us does, what we need from each other and when you "
        "decide. We keep it current together: when a date, an owner or a target moves, both "
        "sides see it here first."
    )
    t.para("{{ summary.problem }}", bold_label="What you told us. ")
    t.para("The results we are working towards:", bold_label="")
    t.bullets("summary.outcomes")
    t.para("{{ summary.how_we_work }}", bold_label="How we will work together. ")
    t.heading("The plan at a glance", level=2)
    t.para("{{ summary.timing }}")
    t.table(
        ["Phase", "Dates", "Days", "Your lead", "Our lead", "Decisions"],
        "summary.glance",
        ["phase", "dates", "days", "yours", "ours", "decisions"],
        totals=[
            [
                "Whole plan",
                "{{ summary.glance_total.dates }}",
                "{{ summary.glance_total.days }}",
                "",
                "",
                "{{ summary.glance_total.decisions }}",
            ]
        ],
        widths_mm=[22, 48, 14, 32, 32, 22],
        keep_together=True,
        **COMPACT,
    )

    t.heading("2. What Success Looks Like")
    t.para(
        "Each result below is something we can both measure, so nobody has to argue later "
        "about whether it happened. A criterion is complete when it names what we measure, "
        "where it stands today, the target, the time window and how it is measured; "
        "{{ criteria.complete }} are complete. The last column links each criterion to the "
        "requirements in section 3 that make it possible."
    )
    t.table(
        ["Success criterion", "Metric", "Baseline", "Target", "Time window", "Method", "Linked"],
        "criteria.rows",
        ["criterion", "metric", "baseline", "target", "window", "method", "linked"],
        widths_mm=[30, 27, 20, 20, 22, 35, 16],
        **COMPACT,
    )

    t.heading("3. What Must Be True")
    t.para(
        "These are the conditions the results depend on. Each has an owner on your side, "
        "anything it waits for, and the evidence you will accept to call it done."
    )
    t.table(
        ["Requirement", "Priority", "Owner", "Dependency", "Acceptance evidence"],
        "requirements.rows",
        ["requirement", "priority", "owner", "dependency", "evidence"],
        totals=[
            [
                "{{ requirements.count }} requirements",
                "{{ requirements.total }}",
                "",
                "",
                "",
            ]
        ],
        widths_mm=[48, 20, 27, 33, 42],
        **COMPACT,
    )
    t.heading("What we are assuming", level=2)
    t.para(
        "We have not proven these yet. If one turns out differently, the consequence on the "
        "right applies, and we tell each other as soon as we know."
    )
    t.table(
        ["ID", "If", "Then"],
        "requirements.assumptions",
        ["id", "when", "then"],
        widths_mm=[12, 79, 79],
        **COMPACT,
    )
    t.heading("When something changes", level=2)
    t.para("{{ requirements.change_rule }}", bold_label="How we agree a change. ")
    t.para(
        "Requirements and success criteria are linked, so a change to one is never made alone. "
        "Before we agree a change, we look again at what is linked to it:",
        keep_with_next=True,
    )
    t.table(
        ["If this changes", "Kind", "We look again at"],
        "requirements.changes",
        ["item", "kind", "recheck"],
        widths_mm=[60, 26, 84],
        **COMPACT,
    )

    t.heading("4. How We Get There: Four Phases")
    t.para(
        "The work runs in four phases, each closed by a decision on your side before the next "
        "one starts. The chart shows the phases as bars and the milestones as diamonds; the "
        "circles are inputs we need from each other and the triangles are decisions, numbered "
        "as in the tables of section 5.",
        keep_with_next=True,
    )
    t.image("plan_chart")
    with t.repeat("phases", item="phase"):
        t.heading("{{ phase.heading }}", level=2)
        t.table(
            ["", "What we agree"],
            "phase.rows",
            ["label", "text"],
            totals=[["Closes when", "{{ phase.closes }}"]],
            widths_mm=[32, 138],
            keep_together=True,
            **COMPACT,
        )

    t.heading("5. Keeping the Plan Moving")
    t.para(
        "A plan slips when an open question has no owner or no date, far more often than "
        "because the solution is wrong. Three habits keep this one moving: regular meetings "
        "with a fixed agenda, a list of what each side needs from the other and by when, "
        "and a record of who approves what and when."
    )
    t.heading("5.1 How we stay in touch", level=2)
    t.table(
        ["Meeting", "How often", "Who attends", "Standing agenda"],
        "controls.cadence",
        ["meeting", "frequency", "attendees", "agenda"],
        widths_mm=[35, 30, 50, 55],
        **COMPACT,
    )
    t.heading("5.2 What we need from each other", level=2)
    t.para(
        "Every input has an owner and a date. If a date cannot be met, please tell us early: "
        "together we can move the plan or trim the scope. Status as on {{ doc.date }}.",
        keep_with_next=True,
    )
    t.table(
        ["#", "What is needed", "From", "Needed by", "Phase", "Status", "Watch"],
        "controls.dependencies",
        ["n", "what", "owner", "due", "phase", "status", "watch"],
        totals=[
            [
                "",
                "{{ controls.dependencies_total }}",
                "",
                "",
                "",
                "",
                "",
            ]
        ],
        widths_mm=[7, 38, 26, 28, 21, 22, 28],
        keep_together=True,
        **COMPACT,
    )
    t.heading("5.3 Decisions and who takes them", level=2)
    t.table(
        ["#", "Decision", "Approved by", "Date", "Phase", "Status"],
        "controls.decisions",
        ["n", "decision", "owner", "date", "phase", "status"],
        totals=[
            [
                "",
                "{{ controls.decisions_total }}",
                "",
                "",
                "",
                "",
            ]
        ],
        widths_mm=[7, 52, 30, 30, 21, 30],
        keep_together=True,
        **COMPACT,
    )
    t.para("{{ controls.attention }}")

    t.heading("6. Ready to Sign?")
    t.para(
        "Before either of us signs, we run five checks on this plan. A failed check names what "
        "is missing, so we both know exactly what to add."
    )
    t.table(
        ["#", "Check", "Result", "What is missing"],
        "signoff.rows",
        ["n", "check", "result", "detail"],
        totals=[["", "Checks passed", "{{ signoff.total }}", ""]],
        widths_mm=[8, 82, 20, 60],
        keep_together=True,
        **COMPACT,
    )
    t.para("{{ signoff.verdict }}", bold_label="Result: ")

    t.heading("7. Saying It Back")
    t.para(
        "We end the planning meeting by reading the plan back to each other in plain words. "
        "When you can tell us these four things in your own words, we share a plan and not "
        "just a document."
    )
    t.bullets("review.points")
    t.para(
        "This plan covers {{ review.period }}. We review it at every check-in and update it in "
        "writing whenever a date, an owner or a target changes."
    )
    t.heading("Agreed by", level=2)
    t.table(
        ["Name", "Role", "Organisation", "Signature and date"],
        "review.signatories",
        ["name", "role", "organisation", "sign"],
        widths_mm=[35, 45, 45, 45],
        **COMPACT,
    )
    t.doc.tables[-1].rows[2].height = Mm(14)  # the loop row: room for a handwritten signature
    return t
