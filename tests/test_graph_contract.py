"""The Graph contract on both backends: one path ceiling with one meaning, a context
manager, and a Neo4j record cache that follows reloads."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graphkit.backends.memory import MemoryStore
from graphkit.backends.neo4j.load.transaction import load
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.errors import LimitError
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.questions import limits
from tests_support import EDGE, connect, loaded_neo4j, same

WIDTH, LAYERS = 6, 4  # a custodian, then 4 layers of 6 parties, each sharing with the next


def dense_graph(folder: Path) -> Path:
    """A layered graph where every party of one layer shares with every party of the next:
    6**3 = 216 paths of 4 hops reach each party of the last layer, 1,554 in all."""
    cite = {"sources": ["s1"], "confidence": "primary_document"}
    layers = [["p0"]] + [[f"p{i}-{j}" for j in range(WIDTH)] for i in range(1, LAYERS + 1)]
    agencies = [
        {"id": p, "name": f"Party {p}", "kind": "federal", **cite} for lay in layers for p in lay
    ]
    agreements = []
    for i in range(LAYERS):
        for a in layers[i]:
            for b in layers[i + 1]:
                agreements.append(
                    {
                        "id": f"ag-{a}-{b}",
                        "name": f"{a} to {b}",
                        "kind": "mou",
                        "parties": [
                            {"party": a, "role": "provider"},
                            {"party": b, "role": "recipient"},
                        ],
                        "datasets": ["dd"],
                        "status": [{"date": "2020-01-01", "status": "active", **cite}],
                        **cite,
                    }
                )
    seed = {
        "sources": [{"id": "s1", "publisher": "T", "title": "T", "url": "https://example.org/s"}],
        "agencies": agencies,
        "datasets": [{"id": "dd", "name": "Dense data", "custodian": "p0", **cite}],
        "agreements": agreements,
    }
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dense.yaml").write_text(json.dumps(seed))  # JSON is YAML
    return folder


def test_the_ceiling_counts_what_the_answer_keeps_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    graph = Graph(MemoryStore(load_seeds(dense_graph(tmp_path))))
    monkeypatch.setattr(limits, "PATH_CEILING", 100)
    # 1,554 paths exist, but one per party is 24 paths: well under the ceiling.
    answer = graph.reach("dd", as_of="2020-06-01", max_hops=4, max_paths=1)
    assert len(answer.results) == WIDTH * LAYERS
    assert all(len(item.paths) == 1 and item.more_paths for item in answer.results[WIDTH:])
    # Ten per party would list 6 + 36 + 60 + 60 = 162 paths: over a ceiling of 100.
    with pytest.raises(LimitError, match="would list 162 paths, more than 100"):
        graph.reach("dd", as_of="2020-06-01", max_hops=4, max_paths=10)


@pytest.mark.neo4j
def test_the_ceiling_means_the_same_on_both_backends(
    neo4j_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mem, neo = loaded_neo4j(neo4j_server, dense_graph(tmp_path))
    monkeypatch.setattr(limits, "PATH_CEILING", 100)
    for max_paths in (1, 2):
        same(
            mem.reach("dd", as_of="2020-06-01", max_hops=4, max_paths=max_paths),
            neo.reach("dd", as_of="2020-06-01", max_hops=4, max_paths=max_paths),
        )
    same(
        mem.reachable("p4-0", as_of="2020-06-01", max_hops=4, max_paths=3),
        neo.reachable("p4-0", as_of="2020-06-01", max_hops=4, max_paths=3),
    )
    same(
        mem.path("p0", "p4-5", as_of="2020-06-01", max_hops=4, max_paths=50),
        neo.path("p0", "p4-5", as_of="2020-06-01", max_hops=4, max_paths=50),
    )
    for graph in (mem, neo):
        with pytest.raises(LimitError, match="would list 162 paths, more than 100"):
            graph.reach("dd", as_of="2020-06-01", max_hops=4, max_paths=10)
        with pytest.raises(LimitError, match="would list 101 paths, more than 100"):
            graph.path("p0", "p4-5", as_of="2020-06-01", max_hops=4, max_paths=101)


@pytest.mark.neo4j
def test_a_graph_closes_its_store_as_a_context_manager(neo4j_server: Any) -> None:
    from neo4j.exceptions import DriverError

    loaded_neo4j(neo4j_server, EDGE)
    driver, database = connect(neo4j_server)
    with Graph(Neo4jStore(driver, database)) as graph:
        assert graph.name == "neo4j"
        assert graph.resolve("Agency A").id == "a"
    with pytest.raises(DriverError):  # the driver was closed on leaving the block
        driver.execute_query("RETURN 1")
    with Graph(MemoryStore(load_seeds(EDGE))) as memory:  # nothing to release in memory
        assert memory.reach("d1", as_of="2020-03-15").results[1].party.id == "b"


@pytest.mark.neo4j
def test_the_neo4j_record_cache_follows_a_reload(neo4j_server: Any, tmp_path: Path) -> None:
    _mem, neo = loaded_neo4j(neo4j_server, EDGE)
    assert neo.show("a").entity.name == "Agency A"  # now cached
    renamed = tmp_path / "renamed.yaml"
    renamed.write_text(
        (EDGE / "graph.yaml").read_text().replace("name: Agency A,", "name: Agency Renamed,")
    )
    driver, database = connect(neo4j_server)
    with driver:
        load(load_seeds(renamed), driver, database)
        assert neo.show("a").entity.name == "Agency Renamed"
        assert neo.reach("d1", as_of="2020-03-15").dataset.name == "Dataset One"
        load(load_seeds(EDGE), driver, database)
    assert neo.show("a").entity.name == "Agency A"


class ReloadedStore(MemoryStore):
    """A real memory store whose data is "reloaded" (a new version) after the first read."""

    def __init__(self) -> None:
        super().__init__(load_seeds(EDGE))
        self.calls = 0

    def provenance(self, strict: bool = True) -> str:
        self.calls += 1
        return "version 1" if self.calls == 1 else "version 2"


def test_an_answer_that_spans_a_reload_is_refused() -> None:
    from graphkit.errors import GraphkitError

    graph = Graph(ReloadedStore())
    with pytest.raises(GraphkitError, match="the data changed while answering"):
        graph.reach("d1", as_of="2020-03-15")
    assert Graph(MemoryStore(load_seeds(EDGE))).reach("d1", as_of="2020-03-15").results


#: (parties, day, max_hops, the datasets that reach them or they hold, with ancestors)
REACHING = [
    (["f"], "2020-03-15", 4, {"d1"}),  # a -> b -> c -> e -> f
    (["f"], "2020-03-15", 3, set()),  # flows within 3 hops name d1 and d3; neither arrives
    (["b", "c"], "2020-03-15", 4, {"d1"}),  # d3 only moves from b to c, inside the party
    (["i"], "2020-03-15", 1, {"d1", "d2"}),  # d2 from h, and d1 it is derived from
    (["h"], "2020-03-15", 1, {"d1", "d2"}),  # h holds d2
    (["g"], "2020-03-15", 4, set()),  # ag7 was rescinded on 2020-03-01
    (["g"], "2020-02-01", 4, {"d1"}),
]


def test_datasets_reaching_is_exact_in_memory() -> None:
    store = MemoryStore(load_seeds(EDGE))
    for parties, day, max_hops, expected in REACHING:
        assert store.datasets_reaching(parties, day, max_hops) == expected, (parties, max_hops)


@pytest.mark.neo4j
def test_datasets_reaching_is_exact_on_neo4j(neo4j_server: Any) -> None:
    _mem, neo = loaded_neo4j(neo4j_server, EDGE)
    for parties, day, max_hops, expected in REACHING:
        assert neo.store.datasets_reaching(parties, day, max_hops) == expected, (parties, max_hops)


def test_a_built_memory_store_is_left_out_of_later_collections() -> None:
    # A full collection would scan the whole graph (about 4 s at 1M relationships) in the
    # middle of some later question: the store's objects are frozen once built.
    import gc

    store = MemoryStore(load_seeds(EDGE))
    tracked = {id(o) for o in gc.get_objects()}  # generations 0-2: what collections scan
    assert id(store.graph) not in tracked
    assert id(store.graph._adj) not in tracked
    assert not any(id(record) in tracked for record in store.data.agreements.values())
