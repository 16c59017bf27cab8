"""Published routine uses (declared) listed apart from evidenced flows, the standard ones
counted, ``--only declared``, and what show and timeline say of a system of records.

The graph is tests/graphs/sorn (made-up test data); every expected answer is written out
by hand from it. The last test asks the same questions of Neo4j.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.cli.main import cli
from graphkit.errors import GraphkitError
from graphkit.graph import Graph
from graphkit.present.formats import render
from graphkit.questions.results import DatasetReach, PartyReach, ReachResult
from tests_support import TESTS, loaded_neo4j, same

SORN = TESTS / "graphs" / "sorn"


@pytest.fixture(scope="module")
def graph() -> Graph:
    from graphkit import open_graph

    return open_graph(SORN)


def paths(items: list[PartyReach]) -> dict[str, list[list[str]]]:
    return {it.party.id: [p.agreements for p in it.paths] for it in items}


def order(items: list[PartyReach]) -> list[str]:
    return [it.party.id for it in items]


def standard(result: ReachResult) -> list[tuple[str, str, str, list[str]]]:
    return [
        (u.agreement.id, u.routine_use, u.standard, [r.id for r in u.recipients])
        for u in result.standard_uses
    ]


def test_reach_lists_routine_uses_apart_from_the_flows(graph: Graph) -> None:
    r = graph.reach("sys", as_of="2025-06-01")
    assert order(r.results) == ["ice", "vend"]
    assert paths(r.results) == {"ice": [["mou-ice"]], "vend": [["con-v"]]}
    assert [it.evidence for it in r.results] == ["evidenced", "evidenced"]
    # by name: "Any federal...", "Test Enforcement...", "Test Homeland..."
    assert order(r.declared) == ["law-enf", "ice", "dhs"]
    assert paths(r.declared) == {
        "law-enf": [["ru-b"]],
        "ice": [["ru-a-2024"]],
        "dhs": [["ru-a-2024"]],
    }
    hops = [it.paths[0].hops[0].agreement for it in r.declared]
    assert [(h.routine_use, h.standard, h.evidence) for h in hops] == [
        ("B", None, "declared"),
        ("A", None, "declared"),
        ("A", None, "declared"),
    ]
    assert standard(r) == [
        ("ru-1", "1", "litigation", ["doj"]),
        ("ru-2", "2", "congress", ["congress"]),
        ("ru-3", "3", "breach", ["breach-help"]),
    ]
    # the 2019 version of routine use A was replaced on 1 July 2024
    assert [(b.agreement.id, b.agreement.status, b.agreement.status_since) for b in r.blocked] == [
        ("ru-a-2019", "superseded", "2024-07-01")
    ]


def test_before_the_second_version_the_first_one_is_in_force(graph: Graph) -> None:
    r = graph.reach("sys", as_of="2020-06-01")
    assert r.results == []
    assert paths(r.declared) == {"law-enf": [["ru-b"]], "dhs": [["ru-a-2019"]]}
    assert [u.agreement.id for u in r.standard_uses] == ["ru-1", "ru-2", "ru-3"]
    assert [(b.agreement.id, b.agreement.status) for b in r.blocked] == [
        ("con-v", "not_started"),
        ("mou-ice", "not_started"),
        ("ru-a-2024", "not_started"),
    ]


def test_nothing_is_declared_before_the_notice_takes_effect(graph: Graph) -> None:
    r = graph.reach("TEST/AGY-001", as_of="2019-03-31")
    assert (r.results, r.declared, r.standard_uses) == ([], [], [])


def test_standard_uses_are_listed_when_asked(graph: Graph) -> None:
    r = graph.reach("sys", as_of="2025-06-01", standard_uses=True)
    assert order(r.declared) == ["congress", "law-enf", "breach-help", "ice", "dhs", "doj"]
    assert paths(r.declared)["doj"] == [["ru-1"]]
    assert r.standard_uses == []
    assert order(r.results) == ["ice", "vend"]


@pytest.mark.parametrize("level", ["evidenced", "presumed"])
def test_evidence_evidenced_or_presumed_hides_the_declared_paths(graph: Graph, level: str) -> None:
    r = graph.reach("sys", as_of="2025-06-01", evidence=level)
    assert paths(r.results) == {"ice": [["mou-ice"]], "vend": [["con-v"]]}
    assert (r.declared, r.standard_uses) == ([], [])


def test_evidence_declared_keeps_flows_and_permissions(graph: Graph) -> None:
    r = graph.reach("sys", as_of="2025-06-01", evidence="declared")
    assert order(r.results) == ["ice", "vend"]
    assert order(r.declared) == ["law-enf", "ice", "dhs"]


def test_only_declared_shows_the_permissions_alone(graph: Graph) -> None:
    r = graph.reach("sys", as_of="2025-06-01", only="declared")
    assert r.results == []
    assert order(r.declared) == ["law-enf", "ice", "dhs"]
    assert len(r.standard_uses) == 3
    assert r.question.only == "declared"
    assert [b.agreement.id for b in r.blocked] == ["ru-a-2019"]
    evidenced = graph.reach("sys", as_of="2025-06-01", only="evidenced")
    assert order(evidenced.results) == ["ice", "vend"] and evidenced.declared == []


def test_only_works_for_reachable_and_path_too(graph: Graph) -> None:
    dhs = graph.reachable("dhs", as_of="2025-06-01", only="declared")
    assert dhs.results == [] and [d.dataset.id for d in dhs.declared] == ["sys"]
    vend = graph.reachable("vend", as_of="2025-06-01", only="declared")
    assert vend.results == [] and vend.declared == []
    chains = graph.path("agy", "ice", as_of="2025-06-01", only="declared")
    assert chains.paths == [] and [c.agreements for c in chains.declared] == [["ru-a-2024"]]


def datasets(items: list[DatasetReach]) -> dict[str, list[tuple[list[str], str]]]:
    """dataset -> each path's agreements and the party it ends at."""
    return {it.dataset.id: [(p.agreements, p.hops[-1].target.id) for p in it.paths] for it in items}


