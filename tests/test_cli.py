"""The command line: every command answers in text and JSON, fails cleanly, starts fast."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.cli import cli
from tests_support import EDGE, ROOT

RUN = CliRunner()


def invoke(*args: str) -> tuple[int, str]:
    result = RUN.invoke(cli, [str(a) for a in args])
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


def test_reach_json_shape() -> None:
    code, out = invoke("reach", "d1", "--seeds", EDGE, "--as-of", "2020-03-15", "--json")
    assert code == 0
    data = json.loads(out)
    first = data["results"][1]
    assert set(first["party"]) == {"id", "name", "kind"}
    assert first["party"]["id"] == "b"
    hop = first["paths"][0]["hops"][0]
    assert hop["from"]["id"] == "a" and hop["to"]["id"] == "b"
    assert hop["agreement"]["status"] == "active" and hop["agreement"]["sources"] == ["s1"]
    assert data["sources"]["s1"]["url"] == "https://example.org/s1"
    assert data["custodian"]["id"] == "a"


def test_reach_text_names_custodian_hops_and_sources() -> None:
    code, out = invoke("reach", "Dataset One", "--seeds", EDGE, "--as-of", "2020-03-15")
    assert code == 0
    assert "Custodian: Agency A (a)" in out
    assert "Agency A → Agency K via Network L" in out
    assert "status: active since 2020-01-01 [1]" in out
    assert '[1] Test Publisher, "Test source", 2020-01-01. https://example.org/s1' in out


def test_reachable_path_show_search_stats() -> None:
    code, out = invoke("reachable", "b", "--seeds", EDGE, "--as-of", "2020-03-15")
    assert code == 0 and "Counting its components: Agency C" in out
    code, out = invoke("path", "a", "c", "--seeds", EDGE, "--as-of", "2020-03-15", "--json")
    assert [h["agreement"]["id"] for h in json.loads(out)["paths"][0]["hops"]] == ["ag1", "ag2"]
    code, out = invoke("show", "ag1", "--seeds", EDGE)
    assert code == 0 and "2020-06-15  enjoined by Test Court (court)" in out
    code, out = invoke("search", "twin", "--seeds", EDGE, "--json")
    assert [r["id"] for r in json.loads(out)] == ["twin-1", "twin-2"]
    code, out = invoke("stats", "--seeds", EDGE, "--json", "--as-of", "2020-03-15")
    stats = json.loads(out)
    assert stats["claims_without_source"] == 0 and stats["counts"]["agreements"] == 13


def test_ambiguous_and_unknown_names_list_candidates() -> None:
    code, out = invoke("reachable", "Twin", "--seeds", EDGE)
    assert code == 1 and "twin-1 (Twin); twin-2 (Twin)" in out
    code, out = invoke("reach", "Datset One", "--seeds", EDGE)
    assert code == 1 and "no dataset called 'Datset One'" in out


@pytest.mark.parametrize(
    "args",
    [
        ["reach", "d1", "--as-of", "2020-13-01"],
        ["reach", "d1", "--max-hops", "0"],
        ["path", "a", "a"],
    ],
)
def test_bad_arguments_fail_with_a_message(args: list[str]) -> None:
    code, out = invoke(*args, "--seeds", EDGE)
    assert code == 1 and out.startswith("Error: ")


@pytest.mark.parametrize(
    ("args", "argument", "value", "command_line"),
    [
        (["reach", "d1", "--as-of", "20200315"], "as_of", "20200315", "--as-of '20200315'"),
        (["reach", "d1", "--max-hops", "13"], "max_hops", 13, "--max-hops 13"),
        (["reachable", "b", "--max-paths", "0"], "max_paths", 0, "--max-paths 0"),
        (["search", "a", "--limit", "-5"], "limit", -5, "--limit -5"),
    ],
)
def test_library_errors_name_the_argument_and_the_cli_the_option(
    args: list[str], argument: str, value: object, command_line: str
) -> None:
    from graphkit import GraphkitError, open_graph

    question = getattr(open_graph(EDGE), args[0])
    with pytest.raises(GraphkitError) as raised:
        question(args[1], **{argument: value})
    assert raised.value.argument == argument
    # the library says as_of where the command line says --as-of
    assert str(raised.value).startswith(command_line.replace(command_line.split()[0], argument))
    code, out = invoke(*args, "--seeds", EDGE)
    assert code == 1 and out.startswith(f"Error: {command_line}")


def test_not_found_hints_at_search_only_on_the_command_line() -> None:
    from graphkit import NotFound, open_graph

    with pytest.raises(NotFound) as raised:
        open_graph(EDGE).reach("Datset One")
    assert "graphkit search" not in str(raised.value)
    code, out = invoke("reach", "Datset One", "--seeds", EDGE)
    assert code == 1 and "Try `graphkit search Datset` to find ids." in out


def test_schema_is_json_schema() -> None:
    code, out = invoke("schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "graphkit seed file"
    assert "Agreement" in schema["$defs"]


def test_every_command_has_help_and_an_example() -> None:
    readme = (ROOT / "README.md").read_text()
    for name in cli.commands:
        code, out = invoke(name, "--help")
        assert code == 0 and "Example" in out, name
        assert f"graphkit {name}" in readme, f"{name} is not in the README"


def test_help_starts_without_heavy_imports() -> None:
    code = (
        "import sys, graphkit.cli; heavy = {'networkx', 'neo4j', 'pydantic', 'yaml', "
        "'pyvis', 'jinja2'} & set(sys.modules); print(sorted(heavy))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_python_dash_m() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "graphkit", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(ROOT),
    ).stdout
    assert out.startswith("graphkit, version")


def test_readme_quickstart_output_is_real(monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("```console\n", 1)[1].split("```", 1)[0]
    command, expected = block.split("\n", 1)
    args = command.removeprefix("$ graphkit ").split()
    monkeypatch.chdir(ROOT)  # as a newcomer runs it: in the clone, which has ./seeds
    monkeypatch.delenv("GRAPHKIT_SEEDS", raising=False)
    code, out = invoke(*args)
    assert code == 0
    assert out.strip() == expected.strip(), "run: python scripts/refresh_readme.py"


def seeds_line(out: str) -> str:
    return next(line for line in out.splitlines() if line.startswith("seeds: "))


def test_every_answer_says_which_seeds_it_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphkit.ingest.locate import content_hash

    edge_hash = content_hash([EDGE])
    monkeypatch.delenv("GRAPHKIT_SEEDS", raising=False)
    # 1. --seeds wins over everything
    monkeypatch.setenv("GRAPHKIT_SEEDS", str(ROOT / "seeds"))
    code, out = invoke("reach", "d1", "--seeds", EDGE, "--as-of", "2020-03-15")
    assert code == 0 and seeds_line(out) == f"seeds: {EDGE} (given), content {edge_hash}"
    # 2. then GRAPHKIT_SEEDS, even where a ./seeds folder exists
    stray = tmp_path / "seeds"
    shutil.copytree(EDGE, stray)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GRAPHKIT_SEEDS", str(EDGE))
    code, out = invoke("reach", "d1", "--as-of", "2020-03-15")
    assert (
        code == 0 and seeds_line(out) == f"seeds: {EDGE} (from GRAPHKIT_SEEDS), content {edge_hash}"
    )
    # 3. then ./seeds, named as such, never a silent surprise
    monkeypatch.delenv("GRAPHKIT_SEEDS")
    code, out = invoke("reach", "d1", "--as-of", "2020-03-15", "--json")
    assert code == 0
    data = json.loads(out)["question"]["data"]
    assert data == f"seeds: seeds (./seeds in the working folder), content {edge_hash}"
    # 4. else the bundled seeds
    monkeypatch.chdir(tmp_path / "seeds")
    code, out = invoke("reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01")
    bundled = content_hash([ROOT / "seeds"])
    assert code == 0 and seeds_line(out) == f"seeds: bundled with graphkit, content {bundled}"
