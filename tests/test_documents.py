"""Checks every Word document shares: variables, reproducibility, images, and PDF conversion."""

from __future__ import annotations

import io
import os
import shutil
import subprocess

import docx
import pytest
from conftest import ROOT

from kit import params
from kit.documents import modules
from kit.paths import TEMPLATES
from kit.render import template_variables

DOCUMENTS = modules()
IDS = [module.__name__.rsplit(".", 1)[-1] for module in DOCUMENTS]


def example(module):
    return params.load(ROOT / module.EXAMPLE)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each document rendered once from its bundled example."""
    out = tmp_path_factory.mktemp("documents")
    return {
        module.TEMPLATE: module.render(example(module), out / module.TEMPLATE)
        for module in DOCUMENTS
    }


def test_every_playbook_document_is_registered():
    assert {"proposal.docx"} <= {module.TEMPLATE for module in DOCUMENTS}


@pytest.mark.parametrize("module", DOCUMENTS, ids=IDS)
def test_template_uses_exactly_the_variables_the_kit_provides(module):
    used = template_variables(TEMPLATES / module.TEMPLATE)
    assert used == module.VARIABLES
    context = module.context_for(example(module))
    assert set(context) | set(module.charts_for(example(module))) == module.VARIABLES


@pytest.mark.parametrize("module", DOCUMENTS, ids=IDS)
def test_same_parameters_give_the_same_bytes(module, tmp_path):
    first = module.render(example(module), tmp_path / "a").read_bytes()
    second = module.render(example(module), tmp_path / "b").read_bytes()
    assert first == second


@pytest.mark.parametrize("module", DOCUMENTS, ids=IDS)
def test_documents_use_styles_tables_and_real_images(module, rendered):
    document = docx.Document(io.BytesIO(rendered[module.TEMPLATE].read_bytes()))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Title", "Heading 1"} <= styles
    assert len(document.tables) >= 2
    assert len(document.inline_shapes) >= 1
    footer = document.sections[0].footer._element.xml
    assert 'w:instr="PAGE"' in footer


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.pdf
@pytest.mark.parametrize("module", DOCUMENTS, ids=IDS)
def test_libreoffice_converts_the_document_to_pdf(module, rendered, tmp_path):
    binary = _soffice()
    if binary is None:
        if os.environ.get("KIT_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice is required here (KIT_REQUIRE_SOFFICE is set)")
        pytest.skip("LibreOffice is not installed")
    source = rendered[module.TEMPLATE]
    result = subprocess.run(
        [
            binary,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    pdf = tmp_path / (source.stem + ".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 10_000
