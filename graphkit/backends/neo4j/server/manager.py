"""Start, stop and inspect a local Neo4j 5.26 Community server on the JDK, without Docker.

The server is Neo4j embedded (``org.neo4j:neo4j`` from Maven Central) with its Bolt connector
on ``127.0.0.1``, run by the small Java launcher in ``launcher/``. Maven builds the launcher
once into ``~/.cache/graphkit/neo4j-launcher/<hash of pom.xml + the Java sources>/`` (the Neo4j
jars land in ``~/.m2``; see :mod:`graphkit.backends.neo4j.server.build`); later starts reuse
that build and do not call Maven.

Files in the data dir:

* ``neo4j.pid``, ``neo4j.uri``, ``neo4j.memory`` - its process id, Bolt URI, heap and page cache
* ``launcher.log`` - the launcher's output; ``logs/debug.log`` - Neo4j's own log
* ``launcher.ready`` - written by the launcher once the password is set and Bolt is up
* ``data/`` - the databases
* ``import/`` - Neo4j's import directory (``server.directories.import``), created empty
* ``import.request``, ``import.done``, ``import.log`` - an offline import the launcher
  runs in its JVM (:mod:`graphkit.backends.neo4j.load.offline`)

The server reads no file and fetches no URL for a query: the launcher starts it with
``dbms.security.allow_csv_import_from_file_urls=false``, the import directory above, and
every address on ``internal.dbms.cypher_ip_blocklist``, so ``LOAD CSV`` can read neither
``file:///etc/passwd`` nor ``http://127.0.0.1:...``.

The password goes to the java process through its environment (``NEO4J_PASSWORD``) only:
never on its command line, in a log or in an error message.

A started server is recorded by port (:mod:`graphkit.backends.neo4j.server.servers`), so
that ``graphkit load`` finds its data dir from the URI.

Environment knobs: ``GRAPHKIT_NEO4J_HEAP``, ``GRAPHKIT_NEO4J_PAGECACHE`` (default: Neo4j's
recommendation for the machine, :mod:`~graphkit.backends.neo4j.server.memory`),
``GRAPHKIT_NEO4J_JAVA_OPTS`` (more JVM options),
``GRAPHKIT_NEO4J_BUILD_DIR`` (build cache), ``JAVA_HOME``.

Example:
    >>> from pathlib import Path
    >>> from graphkit.backends.neo4j.server import manager
    >>> uri = manager.start(Path(".neo4j"), 7687, password="a-long-password")  # doctest: +SKIP
    >>> manager.status(Path(".neo4j"))["running"]  # doctest: +SKIP
    True
    >>> manager.stop(Path(".neo4j"))  # doctest: +SKIP
    True
"""

from __future__ import annotations

import contextlib
import logging
import os
import shlex
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.client import failure
from graphkit.backends.neo4j.server import memory, servers
from graphkit.backends.neo4j.server.build import MAIN_CLASS, build_launcher, find_java, log_tail
from graphkit.backends.neo4j.server.trust import MIN_PASSWORD_LENGTH, check_owned, check_password
from graphkit.errors import Neo4jServerError

__all__ = [
    "MIN_PASSWORD_LENGTH",
    "Neo4jServerError",
    "start",
    "status",
    "stop",
    "wait_until_answering",
]

log = logging.getLogger(__name__)

USER = "neo4j"

PID_FILE = "neo4j.pid"
URI_FILE = "neo4j.uri"
READY_FILE = "launcher.ready"
LOG_FILE = "launcher.log"
#: The heap and page cache the running server got, in words (``status`` shows them).
MEMORY_FILE = "neo4j.memory"

JVM_OPTIONS = (
    *("-XX:+UseG1GC", "-XX:-OmitStackTraceInFastThrow", "-XX:+ExitOnOutOfMemoryError"),
    *("-Djdk.nio.maxCachedBufferSize=1024", "-Dio.netty.tryReflectionSetAccessible=true"),
    "-Dlog4j2.disable.jmx=true",
    *(f"--add-opens=java.base/{p}=ALL-UNNAMED" for p in ("java.nio", "java.io", "sun.nio.ch")),
    "--enable-native-access=ALL-UNNAMED",
)

# Processes this Python process started: polled so that a dead child is reaped, not a zombie.
_children: dict[int, subprocess.Popen[bytes]] = {}


# --------------------------------------------------------------------------- processes


def _read_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


def _cmdline(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None
    return [part.decode(errors="replace") for part in raw.split(b"\0") if part]


def _is_ours(pid: int, data_dir: Path) -> bool:
    """True if ``pid`` is a live launcher serving ``data_dir`` (guards against pid reuse)."""
    child = _children.get(pid)
    if child is not None:
        if child.poll() is not None:
            _children.pop(pid, None)
            return False
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    if not Path("/proc").is_dir():  # not Linux: trust the pid file
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] in ("Z", "X"):
            return False
    except (OSError, IndexError):
        return False
    cmdline = _cmdline(pid) or []
    return MAIN_CLASS in cmdline and str(data_dir) in cmdline


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return True
    return False


