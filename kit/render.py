"""Render a Word template strictly and write it reproducibly and atomically.

Strict: an undefined variable raises instead of printing nothing. Autoescaped: user text such
as ``Müller & Søn <GmbH>`` is inserted as data, never parsed as XML or as template source.
Reproducible: zip timestamps and document properties are fixed, so the same parameters give the
same bytes and documents can be regression-tested. Atomic: a document appears complete or not
at all.

Compiled once: docxtpl cleans every XML part of a template for Jinja (``patch_xml``) and compiles
it again on every render, which is most of a render's cost. Here each template file is read,
cleaned and compiled once per process and reused until the file changes on disk, so a batch of
thousands of documents pays for it once per worker.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import io
import os
import re
import tempfile
import threading
import weakref
import zipfile
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm
from docxtpl import DocxTemplate, InlineImage

from kit import __version__
from kit.document import Content, Properties
from kit.errors import TemplateError

FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
DRAFT_STAMP = "DRAFT \N{EM DASH} not approved for sending"
INTERNAL_STAMP = "INTERNAL \N{EM DASH} for the seller's team only; do not send to the customer"
STAMP_COLOUR = "C00000"
APPLICATION = f"Sales playbook kit {__version__}"


COMPILED_TEMPLATES = 16
"""Template files kept compiled per process: every built-in template and a team's own."""
FOOTNOTES = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


@functools.cache
def environment() -> jinja2.Environment:
    """The one Jinja environment every document uses: strict and autoescaping.

    One object per process, so templates compiled against it are reused by every render.
    """
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
    stamps = [text for text, wanted in ((DRAFT_STAMP, draft), (INTERNAL_STAMP, internal)) if wanted]
    if stamps:
        _stamp(doc, stamps)
    return packaged(_members(doc), company=content.properties.author)


def render_document(template: Path, content: Content, env: jinja2.Environment) -> DocxTemplate:
    """Fill ``template`` in memory; errors name the template, the XML part and the tag."""
    doc = _Prepared(_source(template))
    full = dict(content.context)
    for name, chart in content.charts.items():
        full[name] = InlineImage(doc, io.BytesIO(chart.png), width=Mm(chart.placed_width_mm))
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


# --- compiled templates ------------------------------------------------------------------------


@dataclass
class _Source:
    """One template file as read once: its bytes and each part's XML cleaned for Jinja.

    Parts are keyed ``body``, a header's or footer's relationship id, or a footnotes part's
    name; a part's templates are compiled per Jinja environment on first use.
    """

    path: Path
    data: bytes
    parts: dict[str, str]
    encodings: dict[str, str]
    compiled: weakref.WeakKeyDictionary[jinja2.Environment, dict[str, jinja2.Template]] = field(
        default_factory=weakref.WeakKeyDictionary
    )

    def template(self, key: str, env: jinja2.Environment) -> jinja2.Template:
        """The compiled template of one part for ``env``."""
        return self._compiled(key, self.parts[key], env)

    def property_template(self, text: str, env: jinja2.Environment) -> jinja2.Template:
        """A core property's text compiled for ``env``: docxtpl renders those as templates too."""
        return self._compiled(f"property:{text}", text, env)

    def _compiled(self, key: str, text: str, env: jinja2.Environment) -> jinja2.Template:
        known = self.compiled.setdefault(env, {})
        found = known.get(key)
        if found is None:
            found = known[key] = env.from_string(text)
        return found


_sources: OrderedDict[tuple[str, int, int], _Source] = OrderedDict()
_sources_lock = threading.Lock()


def _source(path: Path) -> _Source:
    """The template file at ``path``, read and cleaned once while its size and time hold."""
    if not path.is_file():
        raise TemplateError(f"{path}: template not found")
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    with _sources_lock:
        found = _sources.get(key)
        if found is not None:
            _sources.move_to_end(key)
            return found
    found = _read_source(path)
    with _sources_lock:
        _sources[key] = found
        while len(_sources) > COMPILED_TEMPLATES:
            _sources.popitem(last=False)
    return found


