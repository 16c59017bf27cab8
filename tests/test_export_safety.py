"""Exports are safe to open: a hostile name never runs as Cypher and never breaks XML.

The names here are ones the validator accepts (it keeps control characters inside a
name: they are escaped where they go, not refused).
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from click.testing import CliRunner

from graphkit.backends.memory import MemoryStore
from graphkit.backends.neo4j.cypher_text import literal
from graphkit.cli import cli
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.interop.export import cypher_script, write

#: A carriage return, then Cypher: cypher-shell ends a line at the \r and would run the rest.
INJECTED = "Evil agency\r MATCH (n) DETACH DELETE n //"
#: Every other line terminator Cypher or cypher-shell recognise, and XML-illegal controls.
TERMINATORS = "a\nb\u2028c\u2029d\u0085e"
CONTROLS = "bell\x07 escape\x1b[31m nul-free\x0b\x0c end"

SEED = f"""
sources:
  - id: s1
    publisher: Publisher
    title: "{CONTROLS.encode("unicode_escape").decode()}"
    url: https://example.org/s1
agencies:
  - id: a1
    name: "{INJECTED.encode("unicode_escape").decode()}"
    kind: federal
    sources: [s1]
    confidence: primary_document
  - id: a2
    name: "{TERMINATORS.encode("unicode_escape").decode()}"
    kind: federal
    sources: [s1]
    confidence: primary_document
datasets:
  - id: d1
    name: "{CONTROLS.encode("unicode_escape").decode()}"
    custodian: a1
    sources: [s1]
    confidence: primary_document
agreements:
  - id: g1
    name: Agreement
    kind: mou
    parties: [{{party: a1, role: provider}}, {{party: a2, role: recipient}}]
    datasets: [d1]
    status: [{{date: 2020-01-01, status: active, sources: [s1], confidence: primary_document}}]
    sources: [s1]
    confidence: primary_document
"""


@pytest.fixture()
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / "graph.yaml").write_text(SEED, encoding="utf-8")
    data = load_seeds(folder)
    assert data.agencies["a1"].name == INJECTED  # the validator keeps the name as it is
    return folder


def test_a_cypher_literal_holds_no_raw_line_terminator() -> None:
    text = literal(["x\ry", TERMINATORS, CONTROLS, "it's \\ fine"])
    assert not any(ch in text for ch in "\r\n\u2028\u2029\u0085\x07\x1b\x0b\x0c")
    assert text == (
        "['x\\u000dy', 'a\\u000ab\\u2028c\\u2029d\\u0085e', "
        "'bell\\u0007 escape\\u001b[31m nul-free\\u000b\\u000c end', 'it\\'s \\\\ fine']"
    )


def test_the_cypher_script_keeps_a_hostile_name_on_its_own_line(hostile: Path) -> None:
    script = cypher_script(load_seeds(hostile))
    assert "\r" not in script and "\u2028" not in script and "\u0085" not in script
    # every line is a :param line, a statement's own text, or blank: nothing from a name
    # starts a line of its own
    assert not [line for line in script.splitlines() if "DETACH DELETE" in line.split("'")[0]]


@pytest.mark.neo4j
def test_cypher_reads_every_escaped_string_back_as_it_was(neo4j_server: object) -> None:
    import neo4j

    server = neo4j_server
    auth = (server.user, server.password)  # type: ignore[attr-defined]
    values = [INJECTED, TERMINATORS, CONTROLS, "quote ' and \\ backslash", "\x00\x7f"]
    with neo4j.GraphDatabase.driver(server.uri, auth=auth) as driver:  # type: ignore[attr-defined]
        for value in values:
            records = driver.execute_query(
                f"RETURN {literal(value)} AS v",
                database_=server.database,  # type: ignore[attr-defined]
            ).records
            assert records[0]["v"] == value


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_read_back_whatever_the_names(hostile: Path, tmp_path: Path, fmt: str) -> None:
    graph = Graph(MemoryStore(load_seeds(hostile)))
    target = tmp_path / f"out.{fmt}"
    write(graph.view(as_of="2021-01-01"), fmt, target)
    ET.parse(target)  # well-formed XML
    back = nx.read_graphml(target) if fmt == "graphml" else nx.read_gexf(target)
    names = {attrs.get("name", attrs.get("label")) for _n, attrs in back.nodes(data=True)}
    # \x07, \x1b, \x0b and \x0c cannot be held by XML at all: each became U+FFFD
    assert "bell\ufffd escape\ufffd[31m nul-free\ufffd\ufffd end" in names
    assert INJECTED.replace("\r", "\n") in names or INJECTED in names


def test_graphml_with_lxml_present_writes_a_whole_file(hostile: Path, tmp_path: Path) -> None:
    # networkx writes GraphML through lxml when it is installed (a test dependency)
    import lxml.etree

    graph = Graph(MemoryStore(load_seeds(hostile)))
    target = tmp_path / "out.graphml"
    write(graph.view(as_of="2021-01-01"), "graphml", target)
    lxml.etree.parse(str(target))
    assert len(nx.read_graphml(target)) == 3


#: Names that start like spreadsheet formulas (OWASP's CSV-injection examples), and one
#: that starts with the apostrophe a spreadsheet reads as "text".
FORMULA_SEED = """
sources:
  - id: s1
    publisher: Publisher
    title: "@SUM(A1:A9)"
    url: https://example.org/s1
