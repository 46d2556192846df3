"""What a playbook's documents are made of, and writing them for one run.

A playbook's document module turns its analysis into :class:`Content` (display-ready strings,
chart images and document properties); :func:`write` finds each template on the search path,
renders it and names the file. A :class:`Gate` (the deal desk for a proposal, the sign-off
checks for a mutual action plan) decides whether the customer copy may be written at all.

Nothing here imports the Word renderer until a document is actually written, so the
descriptions stay cheap to import for ``kit list`` and ``kit check``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from kit.registry import DocumentSpec, Playbook, load_attribute

TEXT_WIDTH_MM = 170
"""The widest an image may be placed: an A4 page less the templates' 20 mm margins."""
CHART_DPI = 150
"""The resolution charts are drawn at (:func:`kit.charts.to_png`)."""


def section_numbers(sections: Sequence[tuple[str, bool]]) -> dict[str, str]:
    """Numbers for a document's sections, given in order with whether each is shown: a
    section left out for want of content takes no number and leaves no gap."""
    shown = [name for name, present in sections if present]
    return {name: str(shown.index(name) + 1) if name in shown else "" for name, _ in sections}


@dataclass(frozen=True)
class Chart:
    """A PNG to place in the document where the template says ``{{ name }}``.

    With ``width_mm=None`` the image keeps its drawn size (pixels at :data:`CHART_DPI`), so a
    chart drawn with 8 pt text prints with 8 pt text; only one wider than the text is shrunk.
    """

    png: bytes
    width_mm: float | None = 160

    @property
    def placed_width_mm(self) -> float:
        if self.width_mm is not None:
            return self.width_mm
        pixels = int.from_bytes(self.png[16:20], "big")  # the PNG header's IHDR width
        return min(TEXT_WIDTH_MM, pixels / CHART_DPI * 25.4)


@dataclass(frozen=True)
class Properties:
    """Core document properties, fixed per run so output bytes do not depend on the clock."""

    title: str
    author: str
    subject: str
    date: dt.date


LOGO_WIDTH_MM = 45
"""The widest a logo sits on a cover."""
LOGO_HEIGHT_MM = 20
"""How tall it may be: a square or upright logo is narrowed to fit, its shape kept."""
CUSTOMER_LOGO_MM = (36, 14)
"""The smaller box of the customer's logo, under their name on a customer document's cover."""


def place_logo(
    path: str | None,
    context: dict[str, Any],
    images: dict[str, Chart],
    name: str = "logo",
    box_mm: tuple[float, float] = (LOGO_WIDTH_MM, LOGO_HEIGHT_MM),
) -> None:
    """Put the logo the parameters name where a template says ``{{ logo }}`` (or ``name``),
    as wide as ``box_mm`` allows without running taller than it.

    Without one, the name is an empty string, which the templates' ``{%p if logo %}`` reads as
    no logo, so every cover works with or without it.
    """
    if not path:
        context[name] = ""
        return
    from docx.image.image import Image

    data = Path(path).read_bytes()
    image = Image.from_blob(data)
    width, height = box_mm
    images[name] = Chart(data, min(width, height * image.px_width / image.px_height))


def place_party_logos(
    seller: Any, customer: Any, context: dict[str, Any], images: dict[str, Chart]
) -> None:
    """A customer document's cover: the seller's logo at its head (``{{ logo }}``) and the
    customer's, smaller, under their name (``{{ customer_logo }}``); either may be absent."""
    place_logo(seller.logo, context, images)
    place_logo(customer.logo, context, images, "customer_logo", CUSTOMER_LOGO_MM)


@dataclass(frozen=True)
class Content:
    """Everything one template reads: its context, its charts and the file's properties."""

    context: Mapping[str, Any]
    charts: Mapping[str, Chart]
    properties: Properties


Decision = Literal["pass", "edits", "fail"]


@dataclass(frozen=True)
class Gate:
    """A review that stands between the analysis and the customer.

    ``fail`` withholds the customer document (``kit run`` exits 3 and writes the internal
    brief only); ``edits`` writes both and lists the edits to make before sending.
    """

    name: str
    decision: Decision
    lines: tuple[str, ...] = ()

    @property
    def blocks_customer(self) -> bool:
        return self.decision == "fail"


@dataclass(frozen=True)
class Written:
    """The files one run wrote, and the gate that decided what could be written."""

    files: list[Path]
    gate: Gate | None = None
    withheld: list[str] = field(default_factory=list)
    """Customer documents the gate kept back."""


def file_name(playbook: Playbook, spec: DocumentSpec, slug: str, label: str = "") -> str:
    """``proposal-<id>.docx``, ``proposal-<id>-internal.docx``; ``label`` marks a workshop copy."""
    return f"{playbook.name}-{slug}{spec.suffix}{label}.docx"


def gate_for(playbook: Playbook, analysis: Any) -> Gate | None:
    if playbook.gate is None:
        return None
    decide: Callable[[Any], Gate] = load_attribute(playbook.gate)
    return decide(analysis)


def write(
    playbook: Playbook,
    analysis: Any,
    out_dir: Path,
    *,
    templates: Sequence[Path] = (),
    draft: bool = False,
    label: str = "",
) -> Written:
    """Render every document of ``playbook`` for one analysis into ``out_dir``.

    ``templates`` are a team's folders, searched before the playbook's own. With ``draft`` the
    customer documents are written even when the gate fails, marked DRAFT on every page.
    """
    from kit import render
    from kit import templates as search

    gate = gate_for(playbook, analysis)
    slug = analysis.params.id
    files: list[Path] = []
    withheld: list[str] = []
    for spec in playbook.documents:
        name = file_name(playbook, spec, slug, label)
        if not spec.internal and gate is not None and gate.blocks_customer and not draft:
            withheld.append(name)
            continue
        build: Callable[[Any], Content] = load_attribute(spec.build)
        template = search.find(playbook, spec.template, templates)
        content = build(analysis)
        data = render.render_bytes(
            template, content, draft=draft and not spec.internal, internal=spec.internal
        )
        files.append(render.write_atomic(out_dir / name, data))
    return Written(files, gate, withheld)
