"""The heap and page cache `graphkit neo4j start` gives Neo4j (no server needed here: the
starts themselves are checked in test_neo4j_server.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.backends.neo4j.server import memory
from graphkit.errors import Neo4jServerError


def _build(tmp_path: Path, recommendation: str | None) -> Path:
    """A build dir whose kept recommendation for this machine is ``recommendation``."""
    build = tmp_path / "build"
    build.mkdir()
    if recommendation is not None:
        name = memory.CACHE_NAME.format(memory=memory.machine_memory())
        (build / name).write_text(recommendation)
    return build


def test_the_environment_overrides_each_size_and_no_jvm_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(memory.HEAP_ENV, "3g")
    monkeypatch.setenv(memory.PAGECACHE_ENV, "512m")
    sizes = memory.choose("/no/such/java", _build(tmp_path, None), tmp_path)
    assert (sizes.heap, sizes.pagecache) == (3 << 30, 512 << 20)
    assert (sizes.jvm(sizes.heap), sizes.jvm(sizes.pagecache)) == ("3072m", "512m")
    assert sizes.line() == (
        "heap 3.0 GiB (GRAPHKIT_NEO4J_HEAP), page cache 512.0 MiB (GRAPHKIT_NEO4J_PAGECACHE); "
        "store 0 B"
    )


def test_the_recommendation_kept_for_this_machine_sizes_what_is_not_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(memory.HEAP_ENV, raising=False)
    monkeypatch.setenv(memory.PAGECACHE_ENV, "100m")
    build = _build(tmp_path, "memory=1\nheap=3600m\npagecache=2g\n")
    sizes = memory.choose("/no/such/java", build, tmp_path)  # kept: java is not run
    assert (sizes.heap, sizes.pagecache) == (3600 << 20, 100 << 20)
    assert sizes.heap_from == "" and sizes.pagecache_from == memory.PAGECACHE_ENV
    assert "heap 3.5 GiB, page cache 100.0 MiB (GRAPHKIT_NEO4J_PAGECACHE)" in sizes.line()
    assert "the other: Neo4j's recommendation for" in sizes.line()


def test_without_a_recommendation_the_old_defaults_and_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(memory.HEAP_ENV, raising=False)
    monkeypatch.delenv(memory.PAGECACHE_ENV, raising=False)
    sizes = memory.choose("/no/such/java", _build(tmp_path, None), tmp_path)
    assert (sizes.heap, sizes.pagecache) == (1 << 30, 64 << 20)
    assert "could not be computed (FileNotFoundError)" in sizes.line()
    assert not list((tmp_path / "build").iterdir())  # nothing kept from a failure


def test_a_kept_recommendation_that_is_not_whole_is_not_believed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(memory.HEAP_ENV, raising=False)
    monkeypatch.delenv(memory.PAGECACHE_ENV, raising=False)
    sizes = memory.choose("/no/such/java", _build(tmp_path, "heap=36"), tmp_path)
    assert (sizes.heap, sizes.pagecache) == (1 << 30, 64 << 20)
    assert "could not be computed" in sizes.note


def test_a_store_larger_than_the_page_cache_is_said(tmp_path: Path) -> None:
    store = tmp_path / "data" / "databases" / "neo4j"
    store.mkdir(parents=True)
    (store / "neostore.nodestore.db").write_bytes(b"\0" * 3000)
    (store / "neostore").write_bytes(b"\0" * 100)
    assert memory.store_bytes(tmp_path) == 3100
    sizes = memory.Sizes(heap=1 << 30, pagecache=2048, memory=4 << 30, store=3100)
    assert sizes.line().endswith(
        "store 3.0 KiB (larger than the page cache: questions read from disk)"
    )


@pytest.mark.parametrize("text", ["", "abc", "3x", "0", "-1g", "1.5g"])
def test_a_size_that_is_none_names_the_variable_and_the_fix(text: str) -> None:
    with pytest.raises(Neo4jServerError) as caught:
        memory.parse_size(text, memory.HEAP_ENV)
    assert f"{memory.HEAP_ENV}={text!r} is not a size" in str(caught.value)
    assert "Fix:" in str(caught.value)


def test_a_bad_size_in_the_environment_stops_the_start_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(memory.HEAP_ENV, "lots")
    monkeypatch.setenv(memory.PAGECACHE_ENV, "1g")
    with pytest.raises(Neo4jServerError, match="GRAPHKIT_NEO4J_HEAP='lots' is not a size"):
        memory.choose("/no/such/java", _build(tmp_path, None), tmp_path)
