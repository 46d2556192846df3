"""The deal parameters file: everything a seller knows about one opportunity.

One file feeds qualification, the mutual action plan and the proposal, so the same requirement
or milestone is written once and cannot drift between documents.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, ValidationInfo

from kit.models.base import Currency, Locale, Prose, Ref, Slug, Strict, Text, field
from kit.models.checks import currency_problems, duplicate_problems, unknown
from kit.models.plan import MapPlan
from kit.types import Amount, Money, Percent

Side = Literal["customer", "seller"]
QUOTE_VALID_DAYS = 30
"""A quote without a validity date is valid for 30 days from its issue date (kit rule)."""
IMAGE_LIMIT = 5 * 1024 * 1024
"""Bytes a logo may have: a cover image, not a photograph to print a poster from."""
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _png_problem(data: bytes) -> str | None:
    """Walk the PNG's chunks as Word's reader will: IHDR first with a size, every length in
    bounds, IEND."""
    position, first = len(PNG_SIGNATURE), True
    while position + 8 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        if first and kind != b"IHDR":
            return "has no image header"
        width, height = data[position + 8 : position + 12], data[position + 12 : position + 16]
        if first and bytes(4) in (width, height):
            return "has no width or no height"
        first = False
        position += 12 + length
        if position > len(data):
            return "is cut short"
        if kind == b"IEND":
            return None
    return "is cut short"


def _jpeg_problem(data: bytes) -> str | None:
    """Walk the JPEG's markers up to the image data, as the Word writer does: it reads only
    files that open with a JFIF or Exif header, and a frame header must give the size."""
    if data[6:10] not in (b"JFIF", b"Exif"):
        return "is a JPEG without a JFIF or Exif header; save it again from an image editor"
    position = 2
    while position + 4 <= len(data) and data[position] == 0xFF:
        marker = data[position + 1]
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            if position + 2 + length > len(data):
                return "is cut short"
            height, width = data[position + 5 : position + 7], data[position + 7 : position + 9]
            return "has no width or no height" if bytes(2) in (width, height) else None
        position += 2 + length
    return "has no frame header"


def _image_file(value: str, info: ValidationInfo) -> str:
    """A PNG or JPEG file, relative to the parameters file; stored as an absolute path.

    Only a regular file is opened (a pipe or a device named here would block the check), and
    its structure is read as the Word writer will read it, so a broken image fails here, with
    its field, rather than in the run's last cell.
    """
    base = (info.context or {}).get("base_dir") or Path.cwd()
    path = (Path(base) / Path(value).expanduser()).resolve()
    if path.exists() and not path.is_file():
        raise ValueError(f"'{value}' is not a regular file")
    if path.is_file() and path.stat().st_size > IMAGE_LIMIT:
        raise ValueError(f"'{value}' is over {IMAGE_LIMIT // (1024 * 1024)} MB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ValueError(f"cannot read image '{value}' ({exc.strerror})") from exc
    if data.startswith(PNG_SIGNATURE):
        problem = _png_problem(data)
    elif data.startswith(b"\xff\xd8\xff"):
        problem = _jpeg_problem(data)
    else:
        problem = "is not a PNG or JPEG image"
    if problem:
        raise ValueError(f"'{value}' {problem}")
    return str(path)


ImageFile = Annotated[str, AfterValidator(_image_file)]
"""An image path in a parameters file: relative paths start at the file's own folder."""


class Party(Strict):
    name: Text = field("Legal or trading name as it should appear in documents.")
    industry: str = field("Industry, used for the cover and fit evidence.", default="")
    logo: ImageFile | None = field(
        "PNG or JPEG logo, relative to this file: the seller's heads every cover, the "
        "customer's sits under their name on the documents they receive.",
        default=None,
    )


class Stakeholder(Strict):
    name: Text = field("Person's name in their own script.")
    role: Text = field(
        "Role in the decision.",
        used_for="5.3 decision chain and 7.3 RACI: budget owner, technical approver, "
        "procurement owner, champion, delivery lead, ...",
    )
    side: Side = field("Which side of the table the person sits on.")
    email: str = field("E-mail address, shown where the person is the contact.", default="")
    phone: str = field("Telephone number, shown where the person is the contact.", default="")


