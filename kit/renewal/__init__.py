"""The renewal playbook: the renewal pack: evidence, gaps, expansion, add-on payback, options.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="renewal",
    summary="The renewal pack: evidence, gaps, expansion, add-on payback, options.",
    kind=Kind("account", "kit.models.account:Account"),
    analyse="kit.renewal.calculations:analyse",
    notebook=builtin("playbooks") / "renewal.ipynb",
    example=builtin("examples") / "account-review.yaml",
    template_dir=builtin("templates"),
    documents=(
        DocumentSpec("renewal.docx", "kit.renewal.document:customer"),
        DocumentSpec(
            "renewal-internal.docx",
            "kit.renewal.document:internal",
            audience="internal",
            suffix="-internal",
        ),
    ),
    form="kit.renewal.form:Form",
)
