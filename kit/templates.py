"""Templates a team owns: the search path, exporting the built-ins, and checking edits.

A team keeps restyled templates in its own folders and names them with ``--templates DIR``
(repeatable) or ``KIT_TEMPLATES`` (absolute folders separated by ``os.pathsep``). The folders
are searched in that order, before each playbook's own templates, by file name, so a team
overrides only the templates it has changed.

``kit templates check`` renders every template against its playbook's bundled example and
reports each problem on its own line, naming the template and where: an unknown variable
(nested ones included), a tag that editing in Word broke, malformed XML, or a registered
playbook whose template exists nowhere on the search path.
"""

from __future__ import annotations

import os
import re
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kit import registry
from kit.errors import KitError, TemplateError, UsageError
from kit.registry import DocumentSpec, Playbook

if TYPE_CHECKING:
    from lxml import etree

ENVIRONMENT_VARIABLE = "KIT_TEMPLATES"
OPTION = "--templates"


# --- the search path -------------------------------------------------------------------------


def configured(extra: Sequence[Path | str] = (), given_by: str = OPTION) -> list[tuple[str, Path]]:
    """The team's folders as given, each with what gave it, in search order.

    Folders given on the command line come first and are made absolute here, in the caller's
    folder. ``KIT_TEMPLATES`` folders must be absolute already: a playbook's kernel runs in
    the notebook's folder and would read a relative one against the wrong place.
    """
    given = [(given_by, Path(p).expanduser().absolute()) for p in extra]
    value = os.environ.get(ENVIRONMENT_VARIABLE, "")
    environment = [
        (ENVIRONMENT_VARIABLE, Path(p).expanduser()) for p in value.split(os.pathsep) if p
    ]
    return given + environment


def folder_problem(given_by: str, folder: Path) -> str | None:
    """Why ``folder`` cannot be searched, or ``None`` when it can."""
    if not folder.is_absolute():
        return f"{given_by}: {folder} is a relative path; give absolute folders"
    if not folder.is_dir():
        return f"{folder}: not a folder (from {given_by})"
    return None


def team_folders(extra: Sequence[Path | str] = ()) -> list[Path]:
    """The team's folders in search order: ``--templates`` first, then ``KIT_TEMPLATES``.

    A folder that does not exist stops the run instead of being skipped: a mistyped folder
    would otherwise give the built-in look without a word, and a team would send it.
    """
    folders = configured(extra)
    problems = [p for given_by, folder in folders if (p := folder_problem(given_by, folder))]
    if problems:
        raise UsageError("\n".join(problems))
    return [folder for _, folder in folders]


def search_path(playbook: Playbook, extra: Sequence[Path | str] = ()) -> list[Path]:
    return [*team_folders(extra), playbook.template_dir]


def find(playbook: Playbook, name: str, extra: Sequence[Path | str] = ()) -> Path:
    """The first ``name`` on the search path; a team's copy wins over the playbook's own."""
    return _first(playbook, name, search_path(playbook, extra))


def _first(playbook: Playbook, name: str, folders: Sequence[Path]) -> Path:
    for folder in folders:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    searched = ", ".join(str(folder) for folder in folders)
    raise TemplateError(f"{name}: template of playbook {playbook.name} not found in {searched}")


def _own_templates() -> dict[str, list[tuple[Playbook, Path]]]:
    """Every registered document's own template by file name, with the playbooks using it."""
    found: dict[str, list[tuple[Playbook, Path]]] = {}
    for playbook in registry.playbooks().values():
        for spec in playbook.documents:
            found.setdefault(spec.template, []).append(
                (playbook, playbook.template_dir / spec.template)
            )
    return found


def export(destination: Path, *, force: bool = False) -> list[Path]:
    """Copy every registered playbook's own templates into ``destination`` for restyling.

    Nothing is copied when one file would be replaced and ``force`` is not given, so a
    team's restyled copies are never half overwritten.
    """
    sources: list[Path] = []
    for _, users in sorted(_own_templates().items()):
        playbook, source = users[0]
        if not source.is_file():
            raise TemplateError(f"{source}: template of playbook {playbook.name} not found")
        sources.append(source)
    if destination.exists() and not destination.is_dir():
        raise UsageError(f"{destination}: not a folder")
    clashes = [destination / s.name for s in sources if (destination / s.name).exists()]
    if clashes and not force:
        names = ", ".join(path.name for path in clashes)
        raise UsageError(f"{destination}: would overwrite {names} (use --force to replace them)")
    try:
        destination.mkdir(parents=True, exist_ok=True)
        return [Path(shutil.copyfile(source, destination / source.name)) for source in sources]
    except OSError as exc:
        raise UsageError(f"{destination}: cannot write the templates ({exc.strerror})") from exc


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
        """Nothing wrong, and something was checked: an empty check is never a pass."""
        return bool(self.templates) and not self.findings


