"""FollowTheMoney files as others publish them: entities without a source of their own
(cited to the file), properties graphkit has no field for (reported), weak aliases and
websites (kept). The real excerpt's origin is in tests/fixtures/README.md."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.interop.ftm_import import FileCitation, plan_ftm
from tests_support import refused_import

pytest.importorskip("followthemoney")

DONATIONS = Path(__file__).resolve().parent / "fixtures" / "ftm" / "donations-organizations.ijson"
CITE = [
    *("--source-title", "donations.ijson (nomenklatura's test fixture)"),
    *("--source-publisher", "OpenSanctions"),
    *("--source-url", "https://github.com/opensanctions/nomenklatura"),
    *("--retrieved", "2026-12-04"),
]


def test_a_file_without_sources_is_refused_naming_the_options(tmp_path: Path) -> None:
    output = refused_import("ftm", DONATIONS, into=tmp_path / "out")
    assert f"{DONATIONS}: 8 problems; nothing was written" in output
    assert "or cite the whole file: --source-title" in output


def test_the_file_cited_once_stands_for_every_entity(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["import", "ftm", str(DONATIONS), "--into", str(tmp_path / "out"), *CITE]
    )
    assert result.exit_code == 0, result.output
    plan = plan_ftm(
        DONATIONS,
        FileCitation("donations", "OpenSanctions", "https://github.com/opensanctions/nomenklatura"),
    )
    assert [v["name"] for v in plan.records["vendors"]] == [
        "MLPD",
        "Verband der Bayerischen Metall- und Elektroindustrie e.V.",
        "Daimler AG",
        "Allianz SE",
    ]
    assert {s for v in plan.records["vendors"] for s in v["sources"]} == {"src-donations"}
    assert plan.notes == [
        "FtM property not kept: Company.addressEntity (2 entities)",
        "FtM property not kept: Company.country (2 entities)",
        "FtM property not kept: Organization.addressEntity (1 entity)",
        "FtM property not kept: Organization.country (1 entity)",
    ]


def test_citing_the_file_needs_its_title_publisher_and_address(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["import", "ftm", str(DONATIONS), "--into", str(tmp_path / "o"), "--retrieved", "2026"],
    )
    assert result.exit_code == 2
    assert "needs --source-title, --source-publisher, --source-url too" in result.output


def test_weak_aliases_and_a_website_are_kept(tmp_path: Path) -> None:
    entity = {  # made for the test
        "id": "body-1",
        "schema": "PublicBody",
        "properties": {
            "name": ["Example Satellite Office"],
            "weakAlias": ["ESO"],
            "alias": ["Example Office"],
            "website": ["https://example.org/eso", "https://example.org/eso-old"],
            "jurisdiction": ["eu"],
            "sourceUrl": ["https://example.org/about-eso"],
        },
    }
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps(entity) + "\n", encoding="utf-8")
    plan = plan_ftm(path)
    body = plan.records["agencies"][0]
    assert body["aliases"] == ["Example Office", "ESO"]
    assert body["website"] == "https://example.org/eso"
    assert plan.notes == [
        "FtM property not kept: PublicBody.jurisdiction (1 entity)",
        "FtM property not kept: PublicBody.website (beyond the first address) (1 entity)",
    ]
