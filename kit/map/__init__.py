"""The map playbook: discovery to mutual action plan (requirements, criteria, phases, sign-off).

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="map",
    summary="Discovery to mutual action plan: requirements, success criteria, phases, sign-off.",
    kind=Kind("deal", "kit.models.deal:Deal"),
    analyse="kit.map.calculations:analyse",
    notebook=builtin("playbooks") / "map.ipynb",
    example=builtin("examples") / "saas-subscription.yaml",
    template_dir=builtin("templates"),
    documents=(
        DocumentSpec("map.docx", "kit.map.document:customer"),
        DocumentSpec(
            "map-internal.docx",
            "kit.map.document:internal",
            audience="internal",
            suffix="-internal",
        ),
    ),
    form="kit.map.form:Form",
    gate="kit.map.calculations:gate",
    requires=("plan",),
)
