"""The offline importer's CSV files (no Neo4j needed: the import is in
test_offline_import.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.backends.neo4j.importfiles import cell, node_header, write_import_files
from graphkit.errors import GraphkitError, SeedError
from tests_support import EDGE


def test_cells_quote_strings_and_leave_nulls_empty() -> None:
    assert cell("plain") == '"plain"'
    assert cell('say "no"') == '"say ""no"""'
    assert cell("") == '""'  # an empty string is a value
    assert cell(None) == ""  # no property
    assert cell([]) == ""  # the importer cannot store an empty list: no property
    assert cell(["a", 'b"']) == '"a\x1fb"""'
    assert cell([1.5, 2.0]) == '"1.5\x1f2.0"'
    assert (cell(True), cell(False), cell(7)) == ("true", "false", "7")


def test_headers_type_the_columns() -> None:
    header = node_header("Agreement", ["name", "aliases", "origin_line", "undated"])
    assert header == "id:ID(Entity),name:string,aliases:string[],origin_line:long,undated:boolean"


@pytest.mark.parametrize("workers", [1, 2])
def test_files_hold_every_record_and_relationship(tmp_path: Path, workers: int) -> None:
    files = write_import_files([str(EDGE)], tmp_path / "out", "v1", workers=workers)
    # tests/graphs/edge/graph.yaml: 1 source, 15 agencies, 2 vendors, 3 datasets, the rest
    # agreements; counted by hand from the file
    assert files.by_kind["sources"] == 1
    assert files.by_kind["agencies"] == 15
    assert files.by_kind["vendors"] == 2
    assert files.by_kind["datasets"] == 3
    lines = sum(
        len(part.read_text().splitlines()) for parts in files.nodes.values() for part in parts[1:]
    )
    assert lines == files.node_count == sum(files.by_kind.values())
    rels = sum(
        len(p.read_text().splitlines()) for parts in files.relationships.values() for p in parts[1:]
    )
    assert rels == files.relationship_count
    agency = "".join(p.read_text() for p in files.nodes["Agency"][1:])
    assert '"a","Agency",' in agency  # id, then the label property
    assert "--nodes=Entity:Agency:Party=" in " ".join(files.arguments())


@pytest.mark.parametrize(
    ("change", "line", "why"),
    [
        # U+001F in a name is stored as it is (a string column); in a list item it would split
        (("name: Agency B,", 'name: "Agency\\x1fB",'), None, None),
        (("aliases: [AA]", 'aliases: ["A\\x1fA"]'), 5, r"aliases holds U\+001F"),
        (("aliases: [D-One],", 'aliases: [D-One], fields: [""],'), 24, "one empty string"),
    ],
)
def test_lists_the_importer_cannot_store_are_refused(
    tmp_path: Path, change: tuple[str, str], line: int | None, why: str | None
) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (EDGE / "graph.yaml").read_text()
    assert change[0] in text
    (seeds / "graph.yaml").write_text(text.replace(*change))
    if line is None:
        files = write_import_files([str(seeds)], tmp_path / "out", "v1", workers=1)
        agencies = "".join(p.read_text() for p in files.nodes["Agency"][1:])
        assert '"Agency\x1fB"' in agencies
        return
    with pytest.raises(GraphkitError, match=rf"graph.yaml:{line}: .*{why}.*--mode bulk"):
        write_import_files([str(seeds)], tmp_path / "out", "v1", workers=1)


def test_invalid_input_raises_every_problem(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (EDGE / "graph.yaml").read_text().replace("custodian: h,", "custodian: nobody,")
    (seeds / "graph.yaml").write_text(text)
    with pytest.raises(SeedError) as caught:
        write_import_files([str(seeds)], tmp_path / "out", "v1", workers=2)
    assert [(p.line, "nobody" in p.message) for p in caught.value.problems] == [(25, True)]
