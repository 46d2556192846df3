"""First version of ``templates/design.docx``: the production-line design workbook."""

from __future__ import annotations

from tools.docxbuilder import TemplateBuilder


def build() -> TemplateBuilder:
    t = TemplateBuilder("Production-line design")
    t.cover(
        "{{ doc.title }}",
        [
            "{{ doc.company }}",
            "Growth plan over {{ doc.horizon }} · funnel period {{ doc.period }}",
            "{{ doc.date }}",
        ],
    )
    t.header_footer("{{ doc.company }} · {{ doc.title }}")

    t.heading("1. Growth Plan")
    t.para(
        "Where revenue has to be in {{ growth.horizon }}, and which of the three sources "
        "(new customers, customers who stay, customers who buy more) has to deliver it. "
        "The gap is the target minus today's figure."
    )
    t.table(
        ["Component", "Today", "Target", "Gap", "Share of growth"],
        "growth.components",
        ["name", "baseline", "target", "gap", "share"],
        totals=[
            [
                "All components",
                "{{ growth.baseline }}",
                "{{ growth.components_target }}",
                "{{ growth.components_gap }}",
                "100%",
            ],
        ],
        widths_mm=[38, 35, 35, 35, 27],
    )
    t.para("{{ growth.target }}. {{ growth.split }}", bold_label="Plan target: ")
    t.image("growth_chart")
    with t.repeat("growth.components", item="c"):
        t.heading("{{ c.name }}", level=2)
        t.para("{{ c.constraint }}", bold_label="Biggest constraint: ")
        t.para("What has to be true:", keep_with_next=True)
        t.bullets("c.conditions", item="condition")

    t.heading("2. Motion Structure")
    t.para(
        "The average contract value and the number of customers needed each year decide how "
        "much a customer may cost to win, how much people time a deal can carry, how standard "
        "the motion must be and what has to run on its own."
    )
    t.table(
        ["Input", "Value"],
        "motion.inputs",
        ["label", "value"],
        widths_mm=[90, 80],
    )
    t.heading("Motion profiles", level=2)
    t.table(
        ["Profile", "Average contract value", "Customers per year", "Applies"],
        "motion.bands",
        ["name", "acv", "customers", "applies"],
        widths_mm=[40, 60, 50, 20],
    )
    t.heading("What the profile implies", level=2)
    t.table(
        ["Lever", "{{ motion.band }}"],
        "motion.levers",
        ["lever", "answer"],
        widths_mm=[55, 115],
    )
    t.heading("The end-to-end flow", level=2)
    t.table(
        ["Flow", "How it works here"],
        "motion.flows",
        ["flow", "how"],
        widths_mm=[55, 115],
    )

    t.heading("3. Growth Formula")
    t.para(
        "Every stage is read three ways: volume (what enters the stage in the period), "
        "conversion (the share that moves on) and time (how long a record stays). New revenue "
        "follows from qualified opportunities \N{MULTIPLICATION SIGN} average deal size "
        "\N{MULTIPLICATION SIGN} conversion to a won deal."
    )
    t.table(
        ["Stage", "Volume {{ funnel.period }}", "Conversion to next", "Days in stage"],
        "funnel.stages",
        ["stage", "volume", "conversion", "days"],
        totals=[["End to end", "", "{{ funnel.overall }}", "{{ funnel.cycle_days }}"]],
        widths_mm=[45, 40, 50, 35],
    )
    t.image("funnel_chart")
    t.para("{{ funnel.caption }}")
    t.para("{{ funnel.slowest }}", bold_label="Slowest stage: ")

    t.heading("4. Target Stack")
    t.para(
        "The revenue target is turned into the qualified opportunities it needs, then into a "
        "target for every stage. Each stage target is the next stage's target divided by the "
        "conversion into that next stage, so the figures shrink towards the won deal."
    )
    t.table(
        ["Layer", "Value"],
        "stack.layers",
        ["label", "value"],
        widths_mm=[90, 80],
    )
    t.para("{{ stack.formula }}", bold_label="Required qualified opportunities: ")
    t.table(
        ["Stage", "Conversion into stage", "Exact", "Target", "Pipeline value"],
        "stack.stages",
        ["stage", "conversion", "exact", "required", "value"],
        widths_mm=[36, 36, 28, 28, 42],
    )
    t.para(
        "Targets are rounded up, because a stage holds whole records and rounding down would "
        "miss the revenue target. The stage conversions multiply to {{ stack.rate_product }} "
        "against an overall win rate of {{ stack.win_rate }}."
    )

    t.heading("5. Conversion Benchmarks")
    t.para(
        "Each step has a baseline (what history shows) and a target range (what the improved "
        "motion should reach). A range is easier to defend than a single figure."
    )
    t.table(
        ["Step", "Baseline", "Target range", "{{ doc.period }}", "Status", "Guardrail"],
        "benchmarks.rows",
        ["step", "baseline", "target", "current", "status", "guardrail"],
        widths_mm=[32, 22, 25, 22, 18, 51],
    )
    t.heading("What changes where a step runs below its range", level=2)
    t.bullets("benchmarks.actions", item="action")

    t.heading("6. Inputs and Throughput")
    t.para(
        "Inputs are the records a stage receives; throughput is what it passes on. When inputs "
        "rise and throughput does not, the stage limits the whole motion."
    )
    t.table(
        [
            "Stage",
            "Inputs {{ throughput.previous_period }}",
            "Inputs {{ throughput.period }}",
            "Passed on {{ throughput.previous_period }}",
            "Passed on {{ throughput.period }}",
            "Reading",
        ],
        "throughput.rows",
        ["stage", "inputs_before", "inputs", "out_before", "out", "verdict"],
        widths_mm=[30, 26, 26, 30, 30, 28],
    )
    t.para("{{ throughput.motion }}", bold_label="End to end: ")
    t.para("{{ throughput.constraint.stage }}", bold_label="Constrained stage: ")
    t.para("{{ throughput.constraint.why }}")
    t.para("{{ throughput.constraint.uplift }}", bold_label="Biggest single improvement: ")
    t.para("{{ throughput.slowest }}", bold_label="Time: ")

    t.heading("7. Weighted Pipeline Forecast")
    t.para(
        "Each open deal counts at its amount times the probability of its stage, and lands in "
        "the month the buyer expects to sign."
    )
    t.table(
        ["Deal", "Stage", "Amount", "Stage prob.", "Weighted", "Close month"],
        "forecast.deals",
        ["name", "stage", "amount", "probability", "weighted", "month"],
        totals=[
            [
                "{{ forecast.deal_count }} deals",
                "",
                "{{ forecast.amount_total }}",
                "",
                "{{ forecast.total }}",
                "",
            ]
        ],
        widths_mm=[31, 30, 30, 21, 32, 26],
    )
    t.heading("Forecast by month", level=2)
    t.table(
        ["Close month", "Deals", "Weighted forecast"],
        "forecast.months",
        ["month", "deals", "weighted"],
        totals=[["Total", "{{ forecast.deal_count }}", "{{ forecast.total }}"]],
        widths_mm=[60, 40, 70],
    )
    t.image("forecast_chart")

    t.heading("8. Stage Aging")
    t.para(
        "Deals that have sat in their stage longer than three quarters of their peers are "
        "flagged for review: ask for fresh evidence of progress or lower their probability."
    )
    t.table(
        ["Stage", "Open deals", "Median days", "75th percentile", "Flagged deals"],
        "aging",
        ["stage", "deals", "median", "p75", "flagged"],
        widths_mm=[30, 22, 25, 28, 65],
    )

    t.heading("9. Moments That Matter")
    t.para(
        "The few points where how well we execute changes the outcome most. Each is tied to a "
        "funnel stage and to the one measure it moves: volume, conversion or time."
    )
    t.table(
        ["Moment", "Stage", "Type", "Shows up as", "Metric", "Now", "Status"],
        "moments",
        ["name", "stage", "type", "where", "metric", "reading", "status"],
        widths_mm=[30, 22, 26, 24, 34, 16, 18],
    )

    t.heading("10. Checks Before Publishing")
    t.bullets("checks", item="check")
    return t
