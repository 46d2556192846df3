"""The readiness playbook: ready to scale? Product-market fit, go-to-market fit, capacity
against demand.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
Its one document is the team's own workbook, never sent to a customer: it is registered as
internal, so every page is stamped so, and no gate holds it back.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="readiness",
    summary="Ready to scale? Product-market fit, go-to-market fit, capacity against demand.",
    kind=Kind("readiness", "kit.readiness.model:Readiness"),
    analyse="kit.readiness.calculations:analyse",
    notebook=builtin("playbooks") / "readiness.ipynb",
    example=builtin("examples") / "readiness.yaml",
    template_dir=builtin("templates"),
    documents=(
        DocumentSpec("readiness.docx", "kit.readiness.document:workbook", audience="internal"),
    ),
    form="kit.readiness.form:Form",
)
