"""Which local servers graphkit started, by port: so that ``graphkit load`` knows, from
the URI alone, that the server it talks to is one graphkit runs, and on which data dir.

``graphkit neo4j start`` records ``PORT -> DATA_DIR`` in a folder of the user's own
(``$GRAPHKIT_NEO4J_STATE_DIR``, default ``$XDG_STATE_HOME/graphkit/neo4j-servers``,
``~/.local/state/graphkit/neo4j-servers``); ``graphkit neo4j stop`` removes it. A record
is believed only when it is the user's own file, no one else can write it or its folder,
and the server on the data dir it names runs and serves that port.

Example:
    >>> recorded("bolt://db.example.org:7687") is None  # not on this machine
    True
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path
from urllib.parse import urlsplit

from graphkit.files import write_private

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def state_dir() -> Path:
    """The folder of the records: ``$GRAPHKIT_NEO4J_STATE_DIR``, else
    ``$XDG_STATE_HOME/graphkit/neo4j-servers`` (``~/.local/state/...``).

    Example:
        >>> state_dir().name
        'neo4j-servers'
    """
    explicit = os.environ.get("GRAPHKIT_NEO4J_STATE_DIR")
    if explicit:
        return Path(explicit).expanduser()
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "graphkit" / "neo4j-servers"


def local_port(uri: str | None) -> int | None:
    """The port of a Bolt or Neo4j URI on this machine, else None.

    Example:
        >>> local_port("bolt://127.0.0.1:7688"), local_port("neo4j://localhost")
        (7688, 7687)
        >>> local_port("bolt://10.0.0.5:7687") is None
        True
    """
    if not uri:
        return None
    try:
        parts = urlsplit(uri)
        port = parts.port or 7687
    except ValueError:
        return None
    return port if (parts.hostname or "") in LOCAL_HOSTS else None


def record(port: int, data_dir: Path) -> None:
    """Note that the server graphkit started on ``data_dir`` serves ``port``.

    Example:
        >>> import tempfile
        >>> os.environ["GRAPHKIT_NEO4J_STATE_DIR"] = tempfile.mkdtemp()
        >>> record(7699, Path("/srv/neo4j"))
        >>> (state_dir() / "7699").read_text()
        '/srv/neo4j\\n'
        >>> forget(Path("/srv/neo4j")); del os.environ["GRAPHKIT_NEO4J_STATE_DIR"]
    """
    write_private(state_dir() / str(port), f"{data_dir}\n")


def forget(data_dir: Path) -> None:
    """Remove every record that names ``data_dir`` (its server stopped)."""
    folder = state_dir()
    if not folder.is_dir():
        return
    for entry in folder.iterdir():
        with contextlib.suppress(OSError, UnicodeDecodeError):
            if entry.name.isdigit() and Path(entry.read_text().strip()) == data_dir:
                entry.unlink()


def recorded(uri: str | None) -> Path | None:
    """The data dir recorded for the port ``uri`` reaches on this machine, or None (not
    on this machine, no record, or a record others could have written). Whether that
    server still runs there is :func:`graphkit.backends.neo4j.load.gate.found_data_dir`'s
    question.

    Example:
        >>> recorded(None) is None
        True
    """
    port = local_port(uri)
    if port is None:
        return None
    entry = state_dir() / str(port)
    try:
        if not (_private(entry.parent) and _private(entry)):
            return None
        data_dir = Path(entry.read_text(encoding="utf-8").strip())
    except (OSError, UnicodeDecodeError):
        return None
    return data_dir if data_dir.is_absolute() else None


def _private(path: Path) -> bool:
    """The user's own, not a link, and no one else can write it."""
    info = path.lstat()
    return (
        not stat.S_ISLNK(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
