"""The server trusts only its owner: ``neo4j start`` refuses a data dir another user
owns or others can write (they could replace its databases or its import requests)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from graphkit.backends.neo4j.server import manager
from graphkit.errors import Neo4jServerError
from neo4j_fixture import free_port


def test_a_data_dir_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("needs root to give the folder to another user")  # CI runs as root
    data_dir = tmp_path / "theirs"
    data_dir.mkdir()
    os.chown(data_dir, 65534, 65534)  # nobody
    with pytest.raises(Neo4jServerError, match="belongs to another user"):
        manager.start(data_dir, free_port(), password="a-long-password")
    assert sorted(p.name for p in data_dir.iterdir()) == []  # nothing written into it


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o702])
def test_a_data_dir_others_can_write_is_refused(tmp_path: Path, mode: int) -> None:
    data_dir = tmp_path / "open"
    data_dir.mkdir()
    data_dir.chmod(mode)
    with pytest.raises(Neo4jServerError, match="can be written by other users"):
        manager.start(data_dir, free_port(), password="a-long-password")
    assert sorted(p.name for p in data_dir.iterdir()) == []


def test_a_new_data_dir_under_a_folder_others_can_write_is_refused(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # not sticky: anyone could rename the data dir away and replace it
    with pytest.raises(Neo4jServerError, match="can be written by other users"):
        manager.start(shared / "neo4j", free_port(), password="a-long-password")
    assert not (shared / "neo4j").exists()


@pytest.mark.parametrize("name", ["data", "import", "logs", "import-staging"])
def test_a_folder_inside_that_others_can_write_is_refused(tmp_path: Path, name: str) -> None:
    """The data dir is private but a folder the server uses in it is not: another user
    could replace the databases, the logs or the files an import reads."""
    data_dir = tmp_path / "neo4j"
    data_dir.mkdir(mode=0o700)
    inner = data_dir / name
    inner.mkdir()
    inner.chmod(0o777)
    with pytest.raises(Neo4jServerError, match="can be written by other users") as caught:
        manager.start(data_dir, free_port(), password="a-long-password")
    assert str(inner) in str(caught.value)
    assert sorted(p.name for p in data_dir.iterdir()) == [name]  # nothing written


def test_a_folder_inside_that_is_a_link_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    data_dir = tmp_path / "neo4j"
    data_dir.mkdir(mode=0o700)
    (data_dir / "data").symlink_to(elsewhere)  # the databases would be written there
    with pytest.raises(Neo4jServerError, match="is not a folder"):
        manager.start(data_dir, free_port(), password="a-long-password")
    assert list(elsewhere.iterdir()) == []


def test_a_folder_inside_of_another_user_is_refused(tmp_path: Path) -> None:
    if os.getuid() != 0:
        pytest.skip("needs root to give the folder to another user")  # CI runs as root
    data_dir = tmp_path / "neo4j"
    data_dir.mkdir(mode=0o700)
    (data_dir / "import-staging").mkdir(mode=0o700)
    os.chown(data_dir / "import-staging", 65534, 65534)  # nobody
    with pytest.raises(Neo4jServerError, match="belongs to another user"):
        manager.start(data_dir, free_port(), password="a-long-password")
