"""Input that ``kit check`` accepts never fails a run; input it refuses is named in one line.

Every refusal is checked the way a user meets it: ``kit run`` exits 2 with one line naming the
file and the field (or the line of a YAML problem), and leaves nothing in the output folder or
in the process's temporary folder. Text that looks like markup, templates or TeX comes out of
every document exactly as written.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import tracemalloc
import zipfile
from collections.abc import Callable
from decimal import Decimal
from html import unescape
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import EXAMPLES, example_data, write_documents, write_yaml
from nbformat.v4 import new_code_cell, new_notebook
from pydantic import TypeAdapter

from kit import charts, cli, formatting, params, registry, runner
from kit.errors import ParamsError
from kit.models.base import LINE_LIMIT, PROSE_LIMIT, SLUG_LIMIT
from kit.types import Amount, Money, Percent

HOSTILE = "Müller & Søn <GmbH> 株式会社 {{ 7*7 }} \"quoted\" 'single' $5M #1 \\ _x_$"
"""Markup, a template tag, CJK, quotes and TeX-like text: each must print as written."""
LONGEST = f"{HOSTILE} {'x' * LINE_LIMIT}"[:LINE_LIMIT]
"""The hostile text at the longest a one-line field accepts."""

SAAS = "saas-subscription.yaml"
ACCOUNT = "account-review.yaml"
LINE = "production-line.yaml"
MARK = "__RAW__"
"""Written as a value, then replaced in the file's text by a spelling safe_dump would not emit."""


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The process's temporary folder for this test, so anything left there is seen."""
    folder = tmp_path / "private-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    monkeypatch.setenv("TMPDIR", str(folder))
    return folder


@pytest.fixture
def outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "outputs"
    monkeypatch.setenv("KIT_OUTPUT_DIR", str(folder))
    return folder


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def params_file(folder: Path, data: Any, raw: str | None = None) -> Path:
    """``data`` as YAML beside the example images; ``raw`` replaces :data:`MARK` verbatim."""
    for image in EXAMPLES.glob("*.png"):
        shutil.copy(image, folder / image.name)
    path = write_yaml(folder, data)
    if raw is not None:
        path.write_text(path.read_text(encoding="utf-8").replace(MARK, raw), encoding="utf-8")
    return path


def leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")) if folder.exists() else []


def assert_refused(
    capsys: pytest.CaptureFixture[str],
    playbook: str,
    path: Path,
    field: str,
    fragment: str,
    outputs: Path,
    private_tmp: Path,
) -> str:
    code, stdout, stderr = run_cli(capsys, "run", playbook, "--params", str(path))
    assert code == 2, stderr
    assert stdout == ""
    (line,) = stderr.splitlines()
    assert line.startswith(f"error: {path}: {field}: "), line
    assert fragment in line
    assert leftovers(outputs) == []
    assert leftovers(private_tmp) == []
    return line


