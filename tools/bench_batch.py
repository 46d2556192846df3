"""Print how ``kit batch`` performs against its targets: measured figures, never a test.

``python -m tools.bench_batch`` builds a Salesforce-shaped export of proposal rows over the
SaaS example and measures, in one run and side by side:

- 200 rows through ``kit batch`` against the same rows through ``kit run`` one by one
  (extrapolated from 10 runs): target at least 30x faster;
- the time per document inside a batch against python-docx loading and saving the same
  output document: target at most 4x;
- ``--workers 2`` against one worker: target at least 1.7x (needs two idle cores);
- peak memory at 10,000 rows against 1,000 rows: target at most 1.2x;
- ``--scheduler local`` with two workers against ``--workers 2``, on 1,000 rows: target within
  1.3x;
- ``--pdf``: documents per second with one reused LibreOffice per worker (no target).

Every command runs as its own process, timed from start to exit, as a user would see it;
memory is the sum over the batch process and its workers, sampled while it runs.
The figures depend on the machine and on what else it is doing: the load average is printed
before and after. ``--quick`` scales the row counts down tenfold for a trial run.
"""

from __future__ import annotations

import argparse
import copy
import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "examples" / "saas-subscription.yaml"
KIT = [sys.executable, "-m", "kit"]
COLUMNS = ["Id", "Name", "Account.Name", "Quantity", "UnitPrice", "Discount"]
SAMPLE_SECONDS = 0.2
"""How often the memory of a running batch (the process and its workers) is sampled."""


@dataclass(frozen=True)
class Figure:
    name: str
    measured: str
    target: str
    met: bool | None


def rows(count: int) -> list[dict[str, str]]:
    """Opportunities that differ in id, name, customer, seats, price and discount."""
    return [
        {
            "Id": f"0068d0000{i:06d}AAQ",
            "Name": f"Support automation, wave {i}",
            "Account.Name": f"Kunde {i} GmbH & Co. KG",
            "Quantity": str(10 + i % 30),
            "UnitPrice": f"{85 + i % 9}.00",
            "Discount": str(i % 3 * 5),
        }
        for i in range(count)
    ]


def write_table(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, COLUMNS)
        writer.writeheader()
        writer.writerows(rows(count))
    return path


def write_parameters(folder: Path, table: Path, count: int) -> list[Path]:
    """The first ``count`` rows of ``table`` as the parameters files ``kit run`` reads."""
    from kit import params, registry
    from kit.batch import mapping, sources

    playbook = registry.get("proposal")
    source = sources.Table(table)
    plan = mapping.plan(
        source.header, playbook.model(), "deal", mapping.load("salesforce"), table.name
    )
    base = params.read(BASE)
    for party in ("customer", "seller"):
        logo = base.get(party, {}).get("logo")
        if logo:
            base[party]["logo"] = str((BASE.parent / logo).resolve())
    files = []
    for row in list(source.rows())[:count]:
        data = plan.apply(copy.deepcopy(base), row.cells)
        path = folder / f"{data['id']}.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
        files.append(path)
    return files