def test_reachable_lists_routine_uses_apart_from_the_flows(graph: Graph) -> None:
    # dhs counts its component ice: the MOU reaches ice (evidenced); routine use A of the
    # 2024 notice names both (declared), one path to each
    r = graph.reachable("dhs", as_of="2025-06-01")
    assert datasets(r.results) == {"sys": [(["mou-ice"], "ice")]}
    assert datasets(r.declared) == {"sys": [(["ru-a-2024"], "dhs"), (["ru-a-2024"], "ice")]}
    assert r.standard_uses == []
    assert [(d.dataset.id, len(d.paths)) for d in r.everyone()] == [("sys", 3)]
    # before the 2024 notice took effect, use A of 2019 named dhs alone
    early = graph.reachable("dhs", as_of="2024-06-01")
    assert datasets(early.declared) == {"sys": [(["ru-a-2019"], "dhs")]}
    # the category names only the class: declared, no flow
    law = graph.reachable("law-enf", as_of="2025-06-01")
    assert law.results == [] and datasets(law.declared) == {"sys": [(["ru-b"], "law-enf")]}
    evidenced = graph.reachable("dhs", as_of="2025-06-01", evidence="evidenced")
    assert evidenced.declared == [] and datasets(evidenced.results) == datasets(r.results)


def test_reachable_counts_the_standard_uses_unless_asked(graph: Graph) -> None:
    doj = graph.reachable("doj", as_of="2025-06-01")
    assert (doj.results, doj.declared) == ([], [])
    assert [(u.agreement.id, u.standard) for u in doj.standard_uses] == [("ru-1", "litigation")]
    text = render(doj, "text")
    assert "No source shows it obtaining a dataset on this date." in text
    assert "and 1 standard routine use (litigation), not listed" in text
    listed = graph.reachable("doj", as_of="2025-06-01", standard_uses=True)
    assert datasets(listed.declared) == {"sys": [(["ru-1"], "doj")]}
    assert listed.standard_uses == []


def test_path_lists_routine_uses_apart_from_the_flows(graph: Graph) -> None:
    r = graph.path("agy", "ice", as_of="2025-06-01")
    assert [c.agreements for c in r.paths] == [["mou-ice"]]
    assert [c.agreements for c in r.declared] == [["ru-a-2024"]]
    assert [[d.id for d in c.carries[0]] for c in r.declared] == [["sys"]]
    flows, declared = render(r, "text").split("May receive under a published routine use")
    assert "path 1 (evidenced" in flows and "ru-a-2024" not in flows
    assert "path 2 (declared" in declared and "(ru-a-2024), routine use A" in declared
    # after the MOU's term only the permission is left
    late = graph.path("agy", "ice", as_of="2026-06-01")
    assert late.paths == [] and [c.agreements for c in late.declared] == [["ru-a-2024"]]
    assert "No source shows data carried between them on this date (1 blocked" in render(
        late, "text"
    )
    doj = graph.path("agy", "doj", as_of="2025-06-01")
    assert (doj.paths, doj.declared) == ([], [])
    assert [u.agreement.id for u in doj.standard_uses] == ["ru-1"]
    listed = graph.path("agy", "doj", as_of="2025-06-01", standard_uses=True)
    assert [c.agreements for c in listed.declared] == [["ru-1"]]
    hidden = graph.path("agy", "ice", as_of="2025-06-01", evidence="presumed")
    assert hidden.declared == [] and [c.agreements for c in hidden.paths] == [["mou-ice"]]


