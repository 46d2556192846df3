"""Print how fast documents render and how big they are; figures only, no pass/fail.

``python -m tools.benchmark`` renders each document from its bundled example, a proposal scaled
up to many requirements and milestones, and one headless ``kit run``, and prints a table.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kit import params, runner
from kit.documents import modules
from kit.proposal import document as proposal
from kit.formatting import table
from kit.models.deal import Deal

ROOT = Path(__file__).resolve().parent.parent


def timed(action: Callable[[], Path], repeat: int) -> tuple[float, Path]:
    """Median wall time in milliseconds over ``repeat`` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def scaled_deal(base: Deal, size: int) -> Deal:
    """The SaaS example with ``size`` requirements and outcomes, to see how rendering scales."""
    requirements = [
        base.requirements[i % len(base.requirements)].model_copy(update={"id": f"R{i + 1}"})
        for i in range(size)
    ]
    outcomes = [
        base.outcomes[i % len(base.outcomes)].model_copy(update={"id": f"O{i + 1}"})
        for i in range(size)
    ]
    linked = [r.model_copy(update={"outcomes": [f"O{i + 1}"]}) for i, r in enumerate(requirements)]
    return base.model_copy(update={"requirements": linked, "outcomes": outcomes})


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for module in modules():
            example = params.load(ROOT / module.EXAMPLE)
            ms, path = timed(lambda m=module, e=example: m.render(e, out), repeat=5)
            rows.append(
                [module.TEMPLATE, module.EXAMPLE, f"{ms:.0f}", f"{path.stat().st_size / 1024:.1f}"]
            )
        base = params.load(ROOT / proposal.EXAMPLE)
        for size in (50, 200):
            deal = scaled_deal(base, size)
            ms, path = timed(lambda d=deal: proposal.render(d, out), repeat=3)
            rows.append(
                [
                    f"proposal.docx ({size} requirements)",
                    "scaled SaaS example",
                    f"{ms:.0f}",
                    f"{path.stat().st_size / 1024:.1f}",
                ]
            )
        ms, _ = timed(
            lambda: runner.run("proposal", ROOT / proposal.EXAMPLE, out / "run").out_dir, 1
        )
        rows.append(
            ["kit run proposal (papermill, kernel start)", proposal.EXAMPLE, f"{ms:.0f}", "-"]
        )
    print("Benchmark: median wall time per render on this machine")
    print(table(["document", "parameters", "ms", "KiB"], rows))


if __name__ == "__main__":
    main()