class Summary(Strict):
    problem: Prose = field(
        "The problem in the customer's own words; may run over several lines.",
        used_for="7.1 executive summary",
    )
    how_we_work: Text = field("One line on how the engagement will run.", used_for="7.1")
    current_state: Prose = field(
        "What discovery found today; may run over several lines.", used_for="7.1 current state"
    )


class _Scored(Strict):
    evidence: str = field(
        "The observation that justifies the score; a score without evidence is flagged.",
        default="",
    )


class Points5(_Scored):
    score: int = field("Points awarded.", unit="points", ge=0, le=5)


class Points4(_Scored):
    score: int = field("Points awarded.", unit="points", ge=0, le=4)


class Points3(_Scored):
    score: int = field("Points awarded.", unit="points", ge=0, le=3)


class Points2(_Scored):
    score: int = field("Points awarded.", unit="points", ge=0, le=2)


class FitScores(Strict):
    profile_alignment: Points5 = field("Company profile match, 0-5.", used_for="2.3 fit score")
    use_case_alignment: Points3 = field("Use-case match, 0-3.", used_for="2.3 fit score")
    delivery_feasibility: Points2 = field(
        "Can we deliver in their timeline and scope, 0-2.", used_for="2.3 fit score"
    )


class IntentScores(Strict):
    commercial_actions: Points4 = field(
        "Quote requests, requirement forms, timeline questions, 0-4.", used_for="2.3 intent"
    )
    engagement_depth: Points3 = field(
        "Repeat visits, demos, technical questions, 0-3.", used_for="2.3 intent score"
    )
    content_behaviour: Points3 = field(
        "Pricing sheets, integration docs, comparisons, 0-3.", used_for="2.3 intent score"
    )


class IntentQualification(Strict):
    evaluation: Points3 = field("Evaluation behaviour, 0-3.", used_for="5.2 intent 0-9")
    timing: Points3 = field("Deadline evidence, 0-3.", used_for="5.2 intent 0-9")
    commitment: Points3 = field("Commitment evidence, 0-3.", used_for="5.2 intent 0-9")


class Gate(Strict):
    passed: bool = field("Whether the gate's question is answered yes.")
    evidence: str = field("What was observed; a gate without evidence is flagged.", default="")


class Gates(Strict):
    fit_and_access: Gate = field("Right people and capability.", used_for="5.5 gate 1")
    problem_clarity: Gate = field("Impact quantified.", used_for="5.5 gate 2")
    decision_process: Gate = field("Stakeholders and approvals mapped.", used_for="5.5 gate 3")
    timing: Gate = field("A priority driver confirmed.", used_for="5.5 gate 4")
    commercial_fit: Gate = field("Budget and constraints workable.", used_for="5.5 gate 5")
    mutual_agreement: Gate = field("Next step agreed by both sides.", used_for="5.5 gate 6")


class Qualification(Strict):
    fit: FitScores
    intent: IntentScores
    intent_qualification: IntentQualification
    budget_authority: Points3 = field(
        "Budget-authority clarity 0-3.", used_for="5.3 budget and procurement score"
    )
    procurement_friction: Points3 = field(
        "Procurement clarity 0-3 (3 = documented steps and owners).",
        used_for="5.3 budget and procurement score",
    )
    gates: Gates


class Requirement(Strict):
    id: Ref = field("Identifier such as R1.")
    text: Text = field(
        "A condition the solution has to meet for the customer.", used_for="7.1, 4.4"
    )
    theme: Literal["process", "systems", "people", "compliance"] = field(
        "Grouping in the proposal.", used_for="7.1 requirements grouped by theme"
    )
    priority: Literal["must", "should", "could"] = field("Priority.", used_for="4.4")
    evidence: str = field("What was observed or confirmed in discovery.", default="")
    owner: str = field("Customer-side owner.", default="", used_for="4.4 requirements table")
    dependency: str = field("What this depends on.", default="", used_for="4.4")
    acceptance_evidence: str = field(
        "How the customer will know it is met.", default="", used_for="4.4 sign-off check"
    )
    outcomes: list[Ref] = field(
        "Outcome ids this requirement serves.", default=[], used_for="7.1 traceability"
    )
    deliverables: list[Ref] = field(
        "Deliverable ids that satisfy it.", default=[], used_for="7.5 scope integrity"
    )
    assumptions: list[Ref] = field(
        "Assumption ids that cover it.", default=[], used_for="7.5 scope integrity"
    )


