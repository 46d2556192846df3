"""The registry: playbooks found through entry points, and the problems it refuses."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from kit import registry
from kit.errors import RegistryError, UsageError


@pytest.fixture
def points(monkeypatch):
    """Replace the installed entry points with the given ones, for one test."""

    def install(*pairs: tuple[str, str]) -> None:
        found = [EntryPoint(name, value, registry.GROUP) for name, value in pairs]
        monkeypatch.setattr(registry, "entry_points", lambda group: found)
        registry.playbooks.cache_clear()

    yield install
    registry.playbooks.cache_clear()


def test_the_same_package_seen_twice_is_one_playbook(points):
    points(("proposal", "kit.proposal:PLAYBOOK"), ("proposal", "kit.proposal:PLAYBOOK"))
    assert list(registry.playbooks()) == ["proposal"]


def test_two_packages_claiming_one_name_are_refused(points):
    points(("proposal", "kit.proposal:PLAYBOOK"), ("proposal", "kit.map:PLAYBOOK"))
    with pytest.raises(RegistryError, match=r"registered twice: kit\.proposal:PLAYBOOK and"):
        registry.playbooks()


def test_an_entry_point_naming_another_playbook_is_refused(points):
    points(("offer", "kit.proposal:PLAYBOOK"))
    with pytest.raises(RegistryError, match="describes 'proposal'"):
        registry.playbooks()


def test_a_kind_bound_to_two_models_is_refused(points, monkeypatch):
    from dataclasses import replace

    from kit.proposal import PLAYBOOK

    clash = replace(
        PLAYBOOK, name="clash", kind=registry.Kind("deal", "kit.models.account:Account")
    )
    monkeypatch.setattr("kit.proposal.CLASH", clash, raising=False)
    points(("proposal", "kit.proposal:PLAYBOOK"), ("clash", "kit.proposal:CLASH"))
    expected = r"kind 'deal' is kit\.models\.deal:Deal here but kit\.models\.account:Account"
    with pytest.raises(RegistryError, match=expected):
        registry.playbooks()


def test_an_unknown_playbook_names_the_known_ones():
    with pytest.raises(UsageError, match=r"unknown playbook 'offer' \(known: design, map"):
        registry.get("offer")


def test_kit_check_says_which_playbook_needs_a_missing_section(capsys, tmp_path):
    from conftest import example_data, write_yaml

    from kit import cli

    data = example_data("saas-subscription.yaml")
    data.pop("plan")
    path = write_yaml(tmp_path, data)
    assert cli.main(["check", str(path)]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["  map also needs: plan"]
