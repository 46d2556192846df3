"""Check Word templates against the variables the kit provides, for teams who edit them.

A template edited in Word may gain a misspelt tag (an *unknown* variable: rendering would fail)
or lose a section (a *missing* variable: the document would silently omit it). Both are
reported; unknown variables fail the check, missing ones are warnings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kit.documents import variables_by_template
from kit.errors import UsageError
from kit.paths import TEMPLATES
from kit.render import template_variables


@dataclass(frozen=True)
class Report:
    template: Path
    unknown: list[str]
    missing: list[str]

    @property
    def ok(self) -> bool:
        return not self.unknown

    def summary(self) -> str:
        if not self.unknown and not self.missing:
            return f"{self.template.name}: ok"
        parts = []
        if self.unknown:
            parts.append(f"unknown variables (rendering will fail): {', '.join(self.unknown)}")
        if self.missing:
            parts.append(f"variables the template no longer uses: {', '.join(self.missing)}")
        return f"{self.template.name}: " + "; ".join(parts)


def check_one(path: Path) -> Report:
    documents = variables_by_template()
    provided = documents.get(path.name)
    if provided is None:
        known = ", ".join(sorted(documents))
        raise UsageError(f"{path}: no kit document uses a template of this name (known: {known})")
    used = template_variables(path)
    return Report(path, sorted(used - provided), sorted(provided - used))


def check(paths: list[str] | None = None) -> list[Report]:
    targets = [Path(p) for p in paths] if paths else sorted(TEMPLATES.glob("*.docx"))
    return [check_one(path) for path in targets]
