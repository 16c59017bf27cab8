"""The validator on crafted bad files: one kind of error each, named by file, line and field."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit import open_graph
from graphkit.cli import cli
from graphkit.errors import Problem, SeedError
from graphkit.ingest.validation import load_seeds, validate

EDGE = Path(__file__).resolve().parent / "graphs" / "edge" / "graph.yaml"

AGREEMENT = """\
agreements:
  - id: bad-1
    name: Bad one
    kind: {kind}
    parties:
      - {{party: a, role: provider}}
      - {{party: {recipient}, role: recipient}}
    datasets: [d1]
    effective_from: {start}
    effective_to: {end}
    status:
      - {{date: 2020-01-01, status: {status}, sources: [s1], confidence: primary_document}}
    sources: [{source}]
    confidence: primary_document
"""


def agreement(**overrides: str) -> str:
    values = {
        "kind": "mou",
        "recipient": "b",
        "start": "2020-01-01",
        "end": "2020-12-31",
        "status": "active",
        "source": "s1",
    }
    values.update(overrides)
    return AGREEMENT.format(**values)


def problems_for(tmp_path: Path, text: str, name: str = "bad.yaml") -> list[Problem]:
    shutil.copy(EDGE, tmp_path / "graph.yaml")
    (tmp_path / name).write_text(text, encoding="utf-8")
    found = validate(tmp_path)
    assert found, "expected at least one problem"
    return found


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_the_test_graph_and_the_seeds_are_clean() -> None:
    assert validate(EDGE) == []
    assert validate() == []


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, "agencies:\n  - id: x\n   name: broken\n"))
    assert p.file.endswith("bad.yaml") and p.line == 3
    assert "malformed YAML" in p.message and "indentation" in p.message


def test_unknown_reference(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(recipient="nobody")))
    assert (p.line, p.field) == (7, "agreement 'bad-1' parties[1].party")
    assert "unknown id 'nobody'" in p.message and "graphkit search" in p.message


def test_reference_to_the_wrong_kind(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(recipient="d1")))
    assert "'d1' is a dataset, not an agency or vendor" in p.message


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    text = (
        "agencies:\n  - {id: a, name: Again, kind: federal, sources: [s1], "
        "confidence: single_outlet}\n"
    )
    p = only(problems_for(tmp_path, text, name="zz-later.yaml"))
    assert p.file.endswith("zz-later.yaml") and (p.line, p.field) == (2, "agency 'a' id")
    assert "duplicate id" in p.message and "graph.yaml" in p.message


def test_impossible_date(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(end="2021-02-30")))
    assert (p.line, p.field) == (10, "agreement 'bad-1' effective_to")
    assert "not a real day" in p.message


def test_impossible_range(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(start="2021-01-01", end="2020-06")))
    assert (p.line, p.field) == (10, "agreement 'bad-1' effective_to")
    assert "before it starts" in p.message


def test_claim_without_a_source(tmp_path: Path) -> None:
    text = agreement().replace(
        "    sources: [s1]\n    confidence: primary_document\n",
        "    sources: []\n    confidence: primary_document\n",
    )
    p = only(problems_for(tmp_path, text))
    assert (p.line, p.field) == (13, "agreement 'bad-1' sources")
    assert "at least 1" in p.message


def test_unknown_source(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(source="src-made-up")))
    assert p.field == "agreement 'bad-1' sources[0]" and "unknown id 'src-made-up'" in p.message


def test_unknown_kind(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(kind="handshake")))
    assert (p.line, p.field) == (4, "agreement 'bad-1' kind")
    assert "unknown value 'handshake'" in p.message and "'mou'" in p.message


def test_unknown_status(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(status="vibing")))
    assert (p.line, p.field) == (12, "agreement 'bad-1' status[0].status")
    assert "'enjoined'" in p.message


def test_unknown_top_level_kind(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, "companies:\n  - {id: x}\n"))
    assert (p.line, p.field) == (1, "companies") and "use one of sources" in p.message


def test_misspelt_field(tmp_path: Path) -> None:
    p = only(
        problems_for(
            tmp_path,
            agreement()
            .replace("    signed", "    signed")
            .replace("    datasets: [d1]\n", "    datasets: [d1]\n    singed: 2020-01-01\n"),
        )
    )
    assert (p.line, p.field) == (9, "agreement 'bad-1' singed")
    assert "check its spelling" in p.message


def test_duplicate_key(tmp_path: Path) -> None:
    text = agreement().replace("    name: Bad one\n", "    name: Bad one\n    name: Again\n")
    p = only(problems_for(tmp_path, text))
    assert p.line == 4 and "duplicate key 'name'" in p.message


def test_status_events_out_of_order(tmp_path: Path) -> None:
    text = agreement().replace(
        "    sources: [s1]\n    confidence: primary_document\n",
        "      - {date: 2019-01-01, status: enjoined, sources: [s1], "
        "confidence: primary_document}\n    sources: [s1]\n    confidence: primary_document\n",
    )
    p = only(problems_for(tmp_path, text))
    assert (p.line, p.field) == (13, "agreement 'bad-1' status[1].date")
    assert "date order" in p.message


def test_link_that_is_not_http(tmp_path: Path) -> None:
    text = 'sources:\n  - {id: s9, publisher: P, title: T, url: "javascript:alert(1)"}\n'
    p = only(problems_for(tmp_path, text))
    assert (p.line, p.field) == (2, "source 's9' url") and "http" in p.message


def test_derivation_cycle(tmp_path: Path) -> None:
    text = (
        "datasets:\n"
        "  - {id: x1, name: X1, custodian: a, derived_from: [x2], sources: [s1], "
        "confidence: single_outlet}\n"
        "  - {id: x2, name: X2, custodian: a, derived_from: [x1], sources: [s1], "
        "confidence: single_outlet}\n"
    )
    found = problems_for(tmp_path, text)
    assert {p.field for p in found} == {"dataset 'x1' derived_from", "dataset 'x2' derived_from"}
    assert all("cycle" in p.message for p in found)


def test_agreement_moving_data_needs_a_recipient(tmp_path: Path) -> None:
    text = agreement().replace("role: recipient", "role: signatory")
    p = only(problems_for(tmp_path, text))
    assert p.field == "agreement 'bad-1' parties" and "provider and one recipient" in p.message


def test_bad_jsonl_line(tmp_path: Path) -> None:
    text = (
        '{"id": "z1", "name": "Z", "kind": "federal", "sources": ["s1"], '
        '"confidence": "single_outlet"}\n{"id": "z2", "name":\n'
    )
    p = only(problems_for(tmp_path, text, name="agencies.jsonl"))
    assert p.line == 2 and "malformed JSON" in p.message


def test_every_problem_at_once_and_nothing_loaded(tmp_path: Path) -> None:
    shutil.copy(EDGE, tmp_path / "graph.yaml")
    (tmp_path / "one.yaml").write_text(agreement(kind="handshake"))
    (tmp_path / "two.yaml").write_text(agreement(recipient="nobody").replace("bad-1", "bad-2"))
    with pytest.raises(SeedError) as caught:
        load_seeds(tmp_path)
    assert len(caught.value.problems) == 2
    assert "nothing was loaded" in str(caught.value)
    with pytest.raises(SeedError):
        open_graph(tmp_path)


def test_missing_path() -> None:
    p = only(validate("no/such/place"))
    assert "no such file or folder" in p.message


def test_cli_reports_without_traceback(tmp_path: Path) -> None:
    shutil.copy(EDGE, tmp_path / "graph.yaml")
    (tmp_path / "bad.yaml").write_text(agreement(end="2021-02-30"))
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "bad.yaml:10: agreement 'bad-1' effective_to:" in result.output
    ok = CliRunner().invoke(cli, ["validate", str(EDGE)])
    assert ok.exit_code == 0 and ok.output.startswith("OK:")
    as_json = CliRunner().invoke(cli, ["validate", "--json", str(tmp_path)])
    assert as_json.exit_code == 1 and '"line": 10' in as_json.output


def test_cli_reach_on_bad_seeds_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("agencies: [\n")
    result = CliRunner().invoke(cli, ["reach", "d1", "--seeds", str(tmp_path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bad.yaml" in result.output


def test_empty_file(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, ""))
    assert p.file.endswith("bad.yaml") and "empty" in p.message and "delete it" in p.message


def test_a_file_that_is_a_list(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, "- id: a\n- id: b\n"))
    assert p.line == 1 and "a seed file is a mapping with the keys sources" in p.message


def test_binary_garbage(tmp_path: Path) -> None:
    shutil.copy(EDGE, tmp_path / "graph.yaml")
    (tmp_path / "bad.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe\x9d garbage")
    p = only(validate(tmp_path))
    assert p.file.endswith("bad.yaml") and "save it as UTF-8" in p.message


def test_no_such_day_in_february(tmp_path: Path) -> None:
    text = agreement().replace("date: 2020-01-01", "date: 2025-02-30")
    p = only(problems_for(tmp_path, text))
    assert (p.line, p.field) == (12, "agreement 'bad-1' status[0].date")
    assert "not a real day: 2025-02 has 28 days" in p.message


def test_year_the_tool_cannot_count_with(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, agreement(start="0000-01-01")))
    assert (p.line, p.field) == (9, "agreement 'bad-1' effective_from")
    assert "year 0" in p.message and "1000 to 9998" in p.message


def test_claim_inside_claims_without_a_source(tmp_path: Path) -> None:
    text = (
        "agencies:\n  - id: z1\n    name: Z\n    kind: federal\n    sources: [s1]\n"
        "    confidence: single_outlet\n    claims:\n"
        "      - {field: staff, value: 12, confidence: single_outlet}\n"
    )
    p = only(problems_for(tmp_path, text))
    assert (p.line, p.field) == (8, "agency 'z1' claims[0].sources") and "add it" in p.message


def test_wrong_type_says_how_to_write_it(tmp_path: Path) -> None:
    text = agreement().replace(
        "    sources: [s1]\n    confidence", "    sources: s1\n    confidence"
    )
    p = only(problems_for(tmp_path, text))
    assert p.field == "agreement 'bad-1' sources" and "write a list" in p.message


def test_nested_aliases_are_refused_quickly(tmp_path: Path) -> None:
    lines = ['l0: &l0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for level in range(1, 9):  # ten to the ninth values once expanded
        lines.append(f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 10) + "]")
    found = problems_for(tmp_path, "\n".join(lines) + "\n")
    assert any("aliases (*name)" in p.message for p in found), [str(p) for p in found]


def test_runaway_nesting(tmp_path: Path) -> None:
    # libyaml and graphkit's own check refuse at different depths, in different words:
    # whichever refuses, the problem names the file and line and says it is nested too deep.
    for depth in (100, 5000):
        p = only(problems_for(tmp_path, "agencies: " + "[" * depth + "]" * depth + "\n"))
        assert p.file.endswith("bad.yaml") and p.line == 1
        assert "nested too deep" in p.message


def test_deeply_nested_json_line(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, "[" * 100_000 + "]" * 100_000 + "\n", name="agencies.jsonl"))
    assert p.line == 1 and "nested too deeply" in p.message


def test_a_csv_file_is_reported_not_skipped(tmp_path: Path) -> None:
    p = only(problems_for(tmp_path, "id,name\nz1,Z\n", name="agencies.csv"))
    assert p.file.endswith("agencies.csv") and "agencies.jsonl" in p.message
