"""The ``kit`` command: exit codes, one-line messages, and nothing half-written."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import docx
import nbformat
import pytest
from conftest import example_data, example_path, write_yaml
from nbformat.v4 import new_code_cell, new_notebook

from kit import cli, registry


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_run_proposal_writes_the_document_and_the_executed_notebook(capsys, tmp_path):
    out = tmp_path / "deal"
    code, stdout, stderr = run_cli(
        capsys,
        "run",
        "proposal",
        "--params",
        str(example_path("saas-subscription.yaml")),
        "--out",
        str(out),
    )
    assert code == 0, stderr
    assert leftovers(out) == [
        "proposal-mueller-soen-support-automation-internal.docx",
        "proposal-mueller-soen-support-automation.docx",
        "proposal.ipynb",
    ]
    assert "wrote 3 file(s)" in stdout
    executed = nbformat.read(out / "proposal.ipynb", as_version=4)
    assert any("injected-parameters" in c.metadata.get("tags", []) for c in executed.cells)
    document = docx.Document(str(out / "proposal-mueller-soen-support-automation.docx"))
    assert document.sections[0].header.paragraphs[0].text.startswith("Müller & Søn <GmbH>")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_default_output_folder_is_named_after_the_deal(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("KIT_OUTPUT_DIR", str(tmp_path))
    code, _, stderr = run_cli(
        capsys, "run", "qualify", "--params", str(example_path("fixed-scope-services.yaml"))
    )
    assert code == 0, stderr
    assert leftovers(tmp_path / "harbourside-crm-rollout") == ["qualify.ipynb"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["pricing"]["base_fee"].update(amount="-1 EUR"),
            "pricing.base_fee.amount: amount must not be negative",
        ),
        (
            lambda d: d["pricing"].update(term_months="soon"),
            "pricing.term_months: Input should be a valid integer",
        ),
        (lambda d: d.pop("customer"), "customer: Field required"),
        (
            lambda d: d["milestones"][0].update(type="kickoff"),
            "milestones[0].type: Input should be 'delivery', 'adoption' or 'validation'",
        ),
    ],
    ids=["negative-price", "wrong-type", "missing-field", "unknown-stage"],
)
def test_bad_parameters_exit_2_with_the_field_and_write_nothing(capsys, tmp_path, change, message):
    data = example_data("saas-subscription.yaml")
    change(data)
    params = write_yaml(tmp_path, data)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli(
        capsys, "run", "proposal", "--params", str(params), "--out", str(out)
    )
    assert code == 2
    assert stderr.splitlines() == [
        f"error: {params}: {message}" + stderr.split(message, 1)[1].splitlines()[0]
    ]
    assert stdout == ""
    assert not out.exists()


def test_broken_yaml_exits_2(capsys, tmp_path):
    params = tmp_path / "broken.yaml"
    params.write_text("kind: deal\nid: [oops\n", encoding="utf-8")
    code, _, stderr = run_cli(
        capsys, "run", "proposal", "--params", str(params), "--out", str(tmp_path / "out")
    )
    assert code == 2
    assert "invalid YAML" in stderr and str(params) in stderr
    assert not (tmp_path / "out").exists()


def test_unknown_playbook_exits_2(capsys, tmp_path):
    code, _, stderr = run_cli(
        capsys, "run", "forecast", "--params", str(example_path("saas-subscription.yaml"))
    )
    assert code == 2
    assert stderr.startswith("error: unknown playbook 'forecast' (known: ")


def test_file_of_the_wrong_kind_exits_2(capsys, tmp_path):
    code, _, stderr = run_cli(
        capsys,
        "run",
        "proposal",
        "--params",
        str(example_path("readiness.yaml")),
        "--out",
        str(tmp_path / "o"),
    )
    assert code == 2
    assert "kind: this playbook needs a 'deal' file (got 'readiness')" in stderr


def test_a_failing_notebook_exits_1_and_leaves_nothing(capsys, tmp_path, monkeypatch):
    playbooks = tmp_path / "playbooks"
    playbooks.mkdir()
    notebook = new_notebook(
        cells=[
            new_code_cell(
                'params_file = ""\nout_dir = ""\nhandoff = None', metadata={"tags": ["parameters"]}
            ),
            new_code_cell("open(out_dir + '/proposal-half.docx', 'w').write('partial')"),
            new_code_cell("raise RuntimeError('template service down')"),
        ]
    )
    notebook.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nbformat.write(notebook, playbooks / "proposal.ipynb")
    proposal = dataclasses.replace(registry.get("proposal"), notebook=playbooks / "proposal.ipynb")
    monkeypatch.setattr(registry, "get", lambda name: proposal)
    out = tmp_path / "outputs" / "deal"
    code, _, stderr = run_cli(
        capsys,
        "run",
        "proposal",
        "--params",
        str(example_path("saas-subscription.yaml")),
        "--out",
        str(out),
    )
    assert code == 1
    assert (
        "error: proposal.ipynb: cell 3 (raise RuntimeError('template service down')) failed: "
        "RuntimeError: template service down"
    ) in stderr
    assert leftovers(tmp_path / "outputs") == []


def test_check_accepts_a_good_file(capsys):
    code, stdout, _ = run_cli(capsys, "check", str(example_path("fixed-scope-services.yaml")))
    assert code == 0
    assert "valid 'deal' parameters for harbourside-crm-rollout" in stdout


def test_check_reports_every_problem(capsys, tmp_path):
    data = example_data("fixed-scope-services.yaml")
    data["requirements"][2]["priority"] = "high"
    data["pricing"]["currency"] = "dollars"
    code, _, stderr = run_cli(capsys, "check", str(write_yaml(tmp_path, data)))
    assert code == 2
    assert len(stderr.splitlines()) == 2
    assert "requirements[2].priority" in stderr and "pricing.currency" in stderr


def test_schema_documents_fields_units_and_allowed_values(capsys):
    code, stdout, _ = run_cli(capsys, "schema", "deal")
    assert code == 0
    rows = {
        line.split("|")[1].strip(): line for line in stdout.splitlines() if line.startswith("| `")
    }
    assert "must \\| should \\| could" in rows["`requirements[].priority`"]
    assert "e.g. '6000 EUR'" in rows["`pricing.base_fee.amount`"]
    assert "percent" in rows["`pricing.total_discount`"]
    assert "7.5 payment timing vs milestones" in rows["`terms.base_fee_invoiced_at`"]


def test_schema_json_to_a_file(capsys, tmp_path):
    target = tmp_path / "schema.json"
    code, _, _ = run_cli(capsys, "schema", "--format", "json", "--out", str(target))
    assert code == 0
    schema = json.loads(target.read_text(encoding="utf-8"))
    assert "deal" in schema and "requirements" in schema["deal"]["properties"]


def test_console_script_is_installed():
    result = subprocess.run(
        [sys.executable, "-m", "kit.cli", "check", str(example_path("saas-subscription.yaml"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "mueller-soen-support-automation" in result.stdout


def test_map_without_a_plan_exits_2_before_any_kernel_starts(capsys, tmp_path):
    data = example_data("saas-subscription.yaml")
    del data["plan"]
    params = write_yaml(tmp_path, data)
    out = tmp_path / "out"
    code, _, stderr = run_cli(capsys, "run", "map", "--params", str(params), "--out", str(out))
    assert code == 2
    assert stderr.strip() == f"error: {params}: plan: the map playbook needs this section"
    assert not out.exists()


def test_schema_into_a_missing_folder_exits_2(capsys, tmp_path):
    target = tmp_path / "missing" / "schema.md"
    code, _, stderr = run_cli(capsys, "schema", "--out", str(target))
    assert code == 2
    assert stderr.startswith(f"error: {target}: cannot write the schema")


QUICK_PROBE = """
import sys
from kit.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = ('papermill', 'nbformat', 'matplotlib', 'docxtpl', 'docx', 'jupyter_client')
print(sorted(m for m in heavy if m in sys.modules))
loader = sys.modules.get('pydantic.plugin._loader')
print(loader._plugins if loader else 'no validator built')
"""


@pytest.mark.parametrize(
    "command",
    [
        ["check", str(example_path("saas-subscription.yaml"))],
        ["schema"],
        ["list"],
        ["--help"],
    ],
)
def test_quick_commands_load_no_notebook_engine_charts_or_word(command):
    result = subprocess.run(
        [sys.executable, "-c", QUICK_PROBE, *command],
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"},
    )
    assert result.stdout.splitlines()[-2] == "[]"


def test_check_skips_pydantic_plugin_discovery_unless_the_user_asks_for_plugins():
    deal = str(example_path("saas-subscription.yaml"))
    env = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    quiet = subprocess.run(
        [sys.executable, "-c", QUICK_PROBE, "check", deal],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    assert quiet.stdout.splitlines()[-1] == "None"
    wanted = subprocess.run(
        [sys.executable, "-c", QUICK_PROBE, "check", deal],
        capture_output=True,
        text=True,
        check=True,
        env={**env, "PYDANTIC_DISABLE_PLUGINS": ""},
    )
    assert wanted.stdout.splitlines()[-1] == "{}"


def test_check_in_process_leaves_the_environment_as_it_found_it(capsys, monkeypatch):
    monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    code, _, _ = run_cli(capsys, "check", str(example_path("saas-subscription.yaml")))
    assert code == 0
    assert "PYDANTIC_DISABLE_PLUGINS" not in os.environ
    monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", "logfire")
    run_cli(capsys, "check", str(example_path("saas-subscription.yaml")))
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "logfire"
