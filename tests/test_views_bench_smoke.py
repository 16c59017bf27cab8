"""A smoke-size run of benchmarks/views.py on the smallest README view (figures not
asserted: only that each is measured and written)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from graphkit import open_graph
from graphkit.viz import reach_view
from tests.test_viz_browser import chromium_path, need
from tests_support import ROOT


def run(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "views.json"
    done = subprocess.run(
        [
            sys.executable,
            "benchmarks/views.py",
            "--runs",
            "1",
            "--keep",
            str(tmp_path),
            "--json",
            str(out),
            *args,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "| reach irs-taxpayer-addresses --as-of 2025-08-01 |" in done.stdout
    result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return result


def test_builds_one_view_without_a_browser(tmp_path: Path) -> None:
    result = run(tmp_path, "--only", "irs", "--no-browser")
    assert result["runs"] == 1 and result["chromium"] is None
    [(name, row)] = result["rows"].items()
    page = reach_view(open_graph(), "irs-taxpayer-addresses", as_of="2025-08-01")
    assert name == "irs" and (row["nodes"], row["edges"]) == (page.nodes, page.edges)
    assert row["build_s"]["runs"] == 1 and row["build_s"]["median"] > 0
    assert row["build_cpu_s"]["median"] > 0 and row["cold_s"] > 0
    assert row["bytes"] == len(page.html.encode("utf-8"))
    assert "drawn_s" not in row
    assert (tmp_path / "irs.html").exists()


@pytest.mark.browser
def test_draws_one_view_and_its_embed_in_chromium(tmp_path: Path) -> None:
    if chromium_path() is None:
        need("no Chromium: apt-get install -y chromium, or set GRAPHKIT_CHROMIUM")
    result = run(tmp_path, "--only", "irs", "embed")
    assert result["chromium"]
    assert set(result["rows"]) == {"irs", "embed"}
    for row in result["rows"].values():
        assert 0 < row["drawn_s"]["median"] <= row["settled_s"]["median"]
        assert row["verdict"] in ("ok", "MISSED")