def _set(keys: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """Set the value at a dotted path such as ``requirements.0.text``."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = keys.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return change


# (id, playbook, example, change, raw spelling or None, field path, fragment of the message)
REFUSED = [
    ("vertical-tab", "proposal", SAAS, _set("customer.name", "Acme\vGmbH"), None,
     "customer.name", "vertical tab (U+000B)"),
    ("bell", "proposal", SAAS, _set("requirements.0.text", "Sync\a tickets"), None,
     "requirements[0].text", "bell character (U+0007)"),
    ("null", "proposal", SAAS, _set("customer.industry", "Machinery\0"), None,
     "customer.industry", "null character (U+0000)"),
    ("escape", "proposal", SAAS, _set("title", "Support \x1b[31mautomation"), None,
     "title", "escape character (U+001B)"),
    ("escape-in-account", "value_review", ACCOUNT, _set("metrics.0.name", "First\x1b reply"),
     None, "metrics[0].name", "escape character (U+001B)"),
    ("tab-in-one-line", "proposal", SAAS, _set("title", "Support\tautomation"), None,
     "title", "must be one line: remove a tab (U+0009)"),
    ("newline-in-one-line", "proposal", SAAS, _set("customer.name", "Acme\nGmbH"), None,
     "customer.name", "must be one line: remove a line break (U+000A)"),
    ("title-too-long", "proposal", SAAS, _set("title", "T" * (LINE_LIMIT + 1)), None,
     "title", f"at most {LINE_LIMIT} characters"),
    ("customer-too-long", "proposal", SAAS, _set("customer.name", "C" * (LINE_LIMIT + 1)),
     None, "customer.name", f"at most {LINE_LIMIT} characters"),
    ("prose-too-long", "proposal", SAAS, _set("summary.problem", "P" * (PROSE_LIMIT + 1)),
     None, "summary.problem", f"at most {PROSE_LIMIT} characters"),
    ("id-300", "proposal", SAAS, _set("id", "d" * 300), None,
     "id", f"at most {SLUG_LIMIT} characters"),
    ("amount-29-digits", "proposal", SAAS,
     _set("pricing.base_fee.amount", "12345678901234567890123456789 EUR"), None,
     "pricing.base_fee.amount", "at most 12 digits before the decimal point"),
    ("amount-sub-cent", "proposal", SAAS, _set("pricing.base_fee.amount", "0.00001 EUR"),
     None, "pricing.base_fee.amount", "at most 4 digits after the point"),
    ("amount-nan-mapping", "proposal", SAAS,
     _set("pricing.base_fee.amount", {"amount": math.nan, "currency": "EUR"}), None,
     "pricing.base_fee.amount.amount", "finite number"),
    ("amount-infinity-text", "proposal", SAAS,
     _set("pricing.base_fee.amount", {"amount": "Infinity", "currency": "EUR"}), None,
     "pricing.base_fee.amount.amount", "finite number"),
    ("percent-snan", "proposal", SAAS, _set("pricing.total_discount", "sNaN%"), None,
     "pricing.total_discount", "is not a percentage"),
    ("percent-huge-exponent", "proposal", SAAS,
     _set("pricing.total_discount", "1e999999999%"), None,
     "pricing.total_discount", "between 0% and 100%"),
    ("percent-yaml-nan", "proposal", SAAS, _set("pricing.total_discount", MARK), ".nan",
     "pricing.total_discount", "is not a percentage"),
    ("rate-yaml-nan", "design", LINE, _set("target_stack.win_rate", MARK), ".nan",
     "target_stack.win_rate", "is not a percentage"),
    ("rate-yaml-inf", "design", LINE, _set("target_stack.stages.0.conversion", MARK), ".inf",
     "target_stack.stages[0].conversion", "is not a percentage"),
    ("rate-yaml-minus-inf", "design", LINE, _set("stage_probabilities.0.probability", MARK),
     "-.Inf", "stage_probabilities[0].probability", "is not a percentage"),
    ("decimal-nan-text", "value_review", ACCOUNT, _set("metrics.0.baseline", "NaN"), None,
     "metrics[0].baseline", "finite number"),
    ("decimal-snan-text", "value_review", ACCOUNT, _set("metrics.0.baseline", "sNaN"), None,
     "metrics[0].baseline", "finite number"),
    ("decimal-infinity-text", "value_review", ACCOUNT,
     _set("metrics.0.target", "-Infinity"), None, "metrics[0].target", "finite number"),
    ("decimal-yaml-inf", "value_review", ACCOUNT, _set("metrics.0.target", MARK), "-.Inf",
     "metrics[0].target", "finite number"),
    ("decimal-huge-exponent", "value_review", ACCOUNT,
     _set("metrics.0.baseline", "1e999999999"), None,
     "metrics[0].baseline", "at most 12 digits before the decimal point"),
    ("decimal-tiny-exponent", "value_review", ACCOUNT,
     _set("metrics.0.baseline", "1e-999999999"), None,
     "metrics[0].baseline", "at most 10 digits after the decimal point"),
    ("count-beyond-exact", "proposal", SAAS, _set("pricing.subscription.quantity", 10**30),
     None, "pricing.subscription.quantity", "less than or equal to 1000000000"),
    ("date-near-year-10000", "proposal", SAAS, _set("date", "9999-12-31"), None,
     "date", "less than or equal to 2199-12-31"),
    ("review-window-beyond-dates", "renewal", ACCOUNT,
     _set("expansion.review_window_days", 10**9), None,
     "expansion.review_window_days", "less than or equal to 3660"),
    ("deadline-counted-day-by-day", "value_review", ACCOUNT,
     _set("early_warning.actions", {"high": {"action": "Call", "owner": "Ann",
                                             "business_days": 10**9}}), None,
     "early_warning.actions.high.business_days", "less than or equal to 260"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("playbook", "example", "change", "raw", "field", "fragment"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_refused_values_name_their_field_and_leave_nothing(
    capsys, tmp_path, outputs, private_tmp, playbook, example, change, raw, field, fragment
):
    data = example_data(example)
    change(data)
    path = params_file(tmp_path, data, raw)
    assert_refused(capsys, playbook, path, field, fragment, outputs, private_tmp)


def test_kit_check_prints_the_same_line_as_kit_run(capsys, tmp_path, outputs, private_tmp):
    data = example_data(SAAS)
    data["customer"]["name"] = "Acme\vGmbH"
    path = params_file(tmp_path, data)
    line = assert_refused(capsys, "proposal", path, "customer.name", "U+000B", outputs, private_tmp)
    code, _, stderr = run_cli(capsys, "check", str(path))
    assert code == 2
    assert stderr.splitlines() == [line]


def test_the_form_refuses_what_kit_check_refuses():
    """Forms validate through ``params.validate``, so they get the same rules and wording."""
    data = example_data(SAAS)
    data["customer"]["logo"] = None
    data["seller"]["logo"] = None
    data["title"] = "Support\x07automation"
    with pytest.raises(ParamsError) as caught:
        params.validate(data, "form")
    assert caught.value.lines() == [
        "form: title: contains a bell character (U+0007) at character 8; remove it (it often "
        "comes with text pasted from Word or a CRM) (got 'Support\\x07automation')"
    ]


# --- what YAML itself lets through --------------------------------------------------------------

RAW_REFUSED = [
    ("duplicate-top-key", lambda text: text.replace("\ntitle:", "\ntitle: First\ntitle:", 1),
     "title", "key given twice (lines"),
    ("duplicate-nested-key",
     lambda text: text.replace("\n  industry:", "\n  industry: One\n  industry:", 1),
     "customer.industry", "key given twice (lines"),
    ("nested-beyond-the-schema",
     lambda text: text.replace("\n  industry:", "\n  industry: [[[[[[x]]]]]]\n  sector:", 1),
     "customer.industry[0][0][0]", "nested deeper than this kind of file allows (5)"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("edit", "field", "fragment"),
    [case[1:] for case in RAW_REFUSED],
    ids=[case[0] for case in RAW_REFUSED],
)
def test_yaml_level_problems_name_their_field(
    capsys, tmp_path, outputs, private_tmp, edit, field, fragment
):
    path = params_file(tmp_path, example_data(SAAS))
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    assert_refused(capsys, "proposal", path, field, fragment, outputs, private_tmp)


def test_a_duplicate_key_names_both_lines(tmp_path):
    path = tmp_path / "deal.yaml"
    path.write_text("kind: deal\nid: a\ntitle: One\ndate: 2026-01-01\ntitle: Two\n", "utf-8")
    with pytest.raises(ParamsError) as caught:
        params.load(path)
    assert caught.value.problems == [
        "title: key given twice (lines 3 and 5); YAML would keep the last one without a word"
    ]


def test_yaml_merge_keys_may_be_overridden(tmp_path):
    """``<<: *base`` followed by a key of the same name is YAML's way to override, not a typo."""
    data = example_data(SAAS)
    path = params_file(tmp_path, data)
    text = path.read_text(encoding="utf-8")
    text = text.replace("customer:\n", "base: &base\n  name: Base\n  industry: X\ncustomer:\n", 1)
    text = text.replace("customer:\n  name:", "customer:\n  <<: *base\n  name:", 1)
    text = text.replace("base: &base", "x-base: &base", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParamsError) as caught:
        params.load(path)
    assert caught.value.problems == ["x-base: Extra inputs are not permitted"]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("kind: deal\nid: " + "[" * 100 + "]" * 100 + "\n", "nested more than 32 levels"),
        ("kind: deal\nid: " + "[" * 10_000 + "]" * 10_000 + "\n", "nest"),
        ("kind: deal\nid: " + "9" * 5000 + "\n", "a number of 5000 digits is too long"),
        (
            "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]\n"
            + "".join(
                f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]\n"
                for prev, name in zip("abcde", "bcdef", strict=True)
            ),
            "aliases expand to more than 100,000 values",
        ),
        ("kind: deal\nid: &a [*a]\n", "refers to itself"),
        ("kind: deal\ntitle: caf\xe9\n", "not UTF-8 text: byte 0xe9 at offset 21"),
    ],
    ids=[
        "deep-brackets",
        "very-deep-brackets",
        "long-integer",
        "alias-bomb",
        "alias-cycle",
        "latin-1",
    ],
)
def test_hostile_yaml_is_one_line(capsys, tmp_path, outputs, private_tmp, text, fragment):
    path = tmp_path / "hostile.yaml"
    path.write_bytes(text.encode("latin-1" if "caf\xe9" in text else "utf-8"))
    code, stdout, stderr = run_cli(capsys, "run", "proposal", "--params", str(path))
    assert (code, stdout) == (2, "")
    (line,) = stderr.splitlines()
    assert line.startswith(f"error: {path}: ") and fragment in line, line
    assert leftovers(outputs) == [] and leftovers(private_tmp) == []


