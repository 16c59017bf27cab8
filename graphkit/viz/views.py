"""The visualizer's library API: ask the graph a question, get a page.

Each function calls only the public :class:`~graphkit.questions.graph.Backend` questions
(``reach``, ``reachable``, ``path``, ``view``), so it works on any backend.

Example:
    >>> from graphkit import open_graph
    >>> page = reach_view(open_graph("tests/graphs/edge"), "d1", as_of="2020-03-15")
    >>> path = page.save("/tmp/graphkit-reach-d1.html")      # doctest: +SKIP
    >>> page.view, page.default_filename()
    ('reach', 'graphkit-reach-d1.html')
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from graphkit.errors import GraphkitError
from graphkit.questions.results import GraphView, ViewEdge
from graphkit.viz.build import scene_for
from graphkit.viz.dates import Ask, over_time
from graphkit.viz.page import VizPage, render_scene
from graphkit.viz.scene import CONTEXT_LIMIT, CONTEXT_MAX

Date = str | dt.date | None


def _page(graph: Any, ask: Ask, as_of: Date, time: tuple[bool, Date, Date]) -> VizPage:
    """The page opening on ``as_of``; with the slider (``time[0]``), carrying every date
    where the view changes between ``time[1]`` and ``time[2]`` (default: the first and
    last events of its agreements)."""
    slider, start, end = time
    if not slider:
        return page_for(*ask(None if as_of is None else str(as_of)))
    timeline = over_time(graph, ask, as_of, start, end)
    return render_scene(timeline.scenes[timeline.opening], timeline)


def _check_context(context: int, context_max: int = CONTEXT_MAX) -> int:
    """Checks ``--context`` and ``--context-max``; returns the latter as a number (typed
    ``int | str`` only because the CLI passes its filters as ``**dict[str, str]``)."""
    if not 0 <= context <= 3:
        raise GraphkitError(f"--context {context} is out of range; use 0 to 3")
    most = int(context_max)
    if not 0 <= most <= CONTEXT_LIMIT:
        raise GraphkitError(f"--context-max {most} is out of range; use 0 to {CONTEXT_LIMIT}")
    return most


def _merge(views: list[GraphView]) -> GraphView | None:
    if not views:
        return None
    first = views[0]
    nodes = {n.id: n for v in views for n in v.nodes}
    edges: dict[tuple[Any, ...], ViewEdge] = {}
    for v in views:
        for e in v.edges:
            edges[(e.type, e.source, e.target, e.agreement.id if e.agreement else None)] = e
    sources: dict[str, dict[str, Any]] = {}
    for v in views:
        sources.update(v.sources)
    return GraphView(
        question=first.question,
        sources=sources,
        nodes=[nodes[k] for k in sorted(nodes)],
        edges=list(edges.values()),
    )


def page_for(
    answer: Any, context: GraphView | None = None, context_max: int = CONTEXT_MAX
) -> VizPage:
    """The page of an answer already in hand (reach, reachable, path or a view), with an
    optional view around it drawn faded (its ``context_max`` nodes most relevant to the
    answer).

    Example:
        >>> from graphkit import open_graph
        >>> g = open_graph("tests/graphs/edge")
        >>> page_for(g.path("a", "e", as_of="2020-03-15")).view
        'path'
    """
    return render_scene(scene_for(answer, context, context_max))


def reach_view(
    graph: Any,
    dataset: str,
    as_of: Date = None,
    max_hops: int = 4,
    max_paths: int = 5,
    context: int = 1,
    slider: bool = True,
    context_max: int = CONTEXT_MAX,
    date_from: Date = None,
    date_to: Date = None,
    **filters: str,
) -> VizPage:
    """Who can obtain ``dataset`` on a date: each party's paths drawn from the dataset,
    its custodian's other agreements (``context`` links further) faded around them: at
    most ``context_max`` nodes, the most relevant to the answer.

    Example:
        >>> from graphkit import open_graph
        >>> page = reach_view(open_graph("tests/graphs/edge"), "d1", as_of="2020-03-15")
        >>> "Agency F" in page.html
        True
    """
    most = _check_context(context, context_max)

    def ask(day: str | None) -> tuple[Any, GraphView | None, int]:
        answer = graph.reach(dataset, as_of=day, max_hops=max_hops, max_paths=max_paths, **filters)
        around = graph.view(answer.dataset.id, depth=context + 1, as_of=day) if context else None
        return answer, around, most

    return _page(graph, ask, as_of, (slider, date_from, date_to))


def reachable_view(
    graph: Any,
    party: str,
    as_of: Date = None,
    max_hops: int = 4,
    max_paths: int = 5,
    components: bool = True,
    context: int = 1,
    slider: bool = True,
    context_max: int = CONTEXT_MAX,
    date_from: Date = None,
    date_to: Date = None,
    **filters: str,
) -> VizPage:
    """What ``party`` can obtain on a date: each dataset drawn from its custodian to the party.

    Example:
        >>> from graphkit import open_graph
        >>> reachable_view(open_graph("tests/graphs/edge"), "f", as_of="2020-03-15").view
        'reachable'
    """
    most = _check_context(context, context_max)

    def ask(day: str | None) -> tuple[Any, GraphView | None, int]:
        answer = graph.reachable(
            party,
            as_of=day,
            max_hops=max_hops,
            max_paths=max_paths,
            components=components,
            **filters,
        )
        return (
            answer,
            graph.view(answer.party.id, depth=context, as_of=day) if context else None,
            most,
        )

    return _page(graph, ask, as_of, (slider, date_from, date_to))


def path_view(
    graph: Any,
    source: str,
    target: str,
    as_of: Date = None,
    max_hops: int = 4,
    max_paths: int = 10,
    dataset: str | None = None,
    context: int = 1,
    slider: bool = True,
    context_max: int = CONTEXT_MAX,
    date_from: Date = None,
    date_to: Date = None,
    any_data: bool = False,
    **filters: str,
) -> VizPage:
    """How data flows from ``source`` to ``target`` on a date: every chain that carries
    one dataset end to end (with ``any_data``, every chain, labelled), left to right.

    Example:
        >>> from graphkit import open_graph
        >>> path_view(open_graph("tests/graphs/edge"), "a", "f", as_of="2020-03-15").subject
        ['a', 'f']
    """
    most = _check_context(context, context_max)

    def ask(day: str | None) -> tuple[Any, GraphView | None, int]:
        answer = graph.path(
            source,
            target,
            as_of=day,
            max_hops=max_hops,
            max_paths=max_paths,
            dataset=dataset,
            any_data=any_data,
            **filters,
        )
        around = None
        if context:
            around = _merge(
                [
                    graph.view(answer.source.id, depth=context, as_of=day),
                    graph.view(answer.target.id, depth=context, as_of=day),
                ]
            )
        return answer, around, most

    return _page(graph, ask, as_of, (slider, date_from, date_to))


def ego_view(
    graph: Any,
    center: str,
    depth: int = 1,
    as_of: Date = None,
    slider: bool = True,
    date_from: Date = None,
    date_to: Date = None,
) -> VizPage:
    """Everything within ``depth`` links of ``center``, in rings around it.

    Example:
        >>> from graphkit import open_graph
        >>> ego_view(open_graph("tests/graphs/edge"), "a", depth=2, as_of="2020-03-15").nodes > 5
        True
    """
    return _page(
        graph,
        lambda day: (graph.view(center, depth=depth, as_of=day), None),
        as_of,
        (slider, date_from, date_to),
    )


def all_view(
    graph: Any,
    as_of: Date = None,
    slider: bool = True,
    date_from: Date = None,
    date_to: Date = None,
) -> VizPage:
    """The whole graph. Above a few hundred nodes the layout is fixed (no physics).

    Example:
        >>> from graphkit import open_graph
        >>> all_view(open_graph("tests/graphs/edge"), as_of="2020-03-15").default_filename()
        'graphkit-all.html'
    """
    return _page(
        graph,
        lambda day: (graph.view(None, depth=1, as_of=day), None),
        as_of,
        (slider, date_from, date_to),
    )
