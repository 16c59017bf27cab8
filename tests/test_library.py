"""The library is as complete as the CLI: every command is a top-level call or a Graph
method, options are keyword-only, answers show as tables in Jupyter and as DataFrames.

Expected answers are read off the seeds by hand: the IRS-ICE MOU (seeds/agreements/irs.yaml)
carries irs-taxpayer-addresses from irs to ice from 2025-04-07 until it is enjoined on
2025-11-21; tests/graphs/edge and tests/graphs/hostile are small hand-made graphs.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import graphkit
from graphkit import GraphkitError, SeedError, open_graph
from graphkit.graph import Graph
from tests_support import EDGE, ROOT, TESTS

IRS = "irs-taxpayer-addresses"
MOU = "irs-ice-mou-2025"
HOSTILE = TESTS / "graphs" / "hostile"


@pytest.fixture(scope="module")
def seeds() -> Graph:
    return open_graph(ROOT / "seeds")


@pytest.fixture(scope="module")
def edge() -> Graph:
    return open_graph(EDGE)


# ----------------------------------------------------------------- top level
def test_the_top_level_names_the_whole_api() -> None:
    for name in ("open_graph", "Graph", "load", "validate", "Validation", "GraphkitError"):
        assert name in graphkit.__all__
        assert getattr(graphkit, name) is not None
    assert graphkit.Graph is Graph
    with pytest.raises(AttributeError):
        graphkit.no_such_name  # noqa: B018


def test_importing_graphkit_loads_no_question_code() -> None:
    """``graphkit --help`` stays fast: Graph, load and validate are imported on first use."""
    code = (
        "import sys, graphkit; "
        "print(sorted(m for m in sys.modules if m.startswith(('graphkit.questions', "
        "'graphkit.tasks', 'networkx', 'pandas'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------- diff, timeline
def test_diff_ice_loses_the_irs_addresses_when_the_mou_is_enjoined(seeds: Graph) -> None:
    d = seeds.diff("2025-08-01", "2025-12-15", subject=IRS)
    assert (d.from_date, d.to_date) == ("2025-08-01", "2025-12-15")
    assert [(c.party.id, c.dataset.id, c.change) for c in d.changes] == [("ice", IRS, "lost")]
    [cause] = [c for c in d.changes[0].causes if c.status == "enjoined"]
    assert (cause.agreement.id, cause.date) == (MOU, "2025-11-21")
    assert seeds.diff("2025-08-01", "2025-09-01", subject=IRS).changes == []


def test_timeline_ice_gains_on_signing_and_loses_on_the_injunction(seeds: Graph) -> None:
    t = seeds.timeline(IRS)
    gained = [(s.date, c.party.id) for s in t.steps for c in s.gained]
    lost = [(s.date, c.party.id) for s in t.steps for c in s.lost]
    assert gained == [("2025-04-07", "ice")]
    assert lost == [("2025-11-21", "ice")]
    statuses = [(s.date, c.status) for s in seeds.timeline(MOU).steps for c in s.causes]
    assert ("2025-04-07", "active") in statuses and statuses[-1] == ("2025-11-21", "enjoined")


def test_reach_before_and_after_the_injunction(seeds: Graph) -> None:
    before = seeds.reach(IRS, as_of="2025-08-01")
    assert "ice" in [item.party.id for item in before.results]
    after = seeds.reach(IRS, as_of="2025-12-15")
    assert "ice" not in [item.party.id for item in after.results]
    assert MOU in [b.agreement.id for b in after.blocked]


# ---------------------------------------------------------------- keyword-only
@pytest.mark.parametrize(
    ("method", "args"),
    [
        ("reach", (IRS, "2025-08-01")),
        ("reachable", ("ice", "2025-08-01")),
        ("path", ("irs", "ice", "2025-08-01")),
        ("view", ("irs", 1)),
        ("stats", ("2025-08-01",)),
        ("search", ("irs", 5)),
        ("resolve", ("irs", ["agency"])),
        ("diff", ("2025-08-01", "2025-12-15", IRS)),
        ("export", ("graphml", None, "2025-08-01")),
    ],
)
def test_options_by_position_are_refused(seeds: Graph, method: str, args: tuple[Any]) -> None:
    with pytest.raises(TypeError, match="positional argument"):
        getattr(seeds, method)(*args)


# --------------------------------------------------------------------- export
def test_export_an_answer_as_text_and_as_files(seeds: Graph, tmp_path: Path) -> None:
    answer = seeds.path("irs", "ice", as_of="2025-08-01")
    text = seeds.export("graphml", answer=answer)
    assert text.startswith("<?xml")
    assert f'<edge source="irs" target="ice" id="{MOU}">' in text
    [written] = seeds.export("graphml", tmp_path / "a.graphml", answer=answer)
    assert written.read_text(encoding="utf-8") == text
    files = seeds.export("csv", tmp_path / "csv", answer=answer)
    assert sorted(f.name for f in files) == ["links.csv", "nodes.csv", "records.csv", "sources.csv"]
    with (tmp_path / "csv" / "links.csv").open(encoding="utf-8") as handle:
        links = [(r["from"], r["to"], r["type"], r["agreement"]) for r in csv.DictReader(handle)]
    assert links == [("irs", "ice", "FLOWS", MOU)]
    nodes = (tmp_path / "csv" / "nodes.csv").read_text(encoding="utf-8").splitlines()
    assert sorted(line.split(",")[0] for line in nodes[1:]) == ["ice", "irs", IRS]


def test_export_the_whole_graph_matches_the_cli(edge: Graph, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from graphkit.cli import cli

    mine = edge.export("gexf", as_of="2020-03-15")
    out = tmp_path / "cli.gexf"
    args = ["export", "--format", "gexf", "-o", str(out), "--as-of", "2020-03-15"]
    result = CliRunner().invoke(cli, [*args, "--seeds", str(EDGE)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == mine
    assert '<edge source="a" target="d1"' in mine  # a, the custodian of d1
    import re

    (agreement,) = re.findall(r'<attribute id="(\d+)" title="agreement"', mine)
    assert f'<attvalue for="{agreement}" value="ag1" />' in mine  # the agreement of a flow


def test_export_ftm_and_cypher(edge: Graph) -> None:
    pytest.importorskip("followthemoney")
    lines = edge.export("ftm").splitlines()
    names = {e["properties"].get("name", [""])[0] for e in map(json.loads, lines)}
    assert {"Agency A", "Vendor H", "Dataset One"} <= names
    assert ":param rows =>" in edge.export("cypher")


def test_export_refuses_what_it_cannot_write(edge: Graph) -> None:
    with pytest.raises(GraphkitError, match="pass path"):
        edge.export("csv")
    with pytest.raises(GraphkitError, match="not one of"):
        edge.export("pdf")  # type: ignore[arg-type]
    with pytest.raises(GraphkitError, match="an answer has its own date"):
        edge.export("gexf", as_of="2020-03-15", answer=edge.reach("d1", as_of="2020-03-15"))
    with pytest.raises(GraphkitError, match="whole graph only"):
        edge.export("cypher", answer=edge.reach("d1", as_of="2020-03-15"))


# ---------------------------------------------------------------- validate, load
def test_validate_counts_the_edge_graph() -> None:
    checked = graphkit.validate(EDGE)
    assert checked.ok and checked.problems == []
    assert checked.counts == {
        "sources": 1,
        "agencies": 15,
        "vendors": 2,
        "datasets": 3,
        "agreements": 13,
    }
    assert str(checked).startswith("OK: 1 sources, 15 agencies, 2 vendors, 3 datasets")


def test_validate_returns_the_problems(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "agencies:\n  - {id: x, name: X, kind: federal, sources: [nowhere], "
        "confidence: primary_document}\n",
        encoding="utf-8",
    )
    checked = graphkit.validate(bad)
    assert not checked.ok and checked.counts == {}
    [problem] = checked.problems
    assert (Path(problem.file).name, problem.line, problem.field) == (
        "bad.yaml",
        2,
        "agency 'x' sources[0]",
    )
    assert checked.to_dict()["ok"] is False
    assert "nowhere" in checked._repr_html_()


def test_load_checks_its_options_and_the_seeds_before_connecting(tmp_path: Path) -> None:
    nowhere = "bolt://127.0.0.1:1"  # nothing listens: connecting would fail differently
    with pytest.raises(GraphkitError, match="mode 'fast' is not one of"):
        graphkit.load(EDGE, uri=nowhere, password="x", mode="fast")
    bad = tmp_path / "bad.yaml"
    bad.write_text("agencies:\n  - {id: x}\n", encoding="utf-8")
    with pytest.raises(SeedError):
        graphkit.load(bad, uri=nowhere, password="x", mode="transaction")


@pytest.mark.neo4j
def test_load_then_ask_neo4j(neo4j_server: Any) -> None:
    conn = {
        "uri": neo4j_server.uri,
        "user": neo4j_server.user,
        "password": neo4j_server.password,
        "database": neo4j_server.database,
    }
    summary = graphkit.load(EDGE, mode="transaction", **conn)
    assert summary.mode == "transaction" and summary.data_version
    with open_graph(backend="neo4j", **conn) as neo:
        assert neo.reach("d1", as_of="2020-03-15").dataset.name == "Dataset One"
    again = graphkit.load(EDGE, mode="transaction", **conn)
    assert (again.created, again.updated, again.removed) == (0, 0, 0)


# --------------------------------------------------------- Jupyter and pandas
def test_repr_html_escapes_hostile_names() -> None:
    from IPython.core.formatters import DisplayFormatter

    hostile = open_graph(HOSTILE)
    answers = [
        hostile.reach("hx-data", as_of="2021-06-01"),
        hostile.reachable("hx-long", as_of="2021-06-01"),
        hostile.path("hx-agency", "hx-long", as_of="2021-06-01"),
        hostile.view(as_of="2021-06-01"),
        hostile.show("hx-ag-vendor"),
        hostile.search("script"),
        hostile.stats(as_of="2021-06-01"),
        hostile.timeline("hx-data"),
        hostile.diff("2019-01-01", "2021-06-01", subject="hx-data"),
    ]
    for answer in answers:
        data, _metadata = DisplayFormatter().format(answer)
        shown = data["text/html"]
        assert shown.startswith('<table class="graphkit-answer">'), type(answer)
        for tag in ("<script", "<img", "<svg", "<iframe", "<a "):
            assert tag not in shown, (type(answer), tag)
    reach_html = answers[0]._repr_html_()
    assert "&lt;img src=x onerror=window.__pwned=9&gt; Vendor" in reach_html
    assert "&lt;iframe src=javascript" in answers[4]._repr_html_()


def test_to_dataframe_one_row_per_hop(seeds: Graph) -> None:
    frame = seeds.path("irs", "ice", as_of="2025-08-01").to_dataframe()
    assert list(frame.columns) == [
        "path",
        "hop",
        "from",
        "to",
        "agreement",
        "status",
        "evidence",
        "datasets",
    ]
    assert frame.values.tolist() == [[1, 1, "irs", "ice", MOU, "active", "evidenced", IRS]]


def test_to_dataframe_one_row_per_party_and_per_change(edge: Graph, seeds: Graph) -> None:
    # tests/graphs/edge on 2020-03-15 (tests/test_semantics.py): d1 reaches nine parties,
    # each by its first path's agreements; h holds d2, derived from d1, with no agreement.
    frame = edge.reach("d1", as_of="2020-03-15").to_dataframe()
    assert list(frame.columns) == [
        "party_id",
        "party",
        "kind",
        "evidence",
        "confidence",
        "paths",
        "agreements",
    ]
    assert dict(zip(frame["party_id"], frame["agreements"], strict=True)) == {
        "h": "",
        "b": "ag1",
        "j": "ag9",
        "k": "ag10",
        "o": "ag13",
        "i": "ag8",
        "c": "ag1; ag2",
        "e": "ag1; ag2; ag5",
        "f": "ag1; ag2; ag5; ag6",
    }
    assert frame.loc[frame["party_id"] == "f", "party"].tolist() == ["Agency F"]
    diff = seeds.diff("2025-08-01", "2025-12-15", subject=IRS).to_dataframe()
    assert diff[["party_id", "dataset_id", "change"]].values.tolist() == [["ice", IRS, "lost"]]


def test_to_dataframe_without_pandas_says_how_to_install(
    seeds: Graph, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(GraphkitError, match=r"pip install 'graphkit\[dataframe\]'"):
        seeds.path("irs", "ice", as_of="2025-08-01").to_dataframe()
