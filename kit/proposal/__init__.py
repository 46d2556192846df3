"""The proposal playbook: the proposal and its price, checked by the deal desk before it goes out.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="proposal",
    summary="The proposal and its price, checked by the deal desk before it goes out.",
    kind=Kind("deal", "kit.models.deal:Deal"),
    analyse="kit.proposal.calculations:analyse",
    notebook=builtin("playbooks") / "proposal.ipynb",
    example=builtin("examples") / "saas-subscription.yaml",
    template_dir=builtin("templates"),
    documents=(
        DocumentSpec("proposal.docx", "kit.proposal.document:customer"),
        DocumentSpec(
            "proposal-internal.docx",
            "kit.proposal.document:internal",
            audience="internal",
            suffix="-internal",
        ),
    ),
    form="kit.proposal.form:Form",
    gate="kit.proposal.calculations:gate",
)
