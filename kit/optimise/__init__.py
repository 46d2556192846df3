"""The optimise playbook: one Moment That Matters at a time: ranked backlog, sprint plan,
compounding.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
Its one document is the team's own workbook, never sent to a customer: it is registered as
internal, so every page is stamped so, and no gate holds it back.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="optimise",
    summary="One Moment That Matters at a time: ranked backlog, sprint plan, compounding.",
    kind=Kind("optimisation", "kit.optimise.model:Optimisation"),
    analyse="kit.optimise.calculations:analyse",
    notebook=builtin("playbooks") / "optimise.ipynb",
    example=builtin("examples") / "optimisation.yaml",
    template_dir=builtin("templates"),
    documents=(
        DocumentSpec("optimise.docx", "kit.optimise.document:workbook", audience="internal"),
    ),
    form="kit.optimise.form:Form",
)
