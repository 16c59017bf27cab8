"""The launcher runs only import requests it can authenticate (issue 22, row 2).

A request is data (the files to import, by label), written by the server's own user
into a folder only that user can write; the launcher builds the importer's arguments
itself. Each test here writes a request as an attacker would and checks the outcome:
the request is refused (``import.done`` says why), the database still holds what it
held, no file outside the data dir is written, and nothing from outside the import
reaches ``import.log`` or ``launcher.log``.
"""

from __future__ import annotations

import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from graphkit.backends.neo4j.load import offline
from graphkit.backends.neo4j.load.gate import found_data_dir
from graphkit.backends.neo4j.load.plan import load_paths
from graphkit.backends.neo4j.server import manager
from graphkit.cli import cli
from graphkit.errors import LoadError
from neo4j_fixture import Neo4jServer, free_port, require_java_and_maven
from tests_support import EDGE, SEEDS, connect, server_env

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    """A server of its own, holding tests/graphs/edge (loaded through Bolt)."""
    require_java_and_maven()
    data_dir = tmp_path_factory.mktemp("requests") / "neo4j"
    password = secrets.token_hex(8)
    uri = manager.start(data_dir, free_port(), password=password)
    started = Neo4jServer(uri, "neo4j", password, "neo4j", data_dir.resolve(), True)
    try:
        load_paths([str(EDGE)], lambda: connect(started), "transaction")
        yield started
    finally:
        manager.stop(data_dir)


@pytest.fixture()
def outside(tmp_path: Path) -> Path:
    """A folder outside the data dir with a file the attacker wants overwritten and a
    secret the attacker wants read."""
    (tmp_path / "victim").write_text("keep\n")
    (tmp_path / "secret").write_text("SECRET-" + secrets.token_hex(8) + "\n")
    (tmp_path / "secret").chmod(0o600)
    return tmp_path


def _count(server: Neo4jServer) -> int:
    driver, database = connect(server)
    with driver:
        records = driver.execute_query("MATCH (n:Entity) RETURN count(n) AS n", database_=database)
        return int(records.records[0]["n"])


def _ask(server: Neo4jServer, body: str, mode: int = 0o600, link: bool = False) -> dict[str, str]:
    """Put ``body`` in place as ``import.request`` (a file of ``mode``, or a link to one)
    and return the launcher's answer for its id."""
    data_dir = server.data_dir
    assert data_dir is not None
    ident = secrets.token_hex(8)
    text = body.replace("{id}", ident)
    staged = data_dir / "attacker.tmp"
    staged.write_text(text, encoding="utf-8")
    staged.chmod(mode)
    done = data_dir / offline.IMPORT_DONE
    done.unlink(missing_ok=True)
    request = data_dir / offline.IMPORT_REQUEST
    if link:
        request.symlink_to(staged)
    else:
        staged.replace(request)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if done.is_file():
            lines = done.read_text(encoding="utf-8").splitlines()
            if lines and lines[0] in (ident, ""):
                staged.unlink(missing_ok=True)
                done.unlink()
                return dict(line.split("=", 1) for line in lines[1:] if "=" in line)
        time.sleep(0.05)
    raise AssertionError(f"no answer from the launcher to {text!r}")


def _logs(server: Neo4jServer) -> str:
    assert server.data_dir is not None
    found = [server.data_dir / name for name in (offline.IMPORT_LOG, manager.LOG_FILE)]
    return "".join(p.read_text(errors="replace") for p in found if p.exists())


def _unharmed(server: Neo4jServer, outside: Path, before: tuple[int, int]) -> None:
    """The database as it was (never stopped), the victim intact, the secret unread."""
    assert server.data_dir is not None
    stops, count = before
    assert count > 0
    assert _count(server) == count
    assert manager.status(server.data_dir)["running"]
    launcher_log = (server.data_dir / manager.LOG_FILE).read_text()
    assert launcher_log.count("import: the databases stop") == stops
    assert (outside / "victim").read_text() == "keep\n"
    assert (outside / "secret").read_text().strip() not in _logs(server)
    assert not (server.data_dir / offline.IMPORT_REQUEST).exists()


def _before(server: Neo4jServer) -> tuple[int, int]:
    """How many imports the launcher has run, and how many nodes the database holds."""
    assert server.data_dir is not None
    log = (server.data_dir / manager.LOG_FILE).read_text()
    return log.count("import: the databases stop"), _count(server)


def test_an_argument_list_from_the_file_is_never_run(server: Neo4jServer, outside: Path) -> None:
    """The attack of row 2: the old request format, an id then the importer's arguments,
    with a report file outside and an ``@file`` of a secret."""
    before = _before(server)
    body = (
        "id={id}\n--overwrite-destination=true\n"
        f"--report-file={outside / 'victim'}\n@{outside / 'secret'}\n"
        f"--nodes=Entity={outside / 'secret'}\nneo4j\n"
    )
    answer = _ask(server, body)
    assert answer["exit"] == "2"
    assert "does not start with 'graphkit-import-request 1'" in answer["refused"]
    _unharmed(server, outside, before)


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("report-file={victim}", "unknown entry 'report-file'"),
        ("nodes=Entity={secret}", "is not a file under import-staging/"),
        ("nodes=Entity=@{secret}", "is not a file under import-staging/"),
        ("nodes=Entity=import-staging/../../x.csv", "is not a file under import-staging/"),
        ("nodes=Entity)RETURN=import-staging/a.csv", "names no valid label or type"),
        ("nodes=Entity=import-staging/missing.csv", "does not exist"),
    ],
)
def test_a_request_naming_anything_but_staged_files_is_refused(
    server: Neo4jServer, outside: Path, line: str, why: str
) -> None:
    before = _before(server)
    named = line.format(victim=outside / "victim", secret=outside / "secret")
    answer = _ask(server, f"graphkit-import-request 1\nid={{id}}\nmultiline=false\n{named}\n")
    assert answer["exit"] == "2"
    assert why in answer["refused"]
    _unharmed(server, outside, before)


