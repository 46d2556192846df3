"""Render a Word template strictly and write it reproducibly and atomically.

Strict: an undefined variable raises instead of printing nothing. Autoescaped: user text such
as ``Müller & Søn <GmbH>`` is inserted as data, never parsed as XML or as template source.
Reproducible: zip timestamps and document properties are fixed, so the same parameters give the
same bytes and documents can be regression-tested. Atomic: a document appears complete or not
at all.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

import jinja2
from docx.document import Document
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm, Pt, RGBColor
from docxtpl import DocxTemplate, InlineImage

from kit.document import Content, Properties
from kit.errors import TemplateError

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DRAFT_STAMP = "DRAFT \N{EM DASH} not approved for sending"
INTERNAL_STAMP = "INTERNAL \N{EM DASH} for the seller's team only; do not send to the customer"
STAMP_COLOUR = RGBColor(0xC0, 0x00, 0x00)


def environment() -> jinja2.Environment:
    """The one Jinja environment every document uses: strict and autoescaping."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def load_template(path: Path) -> DocxTemplate:
    if not path.is_file():
        raise TemplateError(f"{path}: template not found")
    template = DocxTemplate(str(path))
    try:
        template.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"{path}: not a readable .docx template ({exc})") from exc
    return template


def template_variables(path: Path) -> set[str]:
    """Top-level names the template reads, for ``kit templates check`` and the tests."""
    try:
        return load_template(path).get_undeclared_template_variables(environment())
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{path}: template syntax error: {exc.message}") from exc


def render_bytes(
    template: Path, content: Content, *, draft: bool = False, internal: bool = False
) -> bytes:
    """Render ``template`` with ``content`` and return the .docx bytes.

    ``draft`` and ``internal`` stamp every page's header, so a copy that must not reach a
    customer says so on each page whatever the template's own header holds.
    """
    doc = render_document(template, content, environment())
    _set_properties(doc, content.properties)
    if draft:
        stamp_headers(doc.docx, DRAFT_STAMP)
    if internal:
        stamp_headers(doc.docx, INTERNAL_STAMP)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


def render_document(template: Path, content: Content, env: jinja2.Environment) -> DocxTemplate:
    """Fill ``template`` in memory; errors name the template, the XML part and the tag."""
    doc = load_template(template)
    full = dict(content.context)
    for name, chart in content.charts.items():
        full[name] = InlineImage(doc, io.BytesIO(chart.png), width=Mm(chart.width_mm))
    try:
        doc.render(full, env, autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(
            f"{template}: {_part(doc)}: the template uses an undefined variable: {exc}"
        ) from exc
    except jinja2.TemplateSyntaxError as exc:
        near = " ".join(" ".join(getattr(exc, "docx_context", None) or []).split())[:60]
        raise TemplateError(
            f"{template}: {_part(doc)}: broken tag ({exc.message}) near {near!r}"
        ) from exc
    return doc


def _part(doc: DocxTemplate) -> str:
    part = getattr(doc, "current_rendering_part", None)
    return str(part.partname).lstrip("/") if part is not None else "document"


def stamp_headers(document: Document, text: str) -> None:
    """Put ``text`` first in every header a page can show: default, first-page and even-page."""
    odd_even = document.settings.odd_and_even_pages_header_footer
    for index, section in enumerate(document.sections):
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if odd_even:
            headers.append(section.even_page_header)
        for header in headers:
            if index and header.is_linked_to_previous:
                continue  # shows the previous section's header, which is stamped already
            first = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
            stamp = first.insert_paragraph_before()
            run = stamp.add_run(text)
            run.bold = True
            run.font.size = Pt(9)
            run.font.color.rgb = STAMP_COLOUR


def _set_properties(doc: DocxTemplate, properties: Properties) -> None:
    core = doc.docx.core_properties
    stamp = dt.datetime.combine(properties.date, dt.time(9, 0))
    core.title = properties.title
    core.author = properties.author
    core.subject = properties.subject
    core.last_modified_by = properties.author
    core.created = stamp
    core.modified = stamp
    core.revision = 1


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps and attributes, keeping member order and content."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(member.filename))
    return out.getvalue()


def write_atomic(path: Path, data: bytes) -> Path:
    """Write via a temporary file in the same folder and rename, so no reader sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    return path
