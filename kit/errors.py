"""The kit's exceptions.

Everything the kit raises on purpose derives from :class:`KitError`, so the command line (the
only boundary that catches) can turn any of them into readable lines and an exit code without
swallowing programming errors.
"""

from __future__ import annotations

from collections.abc import Iterable


class KitError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1

    def lines(self) -> list[str]:
        """One line per problem, ready to print."""
        return [str(self)]

    def _render_traceback_(self) -> list[str]:
        """What IPython shows for this error in a notebook: the same lines as the command
        line, without a traceback, so a bad parameters file reads the same everywhere."""
        return [f"error: {line}" for line in self.lines()]


class ParamsError(KitError):
    """Raised when a parameters file cannot be read or fails validation.

    It carries every problem found, one per line, each naming the file and the field path,
    so a user fixes the whole file in one pass instead of one error per run.
    """

    exit_code = 2

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = list(problems)
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [f"{self.source}: {problem}" for problem in self.problems]


class UsageError(KitError):
    """Raised when the command line names something that does not exist (a playbook, a file)."""

    exit_code = 2


class TemplateError(KitError):
    """Raised when a Word template is missing, unreadable, or uses a variable the kit lacks."""


class RegistryError(KitError):
    """Raised when an installed playbook's registration cannot be loaded or contradicts another."""


class PlaybookError(KitError):
    """Raised when a notebook fails while papermill executes it; names the failing cell."""
