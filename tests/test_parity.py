"""One suite, two backends: every question gives identical answers in memory and in Neo4j.

Runs against a real Neo4j server (see tests/neo4j_fixture.py). Each graph is loaded
into Neo4j with ``graphkit load`` code, then every question is asked of both backends
and the answers compared whole: the same parties, paths, order and sources.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from graphkit.errors import NotFound
from graphkit.graph import Graph
from tests_support import EDGE, SEEDS, TESTS, loaded_neo4j, same

pytestmark = pytest.mark.neo4j


def strip_stats(stats: Any) -> dict[str, Any]:
    items = stats.to_dict().items()
    return {k: v for k, v in items if k != "backend" and not k.startswith("load")}


@pytest.fixture(scope="module")
def edge_pair(neo4j_server: Any) -> tuple[Graph, Graph]:
    return loaded_neo4j(neo4j_server, EDGE)


@pytest.fixture(scope="module")
def seed_pair(neo4j_server: Any) -> tuple[Graph, Graph]:
    return loaded_neo4j(neo4j_server, SEEDS)


#: Search text that would break a query built by pasting values into it.
HOSTILE = ("x' OR 1=1 //", "ice'}) DETACH DELETE n //", "`) MATCH (n) DETACH DELETE n //", "\\")

EDGE_DAYS = ["2019-12-31", "2020-02-01", "2020-02-29", "2020-03-01", "2020-06-15", "2020-07-01"]


class TestEdgeGraph:
    def test_reach(self, edge_pair: tuple[Graph, Graph]) -> None:
        mem, neo = edge_pair
        for dataset, day, hops in itertools.product(mem.store.data.datasets, EDGE_DAYS, (1, 2, 4)):
            same(
                mem.reach(dataset, as_of=day, max_hops=hops),
                neo.reach(dataset, as_of=day, max_hops=hops),
            )

    def test_reachable(self, edge_pair: tuple[Graph, Graph]) -> None:
        mem, neo = edge_pair
        parties = [*mem.store.data.agencies, *mem.store.data.vendors]
        for party, day, comps in itertools.product(parties, EDGE_DAYS[1:4], (True, False)):
            same(
                mem.reachable(party, as_of=day, components=comps),
                neo.reachable(party, as_of=day, components=comps),
            )
        for party, hops, cap in itertools.product(parties, (1, 2, 6), (1, 5)):
            same(
                mem.reachable(party, as_of="2020-03-15", max_hops=hops, max_paths=cap),
                neo.reachable(party, as_of="2020-03-15", max_hops=hops, max_paths=cap),
            )

    def test_path(self, edge_pair: tuple[Graph, Graph]) -> None:
        mem, neo = edge_pair
        parties = ["a", "b", "c", "e", "f", "h", "i", "m"]
        for a, b in itertools.permutations(parties, 2):
            for dataset in (None, "d1"):
                same(
                    mem.path(a, b, as_of="2020-03-15", dataset=dataset, max_paths=3),
                    neo.path(a, b, as_of="2020-03-15", dataset=dataset, max_paths=3),
                )
        for (a, b), day, hops in itertools.product(
            itertools.permutations(["a", "b", "e", "h"], 2), EDGE_DAYS, (1, 2, 4)
        ):
            same(mem.path(a, b, as_of=day, max_hops=hops), neo.path(a, b, as_of=day, max_hops=hops))

    def test_show_search_stats_view(self, edge_pair: tuple[Graph, Graph]) -> None:
        mem, neo = edge_pair
        for entity in mem.store.data.entities():
            left, right = mem.show(entity.id), neo.show(entity.id)
            assert left == right
        for text in ("a", "agency", "D-ONE", "twin", "to b", "zzz", *HOSTILE):
            assert mem.search(text) == neo.search(text)
        for day in EDGE_DAYS:
            assert strip_stats(mem.stats(as_of=day)) == strip_stats(neo.stats(as_of=day))
        for center, depth in ((None, 1), ("a", 1), ("a", 2), ("ag1", 1), ("d2", 3)):
            same(
                mem.view(center, depth=depth, as_of="2020-03-15"),
                neo.view(center, depth=depth, as_of="2020-03-15"),
            )

    def test_errors_match(self, edge_pair: tuple[Graph, Graph]) -> None:
        mem, neo = edge_pair
        for ref in ("twin", "nothing", "a"):
            errors = []
            for backend in (mem, neo):
                try:
                    backend.resolve(ref, kinds=["agency", "vendor"] if ref != "a" else ["dataset"])
                    errors.append(None)
                except Exception as exc:
                    errors.append((type(exc).__name__, str(exc)))
            assert errors[0] == errors[1] and errors[0] is not None


SEED_DAYS = ["2021-06-01", "2025-08-01", "2025-12-15", "2026-01-10", "2026-06-01"]


class TestSeeds:
    def test_reach_every_dataset(self, seed_pair: tuple[Graph, Graph]) -> None:
        mem, neo = seed_pair
        for dataset, day in itertools.product(sorted(mem.store.data.datasets), SEED_DAYS):
            same(mem.reach(dataset, as_of=day), neo.reach(dataset, as_of=day))

    def test_reach_hops_and_caps(self, seed_pair: tuple[Graph, Graph]) -> None:
        mem, neo = seed_pair
        for dataset, day, hops, cap in itertools.product(
            sorted(mem.store.data.datasets), SEED_DAYS[:3], (1, 2, 6), (1, 3)
        ):
            same(
                mem.reach(dataset, as_of=day, max_hops=hops, max_paths=cap),
                neo.reach(dataset, as_of=day, max_hops=hops, max_paths=cap),
            )

    def test_reachable_every_party(self, seed_pair: tuple[Graph, Graph]) -> None:
        mem, neo = seed_pair
        for party in sorted([*mem.store.data.agencies, *mem.store.data.vendors]):
            same(mem.reachable(party, as_of="2025-08-01"), neo.reachable(party, as_of="2025-08-01"))
        for party, day, hops in itertools.product(
            ("ice", "ice-hsi", "dhs", "cbp", "thomson-reuters"), SEED_DAYS, (1, 2, 6)
        ):
            for comps in (True, False):
                same(
                    mem.reachable(party, as_of=day, max_hops=hops, max_paths=2, components=comps),
                    neo.reachable(party, as_of=day, max_hops=hops, max_paths=2, components=comps),
                )

    def test_paths(self, seed_pair: tuple[Graph, Graph]) -> None:
        mem, neo = seed_pair
        for a, b in (
            ("irs", "ice"),
            ("ssa", "ice"),
            ("nctue", "ice"),
            ("cms", "ice"),
            ("clearview-ai", "ice-hsi"),
            ("ice", "irs"),
        ):
            for day, hops in itertools.product(SEED_DAYS, (1, 2, 4, 6)):
                try:
                    left = mem.path(a, b, as_of=day, max_hops=hops)
                except NotFound:
                    continue
                same(left, neo.path(a, b, as_of=day, max_hops=hops))
        for day in SEED_DAYS:
            same(
                mem.path("nctue", "ice", as_of=day, dataset="utility-header-data"),
                neo.path("nctue", "ice", as_of=day, dataset="utility-header-data"),
            )

    def test_show_search_stats(self, seed_pair: tuple[Graph, Graph]) -> None:
        mem, neo = seed_pair
        for entity in mem.store.data.entities():
            assert mem.show(entity.id) == neo.show(entity.id)
        for text in ("ice", "medicaid", "irs", "clearview", "dmv", "plate", "o'brien", *HOSTILE):
            assert mem.search(text) == neo.search(text)
        for day in SEED_DAYS:
            assert strip_stats(mem.stats(as_of=day)) == strip_stats(neo.stats(as_of=day))
        same(
            mem.view(None, depth=1, as_of="2025-08-01"), neo.view(None, depth=1, as_of="2025-08-01")
        )
        same(
            mem.view("ice", depth=2, as_of="2025-08-01"),
            neo.view("ice", depth=2, as_of="2025-08-01"),
        )

    def test_show_on_a_date_diff_within_and_timeline(self, seed_pair: tuple[Graph, Graph]) -> None:
        from graphkit.questions.changes import diff, timeline

        mem, neo = seed_pair
        for agreement, day in itertools.product(sorted(mem.store.data.agreements), SEED_DAYS):
            left, right = mem.show(agreement, as_of=day), neo.show(agreement, as_of=day)
            assert left.status_on == right.status_on and left == right, (agreement, day)
        # each has changes inside one of the windows (clear-records: 2018-07-01)
        subjects = ["irs-taxpayer-addresses", "dmv-records-ny", "dmv-records-wa", "clear-records"]
        for subject in [*subjects, "ice"]:
            for start, end in (("2025-01-01", "2026-01-01"), ("2018-01-01", "2019-01-01")):
                left, right = diff(mem, start, end, subject), diff(neo, start, end, subject)
                same(left, right)
            same(timeline(mem, subject), timeline(neo, subject))


def test_an_undated_cut_off_is_the_same_change_on_both(neo4j_server: Any) -> None:
    """tests/graphs/evidence: Hub to V, with no dated start, terminated on 2020-05-01."""
    from graphkit.questions.changes import diff, timeline

    mem, neo = loaded_neo4j(neo4j_server, TESTS / "graphs" / "evidence")
    with neo:
        for subject in ("v", "dx"):
            left = diff(mem, "2020-04-01", "2020-06-01", subject)
            assert [c.change for c in left.changes if c.party.id == "v"] == ["ended"]
            same(left, diff(neo, "2020-04-01", "2020-06-01", subject))
            same(timeline(mem, subject), timeline(neo, subject))


def test_the_routing_driver_gives_the_same_answers(neo4j_server: Any) -> None:
    """Once through a ``neo4j://`` URI, the routing driver used with clusters and Aura: a
    single server answers its routing table, reads go to a reader."""
    from graphkit.backends.neo4j.connection import connect_driver
    from graphkit.backends.neo4j.store import Neo4jStore

    mem, _neo = loaded_neo4j(neo4j_server, SEEDS)
    uri = neo4j_server.uri.replace("bolt://", "neo4j://", 1)
    driver, database = connect_driver(uri, neo4j_server.user, neo4j_server.password)
    with Graph(Neo4jStore(driver, database)) as routed:
        for dataset in ("irs-taxpayer-addresses", "medicaid-enrollee-data", "dmv-records-wa"):
            for day in ("2025-08-01", "2025-12-15"):
                same(mem.reach(dataset, as_of=day), routed.reach(dataset, as_of=day))
        same(mem.reachable("ice", as_of="2025-08-01"), routed.reachable("ice", as_of="2025-08-01"))
        same(
            mem.path("nctue", "ice", as_of="2021-06-01"),
            routed.path("nctue", "ice", as_of="2021-06-01"),
        )
