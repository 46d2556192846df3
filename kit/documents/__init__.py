"""One module per Word document; each knows its template, its variables and how to fill them.

Every document module provides:

- ``TEMPLATE``: the file name in ``templates/``;
- ``VARIABLES``: the top-level names its context provides (what ``kit templates check``
  compares a Word-edited template against);
- ``EXAMPLE``: the bundled parameters file the tests and benchmarks render;
- ``context_for(params) -> dict`` and ``charts_for(params) -> dict[str, Chart]``;
- ``render(params, out_dir=None) -> Path``.

Modules are discovered, so adding a document needs no edit here.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def modules() -> list[ModuleType]:
    """Every document module, in name order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "TEMPLATE"):
            found.append(module)
    return found


def variables_by_template() -> dict[str, frozenset[str]]:
    return {module.TEMPLATE: module.VARIABLES for module in modules()}
