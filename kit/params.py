"""Read a YAML parameters file into its typed model, or fail with one line per problem.

This is the single entry point the CLI and every notebook use, so a file that ``kit check``
accepts is exactly a file the playbooks can run.

The reader refuses, before any model sees the data, what YAML itself lets through: a key given
twice in one mapping (YAML keeps the last one silently, so a typo would win), a file over
:data:`SIZE_LIMIT` (read with the cap, never whole), nesting over :data:`DEPTH_LIMIT` levels or
deeper than the file's kind allows, and aliases that expand past :data:`VALUE_LIMIT` values.
"""

from __future__ import annotations

import types
from functools import cache
from pathlib import Path
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from kit import registry
from kit.errors import ParamsError

M = TypeVar("M", bound=BaseModel)

SIZE_LIMIT = 1_000_000
"""Bytes. The bundled examples are about 10 kB; a megabyte is a mistake or an attack."""
DEPTH_LIMIT = 32
"""Nesting the YAML reader accepts at all, whatever the kind; the deepest kind the kit ships
nests five levels. The kind's own limit is checked once the kind is known."""
VALUE_LIMIT = 100_000
"""Values a file may hold once its aliases (``*name``) are expanded: a few aliases that refer
to each other can otherwise stand for billions of values."""


try:
    from yaml.cyaml import CParser as _Events
except ImportError:  # PyYAML built without libyaml: the same reading, in pure Python
    _Base: type = yaml.SafeLoader
else:

    class _Base(Composer, _Events, SafeConstructor, Resolver):  # type: ignore[no-redef]
        """libyaml scans and parses (a sixth of the pure-Python time, which was most of
        ``kit check``); composing stays in Python, so the depth limit below still applies."""

        def __init__(self, stream: str) -> None:
            _Events.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)


class _Loader(_Base):
    """Safe YAML that leaves dates as text, so pydantic reports a bad date with its field path,
    and that stops composing past :data:`DEPTH_LIMIT` levels instead of exhausting the stack."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self.depth += 1
        try:
            if self.depth > DEPTH_LIMIT:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nested more than {DEPTH_LIMIT} levels deep",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        """A whole number too long for Python's text-to-int limit names its line."""
        try:
            return super().construct_yaml_int(node)
        except ValueError as exc:
            raise yaml.constructor.ConstructorError(
                None, None, f"a number of {len(node.value)} digits is too long", node.start_mark
            ) from exc


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)


def load(path: str | Path, expected: type[M] | None = None) -> M:
    """Validate ``path`` and return its model; ``expected`` pins the model a playbook needs."""
    path = Path(path)
    return validate(read(path), str(path), expected, base_dir=path.parent)


def validate(
    data: dict[str, Any],
    source: str,
    expected: type[M] | None = None,
    *,
    base_dir: Path | None = None,
) -> M:
    """Validate parsed parameters (a file, a batch row, a form's state) into their model.

    ``source`` names where the data came from in every problem line, so a batch row or a
    form reports exactly what ``kit check`` would. ``base_dir`` is where relative file paths
    in the data (a logo) are found: the parameters file's folder.
    """
    if not isinstance(data, dict):
        raise ParamsError(source, ["the parameters must be a mapping of field: value"])
    kind = data.get("kind")
    kinds = registry.kinds()
    if not isinstance(kind, str) or kind not in kinds:
        known = ", ".join(sorted(kinds))
        raise ParamsError(source, [f"kind: expected one of {known} (got {kind!r})"])
    model = kinds[kind].load()
    if expected is not None and model is not expected:
        wanted = next((name for name, k in kinds.items() if k.load() is expected), "?")
        raise ParamsError(source, [f"kind: this playbook needs a '{wanted}' file (got '{kind}')"])
    too_deep = _too_deep(data, _depth_of(model))
    if too_deep:
        raise ParamsError(source, [too_deep])
    try:
        params = model.model_validate(data, context={"base_dir": base_dir})
    except ValidationError as exc:
        raise ParamsError(source, [_describe(error) for error in exc.errors()]) from exc
    problems = params.reference_problems() if hasattr(params, "reference_problems") else []
    if problems:
        raise ParamsError(source, problems)
    return params


