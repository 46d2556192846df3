"""A whole book of business in one call: every row of a table (or folder) to its documents.

Everything that can be wrong with the command is checked before the first row runs: the
playbook, the rows' source, the mapping against the table's header and the model, the base
parameters file, the templates, the output folder, the cluster. Then rows stream through: read
one, merge it over the base, skip it if nothing it depends on has changed since the last run,
otherwise hand it to a worker; results come back in row order, their files are moved into
place and the manifest grows by one line. Nothing holds more than a window of rows.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import hashlib
import json
import os
import re
import shutil
import time
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kit import params, registry
from kit.batch import manifest, sources
from kit.batch import mapping as mappings
from kit.batch import progress as display
from kit.batch.executors import Dask, Done, Executor, InProcess, Pending, Processes
from kit.batch.manifest import Outcome, Status, Tally
from kit.batch.work import Job, Task
from kit.document import file_name
from kit.errors import TemplateError, UsageError
from kit.registry import Playbook

STAGING = ".kit-batch"
"""Rows write here first (inside the output folder, so moving a file into place is a rename)."""
FAILURES_SHOWN = 20
"""Failed rows the summary keeps to show; the manifest has all of them."""


@dataclass(frozen=True)
class Summary:
    """What a batch did, as counts: the manifest is the row-by-row record."""

    playbook: str
    out_dir: Path
    rows: int
    statuses: dict[str, int]
    skipped: int
    seconds: float
    ignored_columns: tuple[str, ...] = ()
    failures: tuple[Outcome, ...] = ()
    """The first failed rows, for a caller that ran without progress lines; the manifest has
    every one of them."""

    @property
    def failed(self) -> int:
        return sum(self.statuses.get(status, 0) for status in manifest.FAILED)

    @property
    def exit_code(self) -> int:
        """0 when every row produced its documents, 1 when any did not."""
        return 1 if self.failed else 0

    @property
    def manifest(self) -> Path:
        return self.out_dir / manifest.CSV_NAME

    def lines(self) -> list[str]:
        labels = {
            "ok": "ok",
            "edits": "approved with edits",
            "review_failed": "review failed",
            "invalid": "invalid",
            "failed": "failed",
        }
        counts = ", ".join(
            f"{self.statuses[status]} {label}"
            for status, label in labels.items()
            if self.statuses.get(status)
        )
        lines = [
            f"{self.playbook}: {self.rows} row(s) in {self.seconds:.1f} s: {counts or 'nothing'}"
        ]
        if self.skipped:
            lines.append(f"  {self.skipped} unchanged since the last run: skipped, files intact")
        if self.ignored_columns:
            lines.append(f"  ignored columns: {', '.join(self.ignored_columns)}")
        lines.append(f"  manifest: {self.manifest} and {self.out_dir / manifest.JSON_NAME}")
        return lines

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))


@dataclass(frozen=True)
class _Prepared:
    playbook: Playbook
    source: sources.Files | sources.Table
    plan: mappings.Plan | None
    base: dict[str, Any]
    job: Job
    identity: bytes
    out_dir: Path
    settings: dict[str, Any]


def run(
    playbook: str,
    rows: str | os.PathLike[str],
    out: str | os.PathLike[str],
    *,
    base: str | os.PathLike[str] | None = None,
    mapping: str | os.PathLike[str] | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    pdf: bool = False,
    notebooks: bool = False,
    templates: Sequence[str | os.PathLike[str]] = (),
    progress: bool = True,
) -> Summary:
    """Write ``playbook``'s documents for every row of ``rows`` into ``out``.

    ``rows`` is a CSV/TSV/XLSX table (each row merged over ``base``; columns are field paths
    or translated by ``mapping``) or a folder or glob of parameters files. ``workers`` runs
    rows in that many processes; ``scheduler`` (``"local"`` or ``"tcp://host:8786"``) runs
    them on Dask. Raises a :class:`kit.errors.KitError` with exit code 2 when the command is
    wrong; otherwise returns a :class:`Summary` whose ``exit_code`` is 1 if any row failed.
    """
    started = time.perf_counter()
    prepared = _prepare(
        playbook, rows, out, base, mapping, workers, scheduler, pdf, notebooks, templates
    )
    tally = Tally()
    failures: list[Outcome] = []
    claimed: dict[str, int] = {}
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(shutil.rmtree, prepared.job.staging, ignore_errors=True)
        executor = _executor(prepared, workers, scheduler)
        cleanup.callback(executor.close)
        prior = manifest.previous(prepared.out_dir)
        writer = manifest.Writer(prepared.out_dir, prepared.settings)

        def keep_csv_only(kind: type[BaseException] | None, *_: object) -> bool:
            if kind is not None:  # interrupted: the CSV resumes the next run
                writer.abandon(p for p in prior.values() if p.id not in claimed)
            return False

        cleanup.push(keep_csv_only)
        reporter = display.reporter(prepared.source.count(), progress)
        cleanup.callback(reporter.close)
        if prepared.plan is not None and prepared.plan.ignored:
            reporter.note(f"ignored columns: {', '.join(prepared.plan.ignored)}")
        for outcome in _results(_items(prepared, prior), executor, prepared.job):
            outcome = _publish(outcome, prepared, claimed)
            writer.add(outcome)
            tally.add(outcome)
            reporter.update(outcome, tally)
            if outcome.failed and len(failures) < FAILURES_SHOWN:
                failures.append(outcome)
    summary = Summary(
        prepared.playbook.name,
        prepared.out_dir,
        tally.rows,
        dict(tally.statuses),
        tally.skipped,
        time.perf_counter() - started,
        prepared.plan.ignored if prepared.plan else (),
        tuple(failures),
    )
    writer.close(
        {
            "rows": summary.rows,
            "statuses": summary.statuses,
            "skipped": summary.skipped,
            "seconds": round(summary.seconds, 3),
            "exit_code": summary.exit_code,
        }
    )
    return summary


# --- before any row runs -----------------------------------------------------------------------


def _prepare(
    name: str,
    rows: str | os.PathLike[str],
    out: str | os.PathLike[str],
    base: str | os.PathLike[str] | None,
    mapping: str | os.PathLike[str] | None,
    workers: int,
    scheduler: str | None,
    pdf: bool,
    notebooks: bool,
    templates: Sequence[str | os.PathLike[str]],
) -> _Prepared:
    if workers < 1:
        raise UsageError(f"workers: must be 1 or more (got {workers})")
    playbook = registry.get(name)
    if not playbook.documents:
        raise UsageError(
            f"playbook {name} writes no documents (its record is the executed notebook); "
            "kit batch needs a playbook with documents"
        )
    model = playbook.model()
    source = sources.open_rows(rows)
    plan = None
    data: dict[str, Any] = {}
    if isinstance(source, sources.Files):
        if base is not None or mapping is not None:
            raise UsageError(
                "a base file and a mapping apply to a table of rows; parameters files are complete"
            )
    else:
        chosen = mappings.load(mapping) if mapping is not None else None
        plan = mappings.plan(source.header, model, playbook.kind.name, chosen, source.name)
        data = _base(playbook, base) if base is not None else {"kind": playbook.kind.name}
    if pdf:
        from kit import pdf as converter
        from kit.errors import ConversionError

        try:
            converter.require()
        except ConversionError as exc:
            raise UsageError(f"PDF: {exc}") from exc
    folders = _template_folders(templates)
    used = _templates(playbook, folders)
    out_dir = Path(out).resolve()
    staging = out_dir / STAGING
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot write the output folder ({exc.strerror})") from exc
    job = Job(
        playbook.name,
        staging,
        folders,
        plan.columns if plan else {},
        Path(base).parent.resolve() if base is not None else None,
        pdf,
        notebooks,
    )
    identity = {
        "kit": _version(),
        "playbook": playbook.name,
        "templates": {path.name: manifest.sha256(path) for path in used},
        "pdf": pdf,
        "notebooks": notebooks,
    }
    settings = {
        "kit": _version(),
        "playbook": playbook.name,
        "source": str(rows),
        "base": str(base) if base is not None else None,
        "mapping": str(mapping) if mapping is not None else None,
        "templates": [str(path) for path in used],
        "workers": workers,
        "scheduler": scheduler,
        "pdf": pdf,
        "notebooks": notebooks,
    }
    return _Prepared(
        playbook,
        source,
        plan,
        data,
        job,
        json.dumps(identity, sort_keys=True).encode(),
        out_dir,
        settings,
    )


def _base(playbook: Playbook, base: str | os.PathLike[str]) -> dict[str, Any]:
    """The base parameters as written (rows merge into the text, not into parsed models),
    checked on their own first so a broken base is one error, not one per row."""
    path = Path(base)
    data = params.read(path)
    model = params.validate(
        copy.deepcopy(data), str(path), playbook.model(), base_dir=path.parent.resolve()
    )
    playbook.check_requirements(model, str(path))
    return data


def _template_folders(extra: Sequence[str | os.PathLike[str]]) -> tuple[Path, ...]:
    from kit import templates

    return tuple(path.resolve() for path in templates.team_folders([Path(p) for p in extra]))


def _templates(playbook: Playbook, folders: tuple[Path, ...]) -> list[Path]:
    from kit import templates

    try:
        return [templates.find(playbook, spec.template, folders) for spec in playbook.documents]
    except TemplateError as exc:
        raise UsageError(str(exc)) from exc


def _version() -> str:
    from kit import __version__

    return __version__


def _executor(prepared: _Prepared, workers: int, scheduler: str | None) -> Executor:
    if scheduler is not None:
        job = prepared.job
        folders = [job.staging, *job.templates, prepared.playbook.template_dir]
        shared = [str(folder) for folder in (*folders, job.base_dir) if folder is not None]
        return Dask(scheduler, workers, prepared.job, shared)
    if workers == 1:
        return InProcess()
    return Processes(workers, _modules(prepared.playbook, prepared.job))


def _modules(playbook: Playbook, job: Job) -> list[str]:
    """What a worker imports for its first row, to import once before the workers start."""
    named = [playbook.analyse, playbook.gate or "", *(spec.build for spec in playbook.documents)]
    modules = [reference.partition(":")[0] for reference in named if reference]
    return ["kit.render", *dict.fromkeys(modules), *(["kit.pdf"] if job.pdf else [])]


# --- rows --------------------------------------------------------------------------------------


def _items(prepared: _Prepared, prior: dict[str, Outcome]) -> Iterator[Task | Outcome]:
    """Each row as a task to run, or as its outcome when it needs no worker."""
    for row in prepared.source.rows():
        if isinstance(row, sources.FileRow):
            yield _file_item(row, prepared, prior)
        else:
            yield _table_item(row, prepared, prior)


def _file_item(
    row: sources.FileRow, prepared: _Prepared, prior: dict[str, Outcome]
) -> Task | Outcome:
    source = str(row.path)
    try:
        payload = row.path.read_bytes()
    except OSError as exc:
        return Outcome(row.number, source, "", "invalid", errors=(f"{source}: {exc.strerror}",))
    key = _key(
        prepared.identity, payload + _images(payload.decode("utf-8", "replace"), row.path.parent)
    )
    return _unchanged(row.number, source, key, prepared, prior) or Task(
        row.number, source, key, path=row.path
    )


def _table_item(
    row: sources.TableRow, prepared: _Prepared, prior: dict[str, Outcome]
) -> Task | Outcome:
    assert prepared.plan is not None
    source = f"{prepared.source.name} row {row.number}"
    if row.overflow:
        return Outcome(
            row.number,
            source,
            "",
            "invalid",
            errors=(
                f"{source}: {row.overflow} cell(s) beyond the last named column; "
                "a value with an unquoted comma or a shifted row?",
            ),
        )
    try:
        data = prepared.plan.apply(copy.deepcopy(prepared.base), row.cells)
    except mappings.RowProblems as exc:
        errors = tuple(
            f"{source}, column {column!r}, field {path}: {problem}"
            for column, path, problem in exc.problems
        )
        found = exc.data.get("id")
        return Outcome(
            row.number, source, found if isinstance(found, str) else "", "invalid", errors=errors
        )
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    key = _key(prepared.identity, canonical.encode() + _images(canonical, prepared.job.base_dir))
    return _unchanged(row.number, source, key, prepared, prior) or Task(
        row.number, source, key, data=data
    )


IMAGE_NAME = re.compile(r"[^\s\"':,\[\]{}]+\.(?:png|jpe?g)\b", re.IGNORECASE)
"""How a row names an image (a logo): a path ending in .png, .jpg or .jpeg."""


def _images(text: str, folder: Path | None) -> bytes:
    """The bytes of every image the row's text names, so a new logo renders the row again.

    A row's documents embed the images its parameters point to; hashing only the text would
    skip a row whose logo file was replaced under the same name.
    """
    found = b""
    for name in sorted(set(IMAGE_NAME.findall(text))):
        path = Path(name) if folder is None else folder / name
        with contextlib.suppress(OSError):
            found += hashlib.sha256(path.read_bytes()).digest()
    return found


def _key(identity: bytes, payload: bytes) -> str:
    """Everything a row's files depend on: its parameters, the templates, the kit, options."""
    return hashlib.sha256(identity + b"\0" + payload).hexdigest()


