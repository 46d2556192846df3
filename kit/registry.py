"""The playbook registry: one :class:`Playbook` per playbook, found through entry points.

Every playbook, the kit's own included, registers in the ``kit.playbooks`` entry-point group
of its package's ``pyproject.toml``::

    [project.entry-points."kit.playbooks"]
    proposal = "kit.proposal:PLAYBOOK"

so a team's playbook in its own package is found, checked and run exactly like a built-in
one. A description names its code as ``"module:attribute"`` strings and imports nothing
heavy: ``kit list`` and ``kit check`` read every description without loading a notebook
engine, a charting library or the Word renderer.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, Literal

from kit.errors import ParamsError, RegistryError, UsageError

GROUP = "kit.playbooks"

Audience = Literal["customer", "internal"]


def load_attribute(reference: str) -> Any:
    """Import ``"package.module:attribute"``; the same syntax as an entry point's value."""
    module_name, _, attribute = reference.partition(":")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, attribute) if attribute else module
    except (ImportError, AttributeError) as exc:
        raise RegistryError(f"{reference}: cannot be loaded ({exc})") from exc


@dataclass(frozen=True)
class Kind:
    """A kind of parameters file: the ``kind:`` value and the model that validates it."""

    name: str
    model: str
    """``"module:Class"`` of the pydantic model."""

    def load(self) -> type:
        return load_attribute(self.model)


@dataclass(frozen=True)
class DocumentSpec:
    """One Word document a playbook writes from its analysis.

    ``build`` names a function ``(analysis) -> kit.document.Content``. The file is called
    ``<playbook>-<id><suffix>.docx``: the internal brief beside a customer document takes
    ``suffix="-internal"``. An ``internal`` document never goes to the customer: every page's
    header says so, and no gate holds it back.
    """

    template: str
    build: str
    audience: Audience = "customer"
    suffix: str = ""

    @property
    def internal(self) -> bool:
        return self.audience == "internal"


@dataclass(frozen=True)
class Playbook:
    """Everything the kit needs to know to check, run, render and list one playbook."""

    name: str
    summary: str
    kind: Kind
    analyse: str
    """``"module:function"`` taking the parameters model and returning the analysis object
    that the notebook's views, the form and the documents all read."""
    notebook: Path
    example: Path
    template_dir: Path
    """Where this playbook's own templates live; a team's folder is searched first."""
    documents: tuple[DocumentSpec, ...] = ()
    form: str | None = None
    """``"module:Class"`` of the workshop form, built from a parameters model."""
    gate: str | None = None
    """``"module:function"`` taking the analysis and returning a :class:`kit.document.Gate`
    that decides whether the customer document may be written."""
    requires: tuple[str, ...] = ()
    """Optional sections of the parameters file this playbook cannot run without."""

    @property
    def templates(self) -> tuple[str, ...]:
        return tuple(spec.template for spec in self.documents)

    def model(self) -> type:
        return self.kind.load()

    def analysis(self, params: Any) -> Any:
        """The one analysis of a run: everything computed from ``params``, once."""
        analyse: Callable[[Any], Any] = load_attribute(self.analyse)
        return analyse(params)

    def check_requirements(self, params: Any, source: str) -> None:
        """Fail before any work starts when a section the playbook needs is absent."""
        missing = [name for name in self.requires if getattr(params, name, None) is None]
        if missing:
            raise ParamsError(
                source, [f"{name}: the {self.name} playbook needs this section" for name in missing]
            )


@cache
def playbooks() -> dict[str, Playbook]:
    """Every registered playbook by name, built-in and third-party alike."""
    found: dict[str, Playbook] = {}
    values: dict[str, str] = {}
    for point in sorted(entry_points(group=GROUP), key=lambda p: p.name):
        if point.name in values:
            if values[point.name] == point.value:
                continue  # the same distribution seen twice on sys.path
            raise RegistryError(
                f"playbook {point.name} is registered twice: {values[point.name]} and "
                f"{point.value}; uninstall one of the packages or rename its entry point"
            )
        values[point.name] = point.value
        try:
            playbook = point.load()
        except Exception as exc:  # third-party code: report it by name, not as a traceback
            raise RegistryError(
                f"entry point {point.name} = {point.value}: cannot be loaded ({exc})"
            ) from exc
        if not isinstance(playbook, Playbook):
            raise RegistryError(f"entry point {point.name} = {point.value}: not a kit Playbook")
        if playbook.name != point.name:
            raise RegistryError(
                f"entry point {point.name} = {point.value}: describes '{playbook.name}'"
            )
        found[point.name] = playbook
    _check_kinds(found.values())
    return found


def _check_kinds(registered: Iterable[Playbook]) -> None:
    models: dict[str, str] = {}
    for playbook in registered:
        known = models.setdefault(playbook.kind.name, playbook.kind.model)
        if known != playbook.kind.model:
            raise RegistryError(
                f"playbook {playbook.name}: kind '{playbook.kind.name}' is {playbook.kind.model}"
                f" here but {known} in another playbook"
            )


def get(name: str) -> Playbook:
    registered = playbooks()
    if name not in registered:
        known = ", ".join(sorted(registered)) or "none installed"
        raise UsageError(f"unknown playbook '{name}' (known: {known})")
    return registered[name]


def kinds() -> dict[str, Kind]:
    """Every parameters kind some registered playbook reads, by its ``kind:`` value."""
    return {p.kind.name: p.kind for p in playbooks().values()}
