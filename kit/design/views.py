"""Text views of the production-line design: plan, motion, funnel, stack, forecast, moments."""

from __future__ import annotations

from decimal import Decimal

from kit import formatting
from kit.design import calculations as design
from kit.formatting import table
from kit.design.model import ProductionLine, TargetStack
from kit.types import Money

HUNDREDTH = Decimal("0.01")


def _m(value: Money, locale: str) -> str:
    return formatting.money(value, locale)


def _p(value: Decimal | None, locale: str) -> str:
    return "-" if value is None else formatting.percent(value, locale)


def _n(value: Decimal | int | None, locale: str) -> str:
    """A count to two decimals at most; counts divided by rates are rarely whole."""
    return "-" if value is None else formatting.number(Decimal(value).quantize(HUNDREDTH), locale)


def _warnings(lines: list[str]) -> list[str]:
    return [f"WARNING: {line}" for line in lines]


def growth_plan(gaps: design.GrowthGaps, locale: str) -> str:
    rows = [
        [
            part.name,
            _m(part.baseline, locale),
            _m(part.target, locale),
            _m(part.gap, locale),
            _p(part.share_of_growth, locale),
        ]
        for part in gaps.components
    ]
    rows.append(
        [
            "all components",
            _m(gaps.baseline, locale),
            _m(gaps.components_target, locale),
            _m(gaps.components_target - gaps.baseline, locale),
            "",
        ]
    )
    lines = [
        f"Horizon: {gaps.horizon_months} months; plan target {_m(gaps.target, locale)}",
        table(["component", "today", "target", "gap", "share of growth"], rows),
        "",
    ]
    for part in gaps.components:
        lines.append(f"{part.name}: biggest constraint: {part.biggest_constraint}")
        lines += [f"  must be true: {condition}" for condition in part.what_must_be_true]
    return "\n".join(lines + _warnings(gaps.warnings))


def motion(profile: design.MotionProfile, locale: str) -> str:
    band = profile.band
    lines = [
        f"ACV {_m(profile.acv, locale)} x {profile.customers_per_year} customers per year "
        f"= {_m(profile.annual_new_revenue, locale)} new revenue per year",
        f"Motion profile: {band.name if band else 'none defined in the file'}",
    ]
    if band:
        lines += [
            f"  acquisition spend: {band.acquisition_spend}",
            f"  human effort:      {band.human_effort}",
            f"  standardisation:   {band.standardisation}",
            f"  automation:        {band.automation}",
        ]
    return "\n".join(lines)


def funnel(review: design.FunnelReview, locale: str) -> str:
    rows = [
        [flow.stage, _n(flow.inputs, locale), _p(flow.conversion, locale), _n(flow.days, locale)]
        for flow in review.stages
    ]
    first, last = review.stages[0].stage, review.stages[-1].stage
    return "\n".join(
        [
            table(["stage", f"volume {review.period}", "conversion to next", "days"], rows),
            "",
            f"{first} -> {last}: {_p(review.overall_conversion, locale)} "
            f"(product of the step conversions)",
            f"Days through the funnel: {_n(review.cycle_days, locale)}; slowest stage: "
            f"{review.slowest_stage}",
        ]
    )


def target_stack(plan: design.StackPlan, entry_stage: str, locale: str) -> str:
    rows = [
        [
            target.stage,
            _n(target.expected, locale),
            str(target.required),
            _m(plan.average_deal_size * target.required, locale),
        ]
        for target in plan.stages
    ]
    lines = [
        f"Won deals needed: {_m(plan.revenue_target, locale)} / "
        f"{_m(plan.average_deal_size, locale)} = {_n(plan.required_wins, locale)}",
        f"{entry_stage} needed: {_m(plan.revenue_target, locale)} / "
        f"({_m(plan.average_deal_size, locale)} x {_p(plan.win_rate, locale)}) = "
        f"{_n(plan.required_qualified, locale)}",
        f"Pipeline value {_m(plan.pipeline_value, locale)}, coverage "
        f"{_n(plan.coverage, locale)}x the revenue target",
        "",
        table(["stage", "exact", "target (rounded up)", "pipeline value"], rows),
    ]
    return "\n".join(lines + _warnings(plan.warnings))


def book_stack(stack: TargetStack, entering: int, locale: str) -> str:
    """1.2's printed stage targets beside the forward and backward figures that are consistent.

    The method's column stops before the won stage, as the method does.
    """
    plan = design.target_stack(stack)
    forward = design.stack_forward(stack, entering)
    printed = {row.stage: str(row.printed) for row in design.book_stage_targets(stack, entering)}
    printed[stack.entry_stage] = str(entering)
    rates = [None, *(stage.conversion for stage in stack.stages)]
    rows = [
        [
            target.stage,
            _p(rate, locale),
            printed.get(target.stage, "-"),
            _n(flow.count, locale),
            f"{_n(target.expected, locale)} ({target.required})",
        ]
        for target, flow, rate in zip(plan.stages, forward.stages, rates, strict=True)
    ]
    headers = [
        "stage",
        "conversion",
        "method prints",
        f"forward from {entering}",
        f"backward from {_n(plan.required_wins, locale)} wins",
    ]
    lines = [
        f"Required qualified opportunities = {_m(stack.revenue_target, locale)} / "
        f"({_m(stack.average_deal_size, locale)} x {_p(stack.win_rate, locale)}) = "
        f"{_n(plan.required_qualified, locale)}",
        "",
        table(headers, rows),
        "",
        f"Forward: {entering} {stack.entry_stage} -> {_n(forward.wins, locale)} wins = "
        f"{_m(forward.revenue, locale)}, short by {_m(forward.shortfall, locale)}",
        f"Stage conversions multiply to {_p(plan.stage_rate_product, locale)}; the overall "
        f"rate used is {_p(stack.win_rate, locale)}",
    ]
    return "\n".join(lines)


