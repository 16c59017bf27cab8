"""Sources as they are: a stored re-post or copy is named as one in every output, sources
can be searched on both backends, and a CSV export lists them with the kind of copy."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from graphkit.ingest.validation import load_seeds
from tests_support import SEEDS, loaded_neo4j

VIBEFORGE = "src-404media-clearview-ice-vibeforge"
QUESTION = ["reach", "clearview-face-images", "--as-of", "2025-10-01", "--seeds", str(SEEDS)]


def run(*args: str) -> Any:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_the_text_answer_names_the_copy_and_its_host() -> None:
    lines = run(*QUESTION).output.splitlines()
    line = next(line for line in lines if "vibeforge.co/posts" in line)
    assert re.match(r"\[\d+\] 404 Media, via a stored re-post on vibeforge\.co, \"ICE Spends", line)


def test_the_json_answer_carries_the_kind_of_copy() -> None:
    answer = json.loads(run(*QUESTION, "--json").output)
    assert answer["sources"][VIBEFORGE]["copy_kind"] == "re_post"
    assert answer["sources"][VIBEFORGE]["publisher"] == "404 Media"
    originals = [s for s in answer["sources"].values() if "copy_kind" not in s]
    assert originals  # a publisher's own page carries no copy field


def test_the_view_names_the_copy(tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    run("viz", *QUESTION, "-o", str(out))
    assert "404 Media, via a stored re-post on vibeforge.co" in out.read_text(encoding="utf-8")


def test_a_csv_export_lists_the_sources_with_their_copies(tmp_path: Path) -> None:
    out = tmp_path / "csv"
    run("export", *QUESTION, "--format", "csv", "-o", str(out))
    with (out / "sources.csv").open(newline="", encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert list(next(iter(rows.values()))) == [
        "id",
        "publisher",
        "title",
        "date",
        "url",
        "copy_kind",
        "copy_host",
        "note",
    ]
    vibe = rows[VIBEFORGE]
    assert (vibe["publisher"], vibe["copy_kind"], vibe["copy_host"], vibe["date"]) == (
        "404 Media",
        "re_post",
        "vibeforge.co",
        "2025-09",
    )
    with (out / "records.csv").open(newline="", encoding="utf-8") as handle:
        sources = {r["id"] for r in csv.DictReader(handle) if r["kind"] == "source"}
    assert set(rows) == sources  # every source the export names, and only those


def test_every_source_whose_note_says_copy_is_marked_as_one() -> None:
    words = re.compile(r"re-post|mirror|stored copy|syndicated|wire copy|archive", re.I)
    unmarked = [
        s.id
        for s in load_seeds(SEEDS).sources.values()
        if s.note and words.search(s.note) and not s.copy_kind
    ]
    assert unmarked == []


def test_search_finds_a_source_by_publisher_title_or_id() -> None:
    hits = json.loads(run("search", "404 media", "--json", "--seeds", str(SEEDS)).output)
    assert VIBEFORGE in [h["id"] for h in hits]
    assert {h["kind"] for h in hits} == {"source"}
    hits = json.loads(run("search", "vibeforge", "--json", "--seeds", str(SEEDS)).output)
    assert [h["id"] for h in hits] == [VIBEFORGE]
    title = "ICE Spends Millions on Clearview AI"
    hits = json.loads(run("search", title, "--json", "--seeds", str(SEEDS)).output)
    # the two re-posts of 404 Media, and People of Color in Tech under the same headline
    assert {h["id"] for h in hits} == {
        VIBEFORGE,
        "src-404media-clearview-ice-poliverso",
        "src-pocit-clearview-ice",
    }


@pytest.mark.neo4j
def test_search_finds_the_same_sources_on_neo4j(neo4j_server: Any) -> None:
    memory, neo4j = loaded_neo4j(neo4j_server, SEEDS)
    for text in ("404 media", "vibeforge", "ICE Spends", "irs", "src-", "federal register"):
        left = [h.to_dict() for h in memory.search(text, limit=50)]
        right = [h.to_dict() for h in neo4j.search(text, limit=50)]
        assert left == right, text


TRANSPARENCY = "src-transparencycascade-clearview"
#: Written out from seeds/agreements/facial_recognition.yaml by hand.
CITED_BY = {
    VIBEFORGE: [
        (
            "clearview-ice-2025",
            [
                "the record",
                "status 2025-09-05 active",
                "amount 3,750,000.00 USD (obligated)",
                "amount 9,225,000.00 USD (total_value)",
            ],
        )
    ],
    TRANSPARENCY: [
        (
            "clearview-ice-2025",
            ["the record", "amount 9,200,000.00 USD (total_value)", "term end 2026-09-04"],
        )
    ],
}


@pytest.mark.parametrize("source", sorted(CITED_BY))
def test_show_a_source_lists_every_claim_that_cites_it(source: str) -> None:
    shown = json.loads(run("show", source, "--json", "--seeds", str(SEEDS)).output)
    assert shown["entity"]["kind"] == "source"
    got = [(c["ref"]["id"], c["places"]) for c in shown["cited_by"]]
    assert got == CITED_BY[source]
    text = run("show", source, "--seeds", str(SEEDS)).output
    assert "Cited 4 times, by 1 record:" in text or source != VIBEFORGE
    assert "404 Media, via a stored re-post on vibeforge.co" in text or source != VIBEFORGE


@pytest.mark.neo4j
def test_show_a_source_is_the_same_on_neo4j(neo4j_server: Any) -> None:
    memory, neo4j = loaded_neo4j(neo4j_server, SEEDS)
    for source in (*CITED_BY, "src-americanoversight-irs-ice-mou", "src-fr-cms-notice-lexbuild"):
        left, right = memory.show(source).to_dict(), neo4j.show(source).to_dict()
        assert left["origin"] and right["origin"]
        left.pop("origin"), right.pop("origin")  # where each backend read the record
        assert left == right, source
