"""``kit batch``: CRM exports to documents, with a manifest, resuming, and parallel runs.

The exports are made up here in the shape Salesforce and HubSpot write them: their column
names, currency codes and date formats, quoted commas, empty cells, and customer names in
several scripts, right-to-left ones included. Each has three bad rows among fifty.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLES, example_data, example_path, write_yaml
from docx_layout import image_sizes_mm

import kit
from kit import cli, registry
from kit.batch import engine, executors, fields, mapping, sources, work
from kit.batch.manifest import Outcome
from kit.errors import KitError
from kit.models.account import Account
from kit.models.deal import Deal

BASE = example_path("saas-subscription.yaml")
ROWS = 50

CUSTOMERS = [
    "Nordwind Logistik, GmbH & Co. KG",
    "Müller & Søn <GmbH>",
    "山田製作所",
    "شركة النور للتجارة",
    'חברת אור בע"מ',
    "Ørsted Service A/S",
    "Café Olé S.A.",
]
INDUSTRIES = ["Industrial machinery", "", "Logistics", "Retail"]
PROPOSAL_DATES = ["11/20/2026", "11/27/2026", "12/1/2026"]

SALESFORCE = [
    "Id",
    "Name",
    "Account.Name",
    "Account.Industry",
    "CurrencyIsoCode",
    "StageName",
    "Probability",
    "CloseDate",
    "Amount",
    "Product2.Name",
    "Quantity",
    "UnitPrice",
    "Discount",
    "OwnerId",
    "Proposal_Date__c",
]
SALESFORCE_BAD = {
    7: ("Quantity", "0", "pricing.subscription.quantity"),
    19: ("UnitPrice", "1.250,00", "pricing.subscription.unit_price"),
    33: ("Proposal_Date__c", "31/12/2026", "date"),
}
HUBSPOT = [
    "hs_object_id",
    "dealname",
    "associated_company_name",
    "deal_currency_code",
    "dealstage",
    "pipeline",
    "closedate",
    "amount",
    "name",
    "quantity",
    "price",
    "hs_discount_percentage",
    "hubspot_owner_id",
]
HUBSPOT_BAD = {
    4: ("quantity", "-2", "pricing.subscription.quantity"),
    21: ("price", "eighty-nine", "pricing.subscription.unit_price"),
    40: ("hs_object_id", "", "id"),
}
TEAM_MAPPING = """\
name: acme-salesforce
extends: salesforce
kinds:
  deal:
    columns:
      Proposal_Date__c: {field: date, transform: date}
