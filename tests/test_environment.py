"""Set-up files agree: environment.yml lists exactly pyproject's runtime and test dependencies."""

from __future__ import annotations

import tomllib

import yaml
from conftest import ROOT


def test_environment_yml_and_pyproject_list_the_same_dependencies():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = set(project["dependencies"]) | set(project["optional-dependencies"]["test"])
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert {spec for spec in pip if not spec.startswith("-e")} == declared
    assert "python=3.11" in environment["dependencies"]
