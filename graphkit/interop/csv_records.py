"""``records.csv``: the seed records behind a CSV export, so it can be read back.

``nodes.csv`` and ``links.csv`` are what drawing tools read (Kumu, Flourish, Gephi):
one value a cell, statuses on one date. They cannot hold an agreement's status
timeline, its parties' roles, amounts, per-claim sources or the sources themselves.
``records.csv`` holds, one row each, every record the export draws plus everything
those records name (parties, parents, custodians, datasets derived from, sources), as
the validated record in JSON: ``graphkit import csv`` rebuilds seed files from it.

Example:
    >>> from graphkit import open_graph
    >>> g = open_graph()
    >>> recs = needed_records(g.store, g.reach("irs-taxpayer-addresses", as_of="2025-08-01"))
    >>> {"irs", "ice", "irs-ice-mou-2025"} <= set(recs)
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from graphkit.model.schema import KIND_NAMES, Agreement, Entity, Source
from graphkit.questions.explain import ids_in, kind_of, name_of, sources_in
from graphkit.questions.results import GraphView
from graphkit.questions.store import Record, Store

RECORD_COLUMNS = ["id", "kind", "name", "record"]
#: Record kinds as records.csv names them, in load order.
RECORD_KINDS = tuple(KIND_NAMES.values())


def referenced(record: Record) -> Iterator[str]:
    """Every id a record names: parties, parent, custodian, datasets, sources of each claim."""
    if isinstance(record, Source):
        return
    assert isinstance(record, Entity)
    yield from ids_in(record)
    yield from sources_in(record)
    if isinstance(record, Agreement):
        for evidence in (record.last_evidenced, record.term_end):
            if evidence is not None:
                yield from evidence.sources


def needed_records(store: Store, answer: Any) -> dict[str, Record]:
    """The records behind ``answer`` (a view or a reach / reachable / path answer) and
    every record they name, by id. The whole graph's view holds every record."""
    if isinstance(answer, GraphView) and not answer.question.subject:
        wanted = {i for kind in RECORD_KINDS for i in store.data_ids(kind)}
    else:
        from graphkit.interop.network import answer_graph

        graph = answer_graph(answer)
        wanted = {str(n) for n in graph.nodes}
        wanted |= {a["agreement"] for *_, a in graph.edges(data=True) if a.get("agreement")}
    out: dict[str, Record] = {}
    while wanted:
        found = store.records(wanted)
        out.update(found)
        wanted = {i for r in found.values() for i in referenced(r)} - set(out)
    return out


RECORDS_FILE = "records.csv"
SOURCES_FILE = "sources.csv"
#: ``sources.csv``: every cited source, with what its address holds when it is a copy.
SOURCE_COLUMNS = ["id", "publisher", "title", "date", "url", "copy_kind", "copy_host", "note"]


def source_rows(records: dict[str, Record]) -> Iterator[dict[str, Any]]:
    """The rows of ``sources.csv``: the sources among ``records``, by id: publisher, title,
    date, URL, and for a stored copy its kind and host (``copy_kind``, ``copy_host``), so a
    reader in a spreadsheet sees which links are not the publisher's own page."""
    from graphkit.text import copy_host

    for ident in sorted(records):
        record = records[ident]
        if isinstance(record, Source):
            row = record.model_dump(mode="json", exclude_none=True)
            yield {**row, "copy_host": copy_host(row) or ""}


def record_rows(records: dict[str, Record]) -> Iterator[dict[str, Any]]:
    """The rows of ``records.csv``: id, kind, name (a source's title) and the record as
    JSON, sorted by kind (load order) then id."""
    order = {kind: n for n, kind in enumerate(RECORD_KINDS)}
    for record in sorted(records.values(), key=lambda r: (order[kind_of(r)], r.id)):
        yield {
            "id": record.id,
            "kind": kind_of(record),
            "name": name_of(record),
            "record": record.model_dump_json(exclude_defaults=True),
        }


def write_records(records: dict[str, Record], folder: Path, *, force: bool = False) -> Path:
    """``records.csv`` alone (a csv export writes it with the others: ``export.write``)."""
    from graphkit.interop.csvfile import Table, write_tables

    table: Table = (RECORD_COLUMNS, record_rows(records))
    return write_tables(folder, {RECORDS_FILE: table}, force=force)[0]
