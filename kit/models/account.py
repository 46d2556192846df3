"""The account parameters file: one live customer, from value reviews to the renewal meeting.

The value review (11.1-11.2) and the renewal playbook (11.3-11.5, 6.5) read the same file, so a
metric measured in a monthly review is the very number the renewal's performance file quotes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Tag, model_validator

from kit.models.base import Locale, Ref, Strict, Text, field
from kit.models.checks import currency_problems, duplicate_problems, repeats, unknown
from kit.models.deal import Party, Slug
from kit.types import Amount, Money, Percent

Direction = Literal["higher", "lower"]
Constraint = Literal["process", "capability", "data", "scope"]


class ScopeItem(Strict):
    id: Ref = field("Identifier such as S1.")
    text: Text = field("What the customer bought, in one line.", used_for="11.5 original scope")


class Contract(Strict):
    start: dt.date = field("First day of the current term.")
    renewal_date: dt.date = field("Day the current term renews or ends.")
    annual_value: Amount = field(
        "What the customer pays per year today; renewal options are compared with it.",
        unit="money, e.g. '48000 EUR'",
        used_for="11.5 renewal options",
    )
    term_months: int = field("Length of the current term.", unit="months", ge=1, le=120)
    support_level: str = field("Support included today.", default="")
    scope: list[ScopeItem] = field(
        "The original scope, item by item.", min_length=1, used_for="11.5 performance file"
    )

    @model_validator(mode="after")
    def _renews_after_start(self) -> Contract:
        if self.renewal_date <= self.start:
            raise ValueError("renewal_date must come after start")
        return self


class PeriodValue(Strict):
    label: Text = field("Period name, e.g. 2026-01 or week 6.")
    value: Decimal = field("Measured value for the period, in the metric's unit.")
    definition_version: int = field(
        "Version of the metric definition used; a change between periods is flagged.",
        default=1,
        ge=1,
        used_for="11.1 stable indicator definitions",
    )


class Metric(Strict):
    id: Ref = field("Identifier such as K1.")
    outcome: Text = field("The business result it stands for.", used_for="11.2 outcome")
    name: Text = field("The measurable indicator.", used_for="11.2 metric")
    evidence_source: Text = field(
        "Where the number comes from: CRM, billing, tickets, usage logs.", used_for="11.2"
    )
    definition: str = field("How the metric is computed, written once.", default="")
    measurement: Text = field("How and by whom it is measured.", used_for="11.2, 11.5")
    unit: str = field("Unit shown after values, e.g. % or days.", default="")
    layer: Literal["leading", "outcome"] = field(
        "Leading (adoption) indicator or outcome metric.",
        default="outcome",
        used_for="11.2 scope by contract stage",
    )
    direction: Direction = field("Which way is better.", used_for="11.2 status thresholds")
    baseline: Decimal = field("Value before implementation.", used_for="11.2 metrics pack")
    target: Decimal = field("Value agreed as success.", used_for="11.2 status thresholds")
    time_window: Text = field("When the target should be reached.", used_for="11.2, 11.3")
    periods: list[PeriodValue] = field(
        "Measured values, oldest first.", default=[], used_for="11.2 trend and status"
    )
    variance_note: str = field(
        "What moved and why, from evidence.", default="", used_for="11.2 variance"
    )
    attribution_notes: list[Text] = field(
        "What can fairly be claimed and what stays uncertain.", default=[], used_for="11.2"
    )
    confounders: list[Text] = field(
        "Outside events that also moved the metric, e.g. a marketing spend change.",
        default=[],
        used_for="11.2 attribution",
    )
    effect_window: str = field(
        "When our work could start to show, e.g. after a delayed go-live.", default=""
    )
    adoption_stalled: bool = field(
        "Adoption has stalled; makes the metric off track. Needs adoption_stalled_evidence.",
        default=False,
        used_for="11.2 off track",
    )
    adoption_stalled_evidence: str = field(
        "What shows the stall; a stall without it is refused.",
        default="",
        used_for="11.2 'evidence shows adoption stalled'",
    )
    constraint: Constraint | None = field(
        "Constraint behind an at-risk or off-track metric.",
        default=None,
        used_for="11.2 underperformance",
    )
    promised: bool = field(
        "Promised to the customer, so the renewal performance file must cover it.",
        default=True,
        used_for="11.5 final-week checklist",
    )


class StatusRules(Strict):
    tolerance: Percent = field(
        "Band around the target that still counts as on target.",
        unit="percent",
        default=Decimal("0.10"),
        used_for="11.2 'within 10% of target'",
    )
    off_track_mode: Literal["consecutive", "cumulative"] = field(
        "'consecutive': the last two periods both miss; 'cumulative': any two misses.",
        default="consecutive",
        used_for="11.2 'misses target twice'",
    )


class OnboardingStep(Strict):
    name: Text = field("Onboarding step, in plan order.")
    due: dt.date = field("Planned completion date.")
    completed_on: dt.date | None = field("Date it was completed.", default=None)
    time_to_value: bool = field(
        "This step is the time-to-value milestone.", default=False, used_for="11.1 high risk"
    )


class TicketPeriod(Strict):
    label: Text = field("Period name; compare like with like, e.g. two-week blocks.")
    count: int = field("Tickets opened in the period.", ge=0, used_for="11.1 medium risk")
    average_resolution_hours: Decimal = field(
        "Average time to resolve.", unit="hours", ge=0, used_for="11.1 medium risk"
    )


class RiskAction(Strict):
    action: Text = field("What to do when this level fires.")
    owner: Text = field("Who does it.")
    business_days: int | None = field(
        "Deadline in business days from the review; empty means the next scheduled review.",
        default=None,
        ge=1,
        le=260,  # a year of business days; the deadline is counted out day by day
    )


class RiskActions(Strict):
    high: RiskAction | None = field("Overrides the kit's high-risk action.", default=None)
    medium: RiskAction | None = field("Overrides the kit's medium-risk action.", default=None)
    monitor: RiskAction | None = field("Overrides the kit's low-risk watch.", default=None)


class EarlyWarning(Strict):
    usage_metric: Text = field(
        "The usage measure, defined once (e.g. weekly active users).", used_for="11.1"
    )
    weekly_usage: list[PeriodValue] = field(
        "Usage per week, oldest first.", default=[], used_for="11.1 usage drop"
    )
    usage_baseline: Decimal | None = field(
        "Normal weekly usage; empty means the mean of the four weeks before the last two.",
        default=None,
        gt=0,
        used_for="11.1 usage drop",
    )
    onboarding: list[OnboardingStep] = field(
        "Onboarding steps in plan order.", default=[], used_for="11.1 rules"
    )
    tickets: list[TicketPeriod] = field(
        "Support tickets per period, oldest first.", default=[], used_for="11.1 medium risk"
    )
    actions: RiskActions = field("Action overrides per level.", default=RiskActions())


class NextStep(Strict):
    owner_side: Literal["customer", "seller"] = field("Which side owns it.", used_for="11.2")
    owner: Text = field("Named owner.", used_for="11.2 next steps")
    deliverable: Text = field("What will be produced or changed.", used_for="11.2")
    evidence: Text = field("What will prove it worked.", used_for="11.2 next steps")
    measure_by: dt.date = field("When it will be measured.", used_for="11.2")
    metric: Ref | None = field("Metric id it should move.", default=None)


class Hypothesis(Strict):
    statement: Text = field("A claim with no metric or documented event behind it yet.")
    test_owner: Text = field("Who will test it.", used_for="11.2 hypothesis rule")


class PerformanceEntry(Strict):
    id: Ref = field("Identifier such as P1.")
    promised_order: int = field(
        "Position in the order the metrics were promised.", ge=1, used_for="11.5 flow step 1"
    )
    metric: Ref | None = field("Metric id this entry reports.", default=None)
    scope_item: Ref = field("Contract scope item id it belongs to.", used_for="11.5")
    claim: Text = field("The outcome that improved.", used_for="11.5 evidence pattern")
    measure: Text = field("How it was measured.", used_for="11.5 evidence pattern")
    baseline: Text = field("What it was before.", used_for="11.5 evidence pattern")
    result: Text = field("What it is now.", used_for="11.5 evidence pattern")
    attribution: Text = field("What our work influenced.", used_for="11.5 evidence pattern")
    limitation: Text = field("What the metric cannot prove.", used_for="11.5 evidence pattern")


class TimelineItem(Strict):
    name: Text = field("Implementation milestone.")
    date: dt.date = field("Date reached or planned.")


class PerformanceFile(Strict):
    success_criteria: list[Text] = field("Agreed success criteria.", min_length=1)
    timeline: list[TimelineItem] = field("Implementation timeline.", min_length=1)
    entries: list[PerformanceEntry] = field(
        "One entry per promised metric.", default=[], used_for="11.5 performance file"
    )


class StakeholderPriority(Strict):
    stakeholder: Text = field("Person or group, e.g. Finance (CFO).")
    priority: Text = field("What they need to see, e.g. cost predictability.")
    evidence: list[Ref] = field(
        "Performance entry ids that answer it.", default=[], used_for="11.5 checklist item 2"
    )


class Sponsor(Strict):
    name: Text = field("The person's name in their own script.")
    role: Text = field("Their role, e.g. COO.", default="")


class RenewalTeam(Strict):
    account_executive: Text = field("Owns commercial terms.", used_for="11.5 roles")
    customer_success: Text = field("Owns outcomes and adoption.", used_for="11.5 roles")
    sales_operations: Text = field("Owns forecasting and approvals.", used_for="11.5 roles")


class _Confirmed(Strict):
    customer_confirmed_real: bool = field(
        "The customer agrees the gap is real.", default=False, used_for="11.3 step 5"
    )
    customer_confirmed_priority: bool = field(
        "The customer agrees it is worth solving now.", default=False, used_for="11.3 step 5"
    )


class UsageLine(_Confirmed):
    capability: Text = field("Product, module, workflow or integration.", used_for="11.3")
    kind: Literal["team", "module", "workflow", "integration"] = field(
        "team: adoption by one team; module: active workflows of a purchased module; "
        "workflow: a core workflow; integration: connected systems.",
        used_for="11.3 expansion rules",
    )
    team: str = field("Team the line measures; required for kind 'team'.", default="")
    current: Decimal = field("Current usage level.", ge=0, used_for="11.3 inventory")
    expected: Decimal = field(
        "Expected usage level from the onboarding plan or similar customers.",
        gt=0,
        used_for="11.3 inventory",
    )
    unit: Text = field("Usage unit, e.g. active users or workflows.")
    outcome: Ref | None = field(
        "Metric id of the outcome this usage should drive.", default=None, used_for="11.3"
    )
    fix_first: str = field(
        "A configuration or data-quality fix that explains the gap; while set, the line is a "
        "fix, not an opportunity.",
        default="",
        used_for="11.3 step 3",
    )


class ProcessStage(_Confirmed):
    name: Text = field("Process stage, in process order.")
    metric: Ref | None = field("Metric id measuring the stage's outcome.", default=None)
    manual: bool = field("The stage is still done by hand.", default=False)


class TicketTheme(Strict):
    theme: Text = field("Repeated ticket theme.")
    category: Literal["setup", "adoption", "other"] = field("What kind of issue it is.")
    count: int = field("Tickets with this theme in the review period.", ge=0)


class Expansion(Strict):
    usage: list[UsageLine] = field("Usage inventory.", default=[], used_for="11.3 step 1")
    stages: list[ProcessStage] = field(
        "Process stages in order.", default=[], used_for="11.3 process expansion"
    )
    ticket_themes: list[TicketTheme] = field(
        "Ticket themes this period.", default=[], used_for="11.3 services expansion"
    )
    review_window_days: int = field(
        "Days until an expansion's progress is reviewed.",
        default=30,
        ge=1,
        le=3660,  # ten years; the review date is computed from it
        used_for="11.3 step 6 time window",
    )


class TimeSaved(Strict):
    type: Literal["time_saved"] = field("Benefit from hours saved.")
    hours_per_person_per_week: Decimal = field("Hours saved per person.", unit="hours", gt=0)
    people: int = field("People who save that time.", ge=1)
    value_per_hour: Amount = field("Value of one hour.", unit="money per hour")
    weeks_per_month: Decimal = field(
        "Weeks per month; the method uses 4.33.", default=Decimal("4.33"), gt=0
    )


class RetentionGain(Strict):
    type: Literal["retention"] = field("Benefit from fewer lost accounts.")
    accounts: int = field("Accounts affected.", ge=1)
    churn_before: Percent = field("Annual churn today.", unit="percent")
    churn_after: Percent = field("Annual churn expected.", unit="percent")
    average_annual_revenue: Amount = field("Average revenue per account per year.")

    @model_validator(mode="after")
    def _churn_falls(self) -> RetentionGain:
        if self.churn_after > self.churn_before:
            raise ValueError("churn_after must not exceed churn_before")
        return self


def _benefit_type(value: Any) -> str | None:
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return {"time_saved": "TimeSaved", "retention": "RetentionGain"}.get(kind)


# Capitalised tags keep the branch name out of error paths: "addons[0].benefit.people".
Benefit = Annotated[
    Annotated[TimeSaved, Tag("TimeSaved")] | Annotated[RetentionGain, Tag("RetentionGain")],
    Discriminator(
        _benefit_type,
        custom_error_type="benefit_type",
        custom_error_message="type must be 'time_saved' or 'retention'",
    ),
]


class Pilot(Strict):
    scope: Text = field("What the pilot covers, e.g. one department.")
    metric: Text = field("The metric that decides conversion.")
    measured_by: Text = field("Who measures.")
    days: int = field("Pilot length.", unit="days", ge=1, used_for="11.4 pilot")


class AddOn(Strict):
    id: Ref = field("Identifier such as X1.")
    name: Text = field("Add-on name.")
    problem: Text = field("The friction it fixes.", used_for="11.4 offer questions")
    included: list[Text] = field("What is included.", min_length=1, used_for="11.4")
    users: Text = field("Role and workflow that use it.", used_for="11.4")
    time_to_results: Text = field("How long until results show.", used_for="11.4")
    success_metrics: list[Text] = field(
        "How success is measured.", min_length=1, max_length=3, used_for="11.4 'use 1-3'"
    )
    unit: Literal["role", "workflow", "risk"] | None = field("Packaging unit.", default=None)
    tier: Literal["starter", "standard", "premium"] | None = field("Tier.", default=None)
    price_per_month: Amount | None = field("Recurring price.", default=None, used_for="11.4")
    setup_cost: Amount | None = field(
        "One-off cost (setup or implementation).", default=None, used_for="11.4, 6.5 payback"
    )
    setup_hours: Decimal | None = field(
        "Setup effort in hours, valued at the benefit's value per hour.",
        default=None,
        gt=0,
        used_for="11.4 payback",
    )
    benefit: Benefit = field(
        "What the add-on earns: type time_saved (hours, 11.4) or retention (churn, 6.5).",
        used_for="11.4, 6.5 ROI",
    )
    assumptions: list[Text] = field("Inputs that decide the result.", default=[])
    adoption_failure: Percent = field(
        "Chance adoption fails; discounts the benefit.",
        unit="percent",
        default=Decimal(0),
        used_for="6.5 risk-adjusted value",
    )
    ramp_months: int = field(
        "Months before benefits start.", unit="months", default=0, ge=0, used_for="6.5"
    )
    pilot: Pilot | None = field("Time-boxed pilot before full purchase.", default=None)


class RenewalOption(Strict):
    id: Ref = field("Identifier such as A.")
    name: Text = field("Package name.")
    annual_price: Amount = field("Price per year.", used_for="11.5 options")
    scope: Text = field("What the package covers.")
    scope_change: Literal["same", "added", "reduced"] = field(
        "Scope compared with the current contract.", used_for="11.5 options"
    )
    service_level: Text = field("Support or service level.")
    performance_clause: bool = field(
        "Price adjusts to measured performance next cycle.", default=False
    )
    tradeoffs: list[Text] = field("What the customer gives and gets.", min_length=1)


class GapPlan(Strict):
    gap: Text = field("What falls short.", used_for="11.5 gaps")
    metric: str = field("What is measured.", default="")
    current: Decimal | None = field("Value today.", default=None)
    target: Decimal | None = field("Value to reach.", default=None, used_for="11.5 gaps")
    unit: str = field("Unit; '%' makes changes percentage points.", default="")
    owner: str = field("Who owns the plan.", default="", used_for="11.5 checklist item 4")
    due: dt.date | None = field("Deadline.", default=None, used_for="11.5 checklist item 4")
    our_actions: list[Text] = field("What we will do.", default=[])
    customer_provides: list[Text] = field("What the customer must provide.", default=[])


class FinalWeek(Strict):
    written_summary_confirmed: bool = field(
        "Both sides confirmed the written summary matches what was agreed.",
        default=False,
        used_for="11.5 checklist item 5",
    )


class Account(Strict):
    """One customer account: value reviews, early warnings, expansion and renewal."""

    kind: Literal["account"] = field("File kind; selects this model.")
    id: Slug = field("Account slug: lowercase letters, digits, hyphens; names the output folder.")
    customer: Party = field("The customer.")
    seller: Party = field("Our company.")
    sponsor: Sponsor | None = field(
        "The customer's sponsor, to whom the value review and the renewal pack are addressed.",
        default=None,
        used_for="document covers",
    )
    locale: Locale = field("Locale for money and dates, e.g. en_GB.", default="en_GB")
    review_date: dt.date = field("Date of this review.")
    next_review: dt.date | None = field("Next scheduled review.", default=None)
    contract: Contract = field("The current contract.", used_for="11.5")
    status_rules: StatusRules = field("Status thresholds.", default=StatusRules())
    metrics: list[Metric] = field(
        "Agreed metrics, each tied to an outcome.", min_length=1, used_for="11.2 metrics pack"
    )
    early_warning: EarlyWarning = field("Signals for the risk rules.", used_for="11.1")
    next_steps: list[NextStep] = field(
        "Agreed actions with owner, deliverable, evidence and timing.", default=[], used_for="11.2"
    )
    hypotheses: list[Hypothesis] = field(
        "Statements still to be tested.", default=[], used_for="11.2 hypothesis rule"
    )
    performance_file: PerformanceFile = field(
        "What was bought and what it delivered.", used_for="11.5"
    )
    stakeholder_priorities: list[StakeholderPriority] = field(
        "What each stakeholder needs to see.", default=[], used_for="11.5 flow step 2"
    )
    renewal_team: RenewalTeam | None = field("Who owns each part of the renewal.", default=None)
    expansion: Expansion = field("Expansion inputs.", default=Expansion(), used_for="11.3")
    addons: list[AddOn] = field("Add-on proposals.", default=[], used_for="11.4, 6.5")
    renewal_options: list[RenewalOption] = field(
        "Two or three packages, or none while not yet prepared.", default=[], used_for="11.5"
    )
    gaps: list[GapPlan] = field("Gap plans for the renewal.", default=[], used_for="11.5")
    final_week: FinalWeek = field("Final-week checklist state.", default=FinalWeek())

    def addressee(self) -> list[str]:
        """Whom a customer document is for, as cover lines: the sponsor with their role when
        the file names one, then the customer and its industry; blanks left out."""
        sponsor = [self.sponsor.name, self.sponsor.role] if self.sponsor else []
        return [line for line in (*sponsor, self.customer.name, self.customer.industry) if line]

    def sender(self) -> list[str]:
        """Whom the customer calls, as cover lines: the account executive and the customer
        success manager when the file names a renewal team, then the seller."""
        team = self.renewal_team
        people = (
            [
                f"{team.account_executive}, account executive",
                f"{team.customer_success}, customer success",
            ]
            if team
            else []
        )
        return [*people, self.seller.name]

    def reference_problems(self) -> list[str]:
        """Broken links, foreign currencies and inconsistent options, one line each."""
        problems = self._id_problems()
        problems += self._metric_problems()
        problems += self._link_problems()
        problems += self._money_problems()
        problems += self._option_problems()
        return problems

    def _id_problems(self) -> list[str]:
        problems = []
        for name, items in (
            ("contract.scope", self.contract.scope),
            ("metrics", self.metrics),
            ("performance_file.entries", self.performance_file.entries),
            ("addons", self.addons),
            ("renewal_options", self.renewal_options),
        ):
            problems += duplicate_problems(name, [item.id for item in items])
        orders = [entry.promised_order for entry in self.performance_file.entries]
        problems += [
            f"performance_file.entries[{index}].promised_order: {order} is used twice"
            for index, order in repeats(orders)
        ]
        return problems

    def _metric_problems(self) -> list[str]:
        problems = []
        for index, metric in enumerate(self.metrics):
            if metric.adoption_stalled and not metric.adoption_stalled_evidence.strip():
                problems.append(
                    f"metrics[{index}].adoption_stalled_evidence: "
                    "say what shows adoption has stalled"
                )
        ttv = [i for i, step in enumerate(self.early_warning.onboarding) if step.time_to_value]
        for index in ttv[1:]:
            problems.append(
                f"early_warning.onboarding[{index}].time_to_value: "
                "only one step can be the time-to-value milestone"
            )
        for index, line in enumerate(self.expansion.usage):
            if line.kind == "team" and not line.team.strip():
                problems.append(f"expansion.usage[{index}].team: name the team for a team line")
        return problems

    def _link_problems(self) -> list[str]:
        metrics = {metric.id for metric in self.metrics}
        scope = {item.id for item in self.contract.scope}
        entries = {entry.id for entry in self.performance_file.entries}
        links: list[tuple[str, str | None, set[str], str]] = []
        links += [
            (f"next_steps[{i}].metric", step.metric, metrics, "metric")
            for i, step in enumerate(self.next_steps)
        ]
        for i, entry in enumerate(self.performance_file.entries):
            links.append((f"performance_file.entries[{i}].metric", entry.metric, metrics, "metric"))
            links.append(
                (f"performance_file.entries[{i}].scope_item", entry.scope_item, scope, "scope item")
            )
        links += [
            (f"stakeholder_priorities[{i}].evidence[{j}]", ref, entries, "performance entry")
            for i, priority in enumerate(self.stakeholder_priorities)
            for j, ref in enumerate(priority.evidence)
        ]
        links += [
            (f"expansion.usage[{i}].outcome", line.outcome, metrics, "metric")
            for i, line in enumerate(self.expansion.usage)
        ]
        links += [
            (f"expansion.stages[{i}].metric", stage.metric, metrics, "metric")
            for i, stage in enumerate(self.expansion.stages)
        ]
        return [
            unknown(path, what, ref, known)
            for path, ref, known, what in links
            if ref is not None and ref not in known
        ]

    def _money_problems(self) -> list[str]:
        currency = self.contract.annual_value.currency
        amounts: list[tuple[str, Money | None]] = []
        for i, addon in enumerate(self.addons):
            amounts.append((f"addons[{i}].price_per_month", addon.price_per_month))
            amounts.append((f"addons[{i}].setup_cost", addon.setup_cost))
            benefit = addon.benefit
            if isinstance(benefit, TimeSaved):
                amounts.append((f"addons[{i}].benefit.value_per_hour", benefit.value_per_hour))
            else:
                amounts.append(
                    (f"addons[{i}].benefit.average_annual_revenue", benefit.average_annual_revenue)
                )
        amounts += [
            (f"renewal_options[{i}].annual_price", option.annual_price)
            for i, option in enumerate(self.renewal_options)
        ]
        problems = currency_problems(amounts, currency, "contract.annual_value")
        for i, addon in enumerate(self.addons):
            if addon.setup_cost is not None and addon.setup_hours is not None:
                problems.append(
                    f"addons[{i}].setup_hours: give setup_cost or setup_hours, not both"
                )
            if addon.setup_hours is not None and not isinstance(addon.benefit, TimeSaved):
                problems.append(
                    f"addons[{i}].setup_hours: hours can only be valued with a time_saved "
                    "benefit; give setup_cost instead"
                )
        return problems

    def _option_problems(self) -> list[str]:
        options = self.renewal_options
        problems = []
        if len(options) == 1 or len(options) > 3:
            problems.append(
                f"renewal_options: prepare two or three packages, or none yet (got {len(options)})"
            )
        current = self.contract.annual_value
        for i, option in enumerate(options):
            cheaper = (
                option.annual_price.currency == current.currency
                and option.annual_price.amount < current.amount
            )
            if cheaper and option.scope_change != "reduced" and not option.performance_clause:
                problems.append(
                    f"renewal_options[{i}].annual_price: a price below today's "
                    f"{current} needs a reduced scope or a performance clause"
                )
        return problems
