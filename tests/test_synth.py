"""The synthetic generator: deterministic, valid, and the size it is asked for."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.backends.neo4j.rows import relationship_rows
from graphkit.ingest.synth import generate
from graphkit.ingest.validation import check_stream, load_seeds


@pytest.mark.parametrize("size", [10_000, 40_000])
def test_synth_writes_valid_graphs_of_the_size_asked(tmp_path: Path, size: int) -> None:
    generate(tmp_path, relationships=size)
    check_stream(tmp_path)  # raises on any problem
    count = sum(1 for _ in relationship_rows(load_seeds(tmp_path)))
    assert 0.9 * size <= count <= 1.1 * size


def test_synth_is_deterministic(tmp_path: Path) -> None:
    generate(tmp_path / "a", relationships=3_000, seed=11)
    generate(tmp_path / "b", relationships=3_000, seed=11)
    generate(tmp_path / "c", relationships=3_000, seed=12)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    same = [(tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files]
    assert all(same)
    assert (tmp_path / "a" / "agreements.jsonl").read_bytes() != (
        tmp_path / "c" / "agreements.jsonl"
    ).read_bytes()
