"""What the importer reports between versions of one system's notice: per routine use,
added, modified, kept or removed. The versions are the real GSA/OGP-1 notice (FR Doc.
2019-21885, tests/fixtures/federal_register/) and copies of it edited here as a later
notice would be; the expected changes are written by hand from those edits."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.ingest.validation import load_seeds
from graphkit.interop.federal_register.synth import write_notices
from tests_support import TESTS

FIX = TESTS / "fixtures" / "federal_register"
EXISTING = FIX / "existing"
USE_B = (
    "<P>b. To the Office of Personnel Management (OPM), OMB, and the Government "
    "Accountability Office (GAO) in accordance with their responsibilities for evaluating "
    "Federal programs.</P>"
)


def run(*args: object) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output
    return result


def edited(tmp_path: Path) -> list[Path]:
    """Two versions of GSA/SYN-0; the second republishes the system with use b reworded,
    use h dropped (so i, j and k become h, i and j) and a new use k."""
    files = write_notices(FIX / "2019-21885.xml", tmp_path / "notices", 2, 1)
    later = files[2]
    text = later.read_text(encoding="utf-8")
    assert USE_B in text
    text = text.replace(
        USE_B,
        USE_B.replace(
            "evaluating Federal programs", "evaluating Federal programs and auditing this system"
        ),
    )
    start = text.index("<P>h. To an appeal or grievance examiner")
    text = text[:start] + text[text.index("<P>i. ", start) :]
    for old, new in (
        ("<P>i. ", "<P>h. "),
        ("<P>j. ", "<P>i. "),
        ("<P>k. To a partner", "<P>j. To a partner"),
    ):
        text = text.replace(old, new, 1)
    closing = text.index("</P>", text.index("<P>j. To a partner")) + 4
    added = (
        "\n<P>k. To the National Archives and Records Administration (NARA) for an "
        "inspection of this system's access logs.</P>"
    )
    later.write_text(text[:closing] + added + text[closing:], encoding="utf-8")
    return files


def changes_of(report: dict[str, Any], document: str) -> list[tuple[Any, ...]]:
    (system,) = report["systems"]
    (version,) = [v for v in system["versions"] if v["document"] == document]
    return [(c["change"], c["use"], c["earlier_use"]) for c in version["changes"]]


def test_a_whole_later_version_adds_modifies_keeps_and_removes(tmp_path: Path) -> None:
    new = tmp_path / "new"
    result = run(
        "import", "federal-register", *edited(tmp_path), "--into", new, "--seeds", EXISTING
    )
    assert result.exit_code == 0, result.output
    report = json.loads((new / "routine-use-changes.json").read_text(encoding="utf-8"))
    assert changes_of(report, "2020-00001") == [
        ("kept", "a", "a"),
        ("modified", "b", "b"),
        ("kept", "c", "c"),
        ("kept", "d", "d"),
        ("kept", "e", "e"),
        ("kept", "f", "f"),
        ("kept", "g", "g"),
        ("kept", "h", "i"),
        ("kept", "i", "j"),
        ("kept", "j", "k"),
        ("added", "k", None),
        ("removed", None, "h"),
    ]
    (system,) = report["systems"]
    first, second = system["versions"]
    assert (first["document"], first["compared_with"], first["changes"]) == ("2019-00000", [], [])
    assert (second["kind"], second["compared_with"], second["effective"]) == (
        "whole",
        ["2019-00000"],
        "2020-11-06",
    )
    assert (
        "GSA/SYN-0: FR Doc. 2020-00001 (effective 2020-11-06) against the uses in force: "
        "1 added (k), 1 modified (b), 9 kept, 1 removed (h)" in result.output
    )
    # each ended agreement says what became of its use
    data = load_seeds(new, EXISTING)
    notes = {
        ident: data.agreements[ident].status[-1].note
        for ident in ("gsa-syn-0-2019-00000-ru-b", "gsa-syn-0-2019-00000-ru-i")
    }
    assert notes == {
        "gsa-syn-0-2019-00000-ru-b": "modified as routine use b of FR Doc. 2020-00001",
        "gsa-syn-0-2019-00000-ru-i": "kept as routine use h of FR Doc. 2020-00001",
    }
    (modified,) = [c for c in second["changes"] if c["change"] == "modified"]
    assert (modified["agreement"], modified["earlier_agreement"]) == (
        "gsa-syn-0-2020-00001-ru-b",
        "gsa-syn-0-2019-00000-ru-b",
    )


def test_the_json_summary_carries_the_report_and_a_dry_run_writes_none(tmp_path: Path) -> None:
    new = tmp_path / "new"
    files = edited(tmp_path)
    result = run(
        "import",
        "federal-register",
        *files,
        "--into",
        new,
        "--seeds",
        EXISTING,
        "--dry-run",
        "--json",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    report = summary["reports"]["routine-use-changes.json"]
    assert changes_of(report, "2020-00001")[-2:] == [("added", "k", None), ("removed", None, "h")]
    assert not new.exists()


def test_a_rescindment_removes_every_use_in_force(tmp_path: Path) -> None:
    files = write_notices(FIX / "2019-21885.xml", tmp_path / "notices", 1, 1)
    rescind = tmp_path / "rescind.txt"
    rescind.write_text(
        "[Federal Register Volume 90, Number 1 (Thursday, January 2, 2025)]\n"
        "[Notices]\n[Pages 100-101]\n[FR Doc No: 2025-00009]\n"
        "GENERAL SERVICES ADMINISTRATION\n"
        "Privacy Act of 1974; Rescindment of a System of Records Notice\n\n"
        "AGENCY: General Services Administration.\n"
        "ACTION: Notice of rescindment of a system of records.\n"
        "SUMMARY: GSA rescinds the system of records GSA/SYN-0, written for this test.\n"
        "DATES: This rescindment will be effective February 3, 2025.\n",
        encoding="utf-8",
    )
    new = tmp_path / "new"
    result = run("import", "federal-register", *files, rescind, "--into", new, "--seeds", EXISTING)
    assert result.exit_code == 0, result.output
    report = json.loads((new / "routine-use-changes.json").read_text(encoding="utf-8"))
    assert changes_of(report, "2025-00009") == [("removed", None, u) for u in "abcdefghijk"]
    (system,) = report["systems"]
    assert [(v["kind"], v["effective"]) for v in system["versions"]] == [
        ("whole", "2019-11-07"),
        ("rescindment", "2025-02-03"),
    ]
    assert "11 removed (a, b, c, d, e, f, g, h, i, j, k)" in result.output
    data = load_seeds(new, EXISTING)
    assert (
        data.agreements["gsa-syn-0-2019-00000-ru-a"].status[-1].note
        == "rescinded by FR Doc. 2025-00009"
    )


def test_one_notice_of_a_system_writes_no_report(tmp_path: Path) -> None:
    new = tmp_path / "new"
    files = [FIX / "2019-21885.xml", FIX / "2019-21885.json"]
    result = run("import", "federal-register", *files, "--into", new, "--seeds", EXISTING)
    assert result.exit_code == 0, result.output
    assert not (new / "routine-use-changes.json").exists()
