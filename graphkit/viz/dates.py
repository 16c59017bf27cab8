"""A view on every date where it changes: the snapshots behind the page's date slider.

Each snapshot is the scene of the answer asked on that date, with the same question and
the same scene builder as a single-date page (``ask(day)`` is what the CLI asks), so the
page's script only shows what Python computed. The dates are the events (status changes,
start and end dates, last evidence...) of the agreements drawn in the view, as
:meth:`Graph.timeline <graphkit.questions.graph_faces.GraphFaces.timeline>` gives them:
the answer can only change on those dates. Works from the answer types only, so any backend will do.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()
    >>> ask = lambda day: (g.reach("irs-taxpayer-addresses", as_of=day), None)
    >>> t = over_time(g, ask, "2025-08-01")
    >>> t.dates[t.opening], "2025-11-21" in t.dates
    ('2025-08-01', True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.model.dates import parse_as_of
from graphkit.present.citations import Citations
from graphkit.viz.build import scene_for
from graphkit.viz.model import Note, Scene, VizEdge, VizNode, note_of

#: Most dates one page carries; narrow the range (--from, --to) for more.
MAX_SNAPSHOTS = 150

#: ``ask(day)``: the answer on ``day``, the view around it (or None) and, optionally, the
#: most context nodes to draw from that view (:func:`graphkit.viz.build.scene_for`'s args).
Ask = Callable[[str | None], tuple[Any, ...]]


@dataclass
class Event:
    """One dated event of an agreement in the view, as the change strip shows it."""

    agreement: str
    agreement_id: str
    when: str  # the event's date as reported ("2025-06" when only the month is known)
    status: str  # a status, or effective_from, effective_to, last evidenced, term end
    note: str | None
    cites: list[int]


@dataclass
class Tick:
    """A date on the change strip: its events, where it sits (0-100 %), its snapshot."""

    date: str
    position: float
    snapshot: int
    events: list[Event]


@dataclass
class Timeline:
    """The scenes of a view on each date where it changes, and their union."""

    dates: list[str]
    scenes: list[Scene]
    opening: int  # the snapshot the page opens at
    union: Scene  # every node and edge of every date (laid out once)
    notes: list[Note]  # the page's sources, numbered once for every date
    ticks: list[Tick]
    #: The last day the page answers for when ``--to`` was given (it may be after the last
    #: change); None when the range runs to the last event, after which nothing changes.
    through: str | None = None


def _agreements(scene: Scene) -> set[str]:
    ids = {e.agreement_id for e in scene.edges if e.agreement_id}
    ids.update(r.agreement_id for r in scene.reported)
    ids.update(r.agreement_id for r in scene.rows if r.agreement_id)
    return ids


def _events(graph: Any, agreements: set[str], sources: dict[str, Any]) -> dict[str, list[Any]]:
    """Every dated event of these agreements (``timeline`` causes), by day; their sources
    go into ``sources``."""
    by_day: dict[str, list[Any]] = {}
    for ident in sorted(agreements):
        answer = graph.timeline(ident)
        for step in answer.steps:
            by_day.setdefault(step.date, []).extend(step.causes)
        for key, record in answer.sources.items():
            sources.setdefault(key, record)
    return by_day


def _dates(
    events: dict[str, list[Any]], start: dt.date | None, end: dt.date | None, opening: dt.date
) -> tuple[list[str], dt.date, dt.date]:
    days = sorted(dt.date.fromisoformat(d) for d in events)
    first = start or (days[0] if days else opening)
    last = end or (days[-1] if days else opening)
    if last < first:
        raise GraphkitError(f"--to {last} is before --from {first}", "to")
    # The page opens on the date asked: a snapshot of its own when no event falls on it.
    chosen = {first, opening} | {d for d in days if first < d <= last}
    return [d.isoformat() for d in sorted(chosen)], first, last


def over_time(
    graph: Any,
    ask: Ask,
    as_of: str | dt.date | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
) -> Timeline:
    """Ask ``ask(day)`` on every date where the view changes between ``start`` and ``end``
    (default: the first and last events of the agreements in the view)."""
    opening = parse_as_of(as_of)
    first = parse_as_of(start, "from") if start is not None else None
    last = parse_as_of(end, "to") if end is not None else None
    scenes: dict[str, Scene] = {}
    scenes[opening.isoformat()] = scene_for(*ask(opening.isoformat()))
    seen: set[str] = set()
    events: dict[str, list[Any]] = {}
    sources: dict[str, Any] = {}
    for _round in range(4):  # agreements that appear on other dates bring their own events
        agreements = set().union(*(_agreements(s) for s in scenes.values())) - seen
        if not agreements:
            break
        seen |= agreements
        for day, causes in _events(graph, agreements, sources).items():
            events.setdefault(day, []).extend(causes)
        dates, lo, hi = _dates(events, first, last, opening)
        if len(dates) > MAX_SNAPSHOTS:
            raise GraphkitError(
                f"the view changes on {len(dates)} dates between {lo} and {hi}; "
                f"narrow the range with --from and --to (at most {MAX_SNAPSHOTS} dates)"
            )
        for day in dates:
            if day not in scenes:
                scenes[day] = scene_for(*ask(day))
    dates, lo, hi = _dates(events, first, last, opening)
    ordered = [scenes[d] if d in scenes else scene_for(*ask(d)) for d in dates]
    at = dates.index(opening.isoformat())
    notes = _renumber(ordered, at, sources)
    ticks = _ticks(events, dates, lo, hi, notes)
    through = hi.isoformat() if last is not None else None
    return Timeline(dates, ordered, at, _union(ordered, at), notes.listed_notes, ticks, through)


class _PageNotes:
    """One numbering of sources for every date (the opening date's numbers first): the
    notes each scene lists, renumbered by one :class:`Citations`."""

    def __init__(self, sources: dict[str, Any]) -> None:
        self.numbers = Citations(sources)
        self.by_id: dict[str, Note] = {}

    def take(self, note: Note) -> int:
        self.by_id.setdefault(note.id, note)
        return self.numbers.number([note.id])[0]

    @property
    def listed_notes(self) -> list[Note]:
        return [
            replace(self.by_id[i], number=n) if i in self.by_id else note_of(n, i, record)
            for n, i, record in self.numbers.cited()
        ]


def _renumber(scenes: list[Scene], first: int, sources: dict[str, Any]) -> _PageNotes:
    """Renumber every scene's citations into one list for the page (new lists, never
    mutated: a hop and its edge may share one)."""
    page = _PageNotes(sources)
    for index in [first, *(i for i in range(len(scenes)) if i != first)]:
        scene = scenes[index]
        to = {note.number: page.take(note) for note in scene.notes}

        def new(numbers: list[int], to: dict[int, int] = to) -> list[int]:
            return list(dict.fromkeys(to[n] for n in numbers if n in to))

        for node in scene.nodes.values():
            node.cites = new(node.cites)
        for edge in scene.edges:
            edge.cites = new(edge.cites)
        for group in scene.groups:
            for path in group.paths:
                for hop in path.hops:
                    hop.cites = new(hop.cites)
        for row in scene.rows:
            row.cites = new(row.cites)
        for item in scene.reported:
            item.cites = new(item.cites)
    for scene in scenes:
        scene.notes = []  # the page lists ``page.listed_notes`` once
    return page


def _union(scenes: list[Scene], first: int) -> Scene:
    """Every node and edge of every date, each as first seen from the opening date: what
    the layout places once, and what the legend explains."""
    nodes: dict[str, VizNode] = {}
    edges: dict[str, VizEdge] = {}
    on_path: set[str] = set()
    roles: dict[str, str] = {}
    rank = {"context": 0, "path": 1, "subject": 2}
    for scene in [scenes[first], *scenes]:
        for node in scene.nodes.values():
            if node.id not in nodes:  # (a copy only when first seen)
                nodes[node.id] = replace(node)
            if rank.get(node.role, 0) > rank.get(roles.get(node.id, "context"), 0):
                roles[node.id] = node.role
        for edge in scene.edges:
            if edge.id not in edges:
                edges[edge.id] = replace(edge)
            if edge.on_path:
                on_path.add(edge.id)
    for ident, node in nodes.items():
        node.role = roles.get(ident, node.role)
    for ident, edge in edges.items():
        edge.on_path = ident in on_path
    roots = list(dict.fromkeys(r for s in scenes for r in s.roots if r in nodes))
    return replace(scenes[first], nodes=nodes, edges=list(edges.values()), roots=roots)


def _ticks(
    events: dict[str, list[Any]], dates: list[str], lo: dt.date, hi: dt.date, notes: _PageNotes
) -> list[Tick]:
    span = max((hi - lo).days, 1)
    ticks = []
    for day in sorted(events):
        when = dt.date.fromisoformat(day)
        if not lo <= when <= hi:
            continue
        snapshot = max((i for i, d in enumerate(dates) if d <= day), default=0)
        seen: set[tuple[str, str, str]] = set()
        items = []
        for cause in sorted(events[day], key=lambda c: (c.agreement.id, c.status, c.date)):
            key = (cause.agreement.id, cause.status, cause.date)
            if key in seen:
                continue
            seen.add(key)
            items.append(
                Event(
                    cause.agreement.name,
                    cause.agreement.id,
                    cause.date,
                    cause.status,
                    cause.note,
                    notes.numbers.number(cause.sources),
                )
            )
        position = round(100 * (when - lo).days / span, 2)
        ticks.append(Tick(day, position, snapshot, items))
    return ticks
