"""Exports read back with every attribute, and the Cypher script recreates the graph."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.interop.export import LINK_COLUMNS, cypher_script
from tests_support import EDGE, SEEDS, connect, same

IRS_HOP = {
    "agreement": "irs-ice-mou-2025",
    "agreement_kind": "mou",
    "signed": "2025-04-07",
    "status": "active",
    "status_since": "2025-05-12",
    "evidence": "evidenced",
    "confidence": "multiple_outlets",
    "datasets": "irs-taxpayer-addresses",
}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_the_whole_graph_reads_back_with_its_attributes(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"graph.{fmt}"
    args = ["export", "--format", fmt, "-o", str(out), "--as-of", "2025-08-01", "--seeds", SEEDS]
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    graph = nx.read_graphml(out) if fmt == "graphml" else nx.read_gexf(out)
    data = load_seeds(SEEDS)
    parties_and_datasets = {*data.agencies, *data.vendors, *data.datasets}
    assert set(graph.nodes) == parties_and_datasets
    assert graph.nodes["irs"]["kind"] == "agency" and graph.nodes["irs"]["name"] == (
        "Internal Revenue Service"
    )
    edge = next(
        a
        for _u, _v, a in graph.edges("irs", data=True)
        if a.get("agreement") == IRS_HOP["agreement"]
    )
    assert {k: edge[k] for k in IRS_HOP} == IRS_HOP and edge["relation"] == "FLOWS"
    assert str(edge["carries"]).lower() == "true"
    assert "src-americanoversight-irs-ice-mou" in edge["sources"].split(";")


def test_an_answer_exports_as_csv_nodes_and_links(tmp_path: Path) -> None:
    out = tmp_path / "irs"
    args = ["export", "reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01"]
    result = CliRunner().invoke(
        cli, [*args, "--format", "csv", "-o", str(out), "--seeds", str(SEEDS)]
    )
    assert result.exit_code == 0, result.output
    with (out / "nodes.csv").open() as handle:
        nodes = {row["id"]: row for row in csv.DictReader(handle)}
    assert set(nodes) == {"irs", "ice", "irs-taxpayer-addresses"}
    with (out / "links.csv").open() as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == LINK_COLUMNS
        links = list(reader)
    flows = [row for row in links if row["type"] == "FLOWS"]
    assert [(r["from"], r["to"]) for r in flows] == [("irs", "ice")]
    assert {k: flows[0][k] for k in IRS_HOP} == IRS_HOP
    assert [(r["from"], r["to"], r["type"]) for r in links if r["type"] != "FLOWS"] == [
        ("irs", "irs-taxpayer-addresses", "CUSTODIAN_OF")
    ]


def run_script(driver: Any, database: str, script: str) -> None:
    """Run a cypher-shell script: ``:param name => literal`` lines set parameters (the
    server evaluates each literal), every other statement runs with them."""
    params: dict[str, Any] = {}
    for statement in script.split(";\n"):
        lines = statement.strip().splitlines()
        query = []
        for line in lines:
            if line.startswith(":param "):
                name, expr = line[len(":param ") :].split(" => ", 1)
                records = driver.execute_query(f"RETURN {expr} AS value", database_=database)
                params[name] = records.records[0]["value"]
            else:
                query.append(line)
        text = "\n".join(query).strip().rstrip(";")
        if text:
            driver.execute_query(text, params, database_=database)


@pytest.mark.neo4j
def test_the_cypher_script_recreates_the_graph(neo4j_server: Any) -> None:
    data = load_seeds(EDGE)
    script = cypher_script(data, batch=7)
    assert script.count(":param rows =>") > 10  # batches of 7 rows
    driver, database = connect(neo4j_server)
    with driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
        try:
            run_script(driver, database, script)
            neo = Graph(Neo4jStore(driver, database))
            mem = open_graph(EDGE)
            for dataset in sorted(data.datasets):
                same(mem.reach(dataset, as_of="2020-03-15"), neo.reach(dataset, as_of="2020-03-15"))
            for party in ("b", "f"):
                same(
                    mem.reachable(party, as_of="2020-03-15"),
                    neo.reachable(party, as_of="2020-03-15"),
                )
            assert neo.stats(as_of="2020-03-15").counts == mem.stats(as_of="2020-03-15").counts
        finally:  # leave an empty database: the next test loads what it needs
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=database)
