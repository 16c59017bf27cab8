"""The ``.env`` file of the working folder: Neo4j settings the ``graphkit`` command reads,
as ``docker compose`` does.

Only ``NEO4J_*`` and ``GRAPHKIT_*`` names are taken, and never over a variable the
environment already sets. Lines are ``NAME=VALUE`` (``export`` before the name, quotes
around the value, blank lines and ``#`` comments are allowed). One guard: a password the
environment holds is never sent to a URI that only ``.env`` names; when ``.env`` sets
``NEO4J_URI`` without ``NEO4J_PASSWORD`` while the environment has a password, that
URI is left out (and said so).

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
PREFIXES = ("NEO4J_", "GRAPHKIT_")


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
            raise GraphkitError(
                f"{path}, line {number}: expected NAME=VALUE, got {raw[:40]!r}. "
                "Fix: write it as NEO4J_PASSWORD=... or start the line with #."
            )
        name, value = match.groups()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        found[name] = value
    return found


def apply_env_file(
    path: Path = Path(".env"), environ: MutableMapping[str, str] | None = None
) -> list[str]:
    """Set the ``NEO4J_*``/``GRAPHKIT_*`` variables of ``path`` (if it exists) that
    ``environ`` (default: ``os.environ``) does not set; returns warnings to show.

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
    pairs = {k: v for k, v in read_env_file(path).items() if k.startswith(PREFIXES)}
    warnings = []
    if "NEO4J_URI" in pairs and "NEO4J_PASSWORD" not in pairs and environ.get("NEO4J_PASSWORD"):
        if "NEO4J_URI" not in environ:
            warnings.append(
                f"graphkit: {path} sets NEO4J_URI but not NEO4J_PASSWORD: left out, so that "
                "the password of your environment goes to no URI only .env names. Fix: set "
                "NEO4J_URI in the environment (or --uri), or NEO4J_PASSWORD in .env."
            )
        del pairs["NEO4J_URI"]
    for name, value in pairs.items():
        environ.setdefault(name, value)
    return warnings
