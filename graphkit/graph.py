"""The library's :class:`Graph`: the questions (:class:`~graphkit.questions.graph.Questions`)
and ``export``, which writes them out through :mod:`graphkit.interop`.

``export`` lives here, above both, because the export writers read the questions'
answers (and, for the Cypher script, the Neo4j rows): a questions module that imported
them would tie questions, interop and backends into one circle.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()
    >>> isinstance(g, Graph), g.name
    (True, 'memory')
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, overload

from graphkit.questions.graph import Questions

if TYPE_CHECKING:
    from graphkit.questions.results import GraphView, PathsResult, ReachableResult, ReachResult

    Answer = ReachResult | ReachableResult | PathsResult | GraphView

#: What :meth:`Graph.export` writes (``graphkit export --format``).
ExportFormat = Literal["graphml", "gexf", "csv", "cypher", "ftm"]


class Graph(Questions):
    """The questions over one store, and ``export``: what :func:`graphkit.open_graph` returns.

    Example:
        >>> from graphkit.backends.memory import MemoryStore
        >>> from graphkit.ingest.validation import load_seeds
        >>> g = Graph(MemoryStore(load_seeds()))  # what open_graph() does
        >>> g.name, g.resolve("Internal Revenue Service").id
        ('memory', 'irs')
    """

    @overload
    def export(
        self,
        format: ExportFormat,
        path: None = None,
        *,
        as_of: str | dt.date | None = None,
        answer: Answer | None = None,
        force: bool = False,
    ) -> str: ...

    @overload
    def export(
        self,
        format: ExportFormat,
        path: str | os.PathLike[str],
        *,
        as_of: str | dt.date | None = None,
        answer: Answer | None = None,
        force: bool = False,
    ) -> list[Path]: ...

    def export(
        self,
        format: ExportFormat,
        path: str | os.PathLike[str] | None = None,
        *,
        as_of: str | dt.date | None = None,
        answer: Answer | None = None,
        force: bool = False,
    ) -> str | list[Path]:
        """The whole graph with its statuses on ``as_of``, or one ``answer`` (of ``reach``,
        ``reachable``, ``path`` or ``view``), as GraphML, GEXF, CSV, a Cypher script or
        FollowTheMoney entities: what ``graphkit export`` writes.

        With ``path``, writes there (a folder for ``csv``: nodes.csv, links.csv,
        records.csv, sources.csv) and returns the files written, each whole or not at
        all; an existing file is replaced only with ``force``. Without ``path``, returns
        the text (every format but ``csv``). ``cypher`` and ``ftm`` export seed records:
        the memory backend's; ``cypher`` takes the whole graph only. (``graphkit export --format
        neo4j-admin``, the offline importer's files, is :mod:`graphkit.interop.neo4j_admin`.)

        Raises:
            GraphkitError: an unknown format, ``csv`` without a path, ``cypher`` or
                ``ftm`` on Neo4j, ``cypher`` with an answer.

        Example:
            >>> from graphkit import open_graph
            >>> g = open_graph()
            >>> text = g.export("graphml", answer=g.path("irs", "ice", as_of="2025-08-01"))
            >>> 'irs-ice-mou-2025' in text and text.startswith("<?xml")
            True
        """
        from graphkit.interop.graph_export import export_graph

        return export_graph(self, format, path, as_of=as_of, answer=answer, force=force)
