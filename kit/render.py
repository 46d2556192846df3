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
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.exceptions import PackageNotFoundError
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from kit.errors import TemplateError
from kit.paths import TEMPLATES

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def environment() -> jinja2.Environment:
    """The one Jinja environment every document uses: strict and autoescaping."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


@dataclass(frozen=True)
class Chart:
    """A PNG to place in the document where the template says ``{{ name }}``."""

    png: bytes
    width_mm: float = 160


@dataclass(frozen=True)
class Properties:
    """Core document properties, fixed per deal so output bytes do not depend on the clock."""

    title: str
    author: str
    subject: str
    date: dt.date


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
    template: Path,
    context: Mapping[str, Any],
    charts: Mapping[str, Chart],
    properties: Properties,
) -> bytes:
    """Render ``template`` with ``context`` plus chart images and return the .docx bytes."""
    doc = load_template(template)
    full = dict(context)
    for name, chart in charts.items():
        full[name] = InlineImage(doc, io.BytesIO(chart.png), width=Mm(chart.width_mm))
    try:
        doc.render(full, environment(), autoescape=True)
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{template}: the template uses an undefined variable: {exc}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{template}: template syntax error: {exc.message}") from exc
    _set_properties(doc, properties)
    buffer = io.BytesIO()
    doc.save(buffer)
    return normalise_zip(buffer.getvalue())


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


def publish(
    template: str,
    context: Mapping[str, Any],
    charts: Mapping[str, Chart],
    properties: Properties,
    target: Path,
) -> Path:
    """Render ``templates/<template>`` and write it atomically to ``target``."""
    return write_atomic(target, render_bytes(TEMPLATES / template, context, charts, properties))


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
