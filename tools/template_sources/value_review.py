"""First version of ``templates/value_review.docx``: metrics pack and early warnings, 11.1-11.2."""

from __future__ import annotations

from tools.docxbuilder import TemplateBuilder


def build() -> TemplateBuilder:
    t = TemplateBuilder("Value review")
    t.cover(
        "{{ doc.title }}",
        [
            "{{ doc.customer }}",
            "{{ doc.customer_industry }}",
            "Prepared by {{ doc.seller }}",
            "Review of {{ doc.date }}",
        ],
    )
    t.header_footer("{{ doc.customer }} · {{ doc.title }}")

    t.heading("1. Summary")
    t.para("{{ summary.paragraph }}")
    t.para("{{ summary.risk }}", bold_label="Early warning. ")
    t.para("{{ doc.contract }}.", bold_label="Contract. ")
    t.para("{{ doc.next_review }}.", bold_label="Next review: ")
    t.heading("Where the metrics stand", level=2)
    t.table(
        ["Status", "Metrics", "Which"],
        "status.counts",
        ["status", "count", "metrics"],
        totals=[["Total", "{{ status.total }}", ""]],
        widths_mm=[60, 30, 80],
    )
    t.para("How a status is decided:", bold_label="")
    t.bullets("status.rules", item="rule")

    t.heading("2. Metrics Pack")
    t.para(
        "Each metric stands for an outcome the customer cares about. The table compares the "
        "latest measurement with the value before go-live and with the agreed target; the "
        "variance is the latest value minus the target, also shown as a share of the target."
    )
    t.table(
        ["ID", "Metric", "Baseline", "Current", "Target", "Variance", "Trend", "Status"],
        "metrics",
        ["id", "name", "baseline", "current", "target", "variance", "trend", "status"],
        widths_mm=[9, 31, 23, 21, 19, 25, 20, 22],
        item="m",
    )
    t.heading("Trend per metric", level=2)
    t.para(
        "One panel per metric. The dashed line is the target and the shaded strip the "
        "tolerance band; the line takes the colour of the metric's status, and a cross marks "
        "a period outside the band."
    )
    t.image("trend_chart")

    t.heading("3. Metric by Metric")
    with t.repeat("metrics", item="m"):
        t.heading("{{ m.heading }}", level=2)
        t.table(["Item", "Detail"], "m.facts", ["label", "value"], widths_mm=[50, 120])
        t.table(
            ["Period", "Value", "Against target", "Band"],
            "m.periods",
            ["label", "value", "gap", "band"],
            widths_mm=[45, 40, 45, 40],
            item="p",
        )
        t.para("What we can fairly claim, and what stays open:", bold_label="")
        t.bullets("m.attribution", item="note")
        t.para("Other influences on the number:", bold_label="")
        t.bullets("m.confounders", item="note")

    t.heading("4. Where Performance Falls Short")
    t.para(
        "Every metric that is not on track is tied to the kind of constraint holding it back "
        "(process, capability, data or scope) and to the agreed step that should move it."
    )
    t.table(
        ["Metric", "Status", "Why", "Constraint", "Agreed response"],
        "shortfalls",
        ["metric", "status", "why", "constraint", "response"],
        widths_mm=[33, 18, 45, 26, 48],
    )

    t.heading("5. Retention Risk")
    t.para("{{ risk.headline }}")
    t.para("{{ risk.baseline }}.", bold_label="Usage baseline ({{ risk.usage_metric }}): ")
    t.table(
        ["Early-warning rule", "Raises", "This review", "Met"],
        "risk.rules",
        ["rule", "level", "observed", "met"],
        widths_mm=[70, 22, 63, 15],
    )
    t.heading("Weekly usage", level=2)
    t.image("usage_chart")
    t.table(
        ["Week", "{{ risk.usage_metric }}", "Against baseline", "Rule window"],
        "risk.weeks",
        ["label", "value", "change", "window"],
        widths_mm=[40, 50, 45, 35],
    )
    t.heading("What each level sets in motion", level=2)
    t.table(
        ["Level", "Action", "Owner", "Window", "Applies now"],
        "risk.ladder",
        ["level", "action", "owner", "window", "now"],
        widths_mm=[22, 58, 35, 28, 27],
    )
    t.para("{{ risk.action }}", bold_label="This review: ")

    t.heading("6. Next Steps")
    t.para(
        "Each step names who owns it, what will be produced or changed, the evidence that "
        "will show it worked and the date it will be measured."
    )
    t.table(
        ["Owner", "Deliverable", "Evidence of success", "Measured by", "Metric"],
        "next_steps",
        ["owner", "deliverable", "evidence", "measure_by", "metric"],
        widths_mm=[32, 40, 43, 25, 30],
    )
    t.heading("Claims still to be tested", level=2)
    t.para(
        "A statement with no metric or recorded event behind it stays a hypothesis until "
        "someone tests it."
    )
    t.table(
        ["Hypothesis", "Tested by"],
        "hypotheses",
        ["statement", "owner"],
        widths_mm=[130, 40],
    )
    return t
