"""The schema is data: one line in graphkit/model/registry.py defines a status, and
validation, the questions on both backends, the Cypher and the CLI all follow.

The proof edits a copy of the graphkit package: it adds one line, a status ``on_hold``
that stops and blocks, to the copy's registry and nothing else, then asks the copy
questions about tests/graphs/new-status in a fresh interpreter. The answers below are
worked out by hand from that graph:

- ``ag-ab`` (a -> b, d1) is active from 2020-01-01 and on hold from 2020-06-01;
- ``ag-ac`` (a -> c, d1) has one event, on hold from 2020-06-01. ``on_hold`` stops, so
  before that date it ran from a date no source gives: undated, not "not started".

On 2020-03-01 b obtains d1 through ag-ab (evidenced: its window is closed by the hold),
ag-ac is undated; on 2020-07-01 nobody obtains d1, and both agreements are blocked,
``on_hold since 2020-06-01``.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graphkit.errors import SeedError
from graphkit.ingest.validation import load_seeds
from graphkit.model import registry
from tests_support import ROOT, TESTS, server_env

GRAPH = TESTS / "graphs" / "new-status"
ANCHOR = '    Status("terminated", "ended", stops=True),\n'
NEW_LINE = '    Status("on_hold", "held back until a review ends", stops=True),\n'

#: Runs graphkit CLI commands (JSON argv lists on stdin) in this interpreter and prints
#: each one's exit code and output as JSON.
RUNNER = """
import json, sys
from click.testing import CliRunner
from graphkit.cli import cli
out = []
for args in json.load(sys.stdin):
    result = CliRunner().invoke(cli, args)
    out.append({"code": result.exit_code, "output": result.output})
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def patched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of graphkit whose registry has one more line: the ``on_hold`` status."""
    root = tmp_path_factory.mktemp("registry-copy")
    shutil.copytree(
        ROOT / "graphkit", root / "graphkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    path = root / "graphkit" / "model" / "registry.py"
    before = path.read_text(encoding="utf-8")
    assert before.count(ANCHOR) == 1
    after = before.replace(ANCHOR, ANCHOR + NEW_LINE)
    path.write_text(after, encoding="utf-8")
    changed = [
        line
        for line in difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == ["+" + NEW_LINE]  # one line added, nothing else touched
    return root


def run(copy: Path, *commands: list[str], env: dict[str, str] | None = None) -> list[Any]:
    """Run CLI commands with the patched copy of graphkit first on the path."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPHKIT_"))}
    environ |= {"PYTHONPATH": str(copy), **(env or {})}
    done = subprocess.run(
        [sys.executable, "-c", RUNNER],
        input=json.dumps([[str(a) for a in c] for c in commands]),
        capture_output=True,
        text=True,
        env=environ,
        cwd=copy,
        timeout=600,
        check=True,
    )
    results: list[Any] = json.loads(done.stdout)
    for command, result in zip(commands, results, strict=True):
        assert "Traceback" not in result["output"], (command, result["output"])
    return results


