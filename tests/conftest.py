"""Shared fixtures: example files, YAML editing and writing, and an isolated output root.

``KIT_OUTPUT_DIR`` is set at import time so the kernels nbval starts inherit it and playbooks
run during tests never write into the repository's ``outputs/``.
"""

from __future__ import annotations

import copy
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from kit import document, registry
from kit.errors import ParamsError
from kit.params import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
os.environ["KIT_OUTPUT_DIR"] = tempfile.mkdtemp(prefix="kit-test-outputs-")


def example_path(name: str) -> Path:
    return EXAMPLES / name


def example_data(name: str) -> dict[str, Any]:
    """A fresh, mutable copy of a bundled example, for tests that break one field."""
    return copy.deepcopy(yaml.safe_load(example_path(name).read_text(encoding="utf-8")))


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
