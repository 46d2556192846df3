"""The generated parameter schema documents every kind and names every type."""

from __future__ import annotations

import pytest

from kit import registry
from kit.schema import markdown, rows

KINDS = {name: kind.load() for name, kind in sorted(registry.kinds().items())}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_has_a_plain_type_name(kind):
    found = rows(KINDS[kind])
    assert found, kind
    unnamed = [row.path for row in found if "Union" in row.type or "[" in row.type]
    assert unnamed == []


def test_markdown_has_a_section_per_kind():
    text = markdown(KINDS)
    assert [line for line in text.splitlines() if line.startswith("## kind: ")] == [
        f"## kind: {kind}" for kind in KINDS
    ]


def test_union_branches_are_documented_field_by_field():
    paths = {row.path: row for row in rows(KINDS["account"])}
    assert paths["addons[].benefit"].type == "one of TimeSaved, RetentionGain"
    assert paths["addons[].benefit.people"].description.startswith("(TimeSaved)")


def test_nested_lists_use_bracket_paths():
    paths = {row.path for row in rows(KINDS["deal"])}
    assert {"requirements[].outcomes", "milestones[].raci.responsible"} <= paths


def test_kit_schema_lists_every_registered_kind(capsys):
    from kit import cli

    assert cli.main(["schema"]) == 0
    headings = [line for line in capsys.readouterr().out.splitlines() if line.startswith("## ")]
    assert headings == [
        "## kind: account",
        "## kind: deal",
        "## kind: optimisation",
        "## kind: production_line",
        "## kind: readiness",
    ]


def test_kit_schema_of_an_unknown_kind_is_a_usage_error(capsys):
    from kit import cli

    assert cli.main(["schema", "invoice"]) == 2
    assert "unknown kind 'invoice'" in capsys.readouterr().err
