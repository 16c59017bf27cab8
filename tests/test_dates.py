"""Uncertain dates as bounds, a date's own confidence, declared permissions (issue 21).

The graph is tests/graphs/dates/graph.yaml (fictional); every expected answer here is
worked out by hand from it: before, inside and after each window.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli import cli
from graphkit.errors import DateError
from graphkit.graph import Graph
from graphkit.ingest.validation import validate
from graphkit.model.dates import OPEN_END, OPEN_START, BoundedDate, PartialDate, parse_date
from graphkit.model.schema import json_schema
from graphkit.present.words import agreement_evidence, agreement_status
from tests_support import TESTS, loaded_neo4j, same

DATES = TESTS / "graphs" / "dates"


@pytest.fixture(scope="module")
def graph() -> Graph:
    return open_graph(DATES)


def state(graph: Graph, agreement: str, day: str) -> tuple[str, str | None, str | None]:
    """(where the agreement is in the answer, its status text, its evidence) on ``day``."""
    answer = graph.reach("dd", as_of=day)
    for item in answer.everyone():
        for path in item.paths:
            for hop in path.hops:
                if hop.agreement.id == agreement:
                    return "path", agreement_status(hop.agreement), hop.agreement.evidence
    for section in ("blocked", "uncertain", "undated"):
        for listed in getattr(answer, section):
            if listed.agreement.id == agreement:
                return section, agreement_status(listed.agreement), listed.agreement.evidence
    return "absent", None, None


# ------------------------------------------------------------------ the notation


def test_each_form_is_a_window_of_days() -> None:
    cases = {
        "../2018-06": ("before", OPEN_START, dt.date(2018, 6, 30), "by 2018-06"),
        "2024-06/..": ("after", dt.date(2024, 6, 1), OPEN_END, "on or after 2024-06"),
        "2025-06-10/2025-06-20": (
            "between",
            dt.date(2025, 6, 10),
            dt.date(2025, 6, 20),
            "between 2025-06-10 and 2025-06-20",
        ),
        "2025-06/2025-07": (
            "between",
            dt.date(2025, 6, 1),
            dt.date(2025, 7, 31),
            "between 2025-06 and 2025-07",
        ),
        "2025-06~": ("approximate", dt.date(2025, 5, 1), dt.date(2025, 7, 31), "about 2025-06"),
        "2025-06-15~": (
            "approximate",
            dt.date(2025, 6, 8),
            dt.date(2025, 6, 22),
            "mid-June 2025",
        ),
        "2025?": ("uncertain", dt.date(2024, 1, 1), dt.date(2026, 12, 31), "2025 (uncertain)"),
        "2025-12%": (
            "approximate and uncertain",
            dt.date(2025, 11, 1),
            dt.date(2026, 1, 31),
            "about 2025-12 (uncertain)",
        ),
    }
    for text, (form, first, last, words) in cases.items():
        date = parse_date(text)
        assert isinstance(date, BoundedDate), text
        assert (date.form, date.first, date.last, date.phrase(), str(date)) == (
            form,
            first,
            last,
            words,
            text,
        )


def test_plain_dates_stay_plain_and_bad_bounds_say_how_to_write_them() -> None:
    assert parse_date("2025-07-14") == PartialDate(2025, 7, 14)
    assert parse_date("2025-06") == PartialDate(2025, 6)
    for text, says in [
        ("2025-06-20/2025-06-10", "ends before it starts"),
        ("2025-13~", "no month 13"),
        ("2025-02-30/..", "not a real day"),
        ("../..", "not a date"),
        ("2025-06-XX", "not a date"),
        ("[..2018-06]", "not a date"),
        ("mid-June 2025", "../2018-06 on or before"),
    ]:
        with pytest.raises(DateError, match=re.escape(says)):
            parse_date(text)


def test_the_json_schema_describes_the_bounds() -> None:
    schema = json_schema()
    event = schema["$defs"]["StatusEvent"]["properties"]["date"]
    pattern = re.compile(event["pattern"])
    for text in ["2025", "2025-06-15", "../2018-06", "2024-06/..", "2025-06/2025-07", "2025-06~"]:
        assert pattern.match(text), text
    assert not pattern.match("mid-June")
    plain = re.compile(schema["$defs"]["Evidence"]["properties"]["date"]["pattern"])
    assert plain.match("2025-06") and not plain.match("../2025-06")


def test_a_bound_is_refused_where_a_plain_date_is_needed(tmp_path: Path) -> None:
    text = (DATES / "graph.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "last_evidenced: {date: 2020-03-10,", "last_evidenced: {date: ../2020-03-10,"
    )
    (tmp_path / "graph.yaml").write_text(text, encoding="utf-8")
    problems = validate(tmp_path)
    assert [(p.line, p.field) for p in problems] == [(63, "agreement 'coarse' last_evidenced.date")]
    assert "takes a plain date" in problems[0].message


# ------------------------------------------------------------------ answers


def test_on_or_before_is_uncertain_until_its_last_day_never_not_started(graph: Graph) -> None:
    says = "uncertain on this date: the sources say by 2020-03"
    assert state(graph, "by", "1999-01-01") == ("uncertain", says, None)
    assert state(graph, "by", "2020-03-30") == ("uncertain", says, None)
    assert state(graph, "by", "2020-03-31") == ("path", "active by 2020-03", "evidenced")
    assert state(graph, "by", "2020-04-01") == ("path", "active by 2020-03", "presumed")


def test_between_keeps_the_previous_state_before_it(graph: Graph) -> None:
    says = "uncertain on this date: the sources say between 2020-03-10 and 2020-03-20"
    assert state(graph, "between", "2019-12-31") == (
        "blocked",
        "not started (starts between 2020-03-10 and 2020-03-20)",
        None,
    )
    assert state(graph, "between", "2020-03-09") == ("blocked", "proposed since 2020-01-01", None)
    assert state(graph, "between", "2020-03-10") == ("uncertain", says, None)
    assert state(graph, "between", "2020-03-19") == ("uncertain", says, None)
    assert state(graph, "between", "2020-03-20")[::2] == ("path", "evidenced")
    assert state(graph, "between", "2020-03-21")[::2] == ("path", "presumed")


def test_approximate_is_uncertain_a_week_either_side(graph: Graph) -> None:
    says = "uncertain on this date: the sources say mid-March 2020"
    assert state(graph, "about", "2020-03-07") == (
        "blocked",
        "not started (starts mid-March 2020)",
        None,
    )
    assert state(graph, "about", "2020-03-08") == ("uncertain", says, None)
    assert state(graph, "about", "2020-03-21") == ("uncertain", says, None)
    assert state(graph, "about", "2020-03-22") == (
        "path",
        "active since mid-March 2020",
        "evidenced",
    )


def test_on_or_after_is_never_certain(graph: Graph) -> None:
    assert state(graph, "after", "2020-02-29") == (
        "blocked",
        "not started (starts on or after 2020-03)",
        None,
    )
    says = "uncertain on this date: the sources say on or after 2020-03"
    for day in ("2020-03-01", "2030-01-01"):
        assert state(graph, "after", day) == ("uncertain", says, None)


def test_a_day_precise_date_is_never_widened_by_a_month(graph: Graph) -> None:
    # event "2020-03" (a month) and last_evidenced 2020-03-10: evidence stops on the 10th
    assert state(graph, "coarse", "2020-03-10")[::2] == ("path", "evidenced")
    assert state(graph, "coarse", "2020-03-11")[::2] == ("path", "presumed")
    hop = graph.reach("dd", as_of="2020-03-31").results
    coarse = [p.hops[0].agreement for r in hop for p in r.paths if p.agreements == ["coarse"]]
    assert [(a.last_evidenced, agreement_evidence(a)) for a in coarse] == [
        ("2020-03-10", "presumed: last evidenced 2020-03-10, no end reported")
    ]


def grade_of(graph: Graph, party: str, day: str) -> tuple[str, str]:
    (item,) = [r for r in graph.reach("dd", as_of=day).everyone() if r.party.id == party]
    return item.evidence, item.confidence


def test_the_date_that_places_the_answer_counts_for_its_confidence(graph: Graph) -> None:
    # on the event's day its own (multiple_outlets) source places it
    assert grade_of(graph, "f", "2020-01-01") == ("evidenced", "multiple_outlets")
    # afterwards only the one-outlet base-year end does
    assert grade_of(graph, "f", "2020-06-01") == ("evidenced", "single_outlet")
    # past it: presumed, on the agreement's and the event's sources
    assert grade_of(graph, "f", "2021-01-01") == ("presumed", "multiple_outlets")
    # within the month event: the surer of the event and the last evidence places it
    assert grade_of(graph, "e", "2020-03-05") == ("evidenced", "multiple_outlets")


def test_a_declared_permission_is_never_evidenced(graph: Graph) -> None:
    assert grade_of(graph, "g", "2020-06-01") == ("declared", "primary_document")
    assert state(graph, "declared", "2020-06-01")[2] == "declared"
    # shown carrying data: graded like any other agreement
    assert grade_of(graph, "h", "2020-01-15") == ("evidenced", "primary_document")
    assert grade_of(graph, "h", "2020-06-01") == ("presumed", "primary_document")


def test_the_evidence_filter_orders_declared_after_presumed(graph: Graph) -> None:
    def parties(**kw: str) -> list[str]:
        return [r.party.id for r in graph.reach("dd", as_of="2020-06-01", **kw).everyone()]

    assert parties(evidence="evidenced") == ["f"]
    assert parties(evidence="presumed") == ["f", "a", "b", "c", "e", "h"]
    # declared permissions are listed apart, after the flows
    assert parties(evidence="declared") == ["f", "a", "b", "c", "e", "h", "g"]
    assert parties(only="declared") == ["g"]
    assert parties(only="presumed") == ["a", "b", "c", "e", "h"]
    assert graph.reach("dd", as_of="2020-03-15", evidence="declared").uncertain == []
    assert len(graph.reach("dd", as_of="2020-03-15").uncertain) == 4


def test_reachable_and_path_list_uncertain_agreements_too(graph: Graph) -> None:
    reachable = graph.reachable("a", as_of="2020-01-15")
    assert reachable.results == [] and [u.agreement.id for u in reachable.uncertain] == ["by"]
    path = graph.path("hub", "c", as_of="2020-03-15")
    assert path.paths == [] and [u.agreement.id for u in path.uncertain] == ["about"]


def test_stats_count_declared_and_uncertain(graph: Graph) -> None:
    assert graph.stats(as_of="2020-03-15").agreements_by_evidence == {
        "evidenced": 1,  # term-one
        "presumed": 2,  # coarse, declared-shown
        "declared": 1,
        "uncertain": 4,  # by, between, about, after
        "undated": 0,
    }
    assert graph.stats(as_of="2020-03-15").agreements_by_status["uncertain"] == 4


def test_json_and_text_say_uncertain(graph: Graph) -> None:
    runner = CliRunner()
    args = ["reach", "dd", "--as-of", "2020-01-15", "--seeds", str(DATES)]
    data = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    assert [
        (u["agreement"]["id"], u["agreement"]["status"], u["agreement"]["status_since"])
        for u in data["uncertain"]
    ] == [("by", "uncertain", "../2020-03")]
    text = runner.invoke(cli, args).output
    assert "Uncertain on this date" in text
    assert "uncertain on this date: the sources say by 2020-03" in text


@pytest.mark.neo4j
def test_both_backends_agree_on_bounds_and_declared(neo4j_server: Any) -> None:
    mem, neo = loaded_neo4j(neo4j_server, DATES)
    days = ["2019-12-31", "2020-01-15", "2020-03-08", "2020-03-10", "2020-03-15"]
    days += ["2020-03-20", "2020-03-22", "2020-03-31", "2020-06-01", "2021-01-01"]
    filters: list[dict[str, str]] = [{}, {"evidence": "presumed"}, {"evidence": "declared"}]
    filters.append({"only": "declared"})
    for day, kw in itertools.product(days, filters):
        same(mem.reach("dd", as_of=day, **kw), neo.reach("dd", as_of=day, **kw))
        for party in ("a", "b", "c", "d", "e", "f", "g", "h"):
            same(mem.reachable(party, as_of=day, **kw), neo.reachable(party, as_of=day, **kw))
            same(mem.path("hub", party, as_of=day, **kw), neo.path("hub", party, as_of=day, **kw))
        left, right = mem.stats(as_of=day).to_dict(), neo.stats(as_of=day).to_dict()
        for key in ("agreements_by_evidence", "agreements_by_status", "date_range"):
            assert left[key] == right[key], (day, key)
