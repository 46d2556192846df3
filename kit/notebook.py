"""A playbook notebook's session: the parameters, the form, the one analysis, the documents.

Every playbook opens with ``ws = Workshop.open(NAME, params_file, out_dir, handoff)``. Its
cells then read ``ws.analysis`` for results, show ``ws.form`` for the workshop and end with
``ws.write()``. Headless, ``kit run`` hands over the parameters it has already checked, so the
file is read once per run, and the analysis is computed once and shared by every cell and the
document.

In JupyterLab the session outlives a Run All: reopening the same file in the same kernel
keeps the form's edits and says so (and whether they are saved), instead of silently putting
the file's values back. A parameters file with problems stops the first cell with one line per
problem, naming the file as the cell does, exactly as ``kit check`` prints them.
"""

from __future__ import annotations

import html
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from kit import document, params, registry
from kit.document import Written
from kit.errors import ParamsError, UsageError
from kit.registry import Playbook
from kit.resources import output_dir
from kit.tables import Lines, escape

HEADLESS_FORM = Lines(
    [
        "Workshop form: open this notebook in JupyterLab to change the values together; "
        "this run used the parameters file as it stands."
    ]
)
WORKSHOP_LABEL = "-workshop"
"""Marks documents and parameter files written from a form's edited values."""


@dataclass
class Workshop:
    """One playbook's parameters and analysis inside a notebook."""

    playbook: Playbook
    source: Path | None
    loaded: Any
    """The parameters as read from the file; ``params`` differs once the form edits them."""
    out_dir: Path | None = None
    draft: bool = False
    templates: tuple[Path, ...] = ()
    headless: bool = False
    params: Any = None
    _analysis: Any = field(default=None, repr=False)
    _analysed: Any = field(default=None, repr=False)
    _form: Any = field(default=None, repr=False)
    _saved_to: Path | None = None
    _saved_params: Any = field(default=None, repr=False)

    _open: ClassVar[dict[tuple[str, Path], Workshop]] = {}

    def __post_init__(self) -> None:
        if self.params is None:
            self.params = self.loaded

    @classmethod
    def open(
        cls,
        name: str,
        params_file: str | os.PathLike[str],
        out_dir: str | os.PathLike[str] | None = None,
        handoff: str | os.PathLike[str] | None = None,
    ) -> Workshop:
        """The session for ``params_file``; under ``kit run``, ``handoff`` holds the checked
        parameters so the file is not parsed again."""
        playbook = registry.get(name)
        source = Path(params_file).resolve()
        out = Path(out_dir) if out_dir else None
        if handoff:
            given = pickle.loads(Path(handoff).read_bytes())
            return cls(playbook, source, given.params, out, given.draft, given.templates, True)
        key = (name, source)
        kept = cls._open.get(key)
        if kept is not None and kept.edited:
            kept.out_dir = out
            _notice(kept._kept_note(source))
            return kept
        named = os.fspath(params_file)
        try:
            loaded = params.load(source, playbook.model())
        except ParamsError as exc:  # named as the cell names it, as `kit check` would print it
            raise ParamsError(named, exc.problems) from exc
        playbook.check_requirements(loaded, named)
        session = cls(playbook, source, loaded, out)
        cls._open[key] = session
        return session

    # --- state ---------------------------------------------------------------------------------

    @property
    def edited(self) -> bool:
        return self.params != self.loaded

    def changes(self) -> str:
        before = _leaves(self.loaded.model_dump(mode="json"))
        after = _leaves(self.params.model_dump(mode="json"))
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        shown = ", ".join(changed[:4]) + (", ..." if len(changed) > 4 else "")
        return f"{len(changed)} field{'s' if len(changed) != 1 else ''}: {shown}"

    def _kept_note(self, source: Path) -> str:
        """What a rerun says when it keeps the form's edits instead of reading ``source``
        again: which fields differ, and whether they are saved anywhere yet."""
        head = f"Kept the form's edits to {source.name} ({self.changes()})"
        if self._saved_to is not None and self._saved_params is self.params:
            return (
                f"{head}, saved as {self._saved_to.name}. "
                "Press 'Reset to file' to go back to the file."
            )
        return (
            f"{head}; they are not saved. Press 'Reset to file' to go back to the file, "
            "or 'Save parameters' to keep them."
        )

    @property
    def analysis(self) -> Any:
        """The analysis of the current parameters, computed once per distinct state."""
        if self._analysed is not self.params:
            self._analysis = self.playbook.analysis(self.params)
            self._analysed = self.params
        return self._analysis

    def update(self, new_params: Any) -> None:
        """Take parameters the form has validated."""
        self.params = new_params

    def reset(self) -> None:
        self.params = self.loaded

    # --- the form ----------------------------------------------------------------------------

    @property
    def form(self) -> Any:
        """The workshop form's widget; built once per session.

        A headless run (``kit run``) has nobody to move a slider, and a notebook file cannot
        keep live widgets: it shows a line saying so instead of building the form.
        """
        if self.playbook.form is None:
            raise UsageError(f"playbook {self.playbook.name} has no form")
        if self.headless:
            return HEADLESS_FORM
        if self._form is None:
            self._form = registry.load_attribute(self.playbook.form)(self)
        return self._form.widget

    # --- files ---------------------------------------------------------------------------------

    def default_save_path(self) -> Path:
        folder = self.source.parent if self.source else Path.cwd()
        stem = self.source.stem if self.source else self.params.id
        return folder / f"{stem}{WORKSHOP_LABEL}.yaml"

    def save(self, path: Path, *, replace: bool = False) -> Path:
        """Write the current parameters as YAML that ``kit check`` accepts."""
        import yaml

        path = path.expanduser().resolve()
        if path == self.source and not replace:
            raise UsageError(
                f"{path}: this is the source file; tick 'replace an existing file' to overwrite it"
            )
        if path.exists() and path != self._saved_to and not replace:
            raise UsageError(f"{path}: exists; tick 'replace an existing file' to overwrite it")
        from kit.render import write_atomic

        text = yaml.safe_dump(
            self.params.model_dump(mode="json"), sort_keys=False, allow_unicode=True, width=100
        )
        write_atomic(path, text.encode("utf-8"))
        self._saved_to, self._saved_params = path, self.params
        return path

    def write(self) -> WriteResult:
        """Write the playbook's documents for the current parameters.

        Documents built from edited values carry ``-workshop`` in their name, so they are
        never mistaken for the ones the file produces headless.
        """
        label = WORKSHOP_LABEL if self.edited else ""
        out = output_dir(self.params.id, self.out_dir)
        written = document.write(
            self.playbook,
            self.analysis,
            out,
            templates=self.templates,
            draft=self.draft,
            label=label,
        )
        if self.headless:
            from kit.runner import write_outcome

            write_outcome(out, written.gate, written.withheld)
        return WriteResult(written)


