"""External identifiers of parties: checked when seeds load, carried by show and the FtM
export, and a way to find a party. The values here are made up for the tests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graphkit import open_graph
from graphkit.errors import SeedError
from graphkit.ingest.validation import load_seeds
from graphkit.present.answers import render_show
from tests_support import EDGE

VENDORS = """\
vendors:
  - id: v1
    name: Vendor One
    kind: data_broker
    identifiers:
      - {{scheme: uei, value: {first}, sources: [{source}]}}
      - {{scheme: cage, value: 1ab2c, sources: [s1]}}
    sources: [s1]
    confidence: primary_document
  - id: v2
    name: Vendor Two
    kind: data_broker
    identifiers:
      - {{scheme: uei, value: {second}, sources: [s1]}}
    sources: [s1]
    confidence: primary_document
"""


def seeds(
    tmp_path: Path, first: str = "AAAA1111BBBB", second: str = "CCCC2222DDDD", **kw: str
) -> Path:
    shutil.copytree(EDGE, tmp_path / "seeds")
    text = VENDORS.format(first=first, second=second, source=kw.get("source", "s1"))
    (tmp_path / "seeds" / "vendors.yaml").write_text(text, encoding="utf-8")
    return tmp_path / "seeds"


def problems(path: Path) -> list[str]:
    with pytest.raises(SeedError) as caught:
        load_seeds(path)
    return [f"{p.line} {p.field}: {p.message}" for p in caught.value.problems]


def test_values_are_stored_in_capitals_and_found_bare_or_with_their_scheme(tmp_path: Path) -> None:
    graph = open_graph(seeds(tmp_path, first="aaaa1111bbbb"))
    assert graph.store.records(["v1"])["v1"].identifiers[0].value == "AAAA1111BBBB"  # type: ignore[union-attr]
    assert graph.resolve("aaaa1111bbbb").id == "v1"
    assert graph.resolve("uei:AAAA1111BBBB").id == "v1"
    assert graph.resolve("cage:1AB2C").id == "v1"
    assert [hit.id for hit in graph.search("CCCC2222")] == ["v2"]


def test_a_value_that_breaks_its_scheme_is_named(tmp_path: Path) -> None:
    found = problems(seeds(tmp_path, first="1234X"))
    assert len(found) == 1 and "'1234X' is not a uei identifier" in found[0]
    assert found[0].startswith("6 ")  # the line of the identifier


@pytest.mark.parametrize("value", ["0AAA1111BBBB", "AAAO1111BBBB", "AAAI1111BBBB"])
def test_a_uei_follows_gsas_standard(tmp_path: Path, value: str) -> None:
    # GSA: no letter O or I (read as zero and one), and never a leading zero
    found = problems(seeds(tmp_path, first=value))
    assert len(found) == 1 and f"'{value}' is not a uei identifier" in found[0]


def test_one_identifier_names_one_party(tmp_path: Path) -> None:
    found = problems(seeds(tmp_path, second="AAAA1111BBBB"))
    assert len(found) == 1
    assert "uei:AAAA1111BBBB is already the identifier of 'v1'" in found[0]


def test_an_identifier_cites_known_sources(tmp_path: Path) -> None:
    found = problems(seeds(tmp_path, source="no-such-source"))
    assert len(found) == 1 and "unknown id 'no-such-source'" in found[0]


def test_show_and_the_ftm_export_carry_identifiers(tmp_path: Path) -> None:
    graph = open_graph(seeds(tmp_path))
    text = render_show(graph.show("v1"))
    assert "Identifiers: uei AAAA1111BBBB [1]; cage 1AB2C [1]" in text
    pytest.importorskip("followthemoney")
    out = tmp_path / "out.jsonl"
    graph.export("ftm", out)
    entities = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    company = next(e for e in entities if e["id"] == "v1")
    assert company["properties"]["uniqueEntityId"] == ["AAAA1111BBBB"]
    assert company["properties"]["cageCode"] == ["1AB2C"]
    from graphkit.interop.ftm_import import plan_ftm

    back = next(v for v in plan_ftm(out).records["vendors"] if v["id"] == "v1")
    assert [(i["scheme"], i["value"]) for i in back["identifiers"]] == [
        ("uei", "AAAA1111BBBB"),
        ("cage", "1AB2C"),
    ]
