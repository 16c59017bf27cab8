"""Export the whole graph on a date, or one answer, to GraphML, GEXF, CSV or a Cypher
script.

Parties and datasets are nodes; each agreement moving data is an edge from provider
to recipient carrying the agreement's id, name, kind, dates, status on the date,
evidence level, confidence and sources; custody, derivation and parent links are
edges too. A Cypher script recreates the graph in an empty Neo4j database with the
statements ``graphkit load`` runs.

Example:
    >>> from graphkit import open_graph
    >>> g = answer_graph(open_graph().view(as_of="2025-08-01"))
    >>> g.nodes["irs"]["kind"], g.edges["irs", "ice", "irs-ice-mou-2025"]["status"]
    ('agency', 'active')

Edges name their kind in ``relation`` (FLOWS, CUSTODIAN_OF...; GEXF reserves ``type``);
the CSV calls that column ``type``, as Kumu reads it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx

from graphkit.errors import GraphkitError
from graphkit.files import write_with
from graphkit.interop.csvfile import Table, write_tables
from graphkit.interop.network import ID_ATTRS, answer_graph

FORMATS = ("graphml", "gexf", "csv", "cypher")
#: The columns of nodes.csv: then one per identifier scheme (uei, duns, cage, ...).
NODE_COLUMNS = ["id", "name", "kind", "subkind", "sources", *ID_ATTRS]
LINK_COLUMNS = [
    "from",
    "to",
    "type",
    "agreement",
    "agreement_name",
    "agreement_kind",
    "signed",
    "effective_from",
    "effective_to",
    "status",
    "status_since",
    "carries",
    "evidence",
    "last_evidenced",
    "confidence",
    "datasets",
    "via",
    "sources",
]


#: Characters XML 1.0 cannot hold at all, even escaped: C0 controls but tab, newline and
#: carriage return; surrogates; U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: Any) -> Any:
    r"""``value`` with every character XML cannot hold replaced by U+FFFD, so that a
    GraphML or GEXF file always reads back (networkx, lxml, Gephi); other values as they are.

    Example:
        >>> xml_safe("bad\x00name\x1b") == "bad\ufffdname\ufffd", xml_safe(3)
        (True, 3)
    """
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def _xml_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of ``graph`` whose ids and attributes are :func:`xml_safe`."""
    clean = nx.MultiDiGraph()
    clean.graph.update({key: xml_safe(value) for key, value in graph.graph.items()})
    for node, attrs in graph.nodes(data=True):
        clean.add_node(xml_safe(node), **{k: xml_safe(v) for k, v in attrs.items()})
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        clean.add_edge(
            xml_safe(source),
            xml_safe(target),
            key=xml_safe(key),
            **{k: xml_safe(v) for k, v in attrs.items()},
        )
    return clean


def write(
    answer: Any, fmt: str, out: str | Path, store: Any = None, *, force: bool = False
) -> list[Path]:
    """Write ``answer`` (a view or an answer) as ``fmt`` to ``out`` (a file; a folder for csv).

    With ``store`` (the graph's :class:`~graphkit.questions.store.Store`), the parties
    carry their identifiers (one attribute or column per scheme, values joined by ";"),
    and a csv export also writes ``records.csv``, the records ``graphkit import csv``
    reads back.
    Each file is written whole or not at all, and an existing one is replaced only with
    ``force`` (:mod:`graphkit.files`). Returns the files written.
    """
    if fmt not in FORMATS:
        raise GraphkitError(f"format {fmt!r} is not one of {', '.join(FORMATS)}", "format")
    target = Path(out)
    graph = answer_graph(answer, store)
    if fmt == "graphml":
        return [write_with(target, lambda p: nx.write_graphml(_xml_graph(graph), p), force=force)]
    if fmt == "gexf":
        return [write_with(target, lambda p: nx.write_gexf(_xml_graph(graph), p), force=force)]
    if fmt == "csv":
        from graphkit.interop import csv_records as cr

        tables = _drawing_tables(graph)
        if store is not None:
            records = cr.needed_records(store, answer)
            tables[cr.RECORDS_FILE] = (cr.RECORD_COLUMNS, cr.record_rows(records))
            tables[cr.SOURCES_FILE] = (cr.SOURCE_COLUMNS, cr.source_rows(records))
        return write_tables(target, tables, force=force)
    raise GraphkitError("the cypher format exports the whole graph: use export_cypher", "format")


#: The files of a csv export, beside ``records.csv``.
CSV_FILES = ("nodes.csv", "links.csv")


def _drawing_tables(graph: nx.MultiDiGraph) -> dict[str, Table]:
    """``nodes.csv`` and ``links.csv``: the graph as drawing tools read it."""
    nodes = ({"id": ident, **attrs} for ident, attrs in sorted(graph.nodes(data=True)))
    edges = sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], str(e[2])))
    links = ({"from": s, "to": t, "type": a["relation"], **a} for s, t, a in edges)
    return {CSV_FILES[0]: (NODE_COLUMNS, nodes), CSV_FILES[1]: (LINK_COLUMNS, links)}


def write_csv(graph: nx.MultiDiGraph, folder: Path, *, force: bool = False) -> list[Path]:
    """``nodes.csv`` and ``links.csv`` (Kumu, Flourish and Gephi's spreadsheet import),
    written together (:func:`~graphkit.interop.csvfile.write_tables`)."""
    return write_tables(folder, _drawing_tables(graph), force=force)


def cypher_script(data: Any, batch: int = 500) -> str:
    """A cypher-shell script that recreates ``data`` (a GraphData) in an empty database:
    the constraints, then ``:param rows => [...]`` and one ``UNWIND`` statement per batch,
    exactly the rows and statements ``graphkit load`` writes.

    Example:
        >>> from graphkit.ingest.validation import load_seeds
        >>> script = cypher_script(load_seeds("tests/graphs/edge"))
        >>> script.count(":param rows =>") > 5
        True
    """
    from graphkit import __version__
    from graphkit.backends.neo4j import queries as q
    from graphkit.backends.neo4j.cypher_text import shell_script
    from graphkit.backends.neo4j.rows import ROW_FORMAT, data_version, node_row, relationship_rows
    from graphkit.model.schema import KINDS

    parts = [f"{statement};" for statement in q.schema_statements()]
    for kind, records in data.by_kind().items():
        label = KINDS[kind][1]
        rows = [node_row(r, label, data.origin.get(i)) for i, r in sorted(records.items())]
        for start in range(0, len(rows), batch):
            parts.append(shell_script(q.create_nodes(label), {"rows": rows[start : start + batch]}))
    by_type: dict[str, list[dict[str, Any]]] = {}
    for rel, row in relationship_rows(data):
        by_type.setdefault(rel, []).append(row)
    for rel, rows in by_type.items():
        for start in range(0, len(rows), batch):
            parts.append(
                shell_script(q.create_relationships(rel), {"rows": rows[start : start + batch]})
            )
    parts.append(
        shell_script(
            q.META_TRANSACTION_DONE,
            {"version": data_version(data), "gk": __version__, "row_format": ROW_FORMAT},
        )
    )
    return "\n\n".join(parts) + "\n"
