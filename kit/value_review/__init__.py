"""The value_review playbook: is the customer getting what they bought?

Metrics against their targets, retention risk from the early warnings, and next steps.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="value_review",
    summary="Is the customer getting what they bought: metrics, retention risk, next steps.",
    kind=Kind("account", "kit.models.account:Account"),
    analyse="kit.value_review.calculations:analyse",
    notebook=builtin("playbooks") / "value_review.ipynb",
    example=builtin("examples") / "account-review.yaml",
    template_dir=builtin("templates"),
    documents=(
        DocumentSpec("value_review.docx", "kit.value_review.document:customer"),
        DocumentSpec(
            "value_review-internal.docx",
            "kit.value_review.document:internal",
            audience="internal",
            suffix="-internal",
        ),
    ),
    form="kit.value_review.form:Form",
)
