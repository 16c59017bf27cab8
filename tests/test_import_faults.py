"""Imports given a bad or awkward file answer with the file, line and fix, never a
traceback, and write nothing; a record too large for the csv module's default limit
still reads back; a failed write (a full disk) leaves nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.ingest.validation import load_seeds
from tests_support import EDGE

AWARDS = Path(__file__).parent / "fixtures" / "usaspending" / "awards.csv"


def run(*args: object) -> object:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def _import(kind: str, file: Path, into: Path) -> object:
    result = run("import", kind, file, "--into", into)
    assert not into.exists() or not any(into.iterdir()), "nothing may be written"
    return result


@pytest.mark.parametrize(
    ("encoding", "says"),
    [
        ("latin-1", "line 2: not UTF-8 (byte 0xe9); save it as UTF-8"),
        ("utf-16", "UTF-16 text: save it as UTF-8"),
    ],
)
def test_a_csv_in_another_encoding_names_it_and_the_fix(
    tmp_path: Path, encoding: str, says: str
) -> None:
    text = AWARDS.read_text(encoding="utf-8").replace("Example", "Exampl\u00e9", 1)
    bad = tmp_path / "awards.csv"
    bad.write_bytes(text.encode(encoding))
    result = _import("usaspending", bad, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    output = result.output.replace(f"{bad}:", "")  # type: ignore[attr-defined]
    assert says.replace("line 2: ", "2: ") in output or says in output
    assert f"{bad}: 1 problem; nothing was written" in result.output  # type: ignore[attr-defined]


def test_a_binary_file_is_named_as_such(tmp_path: Path) -> None:
    bad = tmp_path / "awards.csv"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _import("usaspending", bad, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "a binary file, not CSV text" in result.output  # type: ignore[attr-defined]


def test_a_huge_header_cell_is_a_bad_header_not_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "awards.csv"
    header = AWARDS.read_text(encoding="utf-8").splitlines()[0]
    bad.write_text(header + "," + "x" * 200_000 + "\n", encoding="utf-8")
    result = _import("usaspending", bad, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    # read whole: the header has every column the import needs, and no award row
    assert f"nothing to write from {bad}" in result.output  # type: ignore[attr-defined]
    assert "field larger than field limit" not in result.output  # type: ignore[attr-defined]


def test_a_record_over_128_kib_goes_through_export_and_import_csv(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(EDGE, seeds)
    long_text = "a long description " * 10_000  # about 190 KB of JSON in one cell
    graph = seeds / "graph.yaml"
    text = graph.read_text(encoding="utf-8")
    old = "{id: a, name: Agency A,"
    assert old in text
    graph.write_text(
        text.replace(old, f"{{id: a, description: {long_text.strip()}, name: Agency A,"),
        encoding="utf-8",
    )
    first = "a"
    assert len(load_seeds(seeds).agencies[first].description or "") > 128 * 1024
    out, back = tmp_path / "csv", tmp_path / "back"
    assert run("export", "--format", "csv", "-o", out, "--seeds", seeds).exit_code == 0  # type: ignore[attr-defined]
    result = run("import", "csv", out, "--into", back)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert load_seeds(back).agencies[first].description == long_text.strip()


FTM_CASES = {
    "amount": (
        '{"id": "c1", "schema": "Contract", "properties": {"title": ["C"], "amount": ["abc"]}}',
        ":1: amount: 'abc' is not a number: write digits",
    ),
    "properties": (
        '{"id": "c1", "schema": "Contract", "properties": [["title", "C"]]}',
        ":1: properties: properties must be an object of lists",
    ),
    "documentation": (
        "\n".join(
            [
                '{"id": "c1", "schema": "Contract", "properties": {"title": ["C"]}}',
                '{"id": "p1", "schema": "Company", "properties": {"name": ["P"]}}',
                '{"id": "a1", "schema": "ContractAward", "properties": '
                '{"contract": ["c1"], "supplier": ["p1"]}}',
                '{"id": "d1", "schema": "Documentation", "properties": '
                '{"document": ["a1"], "entity": ["p1"], "role": ["moves"]}}',
            ]
        ),
        ":4: document: 'a1' is a link, not an entity: name one",
    ),
}


@pytest.mark.parametrize("case", sorted(FTM_CASES))
def test_bad_ftm_entities_name_the_line_and_field(tmp_path: Path, case: str) -> None:
    pytest.importorskip("followthemoney")
    text, says = FTM_CASES[case]
    file = tmp_path / "entities.jsonl"
    file.write_text(text + "\n", encoding="utf-8")
    result = _import("ftm", file, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert f"{file}{says}" in result.output  # type: ignore[attr-defined]


def test_a_full_disk_during_an_import_leaves_nothing_half_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "csv"
    assert run("export", "--format", "csv", "-o", out, "--seeds", EDGE).exit_code == 0  # type: ignore[attr-defined]
    into = tmp_path / "into"
    calls = {"n": 0}
    real = shutil.copyfile

    def full_disk(src: str, dst: str) -> str:
        calls["n"] += 1
        if calls["n"] == 2:  # the second file: the first is already in place
            Path(dst).write_text("half", encoding="utf-8")
            raise OSError(28, "No space left on device")
        return str(real(src, dst))

    monkeypatch.setattr(shutil, "copyfile", full_disk)
    result = run("import", "csv", out, "--into", into)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "No space left on device" in result.output  # type: ignore[attr-defined]
    assert not into.exists()  # the first file was removed again, and the folder
    monkeypatch.setattr(shutil, "copyfile", real)
    result = run("import", "csv", out, "--into", into)  # the rerun is not refused
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


def test_an_import_beside_an_earlier_one_reports_its_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out, into = tmp_path / "csv", tmp_path / "into"
    assert run("export", "--format", "csv", "-o", out, "--seeds", EDGE).exit_code == 0  # type: ignore[attr-defined]
    assert run("import", "csv", out, "--into", into).exit_code == 0  # type: ignore[attr-defined]
    before = sorted(p.name for p in into.iterdir())
    assert before == ["agreements.yaml", "datasets.yaml", "parties.yaml", "sources.yaml"]
    import graphkit.interop.seedout as seedout

    monkeypatch.setattr(seedout, "BULK_ABOVE_RECORDS", 1)  # the bulk format: other file names
    result = run("import", "csv", out, "--into", into)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "duplicate" in result.output.lower()  # type: ignore[attr-defined]
    assert sorted(p.name for p in into.iterdir()) == before  # nothing written


def test_a_dangling_link_in_the_folder_is_never_written_through(tmp_path: Path) -> None:
    out, into = tmp_path / "csv", tmp_path / "into"
    assert run("export", "--format", "csv", "-o", out, "--seeds", EDGE).exit_code == 0  # type: ignore[attr-defined]
    into.mkdir()
    outside = tmp_path / "outside.yaml"
    (into / "sources.yaml").symlink_to(outside)
    result = run("import", "csv", out, "--into", into)
    assert result.exit_code == 1 and "already holds sources.yaml" in result.output  # type: ignore[attr-defined]
    assert not outside.exists()


def test_a_folder_named_twice_is_read_once() -> None:
    result = run("validate", EDGE, EDGE)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert "duplicate" not in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("column", "value", "says"),
    [
        ("total_obligated_amount", "1,2,3", "'1,2,3' is not a number"),
        ("total_obligated_amount", "1_000", "'1_000' is not a number"),
        ("period_of_performance_start_date", "2024-02-01Tgarbage", "is not a date"),
    ],
)
def test_usaspending_cells_are_read_strictly(
    tmp_path: Path, column: str, value: str, says: str
) -> None:
    import csv

    with AWARDS.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    if column not in header:
        pytest.fail(f"the fixture has no {column} column")
    rows[0][column] = value
    bad = tmp_path / "awards.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, header)
        writer.writeheader()
        writer.writerows(rows)
    result = _import("usaspending", bad, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert f"{bad}:2: {column}: " in result.output and says in result.output  # type: ignore[attr-defined]


def test_a_party_that_both_sends_and_receives_is_refused(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    text = (EDGE / "graph.yaml").read_text(encoding="utf-8")
    old = "parties: [{party: a, role: provider}, {party: b, role: recipient}]"
    new = "parties: [{party: a, role: provider}, {party: b, role: recipient}, " + (
        "{party: a, role: recipient}]"
    )
    assert old in text
    (seeds / "graph.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run("validate", seeds)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "'a' is both provider and recipient" in result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        ("id,name\nx,y\n".encode("utf-16-le"), "UTF-16 text: save it as UTF-8 (iconv -f UTF-16LE"),
        ("id,name\nx,y\n".encode("utf-16-be"), "UTF-16 text: save it as UTF-8 (iconv -f UTF-16BE"),
        ("id,name\nx,y\n".encode("utf-32"), "UTF-32 text: save it as UTF-8 (iconv -f UTF-32"),
    ],
)
def test_utf16_without_a_mark_and_utf32_are_named(tmp_path: Path, data: bytes, says: str) -> None:
    from graphkit.errors import InputError
    from graphkit.interop.csvfile import read_rows

    path = tmp_path / "a.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_rows(path)
    assert caught.value.problems[0].message.startswith(says)


def test_an_unclosed_quote_is_an_error_on_its_line(tmp_path: Path) -> None:
    from graphkit.errors import InputError
    from graphkit.interop.csvfile import read_rows

    path = tmp_path / "a.csv"
    path.write_text('id,name\na,"one\nb,two\nc,three\n', encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_rows(path)
    problem = caught.value.problems[0]
    assert problem.line == 2 and "unreadable CSV" in problem.message


@pytest.mark.parametrize("value", ["\u0661\u0662\u0663", "\uff11\uff12", "1,2,3", "1_000"])
def test_amounts_are_ascii_digits_everywhere(tmp_path: Path, value: str) -> None:
    pytest.importorskip("followthemoney")
    file = tmp_path / "entities.jsonl"
    file.write_text(
        '{"id": "c1", "schema": "Contract", "properties": {"title": ["C"], "amount": ["'
        + value
        + '"]}}\n',
        encoding="utf-8",
    )
    result = _import("ftm", file, tmp_path / "out")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert f"amount: {value!r} is not a number" in result.output  # type: ignore[attr-defined]


def test_a_staging_folder_left_by_a_killed_synth_is_not_read_as_seeds(tmp_path: Path) -> None:
    out = tmp_path / "g"
    assert run("synth", out, "--relationships", "1k").exit_code == 0  # type: ignore[attr-defined]
    stale = out / ".gk-synth-killed"
    stale.mkdir()
    (stale / "agencies.jsonl").write_text('{"id": "half', encoding="utf-8")
    result = run("validate", out)
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]


@pytest.mark.parametrize(("option", "name"), [("--from", "--from"), ("--to", "--to")])
def test_a_bad_view_range_date_names_its_own_option(option: str, name: str) -> None:
    result = run("viz", "reach", "d1", option, "2020-13-01", "--seeds", EDGE, "-o", "/dev/null")
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert f"Error: {name} '2020-13-01' is not a date" in result.output  # type: ignore[attr-defined]
    assert "--as-of" not in result.output  # type: ignore[attr-defined]


def test_open_graph_takes_a_list_of_paths() -> None:
    from graphkit import open_graph

    assert open_graph([str(EDGE)]).resolve("Dataset One").id == "d1"
    assert open_graph((EDGE,)).resolve("Dataset One").id == "d1"