"""


def salesforce_row(i: int) -> dict[str, str]:
    row = {
        "Id": f"0068d00000{i:05d}AAQ",
        "Name": f"Support automation, wave {i}",
        "Account.Name": CUSTOMERS[i % len(CUSTOMERS)] + ("" if i < len(CUSTOMERS) else f" {i}"),
        "Account.Industry": INDUSTRIES[i % len(INDUSTRIES)],
        "CurrencyIsoCode": "EUR",
        "StageName": "Proposal/Price Quote",
        "Probability": "75",
        "CloseDate": "12/15/2026",
        "Amount": "21,360.00",
        "Product2.Name": "Service platform, Professional tier",
        "Quantity": f"{10 + i % 25}.0",
        "UnitPrice": "1,089.00" if i % 10 == 3 else "89.00",
        "Discount": "" if i % 4 == 0 else f"{i % 3 * 5}.0",
        "OwnerId": "0058d000004AbCdAAK",
        "Proposal_Date__c": PROPOSAL_DATES[i % len(PROPOSAL_DATES)],
    }
    if i in SALESFORCE_BAD:
        column, value, _ = SALESFORCE_BAD[i]
        row[column] = value
    return row


def hubspot_row(i: int) -> dict[str, str]:
    row = {
        "hs_object_id": f"1523456{i:04d}",
        "dealname": f"Helpdesk rollout {i}",
        "associated_company_name": CUSTOMERS[(i + 3) % len(CUSTOMERS)] + f" ({i})",
        "deal_currency_code": "EUR",
        "dealstage": "contractsent",
        "pipeline": "default",
        "closedate": "2026-12-15T00:00:00.000Z" if i % 2 else "2026-12-15 00:00",
        "amount": "21360",
        "name": "" if i % 5 == 0 else "Service platform, Professional tier",
        "quantity": str(8 + i % 20),
        "price": "89",
        "hs_discount_percentage": "" if i % 3 else "10",
        "hubspot_owner_id": "41234567",
    }
    if i in HUBSPOT_BAD:
        column, value, _ = HUBSPOT_BAD[i]
        row[column] = value
    return row


def write_csv(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, columns, quoting=csv.QUOTE_MINIMAL)
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(["batch", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def manifest(out: Path) -> list[dict[str, str]]:
    with (out / "manifest.csv").open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def customer_documents(out: Path, playbook: str = "proposal") -> list[Path]:
    return sorted(p for p in out.glob(f"{playbook}-*.docx") if "-internal" not in p.name)


def document_text(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    parts += [p.text for section in document.sections for p in section.header.paragraphs]
    return "\n".join(parts)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def salesforce_run(tmp_path_factory):
    """The Salesforce export through ``kit batch``, once for the tests that read its output."""
    folder = tmp_path_factory.mktemp("salesforce")
    table = write_csv(
        folder / "opportunities.csv", SALESFORCE, [salesforce_row(i) for i in range(ROWS)]
    )
    team = folder / "acme-salesforce.yaml"
    team.write_text(TEAM_MAPPING, encoding="utf-8")
    out = folder / "out"
    args = ["proposal", "--rows", str(table), "--base", str(BASE), "--mapping", str(team)]
    args += ["--out", str(out)]
    code = cli.main(["batch", *args])
    return code, out, args


def test_salesforce_export_writes_47_documents_and_names_each_bad_row(salesforce_run):
    code, out, _ = salesforce_run
    assert code == 1
    lines = manifest(out)
    assert [int(line["row"]) for line in lines] == list(range(2, ROWS + 2))
    failed = {int(line["row"]) - 2: line for line in lines if line["status"] == "invalid"}
    assert sorted(failed) == sorted(SALESFORCE_BAD)
    for i, (column, _, path) in SALESFORCE_BAD.items():
        error = failed[i]["error"]
        assert error.startswith(f"opportunities.csv row {i + 2}, column '{column}', field {path}:")
        assert not failed[i]["files"]
    written = [line for line in lines if line["status"] in {"ok", "edits"}]
    assert len(written) == ROWS - 3
    assert len(customer_documents(out)) == ROWS - 3
    for line in written:
        names, hashes = line["files"].split(";"), line["sha256"].split(";")
        assert f"proposal-{line['id']}.docx" in names
        assert [sha256(out / name) for name in names] == hashes
    assert not (out / ".kit-batch").exists()


def test_bad_rows_say_what_is_wrong_with_the_cell(salesforce_run):
    _, out, _ = salesforce_run
    errors = {line["row"]: line["error"] for line in manifest(out) if line["error"]}
    assert "Input should be greater than or equal to 1" in errors["9"]
    assert "'1.250,00' is not a number; write it like 1250.00" in errors["21"]
    assert "'31/12/2026' is not a date in a format the mapping accepts" in errors["35"]
    assert "%m/%d/%Y" in errors["35"]


def test_cells_land_in_the_document_in_every_script(salesforce_run):
    _, out, _ = salesforce_run
    by_row = {int(line["row"]) - 2: line for line in manifest(out)}
    for i in (0, 3, 4):
        text = document_text(out / f"proposal-{by_row[i]['id']}.docx")
        assert salesforce_row(i)["Account.Name"] in text
        assert salesforce_row(i)["Name"] in text
    assert by_row[0]["id"] == "0068d0000000000aaq"


def test_manifest_json_has_the_rows_and_the_summary(salesforce_run):
    _, out, _ = salesforce_run
    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert data["playbook"] == "proposal"
    assert len(data["rows"]) == ROWS
    assert data["summary"]["rows"] == ROWS
    assert data["summary"]["exit_code"] == 1
    assert data["summary"]["statuses"]["invalid"] == 3
    bad = next(row for row in data["rows"] if row["row"] == 9)
    assert bad["errors"][0].startswith("opportunities.csv row 9, column 'Quantity'")


def test_a_rerun_skips_the_unchanged_rows(salesforce_run, capsys):
    _, out, args = salesforce_run
    before = {p.name: sha256(p) for p in out.glob("*.docx")}
    code, stdout, stderr = run_cli(capsys, *args)
    assert code == 1
    assert f"{ROWS - 3} unchanged since the last run: skipped, files intact" in stdout
    lines = manifest(out)
    assert sum(line["skipped"] == "yes" for line in lines) == ROWS - 3
    assert all(line["skipped"] == "" for line in lines if line["status"] == "invalid")
    assert {p.name: sha256(p) for p in out.glob("*.docx")} == before
    assert "progress: 50/50 rows" in stderr


def test_a_rerun_renders_a_row_again_when_its_file_was_damaged(tmp_path, capsys):
    table = write_csv(tmp_path / "o.csv", SALESFORCE, [salesforce_row(i) for i in (0, 1)])
    team = tmp_path / "team.yaml"
    team.write_text(TEAM_MAPPING, encoding="utf-8")
    out = tmp_path / "out"
    args = ["proposal", "--rows", str(table), "--base", str(BASE), "--mapping", str(team)]
    args += ["--out", str(out)]
    assert run_cli(capsys, *args)[0] == 0
    damaged = customer_documents(out)[0]
    good = damaged.read_bytes()
    damaged.write_bytes(b"not a document")
    code, stdout, _ = run_cli(capsys, *args)
    assert code == 0
    assert "1 unchanged since the last run" in stdout
    assert damaged.read_bytes() == good


def test_an_interrupted_run_resumes_after_the_rows_it_finished(tmp_path, monkeypatch, capsys):
    rows = [salesforce_row(i) for i in range(4)]
    out = tmp_path / "out"
    args = ["proposal", "--rows", str(tmp_path / "o.csv"), "--base", str(BASE)]
    args += ["--mapping", "salesforce", "--out", str(out)]
    process = work.process

    def interrupt_at(row: int):
        def interrupted(task, job):
            if task.row == row:
                raise KeyboardInterrupt
            return process(task, job)

        monkeypatch.setattr(work, "process", interrupted)

    write_csv(tmp_path / "o.csv", SALESFORCE, rows)
    interrupt_at(4)
    with pytest.raises(KeyboardInterrupt):
        cli.main(["batch", *args])
    assert [line["row"] for line in manifest(out)] == ["2", "3"]
    assert not (out / "manifest.json").exists()
    assert not (out / ".kit-batch").exists()
    monkeypatch.setattr(work, "process", process)
    code, stdout, _ = run_cli(capsys, *args)
    assert code == 0
    assert "2 unchanged since the last run" in stdout
    assert [line["skipped"] for line in manifest(out)] == ["yes", "yes", "", ""]

    rows[0]["Name"] = "A renamed opportunity"
    write_csv(tmp_path / "o.csv", SALESFORCE, rows)
    interrupt_at(2)
    with pytest.raises(KeyboardInterrupt):
        cli.main(["batch", *args])
    monkeypatch.setattr(work, "process", process)
    code, stdout, _ = run_cli(capsys, *args)
    assert code == 0
    assert "3 unchanged since the last run" in stdout
    assert [line["skipped"] for line in manifest(out)] == ["", "yes", "yes", "yes"]


def test_a_rejected_proposal_writes_the_internal_brief_only(tmp_path, capsys):
    rows = [salesforce_row(0), salesforce_row(1)]
    rows[1]["Proposal_Date__c"] = "2/1/2027"  # after the first milestone: the desk rejects
    table = write_csv(tmp_path / "o.csv", SALESFORCE, rows)
    team = tmp_path / "team.yaml"
    team.write_text(TEAM_MAPPING, encoding="utf-8")
    out = tmp_path / "out"
    args = ["proposal", "--rows", str(table), "--base", str(BASE), "--mapping", str(team)]
    args += ["--out", str(out)]
    code, stdout, _ = run_cli(capsys, *args)
    assert code == 1
    assert "1 review failed" in stdout
    rejected = manifest(out)[1]
    assert rejected["status"] == "review_failed"
    assert rejected["files"] == f"proposal-{rejected['id']}-internal.docx"
    assert rejected["error"].startswith(
        f"deal-desk review failed; not written: proposal-{rejected['id']}.docx | [reject] "
    )
    assert not (out / f"proposal-{rejected['id']}.docx").exists()
    code, _, _ = run_cli(capsys, *args)
    assert code == 1
    assert [line["skipped"] for line in manifest(out)] == ["yes", "yes"]
    assert manifest(out)[1]["status"] == "review_failed"


def test_hubspot_export_with_the_shipped_mapping(tmp_path, capsys):
    table = write_csv(tmp_path / "deals.csv", HUBSPOT, [hubspot_row(i) for i in range(ROWS)])
    out = tmp_path / "out"
    code, stdout, _ = run_cli(
        capsys,
        "proposal",
        *("--rows", str(table), "--base", str(BASE), "--mapping", "hubspot", "--out", str(out)),
    )
    assert code == 1
    assert "3 invalid" in stdout
    lines = manifest(out)
    failed = {int(line["row"]) - 2: line["error"] for line in lines if line["status"] == "invalid"}
    assert sorted(failed) == sorted(HUBSPOT_BAD)
    for i, (column, _, path) in HUBSPOT_BAD.items():
        assert failed[i].startswith(f"deals.csv row {i + 2}, column '{column}', field {path}:")
    assert "the cell is empty (required)" in failed[40]
    assert len(customer_documents(out)) == ROWS - 3
    text = document_text(out / "proposal-15234560003.docx")
    assert hubspot_row(3)["associated_company_name"] in text


def test_salesforce_accounts_for_the_account_playbooks(tmp_path, capsys):
    columns = ["Id", "Name", "Industry", "Type", "AnnualRevenue", "BillingCountry"]
    rows = [
        ["0018d00000XyZaBAAV", 'Harbour & Finch "Northline" Logistics Ltd', "", "", "", "IE"],
        ["0018d00000XyZaCAAV", "شركة الميناء للشحن", "Logistics", "Customer", "1,000", "AE"],
    ]
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    table = write_csv(tmp_path / "accounts.csv", columns, records)
    out = tmp_path / "out"
    code, _, stderr = run_cli(
        capsys,
        "value_review",
        *("--rows", str(table), "--base", str(example_path("account-review.yaml"))),
        *("--mapping", "salesforce", "--out", str(out)),
    )
    assert code == 0, stderr
    assert [line["id"] for line in manifest(out)] == ["0018d00000xyzabaav", "0018d00000xyzacaav"]
    text = document_text(out / "value_review-0018d00000xyzacaav.docx")
    assert "شركة الميناء للشحن" in text


def test_scheduler_local_writes_the_same_bytes_as_workers(tmp_path, capsys):
    """Eleven rows: a full group of eight goes to a Dask worker as one task, then a group of
    three; the two rows the model refuses fail alone, inside their group, as in a pool."""
    pytest.importorskip("distributed")
    rows = [salesforce_row(i) for i in range(11)]
    rows[4]["Quantity"] = "0"
    table = write_csv(tmp_path / "o.csv", SALESFORCE, rows)
    team = tmp_path / "team.yaml"
    team.write_text(TEAM_MAPPING, encoding="utf-8")
    common = ["proposal", "--rows", str(table), "--base", str(BASE), "--mapping", str(team)]
    processes, dask = tmp_path / "processes", tmp_path / "dask"
    code, _, stderr = run_cli(capsys, *common, "--out", str(processes), "--workers", "2")
    assert code == 1, stderr
    code, _, stderr = run_cli(
        capsys, *common, "--out", str(dask), "--scheduler", "local", "--workers", "2"
    )
    assert code == 1, stderr
    written = sorted(p.name for p in processes.glob("*.docx"))
    assert len(written) == 18
    assert sorted(p.name for p in dask.glob("*.docx")) == written
    for name in written:
        assert (processes / name).read_bytes() == (dask / name).read_bytes(), name
    statuses = [(line["row"], line["status"]) for line in manifest(dask)]
    assert statuses == [(line["row"], line["status"]) for line in manifest(processes)]
    assert [row for row, status in statuses if status != "ok"] == ["6", "9"]


def test_xlsx_rows_read_as_typed(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Id", "Account.Name", "Quantity", "Discount", "pricing.term_months"])
    sheet.append(["0068d00000ABCDEAAQ", "Ørsted Service A/S", 25, 0.1, 36])
    sheet.append(["0068d00000ABCDFAAQ", "شركة النور للتجارة", 12.0, 0.05, None])
    sheet.append([None, None, None, None, None])
    sheet["D2"].number_format = "0%"
    sheet["D3"].number_format = "0.0%"
    path = tmp_path / "opportunities.xlsx"
    book.save(path)
    rows = list(sources.Table(path).rows())
    assert [row.number for row in rows] == [2, 3]
    assert rows[0].cells["Quantity"] == "25"
    assert rows[0].cells["Discount"] == "10%"
    assert rows[1].cells["Quantity"] == "12"
    assert rows[1].cells["Discount"] == "5%"
    assert rows[1].cells["pricing.term_months"] is None
    out = tmp_path / "out"
    code, _, stderr = run_cli(
        capsys,
        "proposal",
        *("--rows", str(path), "--base", str(BASE), "--mapping", "salesforce", "--out", str(out)),
    )
    assert code == 0, stderr
    assert [line["id"] for line in manifest(out)] == ["0068d00000abcdeaaq", "0068d00000abcdfaaq"]
    text = document_text(out / "proposal-0068d00000abcdeaaq.docx")
    assert "Ørsted Service A/S" in text
    assert "36 months" in text


def test_a_mapping_with_an_unknown_field_path_stops_before_any_row(tmp_path, capsys):
    table = write_csv(tmp_path / "o.csv", SALESFORCE, [salesforce_row(0)])
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "extends: salesforce\nkinds:\n  deal:\n    columns:\n"
        "      Seats__c: {field: pricing.subscription.quantitty, optional: true}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        capsys,
        "proposal",
        *("--rows", str(table), "--base", str(BASE), "--mapping", str(bad), "--out", str(out)),
    )
    assert code == 2
    assert stdout == ""
    assert (
        f"error: {bad}: kinds.deal.columns.Seats__c: unknown field path "
        "'pricing.subscription.quantitty': no field 'quantitty' under 'pricing.subscription'"
    ) in stderr
    assert not out.exists()


@pytest.mark.parametrize(
    ("columns", "mapping_name", "message"),
    [
        (["Id", "Quantity"], "salesforce-renewals", "no columns for 'deal' files"),
        (["id", "customer.nmae"], None, "column 'customer.nmae' is neither a field path"),
        (["Amount"], None, "column 'Amount' is neither a field path: 'Amount': no field"),
        (["Name", "title"], "salesforce", "columns 'Name' and 'title' both fill title"),
        (["Name"], "salesforce", "the mapping salesforce needs column 'Id'"),
    ],
)
def test_command_problems_exit_2_before_any_row(tmp_path, capsys, columns, mapping_name, message):
    table = write_csv(tmp_path / "o.csv", columns, [dict.fromkeys(columns, "x")])
    args = ["proposal", "--rows", str(table), "--base", str(BASE), "--out", str(tmp_path / "o")]
    if mapping_name:
        args += ["--mapping", mapping_name]
    code, _, stderr = run_cli(capsys, *args)
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "o").exists()


def test_two_rows_with_one_id_fail_the_later_one(tmp_path, capsys):
    rows = [salesforce_row(0), salesforce_row(1)]
    rows[1]["Id"] = rows[0]["Id"]
    table = write_csv(tmp_path / "o.csv", SALESFORCE, rows)
    out = tmp_path / "out"
    code, _, _ = run_cli(
        capsys,
        "proposal",
        *("--rows", str(table), "--base", str(BASE), "--mapping", "salesforce", "--out", str(out)),
    )
    assert code == 1
    first, second = manifest(out)
    assert first["status"] in {"ok", "edits"}
    assert second["status"] == "invalid"
    assert "is also the id of row 2" in second["error"]
    assert len(customer_documents(out)) == 1


def test_a_folder_of_parameters_files_from_python(tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    good = example_data("saas-subscription.yaml")
    write_yaml(folder, good, "a-good.yaml")
    broken = example_data("saas-subscription.yaml")
    broken["id"] = "another-deal"
    broken["pricing"]["term_months"] = 0
    write_yaml(folder, broken, "b-broken.yaml")
    summary = kit.batch("proposal", folder, tmp_path / "out", progress=False)
    assert summary.exit_code == 1
    assert summary.statuses.get("invalid") == 1
    first, second = manifest(tmp_path / "out")
    assert first["id"] == good["id"]
    assert second["source"] == str(folder / "b-broken.yaml")
    assert second["error"].startswith(f"{folder / 'b-broken.yaml'}: pricing.term_months: ")


def test_a_row_the_desk_now_rejects_loses_its_earlier_customer_copy(tmp_path):
    folder = tmp_path / "deals"
    folder.mkdir()
    deal = example_data("saas-subscription.yaml")
    write_yaml(folder, deal, "deal.yaml")
    out = tmp_path / "out"
    assert kit.batch("proposal", folder, out, progress=False).exit_code == 0
    customer = out / f"proposal-{deal['id']}.docx"
    assert customer.exists()
    deal["terms"]["support_promise"]["coverage"] = "24x7"
    write_yaml(folder, deal, "deal.yaml")
    summary = kit.batch("proposal", folder, out, progress=False)
    assert summary.statuses == {"review_failed": 1}
    assert not customer.exists()
    assert (out / f"proposal-{deal['id']}-internal.docx").exists()


def test_a_replaced_logo_renders_the_row_again(tmp_path):
    import shutil

    folder = tmp_path / "deals"
    folder.mkdir()
    logo = folder / "logo.png"
    shutil.copyfile(EXAMPLES / "brightline-logo.png", logo)
    deal = example_data("saas-subscription.yaml")
    deal["seller"]["logo"] = "logo.png"
    write_yaml(folder, deal, "deal.yaml")
    out = tmp_path / "out"
    kit.batch("proposal", folder, out, progress=False)
    assert kit.batch("proposal", folder, out, progress=False).skipped == 1
    shutil.copyfile(EXAMPLES / "fleetwise-logo.png", logo)
    again = kit.batch("proposal", folder, out, progress=False)
    assert again.skipped == 0
    assert again.statuses == {"ok": 1}


def test_notebooks_keep_the_executed_notebook_and_the_same_document(tmp_path, capsys):
    table = write_csv(tmp_path / "o.csv", SALESFORCE, [salesforce_row(1)])
    common = ["proposal", "--rows", str(table), "--base", str(BASE), "--mapping", "salesforce"]
    code, _, stderr = run_cli(capsys, *common, "--out", str(tmp_path / "plain"))
    assert code == 0, stderr
    code, _, stderr = run_cli(capsys, *common, "--out", str(tmp_path / "audit"), "--notebooks")
    assert code == 0, stderr
    (line,) = manifest(tmp_path / "audit")
    assert f"proposal-{line['id']}.ipynb" in line["files"].split(";")
    name = f"proposal-{line['id']}.docx"
    assert (tmp_path / "audit" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()


@pytest.mark.pdf
def test_pdf_beside_every_document(tmp_path, capsys):
    from kit import pdf

    try:
        pdf.require()
    except KitError as exc:
        pytest.skip(str(exc))
    table = write_csv(tmp_path / "o.csv", SALESFORCE, [salesforce_row(i) for i in (0, 1)])
    out = tmp_path / "out"
    code, _, stderr = run_cli(
        capsys,
        "proposal",
        *("--rows", str(table), "--base", str(BASE), "--mapping", "salesforce"),
        *("--out", str(out), "--pdf"),
    )
    assert code == 0, stderr
    for line in manifest(out):
        pdfs = [name for name in line["files"].split(";") if name.endswith(".pdf")]
        assert f"proposal-{line['id']}.pdf" in pdfs
        assert (out / pdfs[0]).read_bytes().startswith(b"%PDF")


# --- the pieces --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("model", "path", "problem"),
    [
        (Deal, "outcomes[0].target", None),
        (Deal, "pricing.subscription.unit_price", None),
        (Account, "addons[0].benefit.people", None),
        (Account, "addons[0].benefit.churn_after", None),
        (Deal, "outcomes.target", "'outcomes.target': no field 'target' under 'outcomes'"),
        (Deal, "customer[0]", "'customer[0]': 'customer' is not a list"),
        (Deal, "pricing..currency", "'pricing..currency' is not a field path"),
    ],
)
def test_field_paths_are_checked_against_the_model(model, path, problem):
    found = fields.problem(model, path)
    assert (found is None) if problem is None else found.startswith(problem)


def test_assign_creates_sections_and_appends_in_order():
    data = {"outcomes": [{"id": "O1"}], "pricing": {"subscription": None}}
    fields.assign(data, fields.parse("pricing.subscription.quantity"), "5")
    fields.assign(data, fields.parse("outcomes[1].id"), "O2")
    fields.assign(data, fields.parse("outcomes[1].statement"), "Faster")
    assert data == {
        "outcomes": [{"id": "O1"}, {"id": "O2", "statement": "Faster"}],
        "pricing": {"subscription": {"quantity": "5"}},
    }
    with pytest.raises(fields.PathError, match="position 5 is past the end of outcomes"):
        fields.assign(data, fields.parse("outcomes[5].id"), "O6")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,250.00", "1250"),
        ("20.0", "20"),
        ("0.125", "0.125"),
        ("-3", "-3"),
        ("1 089", "1089"),
        ("12.50%", "12.50%"),
    ],
)
def test_numbers_lose_separators_but_keep_their_value(text, expected):
    assert mapping.number(text) == expected


@pytest.mark.parametrize("text", ["1.250,00", "12,50", "ten", "1,2345"])
def test_numbers_in_other_notations_are_refused(text):
    with pytest.raises(ValueError, match="is not a number"):
        mapping.number(text)


def test_dates_in_the_exports_formats():
    formats = mapping.load("salesforce").date_formats
    assert mapping.parse_date("12/1/2026", formats).isoformat() == "2026-12-01"
    assert mapping.parse_date("2026-12-01T00:00:00.000Z", ()).isoformat() == "2026-12-01"
    assert mapping.parse_date("2026-12-01 00:00", ()).isoformat() == "2026-12-01"


def test_slugs_from_crm_ids_and_names():
    assert mapping.slug("0065g00000AbCdEAAZ") == "0065g00000abcdeaaz"
    assert mapping.slug("Café Olé S.A.") == "cafe-ole-s-a"
    with pytest.raises(ValueError, match="no letters or digits"):
        mapping.slug("شركة")


def test_shipped_mappings_fit_their_models():
    for name in mapping.shipped():
        found = mapping.load(name)
        for kind, spec in found.kinds.items():
            model = {"deal": Deal, "account": Account}[kind]
            for column, entry in spec.columns.items():
                assert fields.problem(model, entry.field) is None, (name, column)


def test_import_kit_stays_cheap():
    code = (
        "import sys, kit; kit.batch; "
        "print(sorted(m for m in ('papermill', 'nbformat', 'matplotlib', 'docxtpl', "
        "'distributed', 'openpyxl', 'tqdm') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("extra", "problem"),
    [
        (["--workers", "0"], "workers: must be 1 or more (got 0)"),
        (
            ["--base", str(BASE)],
            "a base file and a mapping apply to a table of rows; parameters files are complete",
        ),
    ],
    ids=["no-workers", "base-with-files"],
)
def test_a_batch_that_cannot_start_says_why_and_writes_nothing(tmp_path, capsys, extra, problem):
    out = tmp_path / "out"
    rows = str(example_path("saas-subscription.yaml"))
    code, stdout, stderr = run_cli(capsys, "proposal", "--rows", rows, "--out", str(out), *extra)
    assert (code, stdout, stderr) == (2, "", f"error: {problem}\n")
    assert not out.exists()


class _Cluster:
    """Stands in for a Dask client: each submitted group is run at once and recorded."""

    def __init__(self) -> None:
        self.groups: list[list[int]] = []

    def submit(self, function, tasks, job, pure):
        assert function is work.process_rows and pure is False
        self.groups.append(list(tasks))
        done = [Outcome(row=task, source="t", id=f"r{task}", status="ok") for task in tasks]
        return type("Future", (), {"result": lambda self: done})()


def test_dask_groups_rows_and_a_group_needed_early_is_closed(monkeypatch):
    """Rows go in eights; when the batch needs a row of a group that is not full (finished
    rows between them used up the window), that group goes as it is and the next row starts
    a new one, so no row is lost or sent twice."""
    cluster = _Cluster()
    dask = object.__new__(executors.Dask)
    dask._client, dask._job, dask.window = cluster, "job", 64
    dask._group = executors._DaskGroup(cluster, "job")
    skipped = [Outcome(row=n, source="t", id=f"s{n}", status="ok") for n in range(100, 178)]
    items = [*range(9), *skipped, *range(9, 14)]
    rows = [outcome.row for outcome in engine._results(iter(items), dask, "job")]
    assert rows == [*range(9), *range(100, 178), *range(9, 14)]
    assert cluster.groups == [[0, 1, 2, 3, 4, 5, 6, 7], [8], [9, 10, 11, 12, 13]]


def test_a_row_that_names_its_customer_drops_the_base_customers_logo(tmp_path, capsys):
    """The base (the SaaS example) carries Müller & Søn's logo and addresses Katrin Müller; a
    row for another customer must print neither. A row that leaves the name to the base keeps
    the base's customer, logo and all."""
    other, same = salesforce_row(0), {**salesforce_row(2), "Account.Name": ""}
    table = write_csv(tmp_path / "o.csv", SALESFORCE, [other, same])
    out = tmp_path / "out"
    args = ["proposal", "--rows", str(table), "--base", str(BASE), "--mapping", "salesforce"]
    code, _, stderr = run_cli(capsys, *args, "--out", str(out))
    assert code == 0, stderr
    covers = {}
    for path in customer_documents(out):
        addressee = docx.Document(str(path)).tables[0].rows[0].cells[0]
        covers[addressee.text] = image_sizes_mm(addressee._tc)
    assert covers == {
        f"Prepared for\n{other['Account.Name']}": [],
        "Prepared for\nKatrin Müller\nCOO and budget owner\nMüller & Søn <GmbH>\n": [(36, 12)],
    }


