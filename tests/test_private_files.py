"""Files only their owner may read (the server records, the Cypher prompt's history):
written by one helper, graphkit.files.write_private, whole and private from the first
byte, never through a link."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from graphkit.backends.neo4j import shell
from graphkit.backends.neo4j.server import servers
from graphkit.errors import GraphkitError
from graphkit.files import private_folder, write_private


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def test_a_private_file_is_private_whatever_the_umask_and_replaces_a_link(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("theirs")
    folder = tmp_path / "state"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    (folder / "entry").symlink_to(outside)
    old = os.umask(0)
    try:
        write_private(folder / "entry", "ours\n")
    finally:
        os.umask(old)
    assert outside.read_text() == "theirs"  # the link was replaced, not written through
    assert (folder / "entry").read_text() == "ours\n" and not (folder / "entry").is_symlink()
    assert (_mode(folder / "entry"), _mode(folder)) == (0o600, 0o700)
    assert [p.name for p in folder.iterdir()] == ["entry"]  # no temporary file left


def test_a_failed_private_write_leaves_the_previous_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_private(tmp_path / "f" / "entry", "first\n")

    def full(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(GraphkitError, match="No space left"):
        write_private(target, "second\n")
    assert target.read_text() == "first\n"
    assert [p.name for p in target.parent.iterdir()] == ["entry"]


def test_a_server_record_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRAPHKIT_NEO4J_STATE_DIR", str(tmp_path / "servers"))
    old = os.umask(0)
    try:
        servers.record(7699, tmp_path / "neo4j")
    finally:
        os.umask(old)
    entry = tmp_path / "servers" / "7699"
    assert (_mode(entry), _mode(entry.parent)) == (0o600, 0o700)
    assert servers.recorded("bolt://127.0.0.1:7699") == tmp_path / "neo4j"


def test_the_prompt_history_is_private_and_never_written_through_a_link(tmp_path: Path) -> None:
    def writer(path: Path) -> None:
        Path(path).write_text("MATCH (p:Person {name: 'someone'}) RETURN p\n")

    history = tmp_path / "hist" / "history"
    old = os.umask(0)
    try:
        shell._save_history(writer, history)
    finally:
        os.umask(old)
    assert (_mode(history), _mode(history.parent)) == (0o600, 0o700)
    outside = tmp_path / "outside"
    outside.write_text("theirs")
    history.unlink()
    history.symlink_to(outside)
    shell._save_history(writer, history)
    assert outside.read_text() == "theirs"


def test_a_private_folder_made_open_is_closed_again(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir()
    folder.chmod(0o777)
    assert _mode(private_folder(folder)) == 0o700
