"""Templates a team owns: the search path, exporting the built-ins, and checking edits.

A team keeps restyled templates in its own folder and names it with ``--templates DIR`` or
``KIT_TEMPLATES`` (several folders separated by ``os.pathsep``). The folders are searched in
that order before each playbook's own templates, by file name, so a team overrides only the
templates it has changed.

``kit templates check`` renders every template against its playbook's bundled example and
reports each problem on its own line, naming the template and where: an unknown variable
(nested ones included), a tag that Word broke in two, malformed XML, or a registered
playbook whose template is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kit import registry
from kit.errors import KitError, TemplateError, UsageError
from kit.registry import DocumentSpec, Playbook

ENVIRONMENT_VARIABLE = "KIT_TEMPLATES"


def team_folders(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The team's folders, in search order: ``--templates`` first, then ``KIT_TEMPLATES``."""
    configured = os.environ.get(ENVIRONMENT_VARIABLE, "")
    return [Path(p) for p in extra] + [Path(p) for p in configured.split(os.pathsep) if p]


def search_path(playbook: Playbook, extra: Sequence[Path | str] = ()) -> list[Path]:
    return [*team_folders(extra), playbook.template_dir]


def find(playbook: Playbook, name: str, extra: Sequence[Path | str] = ()) -> Path:
    """The first ``name`` on the search path; a team's copy wins over the built-in one."""
    folders = search_path(playbook, extra)
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(folder) for folder in folders)
    raise TemplateError(f"{name}: template of playbook {playbook.name} not found in {searched}")


def export(destination: Path, *, force: bool = False) -> list[Path]:
    """Copy every registered playbook's own templates into ``destination`` for restyling."""
    sources = [
        playbook.template_dir / spec.template
        for playbook in registry.playbooks().values()
        for spec in playbook.documents
    ]
    clashes = [destination / s.name for s in sources if (destination / s.name).exists()]
    if clashes and not force:
        names = ", ".join(path.name for path in clashes)
        raise UsageError(f"{destination}: would overwrite {names} (use --force to replace them)")
    destination.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copyfile(source, destination / source.name)) for source in sources]


# --- checking ----------------------------------------------------------------------------------


def finding(template: Path | str, where: str, problem: str) -> str:
    """One problem as the line ``kit templates check`` prints: template, place, problem."""
    return f"{template}: {where}: {problem}" if where else f"{template}: {problem}"


@dataclass(frozen=True)
class Checked:
    """The outcome of ``kit templates check``: what was checked and what was found."""

    templates: list[Path]
    findings: list[str]

    @property
    def ok(self) -> bool:
        return bool(self.templates) and not self.findings


def check(folders: Sequence[Path | str] = ()) -> Checked:
    """Check the templates ``kit run --templates FOLDERS`` would use, and strays in FOLDERS."""
    checked: list[Path] = []
    findings: list[str] = []
    wanted: set[str] = set()
    for playbook in registry.playbooks().values():
        for spec in playbook.documents:
            wanted.add(spec.template)
            try:
                path = find(playbook, spec.template, folders)
            except TemplateError as exc:
                findings.append(f"{playbook.name}: missing template: {exc}")
                continue
            checked.append(path)
            findings += check_template(path, playbook, spec)
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            findings.append(finding(folder, "", "not a folder"))
            continue
        for stray in sorted(folder.glob("*.docx")):
            if stray.name not in wanted:
                findings.append(
                    finding(stray, "", "no registered playbook uses a template of this name")
                )
    return Checked(checked, findings)


def check_template(path: Path, playbook: Playbook, spec: DocumentSpec) -> list[str]:
    """Every problem in one template, found by reading it and rendering the bundled example."""
    try:
        parts = dict(_xml_parts(path))
    except (zipfile.BadZipFile, OSError) as exc:
        return [finding(path, "", f"not a readable .docx file ({exc})")]
    findings = [
        finding(path, name, problem)
        for name, xml in parts.items()
        for problem in _xml_problems(xml)
    ]
    if findings:
        return findings  # rendering would only repeat what malformed XML already says
    return _render_problems(path, playbook, spec, parts)


_TEMPLATE_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes)\.xml$")


def _xml_parts(path: Path) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if _TEMPLATE_PARTS.match(name):
                yield name, archive.read(name).decode("utf-8", errors="replace")


_PARAGRAPH = re.compile(r"<w:p[ >].*?</w:p>", re.S)
_MARKUP = re.compile(r"<[^>]+>")
_BROKEN = re.compile(r"\{\s+[{%]|[}%]\s+\}|\{\{[^}]*\{\{|[\u201c\u201d\u2018\u2019](?=[^{}]*\}\})")


def _xml_problems(xml: str) -> list[str]:
    """Malformed XML, and tags Word split across paragraphs or mangled while editing."""
    from lxml import etree

    try:
        etree.fromstring(xml.encode("utf-8"))
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        return [f"line {line}, column {column}: malformed XML ({exc.msg})"]
    problems = []
    for number, paragraph in enumerate(_PARAGRAPH.findall(xml), start=1):
        text = _MARKUP.sub("", paragraph)
        excerpt = _excerpt(text)
        if text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            problems.append(
                f"paragraph {number} ({excerpt!r}): a tag opens or closes here but not both;"
                " Word may have split it across paragraphs"
            )
        elif _BROKEN.search(text):
            problems.append(
                f"paragraph {number} ({excerpt!r}): a tag looks broken by editing"
                " (spaced braces or typographic quotes)"
            )
    return problems


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _render_problems(
    path: Path, playbook: Playbook, spec: DocumentSpec, parts: dict[str, str]
) -> list[str]:
    """Render the bundled example with an undefined that records instead of raising."""
    import jinja2

    from kit import params, render

    recorded: list[str] = []

    class Recording(jinja2.ChainableUndefined):
        def _fail_with_undefined_error(self, *args: object, **kwargs: object) -> str:
            recorded.append(self._undefined_name or "?")
            return ""

        def __str__(self) -> str:
            recorded.append(self._undefined_name or "?")
            return ""

        def __iter__(self) -> Iterator[object]:
            recorded.append(self._undefined_name or "?")
            return iter(())

    try:
        model = params.load(playbook.example, playbook.model())
        content = registry.load_attribute(spec.build)(playbook.analysis(model))
        render.render_document(path, content, jinja2.Environment(undefined=Recording))
    except KitError as exc:
        return exc.lines()
    findings = []
    for name in dict.fromkeys(recorded):
        tags = sorted({tag for xml in parts.values() for tag in _tags_naming(xml, name)})
        problem = f"unknown variable {', '.join(tags) or name}; rendering would fail"
        findings.append(finding(path, _part_naming(parts, name), problem))
    return findings


_TAG = re.compile(r"\{[{%](.*?)[%}]\}", re.S)


def _tags_naming(xml: str, name: str) -> list[str]:
    text = _MARKUP.sub("", xml)
    pattern = re.compile(rf"[\w.]*\b{re.escape(name)}\b")
    return [match.group(0) for tag in _TAG.findall(text) for match in pattern.finditer(tag)]


def _part_naming(parts: dict[str, str], name: str) -> str:
    return next((part for part, xml in parts.items() if _tags_naming(xml, name)), "")
