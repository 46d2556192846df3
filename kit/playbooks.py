"""Which parameters kind each playbook reads.

``kit run`` validates the file against this kind before a kernel starts, so a renewal file
given to the proposal playbook fails at once with exit code 2.
"""

from __future__ import annotations

from pydantic import BaseModel

from kit.errors import ParamsError

PLAYBOOK_KINDS: dict[str, str] = {
    "design": "production_line",
    "readiness": "readiness",
    "qualify": "deal",
    "map": "deal",
    "proposal": "deal",
    "value_review": "account",
    "renewal": "account",
    "optimise": "optimisation",
}

PLAYBOOK_REQUIRES: dict[str, tuple[str, ...]] = {"map": ("plan",)}
"""Optional sections of a parameters file that a playbook cannot run without."""


def check_requirements(playbook: str, params: BaseModel, source: str) -> None:
    """Fail before a kernel starts when a section the playbook needs is absent."""
    missing = [
        name for name in PLAYBOOK_REQUIRES.get(playbook, ()) if getattr(params, name) is None
    ]
    if missing:
        raise ParamsError(
            source, [f"{name}: the {playbook} playbook needs this section" for name in missing]
        )
