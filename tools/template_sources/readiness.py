"""First version of ``templates/readiness.docx``: verdict, the two fits, capacity, hiring pace."""

from __future__ import annotations

from tools.docxbuilder import TemplateBuilder

DENSE_PT = 9
"""Font size for the wide month-by-month and per-channel tables, so figures stay on one line."""


def build() -> TemplateBuilder:
    t = TemplateBuilder("Readiness report")
    t.cover(
        "{{ doc.title }}",
        ["{{ doc.product }}", "{{ doc.market }}", "Readiness report, {{ doc.date }}"],
    )
    t.header_footer("{{ doc.product }} · {{ doc.title }}")

    t.heading("1. Verdict")
    t.para("{{ verdict.headline }}", bold_label="Where we stand. ")
    t.para("{{ verdict.ready }}", bold_label="Ready to scale: ")
    t.table(
        ["Phase", "What it takes", "Result"],
        "verdict.phases",
        ["phase", "test", "result"],
        widths_mm=[42, 90, 38],
    )
    t.heading("What stands in the way", level=2)
    t.bullets("verdict.blockers")
    t.heading("Hiring pace", level=2)
    t.para("{{ pace.advice }}")
    t.heading("Warnings", level=2)
    t.bullets("verdict.warnings")

    t.heading("2. Product-Market Fit")
    t.para(
        "We judge product-market fit by a leading indicator of retention: the share of each "
        "acquisition cohort that reaches a chosen event in every period. Retention itself "
        "confirms the picture, but only a year after the customers were won."
    )
    t.table(
        ["Part of the indicator", "Our definition"],
        "pmf.definition",
        ["name", "value"],
        widths_mm=[55, 115],
    )
    t.heading("Is the event a sound one?", level=2)
    t.table(
        ["Quality", "What it asks", "Confirmed"],
        "pmf.checks",
        ["quality", "meaning", "confirmed"],
        widths_mm=[36, 106, 28],
    )
    t.heading("Cohorts against P", level=2)
    t.image("cohort_chart")
    t.table(
        ["Cohort", "Customers", "Reaching the event", "Share", "Against P", "Decides"],
        "pmf.cohorts",
        ["name", "customers", "achieving", "share", "status", "decides"],
        totals=[
            [
                "All cohorts",
                "{{ pmf.total.customers }}",
                "{{ pmf.total.achieving }}",
                "{{ pmf.total.share }}",
                "{{ pmf.total.status }}",
                "No",
            ]
        ],
        widths_mm=[28, 28, 32, 24, 32, 26],
    )
    t.para("{{ pmf.retention }}", bold_label="Annual retention: ")
    t.para("{{ pmf.result }}", bold_label="Result: ")

    t.heading("3. Go-to-Market Fit")
    t.para(
        "Go-to-market fit asks whether we can win and keep customers profitably through a "
        "channel that can grow. Each demand-generation channel is measured on its own, and one "
        "proven channel is enough. The goal that decides here: {{ gtm.gate }}."
    )
    t.heading("The three goals and their formulas", level=2)
    t.table(
        ["Goal", "Formula", "Target", "Decides"],
        "gtm.formulas",
        ["metric", "formula", "goal", "gates"],
        widths_mm=[34, 92, 22, 22],
        font_size_pt=DENSE_PT,
    )
    t.heading("Unit economics by channel", level=2)
    t.table(
        ["Channel (medium)", "Won", "ACV", "CAC", "Margin", "LTV"],
        "gtm.channels",
        ["name", "customers", "acv", "cac", "margin", "ltv"],
        totals=[
            [
                "All channels, weighted",
                "{{ gtm.channels_total.customers }}",
                "{{ gtm.channels_total.acv }}",
                "{{ gtm.channels_total.cac }}",
                "{{ gtm.channels_total.margin }}",
                "{{ gtm.channels_total.ltv }}",
            ]
        ],
        widths_mm=[54, 14, 26, 26, 20, 30],
        font_size_pt=DENSE_PT,
    )
    t.heading("Goals by channel", level=2)
    t.table(
        ["Channel", "LTV/CAC", "Payback (months)", "Magic Number", "Channel verdict"],
        "gtm.goals",
        ["name", "ltv_cac", "payback", "magic", "verdict"],
        totals=[
            [
                "All channels, blended",
                "{{ gtm.goals_total.ltv_cac }}",
                "{{ gtm.goals_total.payback }}",
                "{{ gtm.goals_total.magic }}",
                "{{ gtm.goals_total.verdict }}",
            ]
        ],
        widths_mm=[50, 28, 30, 30, 32],
        font_size_pt=DENSE_PT,
    )
    t.image("payback_chart")
    t.heading("Magic Number inputs", level=2)
    t.table(
        ["Channel", "New ARR in the quarter", "Spend, quarter before", "Magic Number"],
        "gtm.magic",
        ["name", "new_arr", "spend", "magic"],
        totals=[
            [
                "All channels",
                "{{ gtm.magic_total.new_arr }}",
                "{{ gtm.magic_total.spend }}",
                "{{ gtm.magic_total.magic }}",
            ]
        ],
        widths_mm=[62, 40, 40, 28],
        font_size_pt=DENSE_PT,
    )
    t.para("{{ gtm.result }}", bold_label="Result: ")

    t.heading("4. Sales Capacity against Demand")
    t.para("{{ capacity.rules }}")
    t.para(
        "Demand ahead means more opportunities arrive than the sellers can work; sales ahead "
        "means sellers wait for meetings while we pay for them."
    )
    t.image("capacity_chart")
    t.heading("Paced and front-loaded plans, month by month", level=2)
    t.table(
        [
            "Month",
            "Demand",
            "Paced hires",
            "Paced capacity",
            "Paced status",
            "Front-loaded hires",
            "Front-loaded capacity",
            "Front-loaded status",
        ],
        "capacity.months",
        [
            "month",
            "demand",
            "paced_hires",
            "paced_capacity",
            "paced_status",
            "lump_hires",
            "lump_capacity",
            "lump_status",
        ],
        totals=[
            [
                "Total",
                "{{ capacity.total.demand }}",
                "{{ capacity.total.paced_hires }}",
                "{{ capacity.total.paced_capacity }}",
                "{{ capacity.total.paced_status }}",
                "{{ capacity.total.lump_hires }}",
                "{{ capacity.total.lump_capacity }}",
                "{{ capacity.total.lump_status }}",
            ]
        ],
        widths_mm=[19, 20, 16, 20, 24, 21, 24, 26],
        font_size_pt=DENSE_PT,
    )
    t.bullets("capacity.flags")
    t.heading("The plans side by side", level=2)
    t.table(
        ["Measure", "Paced", "Front-loaded", "Recommended"],
        "capacity.comparison",
        ["measure", "paced", "lump", "recommended"],
        widths_mm=[68, 30, 36, 36],
    )
    t.para("{{ capacity.preferred }}")

    t.heading("5. How Fast to Add Sellers")
    t.para("{{ pace.advice }}")
    t.table(
        ["Month", "Hires", "Sellers", "Capacity", "Demand", "Status", "Bookings capacity"],
        "pace.months",
        ["month", "hires", "sellers", "capacity", "demand", "status", "bookings"],
        totals=[
            [
                "Total",
                "{{ pace.total.hires }}",
                "",
                "{{ pace.total.capacity }}",
                "{{ pace.total.demand }}",
                "{{ pace.total.status }}",
                "{{ pace.total.bookings }}",
            ]
        ],
        widths_mm=[20, 16, 18, 22, 22, 34, 38],
        font_size_pt=DENSE_PT,
    )

    t.heading("6. How the Kit Reads the Evidence")
    t.bullets("notes")
    return t
