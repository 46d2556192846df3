"""The lock (constraints.txt) agrees with pyproject.toml, and every install path uses it.

pyproject.toml keeps ranges for people who install the kit as a library; the tests and CI run
on the exact versions of the lock. When the two drift apart (a dependency added without
regenerating, a range moved past its pin), a fresh install silently differs from the tested
one, which is how a new Babel once changed formatted output on a new machine. Offline: both
files are parsed with ``packaging``.
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field

import pytest
import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

LOCK_COMMAND = (
    "uv pip compile pyproject.toml --all-extras --universal --python-version 3.11"
    " -o constraints.txt"
)
"""The one command that regenerates the lock, as its header records it."""
PROJECT_SOURCE = "sales-playbook-kit (pyproject.toml)"
"""How uv's ``# via`` annotations name a requirement that comes straight from pyproject."""


@dataclass
class Pin:
    version: Version
    via: set[str] = field(default_factory=set)


def parse_lock(text: str) -> dict[NormalizedName, list[Pin]]:
    """Every pin in a uv-compiled lock by package name, with its ``# via`` annotations.

    A universal lock may pin one package twice, at different versions for different Python
    versions or platforms (each under its marker): every one of them must satisfy the range.
    """
    pins: dict[NormalizedName, list[Pin]] = defaultdict(list)
    current: Pin | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            source = re.sub(r"^#\s*(via\b)?\s*", "", stripped)
            if current is not None and line.startswith(" ") and source:
                current.via.add(source)
            continue
        requirement = Requirement(stripped)
        exact = [spec for spec in requirement.specifier if spec.operator == "=="]
        if len(exact) != 1 or len(requirement.specifier) != 1:
            raise ValueError(f"constraints.txt line {number}: not an exact pin: {stripped}")
        current = Pin(Version(exact[0].version))
        pins[canonicalize_name(requirement.name)].append(current)
    return pins


def declared_requirements(pyproject: str) -> list[Requirement]:
    """Every requirement pyproject.toml declares: the runtime list and all extras."""
    project = tomllib.loads(pyproject)["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


def disagreements(pyproject: str, lock: str) -> list[str]:
    """Why the lock does not serve this pyproject.toml, one line per problem; empty if it does.

    Besides each range admitting its pin, the lock's own record of which pins pyproject asked
    for must match the requirements: a new requirement that happens to be pinned already as
    someone else's dependency still means the lock was compiled from an older pyproject.
    """
    pins = parse_lock(lock)
    declared = [(canonicalize_name(r.name), r) for r in declared_requirements(pyproject)]
    direct = {
        name for name, entries in pins.items() if any(PROJECT_SOURCE in p.via for p in entries)
    }
    problems = []
    for name, requirement in declared:
        if name not in pins:
            problems.append(f"{requirement}: not pinned in constraints.txt")
        elif name not in direct:
            problems.append(f"{requirement}: the lock predates it (regenerate constraints.txt)")
        problems.extend(
            f"{requirement}: constraints.txt pins {name}=={pin.version}"
            for pin in pins.get(name, [])
            if not requirement.specifier.contains(pin.version, prereleases=True)
        )
    problems.extend(
        f"{name}: the lock pins it for pyproject.toml, which no longer asks for it"
        for name in direct - {name for name, _ in declared}
    )
    return sorted(set(problems))  # a requirement repeated in two extras counts once


PYPROJECT = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
LOCK = (ROOT / "constraints.txt").read_text(encoding="utf-8")


def test_the_lock_pins_every_requirement_at_a_version_its_range_admits():
    assert disagreements(PYPROJECT, LOCK) == []


def test_a_range_moved_past_the_pin_is_reported():
    moved = PYPROJECT.replace('"babel>=2.14,<3"', '"babel>=2.20,<3"')
    assert moved != PYPROJECT
    assert disagreements(moved, LOCK) == ["babel<3,>=2.20: constraints.txt pins babel==2.19.0"]


def test_a_dependency_added_without_regenerating_the_lock_is_reported():
    added = PYPROJECT.replace(
        '"tqdm>=4.66,<5",', '"tqdm>=4.66,<5",\n    "rich>=13",\n    "six>=1",'
    )
    assert disagreements(added, LOCK) == [
        "rich>=13: not pinned in constraints.txt",
        "six>=1: the lock predates it (regenerate constraints.txt)",
    ]


def test_a_dependency_dropped_from_pyproject_is_reported():
    dropped = PYPROJECT.replace('    "tqdm>=4.66,<5",\n', "")
    assert dropped != PYPROJECT
    assert disagreements(dropped, LOCK) == [
        "tqdm: the lock pins it for pyproject.toml, which no longer asks for it"
    ]


def test_a_lock_line_that_is_not_an_exact_pin_is_an_error():
    with pytest.raises(ValueError, match=r"line 2: not an exact pin: babel>=2\.19"):
        parse_lock("# header\nbabel>=2.19\n")


def test_the_lock_header_names_the_command_pyproject_and_setup_document():
    header = LOCK.splitlines()[:2]
    assert header == [
        "# This file was autogenerated by uv via the following command:",
        f"#    {LOCK_COMMAND}",
    ]
    assert f"#   {LOCK_COMMAND}\n" in PYPROJECT
    assert LOCK_COMMAND in (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")


def test_setup_and_conda_install_the_same_extras_from_the_lock():
    environment = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    pip = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert pip == ["-c constraints.txt", "-e .[test,dask]"]
    assert "python=3.11" in environment["dependencies"]

    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    install = re.search(r"pip install [^\n]*\\\n\s*(.*)", setup)
    assert install is not None
    assert install.group(1) == "-c constraints.txt -e '.[test,dask]'"
