"""A team's playbook in a package of its own works with the kit without any edit to the kit.

``team-example`` (a pipeline review) is built as a wheel and installed beside the
kit's own wheel in a fresh environment: ``kit list`` shows it, ``kit run`` runs it, and
``kit templates check`` checks its template with the built-in ones. Its own tests, notebook
included, pass against the kit as well.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import ROOT, FreshInstall

TEAM = ROOT / "team-example"
NAME = "pipeline_review"
EXAMPLE = "emea-q2-2027.yaml"
SLUG = "emea-midmarket-q2-2027"
COVERAGE = (
    "Coverage. Pipeline closing in Q2 2027 is €735,000.00, 1.47\N{MULTIPLICATION SIGN} the"
    " target of €500,000.00; the team wants 3\N{MULTIPLICATION SIGN}, so €765,000.00 more is"
    " needed."
)


@pytest.fixture(scope="module")
def team_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The team's package built the way the team would release it."""
    folder = tmp_path_factory.mktemp("team-wheel")
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(folder)],
        cwd=TEAM,
        check=True,
        capture_output=True,
    )
    (wheel,) = folder.glob("*.whl")
    return wheel


@pytest.fixture(scope="module")
def with_team(fresh_kit: FreshInstall, team_wheel: Path):
    """The fresh kit install with the team's wheel beside it, removed again afterwards so the
    packaging tests see the kit alone."""
    fresh_kit.install(team_wheel)
    yield fresh_kit
    subprocess.run(
        [sys.executable, "-m", "uv", "pip", "uninstall", "--quiet", "--python",
         str(fresh_kit.python), "pipeline-review-playbook"],
        check=True,
        capture_output=True,
    )  # fmt: skip


def test_the_wheel_carries_notebook_template_example_and_entry_point(team_wheel):
    with zipfile.ZipFile(team_wheel) as wheel:
        names = wheel.namelist()
        [entry_points] = [n for n in names if n.endswith(".dist-info/entry_points.txt")]
        declared = wheel.read(entry_points).decode("utf-8")
    for packaged in (
        f"{NAME}/playbooks/{NAME}.ipynb",
        f"{NAME}/templates/{NAME}.docx",
        f"{NAME}/examples/{EXAMPLE}",
    ):
        assert packaged in names
    assert "[kit.playbooks]\npipeline_review = pipeline_review:PLAYBOOK" in declared
    assert not [n for n in names if "__pycache__" in n or n.startswith("tests/")]


def test_kit_list_shows_it_beside_the_builtin_playbooks(with_team, tmp_path):
    done = with_team.run("kit", "list", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = [line.split()[0] for line in done.stdout.splitlines() if not line.startswith(" ")]
    assert NAME in names
    assert "proposal" in names
    [row] = [line for line in done.stdout.splitlines() if line.startswith(f"{NAME} ")]
    assert row.split()[1] == "pipeline"
    assert row.endswith(
        "Pipeline coverage and the weighted forecast by month, with deals to update."
    )


def test_kit_run_writes_the_review(with_team, tmp_path):
    shutil.copy(TEAM / NAME / "examples" / EXAMPLE, tmp_path / "review.yaml")
    done = with_team.run("kit", "run", NAME, "--params", "review.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = tmp_path / "outputs" / SLUG
    assert sorted(p.name for p in out.iterdir()) == [f"{NAME}-{SLUG}.docx", f"{NAME}.ipynb"]
    text = [p.text for p in docx.Document(str(out / f"{NAME}-{SLUG}.docx")).paragraphs]
    assert COVERAGE in text


def test_kit_templates_check_includes_its_template(with_team, tmp_path):
    done = with_team.run("kit", "templates", "check", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    [summary] = done.stdout.splitlines()
    assert f"{NAME}.docx" in summary.split(": ", 1)[1].split(", ")


def test_kit_templates_check_reports_a_broken_copy_of_its_template(with_team, tmp_path):
    ours = tmp_path / "ours"
    ours.mkdir()
    source = TEAM / NAME / "templates" / f"{NAME}.docx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(ours / f"{NAME}.docx", "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"{{ summary.coverage }}", b"{{ summary.coverge }}")
            copy.writestr(item, data)
    done = with_team.run("kit", "templates", "check", ours, cwd=tmp_path)
    assert done.returncode == 1
    xml = zipfile.ZipFile(ours / f"{NAME}.docx").read("word/document.xml").decode("utf-8")
    number = len(re.findall(r"<w:p[\s>/]", xml[: xml.index("{{ summary.coverge }}")]))
    ours_lines = [line for line in done.stderr.splitlines() if line.startswith(f"error: {ours}")]
    assert ours_lines == [
        f"error: {ours / (NAME + '.docx')}: word/document.xml: paragraph {number}: unknown"
        " variable summary.coverge; rendering would fail"
    ]


def test_its_own_tests_and_notebook_pass(team_wheel, tmp_path):
    """The team's suite, run the way the team runs it, against its installed wheel (``-P``
    keeps the source folder off the path, so the wheel's copy is the one imported)."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(target), str(team_wheel)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k != "KIT_TEMPLATES"}
    env["PYTHONPATH"] = str(target)
    done = subprocess.run(
        [sys.executable, "-P", "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=TEAM,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("12 passed")
