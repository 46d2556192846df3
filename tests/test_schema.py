"""The generated parameter schema documents every kind and names every type."""

from __future__ import annotations

import pytest

from kit.models import KINDS
from kit.schema import markdown, rows


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
