"""Reach semantics on a small hand-made graph (tests/graphs/edge), answers written by hand.

The graph: A holds d1. ag1 A->B (mou, enjoined 2020-06-15), ag2 B->C, ag3 C->A and
ag4 C->B (cycles), ag5 C->E, ag6 E->F, ag7 A->G (rescinded 2020-03-01), ag9 A->J
(active from 2020-02, effective to 2020-04), ag10 A->K through network L, ag11 A->M
(d3 only), ag12 A->N (proposed), ag13 A->O (limited). d2 is derived from d1 and held
by vendor H, who sells it to vendor I (ag8). C is a component of B.
"""

from __future__ import annotations

import pytest

from graphkit.errors import Ambiguous, NotFound
from graphkit.graph import Graph


def first_paths(graph: Graph, dataset: str, day: str, **kw: int) -> dict[str, list[str]]:
    result = graph.reach(dataset, as_of=day, **kw)
    return {item.party.id: item.paths[0].agreements for item in result.results}


def test_reach_on_a_plain_day(edge_graph: Graph) -> None:
    assert first_paths(edge_graph, "d1", "2020-03-15") == {
        "h": [],
        "b": ["ag1"],
        "j": ["ag9"],
        "k": ["ag10"],
        "o": ["ag13"],
        "i": ["ag8"],
        "c": ["ag1", "ag2"],
        "e": ["ag1", "ag2", "ag5"],
        "f": ["ag1", "ag2", "ag5", "ag6"],
    }


def test_results_are_ordered_by_hops_then_name(edge_graph: Graph) -> None:
    ids = [item.party.id for item in edge_graph.reach("d1", as_of="2020-03-15").results]
    assert ids == ["h", "b", "j", "k", "o", "i", "c", "e", "f"]


def test_custodian_is_named_and_not_a_result(edge_graph: Graph) -> None:
    result = edge_graph.reach("d1", as_of="2020-03-15")
    assert result.custodian.id == "a"
    assert "a" not in [item.party.id for item in result.results]


def test_rescinded_agreement_stops_on_its_date(edge_graph: Graph) -> None:
    assert first_paths(edge_graph, "d1", "2020-02-29")["g"] == ["ag7"]
    assert "g" not in first_paths(edge_graph, "d1", "2020-03-01")


def test_enjoined_agreement_breaks_the_whole_chain(edge_graph: Graph) -> None:
    before = first_paths(edge_graph, "d1", "2020-06-14")
    after = first_paths(edge_graph, "d1", "2020-06-15")
    assert {"b", "c", "e", "f"} <= set(before)
    assert not {"b", "c", "e", "f"} & set(after)


def test_status_on_the_date_is_explained(edge_graph: Graph) -> None:
    result = edge_graph.reach("d1", as_of="2020-03-15")
    hop = result.results[1].paths[0].hops[0]
    assert (hop.agreement.id, hop.agreement.status, hop.agreement.status_since) == (
        "ag1",
        "active",
        "2020-01-01",
    )
    assert hop.agreement.sources == ["s1"]
    assert "s1" in result.sources


def test_partial_dates_start_on_first_day_and_end_on_last(edge_graph: Graph) -> None:
    assert "j" not in first_paths(edge_graph, "d1", "2020-01-31")
    assert "j" in first_paths(edge_graph, "d1", "2020-02-01")
    assert "j" in first_paths(edge_graph, "d1", "2020-04-30")
    assert "j" not in first_paths(edge_graph, "d1", "2020-05-01")


def test_before_anything_started(edge_graph: Graph) -> None:
    # Only ag7 (from 2019) carries; the derived product exists whatever the date.
    assert first_paths(edge_graph, "d1", "2019-12-31") == {"h": [], "g": ["ag7"]}


def test_cycles_never_repeat_a_party(edge_graph: Graph) -> None:
    result = edge_graph.reach("d1", as_of="2020-03-15", max_paths=50)
    for item in result.results:
        for path in item.paths:
            parties = (
                [path.hops[0].source.id] + [h.target.id for h in path.hops] if path.hops else []
            )
            assert len(parties) == len(set(parties))
    c = next(item for item in result.results if item.party.id == "c")
    assert [p.agreements for p in c.paths] == [["ag1", "ag2"]]


def test_hop_limit(edge_graph: Graph) -> None:
    assert set(first_paths(edge_graph, "d1", "2020-03-15", max_hops=1)) == {
        "h",
        "b",
        "j",
        "k",
        "o",
        "i",
    }
    assert "f" not in first_paths(edge_graph, "d1", "2020-03-15", max_hops=3)
    assert "e" in first_paths(edge_graph, "d1", "2020-03-15", max_hops=3)


def test_other_dataset_proposed_and_intermediary_do_not_reach(edge_graph: Graph) -> None:
    reached = first_paths(edge_graph, "d1", "2020-03-15")
    assert not {"m", "n", "l"} & set(reached)


