"""Read YAML and remember the line of every value, so errors can name it.

Example:
    >>> data, lines = parse_yaml("a:\\n  - x: 1\\n    y: 2\\n", "f.yaml")
    >>> data, lines[("a", 0, "y")]
    ({'a': [{'x': 1, 'y': 2}]}, 3)
"""

from __future__ import annotations

import os
import pathlib
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

Path = tuple[str | int, ...]
LineMap = dict[Path, int]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Aliases (``*name``) may repeat a value; past this many values, and many more than the
#: file writes out, the file is refused (a "billion laughs" file would never finish).
MAX_EXPANDED_VALUES = 1_000_000
#: Seed records nest a few levels deep; far deeper nesting is a broken or hostile file.
MAX_DEPTH = 64
_TOO_DEEP = (
    f"the file is nested too deep (more than {MAX_DEPTH} levels); "
    "check for unclosed brackets or runaway indentation"
)


class YamlProblem(Exception):
    """A YAML file that cannot be read: carries the line and a readable message."""

    def __init__(self, line: int | None, message: str, field: str = "") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


def read_yaml_file(path: str | os.PathLike[str], option: str) -> tuple[Any, LineMap]:
    """A YAML file named by a command's ``option`` (``--datasets``), with its line map.

    Raises GraphkitError when it cannot be read, InputError naming the line when it is
    not YAML.
    """
    from graphkit.errors import GraphkitError, InputError, Problem

    name = str(path)
    try:
        return parse_yaml(pathlib.Path(path).read_text(encoding="utf-8"), name)
    except OSError as exc:
        raise GraphkitError(f"{option}: cannot read {name} ({exc.strerror})") from None
    except YamlProblem as exc:
        raise InputError([Problem(name, exc.line, exc.field, exc.message)]) from None


def parse_yaml(text: str, name: str) -> tuple[Any, LineMap]:
    """Parse YAML text; return the data and a map from each value's path to its line.

    Duplicate keys in a mapping are an error (plain YAML loaders keep the last one silently).
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = exc.problem or "malformed YAML"
        if "nesting depth" in problem:  # libyaml refuses deep nesting with its own words
            raise YamlProblem(line, _TOO_DEEP) from None
        raise YamlProblem(
            line,
            f"malformed YAML: {problem}; check indentation, colons and quotes on this line",
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - defensive
        raise YamlProblem(None, f"malformed YAML: {exc}") from None
    except RecursionError:  # the pure-Python loader recurses; it cannot say where
        raise YamlProblem(None, _TOO_DEEP) from None
    lines: LineMap = {}
    if node is None:
        return None, lines
    return _Converter(lines).convert(node, ()), lines


class _Converter:
    """Turns composed nodes into plain data, noting each value's line.

    An alias (``*name``) repeats a node the file already wrote out; the repeats are
    counted so that nested aliases cannot expand without end.
    """

    def __init__(self, lines: LineMap) -> None:
        self.lines = lines
        self.constructor = SafeConstructor()
        self.seen: set[int] = set()
        self.count = 0

    def convert(self, node: Node, path: Path) -> Any:
        self.count += 1
        if id(node) not in self.seen:
            self.seen.add(id(node))
        elif self.count > MAX_EXPANDED_VALUES and self.count > 10 * len(self.seen):
            raise YamlProblem(
                node.start_mark.line + 1,
                "aliases (*name) repeat values here more than a million times; "
                "write the values out instead of nesting aliases",
            )
        if len(path) > MAX_DEPTH:
            raise YamlProblem(node.start_mark.line + 1, _TOO_DEEP)
        self.lines[path] = node.start_mark.line + 1
        _check_tag(node)
        if isinstance(node, MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                line = key_node.start_mark.line + 1
                if key_node.tag == "tag:yaml.org,2002:merge":
                    raise YamlProblem(
                        line,
                        "merge keys (<<: *name) are not read in seed files; write the fields out",
                    )
                _check_tag(key_node)
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem(line, "a key must be plain text")
                try:
                    key = self.constructor.construct_object(key_node, deep=True)
                except (yaml.YAMLError, ValueError) as exc:
                    raise YamlProblem(line, f"unreadable key: {exc}; write plain text") from None
                if not isinstance(key, str | int | float | bool) and key is not None:
                    raise YamlProblem(line, "a key must be plain text")
                key = str(key)
                if key in result:
                    raise YamlProblem(
                        key_node.start_mark.line + 1,
                        f"duplicate key {key!r} in one mapping; keep one of them",
                        dotted((*path, key)),
                    )
                child = (*path, key)
                result[key] = self.convert(value_node, child)
                self.lines[child] = key_node.start_mark.line + 1
            return result
        if isinstance(node, SequenceNode):
            return [self.convert(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.tag == "tag:yaml.org,2002:timestamp":
            # Dates stay text: the schema reads them (partial dates too) with clear messages.
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError) as exc:
            raise YamlProblem(node.start_mark.line + 1, f"unreadable value: {exc}") from None


def _check_tag(node: Node) -> None:
    """Refuse application tags (``!foo``): seed files are plain data."""
    if not node.tag.startswith("tag:yaml.org,2002:"):
        raise YamlProblem(
            node.start_mark.line + 1,
            f"the tag {node.tag!r} is not read in seed files; remove it and write plain values",
        )


def dotted(path: Path) -> str:
    """A value's path as a field name: ``steps[2].nodes[0]`` for ``("steps", 2, "nodes", 0)``.

    Example:
        >>> dotted(("steps", 2, "nodes", 0)), dotted(("view", "dataset"))
        ('steps[2].nodes[0]', 'view.dataset')
    """
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def line_of(lines: LineMap, path: Path) -> int | None:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        path = path[:-1]