def test_a_row_for_another_customer_starts_without_the_base_customers_sponsor():
    """The base's sponsor (Ewa Brandt, COO) goes with the base's customer: a row naming another
    customer has the sponsor its own cells give, or none; a row that names no customer keeps
    the base's."""
    model = registry.get("renewal").model()
    base = example_data("account-review.yaml")
    header = ["id", "customer.name", "sponsor.name"]
    plan = mapping.plan(header, model, "account", None, "t.csv")

    def row(*cells: str) -> dict:
        return plan.apply(copy.deepcopy(base), dict(zip(header, cells, strict=True)))

    assert row("a1", "Kestrel Ltd", "Jo Li")["sponsor"] == {"name": "Jo Li"}
    assert "sponsor" not in row("a2", "Kestrel Ltd", "")
    assert row("a3", "", "")["sponsor"] == {"name": "Ewa Brandt", "role": "COO"}


def test_the_bundled_batch_base_writes_proposals_that_name_only_their_own_customer(
    tmp_path, capsys
):
    """The README's batch runs over examples/batch-base.yaml: every row's proposal passes the
    deal desk and carries no name of the SaaS example's customer or its people."""
    rows = [salesforce_row(i) for i in (0, 2, 5)]
    table = write_csv(tmp_path / "o.csv", SALESFORCE, rows)
    out = tmp_path / "out"
    base = example_path("batch-base.yaml")
    args = ["proposal", "--rows", str(table), "--base", str(base), "--mapping", "salesforce"]
    code, _, stderr = run_cli(capsys, *args, "--out", str(out))
    assert code == 0, stderr
    assert {line["status"] for line in manifest(out)} == {"ok"}
    saas = example_data("saas-subscription.yaml")
    theirs = [p["name"] for p in saas["stakeholders"] if p["side"] == "customer"]
    for path, row in zip(customer_documents(out), rows, strict=True):
        text = document_text(path)
        assert row["Account.Name"] in text
        assert [name for name in [*theirs, "Müller"] if name in text] == []
