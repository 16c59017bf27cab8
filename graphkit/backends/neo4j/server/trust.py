"""Whom the local server trusts: its owner, and whoever has the password.

The data dir holds the databases and the launcher's import requests, so whoever can write
it, or rename it away and put another in its place, controls the server: it must be the
owner's alone. Bolt clients need the ``neo4j`` user's password.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from graphkit.errors import Neo4jServerError

MIN_PASSWORD_LENGTH = 8  # Neo4j's dbms.security.auth_minimum_password_length default
#: The folders the server uses inside its data dir: the databases and transaction logs,
#: Neo4j's import directory and logs, and the offline importer's staged files.
SUBDIRECTORIES = ("data", "import", "logs", "import-staging")


def check_owned(data_dir: Path) -> None:
    """Refuse a data dir (or a folder on the way to it, or one it holds that the server
    uses) that another user owns or that others can write: whoever controls it controls
    the server's requests and databases.

    Example:
        >>> import tempfile
        >>> check_owned(Path(tempfile.mkdtemp()) / "new")  # a new folder is fine
    """
    uid = os.getuid()
    for folder in (data_dir, *data_dir.parents):
        if not folder.exists():
            continue
        info = folder.lstat()
        if folder.is_symlink():
            raise Neo4jServerError(
                f"The data dir {data_dir} goes through a symbolic link ({folder}). "
                "Fix: name the real folder."
            )
        if folder == data_dir and info.st_uid != uid:
            raise Neo4jServerError(
                f"The data dir {data_dir} belongs to another user (uid {info.st_uid}). "
                "Fix: use a data dir of your own (--data-dir)."
            )
        sticky = info.st_mode & stat.S_ISVTX
        if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH) and not (sticky and folder != data_dir):
            raise Neo4jServerError(
                f"{folder} can be written by other users, so they could replace the server's "
                f"files or requests. Fix: chmod go-w {folder}, or use another --data-dir."
            )
        if folder != data_dir:
            break  # the nearest existing parent decides who can rename the data dir
    if data_dir.is_dir():
        for name in SUBDIRECTORIES:
            _check_inner(data_dir / name, uid)


def _check_inner(folder: Path, uid: int) -> None:
    """A folder inside the data dir: the owner's own, a real folder, closed to others."""
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode):
        raise Neo4jServerError(
            f"{folder} is not a folder (a symbolic link or a file): the server would follow "
            f"it. Fix: remove it (the server creates its own), or use another --data-dir."
        )
    if info.st_uid != uid:
        raise Neo4jServerError(
            f"{folder} belongs to another user (uid {info.st_uid}), who could change what the "
            "server reads or writes there. Fix: use a data dir of your own (--data-dir)."
        )
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise Neo4jServerError(
            f"{folder} can be written by other users, so they could replace the server's "
            f"files there. Fix: chmod go-w {folder}, or use another --data-dir."
        )


def check_password(password: str | None) -> str:
    """The ``neo4j`` user's password: the one given, else ``$NEO4J_PASSWORD``; refused
    when missing or shorter than Neo4j accepts (the message never shows it).

    Example:
        >>> check_password("a-long-password")
        'a-long-password'
    """
    if password is None:
        password = os.environ.get("NEO4J_PASSWORD")
    if not password:
        raise Neo4jServerError(
            "No Neo4j password: set NEO4J_PASSWORD (export NEO4J_PASSWORD=...) or pass password=..."
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise Neo4jServerError(
            f"The Neo4j password is too short: Neo4j requires at least {MIN_PASSWORD_LENGTH} "
            "characters. Fix: choose a longer NEO4J_PASSWORD."
        )
    return password
