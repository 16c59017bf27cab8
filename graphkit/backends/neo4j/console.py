"""Run a user's Cypher safely: read-only, parameters parsed, errors made readable.

Example (needs a running Neo4j):
    >>> run_read_only(driver, "neo4j", "RETURN $x AS x", ["x=1"])  # doctest: +SKIP
    (['x'], [{'x': 1}])
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from graphkit.errors import GraphkitError


def parse_params(items: Iterable[str]) -> dict[str, Any]:
    """``NAME=VALUE`` pairs to a dict; VALUE is JSON when it parses, else text.

    Example:
        >>> parse_params(["id=ice", "n=3", 'ids=["a","b"]'])
        {'id': 'ice', 'n': 3, 'ids': ['a', 'b']}
    """
    out: dict[str, Any] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip().isidentifier():
            raise GraphkitError(f"--param {item!r} is not NAME=VALUE; e.g. --param id=ice")
        try:
            out[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[name.strip()] = value
    return out


def _plain(value: Any) -> Any:
    """Neo4j values as JSON-ready data (nodes and relationships as their properties)."""
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "nodes") and hasattr(value, "relationships"):
        return {
            "nodes": [_plain(n) for n in value.nodes],
            "relationships": [_plain(r) for r in value.relationships],
        }
    if hasattr(value, "items") and hasattr(value, "element_id"):
        props = {k: _plain(v) for k, v in value.items()}
        if hasattr(value, "start_node"):  # a relationship: say what it is and joins
            ends = {
                "start": value.start_node.get("id") if value.start_node else None,
                "end": value.end_node.get("id") if value.end_node else None,
            }
            return {"type": value.type, **ends, "properties": props}
        return props
    if hasattr(value, "iso_format"):
        return value.iso_format()
    return value


def run_read_only(
    driver: Any, database: str, query: str, params: Iterable[str] | dict[str, Any]
) -> tuple[list[str], list[dict]]:
    """Run ``query`` in a read transaction: the server refuses any write."""
    import neo4j
    from neo4j import exceptions

    values = params if isinstance(params, dict) else parse_params(params)

    def work(tx: Any) -> tuple[list[str], list[dict]]:
        result = tx.run(query, values)
        keys = list(result.keys())
        return keys, [{k: _plain(record[k]) for k in keys} for record in result]

    try:
        with driver.session(database=database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.execute_read(work)
    except exceptions.Neo4jError as exc:
        code = exc.code or ""
        if "Forbidden" in code or "AccessMode" in code or "write" in (exc.message or "").lower():
            raise GraphkitError(
                f"refused: graphkit cypher runs read-only queries ({exc.message}). "
                "Use `graphkit load` to change the data."
            ) from None
        raise GraphkitError(f"Cypher error {code}: {exc.message}") from None
    except exceptions.DriverError as exc:
        raise GraphkitError(f"Neo4j connection failed: {type(exc).__name__}: {exc}") from None
