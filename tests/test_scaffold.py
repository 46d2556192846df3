"""``kit new playbook``: a package that runs at once, installed with ``pip install -e``.

The package is installed into a throwaway virtual environment layered over this one (it sees
the kit and the test tools, but the dev environment itself is never changed), and everything a
team does first is done through it: ``kit list``, ``kit run``, ``kit templates check`` and the
package's own tests, its notebook included.
"""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import docx
import nbformat
import pytest

from kit import cli, registry, scaffold
from kit.resources import builtin

NAME = "discovery_call"
FILES = [
    "README.md",
    "discovery_call/__init__.py",
    "discovery_call/calculations.py",
    "discovery_call/document.py",
    "discovery_call/examples/example.yaml",
    "discovery_call/form.py",
    "discovery_call/model.py",
    "discovery_call/playbooks/discovery_call.ipynb",
    "discovery_call/templates/discovery_call.docx",
    "discovery_call/views.py",
    "pyproject.toml",
    "tests/conftest.py",
    "tests/test_discovery_call.py",
]


def run_cli(capsys, *args: str) -> tuple[int, list[str], list[str]]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out.splitlines(), captured.err.splitlines()


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scaffold.new_playbook(NAME, tmp_path_factory.mktemp("new"))


def test_kit_new_writes_the_package_and_says_what_to_do_next(capsys, tmp_path):
    code, out, err = run_cli(capsys, "new", "playbook", NAME, "--into", str(tmp_path))
    folder = tmp_path / "discovery-call"
    example = folder / NAME / "examples" / "example.yaml"
    assert (code, err) == (0, [])
    assert out == [
        f"wrote {folder}",
        f"next: pip install -e {folder} && kit run {NAME} --params {example}",
    ]
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())
    assert written == FILES
    assert [p.name for p in tmp_path.iterdir()] == ["discovery-call"]  # no staging left


def test_the_package_registers_through_the_entry_point(package):
    pyproject = (package / "pyproject.toml").read_text(encoding="utf-8")
    assert '[project.entry-points."kit.playbooks"]\ndiscovery_call = "discovery_call:PLAYBOOK"' in (
        pyproject
    )
    assert 'build-backend = "hatchling.build"' in pyproject


def test_its_code_passes_the_linter_it_is_configured_with(package):
    for check in (["check", "--no-cache", "."], ["format", "--no-cache", "--check", "."]):
        done = subprocess.run(
            [sys.executable, "-m", "ruff", *check], cwd=package, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stdout + done.stderr


def test_its_notebook_follows_the_kit_conventions(package):
    notebook = nbformat.read(package / NAME / "playbooks" / f"{NAME}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code[0].metadata["tags"] == ["parameters"]
    assert code[0].source == (
        'params_file = "../examples/example.yaml"\nout_dir = None\nhandoff = None'
    )
    assert 'ws = Workshop.open("discovery_call", params_file, out_dir, handoff)' in code[1].source
    assert code[-1].source == "ws.write()"
    for cell in code:
        checked = "nbval-check-output" in cell.metadata.get("tags", [])
        if checked:
            assert cell.metadata["tags"] == ["nbval-check-output", "keep_output"]
            assert cell.execution_count is not None
        assert bool(cell.outputs) == checked
    markdown = "".join(cell.source for cell in notebook.cells if cell.cell_type == "markdown")
    assert "$" not in markdown
    assert code[1].outputs[0]["data"]["text/plain"] == (
        "Example Customer Ltd: €85,000.00 against €100,000.00; €15,000.00 short of it"
    )


def test_its_template_starts_from_a_builtin_templates_look(package):
    path = package / NAME / "templates" / f"{NAME}.docx"
    drafted, base = (
        docx.Document(str(path)),
        docx.Document(str(builtin("templates") / "proposal.docx")),
    )
    assert drafted.sections[0].page_width == base.sections[0].page_width
    assert drafted.sections[0].left_margin == base.sections[0].left_margin
    assert drafted.styles["Heading 1"].font.color.rgb == base.styles["Heading 1"].font.color.rgb
    assert drafted.sections[0].header.paragraphs[0].text == "{{ doc.customer }} · {{ doc.title }}"
    body = [p.text for p in drafted.paragraphs if p.text]
    assert body[:4] == [
        "{{ doc.title }}",
        "For {{ doc.customer }}",
        "Prepared by {{ doc.author }}",
        "{{ doc.date }}",
    ]
    rows = [[cell.text for cell in row.cells] for row in drafted.tables[0].rows]
    assert rows[1][0] == "{%tr for line in lines %}"
    assert rows[2] == [
        "{{ line.name }}",
        "{{ line.owner }}",
        "{{ line.amount }}",
        "{{ line.share }}",
    ]
    assert rows[3][0] == "{%tr endfor %}"
    with zipfile.ZipFile(path) as archive:
        assert "docProps/thumbnail.jpeg" not in archive.namelist()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "Discovery-Call",
            "'Discovery-Call': a playbook name is 3 to 40 lowercase letters, digits and single"
            " underscores, starting with a letter (e.g. discovery_call)",
        ),
        ("import", "'import': a Python keyword cannot name a package"),
        ("proposal", "'proposal': a playbook of this name is already installed (see kit list)"),
        (
            "json",
            "'json': a Python module of this name is already installed; the new package would"
            " hide it or be hidden by it",
        ),
    ],
)
def test_a_name_that_cannot_work_is_refused_and_nothing_is_written(capsys, tmp_path, name, message):
    code, _, err = run_cli(capsys, "new", "playbook", name, "--into", str(tmp_path))
    assert (code, err) == (2, [f"error: {message}"])
    assert list(tmp_path.iterdir()) == []