@dataclass(frozen=True)
class WriteResult:
    """What ``Workshop.write`` wrote, shown as links in JupyterLab and as lines elsewhere."""

    written: Written

    def lines(self) -> list[str]:
        lines = [f"wrote {path.name}" for path in self.written.files]
        gate = self.written.gate
        if gate is not None and gate.decision != "pass":
            lines.append(f"{gate.name}: {_DECISIONS[gate.decision]}")
            lines += [f"  {line}" for line in gate.lines]
        lines += [
            f"withheld {name}: fix the gaps above, or write a draft"
            for name in self.written.withheld
        ]
        return lines

    def __repr__(self) -> str:
        return "\n".join(self.lines())

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))

    def _repr_html_(self) -> str:
        here = Path.cwd()
        links = [
            f"<li><a href='{html.escape(_relative(path, here))}' download>"
            f"{escape(path.name)}</a></li>"
            for path in self.written.files
        ]
        notes = [escape(line) for line in self.lines() if not line.startswith("wrote ")]
        body = f"<ul style='margin:2px 0'>{''.join(links)}</ul>"
        if notes:
            body += "<pre style='color:#8a5a00'>" + "\n".join(notes) + "</pre>"
        return body


_DECISIONS = {
    "pass": "approved",
    "edits": "approve with edits; make these edits before sending",
    "fail": "review failed; the customer document is not written",
}


def _relative(path: Path, here: Path) -> str:
    try:
        return os.path.relpath(path, here)
    except ValueError:  # another drive on Windows
        return str(path)


def _leaves(data: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(data, dict):
        found: dict[str, Any] = {}
        for key, value in data.items():
            found |= _leaves(value, f"{prefix}.{key}" if prefix else str(key))
        return found
    if isinstance(data, list):
        found = {}
        for index, value in enumerate(data):
            found |= _leaves(value, f"{prefix}[{index}]")
        return found or {prefix: data}
    return {prefix: data}


def _notice(text: str) -> None:
    from IPython.display import HTML, display

    display(HTML(f"<p style='color:#8a5a00'><b>Note:</b> {escape(text)}</p>"))
