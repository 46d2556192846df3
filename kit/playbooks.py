"""Which parameters kind each playbook reads.

``kit run`` validates the file against this kind before a kernel starts, so a renewal file
given to the proposal playbook fails at once with exit code 2.
"""

from __future__ import annotations

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
