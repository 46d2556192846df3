"""The pipeline review: the method's worked forecast, coverage, flags, and the document."""

from __future__ import annotations

from decimal import Decimal

import docx
import pytest
from kit import document, params, registry
from kit.errors import ParamsError

from pipeline_review.calculations import analyse


@pytest.fixture(scope="module")
def playbook():
    return registry.get("pipeline_review")


@pytest.fixture(scope="module")
def example(playbook):
    return params.load(playbook.example, playbook.model())


def money(text: str) -> dict[str, str]:
    amount, currency = text.split()
    return {"amount": amount, "currency": currency}


def test_the_methods_worked_forecast(example):
    """12.2: A 50,000 in Discovery and B 120,000 in Commercial close in May, C 30,000 in
    Solution in June; May's forecast is 71,500 and June's 16,500."""
    data = example.model_dump(mode="json")
    data |= {"locale": "en_US", "target": money("100000 USD")}
    data["period"] |= {"first": "2027-05", "last": "2027-06"}
    data["deals"] = [
        {
            "id": name,
            "name": f"Deal {name}",
            "owner": "A seller",
            "amount": money(f"{amount} USD"),
            "stage": stage,
            "close": month,
            "last_activity": "2027-04-01",
        }
        for name, amount, stage, month in [
            ("A", 50000, "Discovery", "2027-05"),
            ("B", 120000, "Commercial", "2027-05"),
            ("C", 30000, "Solution", "2027-06"),
        ]
    ]
    analysis = analyse(params.validate(data, "worked example"))
    assert [deal.weighted.amount for deal in analysis.deals] == [
        Decimal("17500.00"),
        Decimal("54000.00"),
        Decimal("16500.00"),
    ]
    assert [(m.month, m.forecast.amount) for m in analysis.months] == [
        ("2027-05", Decimal("71500.00")),
        ("2027-06", Decimal("16500.00")),
    ]


def test_coverage_and_forecast_of_the_example(example):
    analysis = analyse(example)
    assert analysis.pipeline.amount == Decimal("735000")
    assert analysis.coverage == Decimal("1.47")
    assert not analysis.covered
    assert analysis.pipeline_needed.amount == Decimal("765000.00")
    assert analysis.forecast.amount == Decimal("324500.00")
    assert analysis.forecast_gap.amount == Decimal("175500.00")
    assert [(m.month, m.deals, m.forecast.amount, m.in_period) for m in analysis.months] == [
        ("2027-03", 1, Decimal("49000.00"), False),
        ("2027-04", 2, Decimal("184500.00"), True),
        ("2027-05", 2, Decimal("71500.00"), True),
        ("2027-06", 2, Decimal("68500.00"), True),
        ("2027-07", 1, Decimal("73500.00"), False),
    ]


def test_quiet_and_overdue_deals_are_flagged(example):
    flagged = {deal.deal.id: deal.flags for deal in analyse(example).flagged}
    assert flagged == {
        "D-103": (
            "no evidence of progress for 34 days: move it to a later month or lower its stage",
        ),
        "D-107": (
            "no evidence of progress for 26 days: move it to a later month or lower its stage",
            "expected close 2027-03 has passed: agree a new date with the buyer",
        ),
    }


def test_a_deal_in_an_unknown_stage_is_refused(example):
    data = example.model_dump(mode="json")
    data["deals"][2]["stage"] = "Negotiation"
    with pytest.raises(ParamsError) as caught:
        params.validate(data, "review")
    assert caught.value.problems == [
        "deals[2].stage: unknown stage 'Negotiation' (known: Commercial, Commitment, Discovery,"
        " Qualification, Solution)"
    ]


def test_the_document_states_coverage_and_lists_months_and_deals(playbook, example, tmp_path):
    written = document.write(playbook, analyse(example), tmp_path)
    assert [path.name for path in written.files] == ["pipeline_review-emea-midmarket-q2-2027.docx"]
    word = docx.Document(str(written.files[0]))
    text = "\n".join(paragraph.text for paragraph in word.paragraphs)
    assert (
        "Coverage. Pipeline closing in Q2 2027 is €735,000.00, 1.47\N{MULTIPLICATION SIGN}"
        " the target of €500,000.00; the team wants 3\N{MULTIPLICATION SIGN}, so €765,000.00"
        " more is needed."
    ) in text
    assert (
        "Forecast. The weighted forecast for Q2 2027 is €324,500.00, €175,500.00 short of the"
        " target."
    ) in text
    assert (
        "D-107 Linden & Hart Retail, returns (Lena Vogel): expected close 2027-03 has passed:"
        " agree a new date with the buyer"
    ) in text
    months = [[cell.text for cell in row.cells] for row in word.tables[0].rows]
    assert months[1] == ["2027-03 (outside the period)", "1", "€140,000.00", "€49,000.00"]
    assert months[-1] == ["Q2 2027", "6", "€735,000.00", "€324,500.00"]
    deals = [[cell.text for cell in row.cells] for row in word.tables[1].rows]
    assert len(deals) == 1 + len(example.deals)
