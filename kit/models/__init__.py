"""Typed parameters models, one per kind of parameters file.

Each YAML file names its ``kind``; :data:`KINDS` maps that name to the model that validates it,
so ``kit check`` can validate any file and ``kit run`` can refuse a file meant for another
playbook before a kernel starts.
"""

from kit.models.account import Account
from kit.models.deal import Deal
from kit.models.design import ProductionLine
from kit.models.optimise import Optimisation
from kit.models.readiness import Readiness

KINDS: dict[str, type] = {
    "account": Account,
    "deal": Deal,
    "optimisation": Optimisation,
    "production_line": ProductionLine,
    "readiness": Readiness,
}

__all__ = ["KINDS", "Account", "Deal", "Optimisation", "ProductionLine", "Readiness"]