def benchmarks(rows: list[design.BenchmarkRow], period: str, locale: str) -> str:
    body = [
        [
            row.step,
            _p(row.baseline, locale),
            row.baseline_status,
            f"{_p(row.target_low, locale)}-{_p(row.target_high, locale)}",
            _p(row.current, locale),
            row.current_status.upper() if row.current_status == "below" else row.current_status,
        ]
        for row in rows
    ]
    lines = [
        table(["step", "baseline", "baseline is", "target range", period, "status"], body),
        "",
    ]
    lines += [f"{row.step}: {row.action}" for row in rows if row.action]
    return "\n".join(lines).rstrip()


def throughput(review: design.FunnelReview, locale: str) -> str:
    def verdict(flow: design.StageFlow) -> str:
        if flow.constrained is None:
            return "-"
        return "CONSTRAINED" if flow.constrained else "flowing"

    before = review.previous_period or "before"
    rows = [
        [
            flow.stage,
            _n(flow.previous_inputs, locale),
            _n(flow.inputs, locale),
            _n(flow.previous_throughput, locale),
            _n(flow.throughput, locale),
            verdict(flow),
        ]
        for flow in review.stages[:-1]
    ]
    headers = [
        "stage",
        f"inputs {before}",
        f"inputs {review.period}",
        f"passed on {before}",
        f"passed on {review.period}",
        "reading",
    ]
    motion_line = {
        None: "no previous period given",
        True: "constrained (inputs rose, output did not)",
        False: "not constrained",
    }[review.motion_constrained]
    lines = [table(headers, rows), "", f"End to end: {motion_line}"]
    constraint = review.constraint
    if constraint is None:
        lines.append("Constrained stage: none")
    else:
        lines.append(f"Constrained stage: {constraint.stage} ({constraint.rule})")
        lines.append(
            f"  converts {_p(constraint.conversion, locale)}, target floor "
            f"{_p(constraint.target_low, locale)}"
        )
        if constraint.wins_uplift is not None:
            lines.append(
                f"  reaching the floor alone adds "
                f"{_p(constraint.wins_uplift.quantize(Decimal('0.001')), locale)} won deals"
            )
    return "\n".join(lines)


def forecast(result: design.Forecast, locale: str) -> str:
    rows = [
        [
            deal.name,
            deal.stage,
            _m(deal.amount, locale),
            _p(deal.probability, locale),
            _m(deal.weighted, locale),
            deal.expected_close,
        ]
        for deal in result.deals
    ]
    months = [[month, _m(value, locale)] for month, value in result.by_month.items()]
    months.append(["total", _m(result.total, locale)])
    lines = [
        table(["deal", "stage", "amount", "probability", "weighted", "close"], rows),
        "",
        table(["month", "weighted forecast"], months),
    ]
    return "\n".join(lines + _warnings(result.warnings))


def aging(rows: list[design.StageAging], locale: str) -> str:
    body = [
        [
            row.stage,
            str(row.deals),
            _n(row.median_days, locale),
            _n(row.p75_days, locale),
            ", ".join(row.flagged) or "-",
        ]
        for row in rows
    ]
    return table(["stage", "deals", "median days", "75th percentile", "flagged"], body)


def moments(review: design.MomentsReview, locale: str) -> str:
    def reading(row: design.MomentRow) -> str:
        if row.problem_type == "conversion":
            return _p(row.reading, locale)
        return _n(row.reading, locale)

    body = [
        [
            row.name,
            row.stage,
            row.problem_type,
            row.shows_up_at or "-",
            reading(row),
            row.status or "-",
        ]
        for row in review.moments
    ]
    lines = [table(["moment", "stage", "type", "shows up at", "now", "status"], body)]
    return "\n".join(lines + _warnings(review.warnings))


def live(line: ProductionLine) -> str:
    """The short result the workshop form refreshes on every change."""
    locale = line.locale
    review = design.inputs_vs_throughput(line)
    plan = design.target_stack(line.target_stack)
    constraint = review.constraint
    stages = ", ".join(f"{t.stage} {t.required}" for t in plan.stages)
    overall = review.overall_conversion.quantize(Decimal("0.0001"))
    lines = [
        f"Funnel {review.period}: {_p(overall, locale)} end to end, "
        f"{_n(review.cycle_days, locale)} days",
        "Constrained stage: "
        + (f"{constraint.stage} ({constraint.rule})" if constraint else "none"),
        f"Target stack: {stages}",
    ]
    return "\n".join(lines + _warnings(plan.warnings))
