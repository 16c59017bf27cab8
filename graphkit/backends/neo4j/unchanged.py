"""Which nodes a bulk reload may leave as they are.

A reload of a large input usually changes few records. A node whose record (its
hash), label and origin (file and line) are what the database already holds is not
rewritten: only its ``load_version`` is set, so the removal at the end (nodes whose
``load_version`` is not this load's) keeps it. Resuming stays exact: nodes an
interrupted load already wrote now match, and are only marked.

Example:
    >>> seen = Unchanged({"a": ("h1", "Agency", "f.yaml", 3)})
    >>> row = {"id": "a", "hash": "h1", "label": "Agency", "origin_file": "f.yaml",
    ...        "origin_line": 3}
    >>> seen.same(row), seen.same({**row, "origin_line": 4})
    (True, False)
    >>> seen.same_record({**row, "origin_line": 4})
    True
"""

from __future__ import annotations

from typing import Any

from graphkit.backends.neo4j import queries as q

State = tuple[Any, Any, Any, Any]


class Unchanged:
    """The database's nodes as a reload compares them: id -> (hash, label, file, line)."""

    def __init__(self, state: dict[str, State] | None = None) -> None:
        self.state = state or {}

    @classmethod
    def read(cls, driver: Any, database: str) -> Unchanged:
        """One read of every graphkit node's state (O(nodes) memory, like the id index)."""
        rows = driver.execute_query(q.ENTITY_STATE, database_=database).records
        return cls({r["id"]: (r["hash"], r["label"], r["file"], r["line"]) for r in rows})

    def same(self, row: dict[str, Any]) -> bool:
        """Whether the node ``row`` would write is already in the database as it is."""
        held = self.state.get(row["id"])
        return held is not None and held == (
            row["hash"],
            row["label"],
            row.get("origin_file"),
            row.get("origin_line"),
        )

    def same_record(self, row: dict[str, Any]) -> bool:
        """Whether the database holds ``row``'s record as it is (its hash and label),
        wherever it now comes from: then the relationships it defines are the same."""
        held = self.state.get(row["id"])
        return held is not None and held[:2] == (row["hash"], row["label"])

    @staticmethod
    def statement(ids: list[str], version: str) -> tuple[str, dict[str, Any]]:
        """Mark the unchanged nodes as part of this load."""
        return q.TOUCH_ENTITIES, {"ids": ids, "version": version}
