"""The ``kit`` command: the only module that knows about the command line.

Exit codes: 0 success; 1 a failure while running (a notebook cell, a template, LibreOffice);
2 bad input (parameters, an unknown playbook or template, a bad option); 3 a review failed
(the deal desk or the MAP sign-off), so the customer document was not written. Problems print
one per line on standard error, never with a traceback.

Each command imports what it needs when it runs, so ``kit check`` or ``kit --help`` never
pays for the notebook engine, the charting library or the Word renderer.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from pathlib import Path

REVIEW_FAILED = 3
PLUGINS = "PYDANTIC_DISABLE_PLUGINS"


def _run(args: argparse.Namespace) -> int:
    from kit import runner, templates

    if args.pdf:
        from kit import pdf

        pdf.require()
    result = runner.run(
        args.playbook,
        args.params,
        args.out,
        draft=args.draft,
        templates=templates.team_folders(args.templates),
        pdf=args.pdf,
    )
    print(f"wrote {len(result.files)} file(s) to {result.out_dir}")
    for path in result.files:
        print(f"  {path.name}")
    gate = result.gate
    if gate is not None and gate.decision == "edits":
        print(f"{gate.name}: approve with edits; make these before sending:")
    elif gate is not None and gate.decision == "fail" and args.draft:
        print(f"{gate.name}: review failed; the customer copy is a DRAFT:")
    if gate is not None and gate.decision != "pass" and (gate.decision == "edits" or args.draft):
        for line in gate.lines:
            print(f"  {line}")
    if result.withheld:
        print(
            f"error: {gate.name if gate else 'review'} failed; not written: "
            f"{', '.join(result.withheld)}",
            file=sys.stderr,
        )
        for line in gate.lines if gate else ():
            print(f"error:   {line}", file=sys.stderr)
        return REVIEW_FAILED
    return 0


def _batch(args: argparse.Namespace) -> int:
    from kit import batch

    summary = batch.run(
        args.playbook,
        args.rows,
        args.out,
        base=args.base,
        mapping=args.mapping,
        workers=args.workers,
        scheduler=args.scheduler,
        pdf=args.pdf,
        notebooks=args.notebooks,
        templates=args.templates,
    )
    for line in summary.lines():
        print(line)
    return summary.exit_code


def _check(args: argparse.Namespace) -> int:
    # The check validates the kit's own models and runs nothing else, so pydantic's plugin
    # discovery (one more scan of every installed package's entry points, some 10 ms of the
    # command's 0.2 s) is skipped while it runs. An explicit setting, even an empty one, wins.
    ours = PLUGINS not in os.environ
    if ours:
        os.environ[PLUGINS] = "__all__"
    try:
        _check_files(args.files)
    finally:
        if ours:
            del os.environ[PLUGINS]
    return 0


def _check_files(files: Sequence[str]) -> None:
    from kit import params, registry

    for file in files:
        model = params.load(file)
        print(f"{file}: valid '{model.kind}' parameters for {model.id}")
        for playbook in registry.playbooks().values():
            missing = [n for n in playbook.requires if getattr(model, n, None) is None]
            if playbook.kind.name == model.kind and missing:
                print(f"  {playbook.name} also needs: {', '.join(missing)}")


def _schema(args: argparse.Namespace) -> int:
    from kit import registry, schema
    from kit.errors import UsageError

    kinds = registry.kinds()
    if args.kind and args.kind not in kinds:
        raise UsageError(f"unknown kind '{args.kind}' (known: {', '.join(sorted(kinds))})")
    chosen = {
        name: kind.load() for name, kind in sorted(kinds.items()) if args.kind in (None, name)
    }
    text = schema.json_schema(chosen) if args.format == "json" else schema.markdown(chosen)
    if args.out:
        try:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.out}: cannot write the schema ({exc.strerror})") from exc
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


def _list(args: argparse.Namespace) -> int:
    from kit import registry

    for playbook in registry.playbooks().values():
        names = [f"{playbook.name}-<id>{spec.suffix}.docx" for spec in playbook.documents]
        documents = ", ".join(names) or "the executed notebook"
        print(f"{playbook.name:<14} {playbook.kind.name:<16} {playbook.summary}")
        print(f"{'':<14} writes {documents}; example {playbook.example.name}")
    return 0


def _pdf(args: argparse.Namespace) -> int:
    from kit import pdf

    with pdf.Converter(timeout=args.timeout) as converter:
        for path in converter.convert(args.files, args.out):
            print(f"wrote {path}")
    return 0


def _templates_check(args: argparse.Namespace) -> int:
    from kit import templates

    result = templates.check(args.folders)
    for line in result.findings:
        print(f"error: {line}", file=sys.stderr)
    if not result.templates:
        print("error: no template was checked", file=sys.stderr)
        return 1
    if result.ok:
        print(
            f"{len(result.templates)} template(s) ok: "
            f"{', '.join(path.name for path in result.templates)}"
        )
    return 0 if result.ok else 1


def _templates_export(args: argparse.Namespace) -> int:
    from kit import templates

    for path in templates.export(Path(args.folder), force=args.force):
        print(f"wrote {path}")
    return 0


def _new_playbook(args: argparse.Namespace) -> int:
    from kit import scaffold

    folder = scaffold.new_playbook(args.name, Path(args.into))
    print(f"wrote {folder}")
    print(
        f"next: pip install -e {folder} && kit run {args.name} --params "
        f"{scaffold.example_file(folder, args.name)}"
    )
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="kit",
        description="Sales playbook kit: check parameters, run playbooks, write documents.",
        epilog="Exit codes: 0 done, 1 failed while running, 2 bad input, 3 review failed.",
    )
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    team = argparse.ArgumentParser(add_help=False)
    team.add_argument(
        "--templates",
        action="append",
        default=[],
        type=Path,
        metavar="DIR",
        help="a folder of your own templates, searched before the built-in ones (repeatable)",
    )

    run = commands.add_parser(
        "run", parents=[team], help="execute a playbook headless for one parameters file"
    )
    run.add_argument("playbook", help="playbook name, e.g. proposal (see kit list)")
    run.add_argument("--params", required=True, help="YAML parameters file")
    run.add_argument("--out", help="output folder (default: outputs/<id>/)")
    run.add_argument(
        "--draft",
        action="store_true",
        help="write the customer document even when the review fails, marked DRAFT",
    )
    run.add_argument(
        "--pdf", action="store_true", help="also write a PDF of each document (LibreOffice)"
    )
    run.set_defaults(handler=_run)

    to_pdf = commands.add_parser("pdf", help="convert Word documents to PDF with LibreOffice")
    to_pdf.add_argument("files", nargs="+", metavar="FILE", help="a .docx file")
    to_pdf.add_argument("--out", metavar="DIR", help="write the PDFs here (default: beside each)")
    to_pdf.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop LibreOffice when starting it or one document takes longer (default: 120)",
    )
    to_pdf.set_defaults(handler=_pdf)

    many = commands.add_parser(
        "batch",
        parents=[team],
        help="write a playbook's documents for every row of a table or folder of parameters",
        description="Write a playbook's documents for every row of a CSV/XLSX table (each row "
        "merged over --base) or every parameters file of a folder or glob, in process. A "
        "manifest (manifest.csv, manifest.json) in --out records every row; a rerun skips "
        "rows that are unchanged. Exit codes: 0 every row written, 1 some rows failed, "
        "2 the command is wrong (nothing ran).",
    )
    many.add_argument("playbook", help="playbook name, e.g. proposal (see kit list)")
    many.add_argument(
        "--rows",
        required=True,
        metavar="SOURCE",
        help="a .csv/.tsv/.xlsx table, a folder of .yaml files, or a glob such as 'deals/*.yaml'",
    )
    many.add_argument("--out", required=True, metavar="DIR", help="output folder")
    many.add_argument(
        "--base", metavar="FILE.yaml", help="parameters every table row is merged over"
    )
    many.add_argument(
        "--mapping",
        metavar="NAME|FILE",
        help="translate the table's columns: salesforce, salesforce-renewals, hubspot, "
        "or your own mapping file (see kit/batch/MAPPINGS.md)",
    )
    many.add_argument(
        "--workers", type=int, default=1, metavar="N", help="processes to run rows in (default 1)"
    )
    many.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run rows on Dask: 'local' (a cluster of --workers processes) or tcp://HOST:8786; "
        "--out must then be storage every worker shares",
    )
    many.add_argument("--pdf", action="store_true", help="also write a PDF of every document")
    many.add_argument(
        "--notebooks",
        action="store_true",
        help="also keep each row's executed notebook (runs a kernel per row: about 4 s each)",
    )
    many.set_defaults(handler=_batch)

    check = commands.add_parser("check", help="validate parameters files without running")
    check.add_argument("files", nargs="+", metavar="FILE")
    check.set_defaults(handler=_check)

    show = commands.add_parser("schema", help="print or write the documented parameter schema")
    show.add_argument("kind", nargs="?", help="only this kind of file (e.g. deal)")
    show.add_argument("--format", choices=["markdown", "json"], default="markdown")
    show.add_argument("--out", help="write to this file instead of printing")
    show.set_defaults(handler=_schema)

    listing = commands.add_parser("list", help="the installed playbooks")
    listing.set_defaults(handler=_list)

    tpl = commands.add_parser("templates", help="check or export the Word templates")
    tpl_commands = tpl.add_subparsers(dest="templates_command", required=True, metavar="ACTION")
    tpl_check = tpl_commands.add_parser(
        "check", help="render every template against its example and report each problem"
    )
    tpl_check.add_argument(
        "folders",
        nargs="*",
        type=Path,
        metavar="DIR",
        help="your template folders, checked as kit run --templates DIR would use them",
    )
    tpl_check.set_defaults(handler=_templates_check)
    tpl_export = tpl_commands.add_parser("export", help="copy the built-in templates to restyle")
    tpl_export.add_argument("folder", metavar="DIR")
    tpl_export.add_argument("--force", action="store_true", help="replace files already there")
    tpl_export.set_defaults(handler=_templates_export)

    new = commands.add_parser("new", help="start a playbook of your own")
    new_commands = new.add_subparsers(dest="new_command", required=True, metavar="WHAT")
    new_playbook = new_commands.add_parser("playbook", help="write a working playbook package")
    new_playbook.add_argument("name", help="lowercase name, e.g. discovery_call")
    new_playbook.add_argument("--into", default=".", metavar="DIR", help="parent folder")
    new_playbook.set_defaults(handler=_new_playbook)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from kit.errors import KitError

    try:
        return args.handler(args)
    except KitError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        return exc.exit_code


def entry() -> None:
    """The console script: a closed pipe (``kit schema | head``) ends output quietly, and
    Ctrl-C outside a run (which cleans up after itself) ends with one line, not a traceback.

    A quick command spends most of its time importing, making objects that all live until it
    exits, so Python's default of a collection every 700 new objects finds nothing to free. One
    every 50,000 (mypy tunes its collector the same way) saves ``kit check`` about 7 ms of 0.2 s;
    long runs still collect, and the notebook's kernel keeps Python's default.
    """
    gc.set_threshold(50_000, 20, 20)
    try:
        code = main()
        sys.stdout.flush()
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 141
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    entry()
