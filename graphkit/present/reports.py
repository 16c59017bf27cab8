"""What the commands other than the questions print: a Cypher console's rows, a page
written, a server's status. Each is a small type with one ``to_dict()`` (the shape
``--json`` prints) and one text renderer, registered with the formats. (``validate``
prints :class:`graphkit.tasks.Validation`, the library's own answer.)

Example:
    >>> from graphkit.present.formats import render
    >>> rows = CypherRows(["n"], [{"n": 1}, {"n": "a"}], truncated=False, limit=5)
    >>> print(render(rows))
    n
    -
    1
    a
    (2 rows)
    >>> print(render(rows, "csv"), end="")
    n
    1
    a
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from graphkit.present.registry import rows_of, text_of
from graphkit.present.table import table
from graphkit.present.words import wrote_line


def _columns(answer: CypherRows) -> tuple[str, ...]:
    return tuple(answer.columns)


@dataclass
class CypherRows:
    """The rows a read-only Cypher query returned, at most ``limit``."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool
    limit: int

    @property
    def note(self) -> str:
        return f"first {self.limit} rows; more exist: raise --limit"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "columns": self.columns,
            "rows": self.rows,
            "truncated": self.truncated,
            "limit": self.limit,
        }
        if self.truncated:
            out["note"] = self.note
        return out


@rows_of(CypherRows, columns=_columns)
def cypher_rows(answer: CypherRows) -> list[dict[str, Any]]:
    return answer.rows


def _value(value: Any) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)  # one line per value


@text_of(CypherRows)
def cypher_text(answer: CypherRows) -> str:
    """A table (values that are not text as one-line JSON), then how many rows."""
    keys = answer.columns
    cells = [[_value(r[k]) for k in keys] for r in answer.rows]
    count = f"({answer.note})" if answer.truncated else f"({len(answer.rows)} rows)"
    return table(cells, keys, [60] * len(keys)) + "\n" + count


@dataclass
class PageWritten:
    """A view written to a file: what ``graphkit viz`` says about it."""

    file: str
    view: str
    subject: Any
    nodes: int
    edges: int
    physics: bool
    bytes: int
    dates: list[str]
    embed: str | None = None  # the iframe that embeds it, when asked for

    @classmethod
    def of(cls, page: Any, path: Any, embed: bool) -> PageWritten:
        """The report of ``page`` (a :class:`graphkit.viz.page.Page`) saved at ``path``."""
        return cls(
            file=str(path),
            view=page.view,
            subject=page.subject,
            nodes=page.nodes,
            edges=page.edges,
            physics=page.physics,
            bytes=len(page.html.encode("utf-8")),
            dates=page.stats.get("dates", []),
            embed=page.iframe(path.as_posix()) if embed else None,
        )

    def to_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "embed"}
        if self.embed is not None:
            out["embed"] = self.embed
        return out

    def message(self) -> str:
        """``Wrote FILE (N nodes, M links, K dates A to B).``"""
        dates = self.dates or []
        span = f", {len(dates)} dates {dates[0]} to {dates[-1]}" if len(dates) > 1 else ""
        return wrote_line(self.file, f"{self.nodes} nodes, {self.edges} links{span}") + "."


@text_of(PageWritten)
def page_text(written: PageWritten) -> str:
    """What goes to stdout: the iframe when asked for (the message goes to stderr)."""
    return written.embed or ""


@dataclass
class ServerStatus:
    """Whether the local Neo4j runs: ``running``, ``pid``, ``uri``, ``data_dir``..."""

    info: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        return self.info


@text_of(ServerStatus)
def server_status_text(status: ServerStatus) -> str:
    info = status.info
    if info["running"]:
        text = f"running: pid {info['pid']}, {info['uri']} (data: {info['data_dir']})"
        return text + (f"\nmemory: {info['memory']}" if info.get("memory") else "")
    return f"not running (data: {info['data_dir']})"


def loaded(database: str) -> Callable[[Any], str]:
    """The text of a load's summary: ``Loaded into neo4j: ...``."""
    return lambda summary: f"Loaded into {database}: {summary}"
