"""Print how fast proposals become PDFs with LibreOffice started once versus once per file.

``python -m tools.bench_pdf [COPIES]`` renders the SaaS proposal, copies it ``COPIES`` times
(10 by default) and converts the copies four ways, each timed from nothing running to every
PDF written, so start-up is counted wherever it is paid:

- the kit's way: one :class:`kit.pdf.Converter`, LibreOffice started once;
- a new Converter per file, as a worker that cannot keep one would do;
- ``soffice --convert-to pdf`` per file (one profile, warmed by the first call);
- one ``soffice --convert-to pdf`` call for all the files, the batching alternative.

Figures only; nothing here passes or fails. ``tools/benchmark.py`` calls :func:`main`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kit import document, params, pdf, registry
from kit.errors import ConversionError
from kit.formatting import table

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "saas-subscription.yaml"
COPIES = 10


def render_copies(folder: Path, copies: int) -> list[Path]:
    """The proposal's customer document, rendered once and copied ``copies`` times."""
    playbook = registry.get("proposal")
    written = document.write(playbook, playbook.analysis(params.load(EXAMPLE)), folder / "src")
    [source] = [path for path in written.files if not path.stem.endswith("-internal")]
    return [shutil.copyfile(source, folder / f"copy-{n:03}.docx") for n in range(1, copies + 1)]


def reused(documents: list[Path], out: Path) -> int:
    with pdf.Converter() as converter:
        converter.convert(documents, out)
        return converter.starts


def converter_per_file(documents: list[Path], out: Path) -> int:
    for path in documents:
        with pdf.Converter() as converter:
            converter.convert([path], out)
    return len(documents)


def convert_to(documents: list[Path], out: Path, profile: Path) -> None:
    subprocess.run(
        [
            pdf.find_soffice(),
            "--headless",
            f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            *map(str, documents),
        ],
        capture_output=True,
        check=True,
        timeout=pdf.DEFAULT_TIMEOUT * len(documents),
    )


def convert_to_per_file(documents: list[Path], out: Path) -> int:
    for path in documents:
        convert_to([path], out, out.parent / f"{out.name}-profile")
    return len(documents)


def convert_to_at_once(documents: list[Path], out: Path) -> int:
    convert_to(documents, out, out.parent / f"{out.name}-profile")
    return 1


APPROACHES: list[tuple[str, Callable[[list[Path], Path], int]]] = [
    ("one LibreOffice, reused (kit.pdf)", reused),
    ("a new kit.pdf Converter per file", converter_per_file),
    ("soffice --convert-to per file", convert_to_per_file),
    ("soffice --convert-to, all in one call", convert_to_at_once),
]
"""Each converts the documents into a folder and returns how many times LibreOffice started."""


def measure(copies: int = COPIES) -> list[list[str]]:
    """One row per approach: LibreOffice starts, seconds, documents per second, s per doc."""
    rows = []
    with tempfile.TemporaryDirectory(prefix="kit-bench-pdf-") as scratch:
        folder = Path(scratch)
        documents = render_copies(folder, copies)
        for number, (name, action) in enumerate(APPROACHES):
            out = folder / f"out-{number}"
            start = time.perf_counter()
            starts = action(documents, out)
            seconds = time.perf_counter() - start
            if len(list(out.glob("*.pdf"))) != copies:
                raise ConversionError(f"{name}: fewer than {copies} PDFs were written")
            rows.append(
                [
                    name,
                    str(starts),
                    f"{seconds:.1f}",
                    f"{copies / seconds:.2f}",
                    f"{seconds / copies:.2f}",
                ]
            )
    return rows


def main(copies: int = COPIES) -> None:
    try:
        pdf.require()
    except ConversionError as exc:
        print(f"PDF benchmark skipped: {exc}")
        return
    rows = measure(copies)
    print(f"PDF conversion of {copies} copies of the proposal on this machine")
    print(table(["approach", "starts", "seconds", "docs/s", "s/doc"], rows))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else COPIES)
