"""What changes inside a window (``diff``), and an agreement's graded status on a date
(``show``): issue 21 items 5 and 6.

Expected answers are worked out by hand: from tests/graphs/evidence/graph.yaml (fictional)
and from the seeds (the records named in each test).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli import cli
from graphkit.graph import Graph
from graphkit.present.words import standing_text
from graphkit.questions.changes import diff, timeline
from graphkit.questions.standing import Standing
from tests_support import SEEDS, TESTS

EVIDENCE = TESTS / "graphs" / "evidence"
UNKNOWN = "reported, date unknown"
YEAR = ("2025-01-01", "2026-01-01")
AT_SEEDS = ["--seeds", str(SEEDS)]


@pytest.fixture(scope="module")
def graph() -> Graph:
    return open_graph(EVIDENCE)


def dated(result: Any) -> list[tuple[Any, ...]]:
    return [
        (
            c.date,
            c.party.id,
            c.change,
            c.before,
            c.after,
            [(x.agreement.id, x.status) for x in c.causes],
        )
        for c in result.within
    ]


def test_a_pair_gained_and_lost_inside_the_window_is_listed_twice(graph: Graph) -> None:
    # Hub to X ("closed") runs 2020-01-01 .. 2020-06-01: nothing at either end
    result = diff(graph, "2019-12-01", "2020-12-01", "x")
    assert result.changes == []
    assert dated(result) == [
        ("2020-01-01", "x", "gained", None, "evidenced, primary_document", [("closed", "active")]),
        (
            "2020-06-01",
            "x",
            "lost",
            "evidenced, primary_document",
            None,
            [("closed", "terminated")],
        ),
    ]
    assert result.within[1].causes[0].sources == ["s2"] and "s2" in result.sources


def test_a_window_lists_every_dated_change_and_compares_its_ends(graph: Graph) -> None:
    result = diff(graph, "2019-12-01", "2020-12-01", "dx")
    # 2019-12-01: only reported with no date (V: stopped-first; W: undated and late);
    # 2020-12-01: W presumed (late, last evidenced 2020-09-01), Y presumed (open-old, last
    # evidenced 2020-03), Z evidenced (term, to 2020-12); X's closed window is over
    assert [(c.party.id, c.change, c.before, c.after) for c in result.changes] == [
        ("v", "ended", UNKNOWN, None),
        ("w", "gained", UNKNOWN, "presumed, single_outlet"),
        ("y", "gained", None, "presumed, single_outlet"),
        ("z", "gained", None, "evidenced, primary_document"),
    ]
    assert [(d, p, c, b, a) for d, p, c, b, a, _causes in dated(result)] == [
        ("2020-01-01", "x", "gained", None, "evidenced, primary_document"),
        ("2020-01-01", "y", "gained", None, "evidenced, single_outlet"),
        ("2020-01-01", "z", "gained", None, "evidenced, primary_document"),
        ("2020-04-01", "y", "evidence", "evidenced, single_outlet", "presumed, single_outlet"),
        ("2020-05-01", "v", "ended", UNKNOWN, None),
        ("2020-06-01", "x", "lost", "evidenced, primary_document", None),
        ("2020-09-01", "w", "gained", UNKNOWN, "evidenced, single_outlet"),
        ("2020-09-02", "w", "evidence", "evidenced, single_outlet", "presumed, single_outlet"),
    ]
    assert [(c.agreement.id, c.date, c.status) for c in result.within[4].causes] == [
        ("stopped-first", "2020-05-01", "terminated")
    ]
    # Z gains on 2020-01-01 through "term" and "chain" (Y to Z): only their events count
    assert [c.agreement.id for c in result.within[2].causes] == ["chain", "open-old", "term"]
    # the window excludes its first day: on 2020-01-01 itself the events are the state
    assert [c.date for c in diff(graph, "2020-01-01", "2020-03-01", "dx").within] == []


def test_the_irs_mou_year_names_its_gain_and_its_loss(seed_graph: Graph) -> None:
    result = diff(seed_graph, *YEAR, "irs-taxpayer-addresses")
    assert result.changes == []
    assert dated(result) == [
        (
            "2025-04-07",
            "ice",
            "gained",
            None,
            "evidenced, multiple_outlets",
            [("irs-ice-mou-2025", "active")],
        ),
        (
            "2025-11-21",
            "ice",
            "lost",
            "evidenced, multiple_outlets",
            None,
            [("irs-ice-mou-2025", "enjoined")],
        ),
    ]
    out = CliRunner().invoke(
        cli, ["diff", "--from", YEAR[0], "--to", YEAR[1], "irs-taxpayer-addresses", *AT_SEEDS]
    )
    assert "Nothing changed" not in out.output
    assert "On 2026-01-01 compared with 2025-01-01: nothing differs" in out.output
    assert "But inside the window, date by date" in out.output
    assert (
        "(irs-taxpayer-addresses): gained 2025-04-07 under IRS-ICE memorandum of understanding"
        " on taxpayer addresses (irs-ice-mou-2025), lost 2025-11-21 (enjoined)" in out.output
    )


def test_an_undated_access_cut_off_on_a_date_is_a_change(graph: Graph) -> None:
    # tests/graphs/evidence: Hub to V ("stopped-first") carries dx with no dated start and
    # is terminated on 2020-05-01 (s2): from "reported, date unknown" to nothing
    result = diff(graph, "2020-04-01", "2020-06-01", "v")
    assert [(c.dataset.id, c.change, c.before, c.after) for c in result.changes] == [
        ("dx", "ended", UNKNOWN, None)
    ]
    assert [(x.agreement.id, x.date, x.status) for x in result.changes[0].causes] == [
        ("stopped-first", "2020-05-01", "terminated")
    ]
    assert dated(result) == [
        ("2020-05-01", "v", "ended", UNKNOWN, None, [("stopped-first", "terminated")])
    ]
    assert diff(graph, "2020-05-01", "2020-06-01", "v").changes == []  # cut off before
    out = (
        CliRunner()
        .invoke(
            cli,
            ["diff", "--from", "2020-04-01", "--to", "2020-06-01", "v", "--seeds", str(EVIDENCE)],
        )
        .output
    )
    assert "- Vendor V (v), Data X (dx): reported, date unknown → terminated 2020-05-01\n" in out
    assert "- Vendor V (v), Data X (dx): ended 2020-05-01 (terminated)\n" in out
    assert "    2020-05-01  Hub to V, stopped (stopped-first): terminated [1]\n" in out
    assert "Nothing changed" not in out and "nothing differs" not in out
    steps = timeline(graph, "v").steps
    assert [(s.date, [(c.dataset.id, c.change) for c in s.changed]) for s in steps] == [
        ("2020-05-01", [("dx", "ended")])
    ]


def test_the_dmv_cut_offs_in_the_seeds_are_changes(seed_graph: Graph) -> None:
    # nlets-dmv-ice-ny: no start reported, terminated by 12 November 2025 (../2025-11-12, the
    # report's day): before then ICE may or may not still query New York's records.
    uncertain = "reported, date uncertain"
    result = diff(seed_graph, *YEAR, "dmv-records-ny")
    assert [(c.party.id, c.change, c.before, c.after) for c in result.changes] == [
        ("ice", "ended", uncertain, None)
    ]
    assert dated(result) == [
        ("2025-11-12", "ice", "ended", uncertain, None, [("nlets-dmv-ice-ny", "terminated")])
    ]
    out = CliRunner().invoke(
        cli, ["diff", "--from", YEAR[0], "--to", YEAR[1], "dmv-records-ny", *AT_SEEDS]
    )
    assert f"(dmv-records-ny): {uncertain} → terminated by 2025-11-12" in out.output
    data = json.loads(
        CliRunner()
        .invoke(
            cli, ["diff", "--from", YEAR[0], "--to", YEAR[1], "dmv-records-ny", "--json", *AT_SEEDS]
        )
        .output
    )
    assert data["within"][0]["date"] == "2025-11-12" and data["changes"][0]["change"] == "ended"
    rows = (
        CliRunner()
        .invoke(
            cli, ["diff", "--from", YEAR[0], "--to", YEAR[1], "dmv-records-wa", "--csv", *AT_SEEDS]
        )
        .output.splitlines()
    )
    assert rows[0].endswith(",sources,part") and len(rows) == 3
    assert rows[2] == (
        "2025-11-18,ice,U.S. Immigration and Customs Enforcement,dmv-records-wa,"
        'Washington DMV records,lost,"evidenced, multiple_outlets","reported, date unknown",'
        "nlets-dmv-ice-wa,terminated,2025-11-18,src-jalopnik-states-lock-out-ice,within"
    )


@pytest.mark.parametrize(
    "subject",
    ["irs-taxpayer-addresses", "dmv-records-wa", "dmv-records-ny", "clear-records", "ice"],
)
def test_a_year_diff_and_the_timeline_list_the_same_changes(
    seed_graph: Graph, subject: str
) -> None:
    for start, end in (YEAR, ("2018-01-01", "2019-01-01"), ("2019-06-15", "2025-11-20")):
        inside = [
            (c.date, c.party.id, c.dataset.id, c.change, c.before, c.after)
            for c in diff(seed_graph, start, end, subject).within
        ]
        steps = [
            (s.date, c.party.id, c.dataset.id, c.change, c.before, c.after)
            for s in timeline(seed_graph, subject).steps
            if start < s.date <= end
            for c in (*s.gained, *s.lost, *s.changed)
        ]
        assert sorted(inside) == sorted(steps), (subject, start)
    # and the two ends agree with the changes inside: WA gained and lost again in November
    assert [c.change for c in diff(seed_graph, *YEAR, "dmv-records-wa").within] == [
        "gained",
        "lost",
    ]


def test_show_grades_a_contract_past_its_term(seed_graph: Graph) -> None:
    # palantir-icm-2019: active 2019-08, a three-year term to 2022-07, nothing later
    shown = seed_graph.show("palantir-icm-2019", as_of="2026-12-03")
    assert shown.status_on == Standing(
        as_of="2026-12-03",
        status="active",
        since="2019-08",
        carries=True,
        evidence="presumed",
        last_evidenced="2019-08",
        term_end="2022-07",
        term_ended=True,
        confidence="single_outlet",
        uncertainty="no renewal or end reported",
    )
    during = seed_graph.show("palantir-icm-2019", as_of="2021-06-01").status_on
    assert during is not None
    assert (during.evidence, during.term_ended, during.uncertainty) == ("evidenced", False, None)
    assert standing_text(during) == (
        "active since 2019-08, evidenced (last evidenced 2019-08; term to 2022-07); "
        "confidence single_outlet"
    )


def test_show_grades_a_purchase_last_seen_in_2018(seed_graph: Graph) -> None:
    # venntel-ice-2018: active 2018 (single_outlet), last evidenced 2018, no end reported;
    # the agreement is multiple_outlets, the event single_outlet: the weaker counts
    late = seed_graph.show("venntel-ice-2018", as_of="2026-12-03").status_on
    assert late is not None
    assert standing_text(late) == (
        "active since 2018, presumed (last evidenced 2018, no end reported); "
        "confidence single_outlet"
    )
    assert (late.term_end, late.term_ended) == (None, False)
    then = seed_graph.show("venntel-ice-2018", as_of="2018-06-01").status_on
    assert then is not None and (then.evidence, then.last_evidenced) == ("evidenced", "2018")
    before = seed_graph.show("venntel-ice-2018", as_of="2017-06-01").status_on
    assert before is not None
    assert (before.status, before.evidence, before.last_evidenced) == ("not_started", None, None)


def test_show_grades_stopped_and_undated_agreements(seed_graph: Graph, graph: Graph) -> None:
    irs = seed_graph.show("irs-ice-mou-2025", as_of="2026-12-03").status_on
    assert irs is not None
    assert standing_text(irs) == (
        "enjoined since 2025-11-21, carries nothing (last evidenced 2025-06); "
        "confidence multiple_outlets"
    )
    # on 2025-05-01 the latest evidence on or before the day is the signing, 7 April
    assert seed_graph.show("irs-ice-mou-2025", as_of="2025-05-01").status_on == Standing(
        "2025-05-01", "active", "2025-04-07", True, "evidenced", "2025-04-07", None, False,
        "multiple_outlets", None,
    )  # fmt: skip
    # New York's block is dated "by 12 November 2025": before it, uncertain, not undated
    ny = seed_graph.show("nlets-dmv-ice-ny", as_of="2025-06-01").status_on
    assert ny is not None and (ny.status, ny.evidence) == ("uncertain", None)
    assert standing_text(ny) == (
        "uncertain: the sources say by 2025-11-12, the sources do not say if it carries data "
        "on this date; confidence single_outlet"
    )
    stopped = graph.show("stopped-first", as_of="2020-01-01").status_on
    assert stopped is not None and (stopped.status, stopped.evidence) == ("undated", "undated")
    assert stopped.uncertainty == (
        "first reported terminated 2020-05-01; it ran before that, from a date no source gives"
    )
    late = graph.show("late", as_of="2020-08-01").status_on
    assert late is not None and late.uncertainty == (
        "first reported active 2020-09-01; when it began is not reported"
    )
    term = graph.show("term", as_of="2021-02-01").status_on
    assert term is not None and standing_text(term) == (
        "active since 2020-01-01, presumed (last evidenced 2020-01-01; term ended 2020-12, "
        "no renewal or end reported); confidence primary_document"
    )
    undated = graph.show("undated").status_on
    assert undated is not None and undated.as_of == dt.date.today().isoformat()
    assert undated.uncertainty == "no source says when it ran"
    assert graph.show("x").to_dict().keys().isdisjoint({"status_on", "status_today"})


def test_show_prints_and_exports_the_status_on_a_date() -> None:
    runner = CliRunner()
    text = runner.invoke(
        cli, ["show", "palantir-icm-2019", "--as-of", "2026-12-03", *AT_SEEDS]
    ).output
    assert "Status today" not in text
    assert "Term end: 2022-07: derived: August 2019 plus the reported three-year" in text
    assert (
        "Status on 2026-12-03: active since 2019-08, presumed (last evidenced 2019-08; term "
        "ended 2022-07, no renewal or end reported); confidence single_outlet"
    ) in text
    data = json.loads(
        runner.invoke(
            cli, ["show", "venntel-ice-2018", "--as-of", "2026-12-03", "--json", *AT_SEEDS]
        ).output
    )
    assert data["status_on"] == {
        "as_of": "2026-12-03",
        "status": "active",
        "since": "2018",
        "carries": True,
        "evidence": "presumed",
        "last_evidenced": "2018",
        "term_end": None,
        "term_ended": False,
        "confidence": "single_outlet",
        "uncertainty": "no end reported",
    }
    assert data["status_today"]["status"] == "active"  # kept: today's status, ungraded
    bad = runner.invoke(cli, ["show", "venntel-ice-2018", "--as-of", "2026-13-01", *AT_SEEDS])
    assert bad.exit_code == 1 and bad.output.startswith("Error: --as-of '2026-13-01' is not")


def test_show_never_gives_evidence_from_after_the_date_asked() -> None:
    """A bounded start (``../2020-05-20``: by 20 May 2020) is evidence only from the day it
    is certain; before it the status is uncertain, in words, not in the notation."""
    from graphkit import open_graph

    graph = open_graph()
    before = graph.show("trss-targeting-operations", as_of="2020-05-19").status_on
    on = graph.show("trss-targeting-operations", as_of="2020-05-20").status_on
    assert before is not None and on is not None
    assert (before.status, before.last_evidenced) == ("uncertain", None)
    assert standing_text(before).startswith("uncertain: the sources say by 2020-05-20")
    assert (on.status, on.evidence, on.last_evidenced) == ("active", "evidenced", "../2020-05-20")
    assert "(last evidenced 2020-05-20)" in standing_text(on)