class Outcome(Strict):
    id: Ref = field("Identifier such as O1.")
    statement: Text = field("The change for the customer.", used_for="7.1 outcomes")
    metric: str = field("What is measured.", default="", used_for="7.5 measurable outcome")
    baseline: str = field("Value today, with unit.", default="", used_for="6.1, 7.1")
    target: str = field("Value to reach, with unit.", default="", used_for="6.1, 7.1")
    time_window: str = field("By when.", default="", used_for="6.1, 7.1")
    measurement_method: str = field("How and by whom it is measured.", default="")


class ApproachStep(Strict):
    step: Text = field("What we will do.")
    why: Text = field("Why it works, naming the requirement it satisfies.", used_for="7.1")
    requirements: list[Ref] = field("Requirement ids this step satisfies.", min_length=1)


class Scope(Strict):
    included: list[Text] = field("Included work and capacity.", min_length=1, used_for="7.2")
    exclusions: list[Text] = field("What is not included.", default=[], used_for="7.5 check")
    change_triggers: list[Text] = field("Events that need a revised estimate.", default=[])


class Deliverable(Strict):
    id: Ref = field("Identifier such as D1.")
    name: Text = field("What is delivered.")
    owner: Text = field("Who delivers it.")
    milestone: Ref | None = field("Milestone id it belongs to.", default=None)


class Assumption(Strict):
    id: Ref = field("Identifier such as A1.")
    type: Literal["inputs", "dependencies", "usage", "timelines", "change_control"] = field(
        "Assumption type.", used_for="7.4 assumption types"
    )
    when: Text = field("The testable condition (the 'if').", used_for="7.4 testable assumptions")
    then: Text = field("What follows (the 'then').", used_for="7.4 testable assumptions")


class Raci(Strict):
    responsible: Text = field("Does the work.")
    accountable: Text = field("Owns the outcome and clears blockers.")
    consulted: list[Text] = field("Gives input.", default=[])
    informed: list[Text] = field("Kept informed.", default=[])


class Milestone(Strict):
    id: Ref = field("Identifier such as M1.")
    name: Text = field("What becomes true.")
    date: dt.date = field("Planned date.")
    type: Literal["delivery", "adoption", "validation"] = field("Milestone type.", used_for="7.3")
    definition_of_done: Text = field("What complete means.", used_for="7.3")
    exit_criteria: str = field("How completion is verified.", default="", used_for="7.3, 7.5")
    raci: Raci
    dependencies: list[Text] = field("Who must do what first.", default=[])


class PricedLine(Strict):
    description: Text = field("Line text in the price table.")
    amount: Amount = field("Price before discount.", unit="money, e.g. '6000 EUR'")
    discount: Percent = field("Line discount.", unit="percent", default=Decimal(0))


class MilestoneFee(PricedLine):
    milestone: Ref = field("Milestone id whose acceptance triggers the invoice.", used_for="7.2")


class OverageRate(Strict):
    item: Text = field("What the rate covers beyond included capacity.")
    unit: Text = field("Unit of the rate, e.g. dashboard or hour.")
    rate: Amount = field("Price per unit.", unit="money per unit")


class Subscription(Strict):
    description: Text = field("Line text in the price table.")
    unit_price: Amount = field("Price per unit per month.", unit="money per month")
    quantity: int = field("Units (seats, agents, sites).", default=1, ge=1)
    discount: Percent = field("Line discount.", unit="percent", default=Decimal(0))


class PerformanceAddon(Strict):
    share_of_subscription: Percent = field(
        "Add-on as a share of the monthly subscription.", unit="percent", used_for="7.2"
    )
    condition: Text = field("The measurable condition that earns it.")
    measurement_window_days: int = field("Measurement window.", unit="days", gt=0)