def timed(command: Sequence[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def batch(table: Path, out: Path, *extra: str) -> list[str]:
    shutil.rmtree(out, ignore_errors=True)
    command = [*KIT, "batch", "proposal", "--rows", str(table), "--base", str(BASE)]
    return [*command, "--mapping", "salesforce", "--out", str(out), *extra]


def peak_mib(command: Sequence[str]) -> float:
    """The largest total resident memory of ``command`` and every process it started.

    Sampled while it runs, so the workers (children of a fork server) count as well as the
    batch process itself. psutil comes with the ``dask`` extra.
    """
    import psutil

    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.NoSuchProcess:
            continue  # a worker ended between listing and reading it
        time.sleep(SAMPLE_SECONDS)
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, command)
    return peak / 2**20


def per_document(table: Path, out: Path) -> tuple[float, float]:
    """Seconds per document in a warm in-process batch, and per python-docx load and save."""
    import docx

    import kit

    kit.batch("proposal", table, out / "warm", base=BASE, mapping="salesforce", progress=False)
    started = time.perf_counter()
    kit.batch("proposal", table, out / "timed", base=BASE, mapping="salesforce", progress=False)
    elapsed = time.perf_counter() - started
    documents = sorted((out / "timed").glob("*.docx"))
    started = time.perf_counter()
    for path in documents:
        docx.Document(str(path)).save(io.BytesIO())
    floor = time.perf_counter() - started
    return elapsed / len(documents), floor / len(documents)


def ratio(name: str, value: float, target: float, *, at_least: bool) -> Figure:
    sign = ">=" if at_least else "<="
    met = value >= target if at_least else value <= target
    return Figure(name, f"{value:.2f}x", f"{sign} {target:g}x", met)


def measure(scale: float, scratch: Path, pdf: bool) -> Iterator[Figure]:
    """Each figure as soon as it is measured, so a long run shows how far it has got."""
    many = max(20, int(200 * scale))
    table = write_table(scratch / "rows.csv", many)

    one = timed(batch(table, scratch / "w1"))
    yield Figure(f"kit batch, {many} rows, 1 worker", f"{one:.1f} s", "", None)
    singles = write_parameters(scratch, table, 10)
    run_total = sum(
        timed([*KIT, "run", "proposal", "--params", str(p), "--out", str(scratch / "run")])
        for p in singles
    )
    by_hand = run_total / len(singles) * many
    yield Figure(f"kit run x{many} (from {len(singles)})", f"{by_hand:.0f} s", "", None)
    yield ratio("batch speed-up over kit run", by_hand / one, 30, at_least=True)

    in_batch, floor = per_document(write_table(scratch / "small.csv", 40), scratch / "doc")
    yield Figure(
        "per document: batch / python-docx load+save",
        f"{in_batch * 1000:.0f} / {floor * 1000:.0f} ms",
        "",
        None,
    )
    yield ratio("per-document cost over the floor", in_batch / floor, 4, at_least=False)

    two = timed(batch(table, scratch / "w2", "--workers", "2"))
    yield Figure(f"kit batch, {many} rows, --workers 2", f"{two:.1f} s", "", None)
    yield ratio("--workers 2 over 1 worker", one / two, 1.7, at_least=True)

    try:
        import distributed  # noqa: F401 - only to know whether Dask is installed
    except ImportError:
        yield Figure("--scheduler local", "Dask not installed", "", None)
    else:
        # A book of a thousand rows, so the two seconds a local cluster takes to start and
        # import the kit in its workers weigh as they would on a real run, not on a sample.
        rows = max(100, int(1000 * scale))
        book = write_table(scratch / "book.csv", rows)
        pool = timed(batch(book, scratch / "pool", "--workers", "2"))
        yield Figure(f"kit batch, {rows} rows, --workers 2", f"{pool:.1f} s", "", None)
        dask = timed(batch(book, scratch / "dask", "--scheduler", "local", "--workers", "2"))
        yield Figure(
            f"kit batch, {rows} rows, --scheduler local, 2 workers", f"{dask:.1f} s", "", None
        )
        yield ratio("--scheduler local over --workers 2", dask / pool, 1.3, at_least=False)

    small, large = max(100, int(1000 * scale)), max(1000, int(10000 * scale))
    low = peak_mib(batch(write_table(scratch / "m1.csv", small), scratch / "m1", "--workers", "2"))
    yield Figure(f"peak memory, {small} rows, 2 workers", f"{low:.0f} MiB", "", None)
    high = peak_mib(batch(write_table(scratch / "m2.csv", large), scratch / "m2", "--workers", "2"))
    yield Figure(f"peak memory, {large} rows, 2 workers", f"{high:.0f} MiB", "", None)
    yield ratio(f"peak at {large} over {small} rows", high / low, 1.2, at_least=False)

    if pdf:
        yield from pdf_rate(scratch, max(10, int(40 * scale)))


def pdf_rate(scratch: Path, count: int) -> Iterator[Figure]:
    from kit import pdf
    from kit.errors import KitError

    try:
        pdf.require()
    except KitError as exc:
        yield Figure("--pdf", f"not measured: {exc}", "", None)
        return
    table = write_table(scratch / "pdf.csv", count)
    for workers in (1, 2):
        out = scratch / f"pdf{workers}"
        seconds = timed(batch(table, out, "--pdf", "--workers", str(workers)))
        converted = len(list(out.glob("*.pdf")))
        yield Figure(
            f"--pdf, {workers} worker(s): PDFs per second",
            f"{converted / seconds:.2f} ({converted} in {seconds:.1f} s)",
            "",
            None,
        )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a tenth of the rows")
    parser.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice figures")
    args = parser.parse_args(argv)
    print(f"CPUs: {os.cpu_count()}; load average before: {_load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="kit-bench-batch-") as folder:
        for figure in measure(0.1 if args.quick else 1.0, Path(folder), not args.no_pdf):
            verdict = {None: "", True: "meets target", False: "MISSES target"}[figure.met]
            print(
                f"{figure.name:<46} {figure.measured:<26} {figure.target:<8} {verdict}",
                flush=True,
            )
    print(f"load average after: {_load()}")


def _load() -> str:
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


if __name__ == "__main__":
    main()
