"""What graphkit writes into Neo4j, as rows: node properties and relationships.

Each node keeps its validated record as JSON (``record``) plus fields for Cypher
users; relationships are derived from the records (``FLOWS`` from
:func:`graphkit.model.semantics.flows`), so they always match them.

Example:
    >>> from graphkit.ingest.validation import load_seeds
    >>> data = load_seeds()
    >>> node_row(data.agencies["irs"], "Agency", None)["kind_name"]
    'agency'
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.evidence.grade import is_declared, is_undated, open_window
from graphkit.model.data import GraphData, cited_items
from graphkit.model.dates import date_text, sortable_text
from graphkit.model.identifiers import identifier_names
from graphkit.model.schema import (
    KIND_OF_LABEL,
    Agreement,
    Dataset,
    Entity,
    Party,
    Source,
)
from graphkit.model.semantics import event_windows, flows, status_spans

#: The shape of the rows :func:`node_row` and :func:`entity_relationships` write. Bump it
#: whenever they change: a bulk reload leaves a node whose record is unchanged as it is
#: only when the last complete load wrote this same shape (tests/test_bulk_reload.py
#: holds a digest of the rows that fails until it is bumped).
ROW_FORMAT = 6


def node_row(
    record: Source | Entity,
    label: str,
    origin: tuple[str, int | None] | None,
    keep_empty: bool = False,
) -> dict[str, Any]:
    """The properties stored on a node: the record as JSON, plus fields for Cypher users.

    An empty list is not stored (Neo4j's offline importer cannot store one, and a
    database must read the same however it was loaded): Cypher reads it as null, so
    write ``coalesce(n.aliases, [])``. ``keep_empty`` keeps every key, for writers that
    need the full shape (the importer's CSV columns).
    """
    text = record.model_dump_json(exclude_none=True)
    props: dict[str, Any] = {
        "id": record.id,
        "label": label,
        "record": text,
        "hash": hashlib.sha1(text.encode()).hexdigest()[:16],
        "origin_file": origin[0] if origin else None,
        "origin_line": origin[1] if origin else None,
    }
    if isinstance(record, Source):
        props.update(
            name=record.title,
            name_lower=record.title.casefold(),
            aliases=[],
            aliases_lower=[],
            publisher=record.publisher,
            title=record.title,
            date=str(record.date) if record.date else None,
            url=record.url,
            kind_name="source",
        )
        return props if keep_empty else _stored(props)
    cited = cited_items(record)
    total, unsourced = len(cited), sum(1 for item in cited if not item.sources)
    props.update(
        name=record.name,
        name_lower=record.name.casefold(),
        aliases=list(record.aliases),
        aliases_lower=[a.casefold() for a in record.aliases],
        confidence=record.confidence,
        sources=list(record.sources),
        description=record.description,
        claims_total=total,
        claims_unsourced=unsourced,
        kind=getattr(record, "kind", None),
        kind_name=KIND_OF_LABEL[label],
    )
    if isinstance(record, Party):
        keys = identifier_names(record)
        props.update(identifiers=keys, identifiers_lower=[k.casefold() for k in keys])
    if isinstance(record, Dataset):
        props.update(
            custodian=record.custodian,
            fields=list(record.fields),
            system_number=record.system_number,
        )
    if isinstance(record, Agreement):
        events = event_windows(record)  # in date order, bounded events with their window
        window = open_window(record)
        dates = [
            sortable_text(d)
            for d in (record.signed, record.effective_from, record.effective_to)
            if d is not None
        ] + [sortable_text(e.date) for e in record.status]
        props.update(
            signed=date_text(record.signed),
            effective_from=date_text(record.effective_from),
            effective_to=date_text(record.effective_to),
            start=record.effective_from.first.isoformat() if record.effective_from else None,
            until=_day_after(record.effective_to.last) if record.effective_to else None,
            status_starts=[e.start.isoformat() for e in events],
            status_certain=[e.certain.isoformat() if e.certain else q.OPEN_END for e in events],
            status_dates=[str(record.status[e.index].date) for e in events],
            status_values=[e.status for e in events],
            datasets=list(record.datasets),
            undated=is_undated(record),
            declared=is_declared(record),
            start_known=record.start_known,
            open_from=window[0] if window else None,
            evidence_until=window[1] if window else None,
            amount_values=[a.value for a in record.amounts],
            amount_kinds=[a.kind for a in record.amounts],
            amount_currencies=[a.currency for a in record.amounts],
            dates=dates,
            routine_use=record.routine_use.number if record.routine_use else None,
            standard_use=record.routine_use.standard if record.routine_use else None,
        )
    return props if keep_empty else _stored(props)


def _stored(props: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in props.items() if not (isinstance(v, list) and not v)}


def _day_after(day: dt.date) -> str:
    return (day + dt.timedelta(days=1)).isoformat()


def relationship_rows(data: GraphData) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every relationship graphkit derives from the records: (type, row)."""
    for entity in data.entities():
        yield from entity_relationships(entity)


def entity_relationships(entity: Entity) -> Iterator[tuple[str, dict[str, Any]]]:
    """The relationships one entity's record defines: (type, row)."""
    for source in dict.fromkeys(entity.sources):
        yield "CITES", {"a": entity.id, "b": source, "props": {}}
    parent = getattr(entity, "parent", None)
    if parent:
        yield "PART_OF", {"a": entity.id, "b": parent, "props": {}}
    if isinstance(entity, Dataset):
        yield "CUSTODIAN_OF", {"a": entity.custodian, "b": entity.id, "props": {}}
        for origin in dict.fromkeys(entity.derived_from):
            yield "DERIVED_FROM", {"a": entity.id, "b": origin, "props": {}}
    if isinstance(entity, Agreement):
        for party in entity.parties:
            yield "PARTY_TO", {"a": party.party, "b": entity.id, "props": {"role": party.role}}
        for dataset in dict.fromkeys(entity.datasets):
            yield "COVERS", {"a": entity.id, "b": dataset, "props": {}}
        for span in status_spans(entity):  # one per stretch of days with one status
            props = {"status": span.status, "from": span.start, "to": span.end or q.OPEN_END}
            yield (
                "IN_STATE",
                {"a": entity.id, "b": entity.id, "props": {**props, "carries": span.carries}},
            )
        for flow in flows(entity):
            yield (
                "FLOWS",
                {
                    "a": flow.source,
                    "b": flow.target,
                    "props": _stored(
                        {
                            "agreement": flow.agreement,
                            "datasets": list(flow.datasets),
                            "via": list(flow.via),
                            "carry_from": [lo for lo, _ in flow.windows],
                            "carry_until": [hi or q.OPEN_END for _, hi in flow.windows],
                        }
                    ),
                },
            )


def data_version(data: GraphData) -> str:
    """A short hash of all records: changes whenever any fact changes."""
    digest = hashlib.sha1()
    for kind, records in data.by_kind().items():
        for ident in sorted(records):
            digest.update(kind.encode())
            digest.update(records[ident].model_dump_json().encode())
    return digest.hexdigest()[:12]