def read(path: Path) -> dict[str, Any]:
    """A parameters file's data as the kit reads it (with every YAML check), not yet validated:
    for a batch's base file and a mapping file, which are merged or read before validation."""
    source = str(path)
    try:
        with path.open("rb") as stream:
            raw = stream.read(SIZE_LIMIT + 1)
    except FileNotFoundError as exc:
        raise ParamsError(source, ["file not found"]) from exc
    except OSError as exc:
        raise ParamsError(source, [f"cannot read file ({exc.strerror or exc})"]) from exc
    if len(raw) > SIZE_LIMIT:
        raise ParamsError(
            source, [f"file is larger than {SIZE_LIMIT:,} bytes, the limit for parameters"]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParamsError(
            source, [f"not UTF-8 text: byte 0x{raw[exc.start]:02x} at offset {exc.start}"]
        ) from exc
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        problems = _node_problems(node) if node is not None else []
        if problems:
            raise ParamsError(source, problems)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise ParamsError(source, [f"{where}invalid YAML: {problem}"]) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise ParamsError(source, ["the file must be a YAML mapping of field: value"])
    return data


Where = tuple[Any, str | int] | None
"""A node's place in the file as a chain of (parent's place, key or index); spelt out as
``plan.phases[2].name`` only when a problem names it, so a clean file builds no paths."""


def _spelt(where: Where) -> str:
    steps: list[str | int] = []
    while where is not None:
        where, step = where
        steps.append(step)
    path = ""
    for step in reversed(steps):
        path += f"[{step}]" if isinstance(step, int) else (f".{step}" if path else step)
    return path or "(file)"


def _node_problems(root: yaml.Node) -> list[str]:
    """Keys given twice, and aliases that refer to themselves or expand past the limit.

    Works on the composed node graph, where an alias is the very node it names, so each node
    is looked at once and its expanded size is summed without expanding anything.
    """
    problems: list[str] = []
    size: dict[int, int] = {}
    pending: list[tuple[yaml.Node, Where, bool]] = [(root, None, False)]
    open_nodes: set[int] = set()
    while pending:
        node, where, children_done = pending.pop()
        key = id(node)
        if children_done:
            open_nodes.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            if size[key] > VALUE_LIMIT:
                return [f"{_spelt(where)}: aliases expand to more than {VALUE_LIMIT:,} values"]
            continue
        if key in size:
            continue
        if isinstance(node, yaml.ScalarNode):
            size[key] = 1
            continue
        if key in open_nodes:
            line = node.start_mark.line + 1
            return [f"{_spelt(where)}: the alias on line {line} refers to itself"]
        open_nodes.add(key)
        pending.append((node, where, True))
        if isinstance(node, yaml.MappingNode):
            problems += _duplicate_keys(node, where)
            for name, value in node.value:
                step = name.value if isinstance(name, yaml.ScalarNode) else "?"
                pending += [(name, where, False), (value, (where, step), False)]
        else:
            pending += [(child, (where, i), False) for i, child in enumerate(node.value)]
    return problems


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    return node.value if isinstance(node, yaml.SequenceNode) else []


def _duplicate_keys(node: yaml.MappingNode, where: Where) -> list[str]:
    """``customer.name: key given twice (lines 4 and 9)``; YAML's merge key ``<<`` is exempt."""
    first: dict[str, int] = {}
    problems = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode) or key.tag == "tag:yaml.org,2002:merge":
            continue
        line = key.start_mark.line + 1
        if key.value in first:
            problems.append(
                f"{_spelt((where, key.value))}: key given twice (lines {first[key.value]} and "
                f"{line}); YAML would keep the last one without a word"
            )
        else:
            first[key.value] = line
    return problems


@cache
def _depth_of(model: Any) -> int:
    """How many mappings and lists deep a file of this model can nest."""
    return _annotation_depth(model, frozenset())


def _annotation_depth(annotation: Any, seen: frozenset[type]) -> int:
    origin = get_origin(annotation)
    if origin is Annotated:
        return _annotation_depth(get_args(annotation)[0], seen)
    if origin in (Union, types.UnionType):
        return max(_annotation_depth(arg, seen) for arg in get_args(annotation))
    if origin in (list, tuple, set, frozenset, dict):
        args = [arg for arg in get_args(annotation) if arg is not Ellipsis]
        return 1 + max((_annotation_depth(arg, seen) for arg in args), default=0)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in seen:
            return DEPTH_LIMIT
        inner = seen | {annotation}
        fields = annotation.model_fields.values()
        return 1 + max((_annotation_depth(f.annotation, inner) for f in fields), default=0)
    return 0


def _too_deep(data: Any, allowed: int) -> str | None:
    """The first place ``data`` nests deeper than ``allowed`` containers, as a problem line."""
    pending: list[tuple[Any, str, int]] = [(data, "", 1)]
    while pending:
        value, path, depth = pending.pop()
        if isinstance(value, dict):
            items = [(f"{path}.{k}" if path else str(k), v) for k, v in value.items()]
        elif isinstance(value, list):
            items = [(f"{path}[{i}]", v) for i, v in enumerate(value)]
        else:
            continue
        if depth > allowed:
            return f"{path or '(file)'}: nested deeper than this kind of file allows ({allowed})"
        pending += [(child, child_path, depth + 1) for child_path, child in items]
    return None


def _model_names() -> frozenset[str]:
    """Class names pydantic puts in an error location for a union branch.

    Walked afresh for each report: models are imported as playbooks need them, so a list made
    before a kind was loaded would miss its union branches."""
    found: set[str] = set()
    pending = list(BaseModel.__subclasses__())
    while pending:
        cls = pending.pop()
        found.add(cls.__name__)
        pending += cls.__subclasses__()
    return frozenset(found)


def format_location(loc: tuple[Any, ...]) -> str:
    """``('requirements', 2, 'priority')`` becomes ``requirements[2].priority``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif "[" in str(part) or str(part) in _model_names():
            continue  # union branch or validator names, not fields the user wrote
        else:
            text += f".{part}" if text else str(part)
    return text or "(file)"


def _describe(error: dict[str, Any]) -> str:
    message = error["msg"].removeprefix("Value error, ").removeprefix("Assertion failed, ")
    where = format_location(error["loc"])
    value = error.get("input")
    if error["type"] not in {"missing", "extra_forbidden"} and isinstance(value, str | int | float):
        shown = value if not isinstance(value, str) or len(value) <= 40 else value[:37] + "..."
        if "(got " not in message and f"'{value}" not in message:  # not quoted already
            message += f" (got {shown!r})"
    return f"{where}: {message}"
