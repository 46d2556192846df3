"""The design playbook: the production line's growth plan, funnel, target stack, forecast and
Moments That Matter.

Registered in ``pyproject.toml`` under the ``kit.playbooks`` entry points, exactly as a team's
own playbook would be. This module imports nothing heavy: the code is named, not loaded.
Its one document is the team's own workbook, never sent to a customer: it is registered as
internal, so every page is stamped so, and no gate holds it back.
"""

from kit.registry import DocumentSpec, Kind, Playbook
from kit.resources import builtin

PLAYBOOK = Playbook(
    name="design",
    summary=(
        "The production line: growth plan, funnel, target stack, forecast and Moments That Matter."
    ),
    kind=Kind("production_line", "kit.design.model:ProductionLine"),
    analyse="kit.design.calculations:analyse",
    notebook=builtin("playbooks") / "design.ipynb",
    example=builtin("examples") / "production-line.yaml",
    template_dir=builtin("templates"),
    documents=(DocumentSpec("design.docx", "kit.design.document:workbook", audience="internal"),),
    form="kit.design.form:Form",
)
