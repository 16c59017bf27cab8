"""The safety gate between a data dir and a URI: a load stops a server to import only
when that server is the one it was pointed at.

The offline importer replaces a database whole, with the databases of the server that
``graphkit neo4j start`` runs on ``data_dir`` shut down. :func:`gate` lets it run only
when that server answers at the address the load talks to (same port, this machine):
``graphkit load`` checks the ``--uri`` before reading anything, the library checks the
address it connected to before the import (:mod:`~graphkit.backends.neo4j.load.offline`)
and before ``auto`` chooses the importer (:mod:`~graphkit.backends.neo4j.load.plan`).

Example:
    >>> import tempfile
    >>> gate(Path(tempfile.mkdtemp()), "bolt://127.0.0.1:7687", "auto") is None
    True
"""

from __future__ import annotations

from pathlib import Path

from graphkit.backends.neo4j.connection import public_uri
from graphkit.errors import LoadError


def serves(data_dir: Path, uri: str | None) -> bool:
    """Whether the server graphkit runs on ``data_dir`` is the one ``uri`` reaches (same
    port, on this machine): only then may a load stop it to import.

    Example:
        >>> import tempfile
        >>> serves(Path(tempfile.mkdtemp()), "bolt://127.0.0.1:7687")
        False
    """
    from urllib.parse import urlsplit

    from graphkit.backends.neo4j.server import manager

    server = manager.status(Path(data_dir).expanduser())
    if not server["running"] or not server["uri"] or not uri:
        return False
    try:
        ours, theirs = urlsplit(str(server["uri"])), urlsplit(uri)
        same_port = (theirs.port or 7687) == ours.port
    except ValueError:
        return False
    return same_port and (theirs.hostname or "") in ("127.0.0.1", "localhost", "::1")


def found_data_dir(uri: str | None) -> Path | None:
    """The data dir of the server ``graphkit neo4j start`` started that ``uri`` reaches
    (its record, :mod:`graphkit.backends.neo4j.server.servers`), if that server runs
    there still; else None.

    Example:
        >>> found_data_dir("bolt://db.example.org:7687") is None  # not on this machine
        True
    """
    from graphkit.backends.neo4j.server.servers import recorded

    data_dir = recorded(uri)
    return data_dir if data_dir is not None and serves(data_dir, uri) else None


def gate(data_dir: Path | None, uri: str | None, mode: str) -> Path | None:
    """``data_dir`` when the server on it is the one ``uri`` reaches; else None for
    ``mode="auto"`` (it never stops a server it was not pointed at), and a refusal for
    ``mode="import"``. With no ``data_dir``: that of the server ``graphkit neo4j start``
    runs at ``uri`` (:func:`found_data_dir`), if any. The CLI and :func:`graphkit.load`
    both pass through here.

    Raises:
        LoadError: ``mode="import"`` and no server started by graphkit on ``data_dir``
            answers at ``uri`` (nothing was read or changed).
    """
    if data_dir is None:
        return found_data_dir(uri)
    if serves(data_dir, uri):
        return data_dir
    if mode == "import":
        raise LoadError(
            f"mode import: no server started by graphkit on {data_dir} answers at "
            f"{public_uri(str(uri or '?'))}; start it (graphkit neo4j start --data-dir "
            "...) or point the URI (--uri) at it",
            "mode",
        )
    return None
