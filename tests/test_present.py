"""The presentation layer: one set of words, one citation numbering, formats registered
once (graphkit/present). Expected outputs are written out by hand from tests/graphs/edge."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli import cli
from graphkit.present.citations import Citations
from graphkit.present.formats import FORMATS, render
from graphkit.viz.build import scene_for
from tests_support import EDGE


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--seeds", str(EDGE)])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_formats_are_registered_once() -> None:
    assert list(FORMATS) == ["text", "json", "jsonl", "csv"]
    assert FORMATS["jsonl"].flags == ("--nl", "--jsonl")


def test_search_prints_csv_and_json_lines() -> None:
    assert run("search", "agency a", "--csv") == "id,kind,name,matched\na,agency,Agency A,\n"
    line = '{"id": "a", "kind": "agency", "name": "Agency A", "matched": null}\n'
    assert run("search", "agency a", "--nl") == line
    assert run("search", "agency a", "--jsonl") == line


def test_diff_rows_keep_their_values_in_json_lines_and_csv() -> None:
    args = ("diff", "--from", "2020-03-15", "--to", "2021-06-01")
    first_csv = run(*args, "--csv").splitlines()[1]
    assert first_csv == (
        '2021-06-01,b,Agency B,d1,Dataset One,lost,"evidenced, primary_document",,ag1,'
        "enjoined,2020-06-15,s1,ends"
    )
    first = json.loads(run(*args, "--nl").splitlines()[0])
    assert first == {
        "date": "2021-06-01",
        "party_id": "b",
        "party": "Agency B",
        "dataset_id": "d1",
        "dataset": "Dataset One",
        "change": "lost",
        "before": "evidenced, primary_document",
        "after": None,
        "agreement_id": "ag1",
        "event": "enjoined",
        "event_date": "2020-06-15",
        "sources": ["s1"],
        "part": "ends",  # the two dates compared; "within" rows follow
    }


def test_two_formats_at_once_are_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["search", "a", "--json", "--csv", "--seeds", str(EDGE)])
    assert result.exit_code == 2
    assert "--json and --csv ask for two formats: choose one" in result.output


def test_an_answer_without_rows_offers_no_csv() -> None:
    result = CliRunner().invoke(cli, ["reach", "d1", "--csv", "--seeds", str(EDGE)])
    assert result.exit_code == 2 and "No such option '--csv'" in result.output


def test_a_cell_a_spreadsheet_would_run_is_quoted(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(
        'sources:\n  - {id: s1, publisher: P, title: T, url: "https://example.org/s"}\n'
        "agencies:\n"
        '  - {id: x, name: "=HYPERLINK(\\"https://evil.example\\")", kind: federal,'
        " sources: [s1], confidence: primary_document}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["search", "x", "--csv", "--seeds", str(tmp_path)])
    assert result.stdout.splitlines()[1] == 'x,agency,"\'=HYPERLINK(""https://evil.example"")",'
    nl = CliRunner().invoke(cli, ["search", "x", "--nl", "--seeds", str(tmp_path)]).stdout
    assert json.loads(nl)["name"] == '=HYPERLINK("https://evil.example")'  # JSON: as it is


def test_one_numbering_for_the_terminal_and_the_page() -> None:
    notes = Citations({"s1": {"publisher": "P", "title": "T"}})
    assert notes.marks(["s2", "s1"]) == "[1][2]"
    assert notes.number(["s1", "s3"]) == [2, 3]
    assert notes.source_lines() == ["", "Sources", "[1] s2.", '[2] P, "T".', "[3] s3."]


def test_text_and_view_say_the_same_heading_and_empty_answer() -> None:
    g = open_graph(EDGE)
    answer = g.path("o", "a", as_of="2020-03-15")
    text = render(answer).splitlines()
    scene = scene_for(answer)
    assert text[0] == scene.title == "How data flows from Agency O (o) to Agency A (a)"
    empty = "No chain of agreements carries data between them on this date."
    assert text[4] == scene.empty == empty
