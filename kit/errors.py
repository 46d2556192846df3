"""The kit's exceptions.

Everything the kit raises on purpose derives from :class:`KitError`, so the command line (the
only boundary that catches) can turn any of them into readable lines and an exit code without
swallowing programming errors.
"""

from __future__ import annotations

from collections.abc import Iterable

_VISIBLE = {code: f"\\x{code:02x}" for code in [*range(0x20), 0x7F]} | {
    ord("\n"): "\\n",
    ord("\r"): "\\r",
    ord("\t"): "\\t",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def one_line(text: str) -> str:
    """``text`` with line breaks and control characters written as escapes.

    A problem line may quote what the user wrote; a line break or an escape sequence in it
    would split the line or drive the terminal, so it is shown as ``\\n`` or ``\\x1b``.
    """
    return text.translate(_VISIBLE)


class KitError(Exception):
    """Base class: a problem the user can fix, reported without a traceback."""

    exit_code = 1

    def lines(self) -> list[str]:
        """One line per problem, ready to print; a message of several problems gives several."""
        return [one_line(line) for line in str(self).splitlines()] or [""]

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
        return [one_line(f"{self.source}: {problem}") for problem in self.problems]


class UsageError(KitError):
    """Raised when the command line names something that does not exist (a playbook, a file),
    or asks for something the input cannot give; several problems go one to a line."""

    exit_code = 2


class MappingError(ParamsError):
    """Raised when a batch's column mapping cannot be read, or does not fit the table or the
    playbook; each line names the mapping file."""


class BatchError(KitError):
    """Raised when a batch's machinery fails: a worker process died, the cluster went away."""


class TemplateError(KitError):
    """Raised when a Word template is missing, unreadable, or uses a variable the kit lacks."""


class RegistryError(KitError):
    """Raised when an installed playbook's registration cannot be loaded or contradicts another."""


class PlaybookError(KitError):
    """Raised when a notebook fails while papermill executes it; names the failing cell."""


class ConversionError(KitError):
    """Raised when LibreOffice is missing, fails or hangs while turning a document into a PDF."""


class Interrupted(KitError):
    """Raised when ``kit run`` receives SIGINT (Ctrl-C) or SIGTERM: the run has stopped its
    kernel and removed its staging folder. The exit code follows the shell's convention,
    128 plus the signal's number: 130 for Ctrl-C, 143 for SIGTERM."""

    def __init__(self, signum: int) -> None:
        self.signum = signum
        self.exit_code = 128 + signum
        import signal  # here, not at the top: its enums cost every quick command a millisecond

        name = signal.Signals(signum).name
        super().__init__(f"interrupted by {name}; the run stopped and left nothing behind")
