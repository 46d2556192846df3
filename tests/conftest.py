"""Shared fixtures: example files, YAML editing and writing, and an isolated output root.

``KIT_OUTPUT_DIR`` is set at import time so the kernels nbval starts inherit it and playbooks
run during tests never write into the repository's ``outputs/``.
"""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit import document, registry
from kit.errors import ParamsError
from kit.params import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
_OUTPUTS = tempfile.TemporaryDirectory(prefix="kit-test-outputs-")  # removed when pytest exits
os.environ["KIT_OUTPUT_DIR"] = _OUTPUTS.name


def example_path(name: str) -> Path:
    return EXAMPLES / name


def example_data(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of a bundled example, for tests that break one field.

    Image paths are made absolute, so the copy still finds them when written elsewhere.
    """
    data = copy.deepcopy(yaml.safe_load(example_path(name).read_text(encoding="utf-8")))
    for party in ("customer", "seller"):
        logo = data.get(party, {}).get("logo") if isinstance(data.get(party), dict) else None
        if logo:
            data[party]["logo"] = str(EXAMPLES / logo)
    if isinstance(data.get("logo"), str):  # the workbooks name their own company's logo
        data["logo"] = str(EXAMPLES / data["logo"])
    return data


def set_value(data: Any, keys: list[str], value: Any) -> None:
    """Replace one value deep in parsed YAML; list positions are given as digits."""
    *parents, last = keys
    node = data
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def write_yaml(folder: Path, data: Any, name: str = "params.yaml") -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_documents(playbook: str, params: Any, folder: Path, **options: Any) -> document.Written:
    """Every document of ``playbook`` for ``params``, written in-process as a run writes them."""
    described = registry.get(playbook)
    return document.write(described, described.analysis(params), folder, **options)


def written_document(playbook: str, params: Any, folder: Path, **options: Any) -> Path:
    """The customer document (or the only one) of ``playbook`` for ``params``."""
    files = write_documents(playbook, params, folder, **options).files
    return next((f for f in files if "-internal" not in f.name), files[0])


def open_workshop(playbook: str, example: str, folder: Path, monkeypatch: Any) -> Any:
    """A workshop on a private copy of a bundled example, with its form built as the notebook's
    form cell builds it, forgetting the sessions other tests opened."""
    from kit.notebook import Workshop

    monkeypatch.setattr(Workshop, "_open", {})
    source = write_yaml(folder, example_data(example), example)
    workshop = Workshop.open(playbook, source, folder / "out")
    workshop.form  # noqa: B018 - builds the form
    return workshop


def widgets(node: Any) -> list[Any]:
    """A widget and every widget inside it."""
    return [node, *(found for child in getattr(node, "children", ()) for found in widgets(child))]


def control(session: Any, label: str) -> Any:
    """The control on the form row whose label reads ``label``."""
    import ipywidgets as w

    for row in widgets(session._form._controls):
        children = getattr(row, "children", ())
        labelled = len(children) == 3 and isinstance(children[0], w.HTML)
        if labelled and f">{label}<" in children[0].value:
            return children[1]
    raise AssertionError(f"no form row labelled {label!r}")


def markup_lines(markup: str) -> list[str]:
    """The text lines of an HTML snippet, tags dropped and entities unescaped."""
    import html
    import re

    return [
        html.unescape(line).strip()
        for line in re.split(r"<[^>]+>", markup)
        if html.unescape(line).strip()
    ]


def form_rows(form: Any) -> dict[tuple[str, str], tuple[Any, list[str]]]:
    """Each labelled row of a workshop form by (section heading, label): its control and the
    lines shown beside it."""
    found: dict[tuple[str, str], tuple[Any, list[str]]] = {}
    section = ""

    def walk(widget: Any) -> None:
        nonlocal section
        import ipywidgets as w

        children = getattr(widget, "children", ())
        if isinstance(widget, w.HTML) and widget.value.startswith("<b>"):
            section = markup_lines(widget.value)[0]
        labelled = (
            isinstance(widget, w.HBox)
            and len(children) == 3
            and isinstance(children[0], w.HTML)
            and children[0].value.startswith("<span title=")
        )
        if labelled:
            found[(section, markup_lines(children[0].value)[0])] = (
                children[1],
                markup_lines(children[2].value),
            )
            return
        for child in children:
            walk(child)

    walk(form.widget)
    return found


def row_of(form: Any, label: str) -> Any:
    """The form row whose label reads ``label``: label, control, problems."""
    import ipywidgets as w

    def walk(widget: Any) -> Any:
        children = getattr(widget, "children", ())
        if children and isinstance(children[0], w.HTML) and f"title='{label}'" in children[0].value:
            yield widget
        for child in children:
            yield from walk(child)

    found = list(walk(form.widget))
    assert len(found) == 1, f"{len(found)} rows labelled {label!r}"
    return found[0]


def problems_beside(row: Any) -> list[str]:
    """The problems a form row shows beside its control, in the form's error style."""
    import html
    import re

    from kit.forms import ERROR_STYLE

    shown = row.children[2].value
    assert not shown or ERROR_STYLE in shown
    return [html.unescape(text) for text in re.findall(r"<div style='[^']*'>(.*?)</div>", shown)]


def form_box(form: Any, section: str, label: str) -> Any:
    """The input itself: a money row holds the amount box and the currency beside it."""
    import ipywidgets as w

    control = form_rows(form)[(section, label)][0]
    return control.children[0] if isinstance(control, w.HBox) else control


def problems_for(folder: Path, data: Any) -> list[str]:
    """The ParamsError lines a parameters mapping produces, without the file prefix."""
    with pytest.raises(ParamsError) as caught:
        load(write_yaml(folder, data))
    return caught.value.problems


@pytest.fixture(scope="session")
def saas_deal():
    return load(example_path("saas-subscription.yaml"))


@pytest.fixture(scope="session")
def services_deal():
    return load(example_path("fixed-scope-services.yaml"))


# ==============================================================================================
# A fresh install: the kit's wheel installed (not editable) into a virtual environment of its
# own, made once per session. tests/test_packaging.py checks it; other modules may install more
# packages into it (a team's playbook package) with ``fresh_kit.install(...)``.
# ==============================================================================================

CONSTRAINTS = ROOT / "constraints.txt"
_SESSION_ONLY = ("KIT_OUTPUT_DIR", "KIT_TEMPLATES", "PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")
"""Variables of this test session that a user's shell would not have."""


def _check_call(*command: str | Path, cwd: Path | None = None) -> None:
    """Run a set-up command; on failure, fail with its output rather than a bare exit code."""
    done = subprocess.run(
        [str(part) for part in command], cwd=cwd, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        pytest.fail(f"{' '.join(map(str, command))} exited {done.returncode}:\n{done.stderr}")


@dataclass(frozen=True)
class FreshInstall:
    """A virtual environment outside the clone with the kit installed from its wheel.

    Its commands run with the environment's ``bin`` first on ``PATH`` and without this
    session's variables, so they see what someone who installed the wheel would see.
    """

    wheel: Path
    venv: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def python(self) -> Path:
        return self.bin / "python"

    def environ(self) -> dict[str, str]:
        env = {name: value for name, value in os.environ.items() if name not in _SESSION_ONLY}
        env["PATH"] = os.pathsep.join([str(self.bin), env.get("PATH", "")])
        env["VIRTUAL_ENV"] = str(self.venv)
        return env

    def run(self, program: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
        """Run one of the environment's programs (``kit``, ``python``) in ``cwd``.

        The exit code is the caller's to assert; a command that hangs fails after ten minutes.
        """
        return subprocess.run(
            [str(self.bin / program), *map(str, args)],
            cwd=cwd,
            env=self.environ(),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )

    def install(self, *targets: str | Path) -> None:
        """Install wheels or project folders at the versions locked in constraints.txt."""
        uv_args = ("pip", "install", "--quiet", "--python", self.python, "-c", CONSTRAINTS)
        _check_call(sys.executable, "-m", "uv", *uv_args, *targets)


@pytest.fixture(scope="session")
def kit_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The kit built from this clone as a wheel, the way a release is built."""
    folder = tmp_path_factory.mktemp("wheel")
    _check_call(sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", folder, cwd=ROOT)
    (wheel,) = folder.glob("*.whl")
    return wheel


@pytest.fixture(scope="session")
def fresh_kit(kit_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> FreshInstall:
    """A new environment with the wheel and its locked dependencies (uv: seconds, not minutes)."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    _check_call(sys.executable, "-m", "uv", "venv", "--quiet", "--python", sys.executable, venv)
    install = FreshInstall(wheel=kit_wheel, venv=venv)
    install.install(kit_wheel)
    return install
