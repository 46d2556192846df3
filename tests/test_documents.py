"""Checks every Word document shares: variables, reproducibility, images, and PDF conversion."""

from __future__ import annotations

import inspect
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


PROTOCOL = {"context_for": ["params"], "charts_for": ["params"], "render": ["params", "out_dir"]}


@pytest.mark.parametrize("module", DOCUMENTS, ids=IDS)
def test_every_document_module_follows_one_protocol(module):
    """Same constants and callables everywhere, so the CLI, tests and benchmarks treat all alike."""
    assert isinstance(module.TEMPLATE, str) and (TEMPLATES / module.TEMPLATE).is_file()
    assert isinstance(module.VARIABLES, frozenset) and module.VARIABLES
    assert (ROOT / module.EXAMPLE).is_file()
    for name, expected in PROTOCOL.items():
        parameters = list(inspect.signature(getattr(module, name)).parameters.values())
        assert len(parameters) == len(expected), name
        assert [p.default for p in parameters[1:]] == [None] * (len(expected) - 1), name
    own = {
        name
        for name, value in vars(module).items()
        if inspect.isfunction(value) and value.__module__ == module.__name__
    }
    builders = {n for n in own if n.startswith(("context", "charts", "analyse", "render"))}
    assert builders == set(PROTOCOL)


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
