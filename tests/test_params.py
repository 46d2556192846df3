"""Bad input: one line per problem, each naming the file and the field path."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from conftest import EXAMPLES, example_data, example_path, problems_for, write_yaml
from pydantic import TypeAdapter, ValidationError

from kit import registry
from kit.errors import ParamsError
from kit.models.deal import Deal
from kit.params import format_location, load
from kit.readiness.model import Readiness
from kit.types import Amount, Percent


@pytest.fixture(autouse=True)
def _images_beside_written_files(tmp_path):
    """Examples name their logos relative to themselves; a copy written to tmp_path needs them."""
    for image in EXAMPLES.glob("*.png"):
        (tmp_path / image.name).write_bytes(image.read_bytes())


@pytest.mark.parametrize("name", sorted(p.name for p in example_path(".").glob("*.yaml")))
def test_every_bundled_example_is_valid(name):
    raw = example_data(name)
    params = load(example_path(name))
    assert isinstance(params, registry.kinds()[raw["kind"]].load())
    assert params.id == raw["id"]


def test_broken_yaml_names_line_and_column(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("kind: deal\ncustomer: {name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ParamsError) as caught:
        load(path)
    (line,) = caught.value.lines()
    assert line.startswith(f"{path}: line 3, column 1: invalid YAML")


def test_missing_file_is_a_params_error(tmp_path):
    with pytest.raises(ParamsError, match="file not found"):
        load(tmp_path / "nope.yaml")


def test_a_list_at_the_top_is_refused(tmp_path):
    assert problems_for(tmp_path, ["kind", "deal"]) == [
        "the file must be a YAML mapping of field: value"
    ]


def test_unknown_kind_lists_the_known_ones(tmp_path):
    (line,) = problems_for(tmp_path, {"kind": "invoice"})
    assert line.startswith("kind: expected one of account, deal")


def test_playbook_refuses_a_file_of_another_kind():
    with pytest.raises(ParamsError, match="needs a 'readiness' file"):
        load(example_path("saas-subscription.yaml"), Readiness)


def test_every_problem_gets_its_own_line_with_its_path(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["requirements"][2]["priority"] = "urgent"  # unknown value
    data["milestones"][1]["type"] = "launch"  # unknown stage type
    data["pricing"]["base_fee"]["amount"] = "-18000 EUR"  # negative amount
    data["pricing"]["term_months"] = "two years"  # wrong type
    del data["summary"]["problem"]  # missing field
    data["customer"]["nmae"] = "typo"  # unknown key
    lines = problems_for(tmp_path, data)
    assert lines == [
        "customer.nmae: Extra inputs are not permitted",
        "summary.problem: Field required",
        "requirements[2].priority: Input should be 'must', 'should' or 'could' (got 'urgent')",
        "pricing.term_months: Input should be a valid integer, unable to parse string as an "
        "integer (got 'two years')",
        "pricing.base_fee.amount: amount must not be negative (got -18,000.00 EUR)",
        "milestones[1].type: Input should be 'delivery', 'adoption' or 'validation' (got 'launch')",
    ]


def test_bad_dates_and_money_without_currency_name_their_fields(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["date"] = "2026-13-01"
    data["pricing"]["subscription"]["unit_price"] = 89
    lines = problems_for(tmp_path, data)
    assert lines[0].startswith("date: Input should be a valid date")
    assert lines[1] == (
        "pricing.subscription.unit_price: give the currency with the amount, for example '89 EUR'"
    )


def test_links_to_unknown_records_and_foreign_currencies(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["requirements"][0]["outcomes"] = ["O1", "O9"]
    data["pricing"]["milestone_fees"][0]["milestone"] = "M7"
    data["pricing"]["overage_rates"][0]["rate"] = "950 USD"
    data["acceptance"]["signatories"].append("Someone Else")
    assert problems_for(tmp_path, data) == [
        "requirements[0].outcomes[1]: unknown outcome 'O9' (known: O1, O2, O3)",
        "pricing.milestone_fees[0].milestone: unknown milestone 'M7'",
        "pricing.overage_rates[0].rate: currency USD differs from pricing.currency EUR",
        "acceptance.signatories[2]: 'Someone Else' is not a listed stakeholder",
    ]


def test_duplicate_ids_are_reported(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["outcomes"][1]["id"] = "O1"
    lines = problems_for(tmp_path, data)
    assert lines[0] == "outcomes[1].id: duplicate id 'O1'"


def test_score_above_its_maximum_names_the_dimension(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["qualification"]["fit"]["delivery_feasibility"]["score"] = 3
    assert problems_for(tmp_path, data) == [
        "qualification.fit.delivery_feasibility.score: Input should be less than or equal to 2 "
        "(got 3)"
    ]


def test_error_lines_carry_the_file_name(tmp_path):
    data = example_data("saas-subscription.yaml")
    del data["title"]
    path = write_yaml(tmp_path, data, "deal.yaml")
    with pytest.raises(ParamsError) as caught:
        load(path)
    assert caught.value.lines() == [f"{path}: title: Field required"]
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [("6000 EUR", "6000", "EUR"), ("6,000.50 USD", "6000.50", "USD"), ("0 JPY", "0", "JPY")],
)
def test_money_is_parsed_exactly(text, amount, currency):
    money = TypeAdapter(Amount).validate_python(text)
    assert (money.amount, money.currency) == (Decimal(amount), currency)


@pytest.mark.parametrize("text", ["6000", "EUR 6000", "6000 euro", "six EUR"])
def test_malformed_money_is_refused(text):
    with pytest.raises(ValidationError):
        TypeAdapter(Amount).validate_python(text)


@pytest.mark.parametrize(("text", "value"), [("10%", "0.10"), ("12.5 %", "0.125"), (5, "0.05")])
def test_percentages_are_fractions(text, value):
    assert TypeAdapter(Percent).validate_python(text) == Decimal(value)


def test_percentage_above_100_is_refused():
    with pytest.raises(ValidationError, match="between 0% and 100%"):
        TypeAdapter(Percent).validate_python("120%")


def test_locations_print_as_paths():
    assert format_location(("requirements", 2, "priority")) == "requirements[2].priority"
    assert format_location(()) == "(file)"


def test_deal_kind_maps_to_the_deal_model():
    assert registry.kinds()["deal"].load() is Deal


@pytest.mark.parametrize("name", sorted(p.name for p in example_path(".").glob("*.yaml")))
def test_dumping_and_validating_again_gives_the_same_parameters(name):
    """Forms rebuild models from dumps; percentages must not be divided by 100 twice."""
    original = load(example_path(name))
    assert type(original).model_validate(original.model_dump()) == original


def test_unknown_locale_is_refused_when_the_file_is_read(tmp_path):
    data = example_data("account-review.yaml")
    data["locale"] = "xx_YY"
    assert problems_for(tmp_path, data) == [
        "locale: 'xx_YY' is not a locale Babel knows; use a code like en_GB"
    ]


def test_capitalised_keys_keep_their_path(tmp_path):
    data = example_data("saas-subscription.yaml")
    data["customer"]["Industry"] = "Machinery"
    data["Customer"] = {}
    assert problems_for(tmp_path, data) == [
        "customer.Industry: Extra inputs are not permitted",
        "Customer: Extra inputs are not permitted",
    ]


def test_union_branch_names_stay_out_of_paths(tmp_path):
    data = example_data("account-review.yaml")
    data["addons"][0]["benefit"]["people"] = 0
    (line,) = problems_for(tmp_path, data)
    assert line.startswith("addons[0].benefit.people: ")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (lambda png: png[:8] + b"junk" * 10, "'logo.png' has no image header"),
        (lambda png: png[:200], "'logo.png' is cut short"),
        (lambda png: b"GIF89a" + png[6:], "'logo.png' is not a PNG or JPEG image"),
    ],
    ids=["no-header", "cut-short", "not-png"],
)
def test_a_broken_logo_is_refused_with_its_field(tmp_path, content, problem):
    """Word's image reader would fail on these in the run's last cell; kit check names them."""
    png = (EXAMPLES / "brightline-logo.png").read_bytes()
    (tmp_path / "logo.png").write_bytes(content(png))
    data = example_data("saas-subscription.yaml")
    data["seller"]["logo"] = "logo.png"
    assert problems_for(tmp_path, data) == [f"seller.logo: {problem}"]


def _jpeg() -> bytes:
    from PIL import Image

    stream = io.BytesIO()
    Image.new("RGB", (30, 10), "white").save(stream, "JPEG")
    return stream.getvalue()


def _without_jfif(jpeg: bytes) -> bytes:
    app0 = int.from_bytes(jpeg[4:6], "big")
    return jpeg[:2] + jpeg[4 + app0 :]


def _no_width(jpeg: bytes) -> bytes:
    frame = jpeg.index(b"\xff\xc0")
    return jpeg[: frame + 7] + bytes(2) + jpeg[frame + 9 :]


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("logo.png", lambda: _png()[:20] + bytes(4) + _png()[24:], "has no width or no height"),
        ("logo.jpg", lambda: _without_jfif(_jpeg()), "is a JPEG without a JFIF or Exif header"),
        ("logo.jpg", lambda: _no_width(_jpeg()), "has no width or no height"),
    ],
    ids=["png-no-height", "jpeg-no-jfif", "jpeg-no-width"],
)
def test_a_logo_word_could_not_place_is_refused_with_its_field(tmp_path, name, content, problem):
    """The Word writer reads a logo's size to place it and knows JPEGs by their JFIF or Exif
    header: a logo without either would fail the run after kit check passed it."""
    (tmp_path / name).write_bytes(content())
    data = example_data("saas-subscription.yaml")
    data["customer"]["logo"] = name
    (line,) = problems_for(tmp_path, data)
    assert line.startswith(f"customer.logo: '{name}' {problem}")
    (tmp_path / name).write_bytes(_jpeg() if name.endswith(".jpg") else _png())
    assert load(write_yaml(tmp_path, data)).customer.logo == str(tmp_path / name)


def _png() -> bytes:
    return (EXAMPLES / "brightline-logo.png").read_bytes()


def test_a_logo_that_is_not_a_regular_file_is_refused_without_reading_it(tmp_path):
    import os

    os.mkfifo(tmp_path / "logo.png")
    data = example_data("saas-subscription.yaml")
    data["seller"]["logo"] = "logo.png"
    assert problems_for(tmp_path, data) == ["seller.logo: 'logo.png' is not a regular file"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "kind: deal\nrequirements:\n  - id: R1\n    text: a\n    id: R2\n",
            "requirements[0].id: key given twice (lines 3 and 5); "
            "YAML would keep the last one without a word",
        ),
        (
            "kind: deal\nplan:\n  phases:\n    - {}\n    - name: a\n      tasks: [{x: 1, x: 2}]\n",
            "plan.phases[1].tasks[0].x: key given twice (lines 6 and 6); "
            "YAML would keep the last one without a word",
        ),
        ("kind: deal\nid: &a [1, *a]\n", "id[1]: the alias on line 2 refers to itself"),
        ("&a [*a]\n", "[0]: the alias on line 1 refers to itself"),
    ],
    ids=["in-a-list", "deep", "alias-cycle", "top-level-cycle"],
)
def test_yaml_problems_name_the_place_in_the_file(tmp_path, text, problem):
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError) as caught:
        load(path)
    assert caught.value.problems == [problem]
