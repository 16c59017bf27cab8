"""The hostile input files kept in tests/hostile/inputs/: every import refuses each one
with the file, the line and the fix, no traceback, and nothing written into --into."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from tests_support import EDGE

INPUTS = Path(__file__).resolve().parent / "hostile" / "inputs"

#: file -> what the message must say (the fix, or what is wrong)
CSV = {
    "records-latin1.csv": "save it as UTF-8",
    "records-utf16.csv": "save it as UTF-8",
    "records-binary.csv": "save it as UTF-8",
}
FTM = {
    "ftm-amount-not-a-number.jsonl": ":1: ",
    "ftm-properties-a-list.jsonl": "properties must be an object of lists",
    "ftm-documentation-to-an-award.jsonl": "is a link, not an entity",
    "ftm-not-json.jsonl": "one FtM entity per line",
    "ftm-binary.jsonl": "save it as UTF-8",
}


def test_the_corpus_lists_every_file() -> None:
    assert sorted(p.name for p in INPUTS.iterdir()) == sorted({**CSV, **FTM})


def refused(args: list[str], into: Path, says: str, name: str) -> None:
    result = CliRunner().invoke(cli, [*args, "--into", str(into)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, KeyError)
    assert name in result.output and says in result.output, result.output
    assert not into.exists() or not any(into.iterdir())  # nothing half-written


@pytest.mark.parametrize("name", sorted(CSV))
def test_a_hostile_csv_export_is_refused(name: str, tmp_path: Path) -> None:
    exported = tmp_path / "export"
    done = CliRunner().invoke(
        cli, ["export", "--format", "csv", "-o", str(exported), "--seeds", str(EDGE)]
    )
    assert done.exit_code == 0, done.output
    shutil.copy(INPUTS / name, exported / "records.csv")
    refused(["import", "csv", str(exported)], tmp_path / "into", CSV[name], "records.csv")


@pytest.mark.parametrize("name", sorted(FTM))
def test_a_hostile_ftm_file_is_refused(name: str, tmp_path: Path) -> None:
    refused(["import", "ftm", str(INPUTS / name)], tmp_path / "into", FTM[name], name)