def blocked(answer: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return [
        (b["agreement"]["id"], b["agreement"]["status"], b["agreement"]["status_since"])
        for b in answer["blocked"]
    ]


def reached(answer: dict[str, Any]) -> list[tuple[str, list[str]]]:
    return [
        (r["party"]["id"], [h["agreement"]["id"] for p in r["paths"] for h in p["hops"]])
        for r in answer["results"]
    ]


def undated(answer: dict[str, Any]) -> list[str]:
    return [u["agreement"]["id"] for u in answer["undated"]]


def questions(copy: Path, *backend: str, env: dict[str, str] | None = None) -> list[Any]:
    where = list(backend) or ["--seeds", str(GRAPH)]
    results = run(
        copy,
        ["reach", "d1", "--as-of", "2020-03-01", "--json", *where],
        ["reach", "d1", "--as-of", "2020-07-01", "--json", *where],
        ["stats", "--as-of", "2020-03-01", "--json", *where],
        ["stats", "--as-of", "2020-07-01", "--json", *where],
        env=env,
    )
    assert [r["code"] for r in results] == [0, 0, 0, 0], results
    return [json.loads(r["output"]) for r in results]


def check_answers(answers: list[Any]) -> None:
    march, july, stats_march, stats_july = answers
    assert reached(march) == [("b", ["ag-ab"])]
    assert march["results"][0]["paths"][0]["evidence"] == "evidenced"
    assert blocked(march) == [] and undated(march) == ["ag-ac"]
    assert reached(july) == []
    assert blocked(july) == [("ag-ab", "on_hold", "2020-06-01"), ("ag-ac", "on_hold", "2020-06-01")]
    assert undated(july) == []
    # on_hold stops, so ag-ac is undated before its first event: the Cypher must know it.
    assert stats_march["agreements_by_status"] == {"active": 1, "undated": 1}
    assert stats_march["agreements_by_evidence"] == {
        "evidenced": 1,
        "presumed": 0,
        "declared": 0,
        "uncertain": 0,
        "undated": 1,
    }
    assert stats_july["agreements_by_status"] == {"on_hold": 2}
    assert stats_july["agreements_by_evidence"] == {
        "evidenced": 0,
        "presumed": 0,
        "declared": 0,
        "uncertain": 0,
        "undated": 0,
    }


def test_the_registry_as_shipped_refuses_the_new_status() -> None:
    assert "on_hold" not in registry.names(registry.STATUSES)
    with pytest.raises(SeedError) as caught:
        load_seeds(GRAPH)
    assert "on_hold" in str(caught.value) and "status" in str(caught.value)


def test_one_registry_line_reaches_validation_and_the_cli(patched: Path) -> None:
    validate, schema = run(patched, ["validate", GRAPH], ["schema"])
    assert validate["code"] == 0, validate["output"]
    enum = json.loads(schema["output"])["$defs"]["StatusEvent"]["properties"]["status"]["enum"]
    assert enum == [*registry.names(registry.STATUSES), "on_hold"]


def test_one_registry_line_reaches_the_memory_backend(patched: Path) -> None:
    check_answers(questions(patched))


@pytest.mark.neo4j
def test_one_registry_line_reaches_neo4j_and_its_cypher(patched: Path, neo4j_server: Any) -> None:
    env = server_env(neo4j_server)
    (load,) = run(patched, ["load", GRAPH], env=env)
    assert load["code"] == 0, load["output"]
    check_answers(questions(patched, "--backend", "neo4j", env=env))


def test_the_words_for_a_replaced_version_follow_the_registrys_flag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What answers say of a version a later one replaced comes from ``replaced`` in the
    registry, not from the name ``superseded``: a new status flagged so is worded the same,
    and ``superseded`` without the flag is worded as any other stop."""
    import dataclasses

    from graphkit.present import words
    from graphkit.present.changes import _change_line
    from graphkit.questions.changes import Cause, Change
    from graphkit.questions.results import Ref

    def lost(*statuses: str) -> str:
        ag = Ref("ag", "Notice", "agreement")
        causes = [Cause(ag, "2024-07-01", status, None, []) for status in statuses]
        change = Change(
            Ref("b", "B", "agency"), Ref("d", "D", "dataset"), "lost", "declared", None, causes
        )
        return _change_line(change)

    assert words.status_words("superseded") == "superseded (replaced by a later version)"
    assert lost("superseded").endswith(words.SUPERSEDED_LOSS)
    assert not lost("superseded", "terminated").endswith(words.SUPERSEDED_LOSS)

    revised = registry.Status("revised", "replaced by a revision", stops=True, replaced=True)
    unflagged = tuple(
        dataclasses.replace(s, replaced=False) if s.name == "superseded" else s
        for s in registry.STATUSES
    )
    monkeypatch.setattr(registry, "STATUSES", (*unflagged, revised))
    assert words.status_words("revised") == "revised (replaced by a later version)"
    assert words.status_words("superseded") == "superseded"
    assert lost("superseded") == "B (b) may no longer receive D (d) (declared)"
