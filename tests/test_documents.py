"""Checks every registered document shares: variables, reproducibility, styles and images."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from conftest import example_data, write_yaml, written_document
from docx_layout import image_sizes_mm
from PIL import Image

from kit import params, registry
from kit.document import CUSTOMER_LOGO_MM, Chart, place_logo, section_numbers, write
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


def test_sections_left_out_take_no_number_and_leave_no_gap():
    numbers = section_numbers([("summary", True), ("risks", False), ("plan", True), ("x", False)])
    assert numbers == {"summary": "1", "risks": "", "plan": "2", "x": ""}
    assert section_numbers([("only", False)]) == {"only": ""}


def _picture(path: Path, size: tuple[int, int], kind: str) -> str:
    Image.new("RGB", size, (122, 30, 46)).save(path, kind)
    return str(path)


def test_a_logo_keeps_its_shape_inside_its_box(tmp_path):
    """45 x 20 mm for the seller, 36 x 14 mm for the customer: a wide logo takes the box's
    width, an upright one its height (100 x 400 px at 20 mm high is 5 mm wide)."""
    wide = _picture(tmp_path / "wide.png", (900, 100), "PNG")
    upright = _picture(tmp_path / "upright.jpg", (100, 400), "JPEG")
    images: dict[str, Chart] = {}
    context: dict[str, object] = {}
    place_logo(wide, context, images)
    assert images["logo"].width_mm == 45
    place_logo(upright, context, images)
    assert images["logo"].width_mm == 5
    place_logo(upright, context, images, "customer_logo", CUSTOMER_LOGO_MM)
    assert images["customer_logo"].width_mm == 3.5
    place_logo(None, context, images, "customer_logo")
    assert context == {"customer_logo": ""}


@pytest.mark.parametrize("playbook", ["value_review", "renewal"])
def test_an_accounts_logo_sits_under_its_name_on_the_cover(playbook, tmp_path):
    data = example_data("account-review.yaml")
    data["customer"]["logo"] = _picture(tmp_path / "customer.jpg", (300, 100), "JPEG")
    account = params.load(write_yaml(tmp_path, data))
    document = docx.Document(written_document(playbook, account, tmp_path / "out"))
    addressee = document.tables[0].rows[0].cells[0]
    customer = data["customer"]
    assert addressee.text.split("\n")[-3:] == [customer["name"], customer["industry"], ""]

    assert image_sizes_mm(addressee._tc) == [(36, 12)]


def test_an_account_is_addressed_to_its_sponsor_when_it_names_one(tmp_path):
    data = example_data("account-review.yaml")
    customer = data["customer"]
    named = params.load(write_yaml(tmp_path, data))
    assert named.addressee() == ["Ewa Brandt", "COO", customer["name"], customer["industry"]]
    data["sponsor"] = {"name": "Dana Whitford"}
    assert params.load(write_yaml(tmp_path, data)).addressee()[:2] == [
        "Dana Whitford",
        customer["name"],
    ]
    del data["sponsor"]
    assert params.load(write_yaml(tmp_path, data)).addressee() == [
        customer["name"],
        customer["industry"],
    ]
