"""Write the first version of every template in ``templates/`` from ``tools/template_sources``.

Run ``python -m tools.build_templates [NAME ...]`` from the repository root. Teams who restyle a
template in Word should not rerun this for that template: it would overwrite their edits.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path

from tools import template_sources

ROOT = Path(__file__).resolve().parent.parent


def main(names: list[str]) -> None:
    available = [module.name for module in pkgutil.iter_modules(template_sources.__path__)]
    for name in names or available:
        if name not in available:
            raise SystemExit(f"unknown template '{name}' (known: {', '.join(available)})")
        module = importlib.import_module(f"tools.template_sources.{name}")
        target = ROOT / "templates" / f"{name}.docx"
        module.build().save(target)
        print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
