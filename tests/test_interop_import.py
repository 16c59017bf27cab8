"""Imports write seed files that validate, answer with their citations, and refuse bad
input (file, line, column) writing nothing; FtM exports pass the library's own checks and
come back as the same records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from graphkit.ingest.validation import load_seeds
from tests_support import SEEDS, TESTS, refused_import, run_cli

FIX = TESTS / "fixtures"
AWARDS = FIX / "usaspending" / "awards.csv"
EXISTING = FIX / "usaspending" / "existing"
MAP = FIX / "usaspending" / "datasets.yaml"
HEADER = AWARDS.read_text(encoding="utf-8").splitlines()[0]
ROW = AWARDS.read_text(encoding="utf-8").splitlines()[1]


def test_usaspending_awards_import_validate_and_answer_cited(tmp_path: Path) -> None:
    new = tmp_path / "new"
    result = run_cli(
        "import", "usaspending", AWARDS, "--into", new, "--seeds", EXISTING, "--datasets", MAP
    )
    assert result.exit_code == 0, result.output
    assert "'SAMPLE DATA' could be sample-data-one, sample-data-two" in result.output
    assert "move no dataset yet (1" in result.output and "usaspending-example0002" in result.output
    assert "'EXAMPLE ANALYTICS, LLC' -> example-analytics" in result.output
    assert sorted(p.name for p in new.iterdir()) == [
        "agreements.yaml",
        "parties.yaml",
        "sources.yaml",
    ]
    assert run_cli("validate", new, EXISTING).exit_code == 0
    data = load_seeds(new, EXISTING)
    award = data.agreements["usaspending-example0001"]
    assert award.kind == "contract" and str(award.effective_from) == "2024-01-15"
    assert award.amounts[0].value == 125000.0 and award.amounts[0].kind == "obligated"
    assert data.vendors["new-example-vendor-inc"].kind == "contractor"
    assert data.agencies["example-records-office"].parent == "example-department"
    assert "usaspending-example0003" not in data.agreements  # ambiguous: left out
    page = "https://www.usaspending.gov/award/CONT_AWD_EXAMPLE0001_0000_-NONE-_-NONE-/"
    (cited,) = [s for s in data.sources.values() if str(s.url) == page]
    assert cited.id in award.sources
    assert "written by graphkit import" in (cited.note or "")  # a composed title says so
    answer = run_cli(
        "reach",
        "example-records",
        "--as-of",
        "2025-01-01",
        "--json",
        "--seeds",
        new,
        "--seeds",
        EXISTING,
    )
    payload = json.loads(answer.output)
    hop = payload["results"][0]["paths"][0]["hops"][0]
    assert hop["agreement"]["id"] == "usaspending-example0001"
    permalink = "https://www.usaspending.gov/award/CONT_AWD_EXAMPLE0001_0000_-NONE-_-NONE-/"
    assert permalink in json.dumps(payload["sources"])


def test_an_import_never_replaces_files(tmp_path: Path) -> None:
    (tmp_path / "sources.yaml").write_text("# mine\n", encoding="utf-8")
    result = run_cli("import", "usaspending", AWARDS, "--into", tmp_path, "--seeds", EXISTING)
    assert result.exit_code == 1 and "already holds sources.yaml" in result.output
    assert (tmp_path / "sources.yaml").read_text(encoding="utf-8") == "# mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sources.yaml"]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([HEADER.replace("recipient_name,", ""), ROW], ":1: recipient_name: missing column"),
        (
            [HEADER, ROW.replace("2024-01-15", "15.01.2024")],
            ":2: period_of_performance_start_date: '15.01.2024' is not a date",
        ),
        ([HEADER, ROW, ROW], ":3: contract_award_unique_key: award 'CONT_AWD_EXAMPLE0001"),
        (  # neither download: no award total, no transaction obligation
            [HEADER.replace("total_obligated_amount", "total_dollars_obligated"), ROW],
            ":1: total_obligated_amount: missing column, and no federal_action_obligation",
        ),
    ],
)
def test_bad_award_csv_is_named_and_nothing_written(
    rows: list[str], expected: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = refused_import("usaspending", bad, "--seeds", EXISTING, into=tmp_path / "out")
    assert expected in output, output


def test_ftm_export_passes_the_library_checks_and_reimports(tmp_path: Path) -> None:
    from followthemoney import model

    out = tmp_path / "entities.jsonl"
    assert run_cli("export", "--format", "ftm", "-o", out, "--seeds", SEEDS).exit_code == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data, cleaned=False)
        proxy.schema.validate(data)
        assert all(proxy.get(p) for p in proxy.schema.required), data
    schemas = {json.loads(line)["schema"] for line in lines}
    assert {"PublicBody", "Company", "Contract", "ContractAward", "Article", "Table"} <= schemas
    new = tmp_path / "back"
    assert run_cli("import", "ftm", out, "--into", new).exit_code == 0
    before, after = load_seeds(SEEDS), load_seeds(new)
    for kind, records in before.by_kind().items():
        assert after.by_kind()[kind] == records, kind  # every field, every record


def test_ftm_answer_export_holds_what_the_answer_names(tmp_path: Path) -> None:
    out = tmp_path / "irs.jsonl"
    args = ["export", "reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01"]
    assert run_cli(*args, "--format", "ftm", "-o", out, "--seeds", SEEDS).exit_code == 0
    ids = {json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()}
    assert {"irs", "ice", "irs-ice-mou-2025", "irs-taxpayer-addresses"} <= ids
    assert run_cli("import", "ftm", out, "--into", tmp_path / "back").exit_code == 0
    assert run_cli("validate", tmp_path / "back").exit_code == 0


def test_aleph_shaped_ftm_imports_as_signatories_unconfirmed(tmp_path: Path) -> None:
    result = run_cli("import", "ftm", FIX / "ftm" / "aleph.jsonl", "--into", tmp_path / "a")
    assert result.exit_code == 0, result.output
    data = load_seeds(tmp_path / "a")
    (agreement,) = data.agreements.values()
    assert {p.role for p in agreement.parties} == {"signatory"}
    assert agreement.confidence == "unconfirmed" and str(agreement.signed) == "2024-02-20"


def test_a_ftm_line_of_another_schema_is_named_and_nothing_written(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    text = (FIX / "ftm" / "aleph.jsonl").read_text(encoding="utf-8")
    person = {"id": "p1", "schema": "Person", "properties": {"name": ["Example Person"]}}
    bad.write_text(text + json.dumps(person) + "\n", encoding="utf-8")
    output = refused_import("ftm", bad, into=tmp_path / "out")
    assert "bad.jsonl:6: schema: FtM schema 'Person' is not imported" in output


def test_malformed_and_runaway_ftm_lines_are_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    text = (FIX / "ftm" / "aleph.jsonl").read_text(encoding="utf-8")
    bad.write_text(text + "{not json\n" + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    output = refused_import("ftm", bad, into=tmp_path / "out")
    assert "bad.jsonl:6: column 2: malformed JSON" in output
    assert "bad.jsonl:7: JSON nested too deeply" in output


def test_a_large_import_writes_the_bulk_format(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphkit.interop import seedout

    monkeypatch.setattr(seedout, "BULK_ABOVE_RECORDS", 3)  # the sample has 11 records
    new = tmp_path / "new"
    result = run_cli(
        "import", "usaspending", AWARDS, "--into", new, "--seeds", EXISTING, "--datasets", MAP
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in new.iterdir()) == [
        "agencies.jsonl",
        "agreements.jsonl",
        "sources.jsonl",
        "vendors.jsonl",
    ]
    assert run_cli("validate", new, EXISTING).exit_code == 0
    data = load_seeds(new, EXISTING)
    assert data.agreements["usaspending-example0001"].kind == "contract"