def _uri(port: int) -> str:
    return f"bolt://127.0.0.1:{port}"


def _bolt_answers(uri: str, password: str) -> bool:
    """True once ``RETURN 1`` answers 1; False while Bolt is not up yet.

    Raises: Neo4jServerError: the server refused the credentials.
    """
    import neo4j

    try:
        with neo4j.GraphDatabase.driver(
            uri, auth=(USER, password), connection_timeout=5, max_transaction_retry_time=0
        ) as driver:
            records = driver.execute_query(q.PING, database_="neo4j").records
            return bool(records) and records[0][0] == 1
    except Exception as exc:
        read = failure(exc)  # the driver's errors are read in one place
        if read is not None and read.lost:
            return False
        if read is None or read.kind != "auth":
            raise
        raise Neo4jServerError(
            f"The Neo4j server at {uri} refused user {USER!r} with the given password. "
            "Fix: if it was started with another password, stop it and start it again with "
            "this NEO4J_PASSWORD (the launcher resets the password on every start)."
        ) from None


def _failure(message: str, data_dir: Path, password: str, fix: str) -> Neo4jServerError:
    tail = log_tail(data_dir / LOG_FILE).replace(password, "***")
    return Neo4jServerError(
        f"{message}\nLast lines of {data_dir / LOG_FILE}:\n{tail}\n"
        f"(Neo4j's own log: {data_dir / 'logs' / 'debug.log'})\nFix: {fix}"
    )


def _java_command(build_dir: Path, data_dir: Path, port: int, sizes: memory.Sizes) -> list[str]:
    extra = shlex.split(os.environ.get("GRAPHKIT_NEO4J_JAVA_OPTS", ""))
    return [
        find_java(),
        "-Xms128m",
        f"-Xmx{sizes.jvm(sizes.heap)}",
        *JVM_OPTIONS,
        f"-Dgraphkit.pagecache={sizes.jvm(sizes.pagecache)}",
        *extra,
        f"@{build_dir / 'java.args'}",
        MAIN_CLASS,
        str(data_dir),
        str(port),
    ]


def _remove_state(data_dir: Path) -> None:
    for name in (PID_FILE, URI_FILE, READY_FILE, MEMORY_FILE):
        with contextlib.suppress(FileNotFoundError):
            (data_dir / name).unlink()


# --------------------------------------------------------------------------- API


def status(data_dir: Path) -> dict[str, Any]:
    """Whether a graphkit Neo4j server runs on ``data_dir``.

    Returns:
        ``{"running": bool, "pid": int | None, "uri": str | None, "data_dir": str,
        "log": str, "memory": str | None}``; ``pid``, ``uri`` and ``memory`` (the heap
        and page cache it got, see :mod:`~graphkit.backends.neo4j.server.memory`) are
        None when it is not running.

    Example:
        >>> import tempfile
        >>> status(Path(tempfile.mkdtemp()))["running"]
        False
    """
    data_dir = Path(data_dir).expanduser().resolve()
    pid = _read_pid(data_dir)
    running = pid is not None and _is_ours(pid, data_dir)
    uri = sizes = None
    if running:
        uri = _read(data_dir / URI_FILE)
        sizes = _read(data_dir / MEMORY_FILE)
    return {
        "running": running,
        "pid": pid if running else None,
        "uri": uri,
        "data_dir": str(data_dir),
        "log": str(data_dir / LOG_FILE),
        "memory": sizes,
    }


def _read(path: Path) -> str | None:
    try:
        return path.read_text(errors="replace").strip() or None
    except OSError:
        return None


