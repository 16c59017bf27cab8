"""Truth in time: evidence levels, confidence, blocked and undated agreements.

The graph is tests/graphs/evidence/graph.yaml (fictional); every expected answer here
is worked out by hand from it.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli import cli
from graphkit.errors import GraphkitError
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.present.words import agreement_evidence, agreement_status
from tests_support import TESTS, loaded_neo4j, same

EVIDENCE = TESTS / "graphs" / "evidence"
EARLY, LATE = "2020-02-15", "2020-10-01"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return open_graph(EVIDENCE)


def grades(graph: Graph, day: str, **filters: str) -> list[tuple[str, str, str, list[Any]]]:
    answer = graph.reach("dx", as_of=day, **filters)
    return [
        (
            item.party.id,
            item.evidence,
            item.confidence,
            [(p.agreements, p.evidence, p.confidence) for p in item.paths],
        )
        for item in answer.results
    ]


def test_every_hop_is_evidenced_while_a_source_supports_it(graph: Graph) -> None:
    assert grades(graph, EARLY) == [
        ("x", "evidenced", "primary_document", [(["closed"], "evidenced", "primary_document")]),
        # the event in force is single_outlet: the hop is as sure as its weakest source
        ("y", "evidenced", "single_outlet", [(["open-old"], "evidenced", "single_outlet")]),
        (
            "z",
            "evidenced",
            "primary_document",
            [
                (["term"], "evidenced", "primary_document"),
                (["open-old", "chain"], "evidenced", "single_outlet"),
            ],
        ),
    ]


def test_after_the_last_evidence_an_open_agreement_is_presumed(graph: Graph) -> None:
    assert grades(graph, LATE) == [
        # evidenced first: Z through its term (to December 2020); the chain through Y is
        # only presumed (Y's contract was last evidenced in March 2020)
        (
            "z",
            "evidenced",
            "primary_document",
            [
                (["term"], "evidenced", "primary_document"),
                (["open-old", "chain"], "presumed", "single_outlet"),
            ],
        ),
        ("w", "presumed", "single_outlet", [(["late"], "presumed", "single_outlet")]),
        ("y", "presumed", "single_outlet", [(["open-old"], "presumed", "single_outlet")]),
    ]
    hop = graph.reach("dx", as_of=LATE).results[2].paths[0].hops[0].agreement
    assert (hop.evidence, hop.last_evidenced) == ("presumed", "2020-03")
    assert agreement_evidence(hop) == "presumed: last evidenced 2020-03, no end reported"
    assert "s2" in hop.sources  # the source of the last evidence is cited


def test_a_reported_term_is_evidence_through_its_end_and_no_further(graph: Graph) -> None:
    [term] = [i for i in graph.reach("dx", as_of="2020-12-31").results if i.party.id == "z"]
    assert term.paths[0].agreements == ["term"] and term.paths[0].evidence == "evidenced"
    [later] = [i for i in graph.reach("dx", as_of="2021-01-01").results if i.party.id == "z"]
    assert (later.paths[0].agreements, later.paths[0].evidence) == (["term"], "presumed")


def test_blocked_agreements_are_named_with_their_event(graph: Graph) -> None:
    early = graph.reach("dx", as_of=EARLY)
    assert [
        (b.agreement.id, b.agreement.status, b.agreement.status_since) for b in early.blocked
    ] == [("proposed", "proposed", "2020-02-01")]
    late = graph.reach("dx", as_of=LATE)
    assert [(b.agreement.id, agreement_status(b.agreement)) for b in late.blocked] == [
        ("closed", "terminated since 2020-06-01"),
        ("proposed", "proposed since 2020-02-01"),
        ("stopped-first", "terminated since 2020-05-01"),
    ]
    closed = late.blocked[0]
    assert [r.id for r in closed.source] == ["hub"] and [r.id for r in closed.target] == ["x"]
    assert closed.agreement.sources == ["s1", "s2"]  # the agreement's and the event's
    assert "s2" in late.sources


def test_undated_agreements_are_listed_never_dropped(graph: Graph) -> None:
    early = graph.reach("dx", as_of=EARLY)
    # no event at all; first seen running later (start unknown); first seen being stopped
    assert [u.agreement.id for u in early.undated] == ["late", "stopped-first", "undated"]
    assert {u.agreement.status for u in early.undated} == {"undated"}
    assert [u.agreement.id for u in graph.reach("dx", as_of=LATE).undated] == ["undated"]
    shown = graph.show("undated")
    assert shown.timeline == [] and shown.status_today == {"status": "undated", "since": None}


def test_the_filters_narrow_the_answer(graph: Graph) -> None:
    evidenced = graph.reach("dx", as_of=LATE, evidence="evidenced")
    assert [(i.party.id, [p.agreements for p in i.paths]) for i in evidenced.results] == [
        ("z", [["term"]])
    ]
    assert evidenced.undated == []  # only "any" lists what no source dates
    assert [b.agreement.id for b in evidenced.blocked] == ["closed", "proposed", "stopped-first"]
    presumed = graph.reach("dx", as_of=LATE, evidence="presumed")
    assert [i.party.id for i in presumed.results] == ["z", "w", "y"] and presumed.undated == []
    sure = graph.reach("dx", as_of=EARLY, min_confidence="multiple_outlets")
    assert [(i.party.id, [p.agreements for p in i.paths]) for i in sure.results] == [
        ("x", [["closed"]]),
        ("z", [["term"]]),
    ]
    assert sure.question.min_confidence == "multiple_outlets"
    assert [u.agreement.id for u in sure.undated] == ["stopped-first"]  # the others: single
    reachable = graph.reachable("z", as_of=LATE, evidence="evidenced")
    assert [[p.agreements for p in i.paths] for i in reachable.results] == [[["term"]]]
    path = graph.path("hub", "z", as_of=LATE, min_confidence="primary_document")
    assert [p.agreements for p in path.paths] == [["term"]]
    with pytest.raises(GraphkitError, match="evidence 'some'") as raised:
        graph.reach("dx", as_of=LATE, evidence="some")
    assert raised.value.argument == "evidence"


def test_reachable_and_path_name_blocked_and_undated(graph: Graph) -> None:
    to_x = graph.reachable("x", as_of=LATE)
    assert to_x.results == []
    assert [b.agreement.id for b in to_x.blocked] == ["closed", "proposed"]
    to_w = graph.reachable("w", as_of=EARLY)
    assert to_w.results == [] and [u.agreement.id for u in to_w.undated] == ["late", "undated"]
    hub_x = graph.path("hub", "x", as_of=LATE)
    assert hub_x.paths == [] and [b.agreement.id for b in hub_x.blocked] == ["closed", "proposed"]


def test_stats_split_what_is_in_force_by_evidence(graph: Graph) -> None:
    assert graph.stats(as_of=EARLY).agreements_by_evidence == {
        "evidenced": 4,
        "presumed": 0,
        "declared": 0,
        "uncertain": 0,
        "undated": 3,
    }
    assert graph.stats(as_of=LATE).agreements_by_evidence == {
        "evidenced": 2,
        "presumed": 2,
        "declared": 0,
        "uncertain": 0,
        "undated": 1,
    }


def test_validate_warns_of_an_agreement_with_no_end_and_no_evidence(tmp_path: Path) -> None:
    data = load_seeds(EVIDENCE)
    assert [(w.line, w.field) for w in data.warnings] == [(64, "agreement 'late' status")]
    result = CliRunner().invoke(cli, ["validate", str(EVIDENCE), "--json"])
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["ok"] is True and [w["line"] for w in report["warnings"]] == [64]
    bad = (
        (EVIDENCE / "graph.yaml")
        .read_text()
        .replace(
            "last_evidenced: {date: 2020-03, sources: [s2]",
            "last_evidenced: {date: 2020-03, sources: [s9]",
        )
    )
    (tmp_path / "graph.yaml").write_text(bad)
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "last_evidenced.sources[0]" in result.output
    assert "unknown id 's9'" in result.output


def test_text_and_json_say_the_level(graph: Graph) -> None:
    runner = CliRunner()
    out = runner.invoke(cli, ["reach", "dx", "--seeds", str(EVIDENCE), "--as-of", LATE]).output
    assert "3. Agency Y (y), agency: 1 path · presumed, single_outlet" in out
    assert (
        "evidence: presumed: last evidenced 2020-03, no end reported; confidence: single_outlet"
        in out
    )
    assert "Blocked on this date" in out and "Reported, date unknown" in out
    data = json.loads(
        runner.invoke(
            cli, ["reach", "dx", "--seeds", str(EVIDENCE), "--as-of", LATE, "--json"]
        ).output
    )
    hop = data["results"][2]["paths"][0]["hops"][0]["agreement"]
    assert (hop["evidence"], hop["last_evidenced"], hop["confidence"]) == (
        "presumed",
        "2020-03",
        "single_outlet",
    )
    assert data["undated"][0]["agreement"]["status"] == "undated"
    assert [b["from"][0]["id"] for b in data["blocked"]] == ["hub", "hub", "hub"]
    filtered = runner.invoke(
        cli, ["reach", "dx", "--seeds", str(EVIDENCE), "--as-of", LATE, "--evidence", "evidenced"]
    ).output
    assert "showing: evidence at least evidenced" in filtered and "Agency Y" not in filtered


@pytest.mark.neo4j
def test_both_backends_give_the_same_evidence(neo4j_server: Any) -> None:
    mem, neo = loaded_neo4j(neo4j_server, EVIDENCE)
    days = ["2019-12-31", EARLY, "2020-04-01", "2020-05-01", LATE, "2021-01-01", "2022-01-01"]
    filters = [
        {},
        {"evidence": "evidenced"},
        {"evidence": "presumed"},
        {"min_confidence": "multiple_outlets"},
    ]
    for day, kw in itertools.product(days, filters):
        same(mem.reach("dx", as_of=day, **kw), neo.reach("dx", as_of=day, **kw))
        for party in ("x", "y", "z", "w", "v"):
            same(mem.reachable(party, as_of=day, **kw), neo.reachable(party, as_of=day, **kw))
        for b in ("x", "z", "w", "v"):
            same(mem.path("hub", b, as_of=day, **kw), neo.path("hub", b, as_of=day, **kw))
        left, right = mem.stats(as_of=day).to_dict(), neo.stats(as_of=day).to_dict()
        for key in ("agreements_by_evidence", "agreements_by_status"):
            assert left[key] == right[key], (day, key)


def test_diff_names_who_gained_and_lost_and_why(graph: Graph) -> None:
    from graphkit.questions.changes import diff

    changes = diff(graph, EARLY, LATE, "dx").changes
    # issue 21: V, only reported with no date on EARLY (stopped-first's first event is its
    # termination), is terminated by LATE: a change; W was reported with no date before
    assert [(c.party.id, c.change, c.before, c.after) for c in changes] == [
        ("v", "ended", "reported, date unknown", None),
        ("w", "gained", "reported, date unknown", "presumed, single_outlet"),
        ("x", "lost", "evidenced, primary_document", None),
        ("y", "evidence", "evidenced, single_outlet", "presumed, single_outlet"),
    ]
    ended, gained, lost, weaker = changes
    assert [(c.agreement.id, c.date, c.status) for c in ended.causes] == [
        ("stopped-first", "2020-05-01", "terminated")
    ]
    assert [(c.agreement.id, c.date, c.status) for c in gained.causes] == [
        ("late", "2020-09-01", "active"),
        ("late", "2020-09-01", "last evidenced"),  # why W is presumed on LATE
    ]
    assert [(c.agreement.id, c.date, c.status) for c in lost.causes] == [
        ("closed", "2020-06-01", "terminated")
    ]
    assert [(c.agreement.id, c.date, c.status) for c in weaker.causes] == [
        ("open-old", "2020-03", "last evidenced")
    ]
    assert diff(graph, EARLY, EARLY, "dx").changes == []
    with pytest.raises(GraphkitError, match="before"):
        diff(graph, LATE, EARLY, "dx")


def test_timeline_lists_each_dated_change_in_order(graph: Graph) -> None:
    from graphkit.questions.changes import timeline

    steps = timeline(graph, "dx").steps
    summary = [
        (
            s.date,
            sorted(c.agreement.id for c in s.causes),
            [c.party.id for c in s.gained],
            [c.party.id for c in s.lost],
            [c.party.id for c in s.changed],
        )
        for s in steps
    ]
    assert summary == [
        ("2020-01-01", ["chain", "closed", "open-old", "term"], ["x", "y", "z"], [], []),
        ("2020-02-01", ["proposed"], [], [], []),
        ("2020-04-01", ["open-old"], [], [], ["y"]),
        ("2020-05-01", ["stopped-first"], [], [], ["v"]),  # date unknown -> terminated
        ("2020-06-01", ["closed"], [], ["x"], []),
        ("2020-09-01", ["late"], ["w"], [], []),
        # its one dated event is its latest evidence: presumed from the next day on
        ("2020-09-02", ["late"], [], [], ["w"]),
        ("2021-01-01", ["term"], [], [], ["z"]),
        ("2022-01-01", ["chain"], [], [], []),
    ]
    assert [(s.date, [c.status for c in s.causes]) for s in timeline(graph, "closed").steps] == [
        ("2020-01-01", ["active"]),
        ("2020-06-01", ["terminated"]),
    ]


def test_diff_and_timeline_print_text_json_and_csv() -> None:
    runner = CliRunner()
    base = ["--seeds", str(EVIDENCE)]
    text = runner.invoke(cli, ["diff", "--from", EARLY, "--to", LATE, "dx", *base]).output
    assert "Agency X (x) can no longer obtain Data X (dx)" in text
    assert "2020-06-01  Hub to X, ended (closed): terminated [1]" in text
    data = json.loads(
        runner.invoke(cli, ["diff", "--from", EARLY, "--to", LATE, "dx", *base, "--json"]).output
    )
    assert [c["change"] for c in data["changes"]] == ["ended", "gained", "lost", "evidence"]
    rows = runner.invoke(cli, ["timeline", "dx", *base, "--csv"]).output.splitlines()
    assert rows[0].startswith("date,party_id,party,dataset_id,dataset,change,before,after")
    lost_x = '2020-06-01,x,Agency X,dx,Data X,lost,"evidenced, primary_document",,'
    assert lost_x + "closed,terminated,2020-06-01,s2" in rows


@pytest.mark.neo4j
def test_both_backends_give_the_same_diff_and_timeline(neo4j_server: Any) -> None:
    from graphkit.questions.changes import diff, timeline

    mem, neo = loaded_neo4j(neo4j_server, EVIDENCE)
    for subject in ("dx", "z", "w", None):
        left, right = (
            diff(mem, EARLY, LATE, subject).to_dict(),
            diff(neo, EARLY, LATE, subject).to_dict(),
        )
        for answer in (left, right):
            answer["question"].pop("backend"), answer["question"].pop("data")
        assert left == right, subject
    for subject in ("dx", "y", "closed"):
        left, right = timeline(mem, subject).to_dict(), timeline(neo, subject).to_dict()
        for answer in (left, right):
            answer["question"].pop("backend"), answer["question"].pop("data")
        assert left == right, subject


def test_an_answer_emptied_by_a_filter_says_so() -> None:
    runner = CliRunner()
    base = ["reach", "dx", "--seeds", str(EVIDENCE), "--as-of", "2022-01-01"]
    # on 2022-01-01 Y, W and Z can still obtain it, but only as presumed
    out = runner.invoke(cli, [*base, "--evidence", "evidenced"]).output
    nobody = "No party other than the custodian can obtain it on this date"
    assert f"{nobody} with evidence at least evidenced" in out
    assert "drop the filters to see weaker paths" in out
    assert "3. " in runner.invoke(cli, base).output


def test_diff_dates_are_named_as_options_on_the_command_line() -> None:
    runner = CliRunner()
    base = ["diff", "dx", "--seeds", str(EVIDENCE)]
    bad = runner.invoke(cli, [*base, "--from", "2020-13-01", "--to", LATE])
    assert bad.exit_code == 1 and bad.output.startswith("Error: --from '2020-13-01' is not a date")
    swapped = runner.invoke(cli, [*base, "--from", LATE, "--to", EARLY])
    assert swapped.exit_code == 1 and swapped.output.startswith(f"Error: --to {EARLY} comes before")