def check(folders: Sequence[Path | str] = ()) -> Checked:
    """Check the templates ``kit run --templates FOLDERS`` would use, and strays in the
    team's folders (``FOLDERS`` and ``KIT_TEMPLATES``)."""
    findings: list[str] = []
    team: list[Path] = []
    for given_by, folder in configured(folders, "the command line"):
        problem = folder_problem(given_by, folder)
        if problem:
            findings.append(problem)
        else:
            team.append(folder)
    own = _own_templates()
    for name, users in sorted(own.items()):
        folders_used = sorted({str(path.parent) for _, path in users})
        if len(folders_used) > 1:
            names = ", ".join(playbook.name for playbook, _ in users)
            findings.append(
                finding(
                    name,
                    "",
                    f"playbooks {names} each bring a template of this name; a"
                    " team's copy would replace all of them",
                )
            )
    checked: list[Path] = []
    for playbook in registry.playbooks().values():
        for spec in playbook.documents:
            try:
                path = _first(playbook, spec.template, [*team, playbook.template_dir])
            except TemplateError as exc:
                findings += exc.lines()
                continue
            checked.append(path)
            findings += check_template(path, playbook, spec)
    for folder in team:
        for stray in sorted(folder.glob("*.docx")):
            if stray.name not in own and not stray.name.startswith("~$"):  # Word's lock files
                findings.append(
                    finding(stray, "", "no registered playbook uses a template of this name")
                )
    return Checked(checked, findings)


def check_template(path: Path, playbook: Playbook, spec: DocumentSpec) -> list[str]:
    """Every problem in one template, found by reading it and rendering the bundled example."""
    try:
        parts = _xml_parts(path)
    except (zipfile.BadZipFile, OSError) as exc:
        return [finding(path, "", f"not a readable .docx file ({exc})")]
    trees: dict[str, etree._Element] = {}
    findings: list[str] = []
    for name, data in parts.items():
        tree = _parse(data)
        if isinstance(tree, str):
            findings.append(finding(path, name, tree))
        elif _TEMPLATE_PARTS.match(name):
            trees[name] = tree
            findings += [finding(path, name, problem) for problem in _tag_problems(tree)]
    if findings:
        return findings  # rendering would only repeat, less clearly, what is already said
    return _render_problems(path, playbook, spec, trees)


_TEMPLATE_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _xml_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {
            name: archive.read(name)
            for name in archive.namelist()
            if name.endswith((".xml", ".rels"))
        }


def _parse(data: bytes) -> etree._Element | str:
    """The parsed part, or the one line saying where its XML is malformed."""
    from lxml import etree

    try:
        return etree.fromstring(data)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position
        reason = re.sub(r", line \d+, column \d+$", "", exc.msg or "not well-formed")
        return f"line {line}, column {column}: malformed XML ({reason})"


def _paragraphs(tree: etree._Element) -> Iterator[tuple[int, str]]:
    """Each paragraph's number in its part and its text, as Word shows it.

    A text run belongs to its nearest paragraph, so a text box's paragraphs inside another
    paragraph are read on their own.
    """
    for number, paragraph in enumerate(tree.iter(f"{_W}p"), start=1):
        texts = [
            node.text or ""
            for node in paragraph.iter(f"{_W}t")
            if next(node.iterancestors(f"{_W}p")) is paragraph
        ]
        yield number, "".join(texts)


_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_SPACED = re.compile(r"\{\s+[{%]|[}%]\s+\}")
_TYPOGRAPHIC_QUOTES = re.compile("[\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb]")


def _tag_problems(tree: etree._Element) -> list[str]:
    """Tags that Word editing broke: spaced braces, typographic quotes, split paragraphs."""
    problems = []
    for number, text in _paragraphs(tree):
        where = f"paragraph {number} ({_excerpt(text)!r})"
        if _SPACED.search(text):
            problems.append(f"{where}: a tag has a space between its braces ('{{ {{' or '% }}')")
        elif any(_TYPOGRAPHIC_QUOTES.search(tag) for tag in _TAG.findall(text)):
            problems.append(
                f"{where}: a tag holds typographic quotes; Word's AutoFormat replaced straight"
                " quotes, which the template language needs"
            )
        elif text.count("{{") != text.count("}}") or text.count("{%") != text.count("%}"):
            problems.append(
                f"{where}: a tag opens or closes here but not both; Word may have split it"
                " across paragraphs"
            )
    return problems


