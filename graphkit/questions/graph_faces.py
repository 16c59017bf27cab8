"""The :class:`~graphkit.questions.graph.Graph` methods that are the library face of other
modules: :meth:`~GraphFaces.diff` and :meth:`~GraphFaces.timeline`
(:mod:`graphkit.questions.changes`) and :meth:`~GraphFaces.export`
(:mod:`graphkit.interop.graph_export`). Every CLI command is something a Graph does.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()
    >>> g.diff("2025-08-01", "2025-12-15", subject="irs-taxpayer-addresses").changes[0].change
    'lost'
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast, overload

if TYPE_CHECKING:
    from graphkit.questions.changes import DiffResult, TimelineResult
    from graphkit.questions.graph import Graph
    from graphkit.questions.results import GraphView, PathsResult, ReachableResult, ReachResult

    Answer = ReachResult | ReachableResult | PathsResult | GraphView

#: What :meth:`GraphFaces.export` writes (``graphkit export --format``).
ExportFormat = Literal["graphml", "gexf", "csv", "cypher", "ftm"]


class GraphFaces:
    """Mixed into :class:`~graphkit.questions.graph.Graph`: diff, timeline, export."""

    def _graph(self) -> Graph:
        """``self``, typed as the Graph it is mixed into (graph.py imports this module)."""
        return cast("Graph", self)

    def diff(
        self,
        from_date: str | dt.date,
        to_date: str | dt.date,
        *,
        subject: str | None = None,
    ) -> DiffResult:
        """Which (party, dataset) pairs appeared, disappeared or changed in evidence between
        two dates, each with the agreement events between the dates that caused it.

        ``subject``: a dataset (who can obtain it), a party (what it can obtain), or None
        for the whole graph. ``graphkit diff`` asks this.

        Example:
            >>> from graphkit import open_graph
            >>> d = open_graph().diff("2025-08-01", "2025-12-15", subject="irs-taxpayer-addresses")
            >>> [(c.party.id, c.change, c.causes[0].date, c.causes[0].status) for c in d.changes]
            [('ice', 'lost', '2025-11-21', 'enjoined')]
        """
        from graphkit.questions.changes import diff

        return diff(self._graph(), from_date, to_date, subject)

    def timeline(self, subject: str) -> TimelineResult:
        """Every dated event that changes who can obtain what about ``subject`` (a dataset,
        a party or an agreement), in order, with who gained and who lost access at each step.
        ``graphkit timeline`` asks this.

        Example:
            >>> from graphkit import open_graph
            >>> t = open_graph().timeline("irs-ice-mou-2025")
            >>> [(s.date, [c.status for c in s.causes]) for s in t.steps][-1]
            ('2025-11-21', ['enjoined'])
        """
        from graphkit.questions.changes import timeline

        return timeline(self._graph(), subject)

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

        return export_graph(self._graph(), format, path, as_of=as_of, answer=answer, force=force)
