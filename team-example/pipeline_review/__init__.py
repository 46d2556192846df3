"""Pipeline review: coverage of the target and the weighted forecast, with deals to update.

A team's own playbook, in a package of its own. It is registered in ``pyproject.toml`` under
the ``kit.playbooks`` entry points, exactly like the kit's playbooks, and names its code as
``"module:attribute"`` text so ``kit list`` stays quick.
"""

from pathlib import Path

from kit.registry import DocumentSpec, Kind, Playbook

HERE = Path(__file__).resolve().parent

PLAYBOOK = Playbook(
    name="pipeline_review",
    summary="Pipeline coverage and the weighted forecast by month, with deals to update.",
    kind=Kind("pipeline", "pipeline_review.model:PipelineReview"),
    analyse="pipeline_review.calculations:analyse",
    notebook=HERE / "playbooks" / "pipeline_review.ipynb",
    example=HERE / "examples" / "emea-q2-2027.yaml",
    template_dir=HERE / "templates",
    documents=(DocumentSpec("pipeline_review.docx", "pipeline_review.document:customer"),),
    form="pipeline_review.form:Form",
)
