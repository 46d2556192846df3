"""PDF conversion through LibreOffice: real documents in, real PDFs out, read back with pypdf.

Tests that need LibreOffice skip when it is absent, unless ``KIT_REQUIRE_SOFFICE=1`` (CI) makes
them fail. The process-level facts (how many times LibreOffice started, that a timeout leaves
no LibreOffice behind) are observed through a ``KIT_SOFFICE`` wrapper that logs each start's
process id before handing over to the real program.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import example_path
from pypdf import PdfReader

from kit import cli, document, params, pdf, registry
from kit.errors import ConversionError, UsageError

pytestmark = pytest.mark.pdf

CUSTOMER = "Müller & Søn <GmbH>"
OWNER = "山田 太郎"
PROPOSAL_PAGES = 8
INSTALL = "on Debian/Ubuntu: apt-get install libreoffice-writer-nogui"


@pytest.fixture(scope="module")
def soffice() -> str:
    """The real LibreOffice program, or a skip (a failure under KIT_REQUIRE_SOFFICE=1)."""
    try:
        pdf.require()
        return pdf.find_soffice()
    except ConversionError as exc:
        if os.environ.get("KIT_REQUIRE_SOFFICE") == "1":
            pytest.fail(f"LibreOffice is required here (KIT_REQUIRE_SOFFICE=1): {exc}")
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def proposal(tmp_path_factory) -> Path:
    """The proposal rendered from the SaaS example, as ``kit run`` would write it."""
    playbook = registry.get("proposal")
    analysis = playbook.analysis(params.load(example_path("saas-subscription.yaml")))
    written = document.write(playbook, analysis, tmp_path_factory.mktemp("rendered"))
    [customer] = [path for path in written.files if not path.stem.endswith("-internal")]
    return customer


@pytest.fixture(scope="module")
def converter(soffice):
    with pdf.Converter() as own:
        yield own


def copies(source: Path, folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    return [shutil.copyfile(source, folder / f"copy-{n}.docx") for n in range(1, count + 1)]


def logging_soffice(folder: Path, real: str) -> tuple[Path, Path]:
    """A ``KIT_SOFFICE`` stand-in that appends its process id to a log, then becomes the real
    LibreOffice (``exec`` keeps the id, so it is also the id of LibreOffice's process group)."""
    log = folder / "starts.log"
    wrapper = folder / "soffice"
    wrapper.write_text(f'#!/bin/sh\necho $$ >> "{log}"\nexec "{real}" "$@"\n', encoding="utf-8")
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return wrapper, log


def live_in_group(group: int) -> set[int]:
    """Processes of a process group that have not exited (zombies count as exited)."""
    live = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # it exited while we looked
        state, process_group = fields[0], int(fields[2])
        if process_group == group and state not in {"Z", "X"}:
            live.add(int(entry.name))
    return live


def pdf_text(path: Path) -> tuple[int, list[str]]:
    reader = PdfReader(path)
    return len(reader.pages), [page.extract_text() for page in reader.pages]


def test_the_proposal_becomes_a_pdf_with_its_pages_and_names(converter, proposal, tmp_path):
    [written] = converter.convert([proposal], tmp_path)
    assert written == tmp_path / f"{proposal.stem}.pdf"
    assert written.read_bytes().startswith(b"%PDF-")
    pages, texts = pdf_text(written)
    footers = [re.search(r"Page (\d+) of (\d+)", text) for text in texts]
    numbered = [(int(m[1]), int(m[2])) for m in footers if m]
    # Eight pages with Carlito standing in for Calibri; a change here means the layout moved
    # (a font fell back to another, or the template or the example grew).
    assert pages == PROPOSAL_PAGES
    # The cover has no footer; every later page numbers itself out of the PDF's real length.
    assert numbered == [(number, pages) for number in range(2, pages + 1)]
    whole = "\n".join(texts)
    assert f"Proposal for {CUSTOMER}" in whole
    assert OWNER in whole


def test_pdftotext_reads_the_cjk_name_from_the_embedded_font(converter, proposal, tmp_path):
    [written] = converter.convert([proposal], tmp_path)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(written), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert OWNER in text
    assert CUSTOMER in text


def test_one_libreoffice_converts_every_document(soffice, proposal, tmp_path):
    documents = copies(proposal, tmp_path / "in", 3)
    with pdf.Converter() as own:
        first = own.convert(documents[:2])
        second = own.convert(documents[2:], tmp_path / "out")
        assert own.starts == 1
    assert first == [tmp_path / "in" / "copy-1.pdf", tmp_path / "in" / "copy-2.pdf"]
    assert second == [tmp_path / "out" / "copy-3.pdf"]
    for path in first + second:
        assert path.read_bytes().startswith(b"%PDF-")


def test_kit_pdf_converts_two_files_with_one_libreoffice_start(soffice, proposal, tmp_path):
    wrapper, log = logging_soffice(tmp_path, soffice)
    [one] = copies(proposal, tmp_path / "a", 1)
    [two] = copies(proposal, tmp_path / "b", 1)
    result = subprocess.run(
        [sys.executable, "-m", "kit", "pdf", str(one), str(two)],
        capture_output=True,
        text=True,
        env={**os.environ, "KIT_SOFFICE": str(wrapper)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    beside = [tmp_path / "a" / "copy-1.pdf", tmp_path / "b" / "copy-1.pdf"]
    assert result.stdout.splitlines() == [f"wrote {path}" for path in beside]
    for path in beside:
        assert path.read_bytes().startswith(b"%PDF-")
    assert len(log.read_text().split()) == 1


@pytest.mark.parametrize("how", ["KIT_SOFFICE", "PATH"])
def test_missing_libreoffice_is_one_line_and_exit_1(how, proposal, tmp_path, monkeypatch, capsys):
    if how == "KIT_SOFFICE":
        monkeypatch.setenv("KIT_SOFFICE", str(tmp_path / "nowhere" / "soffice"))
        expected = f"LibreOffice is not installed at KIT_SOFFICE={tmp_path}/nowhere/soffice"
    else:
        monkeypatch.delenv("KIT_SOFFICE", raising=False)
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.setattr(pdf, "MACOS_SOFFICE", tmp_path / "LibreOffice.app" / "soffice")
        expected = "LibreOffice is not installed"
    code = cli.main(["pdf", str(proposal), "--out", str(tmp_path / "out")])
    assert code == 1
    assert capsys.readouterr().err == f"error: {expected}; {INSTALL}\n"
    assert not list((tmp_path / "out").iterdir())


def test_kit_run_pdf_without_libreoffice_fails_before_the_notebook(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("KIT_SOFFICE", str(tmp_path / "nowhere"))
    out = tmp_path / "run"
    code = cli.main(
        [
            "run",
            "proposal",
            "--params",
            str(example_path("saas-subscription.yaml")),
            "--out",
            str(out),
            "--pdf",
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        f"error: LibreOffice is not installed at KIT_SOFFICE={tmp_path}/nowhere; {INSTALL}"
    ]
    assert not out.exists()


def test_a_timeout_kills_libreoffice_and_reports_one_line(soffice, proposal, tmp_path, monkeypatch):
    wrapper, log = logging_soffice(tmp_path, soffice)
    monkeypatch.setenv("KIT_SOFFICE", str(wrapper))
    first, second = copies(proposal, tmp_path / "in", 2)
    with pdf.Converter() as own:
        own.convert([first])
        group = int(log.read_text().split()[0])
        assert len(live_in_group(group)) >= 2  # oosplash and the soffice.bin it started
        own.timeout = 0.001
        with pytest.raises(ConversionError) as caught:
            own.convert([second])
        assert caught.value.lines() == [
            f"{second}: LibreOffice did not finish converting it within 0.001 s; it was stopped"
        ]
        deadline = time.monotonic() + 30
        while live_in_group(group) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_in_group(group) == set()
        assert sorted(path.name for path in (tmp_path / "in").iterdir()) == [
            "copy-1.docx",
            "copy-1.pdf",
            "copy-2.docx",
        ]
        own.timeout = pdf.DEFAULT_TIMEOUT
        assert own.convert([second]) == [tmp_path / "in" / "copy-2.pdf"]
        assert own.starts == 2


def test_an_interrupted_conversion_stops_libreoffice_and_the_next_starts_clean(
    soffice, proposal, tmp_path, monkeypatch
):
    first, second = copies(proposal, tmp_path, 2)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with pdf.Converter() as own:
        own.convert([first])
        # Ctrl-C while the bridge works on the request: its reply must not answer the next one.
        monkeypatch.setattr(own._replies, "get", interrupted)
        with pytest.raises(KeyboardInterrupt):
            own.convert([second])
        assert sorted(path.name for path in tmp_path.iterdir()) == [
            "copy-1.docx",
            "copy-1.pdf",
            "copy-2.docx",
        ]
        assert own.convert([second]) == [tmp_path / "copy-2.pdf"]
        assert own.starts == 2


def test_a_python_without_uno_is_one_line_naming_the_package(
    soffice, proposal, tmp_path, monkeypatch
):
    monkeypatch.setenv("KIT_SOFFICE_PYTHON", sys.executable)  # the kit's venv has no uno
    with pdf.Converter() as own, pytest.raises(ConversionError) as caught:
        own.convert([proposal], tmp_path)
    [line] = caught.value.lines()
    assert line.startswith(f"{sys.executable} cannot import LibreOffice's uno module")
    assert line.endswith(
        "; on Debian/Ubuntu: apt-get install python3-uno, or set KIT_SOFFICE_PYTHON"
    )
    assert list(tmp_path.iterdir()) == []


def test_libreoffice_exiting_at_start_is_one_line(soffice, proposal, tmp_path, monkeypatch):
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 3\n", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("KIT_SOFFICE", str(broken))
    with pdf.Converter() as own, pytest.raises(ConversionError) as caught:
        own.convert([proposal], tmp_path / "out")
    assert caught.value.lines() == [
        "LibreOffice stopped while starting (exit status 3): cannot open display"
    ]


def test_a_damaged_document_is_named_and_leaves_no_pdf(converter, proposal, tmp_path):
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(proposal.read_bytes()[:20_000])
    with pytest.raises(ConversionError) as caught:
        converter.convert([damaged])
    assert caught.value.lines() == [
        f"{damaged}: LibreOffice could not convert it: not a readable Word document"
    ]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["damaged.docx"]
    starts = converter.starts
    assert converter.convert([proposal], tmp_path) == [tmp_path / f"{proposal.stem}.pdf"]
    assert converter.starts == starts


def test_inputs_are_checked_before_libreoffice_starts(proposal, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    twin = shutil.copyfile(proposal, other / proposal.name)
    notes = tmp_path / "notes.txt"
    notes.write_text("not a document", encoding="utf-8")
    own = pdf.Converter()
    cases = {
        f"{tmp_path / 'missing.docx'}: no such file": [proposal, tmp_path / "missing.docx"],
        f"{notes}: not a Word document (.docx)": [notes],
        f"{twin}: would overwrite the PDF of {proposal}": [proposal, twin],
    }
    for message, documents in cases.items():
        with pytest.raises(UsageError) as caught:
            own.convert(documents, tmp_path / "out")
        assert str(caught.value) == message
    assert own.starts == 0
    assert not (tmp_path / "out").exists()


def test_a_timeout_of_zero_is_refused():
    with pytest.raises(UsageError, match="timeout 0 s: must be more than 0 seconds"):
        pdf.Converter(timeout=0)


def test_kit_run_pdf_writes_a_pdf_beside_each_document(soffice, tmp_path, capsys):
    out = tmp_path / "run"
    code = cli.main(
        [
            "run",
            "proposal",
            "--params",
            str(example_path("saas-subscription.yaml")),
            "--out",
            str(out),
            "--pdf",
        ]
    )
    assert code == 0, capsys.readouterr().err
    documents = sorted(path.stem for path in out.glob("*.docx"))
    assert "proposal-mueller-soen-support-automation" in documents
    assert sorted(path.stem for path in out.glob("*.pdf")) == documents
    _, texts = pdf_text(out / "proposal-mueller-soen-support-automation.pdf")
    assert CUSTOMER in "\n".join(texts)


def test_a_failed_conversion_in_kit_run_publishes_nothing(tmp_path, monkeypatch, capsys):
    def refuse(documents, out_dir=None):
        raise ConversionError(f"{Path(documents[0]).name}: LibreOffice stopped while converting it")

    monkeypatch.setattr(pdf, "require", lambda: None)
    monkeypatch.setattr(pdf, "convert", refuse)
    out = tmp_path / "run"
    code = cli.main(
        [
            "run",
            "proposal",
            "--params",
            str(example_path("saas-subscription.yaml")),
            "--out",
            str(out),
            "--pdf",
        ]
    )
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: proposal-mueller-soen-support-automation-internal.docx: LibreOffice stopped "
        "while converting it"
    ]
    assert list(tmp_path.iterdir()) == []
