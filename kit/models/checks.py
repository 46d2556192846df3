"""Cross-record checks every parameters model runs: repeated keys, broken links, currencies.

Each model's ``reference_problems`` reports lines such as ``metrics[2].id: duplicate id 'K1'``.
Writing those lines in one place keeps the wording the same in every kind of file, so a user
who has fixed one file recognises the message in the next.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import TypeVar

from kit.types import Money

Key = TypeVar("Key", bound=Hashable)


def repeats(values: Iterable[Key]) -> list[tuple[int, Key]]:
    """Position and value of every element that already appeared earlier in ``values``."""
    seen: set[Key] = set()
    found: list[tuple[int, Key]] = []
    for index, value in enumerate(values):
        if value in seen:
            found.append((index, value))
        seen.add(value)
    return found


def duplicate_problems(
    path: str,
    values: Iterable[str],
    *,
    attribute: str = "id",
    noun: str | None = "id",
    first_index: int = 0,
) -> list[str]:
    """One line per repeat: ``path[i].attribute: duplicate noun 'value'``.

    ``first_index`` numbers the values from another start, for a list whose first value sits
    outside it; ``noun=None`` leaves the noun out.
    """
    what = f"{noun} " if noun else ""
    return [
        f"{path}[{index + first_index}].{attribute}: duplicate {what}'{value}'"
        for index, value in repeats(values)
    ]


def known(value: str, names: Iterable[str]) -> str:
    """The offending value and what it could have been, so the fix is in the message."""
    return f"'{value}' (known: {', '.join(sorted(names)) or 'none'})"


def unknown(path: str, noun: str, value: str, names: Iterable[str]) -> str:
    """``path: unknown noun 'value' (known: ...)`` for a link that points nowhere."""
    return f"{path}: unknown {noun} {known(value, names)}"


def currency_problems(
    amounts: Iterable[tuple[str, Money | None]], currency: str, source: str
) -> list[str]:
    """Amounts written in another currency than the file's; ``source`` names where it is set."""
    return [
        f"{path}: currency {money.currency} differs from {source} {currency}"
        for path, money in amounts
        if money is not None and money.currency != currency
    ]
