"""Typed parameters models, one per kind of parameters file.

Each YAML file names its ``kind``; :data:`KINDS` maps that name to the model that validates it,
so ``kit check`` can validate any file and ``kit run`` can refuse a file meant for another
playbook before a kernel starts.
"""

from kit.models.deal import Deal

KINDS: dict[str, type] = {"deal": Deal}

__all__ = ["KINDS", "Deal"]