def _unchanged(
    number: int, source: str, key: str, prepared: _Prepared, prior: dict[str, Outcome]
) -> Outcome | None:
    """The previous run's outcome for an unchanged row whose files are intact; it is taken
    out of ``prior``, which then holds only the rows this run has not reached."""
    found = prior.pop(key, None)
    if found is None or not manifest.intact(prepared.out_dir, found.files):
        return None
    return dataclasses.replace(found, row=number, source=source, skipped=True)


def _results(items: Iterator[Task | Outcome], executor: Executor, job: Job) -> Iterator[Outcome]:
    """Outcomes in row order, with at most ``executor.window`` rows in flight."""
    pending: deque[Pending] = deque()
    for item in items:
        pending.append(Done(item) if isinstance(item, Outcome) else executor.submit(item, job))
        while len(pending) > executor.window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _publish(outcome: Outcome, prepared: _Prepared, claimed: dict[str, int]) -> Outcome:
    """Move a finished row's files from its staging folder into the output folder.

    Two rows with the same id would write the same file names: the later one fails instead.
    """
    folder = prepared.job.staging / f"row-{outcome.row}"
    try:
        if not outcome.files:
            return outcome
        first = claimed.setdefault(outcome.id, outcome.row)
        if first != outcome.row:
            return _failed(
                outcome,
                "invalid",
                f"id {outcome.id!r} is also the id of row {first}; "
                "its documents would overwrite that row's",
            )
        if not outcome.skipped and (problem := _move(outcome, folder, prepared.out_dir)):
            return _failed(outcome, "failed", problem)
        if outcome.status == "review_failed":
            _remove_withheld(prepared.playbook, outcome.id, prepared.out_dir)
        return outcome
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _remove_withheld(playbook: Playbook, slug: str, out_dir: Path) -> None:
    """A customer document the review withheld this time goes, with its PDF, if an earlier
    run left one: the folder must not offer a copy the deal desk no longer approves."""
    for spec in playbook.documents:
        if not spec.internal:
            stale = out_dir / file_name(playbook, spec, slug)
            stale.unlink(missing_ok=True)
            stale.with_suffix(".pdf").unlink(missing_ok=True)


def _move(outcome: Outcome, folder: Path, out_dir: Path) -> str | None:
    """Rename every file of the row into place, or none of them; the problem, if any."""
    moved: list[Path] = []
    try:
        for name, _ in outcome.files:
            os.replace(folder / name, out_dir / name)
            moved.append(out_dir / name)
    except OSError as exc:
        for path in moved:
            path.unlink(missing_ok=True)
        return (
            f"cannot move {Path(exc.filename).name} into {out_dir} ({exc.strerror}); "
            "with Dask, the output folder must be on storage every worker shares"
        )
    return None


def _failed(outcome: Outcome, status: Status, error: str) -> Outcome:
    return dataclasses.replace(
        outcome, status=status, files=(), errors=(f"{outcome.source}: {error}",)
    )
