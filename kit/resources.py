"""Where the kit's own notebooks, templates and examples live, in a clone and in a wheel.

A clone keeps them at the top level (``playbooks/``, ``templates/``, ``examples/``), where
enablement teams look for them. A wheel carries the same files as package data under
``kit/_data/``, mapped in at build time, so one set of files serves both installs.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
_PACKAGED = PACKAGE / "_data"
CLONE = None if _PACKAGED.is_dir() else PACKAGE.parent
"""The clone the kit runs from, or ``None`` for an installed wheel."""


def builtin(folder: str) -> Path:
    """The built-in ``playbooks``, ``templates`` or ``examples`` folder of this install."""
    return (_PACKAGED if CLONE is None else CLONE) / folder


def output_root() -> Path:
    """Where documents go when no ``--out`` is given.

    ``KIT_OUTPUT_DIR`` wins (the tests use it); inside a clone it is the clone's ``outputs/``,
    so a notebook whose kernel runs in ``playbooks/`` writes beside the command line; anywhere
    else it is ``outputs/`` in the current folder.
    """
    if configured := os.environ.get("KIT_OUTPUT_DIR"):
        return Path(configured)
    here = Path.cwd().resolve()
    if CLONE is not None and here.is_relative_to(CLONE):
        return CLONE / "outputs"
    return here / "outputs"


def output_dir(slug: str, out_dir: str | Path | None = None) -> Path:
    """The folder a playbook writes to: the one given, else ``<output root>/<slug>/``."""
    return Path(out_dir) if out_dir else output_root() / slug