def _read_source(path: Path) -> _Source:
    data = path.read_bytes()
    doc = DocxTemplate(io.BytesIO(data))
    try:
        doc.init_docx()
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise TemplateError(f"{path}: not a readable .docx template ({exc})") from exc
    parts = {"body": _for_jinja(doc.patch_xml(doc.get_xml()))}
    encodings = {}
    for uri in (DocxTemplate.HEADER_URI, DocxTemplate.FOOTER_URI):
        for key, part in doc.get_headers_footers(uri):
            xml = doc.get_part_xml(part)
            encodings[key] = doc.get_headers_footers_encoding(xml)
            parts[key] = _for_jinja(doc.patch_xml(xml))
    for part in _footnotes(doc):
        parts[str(part.partname)] = _for_jinja(doc.patch_xml(part.blob.decode("utf-8")))
    return _Source(path, data, parts, encodings)


def _for_jinja(xml: str) -> str:
    """What docxtpl's ``render_xml_part`` does before compiling: one paragraph per line."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", xml)


def _footnotes(doc: DocxTemplate) -> Iterator[Part]:
    return (part for part in doc.docx.part.package.parts if part.content_type == FOOTNOTES)


class _Prepared(DocxTemplate):
    """A docxtpl template that renders from a :class:`_Source` instead of recompiling.

    Only the steps docxtpl repeats for every render are replaced: reading the file, cleaning
    each part's XML and compiling it. Rendering, table fixing and image insertion are
    docxtpl's own, so the output is the same document byte for byte.
    """

    def __init__(self, source: _Source) -> None:
        super().__init__(io.BytesIO(source.data))
        self.source = source

    def build_xml(self, context: dict[str, Any], jinja_env: jinja2.Environment | None = None):
        return self._render_part("body", self.docx._part, context, jinja_env)

    def build_headers_footers_xml(
        self, context: dict[str, Any], uri: str, jinja_env: jinja2.Environment | None = None
    ) -> Iterator[tuple[str, bytes]]:
        for key, part in self.get_headers_footers(uri):
            xml = self._render_part(key, part, context, jinja_env)
            yield key, xml.encode(self.source.encodings[key])

    def render_footnotes(
        self, context: dict[str, Any], jinja_env: jinja2.Environment | None = None
    ) -> None:
        for part in _footnotes(self):
            xml = self._render_part(str(part.partname), part, context, jinja_env)
            part._blob = xml.encode("utf-8")

    def render_properties(
        self, context: dict[str, Any], jinja_env: jinja2.Environment | None = None
    ) -> None:
        env = jinja_env or environment()
        core = self.docx.core_properties
        for name in ("author", "comments", "identifier", "language", "subject", "title"):
            text = getattr(core, name)
            setattr(core, name, self.source.property_template(text, env).render(context))

    def _render_part(
        self, key: str, part: Part, context: dict[str, Any], env: jinja2.Environment | None
    ) -> str:
        self.current_rendering_part = part
        source = self.source.parts[key]
        try:
            rendered = self.source.template(key, env or environment()).render(context)
        except jinja2.TemplateError as exc:
            if getattr(exc, "lineno", None) is not None:
                first = max(exc.lineno - 4, 0)
                exc.docx_context = [
                    re.sub(r"<[^>]+>", "", line) for line in source.splitlines()[first : first + 7]
                ]
            raise
        # docxtpl would also turn "{_{" into "{{" here, after rendering, which rewrites user
        # text that happens to contain it; a template writes literal braces as {{ '{{' }}.
        rendered = re.sub(r"\n<w:p([ >])", r"<w:p\1", rendered)
        return self.resolve_listing(rendered)


def _stamp(doc: DocxTemplate, stamps: list[str]) -> None:
    """Put each stamp first in every header part, so every page says it, the cover included.

    The rendered header parts are the targets of the document's relationships (docxtpl
    swaps them in; python-docx's section objects may still hold the template's), so the
    stamp goes into those parts' XML before the one save.
    """
    paragraphs = "".join(
        f'<w:p {nsdecls("w")}><w:r><w:rPr><w:b/><w:color w:val="{STAMP_COLOUR}"/>'
        f'<w:sz w:val="18"/></w:rPr><w:t xml:space="preserve">{html.escape(text)}</w:t>'
        "</w:r></w:p>"
        for text in stamps
    )
    stamped = [
        relationship.target_part.element
        for relationship in doc.docx.part.rels.values()
        if relationship.reltype == RT.HEADER
    ]
    first_section = doc.docx.sections[0]
    present = {ref.get(qn("w:type")) for ref in first_section._sectPr.iter(qn("w:headerReference"))}
    wanted = []
    if first_section.different_first_page_header_footer and "first" not in present:
        wanted.append(first_section.first_page_header)  # the cover shows no header otherwise
    if doc.docx.settings.odd_and_even_pages_header_footer and "even" not in present:
        wanted.append(first_section.even_page_header)
    for header in wanted:
        header.is_linked_to_previous = False
        stamped.append(header._element)
    for element in stamped:
        for offset, paragraph in enumerate(parse_xml(f"<w:x {nsdecls('w')}>{paragraphs}</w:x>")):
            element.insert(offset, paragraph)


def _application(xml: bytes, company: str) -> bytes:
    """Name the kit as the application and the seller as the company in ``docProps/app.xml``."""
    xml = re.sub(
        rb"<Application>[^<]*</Application>",
        f"<Application>{APPLICATION}</Application>".encode(),
        xml,
    )
    entry = f"<Company>{html.escape(company, quote=False)}</Company>".encode()
    if re.search(rb"<Company\s*/>|<Company>[^<]*</Company>", xml):
        return re.sub(rb"<Company\s*/>|<Company>[^<]*</Company>", lambda _: entry, xml)
    return xml.replace(b"</Properties>", entry + b"</Properties>")


def _set_properties(doc: DocxTemplate, properties: Properties) -> None:
    core = doc.docx.core_properties
    stamp = dt.datetime.combine(properties.date, dt.time(9, 0))
    core.title = _property(properties.title)
    core.author = _property(properties.author)
    core.subject = _property(properties.subject)
    core.last_modified_by = _property(properties.author)
    core.created = stamp
    core.modified = stamp
    core.revision = 1


def _property(text: str) -> str:
    """Word's core properties hold 255 characters; a title built from a long name is cut."""
    return text if len(text) <= 255 else text[:254] + "\N{HORIZONTAL ELLIPSIS}"


class _Members:
    """Collects a package's members in memory as python-docx's package writer hands them out.

    ``Document.save`` would write them into a compressed zip with the clock's timestamps,
    which :func:`packaged` would then have to read back and compress again; taking the
    members directly compresses each once, a sixth of a proposal's rendering time.
    """

    def __init__(self) -> None:
        self.members: list[tuple[str, bytes]] = []

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.members.append((pack_uri.membername, blob))


def _members(doc: DocxTemplate) -> list[tuple[str, bytes]]:
    """The rendered document's package members, in the order ``Document.save`` writes them."""
    package = doc.docx.part.package
    for part in package.parts:
        part.before_marshal()
    members = _Members()
    PackageWriter._write_content_types_stream(members, package.parts)
    PackageWriter._write_pkg_rels(members, package.rels)
    PackageWriter._write_parts(members, package.parts)
    return members.members


def packaged(members: Iterable[tuple[str, bytes]], *, company: str | None = None) -> bytes:
    """A zip of ``members`` with fixed timestamps and attributes, so equal content gives equal
    bytes; ``company`` names the seller in the application properties, beside the kit."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            if company is not None and name == "docProps/app.xml":
                content = _application(content, company)
            target.writestr(info, content)
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
