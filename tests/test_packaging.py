"""The kit as someone installs it: a wheel that carries the notebooks, templates and examples,
installed (not editable) into an environment of its own and used from a folder outside the clone.

A clone finds its playbooks at the top level and a wheel under ``kit/_data/``; only a real
install shows that the second path works, that the entry points register every playbook and
that a run writes where the user stands rather than into a checkout.
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
import tomllib
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from conftest import EXAMPLES, ROOT, FreshInstall

pytestmark = pytest.mark.packaging


def declared_playbooks() -> dict[str, str]:
    """The ``kit.playbooks`` entry points pyproject.toml declares: name -> ``module:attribute``."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return project["entry-points"]["kit.playbooks"]


def wheel_entry_points(wheel: zipfile.ZipFile) -> configparser.ConfigParser:
    (name,) = (n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
    parser = configparser.ConfigParser()
    parser.optionxform = str  # keep the names' case
    parser.read_string(wheel.read(name).decode("utf-8"))
    return parser


def test_the_wheel_carries_notebooks_templates_examples_and_entry_points(kit_wheel: Path):
    with zipfile.ZipFile(kit_wheel) as wheel:
        names = set(wheel.namelist())
        entry_points = wheel_entry_points(wheel)

    assert {
        "kit/_data/playbooks/proposal.ipynb",
        "kit/_data/templates/proposal.docx",
        "kit/_data/examples/saas-subscription.yaml",
    } <= names
    for folder, pattern in (
        ("playbooks", "*.ipynb"),
        ("templates", "*.docx"),
        ("examples", "*.yaml"),
        ("examples", "*.png"),
    ):
        in_clone = {f"kit/_data/{folder}/{path.name}" for path in (ROOT / folder).glob(pattern)}
        assert in_clone, f"{folder}/{pattern} matches nothing in the clone"
        assert in_clone <= names, f"missing from the wheel: {sorted(in_clone - names)}"
    assert not [name for name in names if "__pycache__" in name or name.startswith("tests/")]
    assert dict(entry_points["kit.playbooks"]) == declared_playbooks()
    assert dict(entry_points["console_scripts"]) == {"kit": "kit.cli:entry"}


def test_the_installed_kit_reads_its_own_data_not_the_clones(fresh_kit: FreshInstall, tmp_path):
    probe = "from kit import resources; print(resources.CLONE); print(resources.builtin('')); "
    probe += "import kit; print(kit.__file__)"
    result = fresh_kit.run("python", "-c", probe, cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    clone, data, module = result.stdout.splitlines()
    assert clone == "None"
    assert Path(data).is_relative_to(fresh_kit.venv)
    assert Path(data).name == "_data"
    assert Path(module).is_relative_to(fresh_kit.venv)


def test_kit_list_shows_the_eight_playbooks(fresh_kit: FreshInstall, tmp_path):
    result = fresh_kit.run("kit", "list", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    listed = [line.split()[0] for line in result.stdout.splitlines() if line[:1].strip()]
    # Another module may install a team's playbook into the same environment: the kit's eight
    # must all be there, each once.
    assert len(declared_playbooks()) == 8
    assert set(declared_playbooks()) <= set(listed)
    assert len(listed) == len(set(listed))


def test_kit_run_writes_the_proposal_under_the_current_folder(fresh_kit: FreshInstall, tmp_path):
    shutil.copy(EXAMPLES / "saas-subscription.yaml", tmp_path / "deal.yaml")
    for logo in ("brightline-logo.png", "mueller-soen-logo.png"):  # the example's, beside it
        shutil.copy(EXAMPLES / logo, tmp_path)
    deal = yaml.safe_load((tmp_path / "deal.yaml").read_text(encoding="utf-8"))

    result = fresh_kit.run("kit", "run", "proposal", "--params", "deal.yaml", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    out = tmp_path / "outputs" / deal["id"]
    assert f"to {out}\n" in result.stdout
    document = docx.Document(str(out / f"proposal-{deal['id']}.docx"))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert deal["customer"]["name"] in text
    notebook = json.loads((out / "proposal.ipynb").read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code
    assert all(cell["execution_count"] is not None for cell in code)


def test_python_m_kit_help_lists_the_commands(fresh_kit: FreshInstall, tmp_path):
    result = fresh_kit.run("python", "-m", "kit", "--help", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: kit ")
    commands = set(re.findall(r"^ {4}(\S+)", result.stdout, flags=re.MULTILINE))
    assert {"run", "check", "list", "schema", "templates"} <= commands


def test_kit_templates_check_passes_on_the_builtin_templates(fresh_kit: FreshInstall, tmp_path):
    result = fresh_kit.run("kit", "templates", "check", cwd=tmp_path)

    assert result.returncode == 0, result.stdout + result.stderr
    for template in sorted((ROOT / "templates").glob("*.docx")):
        assert template.name in result.stdout
