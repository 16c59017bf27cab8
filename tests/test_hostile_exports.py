"""Every export of a graph whose names are the hostile corpus reads back as it was.

The corpus (tests/hostile/names.json) names agencies, datasets, agreements and a source;
each ``graphkit export`` format is written through the command line, then read back by
the reader a user would use: ``graphkit import csv`` and ``graphkit import ftm``,
networkx and lxml for GraphML and GEXF, Neo4j's cypher-shell into a real database for
the Cypher script, ``json`` for the answers. What comes back must equal the validated
records (GraphML and GEXF: with the characters XML cannot hold as U+FFFD, as documented).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
import yaml
from click.testing import CliRunner
from cypher_shell import run_cypher_shell
from hostile_seeds import (
    RECIPIENT_UEI,
    corpus,
    descriptions_of,
    drawn_names,
    names_of,
    write_seeds,
)

from graphkit.cli import cli
from graphkit.ingest.validation import load_seeds
from graphkit.model.data import GraphData
from graphkit.text import spreadsheet_value
from tests_support import connect


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GraphData]:
    folder = write_seeds(tmp_path_factory.mktemp("hostile") / "seeds", corpus())
    data = load_seeds(folder)
    # the validator accepts every name (it strips surrounding white space only)
    assert [data.agencies[f"h{i}"].name for i in range(len(corpus()))] == [
        n.strip() for n in corpus()
    ]
    return folder, data


def export(folder: Path, fmt: str, out: Path) -> None:
    result = CliRunner().invoke(
        cli, ["export", "--format", fmt, "-o", str(out), "--seeds", str(folder)]
    )
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output


@pytest.mark.parametrize("fmt", ["csv", "ftm"])
def test_csv_and_ftm_exports_import_back_equal(
    hostile: tuple[Path, GraphData], tmp_path: Path, fmt: str
) -> None:
    folder, data = hostile
    out, into = tmp_path / f"out.{fmt}", tmp_path / "back"
    export(folder, fmt, out)
    result = CliRunner().invoke(cli, ["import", fmt, str(out), "--into", str(into)])
    assert result.exit_code == 0, result.output
    back = load_seeds(into)
    assert names_of(back) == names_of(data)
    assert descriptions_of(back) == descriptions_of(data)


def test_no_csv_cell_runs_as_a_formula(hostile: tuple[Path, GraphData], tmp_path: Path) -> None:
    folder, _data = hostile
    export(folder, "csv", tmp_path / "csv")
    seen: set[str] = set()
    for table in sorted((tmp_path / "csv").glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    number = cell.lstrip("+-").replace(".", "", 1).isdigit()
                    assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r") or number, cell
                    seen.add(spreadsheet_value(cell))
    assert {"=cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"} <= seen  # kept, as text


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_read_back_with_networkx_and_lxml(
    hostile: tuple[Path, GraphData], tmp_path: Path, fmt: str
) -> None:
    from lxml import etree

    folder, data = hostile
    out = tmp_path / f"graph.{fmt}"
    export(folder, fmt, out)
    etree.parse(str(out))  # raises on any character XML cannot hold
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    got = {node: attrs.get("name", attrs.get("label")) for node, attrs in graph.nodes(data=True)}
    for _s, _t, attrs in graph.edges(data=True):
        if "agreement" in attrs:
            got[attrs["agreement"]] = attrs["agreement_name"]
    assert got == {i: n for i, n in drawn_names(data).items() if i in got}
    assert set(drawn_names(data)) <= set(got)
    # the identifiers, one attribute per scheme, beside the hostile names
    assert graph.nodes["ice"]["uei"] == RECIPIENT_UEI
    assert {graph.nodes[f"h{i}"]["uei"] for i in range(len(corpus()))} == {""}


def test_nodes_csv_carries_the_identifiers(hostile: tuple[Path, GraphData], tmp_path: Path) -> None:
    folder, _data = hostile
    export(folder, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "nodes.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert rows["ice"]["uei"] == RECIPIENT_UEI and rows["h0"]["uei"] == ""


@pytest.mark.parametrize("scheme", ["uei", "federal_register_agency", "wikidata", "duns"])
def test_a_hostile_identifier_value_is_refused_naming_its_field(
    tmp_path: Path, scheme: str
) -> None:
    # no hostile string follows an identifier scheme's pattern, so none reaches an export
    for n, name in enumerate(corpus()):
        folder = write_seeds(tmp_path / f"s{n}", ["plain name"])
        seeds = yaml.safe_load((folder / "graph.yaml").read_text(encoding="utf-8"))
        bad = {"scheme": scheme, "value": name, "sources": ["s1"]}
        seeds["agencies"][0]["identifiers"].append(bad)
        (folder / "graph.yaml").write_text(yaml.safe_dump(seeds), encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(folder)])
        assert result.exit_code == 1 and "Traceback" not in result.output, (name, result.output)
        assert "identifiers" in result.output and "graph.yaml" in result.output


def test_json_answers_hold_every_name(hostile: tuple[Path, GraphData]) -> None:
    from graphkit.backends.memory import MemoryStore
    from graphkit.graph import Graph
    from graphkit.present.formats import render

    folder, data = hostile
    graph = Graph(MemoryStore(data))
    names = {i: n for i, n in names_of(data).items() if i != "s1"}
    for ident, name in names.items():
        assert json.loads(render(graph.show(ident), "json"))["entity"]["name"] == name
    result = CliRunner().invoke(cli, ["show", "g0", "--json", "--seeds", str(folder)])
    assert result.exit_code == 0, result.output  # and the command prints the same
    assert json.loads(result.stdout)["entity"]["name"] == names["g0"]


@pytest.mark.neo4j
def test_the_cypher_script_runs_in_cypher_shell_and_holds_every_name(
    hostile: tuple[Path, GraphData], tmp_path: Path, neo4j_server: Any
) -> None:
    folder, data = hostile
    out = tmp_path / "graph.cypher"
    export(folder, "cypher", out)
    driver, database = connect(neo4j_server)
    with driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
        try:
            done = run_cypher_shell(neo4j_server, out.read_text(encoding="utf-8"))
            assert done.returncode == 0, done.stderr[-2000:]
            rows = driver.execute_query(
                "MATCH (n:Entity) RETURN n.id AS id, n.name AS name, n.publisher AS publisher",
                database_=database,
            ).records
            nodes = driver.execute_query(
                "MATCH (n) RETURN count(n) AS n", database_=database
            ).records[0]["n"]
        finally:  # leave an empty database: the next test loads what it needs
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
    got = {r["id"]: (r["publisher"], r["name"]) if r["publisher"] else r["name"] for r in rows}
    assert got == names_of(data)
    assert nodes == len(got) + 1  # the records and the load's GraphkitMeta: nothing else ran
