"""Queries as text for people: Cypher literals and cypher-shell scripts.

``graphkit ... --show-cypher`` prints each query with its parameters as ``:param``
lines, so that it runs as it is in cypher-shell or Neo4j Browser; the Cypher export
writes its statements the same way.

Example:
    >>> print(shell_script("MATCH (n:Entity {id: $id}) RETURN n", {"id": "irs"}))
    :param id => 'irs'
    MATCH (n:Entity {id: $id}) RETURN n;
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Characters a Cypher string literal must not hold raw: every C0 control character
#: (``\r`` and ``\n`` among them), DEL, NEL (U+0085) and the line and paragraph
#: separators (U+2028, U+2029). cypher-shell ends a statement's line at any line
#: terminator, so a raw one in a name would let the rest of the name run as Cypher.
_UNSAFE_IN_STRING = re.compile("[\x00-\x1f\x7f\x85\u2028\u2029]")


def _escape_string(value: str) -> str:
    """The body of a single-quoted Cypher string: quotes and backslashes escaped, every
    unsafe character as a ``\\uXXXX`` escape (which Cypher reads back as that character).
    """
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return _UNSAFE_IN_STRING.sub(lambda m: f"\\u{ord(m.group()):04x}", escaped)


def literal(value: Any) -> str:
    """A Cypher literal for a parameter value, for ``--show-cypher`` output.

    Example:
        >>> literal({"day": "2025-08-01", "ids": ["a'b", None, 3]})
        "{day: '2025-08-01', ids: ['a\\\\'b', null, 3]}"
    """
    if value is None:
        return "null"
    kind = _TEMPORAL.get(type(value).__name__)
    if kind is not None:  # the driver's (and Python's) dates, times and durations
        text = value.iso_format() if hasattr(value, "iso_format") else value.isoformat()
        return f"{kind}('{_escape_string(str(text))}')"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        return f"'{_escape_string(value)}'"
    if isinstance(value, list | tuple | set):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            name = key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else _quoted_name(key)
            items.append(f"{name}: {literal(item)}")
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as a Cypher literal")


#: Temporal value types by class name (neo4j.time and datetime), and the Cypher function
#: that makes each from its ISO text.
_TEMPORAL = {
    "Date": "date",
    "date": "date",
    "DateTime": "datetime",
    "datetime": "datetime",
    "Time": "time",
    "time": "time",
    "Duration": "duration",
}


def _quoted_name(key: str) -> str:
    """A map key that is not a plain name, backtick-quoted (a backtick in it doubled)."""
    if _UNSAFE_IN_STRING.search(key):
        raise ValueError(f"map key {key!r} holds a control or line-break character")
    return "`" + key.replace("`", "``") + "`"


def shell_script(query: str, params: dict[str, Any]) -> str:
    """The query and its parameters as cypher-shell input: ``:param`` lines, then the query."""
    lines = [f":param {name} => {literal(value)}" for name, value in params.items()]
    return "\n".join([*lines, query.strip() + ";"])
