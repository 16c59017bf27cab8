"""Settings a user gets without flags: ``.env`` in the working folder (read by the
``graphkit`` command, as .env.example says), and the record of the servers
``graphkit neo4j start`` runs (so ``graphkit load`` finds a data dir from the URI)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.backends.neo4j.load.gate import found_data_dir, gate
from graphkit.backends.neo4j.server import servers
from graphkit.envfile import apply_env_file, read_env_file
from graphkit.errors import GraphkitError
from neo4j_fixture import free_port
from tests_support import ROOT


def graphkit(*args: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    """``python -m graphkit`` in ``cwd``, with no NEO4J_* variable but ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "GRAPHKIT_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return subprocess.run(
        [sys.executable, "-m", "graphkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


QUESTION = ("reach", "irs-taxpayer-addresses", "--as-of", "2025-08-01", "--backend", "neo4j")


def test_dot_env_in_the_working_folder_is_read(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there: the error names the URI .env gave
    (tmp_path / ".env").write_text(
        f"# as in .env.example\nNEO4J_URI=bolt://127.0.0.1:{port}\n"
        "export NEO4J_PASSWORD='from-the-dot-env'\n"
    )
    done = graphkit(*QUESTION, cwd=tmp_path)
    assert done.returncode == 1
    assert f"127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr
    assert "from-the-dot-env" not in done.stdout + done.stderr


def test_without_dot_env_the_password_is_missing(tmp_path: Path) -> None:
    done = graphkit(*QUESTION, cwd=tmp_path)
    assert done.returncode != 0
    assert "NEO4J_PASSWORD" in done.stderr


def test_the_environment_wins_over_dot_env(tmp_path: Path) -> None:
    theirs, ours = free_port(), free_port()
    (tmp_path / ".env").write_text(
        f"NEO4J_URI=bolt://127.0.0.1:{theirs}\nNEO4J_PASSWORD=x-long-pw\n"
    )
    done = graphkit(*QUESTION, cwd=tmp_path, NEO4J_URI=f"bolt://127.0.0.1:{ours}")
    assert f"127.0.0.1:{ours}" in done.stderr
    assert f"127.0.0.1:{theirs}" not in done.stderr


def test_a_bad_dot_env_line_names_file_line_and_fix(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("NEO4J_USER=neo4j\nthis is not a setting\n")
    done = graphkit("--version", cwd=tmp_path)
    assert done.returncode == 2
    assert ".env, line 2: expected NAME=VALUE" in done.stderr
    assert "Fix:" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_shell_password_never_goes_to_a_uri_only_dot_env_names(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("NEO4J_URI=bolt://attacker.example:7687\nNEO4J_DATABASE=other\nPATH=/evil\n")
    environ = {"NEO4J_PASSWORD": "from-the-shell", "PATH": "/usr/bin"}
    warnings = apply_env_file(env, environ)
    assert environ == {
        "NEO4J_PASSWORD": "from-the-shell",
        "PATH": "/usr/bin",
        "NEO4J_DATABASE": "other",
    }
    assert len(warnings) == 1 and "NEO4J_URI" in warnings[0]


def test_a_password_option_is_guarded_as_the_environment_s(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("NEO4J_URI=bolt://attacker.example:7687\nNEO4J_USER=x\nNEO4J_PASSWORD=x\n")
    environ: dict[str, str] = {}  # no password in the environment: the option gives one
    warnings = apply_env_file(env, environ, password_given=True)
    assert environ == {"NEO4J_PASSWORD": "x"}  # never used: the option wins over it
    assert [w.split(" sets ")[1].split(" ")[0] for w in warnings] == ["NEO4J_URI", "NEO4J_USER"]
    assert "comes from your --password option" in warnings[0]
    # without the option, .env's server, user and password go together
    environ = {}
    assert apply_env_file(env, environ) == []
    assert environ["NEO4J_URI"] == "bolt://attacker.example:7687"


def test_load_password_never_reaches_a_server_only_dot_env_names(tmp_path: Path) -> None:
    """``graphkit load --password`` with a ``.env`` naming a server that listens: nothing
    connects to it (the password would be sent there)."""
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        port = listener.getsockname()[1]
        (tmp_path / ".env").write_text(f"NEO4J_URI=bolt://127.0.0.1:{port}\n")
        seeds = str(ROOT / "seeds")
        done = graphkit(
            "load",
            seeds,
            "--mode",
            "bulk",
            "--password",
            "from-the-option",
            cwd=tmp_path,
            GRAPHKIT_NEO4J_STATE_DIR=str(tmp_path / "state"),
        )
        with pytest.raises(TimeoutError):
            listener.accept()
    assert "NEO4J_URI left out" in done.stderr
    assert f"127.0.0.1:{port}" not in done.stderr.split("left out")[-1]
    assert "from-the-option" not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_dummy_dot_env_password_does_not_open_the_way(tmp_path: Path) -> None:
    # .env names another server and a password of its own; the shell's password is the
    # one in use (the environment wins), so the .env's server and user are left out
    env = tmp_path / ".env"
    env.write_text("NEO4J_URI=bolt://attacker.example:7687\nNEO4J_USER=x\nNEO4J_PASSWORD=x\n")
    environ = {"NEO4J_PASSWORD": "from-the-shell"}
    warnings = apply_env_file(env, environ)
    assert environ == {"NEO4J_PASSWORD": "from-the-shell"}
    assert [w.split(" sets ")[1].split(" ")[0] for w in warnings] == ["NEO4J_URI", "NEO4J_USER"]


def test_dot_env_sets_no_path_or_program(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "GRAPHKIT_CHROMIUM=./run-me.sh\nGRAPHKIT_CYPHER_HISTORY=/root/.bashrc\n"
        "GRAPHKIT_BACKEND=memory\n"
    )
    environ: dict[str, str] = {}
    (warning,) = apply_env_file(env, environ)
    assert environ == {"GRAPHKIT_BACKEND": "memory"}
    assert "GRAPHKIT_CHROMIUM, GRAPHKIT_CYPHER_HISTORY not read" in warning


def test_a_dot_env_others_can_write_is_refused(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("NEO4J_URI=bolt://127.0.0.1:7687\n")
    env.chmod(0o666)
    environ: dict[str, str] = {}
    with pytest.raises(GraphkitError, match="others can write it"):
        apply_env_file(env, environ)
    assert environ == {}


def test_a_bad_line_never_shows_its_value(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("NEO4J_PASSWORD: hunter2\n")
    with pytest.raises(GraphkitError) as caught:
        read_env_file(env)
    assert "line 1" in str(caught.value) and "hunter2" not in str(caught.value)


def test_dot_env_values_are_read_as_compose_writes_them(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text(
        "A=\"quoted # kept\"\nB=plain # comment\n\n  # indented comment\nC=\nD='x' # c\n"
    )
    assert read_env_file(env) == {"A": "quoted # kept", "B": "plain", "C": "", "D": "x"}
    env.write_bytes(b"A=\xff\n")
    with pytest.raises(GraphkitError, match="not UTF-8"):
        read_env_file(env)


@pytest.fixture()
def state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("GRAPHKIT_NEO4J_STATE_DIR", str(folder))
    return folder


def test_a_record_of_a_server_that_does_not_run_is_not_believed(
    state: Path, tmp_path: Path
) -> None:
    servers.record(7699, tmp_path / "neo4j")
    assert (state / "7699").read_text() == f"{tmp_path / 'neo4j'}\n"
    assert oct((state / "7699").stat().st_mode & 0o777) == "0o600"
    assert found_data_dir("bolt://127.0.0.1:7699") is None  # no server runs there
    servers.forget(tmp_path / "neo4j")
    assert list(state.iterdir()) == []


def test_a_record_others_could_write_is_not_read(
    state: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphkit.backends.neo4j.server import manager

    looked: list[Path] = []

    def running(data_dir: Path) -> dict[str, object]:
        looked.append(data_dir)
        return {"running": True, "uri": "bolt://127.0.0.1:7699"}

    monkeypatch.setattr(manager, "status", running)
    servers.record(7699, tmp_path / "neo4j")
    assert found_data_dir("bolt://localhost:7699") == tmp_path / "neo4j"
    assert found_data_dir("bolt://10.1.2.3:7699") is None  # not this machine
    assert found_data_dir("bolt://127.0.0.1:7698") is None  # no record
    # The one gate the CLI and graphkit.load share finds it when no data dir is given.
    assert gate(None, "bolt://localhost:7699", "auto") == tmp_path / "neo4j"
    assert gate(None, "bolt://127.0.0.1:7698", "import") is None
    (state / "7699").chmod(0o666)
    looked.clear()
    assert found_data_dir("bolt://127.0.0.1:7699") is None
    assert looked == []  # not even read
    (state / "7699").chmod(0o600)
    state.chmod(0o777)
    assert found_data_dir("bolt://127.0.0.1:7699") is None