class Pricing(Strict):
    currency: Currency = field("ISO 4217 code every amount must use.")
    term_months: int = field("Contract term.", unit="months", ge=1, le=120)
    base_fee: PricedLine | None = field("Included work and capacity.", default=None)
    milestone_fees: list[MilestoneFee] = field("Fees paid at milestone acceptance.", default=[])
    overage_rates: list[OverageRate] = field("Rates for change triggers.", default=[])
    subscription: Subscription | None = field("Recurring monthly fee.", default=None)
    performance_addon: PerformanceAddon | None = field("Optional outcome fee.", default=None)
    total_discount: Percent = field(
        "Discount on the whole deal, after line discounts.", unit="percent", default=Decimal(0)
    )


class Support(Strict):
    coverage: Literal["business_hours", "24x7"] = field("Hours covered.", used_for="7.5 check")
    response_hours: Decimal = field("Severity 1 response time.", unit="hours", gt=0)


class CommercialTerms(Strict):
    base_fee_invoiced_at: Ref = field(
        "'signature' or the milestone id whose acceptance triggers the base-fee invoice.",
        used_for="7.5 payment timing vs milestones",
    )
    subscription_billing: str = field("When the subscription is invoiced.", default="")
    payment_terms_days: int = field("Net payment terms.", unit="days", ge=0, le=180)
    acceptance_window_days: int = field("Customer review window.", unit="business days", ge=1)
    remedy_days: int = field("Vendor fix window after rejection.", unit="business days", ge=1)
    quote_valid_until: dt.date | None = field(
        f"Last day the quoted prices hold; {QUOTE_VALID_DAYS} days after the issue date when "
        "left out.",
        default=None,
        used_for="7.2 quote validity, deal-desk date check",
    )
    expenses: str = field("How travel and expenses are billed.", default="")
    change_control: str = field(
        "How scope changes are requested, estimated and approved.", default="", used_for="7.4"
    )
    support_promise: Support | None = field("What the proposal promises.", default=None)
    support_delivery: Support | None = field("What the delivery team can staff.", default=None)


class Risk(Strict):
    risk: Text = field("What could block progress.")
    mitigation: Text = field("What we will do about it.")
    owner: Text = field("Who acts.")


class Acceptance(Strict):
    approved_when: Text = field("What 'approved' means.", used_for="7.1 section 9")
    signatories: list[Text] = field("Stakeholder names who sign.", min_length=1)
    kickoff_checklist: list[Text] = field("Kickoff readiness items.", min_length=1)


