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


def literal(value: Any) -> str:
    """A Cypher literal for a parameter value, for ``--show-cypher`` output.

    Example:
        >>> literal({"day": "2025-08-01", "ids": ["a'b", None, 3]})
        "{day: '2025-08-01', ids: ['a\\\\'b', null, 3]}"
    """
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n")
        return f"'{escaped}'"
    if isinstance(value, list | tuple | set):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        items = []
        for key, item in value.items():
            name = key if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key) else f"`{key}`"
            items.append(f"{name}: {literal(item)}")
        return "{" + ", ".join(items) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as a Cypher literal")


def shell_script(query: str, params: dict[str, Any]) -> str:
    """The query and its parameters as cypher-shell input: ``:param`` lines, then the query."""
    lines = [f":param {name} => {literal(value)}" for name, value in params.items()]
    return "\n".join([*lines, query.strip() + ";"])
