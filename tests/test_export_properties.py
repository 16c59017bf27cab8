"""Property-based tests (Hypothesis): any name the validator accepts survives every export.

A name is drawn from all of Unicode, weighted towards the characters that broke exports
before (line terminators, controls, quotes, formula starts, XML-invalid characters);
when the validator accepts it, it names an agency, a dataset, an agreement and a source,
and each export must read back equal: CSV and FtM through graphkit's own imports,
GraphML and GEXF through networkx (with what XML cannot hold as U+FFFD), the Cypher
script through a reader of the literals it writes, JSON through ``json``. Example
counts are kept small: the whole file runs in seconds.
"""

from __future__ import annotations

import io
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import networkx as nx
from hostile_seeds import descriptions_of, drawn_names, names_of, write_seeds
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from graphkit.backends.neo4j.cypher_text import literal
from graphkit.errors import SeedError
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from graphkit.interop.csv_import import plan_csv
from graphkit.interop.ftm_import import plan_ftm
from graphkit.interop.seedout import write_plan
from graphkit.model.data import GraphData
from graphkit.present.formats import render

#: What broke an export before: every line terminator, controls, quotes and escapes,
#: spreadsheet formula starts, XML's impossible characters, bidi controls.
TRICKY = list("\r\n\x85\u2028\u2029\x00\x07\x0b\x0c\x1b\x1f\x7f\x9f\ufffe\uffff\u202e\u200f")
TRICKY += list("'\"`\\;,=+-@<>&{}[]$%: \t")
NAMES = st.text(
    alphabet=st.one_of(st.sampled_from(TRICKY), st.characters(exclude_categories=["Cs"])),
    min_size=1,
    max_size=40,
)
FEW = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def accepted(folder: Path, name: str) -> GraphData:
    """The seeds naming everything ``name``; the example is dropped when the validator
    refuses them."""
    write_seeds(folder, [name])
    try:
        return load_seeds(folder)
    except SeedError:
        assume(False)
        raise AssertionError("unreachable") from None


def read_literal(text: str, at: int = 0) -> tuple[Any, int]:
    """A Cypher literal as graphkit writes it (:func:`literal`), parsed back: the reader
    that checks nothing was lost in the escaping."""
    char = text[at]
    if char == "'":
        out, at = [], at + 1
        while text[at] != "'":
            if text[at] == "\\":
                code = text[at + 1]
                if code == "u":
                    out.append(chr(int(text[at + 2 : at + 6], 16)))
                    at += 6
                    continue
                out.append({"n": "\n", "r": "\r", "t": "\t"}.get(code, code))
                at += 2
                continue
            out.append(text[at])
            at += 1
        return "".join(out), at + 1
    if char in "[{":
        close, items, pairs = "]" if char == "[" else "}", [], {}
        at += 1
        while text[at] != close:
            if char == "{":
                key = re.match(r"`((?:[^`]|``)*)`|([A-Za-z_][A-Za-z0-9_]*)", text[at:])
                assert key is not None, text[at : at + 20]
                name = key.group(2) or key.group(1).replace("``", "`")
                at += key.end() + 2  # ": "
                pairs[name], at = read_literal(text, at)
            else:
                value, at = read_literal(text, at)
                items.append(value)
            at += 2 if text.startswith(", ", at) else 0
        return (items if char == "[" else pairs), at + 1
    token = re.match(r"null|true|false|-?[0-9][0-9.eE+-]*", text[at:])
    assert token is not None, text[at : at + 20]
    word = token.group(0)
    value = {"null": None, "true": True, "false": False}.get(word, word)
    if value is word:
        value = json.loads(word)
    return value, at + token.end()


def script_names(script: str) -> dict[str, Any]:
    """The names the Cypher script's node rows hold, by id (sources: publisher, title)."""
    out: dict[str, Any] = {}
    for line in script.splitlines():
        assert not any(c in line for c in "\r\x85\u2028\u2029"), "a raw line terminator"
        if line.startswith(":param rows => "):
            rows, end = read_literal(line, len(":param rows => "))
            assert end == len(line)
            for row in rows:
                if "name" in row and "label" in row:
                    out[row["id"]] = (
                        (row["publisher"], row["title"]) if "publisher" in row else row["name"]
                    )
    return out


def test_the_literal_reader_reads_what_literal_writes() -> None:
    value = {"a": ["x'\\y\r\u2028", None, True, 3, -1.5], "b c": {"`d": "e"}}
    assert read_literal(literal(value)) == (value, len(literal(value)))


@FEW
@given(name=NAMES)
def test_csv_and_ftm_exports_read_back_equal(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = accepted(folder / "seeds", name)
        graph = _graph(data)
        graph.export("csv", folder / "csv")
        write_plan(plan_csv(folder / "csv"), folder / "from-csv")
        back = load_seeds(folder / "from-csv")
        assert (names_of(back), descriptions_of(back)) == (names_of(data), descriptions_of(data))
        graph.export("ftm", folder / "graph.ftm")
        write_plan(plan_ftm(folder / "graph.ftm"), folder / "from-ftm")
        back = load_seeds(folder / "from-ftm")
        assert (names_of(back), descriptions_of(back)) == (names_of(data), descriptions_of(data))


@FEW
@given(name=NAMES)
def test_xml_cypher_and_json_exports_read_back_equal(name: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        data = accepted(Path(tmp) / "seeds", name)
    graph = _graph(data)
    graphml = nx.parse_graphml(graph.export("graphml"))
    gexf = nx.read_gexf(io.BytesIO(graph.export("gexf").encode("utf-8")))
    for read in (graphml, gexf):
        got = {n: a.get("name", a.get("label")) for n, a in read.nodes(data=True)}
        got |= {
            a["agreement"]: a["agreement_name"]
            for *_, a in read.edges(data=True)
            if "agreement" in a
        }
        assert got == drawn_names(data)
    assert script_names(graph.export("cypher")) == names_of(data)
    for ident in ("h0", "d0", "g0"):
        assert (
            json.loads(render(graph.show(ident), "json"))["entity"]["name"] == data.get(ident).name
        )  # type: ignore[union-attr]


def _graph(data: GraphData) -> Graph:
    from graphkit.backends.memory import MemoryStore

    return Graph(MemoryStore(data))
