"""The 7.2 quote worksheet: exact totals that add up, discounts, invoices."""

from __future__ import annotations

from decimal import Decimal

from conftest import example_data, write_yaml

from kit.params import load
from kit.proposal.pricing import allocate, price_line, worksheet
from kit.types import Money

D = Decimal


def eur(amount: str) -> Money:
    return Money(amount=D(amount), currency="EUR")


def usd(amount: str) -> Money:
    return Money(amount=D(amount), currency="USD")


def reporting_service(tmp_path, term_months: int = 12):
    """7.2's managed reporting service: $6,000 base, 2 x $2,000 milestones, $1,500/month."""
    data = example_data("fixed-scope-services.yaml")
    data["pricing"] = {
        "currency": "USD",
        "term_months": term_months,
        "base_fee": {"description": "Setup and 30 dashboards", "amount": "6000 USD"},
        "milestone_fees": [
            {"milestone": "M1", "description": "Data model approval", "amount": "2000 USD"},
            {"milestone": "M2", "description": "First dashboard accepted", "amount": "2000 USD"},
        ],
        "overage_rates": [{"item": "Dashboard beyond 30", "unit": "dashboard", "rate": "120 USD"}],
        "subscription": {"description": "Monitoring and updates", "unit_price": "1500 USD"},
        "performance_addon": {
            "share_of_subscription": "10%",
            "condition": "Refreshes meet the SLA",
            "measurement_window_days": 90,
        },
    }
    return load(write_yaml(tmp_path, data))


def test_7_2_worked_example_totals(tmp_path):
    sheet = worksheet(reporting_service(tmp_path))
    assert sheet.one_time_total == usd("10000.00")
    assert sheet.monthly_total == usd("1500.00")
    assert sheet.first_year_total == usd("28000.00")
    assert sheet.contract_total == usd("28000.00")
    assert sheet.addon_monthly == usd("150.00")  # 10 % of the subscription
    assert sheet.addon_over_term == usd("1800.00")


def test_contract_total_spans_the_whole_term_while_first_year_stops_at_12(tmp_path):
    sheet = worksheet(reporting_service(tmp_path, term_months=36))
    assert sheet.first_year_total == usd("28000.00")
    assert sheet.recurring_over_term == usd("54000.00")
    assert sheet.contract_total == usd("64000.00")


def test_short_term_counts_only_its_months_in_the_first_year(tmp_path):
    sheet = worksheet(reporting_service(tmp_path, term_months=3))
    assert sheet.first_year_months == 3
    assert sheet.first_year_total == usd("14500.00")


def test_saas_example_line_and_deal_discounts(saas_deal):
    sheet = worksheet(saas_deal)
    subscription = sheet.monthly[0]
    assert subscription.gross == eur("1780.00")  # 20 seats x 89
    assert subscription.discount == eur("178.00")  # 10 % line discount
    assert subscription.net == eur("1602.00")
    assert sheet.monthly_deal_discount == eur("80.10")  # 5 % deal discount
    assert sheet.monthly_total == eur("1521.90")
    assert sheet.one_time_subtotal == eur("28000.00")
    assert sheet.one_time_total == eur("26600.00")
    assert sheet.first_year_total == eur("26600.00") + eur("1521.90") * 12
    assert sheet.contract_total == eur("63125.60")


def test_totals_are_sums_of_the_printed_lines(saas_deal, services_deal):
    for deal in (saas_deal, services_deal):
        sheet = worksheet(deal)
        lines = sum((line.net.amount for line in sheet.one_time), D(0))
        assert sheet.one_time_subtotal.amount == lines
        assert sheet.one_time_total.amount == lines - sheet.one_time_deal_discount.amount
        invoices = sum((invoice.amount.amount for invoice in sheet.invoices), D(0))
        assert invoices == sheet.one_time_total.amount


def test_invoices_follow_the_terms_and_milestones(saas_deal, services_deal):
    saas = worksheet(saas_deal).invoices
    assert [i.trigger for i in saas] == ["Signature", "M2 accepted", "M4 accepted"]
    assert str(saas[0].amount) == "17,100.00 EUR"  # 18,000 less its 5 % share of the discount
    services = worksheet(services_deal).invoices
    assert services[0].trigger == "M1 accepted"
    assert services[2].amount == usd("2250.00")  # 4,500 with a 50 % line discount


def test_allocation_puts_the_rounding_cent_on_the_last_line():
    lines = [price_line("one_time", name, eur("100.00"), 1, D(0)) for name in "abc"]
    shares = allocate(eur("10.00"), lines)
    assert shares == [eur("3.33"), eur("3.33"), eur("3.34")]


def test_line_amounts_round_half_up_to_the_cent():
    line = price_line("monthly", "seat", eur("0.125"), 1, D(0))
    assert line.net == eur("0.13")
