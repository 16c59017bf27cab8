"""Describing one entity (``show``) and a neighbourhood (``view``), as pure functions
of records.

Example:
    >>> from graphkit import open_graph
    >>> open_graph().show("irs").related[0].kind
    'agency'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from graphkit.model.schema import VIA_ROLES, Agreement, Entity
from graphkit.model.semantics import status_on
from graphkit.questions.explain import (
    agreement_extras,
    agreement_on_date,
    citations_in,
    ids_in,
    kind_of,
    name_of,
    ref,
    source_map,
    sources_in,
)
from graphkit.questions.results import Ref, ShowResult, TimelineEvent, ViewEdge, ViewNode
from graphkit.questions.standing import standing_on
from graphkit.questions.store import RawEdge, Record, Store


def show_result(
    entity: Ref,
    record: Entity,
    names: Mapping[str, Record],
    related: set[str],
    origin: dict[str, Any] | None,
    sources: dict[str, dict[str, Any]],
    day: dt.date | None = None,
) -> ShowResult:
    """An entity with every claim about it; an agreement also with its status timeline,
    its status today and its graded status on ``day`` (default today)."""
    shown = ShowResult(
        entity=entity,
        record=record.model_dump(mode="json", exclude_none=True),
        names={i: name_of(r) for i, r in names.items()},
        related=[
            ref(names[i])
            for i in sorted(
                related, key=lambda i: (kind_of(names[i]), name_of(names[i]).casefold())
            )
        ],
        origin=origin,
        sources=sources,
    )
    if isinstance(record, Agreement):
        shown.timeline = [
            TimelineEvent(str(e.date), e.status, e.by, e.note, list(e.sources))
            for e in record.status
        ]
        today = status_on(record, dt.date.today())
        shown.status_today = {"status": today.status, "since": today.since}
        shown.status_on = standing_on(record, day or dt.date.today())
    return shown


def view_parts(
    node_ids: set[str], raw_edges: list[RawEdge], records: Mapping[str, Record], day: dt.date
) -> tuple[list[ViewNode], list[ViewEdge], set[str]]:
    """The nodes and edges to draw, each flow with its agreement on ``day``, and the ids of
    the sources they cite."""
    cited: set[str] = set()
    nodes = []
    for ident in sorted(node_ids):
        record = records[ident]
        assert isinstance(record, Entity)
        cited.update(record.sources)
        nodes.append(
            ViewNode(
                record.id,
                record.name,
                kind_of(record),
                getattr(record, "kind", None),
                list(record.sources),
            )
        )
    edges = []
    for source, target, rel, agreement_id in sorted(
        raw_edges, key=lambda e: (e[2], e[0], e[1], e[3] or "")
    ):
        if agreement_id is None:
            edges.append(ViewEdge(source, target, rel))
            continue
        ag = records[agreement_id]
        assert isinstance(ag, Agreement)
        shown, state = agreement_on_date(ag, day)
        cited.update(shown.sources)
        edges.append(
            ViewEdge(
                source,
                target,
                rel,
                agreement=shown,
                datasets=sorted(ag.datasets),
                via=[p.party for p in ag.parties if p.role in VIA_ROLES],
                carries=state.carries,
            )
        )
    return nodes, edges, cited


def source_show(store: Store, entity: Ref) -> ShowResult:
    """A source, and every claim that cites it: each record, and the places in it (the
    record itself, a claim, a status event, an amount, its last evidence or term end).

    Example:
        >>> from graphkit import open_graph
        >>> shown = open_graph().show("src-americanoversight-irs-ice-mou")
        >>> mou = next(c for c in shown.cited_by if c["ref"].id == "irs-ice-mou-2025")
        >>> mou["places"][:2]
        ['the record', 'status 2025-04-07 active']
    """
    record = store.records([entity.id])[entity.id]
    citing = store.citing(entity.id)
    order = sorted(citing.values(), key=lambda r: (kind_of(r), name_of(r).casefold(), r.id))
    refs = [ref(r) for r in order]
    cited_by: list[dict[str, Any]] = [
        {"ref": who, "places": [p for p, ids in citations_in(r) if entity.id in ids]}
        for who, r in zip(refs, order, strict=True)
    ]
    return ShowResult(
        entity=entity,
        record=record.model_dump(mode="json", exclude_none=True),
        names={i: name_of(r) for i, r in citing.items()},
        related=refs,
        origin=store.origin(entity.id),
        sources=source_map({entity.id: record}),
        cited_by=cited_by,
    )


def show_from(store: Store, entity: Ref, day: dt.date | None = None) -> ShowResult:
    """:func:`show_result` with everything read from ``store`` (a source:
    :func:`source_show`)."""
    if entity.kind == "source":
        return source_show(store, entity)
    record = store.records([entity.id])[entity.id]
    assert isinstance(record, Entity)
    related = store.related(entity.id)
    if isinstance(record, Agreement):
        related |= {e.by for e in record.status if e.by}
    names = store.records({*related, *ids_in(record)} - {entity.id})
    sources = source_map(store.records(set(sources_in(record))))
    origin = store.origin(entity.id)
    return show_result(entity, record, names, related, origin, sources, day)


def view_from(
    store: Store, subject: list[Ref], depth: int, day: dt.date
) -> tuple[list[ViewNode], list[ViewEdge], dict[str, dict[str, Any]]]:
    """:func:`view_parts` of the neighbourhood ``store`` finds, and the sources cited."""
    node_ids, raw_edges = store.neighbourhood(subject[0].id if subject else None, depth)
    agreements = {a for *_x, a in raw_edges if a}
    records = store.records({*node_ids, *agreements})
    records.update(store.records(agreement_extras(records) - set(records)))
    nodes, edges, cited = view_parts(node_ids, raw_edges, records, day)
    return nodes, edges, source_map(store.records(cited))
