"""Re-execute playbooks and keep only the outputs nbval compares.

Run ``python -m tools.refresh_notebooks [playbooks/NAME.ipynb ...]`` after changing a
calculation or a view: cells tagged ``nbval-check-output`` get fresh reference outputs (and the
``keep_output`` tag nbstripout honours); every other cell is committed clean.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHECKED = "nbval-check-output"
KEEP = "keep_output"


def refresh(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["KIT_OUTPUT_DIR"] = scratch
        NotebookClient(
            notebook,
            timeout=600,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        ).execute()
    for index, cell in enumerate(notebook.cells):
        cell.id = str(index)
        if cell.cell_type != "code":
            continue
        tags = [tag for tag in cell.metadata.get("tags", []) if tag != KEEP]
        if CHECKED in tags:
            tags.append(KEEP)  # nbval needs the execution count of a reference cell
        else:
            cell.outputs = []
            cell.execution_count = None
        cell.metadata = {"tags": tags} if tags else {}
    notebook.metadata.pop("widgets", None)
    nbformat.write(notebook, path)
    print(f"refreshed {path.relative_to(ROOT)}")


if __name__ == "__main__":
    targets = [Path(p).resolve() for p in sys.argv[1:]] or sorted(
        (ROOT / "playbooks").glob("*.ipynb")
    )
    for target in targets:
        refresh(target)