@pytest.mark.parametrize(("mode", "link"), [(0o666, False), (0o620, False), (0o600, True)])
def test_a_request_others_could_have_written_is_refused(
    server: Neo4jServer, outside: Path, mode: int, link: bool
) -> None:
    """A request file others can write (what another user could have put there), or a
    link (to a file anywhere): refused before it is read."""
    before = _before(server)
    body = "graphkit-import-request 1\nid={id}\nmultiline=false\n"
    answer = _ask(server, body, mode=mode, link=link)
    assert answer["exit"] == "2"
    expected = "is not a regular file" if link else "can be written by other users"
    assert expected in answer["refused"]
    _unharmed(server, outside, before)


def test_a_request_of_another_user_is_refused(server: Neo4jServer, outside: Path) -> None:
    if os.getuid() != 0:
        message = "needs root to give the request to another user (CI runs as root)"
        pytest.fail(message) if os.environ.get("CI") else pytest.skip(message)
    assert server.data_dir is not None
    before = _before(server)
    data_dir = server.data_dir
    staged = data_dir / "theirs.tmp"
    ident = secrets.token_hex(8)
    staged.write_text(f"graphkit-import-request 1\nid={ident}\nmultiline=false\n")
    os.chown(staged, 65534, 65534)  # nobody
    staged.replace(data_dir / offline.IMPORT_REQUEST)
    deadline = time.monotonic() + 60
    done = data_dir / offline.IMPORT_DONE
    while not done.is_file() and time.monotonic() < deadline:
        time.sleep(0.05)
    lines = done.read_text().splitlines()
    done.unlink()
    assert lines[0] == ident
    assert "exit=2" in lines
    assert any(line.startswith("refused=") and "belongs to uid 65534" in line for line in lines)
    _unharmed(server, outside, before)


def test_a_data_dir_others_can_write_gets_no_import(server: Neo4jServer, outside: Path) -> None:
    """Made writable by others while the server runs: every request is refused."""
    assert server.data_dir is not None
    before = _before(server)
    server.data_dir.chmod(0o777)
    try:
        answer = _ask(server, "graphkit-import-request 1\nid={id}\nmultiline=false\n")
    finally:
        server.data_dir.chmod(0o700)
    assert answer["exit"] == "2"
    assert "the data dir" in answer["refused"]
    assert "can be written by other users" in answer["refused"]
    _unharmed(server, outside, before)


def test_a_load_whose_files_others_could_change_is_refused_and_says_so(
    server: Neo4jServer, outside: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through ``graphkit load --mode import``: staged files others can write are refused
    by the launcher, the load says so with the fix, and the database keeps its data."""
    before = _before(server)

    def open_to_all(staging: Path, nodes: dict[str, list[Path]], rels: object) -> None:
        for paths in nodes.values():
            for path in paths:
                path.chmod(0o666)

    monkeypatch.setattr(offline, "_private", open_to_all)
    monkeypatch.setattr(offline, "_checked", lambda *_args: "import")  # past the empty check
    with pytest.raises(LoadError, match="refused the import request") as caught:
        load_paths(
            [str(SEEDS)],
            lambda: connect(server),
            "import",
            data_dir=server.data_dir,
            password=server.password,
        )
    assert "can be written by other users" in str(caught.value)
    assert "chmod go-w" in str(caught.value)
    _unharmed(server, outside, before)


def test_load_finds_the_data_dir_from_the_uri(
    server: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No --data-dir: the server at the URI is one ``neo4j start`` recorded, so the
    importer is considered (and refused here only because the database holds data)."""
    monkeypatch.delenv("GRAPHKIT_NEO4J_HOME", raising=False)
    assert found_data_dir(server.uri) == server.data_dir
    before = _before(server)
    result = CliRunner().invoke(
        cli, ["load", str(EDGE), "--mode", "import"], env=server_env(server)
    )
    assert result.exit_code == 1, result.output
    assert "the offline importer replaces a database whole" in result.output
    assert "needs the server's data dir" not in result.output
    assert _before(server) == before


def test_what_the_server_creates_is_its_owners_alone(server: Neo4jServer) -> None:
    """Neo4j runs with umask 077: a second start never finds a folder others can write."""
    assert server.data_dir is not None
    made = [server.data_dir / name for name in ("data", "logs", "import", manager.READY_FILE)]
    assert all(path.exists() for path in made)
    assert {path.name: oct(path.stat().st_mode & 0o077) for path in made} == {
        path.name: "0o0" for path in made
    }
