"""What a path carries (issue 21 item 4): a path is one dataset, or data derived from it,
moving on every hop. Answers are worked out by hand from tests/graphs/carry/graph.yaml;
the same checks run on Neo4j, and both backends give the same whole answers."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.memory import MemoryStore
from graphkit.cli import cli
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.questions.carry import carried_along
from tests_support import TESTS, loaded_neo4j, same

CARRY = TESTS / "graphs" / "carry"
DAY = "2020-03-15"


def carried(path: Any) -> list[list[str]]:
    return [[d.id for d in flow] for flow in path.carries]


def moves(path: Any) -> list[list[str]]:
    return [[d.id for d in hop.datasets] for hop in path.hops]


def check_answers(g: Graph) -> None:
    """The hand-written answers, on any backend."""
    # A plain chain: x on both hops; ag-ae also moves v, which goes no further.
    [plain] = g.path("a", "f", as_of=DAY).paths
    assert plain.agreements == ["ag-ae", "ag-ef"]
    assert carried(plain) == [["x"]] and not plain.connectivity_only
    assert moves(plain) == [["x"], ["x"]]

    # A switch: x into B, only y out of it. Not a path; with any_data, one, labelled.
    switch = g.path("a", "c", as_of=DAY)
    assert switch.paths == [] and switch.undated == []
    [conn] = g.path("a", "c", as_of=DAY, any_data=True).paths
    assert conn.agreements == ["ag-ab", "ag-bc"]
    assert conn.connectivity_only and conn.carries == []
    assert moves(conn) == [["x"], ["y"]]  # a connection names everything each hop moves
    # The undated agreement is on a switch chain: reported only with any_data.
    assert [u.agreement.id for u in g.path("a", "c", as_of=DAY, any_data=True).undated] == [
        "ag-bc-undated"
    ]

    # A derivation step: B holds z, derived from the x it receives, and sends it on.
    [derived] = g.path("a", "d", as_of=DAY).paths
    assert derived.agreements == ["ag-ab", "ag-bd"]
    assert carried(derived) == [["x", "z"]] and not derived.connectivity_only
    assert moves(derived) == [["x"], ["z"]]
    assert [p.agreements for p in g.path("a", "d", as_of=DAY, any_data=True).paths] == [
        ["ag-ab", "ag-bd"]
    ]
    assert not g.path("a", "d", as_of=DAY, any_data=True).paths[0].connectivity_only

    # w is derived from x too, but Q holds it, not B: B did not make it from what arrived.
    assert g.path("a", "g", as_of=DAY).paths == []
    [other] = g.path("a", "g", as_of=DAY, any_data=True).paths
    assert other.agreements == ["ag-ab", "ag-bg"] and other.connectivity_only

    # The cap counts paths that carry data: the shorter switch to H is passed over.
    capped = g.path("a", "h", as_of=DAY, max_paths=1)
    assert [p.agreements for p in capped.paths] == [["ag-ae", "ag-ef", "ag-fh"]]
    assert not capped.more_paths
    assert carried(capped.paths[0]) == [["x"]]
    # With any_data the order is the old one (fewest hops first), each path labelled.
    loose = g.path("a", "h", as_of=DAY, max_paths=1, any_data=True)
    assert [p.agreements for p in loose.paths] == [["ag-ab", "ag-bh"]] and loose.more_paths
    both = g.path("a", "h", as_of=DAY, any_data=True).paths
    assert [(p.agreements, p.connectivity_only) for p in both] == [
        (["ag-ab", "ag-bh"], True),
        (["ag-ae", "ag-ef", "ag-fh"], False),
    ]

    # --dataset: chains carrying that dataset on every hop, named as what they carry.
    [only] = g.path("a", "h", as_of=DAY, dataset="x").paths
    assert only.agreements == ["ag-ae", "ag-ef", "ag-fh"] and carried(only) == [["x"]]
    assert g.path("a", "d", as_of=DAY, dataset="x").paths == []  # z is not x on the second hop


@pytest.fixture(scope="module")
def carry_graph() -> Graph:
    return Graph(MemoryStore(load_seeds(CARRY)))


def test_paths_carry_one_dataset_end_to_end_in_memory(carry_graph: Graph) -> None:
    check_answers(carry_graph)


def test_a_flow_follows_a_derivation_only_where_the_derived_data_is_held() -> None:
    hops = (("ag1", "a", "b"), ("ag2", "b", "c"))
    closures = {"x": {"x": ("x",), "z": ("x", "z")}, "v": {"v": ("v",)}}
    flows = carried_along(hops, {"ag1": ["x", "v"], "ag2": ["x", "z"]}, {"z": "b"}, closures)
    assert flows == [(("x",), ("x", "x")), (("x", "z"), ("x", "z"))]  # v goes no further
    assert carried_along(hops, {"ag1": ["x"], "ag2": ["z"]}, {"z": "c"}, closures) == []
    assert carried_along(hops, {"ag1": ["v"], "ag2": ["x"]}, {}, closures) == []


def test_the_cli_labels_connectivity_in_text_and_json() -> None:
    run = CliRunner().invoke
    args = ["path", "a", "c", "--seeds", str(CARRY), "--as-of", DAY]
    text = run(cli, args)
    assert text.exit_code == 0, text.output
    assert "No chain of agreements carries data between them" in text.output
    loose = run(cli, [*args, "--any-data"])
    assert loose.exit_code == 0, loose.output
    assert "connectivity only: the data changes along the way" in loose.output
    answer = json.loads(run(cli, [*args, "--any-data", "--json"]).output)
    [path] = answer["paths"]
    assert path["connectivity_only"] is True and path["carries"] == []
    derived = run(cli, ["path", "a", "d", "--seeds", str(CARRY), "--as-of", DAY])
    assert "carries: Records X → Product Z" in derived.output
    shape = json.loads(
        run(cli, ["path", "a", "d", "--seeds", str(CARRY), "--as-of", DAY, "--json"]).output
    )
    assert [[d["id"] for d in flow] for flow in shape["paths"][0]["carries"]] == [["x", "z"]]
    assert shape["paths"][0]["connectivity_only"] is False


@pytest.mark.neo4j
def test_paths_carry_one_dataset_end_to_end_on_neo4j(neo4j_server: Any) -> None:
    mem, neo = loaded_neo4j(neo4j_server, CARRY)
    check_answers(neo)
    parties = ["a", "b", "c", "d", "e", "f", "g", "h"]
    for a in parties:
        for b in parties:
            if a == b:
                continue
            for kw in ({}, {"any_data": True}, {"max_paths": 1}, {"dataset": "x"}):
                same(mem.path(a, b, as_of=DAY, **kw), neo.path(a, b, as_of=DAY, **kw))


def test_the_view_labels_what_each_path_carries(carry_graph: Graph) -> None:
    from graphkit.viz import path_view

    loose = path_view(carry_graph, "a", "h", as_of=DAY, any_data=True, slider=False).html
    assert loose.count("connectivity only: the data changes along the way") == 1
    assert "carries: Records X</bdi>" in loose
    strict = path_view(carry_graph, "a", "h", as_of=DAY, slider=False).html
    assert "connectivity only" not in strict and "carries: Records X</bdi>" in strict
