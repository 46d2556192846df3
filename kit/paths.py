"""Where the kit finds its playbooks and templates and where it writes documents.

The kit runs from a clone (installed editable), so the folders sit beside the package.
``KIT_OUTPUT_DIR`` moves the default output root, which the tests use to keep ``outputs/`` clean.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAYBOOKS = ROOT / "playbooks"
TEMPLATES = ROOT / "templates"


def output_root() -> Path:
    return Path(os.environ.get("KIT_OUTPUT_DIR", ROOT / "outputs"))


def output_dir(slug: str, out_dir: str | Path | None = None) -> Path:
    """The folder a playbook writes to: the one given, else ``outputs/<slug>/``."""
    return Path(out_dir) if out_dir else output_root() / slug