def test_a_file_over_the_size_cap_is_refused_without_reading_it_whole(
    capsys, tmp_path, outputs, private_tmp
):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.write(b"kind: deal\n")
        stream.truncate(params.SIZE_LIMIT * 200)
    tracemalloc.start()
    try:
        code, _, stderr = run_cli(capsys, "check", str(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert code == 2
    assert stderr == (
        f"error: {path}: file is larger than 1,000,000 bytes, the limit for parameters\n"
    )
    assert peak < 10 * params.SIZE_LIMIT  # the file is 200 times the limit


# --- values stored so they print right -------------------------------------------------------


def test_minus_zero_is_stored_as_zero():
    amount = TypeAdapter(Amount).validate_python("-0 EUR")
    assert not amount.amount.is_signed()
    assert formatting.money(amount, "en_GB") == "€0.00"
    assert formatting.signed_money(-Money.zero("EUR"), "en_GB") == "€0.00"
    assert not TypeAdapter(Percent).validate_python("-0%").is_signed()


def test_minus_zero_in_a_decimal_field_is_stored_as_zero(tmp_path):
    data = example_data(ACCOUNT)
    data["metrics"][0]["baseline"] = "-0.0"
    metric = params.load(params_file(tmp_path, data)).metrics[0]
    assert metric.baseline == Decimal("0.0") and not metric.baseline.is_signed()


def test_exponent_notation_is_stored_as_a_plain_number(tmp_path):
    data = example_data(ACCOUNT)
    data["metrics"][0]["baseline"] = "1.5E+3"
    assert str(params.load(params_file(tmp_path, data)).metrics[0].baseline) == "1500"


def test_several_line_fields_keep_their_line_breaks(tmp_path):
    data = example_data(SAAS)
    data["summary"]["problem"] = "First line.\nSecond line,\tafter a tab."
    data["summary"]["current_state"] = "Pasted from Windows:\r\nsecond line."
    deal = params.load(params_file(tmp_path, data))
    assert deal.summary.problem == "First line.\nSecond line,\tafter a tab."
    assert deal.summary.current_state == "Pasted from Windows:\nsecond line."
    document = next(
        f
        for f in write_documents("proposal", deal, tmp_path / "out").files
        if "-internal" not in f.name
    )
    xml = zipfile.ZipFile(document).read("word/document.xml").decode("utf-8")
    assert re.search(r"First line\.</w:t>\s*<w:br/>\s*<w:t[^>]*>Second line,", xml)


# --- text comes out as written ---------------------------------------------------------------

LITERAL_FIELDS = {
    "deal": [["customer", "name"], ["title"], ["milestones", "0", "name"]],
    "account": [["customer", "name"], ["metrics", "0", "name"]],
    "readiness": [["title"]],
    "production_line": [["company"]],
    "optimisation": [["team"]],
}


def document_text(path: Path) -> str:
    """All text of a .docx, runs joined, markup entities decoded."""
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.startswith("word/") and n.endswith(".xml")]
        xml = "".join(archive.read(name).decode("utf-8") for name in parts)
    return unescape("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml)))


def core_title(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        xml = archive.read("docProps/core.xml").decode("utf-8")
    return unescape(re.search(r"<dc:title>([^<]*)</dc:title>", xml)[1])


@pytest.mark.parametrize(
    "playbook", sorted(name for name, p in registry.playbooks().items() if p.documents)
)
def test_hostile_text_comes_out_literally_in_every_document(tmp_path, playbook):
    """At the longest length accepted, so document properties built from it must fit too."""
    described = registry.get(playbook)
    data = example_data(described.example.name)
    for keys in LITERAL_FIELDS[described.kind.name]:
        _set(".".join(keys), LONGEST)(data)
    model = params.load(params_file(tmp_path, data))
    written = write_documents(playbook, model, tmp_path / "out", draft=True)
    assert written.files
    for document in written.files:
        assert LONGEST in document_text(document), document.name
        assert len(core_title(document)) <= 255


def test_the_schema_documents_the_limits(capsys):
    code, stdout, _ = run_cli(capsys, "schema", "deal")
    assert code == 0
    rows = {
        line.split("|")[1].strip(): line.split("|")[4].strip()
        for line in stdout.splitlines()
        if line.startswith("| `")
    }
    assert rows["`title`"] == f"one line, at most {LINE_LIMIT} characters"
    assert rows["`summary.problem`"] == f"several lines, at most {PROSE_LIMIT} characters"
    assert rows["`id`"] == f"one line, at most {SLUG_LIMIT} characters"
    assert rows["`pricing.base_fee.amount`"] == (
        "not negative, at most 12 digits before the point and 4 after"
    )
    assert rows["`pricing.subscription.quantity`"] == "ge 1, at most 1,000,000,000"
    assert rows["`date`"] == "1900-01-01 to 2199-12-31"


def test_chart_labels_print_dollar_hash_backslash_and_underscore_as_text():
    label = "$5M #1 \\ under_score$"
    items = [(label, dt.date(2026, 3, 1), "delivery"), ("Go-live", dt.date(2026, 4, 1), "adoption")]
    figure = charts.timeline(items, dt.date(2026, 2, 1), "Plan $ for #2")
    tick = next(t for t in figure.axes[0].get_yticklabels() if "5M" in t.get_text())
    renderer = figure.canvas.get_renderer()
    literal = tick.get_window_extent(renderer).width
    tick.set_text("5M #1 \\ under_score")
    without_dollars = tick.get_window_extent(renderer).width
    assert literal > without_dollars  # the two dollar signs are drawn, not read as TeX
    assert charts.to_png(figure).startswith(b"\x89PNG")


# --- the output folder -----------------------------------------------------------------------


@pytest.fixture
def no_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a kernel was started")

    monkeypatch.setattr(runner, "_execute", refuse)


def test_out_naming_a_file_is_refused_before_any_kernel(capsys, tmp_path, private_tmp, no_kernel):
    target = tmp_path / "report.docx"
    target.write_text("mine", encoding="utf-8")
    code, _, stderr = run_cli(
        capsys, "run", "proposal", "--params", str(EXAMPLES / SAAS), "--out", str(target)
    )
    assert (code, stderr) == (2, f"error: {target}: is a file, not a folder\n")
    assert target.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["private-tmp", "report.docx"]
    assert leftovers(private_tmp) == []


def test_out_inside_a_file_is_refused_before_any_kernel(capsys, tmp_path, private_tmp, no_kernel):
    blocker = tmp_path / "notes.txt"
    blocker.write_text("mine", encoding="utf-8")
    target = blocker / "deal" / "docs"
    code, _, stderr = run_cli(
        capsys, "run", "proposal", "--params", str(EXAMPLES / SAAS), "--out", str(target)
    )
    assert code == 2
    assert stderr == f"error: {target}: {blocker} is a file, so no folder can be made inside it\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "private-tmp"]


def test_out_in_a_read_only_folder_is_refused_before_any_kernel(tmp_path):
    """Root writes anywhere, so as root the run drops the capability that lets it."""
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    target = folder / "deal"
    command = [sys.executable, "-m", "kit.cli", "run", "proposal"]
    command += ["--params", str(EXAMPLES / SAAS), "--out", str(target)]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: no folder is read-only to root")
        drop = "-dac_override,-dac_read_search"
        command = [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", "--", *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert result.stderr == f"error: {target}: {folder} is not writable\n"
    assert result.stdout == ""
    assert list(folder.iterdir()) == []


# --- a notebook that cannot run ----------------------------------------------------------------


def notebook_with(folder: Path, *sources: str) -> Path:
    cells = [
        new_code_cell(
            'params_file = ""\nout_dir = None\nhandoff = None', metadata={"tags": ["parameters"]}
        ),
        *(new_code_cell(source) for source in sources),
    ]
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    path = folder / "proposal.ipynb"
    nbformat.write(notebook, path)
    return path


def with_playbook(monkeypatch: pytest.MonkeyPatch, **changes: Any) -> None:
    """``kit run proposal`` with the proposal playbook's notebook or templates replaced."""
    proposal = dataclasses.replace(registry.get("proposal"), **changes)
    real_get = registry.get
    monkeypatch.setattr(
        registry, "get", lambda name: proposal if name == "proposal" else real_get(name)
    )


def run_proposal(capsys: pytest.CaptureFixture[str], out: Path) -> tuple[int, str, str]:
    return run_cli(capsys, "run", "proposal", "--params", str(EXAMPLES / SAAS), "--out", str(out))


def test_a_dead_kernel_is_one_line_naming_the_cell(capsys, tmp_path, private_tmp, monkeypatch):
    notebook = notebook_with(
        tmp_path, "x = 1", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"
    )
    with_playbook(monkeypatch, notebook=notebook)
    outputs = tmp_path / "outputs"
    code, stdout, stderr = run_proposal(capsys, outputs / "deal")
    assert code == 1
    assert stderr == (
        "error: proposal.ipynb: the kernel died while running cell 3 (import os, signal) "
        "(out of memory, or killed)\n"
    )
    assert stdout == ""
    assert leftovers(outputs) == [] and leftovers(private_tmp) == []


def test_a_notebook_that_is_not_json_is_one_line(capsys, tmp_path, private_tmp, monkeypatch):
    notebook = tmp_path / "proposal.ipynb"
    notebook.write_text('{"cells": [', encoding="utf-8")
    with_playbook(monkeypatch, notebook=notebook)
    outputs = tmp_path / "outputs"
    code, _, stderr = run_proposal(capsys, outputs / "deal")
    assert code == 1
    (line,) = stderr.splitlines()
    assert line.startswith(f"error: {notebook}: not a valid notebook (")
    assert leftovers(outputs) == [] and leftovers(private_tmp) == []


def test_a_missing_template_is_one_line_before_any_kernel(
    capsys, tmp_path, private_tmp, monkeypatch, no_kernel
):
    empty = tmp_path / "templates"
    empty.mkdir()
    with_playbook(monkeypatch, template_dir=empty)
    outputs = tmp_path / "outputs"
    code, _, stderr = run_proposal(capsys, outputs / "deal")
    assert code == 1
    (line,) = stderr.splitlines()
    assert line.startswith("error: proposal.docx: template of playbook proposal not found in ")
    assert str(empty) in line
    assert leftovers(outputs) == [] and leftovers(private_tmp) == []


def test_a_failing_cell_reports_only_the_first_line_of_its_error(
    capsys, tmp_path, private_tmp, monkeypatch
):
    notebook = notebook_with(tmp_path, "raise ValueError('first line\\nsecond line')")
    with_playbook(monkeypatch, notebook=notebook)
    outputs = tmp_path / "outputs"
    code, _, stderr = run_proposal(capsys, outputs / "deal")
    assert code == 1
    assert stderr == (
        "error: proposal.ipynb: cell 2 (raise ValueError('first line\\nsecond line')) failed: "
        "ValueError: first line\n"
    )
    assert leftovers(outputs) == [] and leftovers(private_tmp) == []
