"""Checks every registered document shares: variables, reproducibility, styles and images."""

from __future__ import annotations

import io

import docx
import pytest

from kit import params, registry
from kit.document import write
from kit.registry import load_attribute
from kit.render import template_variables

DOCUMENTED = [p for p in registry.playbooks().values() if p.documents]
SPECS = [(p, spec) for p in DOCUMENTED for spec in p.documents]
SPEC_IDS = [spec.template for _, spec in SPECS]


def analysis_of(playbook):
    return playbook.analysis(params.load(playbook.example, playbook.model()))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each playbook's documents written once from its bundled example."""
    out = tmp_path_factory.mktemp("documents")
    return {p.name: write(p, analysis_of(p), out / p.name).files for p in DOCUMENTED}


def test_the_kits_own_playbooks_are_registered():
    assert {
        "design",
        "readiness",
        "qualify",
        "map",
        "proposal",
        "value_review",
        "renewal",
        "optimise",
    } <= set(registry.playbooks())


@pytest.mark.parametrize(("playbook", "spec"), SPECS, ids=SPEC_IDS)
def test_template_uses_exactly_the_variables_the_document_provides(playbook, spec):
    content = load_attribute(spec.build)(analysis_of(playbook))
    used = template_variables(playbook.template_dir / spec.template)
    assert used == set(content.context) | set(content.charts)


@pytest.mark.parametrize("playbook", DOCUMENTED, ids=[p.name for p in DOCUMENTED])
def test_same_parameters_give_the_same_bytes(playbook, tmp_path):
    first = write(playbook, analysis_of(playbook), tmp_path / "a").files
    second = write(playbook, analysis_of(playbook), tmp_path / "b").files
    assert [f.read_bytes() for f in first] == [f.read_bytes() for f in second]


@pytest.mark.parametrize("playbook", DOCUMENTED, ids=[p.name for p in DOCUMENTED])
def test_documents_use_styles_tables_and_real_images(playbook, rendered):
    for path in rendered[playbook.name]:
        document = docx.Document(io.BytesIO(path.read_bytes()))
        styles = {p.style.name for p in document.paragraphs}
        assert {"Title", "Heading 1"} <= styles, path.name
        assert len(document.tables) >= 1, path.name
        footer = document.sections[0].footer._element.xml
        assert 'w:instr="PAGE"' in footer, path.name
    customer = [p for p in rendered[playbook.name] if "-internal" not in p.name]
    assert all(docx.Document(str(p)).inline_shapes for p in customer)
