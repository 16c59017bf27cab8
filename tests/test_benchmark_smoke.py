"""A smoke-size run of the benchmark, so the full one keeps working (figures not asserted)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests_support import ROOT, server_env

pytestmark = pytest.mark.neo4j


def test_benchmark_runs_at_smoke_size(neo4j_server: Any, tmp_path: Path) -> None:
    env = {**os.environ, **server_env(neo4j_server)}
    out = tmp_path / "bench.json"
    table = tmp_path / "bench.md"
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/run.py",
            "--sizes",
            "2k",
            "--no-browser",
            "--naive-sample",
            "100",
            "--json",
            str(out),
            "--markdown",
            str(table),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(out.read_text())
    row = result["rows"][0]
    assert row["size"] == 2000 and row["edges"] > 0
    assert {"memory_h4", "memory_h8", "neo4j_h4", "neo4j_h8", "neo4j_load"} <= set(row)
    loads = row["neo4j_load"]
    assert loads["imported_rels"] == loads["rels"] > 0
    for key in ("import_rate", "importer_rate", "bolt_first_rate", "incremental_rate"):
        assert loads[key] > 0, key
    assert loads["load_csv_rate"] > 0 and loads["naive_rate"] > 0
    assert loads["load_csv_rels"] == loads["rels"]  # the peer loaded the same graph
    assert set(loads["import_steps"]) == {"files", "stop", "import", "start", "finish"}
    text = table.read_text()
    assert "offline importer" in text and "LOAD CSV" in text and "HTML view, 2,000 nodes" in text
    assert neo4j_server.password not in done.stdout + done.stderr + text


def test_load_profile_runs_at_smoke_size(neo4j_server: Any, tmp_path: Path) -> None:
    from graphkit.ingest.synth import generate

    generate(tmp_path, relationships=2_000)
    env = {**os.environ, **server_env(neo4j_server)}
    done = subprocess.run(
        [sys.executable, "benchmarks/load_profile.py", str(tmp_path), "--batch", "500"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for step in ("1. validation", "2. Python", "3. server alone, total", "4. load_bulk"):
        assert step in done.stdout
    assert neo4j_server.password not in done.stdout + done.stderr