def test_the_cli_and_the_tables_carry_the_declared_apart() -> None:
    def cli_json(*args: str) -> Any:
        result = CliRunner().invoke(cli, [*args, "--seeds", str(SORN), "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    shown = cli_json("reachable", "doj", "--as-of", "2025-06-01", "--standard-uses")
    assert [d["dataset"]["id"] for d in shown["declared"]] == ["sys"]
    chains = cli_json("path", "agy", "ice", "--as-of", "2025-06-01")
    assert [[h["agreement"]["id"] for h in c["hops"]] for c in chains["declared"]] == [
        ["ru-a-2024"]
    ]
    from graphkit import open_graph

    frame = open_graph(SORN).path("agy", "ice", as_of="2025-06-01").to_dataframe()
    assert list(frame["agreement"]) == ["mou-ice", "ru-a-2024"]


def test_only_and_evidence_together_are_refused(graph: Graph) -> None:
    with pytest.raises(GraphkitError) as err:
        graph.reach("sys", as_of="2025-06-01", only="declared", evidence="evidenced")
    assert err.value.argument == "only"
    with pytest.raises(GraphkitError):
        graph.reach("sys", as_of="2025-06-01", only="any")


def test_everyone_merges_a_party_in_both_sections(graph: Graph) -> None:
    r = graph.reach("sys", as_of="2025-06-01")
    merged = {it.party.id: it for it in r.everyone()}
    assert list(merged) == ["ice", "vend", "law-enf", "dhs"]
    assert [p.agreements for p in merged["ice"].paths] == [["mou-ice"], ["ru-a-2024"]]
    assert merged["ice"].evidence == "evidenced"


def test_the_text_puts_the_permissions_under_their_own_heading(graph: Graph) -> None:
    text = render(graph.reach("sys", as_of="2025-06-01"), "text")
    flows, declared = text.split("May receive under a published routine use (declared")
    assert "Test records contract (con-v)" in flows and "ru-b" not in flows
    assert "Test Homeland Department" not in flows
    assert "(ru-b), routine use B" in declared
    assert "(ru-a-2024), routine use A" in declared
    assert "and 3 standard routine uses (litigation, congress, breach), not listed" in declared
    assert "Test Justice Department" not in text  # a standard use's recipient, counted only
    listed = render(graph.reach("sys", as_of="2025-06-01", standard_uses=True), "text")
    assert "(ru-1), routine use 1 (standard: litigation)" in listed
    assert "standard routine uses (" not in listed


def test_the_json_carries_the_routine_uses() -> None:
    args = ["reach", "TEST/AGY-001", "--as-of", "2025-06-01", "--seeds", str(SORN)]
    out = CliRunner().invoke(cli, [*args, "--only", "declared", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["results"] == []
    assert [it["party"]["id"] for it in data["declared"]] == ["law-enf", "ice", "dhs"]
    hop = data["declared"][0]["paths"][0]["hops"][0]
    assert (hop["agreement"]["routine_use"], hop["agreement"]["standard"]) == ("B", None)
    assert [(u["routine_use"], u["standard"]) for u in data["standard_uses"]] == [
        ("1", "litigation"),
        ("2", "congress"),
        ("3", "breach"),
    ]
    assert data["question"]["only"] == "declared"


def test_the_cli_refuses_only_with_evidence_cleanly() -> None:
    args = ["reach", "sys", "--seeds", str(SORN), "--only", "declared", "--evidence", "presumed"]
    out = CliRunner().invoke(cli, args)
    assert out.exit_code == 1
    assert "--only" in out.output and "Traceback" not in out.output


def test_show_says_the_system_number_and_the_routine_use(graph: Graph) -> None:
    shown = graph.show("TEST/AGY-001")  # the system number finds the dataset
    assert shown.entity.id == "sys" and shown.record["system_number"] == "TEST/AGY-001"
    assert "System of records: TEST/AGY-001" in render(shown, "text")
    use = graph.show("ru-1", as_of="2025-06-01")
    assert use.record["routine_use"] == {"number": "1", "standard": "litigation"}
    text = render(use, "text")
    assert "Routine use: 1 (standard: litigation)" in text
    assert "Basis: declared" in text
    old = render(graph.show("ru-a-2019", as_of="2025-06-01"), "text")
    assert (
        "2024-07-01  superseded (replaced by a later version): modified by the 2024 notice" in old
    )
    # a declared permission is never "last evidenced"
    assert "Status on 2025-06-01: superseded since 2024-07-01, carries nothing;" in old


def test_the_timeline_of_a_system_shows_each_version(graph: Graph) -> None:
    t = graph.timeline("TEST/AGY-001")
    assert [s.date for s in t.steps] == [
        "2019-04-01",
        "2021-01-01",
        "2022-01-01",
        "2024-07-01",
        "2026-01-01",
        "2027-01-01",
    ]
    first = t.steps[0]
    assert sorted(c.party.id for c in first.gained) == [
        "breach-help",
        "congress",
        "dhs",
        "doj",
        "law-enf",
    ]
    versions = t.steps[3]
    assert [(c.agreement.id, c.status, c.routine_use) for c in versions.causes] == [
        ("ru-a-2019", "superseded", "A"),
        ("ru-a-2024", "active", "A"),
    ]
    assert versions.gained == versions.lost == []  # DHS keeps routine use A, now its 2024 text
    ice_end = t.steps[4].changed[0]
    assert (ice_end.party.id, ice_end.before, ice_end.after) == (
        "ice",
        "evidenced, single_outlet",
        "declared, primary_document",
    )
    text = render(t, "text")
    assert "(ru-a-2019), routine use A: superseded (replaced by a later version)" in text
    assert "Test Homeland Department (dhs) may now receive Test Benefit Records" in text
    assert "last evidenced" not in text


def test_the_seeds_ssa_master_files_routine_use_is_apart(seed_graph: Graph) -> None:
    r = seed_graph.reach("ssa-master-files", as_of="2025-12-01")
    assert "ssa-master-files-routine-use-2025" not in {
        a for p in r.results for a in p.paths[0].agreements
    }
    assert {"dhs", "uscis", "ice"} <= set(paths(r.declared))
    text = render(r, "text")
    head = "May receive under a published routine use (declared"
    assert head in text and "(ssa-master-files-routine-use-2025)" in text.split(head)[1]


DAYS = ["2019-03-31", "2020-06-01", "2024-07-01", "2025-06-01", "2026-06-01"]
OPTIONS: list[dict[str, Any]] = [
    {},
    {"standard_uses": True},
    {"evidence": "evidenced"},
    {"only": "declared"},
    {"only": "declared", "standard_uses": True},
]


@pytest.mark.neo4j
def test_neo4j_gives_the_same_answers(neo4j_server: Any) -> None:
    mem, neo = loaded_neo4j(neo4j_server, SORN)
    for day, options in itertools.product(DAYS, OPTIONS):
        same(mem.reach("sys", as_of=day, **options), neo.reach("sys", as_of=day, **options))
    # and by hand, so that both could not be wrong the same way
    r = neo.reach("TEST/AGY-001", as_of="2025-06-01")
    assert paths(r.declared) == {
        "law-enf": [["ru-b"]],
        "ice": [["ru-a-2024"]],
        "dhs": [["ru-a-2024"]],
    }
    assert [u.agreement.id for u in r.standard_uses] == ["ru-1", "ru-2", "ru-3"]
    for day, options in itertools.product(DAYS, OPTIONS):
        for party in ("dhs", "ice", "vend", "doj", "law-enf"):
            same(
                mem.reachable(party, as_of=day, **options),
                neo.reachable(party, as_of=day, **options),
            )
        for party in ("ice", "doj", "law-enf"):
            same(
                mem.path("agy", party, as_of=day, **options),
                neo.path("agy", party, as_of=day, **options),
            )
    # and by hand
    chains = neo.path("agy", "ice", as_of="2025-06-01")
    assert [c.agreements for c in chains.paths] == [["mou-ice"]]
    assert [c.agreements for c in chains.declared] == [["ru-a-2024"]]
    assert datasets(neo.reachable("dhs", as_of="2025-06-01").declared) == {
        "sys": [(["ru-a-2024"], "dhs"), (["ru-a-2024"], "ice")]
    }
    assert [u.agreement.id for u in neo.reachable("doj", as_of="2025-06-01").standard_uses] == [
        "ru-1"
    ]
    same(mem.timeline("TEST/AGY-001"), neo.timeline("TEST/AGY-001"))
    assert neo.show("ru-1").record["routine_use"] == {"number": "1", "standard": "litigation"}
    assert neo.show("TEST/AGY-001").record["system_number"] == "TEST/AGY-001"
