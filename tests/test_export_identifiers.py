"""GraphML, GEXF and nodes.csv carry the parties' identifiers, one attribute per scheme
(registry ID_SCHEMES), read back by networkx and csv; the same from Neo4j.

The graph is tests/graphs/identifiers (made-up test data); the expected values are
written by hand from it.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.interop.export import NODE_COLUMNS
from tests_support import TESTS, loaded_neo4j

IDS = TESTS / "graphs" / "identifiers"
SCHEMES = [
    "uei",
    "duns",
    "cage",
    "usaspending_agency",
    "usaspending_subagency",
    "federal_register_agency",
    "wikidata",
]
#: node -> its non-empty identifier attributes, from graph.yaml by hand
EXPECTED = {
    "dept": {
        "usaspending_agency": "070",
        "federal_register_agency": "test-department",
        "wikidata": "Q1",
    },
    "comp": {"usaspending_subagency": "7012"},
    "firm": {"uei": "ABCDEFGH1234;ZYXWVUT98765", "duns": "012345678", "cage": "1AB2C"},
    "plain": {},
    "recs": {},
}


def export(out: Path, fmt: str, *question: str) -> None:
    args = ["export", *question, "--format", fmt, "-o", str(out), "--seeds", str(IDS)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output


def identifiers(attrs: dict[str, Any]) -> dict[str, str]:
    return {s: str(attrs[s]) for s in SCHEMES if attrs.get(s) not in (None, "")}


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_carry_each_party_s_identifiers(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"graph.{fmt}"
    export(out, fmt)
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(out)
    assert {n: identifiers(a) for n, a in graph.nodes(data=True)} == EXPECTED
    # a DUNS number keeps its leading zero: a string attribute, not a number
    assert graph.nodes["firm"]["duns"] == "012345678"


def test_nodes_csv_has_a_column_per_scheme(tmp_path: Path) -> None:
    export(tmp_path / "csv", "csv")
    with (tmp_path / "csv" / "nodes.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == ["id", "name", "kind", "subkind", "sources", *SCHEMES]
        assert reader.fieldnames == NODE_COLUMNS
        rows = {row["id"]: identifiers(row) for row in reader}
    assert rows == EXPECTED


def test_an_answer_s_export_carries_them_too(tmp_path: Path) -> None:
    export(tmp_path / "reach", "csv", "reach", "recs", "--as-of", "2025-01-01")
    with (tmp_path / "reach" / "nodes.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["id"]: identifiers(row) for row in csv.DictReader(handle)}
    assert rows == {k: EXPECTED[k] for k in ("dept", "firm", "plain", "recs")}
    out = tmp_path / "path.graphml"
    export(out, "graphml", "path", "dept", "plain", "--as-of", "2025-01-01")
    graph = nx.read_graphml(out)
    assert {n: identifiers(a) for n, a in graph.nodes(data=True)} == {
        k: EXPECTED[k] for k in ("dept", "firm", "plain", "recs")
    }


@pytest.mark.neo4j
def test_neo4j_exports_the_same_identifiers(neo4j_server: Any, tmp_path: Path) -> None:
    mem, neo = loaded_neo4j(neo4j_server, IDS)
    for name, graph in (("memory", mem), ("neo4j", neo)):
        graph.export("graphml", tmp_path / f"{name}.graphml", as_of="2025-01-01")
        answer = graph.reach("recs", as_of="2025-01-01")
        graph.export("gexf", tmp_path / f"{name}.gexf", answer=answer)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        left, right = (reader(tmp_path / f"{n}.{fmt}") for n in ("memory", "neo4j"))
        assert {n: identifiers(a) for n, a in right.nodes(data=True)} == {
            n: identifiers(a) for n, a in left.nodes(data=True)
        }
    whole = nx.read_graphml(tmp_path / "neo4j.graphml")
    assert {n: identifiers(a) for n, a in whole.nodes(data=True)} == EXPECTED