def start(
    data_dir: Path,
    port: int = 7687,
    password: str | None = None,
    wait_seconds: float = 180,
) -> str:
    """Start Neo4j 5.26 Community on ``127.0.0.1:port`` with its data in ``data_dir``.

    Builds the launcher first if needed (see :func:`build_launcher`; not counted in
    ``wait_seconds``), starts java detached from the caller (its own session; it outlives
    this process), writes ``data_dir/neo4j.pid``, and returns once ``RETURN 1`` answers over
    Bolt as user ``neo4j`` with ``password``. The password is set on every start, so a new
    password on an existing data dir takes effect. If a server already runs on ``data_dir``,
    it is checked with ``password`` and its URI returned (logged as already running).

    Args:
        data_dir: the server's home: databases, logs, pid file. Created if missing.
        port: the Bolt port on 127.0.0.1.
        password: the ``neo4j`` user's password (at least 8 characters); default: the
            environment variable ``NEO4J_PASSWORD``.
        wait_seconds: how long to wait for the server to answer.

    Returns:
        The Bolt URI, ``bolt://127.0.0.1:PORT``.

    Raises:
        Neo4jServerError: no password, port taken, build failed, java died or did not answer
            in time; the message has the tail of the launcher log and the fix.

    Example:
        >>> uri = start(Path(".neo4j"), 7687, password="a-long-password")  # doctest: +SKIP
        >>> uri  # doctest: +SKIP
        'bolt://127.0.0.1:7687'
    """
    password = check_password(password)
    data_dir = Path(data_dir).expanduser().resolve()
    current = status(data_dir)
    if current["running"]:
        uri = current["uri"] or _uri(port)
        log.info("Neo4j is already running on %s (pid %s, %s)", data_dir, current["pid"], uri)
        _wait_until_answering(data_dir, current["pid"], uri, password, wait_seconds)
        return uri

    if _port_in_use(port):
        raise Neo4jServerError(
            f"Port {port} on 127.0.0.1 is already in use by another process. "
            "Fix: stop that process, or choose another port (--port / NEO4J_PORT)."
        )
    check_owned(data_dir)
    build_dir = build_launcher()
    data_dir.mkdir(parents=True, exist_ok=True)
    data_dir.chmod(0o700)  # databases, logs and the pid file: private to their owner
    _remove_state(data_dir)
    sizes = memory.choose(find_java(), build_dir, data_dir)
    command = _java_command(build_dir, data_dir, port, sizes)
    env = dict(os.environ, NEO4J_PASSWORD=password)
    log_path = data_dir / LOG_FILE
    with log_path.open("ab") as out:
        out.write(f"\n# {time.strftime('%Y-%m-%dT%H:%M:%S')} graphkit: starting\n".encode())
        out.flush()
        proc = subprocess.Popen(
            command,
            cwd=data_dir,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
            umask=0o077,  # what Neo4j creates in the data dir is its owner's alone
        )
    _children[proc.pid] = proc
    uri = _uri(port)
    (data_dir / URI_FILE).write_text(uri + "\n")
    (data_dir / MEMORY_FILE).write_text(sizes.line() + "\n")
    tmp = data_dir / f"{PID_FILE}.tmp"
    tmp.write_text(f"{proc.pid}\n")
    tmp.replace(data_dir / PID_FILE)
    try:
        _wait_until_answering(data_dir, proc.pid, uri, password, wait_seconds)
    except BaseException:
        if proc.poll() is None:
            stop(data_dir)
        else:
            _remove_state(data_dir)
        raise
    servers.record(port, data_dir)  # graphkit load finds the data dir from the URI
    log.info("Neo4j is running on %s (pid %s)", uri, proc.pid)
    return uri


def wait_until_answering(data_dir: Path, password: str | None = None, wait: float = 180) -> str:
    """Wait until the server on ``data_dir`` answers over Bolt (after an in-place import,
    say); returns its URI.

    Raises:
        Neo4jServerError: it is not running, died, or did not answer within ``wait`` s.
    """
    password = check_password(password)
    current = status(data_dir)
    if not current["running"]:
        raise Neo4jServerError(f"No Neo4j started by graphkit runs on {data_dir}.")
    uri = current["uri"] or ""
    _wait_until_answering(Path(current["data_dir"]), current["pid"], uri, password, wait)
    return uri


def _wait_until_answering(
    data_dir: Path, pid: int, uri: str, password: str, wait_seconds: float
) -> None:
    deadline = time.monotonic() + wait_seconds
    while True:
        if not _is_ours(pid, data_dir):
            raise _failure(
                f"The Neo4j launcher (pid {pid}) exited before {uri} answered.",
                data_dir,
                password,
                "read the log above: a port in use, a password Neo4j rejects, too little "
                "memory (GRAPHKIT_NEO4J_HEAP) or a broken data dir are the usual causes.",
            )
        if (data_dir / READY_FILE).is_file() and _bolt_answers(uri, password):
            return
        if time.monotonic() >= deadline:
            raise _failure(
                f"Neo4j did not answer on {uri} within {wait_seconds:.0f} s.",
                data_dir,
                password,
                "wait longer (wait_seconds / --wait), or read the log for the cause.",
            )
        time.sleep(0.25)


def stop(data_dir: Path, timeout: float = 60) -> bool:
    """Stop the server on ``data_dir``: SIGTERM (a clean shutdown), then SIGKILL after
    ``timeout`` seconds. Removes the pid file.

    Returns:
        True if a server was running and is stopped; False if none was running.

    Raises:
        Neo4jServerError: the process survived SIGKILL.

    Example:
        >>> import tempfile
        >>> stop(Path(tempfile.mkdtemp()))
        False
    """
    data_dir = Path(data_dir).expanduser().resolve()
    pid = _read_pid(data_dir)
    if pid is None or not _is_ours(pid, data_dir):
        _remove_state(data_dir)
        servers.forget(data_dir)
        return False
    for sig, wait in ((signal.SIGTERM, timeout), (signal.SIGKILL, 10.0)):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, sig)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if not _is_ours(pid, data_dir):
                _children.pop(pid, None)
                _remove_state(data_dir)
                servers.forget(data_dir)
                return True
            time.sleep(0.1)
        if sig == signal.SIGTERM:
            log.warning("Neo4j (pid %s) did not stop within %.0f s; sending SIGKILL", pid, wait)
    raise Neo4jServerError(
        f"Neo4j (pid {pid}) is still running after SIGKILL. Fix: check `ps -p {pid}`."
    )
