"""The qualify playbook: qualify a deal: fit and intent, the six gates, one next step.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
"""

from kit.registry import Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="qualify",
    summary="Qualify a deal: fit and intent, the six gates, one next step.",
    kind=Kind("deal", "kit.models.deal:Deal"),
    analyse="kit.qualify.calculations:analyse",
    notebook=builtin("playbooks") / "qualify.ipynb",
    example=builtin("examples") / "saas-subscription.yaml",
    template_dir=builtin("templates"),
    form="kit.qualify.form:Form",
)