def test_intermediary_is_named_on_the_hop(edge_graph: Graph) -> None:
    result = edge_graph.reach("d1", as_of="2020-03-15")
    k = next(item for item in result.results if item.party.id == "k")
    assert [v.id for v in k.paths[0].hops[0].via] == ["l"]


def test_derived_dataset_paths_name_the_derivation(edge_graph: Graph) -> None:
    result = edge_graph.reach("d1", as_of="2020-03-15")
    i = next(item for item in result.results if item.party.id == "i")
    path = i.paths[0]
    assert [d.id for d in path.derivation] == ["d1", "d2"]
    assert path.dataset is not None and path.dataset.id == "d2"
    assert [d.id for d in path.hops[0].datasets] == ["d2"]
    # Asked about the derived dataset itself, there is no derivation to explain.
    direct = edge_graph.reach("d2", as_of="2020-03-15")
    assert [(it.party.id, it.paths[0].derivation) for it in direct.results] == [("i", [])]


def test_limited_status_carries_with_its_note(edge_graph: Graph) -> None:
    result = edge_graph.reach("d1", as_of="2020-03-15")
    o = next(item for item in result.results if item.party.id == "o")
    assert o.paths[0].hops[0].agreement.status == "limited"
    assert o.paths[0].hops[0].agreement.status_note == "six categories only"


def test_reachable_is_reach_turned_around(edge_graph: Graph) -> None:
    day = "2020-03-15"
    data = edge_graph.store.data
    parties = [a.id for a in data.agencies.values()] + list(data.vendors)
    for dataset in edge_graph.store.data.datasets:
        reach = {it.party.id: it.paths for it in edge_graph.reach(dataset, as_of=day).results}
        for party in parties:
            back = edge_graph.reachable(party, as_of=day, components=False)
            mine = {it.dataset.id: it.paths for it in back.results}
            assert (dataset in mine) == (party in reach), (dataset, party)
            if party in reach:
                assert mine[dataset] == reach[party]


def test_reachable_counts_components(edge_graph: Graph) -> None:
    with_c = edge_graph.reachable("b", as_of="2020-03-15")
    assert [p.id for p in with_c.parties] == ["b", "c"]
    assert [(it.dataset.id, [p.agreements for p in it.paths]) for it in with_c.results] == [
        ("d1", [["ag1"], ["ag1", "ag2"]])
    ]
    alone = edge_graph.reachable("b", as_of="2020-03-15", components=False)
    assert [[p.agreements for p in it.paths] for it in alone.results] == [[["ag1"]]]


def test_reachable_through_a_derived_product(edge_graph: Graph) -> None:
    result = edge_graph.reachable("i", as_of="2020-03-15")
    assert [it.dataset.id for it in result.results] == ["d1", "d2"]
    assert edge_graph.reachable("h", as_of="2020-03-15").holds[0].id == "d2"


def test_path_between_parties(edge_graph: Graph) -> None:
    assert [p.agreements for p in edge_graph.path("a", "c", as_of="2020-03-15").paths] == [
        ["ag1", "ag2"]
    ]
    assert [p.agreements for p in edge_graph.path("c", "a", as_of="2020-03-15").paths] == [["ag3"]]
    assert edge_graph.path("a", "c", as_of="2020-07-01").paths == []
    # A dataset filter keeps only chains that carry it on every hop.
    assert edge_graph.path("a", "m", as_of="2020-03-15", dataset="d1").paths == []
    assert [p.agreements for p in edge_graph.path("a", "m", as_of="2020-03-15").paths] == [["ag11"]]


def test_paths_per_party_are_capped_and_flagged(edge_graph: Graph) -> None:
    result = edge_graph.path("c", "b", as_of="2020-03-15", max_paths=1)
    # c->b directly (ag4), or c->a->b (ag3, ag1).
    assert [p.agreements for p in result.paths] == [["ag4"]]
    assert result.more_paths
    full = edge_graph.path("c", "b", as_of="2020-03-15", max_paths=10)
    assert [p.agreements for p in full.paths] == [["ag4"], ["ag3", "ag1"]]
    assert not full.more_paths


def test_names_aliases_and_ambiguity(edge_graph: Graph) -> None:
    assert edge_graph.resolve("aa").id == "a"
    assert edge_graph.resolve("D-ONE", kinds=["dataset"]).id == "d1"
    with pytest.raises(Ambiguous, match=r"twin-1.*twin-2"):
        edge_graph.resolve("twin")
    with pytest.raises(NotFound, match="no dataset called 'nothing'"):
        edge_graph.resolve("nothing", kinds=["dataset"])
    with pytest.raises(NotFound):
        edge_graph.reach("a")  # a party is not a dataset


def test_answers_are_deterministic(edge_graph: Graph) -> None:
    one = edge_graph.reach("d1", as_of="2020-03-15").to_dict()
    two = edge_graph.reach("d1", as_of="2020-03-15").to_dict()
    assert one == two


def test_empty_answer(edge_graph: Graph) -> None:
    assert edge_graph.reach("d3", as_of="2019-01-01").results == []