agencies:
  - id: a1
    name: '=HYPERLINK("https://evil.example","click")'
    kind: federal
    sources: [s1]
    confidence: primary_document
  - id: a2
    name: "+1+cmd|' /C calc'!A0"
    kind: federal
    sources: [s1]
    confidence: primary_document
datasets:
  - id: d1
    name: "-2+3"
    custodian: a1
    sources: [s1]
    confidence: primary_document
agreements:
  - id: g1
    name: "'quoted agreement"
    kind: mou
    parties: [{party: a1, role: provider}, {party: a2, role: recipient}]
    datasets: [d1]
    status: [{date: 2020-01-01, status: active, sources: [s1], confidence: primary_document}]
    sources: [s1]
    confidence: primary_document
"""
FORMULAS = {
    "a1": '=HYPERLINK("https://evil.example","click")',
    "a2": "+1+cmd|' /C calc'!A0",
    "d1": "-2+3",
    "s1": "@SUM(A1:A9)",
    "g1": "'quoted agreement",
}


@pytest.fixture()
def formulas(tmp_path: Path) -> Path:
    folder = tmp_path / "formulas"
    folder.mkdir()
    (folder / "graph.yaml").write_text(FORMULA_SEED, encoding="utf-8")
    return folder


def _names(data: Any) -> dict[str, str]:
    return {
        "a1": data.agencies["a1"].name,
        "a2": data.agencies["a2"].name,
        "d1": data.datasets["d1"].name,
        "s1": data.sources["s1"].title,
        "g1": data.agreements["g1"].name,
    }


def _cells(folder: Path) -> list[str]:
    cells = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            cells += [cell for row in csv.reader(handle) for cell in row]
    return cells


def test_csv_exports_never_hold_a_formula_and_read_back_unchanged(
    formulas: Path, tmp_path: Path
) -> None:
    assert _names(load_seeds(formulas)) == FORMULAS
    out, back = tmp_path / "csv", tmp_path / "back"
    runner = CliRunner()
    args = ["export", "--format", "csv", "-o", str(out), "--seeds", str(formulas)]
    done = runner.invoke(cli, args)
    assert done.exit_code == 0, done.output
    cells = _cells(out)
    assert sorted(p.name for p in out.iterdir()) == [
        "links.csv",
        "nodes.csv",
        "records.csv",
        "sources.csv",
    ]
    assert [c for c in cells if c and c[0] in "=+-@"] == []
    assert "'" + FORMULAS["a1"] in cells  # nodes.csv and records.csv
    assert "'" + FORMULAS["s1"] in cells  # records.csv: a source's title
    assert "''quoted agreement" in cells  # links.csv: a leading apostrophe is doubled
    done = runner.invoke(cli, ["import", "csv", str(out), "--into", str(back)])
    assert done.exit_code == 0, done.output
    assert _names(load_seeds(back)) == FORMULAS


def test_the_timeline_csv_never_holds_a_formula(formulas: Path) -> None:
    done = CliRunner().invoke(cli, ["timeline", "d1", "--csv", "--seeds", str(formulas)])
    assert done.exit_code == 0, done.output
    rows = list(csv.DictReader(io.StringIO(done.output)))
    # g1's one event (2020-01-01) is its latest evidence: gained that day, presumed the next
    assert [(r["date"], r["party"], r["dataset"], r["change"]) for r in rows] == [
        ("2020-01-01", "'" + FORMULAS["a2"], "'" + FORMULAS["d1"], "gained"),
        ("2020-01-02", "'" + FORMULAS["a2"], "'" + FORMULAS["d1"], "evidence"),
    ]


def test_an_existing_output_is_refused_unless_forced_and_left_intact(
    formulas: Path, tmp_path: Path
) -> None:
    runner = CliRunner()
    for fmt, name in (("gexf", "g.gexf"), ("graphml", "g.graphml"), ("cypher", "g.cypher")):
        target = tmp_path / name
        target.write_text("the previous good export", encoding="utf-8")
        args = ["export", "--format", fmt, "-o", str(target), "--seeds", str(formulas)]
        done = runner.invoke(cli, args)
        assert done.exit_code == 1, (fmt, done.output)
        assert f"output {target} exists" in done.output and "--force" in done.output
        assert "Traceback" not in done.output
        assert target.read_text(encoding="utf-8") == "the previous good export"
        done = runner.invoke(cli, [*args, "--force"])
        assert done.exit_code == 0, done.output
        assert target.read_text(encoding="utf-8") != "the previous good export"
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "links.csv").write_text("mine", encoding="utf-8")
    args = ["export", "--format", "csv", "-o", str(folder), "--seeds", str(formulas)]
    done = runner.invoke(cli, args)
    assert done.exit_code == 1 and "links.csv exists" in done.output
    assert sorted(p.name for p in folder.iterdir()) == ["links.csv"]  # nothing else written
    ftm_args = ["export", "reach", "d1", "--format", "ftm", "-o", str(tmp_path / "g.cypher")]
    done = runner.invoke(cli, [*ftm_args, "--seeds", str(formulas)])
    assert done.exit_code == 1 and "exists" in done.output


def test_an_interrupted_export_leaves_the_previous_file_and_no_partial(
    formulas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "g.graphml"
    target.write_text("the previous good export", encoding="utf-8")

    def interrupted(_graph: object, path: Path) -> None:
        Path(path).write_text("<graphml half", encoding="utf-8")
        raise KeyboardInterrupt

    monkeypatch.setattr(nx, "write_graphml", interrupted)
    graph = Graph(MemoryStore(load_seeds(formulas)))
    with pytest.raises(KeyboardInterrupt):
        write(graph.view(as_of="2021-01-01"), "graphml", target, force=True)
    assert target.read_text(encoding="utf-8") == "the previous good export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["formulas", "g.graphml"]


def test_the_ftm_export_reads_the_seeds_it_is_given(formulas: Path, tmp_path: Path) -> None:
    pytest.importorskip("followthemoney")
    target = tmp_path / "entities.jsonl"
    args = ["export", "--format", "ftm", "-o", str(target), "--seeds", str(formulas)]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 0, done.output
    names = {
        name
        for line in target.read_text(encoding="utf-8").splitlines()
        for name in json.loads(line)["properties"].get("name", [])
    }
    assert FORMULAS["a1"] in names and "Internal Revenue Service" not in names


def test_synth_refuses_a_folder_that_holds_records(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "graph.yaml").write_text(FORMULA_SEED, encoding="utf-8")
    done = CliRunner().invoke(cli, ["synth", str(seeds), "--relationships", "1k"])
    assert done.exit_code == 1 and "holds records" in done.output
    assert sorted(p.name for p in seeds.iterdir()) == ["graph.yaml"]
    assert _names(load_seeds(seeds)) == FORMULAS  # the real records, alone
    fresh = tmp_path / "fresh"
    done = CliRunner().invoke(cli, ["synth", str(fresh), "--relationships", "1k"])
    assert done.exit_code == 0, done.output
    assert {p.suffix for p in fresh.iterdir()} == {".jsonl"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging


def test_outputs_get_the_mode_a_new_file_gets(formulas: Path, tmp_path: Path) -> None:
    import os
    import stat

    old = os.umask(0o022)
    try:
        target = tmp_path / "g.graphml"
        done = CliRunner().invoke(
            cli, ["export", "--format", "graphml", "-o", str(target), "--seeds", str(formulas)]
        )
        assert done.exit_code == 0, done.output
        assert stat.S_IMODE(target.stat().st_mode) == 0o644  # not mkstemp's 0600
        target.chmod(0o640)
        done = CliRunner().invoke(
            cli,
            [
                "export",
                "--format",
                "graphml",
                "-o",
                str(target),
                "--seeds",
                str(formulas),
                "--force",
            ],
        )
        assert done.exit_code == 0, done.output
        assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its mode
    finally:
        os.umask(old)


def test_graphml_keeps_the_question_and_date(formulas: Path, tmp_path: Path) -> None:
    graph = Graph(MemoryStore(load_seeds(formulas)))
    target = tmp_path / "r.graphml"
    write(graph.reach("d1", as_of="2021-01-01"), "graphml", target)
    attrs = nx.read_graphml(target).graph
    assert (attrs["question"], attrs["as_of"]) == ("reach", "2021-01-01")


def test_a_csv_export_is_written_as_a_set(
    formulas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure on the third file leaves no file of the new export, and the rerun works."""
    import graphkit.interop.csv_records as cr

    def broken(_records: object) -> object:
        yield {"id": "x"}
        raise OSError(27, "File too large")

    monkeypatch.setattr(cr, "record_rows", broken)
    out = tmp_path / "csv"
    args = ["export", "--format", "csv", "-o", str(out), "--seeds", str(formulas)]
    done = CliRunner().invoke(cli, args)
    assert done.exit_code == 1 and "File too large" in done.output
    assert not out.exists() or list(out.iterdir()) == []
    monkeypatch.undo()
    assert CliRunner().invoke(cli, args).exit_code == 0


