"""The ``kit`` command: the only module that knows about the command line.

Exit codes: 0 success, 2 bad input (parameters, unknown playbook or template), 1 any other
failure. Problems print one per line on standard error; no traceback for expected errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from kit import params, runner, schema, templates
from kit.errors import KitError, UsageError
from kit.models import KINDS


def _run(args: argparse.Namespace) -> int:
    result = runner.run(args.playbook, args.params, args.out)
    print(f"wrote {len(result.files)} file(s) to {result.out_dir}")
    for path in result.files:
        print(f"  {path.name}")
    return 0


def _check(args: argparse.Namespace) -> int:
    model = params.load(args.file)
    print(f"{args.file}: valid '{model.kind}' parameters for {model.id}")
    return 0


def _schema(args: argparse.Namespace) -> int:
    kinds = {args.kind: KINDS[args.kind]} if args.kind else KINDS
    text = schema.json_schema(kinds) if args.format == "json" else schema.markdown(kinds)
    if args.out:
        try:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"{args.out}: cannot write the schema ({exc.strerror})") from exc
        print(f"wrote {args.out}")
    else:
        print(text)
    return 0


def _templates_check(args: argparse.Namespace) -> int:
    reports = templates.check(args.templates or None)
    failed = False
    for report in reports:
        print(report.summary())
        failed = failed or not report.ok
    return 1 if failed else 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="kit", description="Sales playbook kit.")
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="execute a playbook headless for one parameters file")
    run.add_argument("playbook", help="playbook name, e.g. proposal (playbooks/NAME.ipynb)")
    run.add_argument("--params", required=True, help="YAML parameters file")
    run.add_argument("--out", help="output folder (default: outputs/<deal-slug>/)")
    run.set_defaults(handler=_run)

    check = commands.add_parser("check", help="validate a parameters file without running")
    check.add_argument("file")
    check.set_defaults(handler=_check)

    show = commands.add_parser("schema", help="print or write the documented parameter schema")
    show.add_argument("kind", nargs="?", choices=sorted(KINDS), help="only this kind of file")
    show.add_argument("--format", choices=["markdown", "json"], default="markdown")
    show.add_argument("--out", help="write to this file instead of printing")
    show.set_defaults(handler=_schema)

    tpl = commands.add_parser("templates", help="work with the Word templates")
    tpl_commands = tpl.add_subparsers(dest="templates_command", required=True)
    tpl_check = tpl_commands.add_parser(
        "check", help="report unknown or unused variables in templates"
    )
    tpl_check.add_argument("templates", nargs="*", help=".docx files (default: templates/*.docx)")
    tpl_check.set_defaults(handler=_templates_check)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.handler(args)
    except KitError as exc:
        for line in exc.lines():
            print(f"error: {line}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