def test_an_existing_folder_is_left_alone(capsys, tmp_path):
    (tmp_path / "discovery-call").mkdir()
    (tmp_path / "discovery-call" / "notes.txt").write_text("ours", encoding="utf-8")
    code, _, err = run_cli(capsys, "new", "playbook", NAME, "--into", str(tmp_path))
    assert code == 2
    assert err == [
        f"error: {tmp_path / 'discovery-call'}: already exists; choose another name or --into"
        " folder"
    ]
    assert [p.name for p in (tmp_path / "discovery-call").iterdir()] == ["notes.txt"]


# --- installed with pip install -e ----------------------------------------------------------


class Layered:
    """A virtual environment whose packages are its own plus this environment's."""

    def __init__(self, venv: Path) -> None:
        self.python = venv / "bin" / "python"

    def run(
        self, *args: str | Path, cwd: Path, tmpdir: Path | None = None
    ) -> subprocess.CompletedProcess[str]:
        mine = ("KIT_TEMPLATES", "KIT_OUTPUT_DIR", "PYTHONPATH")  # this session's, not a user's
        env = {k: v for k, v in os.environ.items() if k not in mine}
        if tmpdir is not None:
            env["TMPDIR"] = str(tmpdir)
        return subprocess.run(
            [str(self.python), *map(str, args)],
            cwd=cwd,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )


@pytest.fixture(scope="module")
def installed(package: Path, tmp_path_factory: pytest.TempPathFactory) -> Layered:
    venv = tmp_path_factory.mktemp("layered") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    layered = Layered(venv)
    purelib = layered.run(
        "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])", cwd=venv
    )
    ours = sysconfig.get_paths()["purelib"]
    Path(purelib.stdout.strip(), "dev_environment.pth").write_text(
        f"import site; site.addsitedir({ours!r})\n", encoding="utf-8"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(layered.python), "install", "--quiet",
         "--no-deps", "--no-build-isolation", "-e", str(package)],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return layered


def test_kit_list_shows_it(installed, package):
    done = installed.run("-m", "kit", "list", cwd=package)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    [row] = [line for line in lines if line.split()[:2] == [NAME, NAME]]  # name, kind
    assert row.endswith("Discovery call: lines of work measured against a target.")
    assert f"writes {NAME}-<id>.docx; example example.yaml" in lines[lines.index(row) + 1]
    assert NAME not in registry.playbooks()  # the dev environment itself is unchanged


def test_kit_run_writes_its_document(installed, package, tmp_path):
    example = package / NAME / "examples" / "example.yaml"
    done = installed.run(
        "-m", "kit", "run", NAME, "--params", example, "--out", tmp_path, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        f"{NAME}-example-customer.docx",
        f"{NAME}.ipynb",
    ]
    word = docx.Document(str(tmp_path / f"{NAME}-example-customer.docx"))
    text = [p.text for p in word.paragraphs]
    assert (
        "The lines add up to €85,000.00 against a target of €100,000.00: €15,000.00 short of it."
        in text
    )


def test_its_own_tests_and_notebook_pass_and_leave_no_outputs_behind(installed, package, tmp_path):
    done = installed.run(
        "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=package, tmpdir=tmp_path
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("8 passed")
    assert list(tmp_path.glob(f"{NAME}-test-outputs-*")) == []
    probe = "import os, conftest; print(os.path.isdir(os.environ['KIT_OUTPUT_DIR']))"
    made = installed.run("-c", probe, cwd=package / "tests", tmpdir=tmp_path)
    assert made.stdout.strip() == "True", made.stderr  # a folder while the session runs ...
    assert list(tmp_path.glob(f"{NAME}-test-outputs-*")) == []  # ... and gone after it


def test_kit_templates_check_checks_its_template(installed, package):
    done = installed.run("-m", "kit", "templates", "check", cwd=package)
    assert done.returncode == 0, done.stderr
    [summary] = done.stdout.splitlines()
    assert f"{NAME}.docx" in summary.split(": ", 1)[1].split(", ")
