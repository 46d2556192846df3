"""The deal desk stands between a proposal and the customer: reject, edits, and drafts."""

from __future__ import annotations

import os
import shutil
import subprocess

import docx
import pytest
from conftest import example_data, example_path, write_yaml

from kit import cli

SLUG = "mueller-soen-support-automation"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def rejected_deal(tmp_path):
    """The SaaS example promising 24x7 support that delivery cannot staff."""
    data = example_data("saas-subscription.yaml")
    data["terms"]["support_promise"]["coverage"] = "24x7"
    return write_yaml(tmp_path, data, "deal.yaml")


def headers_of(path) -> list[str]:
    document = docx.Document(str(path))
    texts = []
    for section in document.sections:
        for header in (section.header, section.first_page_header):
            texts.append(header.paragraphs[0].text if header.paragraphs else "")
    return texts


def test_a_rejected_proposal_exits_3_and_writes_the_internal_brief_only(
    capsys, rejected_deal, tmp_path
):
    out = tmp_path / "out"
    code, stdout, stderr = run(
        capsys, "run", "proposal", "--params", str(rejected_deal), "--out", str(out)
    )
    assert code == 3
    assert sorted(p.name for p in out.iterdir()) == [
        f"proposal-{SLUG}-internal.docx",
        "proposal.ipynb",
    ]
    assert f"  proposal-{SLUG}-internal.docx" in stdout.splitlines()
    assert f"not written: proposal-{SLUG}.docx" in stderr
    assert "24x7 support is promised but delivery covers business hours only" in stderr
    brief = docx.Document(str(out / f"proposal-{SLUG}-internal.docx"))
    assert "Decision: Reject" in [p.text for p in brief.paragraphs]


def test_draft_writes_the_customer_copy_marked_draft_on_every_page(capsys, rejected_deal, tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = run(
        capsys, "run", "proposal", "--params", str(rejected_deal), "--out", str(out), "--draft"
    )
    assert code == 0
    assert "the customer copy is a DRAFT" in stdout
    customer = out / f"proposal-{SLUG}.docx"
    assert all(text.startswith("DRAFT") for text in headers_of(customer))
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("KIT_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice is required here (KIT_REQUIRE_SOFFICE is set)")
        return
    subprocess.run(
        [
            soffice,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(customer),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    from pypdf import PdfReader

    pages = PdfReader(str(tmp_path / customer.with_suffix(".pdf").name)).pages
    assert len(pages) > 3
    assert all("DRAFT" in page.extract_text() for page in pages)


def test_approve_with_edits_writes_both_and_prints_the_edits(capsys, tmp_path):
    out = tmp_path / "out"
    code, stdout, _ = run(
        capsys,
        "run",
        "proposal",
        "--params",
        str(example_path("fixed-scope-services.yaml")),
        "--out",
        str(out),
    )
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "proposal-harbourside-crm-rollout-internal.docx",
        "proposal-harbourside-crm-rollout.docx",
        "proposal.ipynb",
    ]
    assert "approve with edits" in stdout
    assert "O2 lacks measurement method" in stdout
    assert all(not h.startswith("DRAFT") for h in headers_of(out / names[1]))


def test_a_rejection_removes_the_customer_copy_an_earlier_run_wrote(
    capsys, rejected_deal, tmp_path
):
    out = tmp_path / "out"
    approved = str(example_path("saas-subscription.yaml"))
    assert run(capsys, "run", "proposal", "--params", approved, "--out", str(out))[0] == 0
    assert (out / f"proposal-{SLUG}.docx").exists()
    code, _, _ = run(capsys, "run", "proposal", "--params", str(rejected_deal), "--out", str(out))
    assert code == 3
    assert not (out / f"proposal-{SLUG}.docx").exists()
    assert (out / f"proposal-{SLUG}-internal.docx").exists()
