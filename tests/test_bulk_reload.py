"""A bulk reload leaves unchanged nodes as they are, and ends where a clean load ends."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from graphkit.backends.neo4j.load.bulk import _auto, load_bulk
from graphkit.backends.neo4j.rows import ROW_FORMAT, entity_relationships, node_row
from graphkit.ingest.synth import generate
from graphkit.ingest.validation import load_seeds
from graphkit.model.schema import KINDS
from tests_support import EDGE, connect

#: The digest of every row graphkit writes for tests/graphs/edge, for ROW_FORMAT 6.
ROWS_DIGEST = "07e5be0c5d4281f3"


def test_the_row_format_is_bumped_when_the_rows_change() -> None:
    data = load_seeds(EDGE)
    rows: list[Any] = []
    for kind, records in data.by_kind().items():
        for _ident, record in sorted(records.items()):
            rows.append(node_row(record, KINDS[kind][1], ("f", 1)))
            if kind != "sources":
                rows.extend(entity_relationships(record))  # type: ignore[arg-type]
    digest = hashlib.sha256(json.dumps(rows, sort_keys=True, default=str).encode()).hexdigest()
    assert (ROW_FORMAT, digest[:16]) == (6, ROWS_DIGEST), (
        "the rows graphkit writes changed: bump ROW_FORMAT in graphkit/backends/neo4j/rows.py "
        "(a reload must not leave nodes of the old shape), then update ROWS_DIGEST here"
    )


def _dump(driver: Any, database: str) -> tuple[list[Any], list[Any]]:
    nodes = driver.execute_query(
        "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS l, properties(n) AS p",
        database_=database,
    ).records
    rels = driver.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS a, type(r) AS t, b.id AS b, "
        "properties(r) AS p",
        database_=database,
    ).records
    node_rows = sorted(
        (r["id"], sorted(r["l"]), sorted((k, v) for k, v in r["p"].items() if k != "load_version"))
        for r in nodes
    )
    rel_rows = sorted((r["a"], r["t"], r["b"], sorted(r["p"].items())) for r in rels)
    return node_rows, rel_rows  # type: ignore[return-value]


def _edit(folder: Path) -> tuple[str, str]:
    """Rename the first agreement with two datasets or more and drop one (its COVERS and
    FLOWS change), and drop the last agreement (its FLOWS, between its parties, must go):
    (renamed id, dropped id)."""
    path = folder / "agreements.jsonl"
    lines = path.read_text().splitlines()
    at = next(n for n, line in enumerate(lines) if len(json.loads(line)["datasets"]) > 1)
    edited, last = json.loads(lines[at]), json.loads(lines[-1])
    assert at < len(lines) - 1
    edited["name"] += " (amended)"
    edited["datasets"] = edited["datasets"][1:]
    lines[at] = json.dumps(edited)
    path.write_text("\n".join(lines[:-1]) + "\n")
    sources = folder / "sources.jsonl"  # a source retitled: it defines no relationship
    first, *rest = sources.read_text().splitlines()
    source = json.loads(first)
    source["title"] += " (corrected)"
    sources.write_text("\n".join([json.dumps(source), *rest]) + "\n")
    return edited["id"], last["id"]


def _edit_many(folder: Path) -> int:
    """Drop the first dataset of every third agreement that has two: how many changed."""
    path = folder / "agreements.jsonl"
    out, changed = [], 0
    for number, line in enumerate(path.read_text().splitlines()):
        record = json.loads(line)
        if number % 3 == 0 and len(record["datasets"]) > 1:
            record["datasets"] = record["datasets"][1:]
            changed += 1
        out.append(json.dumps(record))
    path.write_text("\n".join(out) + "\n")
    return changed


def _wipe(driver: Any, database: str) -> None:
    _auto(driver, database, "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS")


@pytest.mark.neo4j
def test_a_reload_rewrites_only_what_changed(neo4j_server: Any, tmp_path: Path) -> None:
    generate(tmp_path, relationships=2_000, seed=11)
    driver, database = connect(neo4j_server)
    with driver:
        _wipe(driver, database)
        first = load_bulk([str(tmp_path)], driver, database, batch=250)
        before = _dump(driver, database)[1]
        renamed, dropped = _edit(tmp_path)
        again = load_bulk([str(tmp_path)], driver, database, batch=250)
        # two records changed, one left, every other one left as it was
        assert (again.created, again.removed) == (2, 1)
        assert again.unchanged == first.created - 3
        # only the changed agreement's relationships were written again
        defined = [r for r in before if renamed in (r[0], r[2]) or ("agreement", renamed) in r[3]]
        assert again.relationships_rebuilt is not None
        assert 0 < again.relationships_rebuilt < len(defined)  # a dataset fewer
        assert "relationships (" in str(again) and "unchanged, kept" in str(again)
        after_reload = _dump(driver, database)
        names = {row[0]: dict(row[2]).get("name") for row in after_reload[0]}
        assert dropped not in names and names[renamed].endswith(" (amended)")
        # the same database as a clean load of the edited input
        _wipe(driver, database)
        load_bulk([str(tmp_path)], driver, database, batch=250)
        assert after_reload == _dump(driver, database)


@pytest.mark.neo4j
def test_rows_of_another_shape_are_all_rewritten(neo4j_server: Any, tmp_path: Path) -> None:
    generate(tmp_path, relationships=1_000, seed=12)
    driver, database = connect(neo4j_server)
    with driver:
        _wipe(driver, database)
        first = load_bulk([str(tmp_path)], driver, database)
        driver.execute_query(  # as if an older graphkit had written them
            "MATCH (m:GraphkitMeta {id: 'load'}) SET m.row_format = 1", database_=database
        )
        again = load_bulk([str(tmp_path)], driver, database)
        assert (again.created, again.unchanged) == (first.created, 0)
        meta = driver.execute_query(
            "MATCH (m:GraphkitMeta {id: 'load'}) RETURN m.row_format AS f", database_=database
        ).records[0]
        assert meta["f"] == ROW_FORMAT


@pytest.mark.neo4j
def test_a_reload_killed_while_writing_relationships_resumes_exactly(
    neo4j_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphkit.backends.neo4j.load import batches, bulk

    generate(tmp_path, relationships=3_000, seed=13)
    driver, database = connect(neo4j_server)
    real = batches.write_batch
    with driver:
        _wipe(driver, database)
        load_bulk([str(tmp_path)], driver, database, batch=50)
        assert _edit_many(tmp_path) > 10
        monkeypatch.setattr(bulk, "READERS_GRACE", 0)
        written: list[str] = []

        def die_in_relationships(tx: Any, statements: Any, number: int, meta: Any) -> None:
            if meta["phase"] == "relationships":
                written.append(meta["phase"])
                if len(written) == 3:  # two relationship batches committed, then death
                    raise KeyboardInterrupt
            real(tx, statements, number, meta)

        monkeypatch.setattr(batches, "write_batch", die_in_relationships)
        with pytest.raises(KeyboardInterrupt):
            load_bulk([str(tmp_path)], driver, database, batch=50)
        monkeypatch.setattr(batches, "write_batch", real)
        state = driver.execute_query(
            "MATCH (m:GraphkitMeta {id: 'load'}) RETURN m.status AS s, m.phase AS p",
            database_=database,
        ).records[0]
        assert (state["s"], state["p"]) == ("incomplete", "relationships")
        resumed = load_bulk([str(tmp_path)], driver, database, batch=50)
        assert resumed.note.startswith("resumed")
        after = _dump(driver, database)
        assert not any(k == "rels_pending" for row in after[0] for k, _v in row[2])
        _wipe(driver, database)
        load_bulk([str(tmp_path)], driver, database, batch=50)
        assert after == _dump(driver, database)  # what a clean load of the edited input holds


@pytest.mark.neo4j
def test_records_that_only_moved_keep_their_relationships(
    neo4j_server: Any, tmp_path: Path
) -> None:
    generate(tmp_path, relationships=1_000, seed=14)
    driver, database = connect(neo4j_server)
    with driver:
        _wipe(driver, database)
        first = load_bulk([str(tmp_path)], driver, database)
        path = tmp_path / "agreements.jsonl"
        path.write_text("\n" + path.read_text())  # every agreement one line further down
        again = load_bulk([str(tmp_path)], driver, database)
        agreements = sum(1 for line in path.read_text().splitlines() if line)
        assert again.created == agreements  # their origin changed: nodes written again
        assert again.relationships_rebuilt == 0  # their records did not: relationships kept
        assert again.relationships == first.relationships
        after = _dump(driver, database)
        _wipe(driver, database)
        load_bulk([str(tmp_path)], driver, database)
        assert after == _dump(driver, database)