def _excerpt(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\N{HORIZONTAL ELLIPSIS}"


def _render_problems(
    path: Path, playbook: Playbook, spec: DocumentSpec, trees: dict[str, etree._Element]
) -> list[str]:
    """Render the bundled example with an undefined that records instead of raising.

    A strict render stops at the first unknown name; recording them all lets one check
    report every misspelt variable in the template, nested ones and those in loops included.
    """
    import jinja2

    from kit import params, render

    recorded: list[Unknown] = []

    class Recording(jinja2.ChainableUndefined):
        def _record(self) -> None:
            recorded.append(Unknown(str(self._undefined_name), self._undefined_obj))

        def _fail_with_undefined_error(self, *args: object, **kwargs: object) -> str:
            self._record()
            return ""

        def __str__(self) -> str:
            self._record()
            return ""

        def __iter__(self) -> Iterator[object]:
            self._record()
            return iter(())

        def __bool__(self) -> bool:
            self._record()
            return False

        def __len__(self) -> int:
            self._record()
            return 0

        def __eq__(self, other: object) -> bool:
            self._record()
            return False

        def __ne__(self, other: object) -> bool:
            self._record()
            return True

        __hash__ = jinja2.ChainableUndefined.__hash__

    try:
        model = params.load(playbook.example, playbook.model())
        content = registry.load_attribute(spec.build)(playbook.analysis(model))
    except KitError as exc:
        return [
            finding(path, "", f"cannot build the example's content: {line}") for line in exc.lines()
        ]
    try:
        render.render_document(path, content, jinja2.Environment(undefined=Recording))
    except TemplateError as exc:
        return exc.lines()
    context = {**content.context, **content.charts}
    findings = []
    for unknown in _distinct(recorded):
        places = [
            (part, number, tags)
            for part, tree in trees.items()
            for number, text in _paragraphs(tree)
            if (tags := unknown.tags(text, context))
        ]
        for part, number, tags in places:
            problem = f"unknown variable {', '.join(tags)}; rendering would fail"
            findings.append(finding(path, f"{part}: paragraph {number}", problem))
        if not places:
            findings.append(
                finding(path, "", f"unknown variable {unknown.name}; rendering would fail")
            )
    return list(dict.fromkeys(findings))  # a miss inside a loop is found once per element


@dataclass
class Unknown:
    """A name the template asked for and the context lacks, and what it was asked of."""

    name: str
    parent: Any
    """The object the name was looked up on, or Jinja's ``missing`` for a top-level name."""

    @property
    def top_level(self) -> bool:
        from jinja2.utils import missing

        return self.parent is missing

    def tags(self, text: str, context: dict[str, Any]) -> list[str]:
        """The expressions in ``text``'s tags that ask for this name: ``doc.customer_nam``.

        An attribute counts where its owner is the object the name was missing from, or a
        loop variable the context cannot resolve, so a correct ``summary.title`` is never
        reported for a misspelt ``doc.title``.
        """
        name = re.escape(self.name)
        found = []
        for tag in _TAG.findall(text):
            if self.top_level:
                found += re.findall(rf"(?<![\w.])({name})\b(?!\s*\()", tag)
                continue
            for match in re.finditer(rf"(?<![\w.])([A-Za-z_][\w.]*)\.({name})\b", tag):
                owner = _resolve(match.group(1), context)
                if owner is _UNRESOLVED or owner is self.parent:
                    found.append(match.group(0))
        return list(dict.fromkeys(found))


_UNRESOLVED = object()


def _resolve(dotted: str, context: dict[str, Any]) -> Any:
    """The object ``a.b.c`` names in the context, or ``_UNRESOLVED`` (a loop variable)."""
    node: Any = context
    for index, key in enumerate(dotted.split(".")):
        if isinstance(node, dict) and key in node:
            node = node[key]
        elif index and hasattr(node, key):
            node = getattr(node, key)
        else:
            return _UNRESOLVED
    return node


def _distinct(recorded: list[Unknown]) -> list[Unknown]:
    """One entry per name and owner; a loop records the same miss once per element."""
    seen: set[tuple[str, int]] = set()
    distinct = []
    for unknown in recorded:
        key = (unknown.name, id(unknown.parent))
        if key not in seen:
            seen.add(key)
            distinct.append(unknown)
    return distinct
