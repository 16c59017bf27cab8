"""A smoke-size run of the explorer's load generator, so the full one keeps working
(figures not asserted: the machine is shared)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests_support import ROOT, SEEDS


def test_the_load_runs_at_smoke_size(tmp_path: Path) -> None:
    out = tmp_path / "load.json"
    args = ["--seeds", str(SEEDS), "--clients", "2", "--seconds", "2", "--json", str(out)]
    done = subprocess.run(
        [sys.executable, "benchmarks/explorer_load.py", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert figures["clients"] == 2 and figures["errors"] == 0
    assert figures["requests"] >= 2
    assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"] <= figures["max_ms"]
    assert "0 errors" in done.stdout


def test_the_load_refuses_any_host_but_this_machine() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/explorer_load.py", "--host", "192.0.2.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert "127.0.0.1 or localhost only" in done.stderr
