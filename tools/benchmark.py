"""Print how fast the kit is and how big its documents are; figures only, no pass or fail.

``python -m tools.benchmark`` measures, side by side in one run:

- ``kit check`` on the bundled deal against ``python -c "import pydantic, yaml"`` (target: at
  most 3x), and ``kit run proposal`` against papermill running a two-cell notebook (target: at
  most 1.3x), both as the CPU time of the whole process tree, median of several runs;
- each playbook's documents rendered in-process from its bundled example: time and size;
- then the batch benchmark (``tools.bench_batch``) and the PDF benchmark (``tools.bench_pdf``).

Every figure depends on the machine and on what else runs on it; ratios measured in the same
run are the numbers to read.
"""

from __future__ import annotations

import compileall
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kit import document, params, registry
from kit.formatting import table

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEAL = ROOT / "examples" / "saas-subscription.yaml"


def tree_cpu(command: Sequence[str], cwd: Path) -> float:
    """CPU seconds (user + system) of ``command`` and every process it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def paired(a: Sequence[str], b: Sequence[str], runs: int, cwd: Path) -> tuple[float, float]:
    """Median CPU of ``a`` and ``b``, run in turn (A B A B ...) after one warm-up each."""
    tree_cpu(a, cwd)
    tree_cpu(b, cwd)
    times_a, times_b = [], []
    for _ in range(runs):
        times_a.append(tree_cpu(a, cwd))
        times_b.append(tree_cpu(b, cwd))
    return statistics.median(times_a), statistics.median(times_b)


def two_cell_notebook(folder: Path) -> Path:
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    notebook = new_notebook(
        cells=[
            new_code_cell("x = 1", metadata={"tags": ["parameters"]}),
            new_code_cell("print(x)"),
        ]
    )
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    path = folder / "two-cells.ipynb"
    nbformat.write(notebook, path)
    return path


def commands(scratch: Path) -> list[list[str]]:
    # Measure the kit as an installed wheel runs it, from compiled modules: a clone's editable
    # install under PYTHONDONTWRITEBYTECODE would otherwise compile every module on every call.
    compileall.compile_dir(ROOT / "kit", quiet=1)
    check, baseline = paired(
        [str(BIN / "kit"), "check", str(DEAL)],
        [sys.executable, "-c", "import pydantic, yaml"],
        runs=11,
        cwd=scratch,
    )
    notebook = two_cell_notebook(scratch)
    run, papermill = paired(
        [str(BIN / "kit"), "run", "proposal", "--params", str(DEAL), "--out", str(scratch / "r")],
        [
            str(BIN / "papermill"),
            "--no-progress-bar",
            "-k",
            "python3",
            str(notebook),
            str(scratch / "two-out.ipynb"),
        ],
        runs=3,
        cwd=scratch,
    )
    return [
        [
            "kit check (bundled deal)",
            f"{check:.3f}",
            "python -c 'import pydantic, yaml'",
            f"{baseline:.3f}",
            f"{check / baseline:.2f}x",
            "<= 3x",
        ],
        [
            "kit run proposal",
            f"{run:.2f}",
            "papermill, two-cell notebook",
            f"{papermill:.2f}",
            f"{run / papermill:.2f}x",
            "<= 1.3x",
        ],
    ]


def timed(action: Callable[[], object], repeat: int) -> float:
    """Median wall time in milliseconds over ``repeat`` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def documents(scratch: Path) -> list[list[str]]:
    rows = []
    for playbook in registry.playbooks().values():
        if not playbook.documents:
            continue
        model = params.load(playbook.example, playbook.model())
        out = scratch / playbook.name

        def render(p=playbook, m=model, o=out) -> None:
            document.write(p, p.analysis(m), o)

        ms = timed(render, repeat=5)
        for path in sorted(out.glob("*.docx")):
            rows.append([path.name, f"{ms:.0f}", f"{path.stat().st_size / 1024:.1f}"])
    return rows


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        env_note = f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
        print(f"Benchmark: quick commands as CPU of the whole process tree ({env_note})")
        print(table(["command", "CPU s", "against", "CPU s", "ratio", "target"], commands(scratch)))
        print()
        print("Documents rendered in-process from each bundled example (median of 5)")
        print(table(["document", "ms per playbook run", "KiB"], documents(scratch)))
    print()
    from tools import bench_batch, bench_pdf

    bench_batch.main([])
    print()
    bench_pdf.main()


if __name__ == "__main__":
    main()
