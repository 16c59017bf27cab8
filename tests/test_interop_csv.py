"""graphkit's CSV export reads back (``graphkit import csv``): the same records, the same
answers on both backends; a bad export is refused naming file, line and column, writing
nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.backends.memory import MemoryStore
from graphkit.backends.neo4j.load.transaction import load
from graphkit.backends.neo4j.store import Neo4jStore
from graphkit.cli import cli
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from tests_support import SEEDS, connect, same, server_env

#: The seed questions asked of both the original seeds and the imported ones.
QUESTIONS = [
    ["reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01"],
    ["reachable", "ice", "--as-of", "2025-08-01"],
    ["path", "nctue", "ice", "--as-of", "2021-06-01"],
    ["reach", "irs-taxpayer-addresses", "--as-of", "2019-01-01"],
]


def run(*args: object, env: dict[str, str] | None = None) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args], env=env)
    assert "Traceback" not in result.output
    return result


def answer(question: list[str], seeds: Path) -> dict[str, Any]:
    result = run(*question, "--json", "--seeds", seeds)
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    payload["question"].pop("data")  # which seeds answered: the one line that differs
    return dict(payload)


def export_import(tmp_path: Path, *question: str, env: dict[str, str] | None = None) -> Path:
    out, back = tmp_path / "csv", tmp_path / "back"
    where = ["--seeds", SEEDS] if env is None else ["--backend", "neo4j"]
    exported = run("export", *question, "--format", "csv", "-o", out, *where, env=env)
    assert exported.exit_code == 0, exported.output
    assert sorted(p.name for p in out.iterdir()) == [
        "links.csv",
        "nodes.csv",
        "records.csv",
        "sources.csv",
    ]
    imported = run("import", "csv", out, "--into", back)
    assert imported.exit_code == 0, imported.output
    assert imported.output.startswith(f"From {out}: new records: ")
    assert run("validate", back).exit_code == 0
    return back


def test_the_whole_graph_comes_back_record_for_record_with_the_same_answers(
    tmp_path: Path,
) -> None:
    back = export_import(tmp_path, "--as-of", "2025-08-01")
    assert sorted(p.name for p in back.iterdir()) == [
        "agreements.yaml",
        "datasets.yaml",
        "parties.yaml",
        "sources.yaml",
    ]
    before, after = load_seeds(SEEDS), load_seeds(back)
    for kind, records in before.by_kind().items():
        assert after.by_kind()[kind] == records, kind  # every field of every record
    mou = after.agreements["irs-ice-mou-2025"]
    assert {(p.party, p.role) for p in mou.parties} >= {("irs", "provider"), ("ice", "recipient")}
    for question in QUESTIONS:
        assert answer(question, back) == answer(question, SEEDS), question
    reach = answer(QUESTIONS[0], back)
    hops = reach["results"][0]["paths"][0]["hops"]
    assert [hop["agreement"]["id"] for hop in hops] == ["irs-ice-mou-2025"]


def test_an_answer_export_imports_with_everything_it_names(tmp_path: Path) -> None:
    back = export_import(tmp_path, "reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01")
    data = load_seeds(back)
    assert "irs-ice-mou-2025" in data.agreements and "irs-taxpayer-addresses" in data.datasets
    assert data.agencies["ice"].parent in data.agencies  # a parent it names comes along
    assert "nctue" not in data.vendors and len(data.agreements) == 1
    assert answer(QUESTIONS[0], back) == answer(QUESTIONS[0], SEEDS)


@pytest.mark.neo4j
def test_the_round_trip_answers_the_same_on_neo4j(neo4j_server: Any, tmp_path: Path) -> None:
    original = load_seeds(SEEDS)
    driver, database = connect(neo4j_server)
    with driver:
        load(original, driver, database)
        # exported from Neo4j this time: its records, not the seed files
        back = export_import(tmp_path, "--as-of", "2025-08-01", env=server_env(neo4j_server))
        imported = load_seeds(back)
        assert all(imported.by_kind()[k] == v for k, v in original.by_kind().items())
        load(imported, driver, database)  # the imported files, into Neo4j
        try:
            neo, mem = Graph(Neo4jStore(driver, database)), Graph(MemoryStore(original))
            assert "back" in (neo.store.origin("irs-ice-mou-2025") or {}).get("file", "")
            for question in QUESTIONS:
                name, *args = question[: question.index("--as-of")]
                day = question[question.index("--as-of") + 1]
                same(getattr(mem, name)(*args, as_of=day), getattr(neo, name)(*args, as_of=day))
        finally:  # the same facts from seeds/ again: other tests show where records were read
            load(original, driver, database)


# ------------------------------------------------------------------- bad input
def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def line_of(rows: list[dict[str, str]], ident: str) -> int:
    """The line of the row with this id (the header is line 1)."""
    return [r["id"] for r in rows].index(ident) + 2


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("irs") / "csv"
    args = ["export", "reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01"]
    assert run(*args, "--format", "csv", "-o", out, "--seeds", SEEDS).exit_code == 0
    return out


def broken(exported: Path, tmp_path: Path, name: str, edit: Any) -> tuple[Path, str]:
    """A copy of the export with ``name`` edited; the message the import should give."""
    copy = tmp_path / "csv"
    copy.mkdir()
    for path in exported.iterdir():
        (copy / path.name).write_bytes(path.read_bytes())
    path = copy / name
    rows = rows_of(path)
    with path.open(newline="", encoding="utf-8") as handle:
        columns = next(csv.reader(handle))
    expected = edit(rows, columns)
    if expected is not None:
        write_rows(path, rows, columns)
    return copy, expected


def drop_name_column(rows: list[dict[str, str]], columns: list[str]) -> str:
    columns.remove("name")
    return "nodes.csv:1: name: missing column"


def bad_date_in_links(rows: list[dict[str, str]], columns: list[str]) -> str:
    rows[0]["signed"] = "04/07/2025"
    return "links.csv:2: signed: '04/07/2025' is not a date"


def bad_date_in_a_record(rows: list[dict[str, str]], columns: list[str]) -> str:
    line = line_of(rows, "irs-ice-mou-2025")
    record = json.loads(rows[line - 2]["record"])
    record["signed"] = "2025/04/07"
    rows[line - 2]["record"] = json.dumps(record)
    return f"records.csv:{line}: record.signed: '2025/04/07' is not a date"


def duplicate_record(rows: list[dict[str, str]], columns: list[str]) -> str:
    first = line_of(rows, "irs")
    rows.append(dict(rows[first - 2]))
    return f"records.csv:{len(rows) + 1}: id: duplicate id 'irs', first on line {first}"


def unknown_reference(rows: list[dict[str, str]], columns: list[str]) -> str:
    rows[:] = [r for r in rows if r["id"] != "dhs"]
    line = line_of(rows, "ice")
    return f"records.csv:{line}: record.parent: unknown reference 'dhs'"


def runaway_json(rows: list[dict[str, str]], columns: list[str]) -> str:
    rows[0]["record"] = "[" * 60_000 + "]" * 60_000
    return "records.csv:2: record: JSON nested too deeply"


def edited_name(rows: list[dict[str, str]], columns: list[str]) -> str:
    line = line_of(rows, "ice")
    rows[line - 2]["name"] = "Renamed In A Spreadsheet"
    return f"nodes.csv:{line}: name: 'Renamed In A Spreadsheet' differs from the record of 'ice'"


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("nodes.csv", drop_name_column),
        ("links.csv", bad_date_in_links),
        ("records.csv", bad_date_in_a_record),
        ("records.csv", duplicate_record),
        ("records.csv", unknown_reference),
        ("records.csv", runaway_json),
        ("nodes.csv", edited_name),
    ],
)
def test_a_bad_export_is_named_and_nothing_written(
    exported: Path, tmp_path: Path, name: str, edit: Any
) -> None:
    folder, expected = broken(exported, tmp_path, name, edit)
    result = run("import", "csv", folder, "--into", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert f"{folder / expected}" in result.output, result.output
    assert not (tmp_path / "out").exists()


def test_an_export_without_records_is_refused(exported: Path, tmp_path: Path) -> None:
    folder = tmp_path / "kumu"
    folder.mkdir()
    for name in ("nodes.csv", "links.csv"):  # what a drawing tool keeps
        (folder / name).write_bytes((exported / name).read_bytes())
    result = run("import", "csv", folder, "--into", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{folder / 'records.csv'}: missing: without it" in result.output
    assert not (tmp_path / "out").exists()


def test_a_csv_import_never_replaces_files(exported: Path, tmp_path: Path) -> None:
    (tmp_path / "parties.yaml").write_text("# mine\n", encoding="utf-8")
    result = run("import", "csv", exported, "--into", tmp_path)
    assert result.exit_code == 1 and "already holds parties.yaml" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["parties.yaml"]
