"""Compiled templates: each template file is cleaned and compiled once per process.

docxtpl recompiles every XML part of a template on every render; ``kit.render`` keeps the
compiled parts per file until the file changes, and must write exactly what docxtpl writes.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil

import docx
import jinja2
import pytest
from conftest import ROOT
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from kit import params, registry, render
from kit.document import Content, Properties
from kit.errors import TemplateError

PROPERTIES = Properties("Title", "Brightline", "Subject", dt.date(2026, 12, 1))


def text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(paragraph.text for paragraph in document.paragraphs)


def template(path, *paragraphs: str):
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


@pytest.fixture
def compilations(monkeypatch):
    """How many times Jinja compiled a template source while the test ran."""
    count = {"n": 0}
    compile_source = jinja2.Environment.from_string

    def counting(self, source, *args, **kwargs):
        count["n"] += 1
        return compile_source(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "from_string", counting)
    return count


def test_a_template_compiles_once_and_again_after_it_changes(tmp_path, compilations):
    loop = "{% for x in items %}{{ x }} {% endfor %}"
    path = template(tmp_path / "letter.docx", "Dear {{ name }},", loop)
    first = render.render_bytes(path, Content({"name": "Ada", "items": [1, 2]}, {}, PROPERTIES))
    compiled = compilations["n"]
    assert compiled > 0
    second = render.render_bytes(path, Content({"name": "Grace", "items": [3]}, {}, PROPERTIES))
    assert compilations["n"] == compiled
    assert "Dear Ada," in text(first)
    assert "1 2" in text(first)
    assert "Dear Grace," in text(second)
    template(path, "Goodbye {{ name }}.")
    third = render.render_bytes(path, Content({"name": "Ada"}, {}, PROPERTIES))
    assert compilations["n"] > compiled
    assert "Goodbye Ada." in text(third)


def test_cached_rendering_writes_what_docxtpl_writes(tmp_path):
    """The built-in proposal template through docxtpl's own path and through the cache."""
    path = tmp_path / "proposal.docx"
    shutil.copyfile(ROOT / "templates" / "proposal.docx", path)
    playbook = registry.get("proposal")
    analysis = playbook.analysis(params.load(playbook.example, playbook.model()))
    content = registry.load_attribute(playbook.documents[0].build)(analysis)
    cached = render.render_document(path, content, render.environment())
    plain = DocxTemplate(str(path))
    context = dict(content.context)
    for name, chart in content.charts.items():
        context[name] = InlineImage(plain, io.BytesIO(chart.png), width=Mm(chart.placed_width_mm))
    plain.render(context, render.environment(), autoescape=True)
    assert cached.get_xml() == plain.get_xml()


def test_an_undefined_variable_names_the_part_on_every_render(tmp_path):
    path = template(tmp_path / "broken.docx", "Hello {{ missing.name }}")
    for _ in range(2):
        with pytest.raises(TemplateError, match=r"word/document\.xml: .* undefined variable"):
            render.render_bytes(path, Content({}, {}, PROPERTIES))