def test_a_file_that_appears_while_writing_is_not_replaced(tmp_path: Path) -> None:
    from graphkit.files import OutputExists, staged

    target = tmp_path / "out.txt"
    with pytest.raises(OutputExists), staged(target) as tmp:
        tmp.write_text("graphkit output", encoding="utf-8")
        target.write_text("someone else's", encoding="utf-8")  # between check and move
    assert target.read_text(encoding="utf-8") == "someone else's"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_force_before_the_subcommand_counts(formulas: Path, tmp_path: Path) -> None:
    target = tmp_path / "r.gexf"
    target.write_text("old", encoding="utf-8")
    args = ["reach", "d1", "--format", "gexf", "-o", str(target), "--seeds", str(formulas)]
    done = CliRunner().invoke(cli, ["export", "--force", *args])
    assert done.exit_code == 0, done.output
    assert target.read_text(encoding="utf-8") != "old"


def test_a_name_with_a_zero_byte_reads_back_through_csv(tmp_path: Path) -> None:
    folder = tmp_path / "nul"
    folder.mkdir()
    (folder / "graph.yaml").write_text(
        FORMULA_SEED.replace('name: "-2+3"', 'name: "data \\0 set"'), encoding="utf-8"
    )
    assert load_seeds(folder).datasets["d1"].name == "data \x00 set"
    out, back = tmp_path / "csv", tmp_path / "back"
    runner = CliRunner()
    assert (
        runner.invoke(
            cli, ["export", "--format", "csv", "-o", str(out), "--seeds", str(folder)]
        ).exit_code
        == 0
    )
    done = runner.invoke(cli, ["import", "csv", str(out), "--into", str(back)])
    assert done.exit_code == 0, done.output
    assert load_seeds(back).datasets["d1"].name == "data \x00 set"
