"""First version of ``templates/optimise.docx``: the sprint plan of method 002."""

from __future__ import annotations

from tools.docxbuilder import TemplateBuilder


def build() -> TemplateBuilder:
    t = TemplateBuilder("Optimisation sprint plan")
    t.cover(
        "{{ doc.title }}",
        ["{{ doc.team }}", "{{ doc.company }}", "{{ doc.sprint }}", "{{ doc.date }}"],
    )
    t.header_footer("{{ doc.company }} · {{ doc.title }}")

    t.heading("1. Summary")
    t.para(
        "This plan picks the one change the team ships next, sets the number it must move and "
        "the figures to watch each week, and shows what steady gains across the funnel add up to."
    )
    t.bullets("summary")

    t.heading("2. Moments That Matter")
    t.para(
        "The moments below are the steps of the production line where the quality of execution "
        "changes the result most. Each one has a goal of converting at least 10% better than it "
        "does today, measured against its own rate: a gain in relative terms, not in points."
    )
    t.table(
        ["ID", "Moment", "Stage", "Problem", "Drives", "Today", "Goal"],
        "moments",
        ["id", "name", "stage", "problem", "component", "today", "goal"],
        widths_mm=[15, 34, 32, 25, 27, 18, 19],
    )
    t.image("goals_chart")

    t.heading("3. Ranked Backlog")
    t.para(
        "Every improvement idea names its moment, the gap seen today, the skill or process "
        "change that should close it, the metric it moves and the one person who ships it. "
        "Ideas are rated from 1 to 5 on impact, confidence and effort, and ranked by score."
    )
    t.para("{{ ranking_rule }}", bold_label="How the score works. ")
    t.table(
        ["#", "Item", "MTM", "Metric moved", "Impact", "Conf.", "Effort", "Score", "Status"],
        "ranking",
        ["rank", "id", "moment", "metric", "impact", "confidence", "effort", "score", "status"],
        widths_mm=[7, 15, 16, 38, 19, 15, 17, 17, 26],
    )
    t.para("Equal scores:", bold_label="")
    t.bullets("tie_breaks")
    t.heading("Backlog items in rank order", level=2)
    t.table(
        ["Item", "Moment", "Gap today", "Change required", "Owner"],
        "backlog",
        ["id", "moment", "gap", "change", "owner"],
        widths_mm=[15, 30, 46, 48, 31],
    )
    t.heading("Rating scales", level=2)
    t.table(
        ["Rating", "Impact", "Confidence", "Effort"],
        "scales",
        ["rating", "impact", "confidence", "effort"],
        widths_mm=[19, 57, 48, 46],
    )

    t.heading("4. Sprint Plan")
    t.para(
        "One sprint, one lever, one moment. Changing several things at once hides which of them "
        "worked, so everything else in the backlog waits for the next cycle."
    )
    t.table(
        ["", "Sprint on {{ sprint.lever }}"],
        "sprint.facts",
        ["item", "value"],
        widths_mm=[45, 125],
    )
    t.heading("What reaching the target is worth", level=2)
    t.table(
        ["", "Amount"],
        "sprint.revenue",
        ["item", "amount"],
        totals=[
            ["Revenue per {{ doc.period }} if the target is met", "{{ sprint.revenue_if_met }}"]
        ],
        widths_mm=[120, 50],
    )
    t.heading("Week by week", level=2)
    t.para(
        "Enablement runs inside the sprint: the skill is taught once at the start, then every "
        "week the team is coached on its own live deals, calls and numbers from that week."
    )
    t.table(
        ["Week", "Dates", "Focus"],
        "calendar",
        ["week", "dates", "focus"],
        widths_mm=[17, 34, 119],
    )
    t.heading("Sprint checklist", level=2)
    t.table(
        ["When", "Step", "Done"],
        "checklist",
        ["phase", "step", "done"],
        widths_mm=[35, 120, 15],
    )

    t.heading("5. Weekly Leading Indicators")
    t.para(
        "Conversion moves slowly; these figures move within days and show early whether the "
        "change is taking hold. Write the actual figure in each week's row at the coaching "
        "session and talk about any row that misses its target."
    )
    t.table(
        ["Indicator", "Unit", "Target in the last week"],
        "indicators",
        ["name", "unit", "end"],
        widths_mm=[100, 25, 45],
    )
    t.table(
        ["Week", "Dates", "Indicator", "Target", "Actual"],
        "weekly",
        ["week", "dates", "indicator", "target", "actual"],
        widths_mm=[17, 36, 69, 28, 20],
    )

    t.heading("6. Compounding Effect on Revenue")
    t.para(
        "The funnel's steps feed each other, so the share of records that make it all the way "
        "through is the product of the step rates. Lifting several steps by 10% each multiplies "
        "revenue by 1.1 once per step, which pulls away from simply adding 10% per step."
    )
    t.image("compounding_chart")
    t.table(
        ["Moments improved", "Multiplier", "Uplift", "Revenue per {{ doc.period }}", "Added"],
        "compounding.rows",
        ["improved", "multiplier", "uplift", "revenue", "added"],
        widths_mm=[32, 24, 22, 46, 46],
    )
    t.heading("One moment after another", level=2)
    t.table(
        ["Step", "Added", "Revenue after the step"],
        "compounding.bridge",
        ["step", "added", "running"],
        totals=[
            [
                "All {{ compounding.count }} moments improved",
                "{{ compounding.total_added }}",
                "{{ compounding.total }}",
            ],
        ],
        widths_mm=[80, 45, 45],
    )
    t.para("What this projection assumes:", bold_label="")
    t.bullets("caveats")

    t.heading("7. Before a Change Becomes the Standard")
    t.para(
        "A higher conversion rate can hide damage elsewhere in the line. At the sprint review, "
        "answer each question with evidence before the change is written into the process."
    )
    t.table(
        ["Lens", "Question", "Evidence at the review"],
        "lenses",
        ["name", "question", "evidence"],
        widths_mm=[33, 79, 58],
    )
    return t
