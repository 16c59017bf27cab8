"""The :class:`~graphkit.questions.graph.Questions` methods that are the library face of
another questions module: :meth:`~GraphFaces.diff` and :meth:`~GraphFaces.timeline`
(:mod:`graphkit.questions.changes`). ``export`` is added above the questions, by
:class:`graphkit.graph.Graph`. Every CLI command is something a Graph does.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()
    >>> g.diff("2025-08-01", "2025-12-15", subject="irs-taxpayer-addresses").changes[0].change
    'lost'
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from graphkit.questions.changes import DiffResult, TimelineResult
    from graphkit.questions.graph import Questions


class GraphFaces:
    """Mixed into :class:`~graphkit.questions.graph.Questions`: diff, timeline."""

    def _graph(self) -> Questions:
        """``self``, typed as the Questions it is mixed into (graph.py imports this module)."""
        return cast("Questions", self)

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