class Deal(Strict):
    """One opportunity, from qualification through the proposal."""

    kind: Literal["deal"] = field("File kind; selects this model.")
    id: Slug = field("Deal slug: lowercase letters, digits, hyphens; names the output folder.")
    title: Text = field("Proposal title.")
    date: dt.date = field("Issue date of the documents.")
    locale: Locale = field("Locale for money and dates, e.g. en_GB, de_DE.", default="en_GB")
    customer: Party
    seller: Party
    stakeholders: list[Stakeholder] = Field(min_length=1)
    recipient: str = field(
        "Customer-side stakeholder the proposal is addressed to (name as in stakeholders).",
        default="",
        used_for="proposal cover",
    )
    contact: str = field(
        "Seller-side stakeholder the customer contacts (name as in stakeholders).",
        default="",
        used_for="proposal cover",
    )
    summary: Summary
    qualification: Qualification
    requirements: list[Requirement] = Field(min_length=1)
    outcomes: list[Outcome] = Field(min_length=1)
    approach: list[ApproachStep] = Field(min_length=1)
    scope: Scope
    deliverables: list[Deliverable] = Field(min_length=1)
    assumptions: list[Assumption] = Field(default=[])
    pricing: Pricing
    milestones: list[Milestone] = Field(min_length=1)
    terms: CommercialTerms
    risks: list[Risk] = Field(default=[])
    acceptance: Acceptance
    plan: MapPlan | None = field(
        "Mutual action plan: phases, cadence, dependencies and decision points.",
        default=None,
        used_for="4.5 mutual action plan",
    )

    @property
    def valid_until(self) -> dt.date:
        """The last day the quote holds: the file's date, else the kit's default window."""
        return self.terms.quote_valid_until or self.date + dt.timedelta(days=QUOTE_VALID_DAYS)

    def person(self, name: str) -> Stakeholder | None:
        return next((p for p in self.stakeholders if p.name == name), None)

    def addressee(self) -> list[str]:
        """Whom a customer document is for, as cover lines: the recipient's name and role, then
        the customer; blanks left out, so a file without a recipient still reads well."""
        recipient = self.person(self.recipient)
        lines = [recipient.name, recipient.role] if recipient else []
        return [line for line in [*lines, self.customer.name] if line]

    def sender(self) -> list[str]:
        """Whom the customer should call, as cover lines: the seller's contact with role, email
        and phone, then the seller; blanks left out."""
        contact = self.person(self.contact)
        lines = [contact.name, contact.role, contact.email, contact.phone] if contact else []
        return [line for line in [*lines, self.seller.name] if line]

    def reference_problems(self) -> list[str]:
        """Links that point nowhere and amounts in a foreign currency, one line each.

        Pydantic checks each field alone; these checks need the whole file, and they report
        every broken link with its path so the seller can fix the file in one pass.
        """
        problems: list[str] = []
        ids: dict[str, set[str]] = {}
        for name in ("requirements", "outcomes", "deliverables", "assumptions", "milestones"):
            values = [item.id for item in getattr(self, name)]
            problems += duplicate_problems(name, values)
            ids[name] = set(values)

        def refs(path: str, values: list[str], kind: str) -> None:
            problems.extend(
                unknown(f"{path}[{index}]", kind[:-1], value, ids[kind])
                for index, value in enumerate(values)
                if value not in ids[kind]
            )

        for i, req in enumerate(self.requirements):
            refs(f"requirements[{i}].outcomes", req.outcomes, "outcomes")
            refs(f"requirements[{i}].deliverables", req.deliverables, "deliverables")
            refs(f"requirements[{i}].assumptions", req.assumptions, "assumptions")
        for i, step in enumerate(self.approach):
            refs(f"approach[{i}].requirements", step.requirements, "requirements")
        for i, deliverable in enumerate(self.deliverables):
            if deliverable.milestone is not None and deliverable.milestone not in ids["milestones"]:
                problems.append(
                    f"deliverables[{i}].milestone: unknown milestone '{deliverable.milestone}'"
                )
        for i, fee in enumerate(self.pricing.milestone_fees):
            if fee.milestone not in ids["milestones"]:
                problems.append(
                    f"pricing.milestone_fees[{i}].milestone: unknown milestone '{fee.milestone}'"
                )
        invoiced_at = self.terms.base_fee_invoiced_at
        if invoiced_at != "signature" and invoiced_at not in ids["milestones"]:
            problems.append(
                f"terms.base_fee_invoiced_at: '{invoiced_at}' is neither 'signature' "
                "nor a milestone id"
            )
        problems.extend(self._currency_problems())
        names = {person.name for person in self.stakeholders}
        sides = {person.name: person.side for person in self.stakeholders}
        for field_name, side in (("recipient", "customer"), ("contact", "seller")):
            named = getattr(self, field_name)
            if named and sides.get(named) != side:
                problems.append(f"{field_name}: '{named}' is not a listed {side}-side stakeholder")
        for i, signatory in enumerate(self.acceptance.signatories):
            if signatory not in names:
                problems.append(
                    f"acceptance.signatories[{i}]: '{signatory}' is not a listed stakeholder"
                )
        if self.plan is not None:
            dates = {milestone.id: milestone.date for milestone in self.milestones}
            problems += [f"plan.{line}" for line in self.plan.problems(dates, sides)]
        return problems

    def _currency_problems(self) -> list[str]:
        pricing = self.pricing
        amounts: list[tuple[str, Money]] = []
        if pricing.base_fee:
            amounts.append(("pricing.base_fee.amount", pricing.base_fee.amount))
        amounts += [
            (f"pricing.milestone_fees[{i}].amount", fee.amount)
            for i, fee in enumerate(pricing.milestone_fees)
        ]
        amounts += [
            (f"pricing.overage_rates[{i}].rate", rate.rate)
            for i, rate in enumerate(pricing.overage_rates)
        ]
        if pricing.subscription:
            amounts.append(("pricing.subscription.unit_price", pricing.subscription.unit_price))
        return currency_problems(amounts, pricing.currency, "pricing.currency")
