"""The ``.env`` file of the working folder: Neo4j settings the ``graphkit`` command reads,
as ``docker compose`` does.

Only the connection settings (:data:`NAMES`: the Neo4j URI, user, password and
database, and the backend) are taken, never a path or a program to run, and never over
a variable the environment already sets. A ``.env`` that is not yours, or that others
can write, is refused. Lines are ``NAME=VALUE`` (``export`` before the name, quotes
around the value, blank lines and ``#`` comments are allowed). One guard: a password
the environment holds, or the command line gives (``--password``), is never sent to a
server that only ``.env`` names; when ``.env`` sets ``NEO4J_URI`` (or ``NEO4J_USER``)
while the password in use comes from either, they are left out (and said so).

Example:
    >>> import tempfile, pathlib
    >>> env = pathlib.Path(tempfile.mkdtemp()) / ".env"
    >>> _ = env.write_text("# Docker\\nNEO4J_URI=bolt://localhost:7687\\nNEO4J_PASSWORD='a b'\\n")
    >>> read_env_file(env)
    {'NEO4J_URI': 'bolt://localhost:7687', 'NEO4J_PASSWORD': 'a b'}
"""

from __future__ import annotations

import os
import re
from collections.abc import MutableMapping
from pathlib import Path

from graphkit.errors import GraphkitError

_LINE = re.compile(r"(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)")
#: What a ``.env`` may set: where to connect and as whom, and the backend.
NAMES = ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", "GRAPHKIT_BACKEND")


def read_env_file(path: Path) -> dict[str, str]:
    """The ``NAME=VALUE`` pairs of ``path`` (all names, in order).

    Raises:
        GraphkitError: a line that is not ``NAME=VALUE`` (the message names the file,
            the line and the fix), or a file that is not UTF-8.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise GraphkitError(f"{path}: not UTF-8 text. Fix: save it as UTF-8.") from None
    found: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            raise GraphkitError(  # never the line itself: it may hold a password
                f"{path}, line {number}: expected NAME=VALUE. "
                "Fix: write it as NEO4J_PASSWORD=... or start the line with #."
            )
        name, value = match.groups()
        quoted = re.fullmatch(r"(['\"])(.*?)\1(?:\s+#.*)?", value)
        value = quoted.group(2) if quoted else value.split(" #", 1)[0].rstrip()
        found[name] = value
    return found


def apply_env_file(
    path: Path = Path(".env"),
    environ: MutableMapping[str, str] | None = None,
    password_given: bool = False,
) -> list[str]:
    """Set the :data:`NAMES` of ``path`` (if it exists) that ``environ`` (default:
    ``os.environ``) does not set; returns warnings to show. ``password_given``: the
    command line gives a password (``--password``), which is then guarded as the
    environment's is.

    Raises:
        GraphkitError: ``path`` is not the user's, or others can write it.

    Example:
        >>> import tempfile, pathlib
        >>> env = pathlib.Path(tempfile.mkdtemp()) / ".env"
        >>> _ = env.write_text("NEO4J_URI=bolt://elsewhere:7687\\nOTHER=x\\n")
        >>> environ = {"NEO4J_PASSWORD": "from-the-shell"}
        >>> apply_env_file(env, environ)[0].split(":")[0]
        'graphkit'
        >>> environ
        {'NEO4J_PASSWORD': 'from-the-shell'}
    """
    environ = os.environ if environ is None else environ
    if not path.is_file():
        return []
    info = path.stat()
    if info.st_uid != os.getuid() or info.st_mode & 0o022:
        raise GraphkitError(
            f"{path}: not read: it is not yours or others can write it, so it could send "
            f"your password elsewhere. Fix: chmod go-w {path} (and own it), or remove it."
        )
    everything = read_env_file(path)
    pairs = {k: v for k, v in everything.items() if k in NAMES}
    warnings = []
    ignored = sorted(
        k for k in everything if k.startswith(("NEO4J_", "GRAPHKIT_")) and k not in NAMES
    )
    if ignored:
        warnings.append(
            f"graphkit: {path}: {', '.join(ignored)} not read (a .env sets only "
            f"{', '.join(NAMES)}). Fix: export them in the environment."
        )
    # the password in use is not the .env's: the option's, else the environment's
    theirs = (
        "--password option" if password_given else "NEO4J_PASSWORD" in environ and "environment"
    )
    for name in ("NEO4J_URI", "NEO4J_USER"):
        if name in pairs and theirs and name not in environ:
            warnings.append(
                f"graphkit: {path} sets {name} but the password comes from your "
                f"{theirs}: {name} left out, so that password goes to no server only "
                f".env names. Fix: set {name} in the environment (or the option), or "
                "NEO4J_PASSWORD in .env and neither in the environment nor as --password."
            )
            del pairs[name]
    for name, value in pairs.items():
        environ.setdefault(name, value)
    return warnings
