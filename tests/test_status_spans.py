"""``IN_STATE``: an agreement's timeline as stretches, so "in force on D" is a short WHERE.

In memory, the stretches must agree with :func:`status_on` on every day (checked on each
boundary, the days either side of it and days far away); in Neo4j, the documented short
``WHERE`` must give the agreements that graphkit's own in-force logic and ``reach`` give.
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.console import run_read_only
from graphkit.ingest.validation import load_seeds
from graphkit.model.schema import Agreement
from graphkit.model.semantics import StatusSpan, carries_on, carry_windows, status_on, status_spans
from tests_support import EDGE, SEEDS, connect, loaded_neo4j

IN_FORCE = (
    "MATCH (a:Agreement)-[s:IN_STATE]->(a) WHERE s.from <= $day < s.to AND s.carries "
    "RETURN collect(a.id) AS ids"
)
BY_STATUS = (
    "MATCH (a:Agreement)-[s:IN_STATE]->(a) WHERE s.from <= $day < s.to "
    "RETURN s.status AS status, count(*) AS n"
)
DAYS = ["2017-01-01", "2018-06-15", "2020-03-15", "2025-04-07", "2025-08-01", "2025-12-15"]


def agreement(**fields: Any) -> Agreement:
    base = {
        "id": "m",
        "name": "M",
        "kind": "mou",
        "sources": ["s"],
        "confidence": "primary_document",
        "parties": [{"party": "a", "role": "provider"}, {"party": "b", "role": "recipient"}],
    }
    return Agreement.model_validate({**base, **fields})


def event(date: str, status: str) -> dict[str, Any]:
    return {"date": date, "status": status, "sources": ["s"], "confidence": "primary_document"}


def test_spans_written_out_by_hand() -> None:
    bounded = agreement(
        status=[event("../2018-06", "active"), event("2020-03", "terminated")],
        effective_to="2019-12-31",
    )
    assert status_spans(bounded) == [
        StatusSpan("0001-01-01", "2018-06-30", "uncertain", False),  # active by June 2018
        StatusSpan("2018-06-30", "2020-01-01", "active", True),
        StatusSpan("2020-01-01", "2020-03-01", "expired", False),
        StatusSpan("2020-03-01", None, "terminated", False),
    ]
    assert status_spans(agreement()) == [StatusSpan("0001-01-01", None, "undated", False)]
    starts_later = agreement(status=[event("2021-05-01", "active")], effective_from="2021-07-01")
    assert status_spans(starts_later) == [
        StatusSpan("0001-01-01", "2021-07-01", "not_started", False),
        StatusSpan("2021-07-01", None, "active", True),
    ]


def _probe_days(spans: list[StatusSpan]) -> list[dt.date]:
    days = {dt.date(1, 1, 1), dt.date(1970, 1, 1), dt.date(2030, 1, 1), dt.date(9999, 12, 30)}
    for span in spans:
        for edge in (span.start, span.end):
            if edge is None or edge == "0001-01-01":
                continue
            day = dt.date.fromisoformat(edge)
            days.update(d for d in (day - dt.timedelta(1), day, day + dt.timedelta(1)))
    return sorted(d for d in days if d < dt.date(9999, 12, 31))


@pytest.mark.parametrize("folder", [SEEDS, EDGE], ids=["seeds", "edge"])
def test_spans_cover_every_day_once_and_agree_with_status_on(folder: Any) -> None:
    for record in load_seeds(folder).agreements.values():
        spans = status_spans(record)
        assert spans[0].start == "0001-01-01" and spans[-1].end is None
        for before, after in itertools.pairwise(spans):
            assert before.end == after.start and before.start < before.end
            assert (before.status, before.carries) != (after.status, after.carries)
        windows = carry_windows(record)
        for day in _probe_days(spans):
            iso = day.isoformat()
            (holding,) = [s for s in spans if s.start <= iso and (s.end is None or iso < s.end)]
            on = status_on(record, day)
            assert (holding.status, holding.carries) == (on.status, on.carries), (record.id, iso)
            assert holding.carries == carries_on(windows, iso)


@pytest.mark.neo4j
def test_the_short_where_gives_graphkits_own_answers(neo4j_server: Any) -> None:
    mem, _neo = loaded_neo4j(neo4j_server, SEEDS)
    data = mem.store.data
    driver, database = connect(neo4j_server)
    with driver:
        for day in DAYS:
            got = run_read_only(Neo4jClient(driver, database), IN_FORCE, {"day": day}).rows[0][
                "ids"
            ]
            expected = {
                a.id
                for a in data.agreements.values()
                if status_on(a, dt.date.fromisoformat(day)).carries
            }
            assert set(got) == expected and len(got) == len(expected), day
            # every agreement reach follows on the day is in force by the short WHERE
            followed = {
                hop.agreement.id
                for dataset in data.datasets
                for party in mem.reach(dataset, as_of=day).results
                for path in party.paths
                for hop in path.hops
            }
            assert followed <= expected, day
            by_status = run_read_only(Neo4jClient(driver, database), BY_STATUS, {"day": day}).rows
            counts = {r["status"]: r["n"] for r in by_status}
            assert counts == mem.stats(as_of=day).agreements_by_status, day
        assert expected and followed  # the last day has some of each


SPANS = (
    "MATCH (a:Agreement)-[s:IN_STATE]->(b) "
    "RETURN a.id AS a, b.id AS b, s.status AS status, s.from AS from, s.to AS to, "
    "s.carries AS carries"
)


@pytest.mark.neo4j
def test_the_transaction_and_bulk_loads_write_every_span(neo4j_server: Any) -> None:
    """(The offline import is compared with a Bolt load, relationship for relationship, in
    tests/test_offline_import.py; the Cypher export in tests/test_interop.py.)"""
    from graphkit.backends.neo4j.load.bulk import load_bulk
    from graphkit.backends.neo4j.load.transaction import load

    data = load_seeds(EDGE)
    expected = sorted(
        (a.id, s.status, s.start, s.end or "9999-12-31", s.carries)
        for a in data.agreements.values()
        for s in status_spans(a)
    )
    assert len(expected) > len(data.agreements)  # some agreements change status
    driver, database = connect(neo4j_server)
    with driver:
        try:
            for write in (
                lambda: load(data, driver, database),
                lambda: load_bulk([str(EDGE)], driver, database, batch=7),
            ):
                driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
                write()
                rows = driver.execute_query(SPANS, database_=database).records
                assert all(r["a"] == r["b"] for r in rows)  # a loop at its agreement
                got = sorted((r["a"], r["status"], r["from"], r["to"], r["carries"]) for r in rows)
                assert got == expected
        finally:  # the next test loads what it needs
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)


@pytest.mark.neo4j
def test_stats_on_neo4j_count_by_the_stretches_on_their_boundary_days(neo4j_server: Any) -> None:
    """``stats --as-of`` on Neo4j reads the IN_STATE stretches: on the first day of a
    stretch and on the day before it (where a stretch ends and the next begins), its
    counts by status and by evidence are memory's."""
    mem, neo = loaded_neo4j(neo4j_server, EDGE)
    days: set[str] = set()
    for record in mem.store.data.agreements.values():
        for span in status_spans(record)[1:]:
            first = dt.date.fromisoformat(span.start)
            days.update({first.isoformat(), (first - dt.timedelta(days=1)).isoformat()})
    assert len(days) > 10
    with neo:
        for day in sorted(days):
            left, right = mem.stats(as_of=day), neo.stats(as_of=day)
            assert left.agreements_by_status == right.agreements_by_status, day
            assert left.agreements_by_evidence == right.agreements_by_evidence, day
