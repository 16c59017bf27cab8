"""The limits every question has, with one meaning on both backends.

- ``max_hops``: the longest chain of agreements followed (1 to 12).
- ``max_paths``: the paths shown per party (``reach``), per dataset (``reachable``) or in all
  (``path``), 1 to 1000.
- :data:`PATH_CEILING`: the most paths one answer may list. It counts the paths the answer
  keeps after the ``max_paths`` cap, never the paths a search looked at on the way, so it
  trips only on an answer that would really be that long, on either backend.

Example:
    >>> check_limits(4, 5)
    >>> check_limits(0, 5)
    Traceback (most recent call last):
    ...
    graphkit.errors.LimitError: max_hops 0 is out of range; use 1 to 12
"""

from __future__ import annotations

from graphkit.errors import LimitError

DEFAULT_MAX_HOPS = 4
DEFAULT_MAX_PATHS = 5
MAX_HOPS = 12
MAX_PATHS = 1000
#: The most paths one answer lists (after the per-party or per-dataset cap).
PATH_CEILING = 20_000
#: Rows ``graphkit cypher`` shows when no ``--limit`` is given.
CONSOLE_LIMIT = 1000
#: Seconds a ``graphkit cypher`` query may run on the server (``--timeout``).
CONSOLE_TIMEOUT = 30.0


def check_limits(max_hops: int, max_paths: int) -> None:
    """Refuse hop and path limits out of range (the message names the argument)."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise LimitError(f"max_hops {max_hops} is out of range; use 1 to {MAX_HOPS}", "max_hops")
    if not 1 <= max_paths <= MAX_PATHS:
        raise LimitError(
            f"max_paths {max_paths} is out of range; use 1 to {MAX_PATHS}", "max_paths"
        )


def check_ceiling(kept: int) -> None:
    """Refuse an answer that would list more than :data:`PATH_CEILING` paths.

    Example:
        >>> check_ceiling(PATH_CEILING)
        >>> try:
        ...     check_ceiling(PATH_CEILING + 1)
        ... except LimitError as exc:
        ...     print(exc)
        the answer would list 20001 paths, more than 20000; lower max_paths or max_hops
    """
    if kept > PATH_CEILING:
        raise LimitError(
            f"the answer would list {kept} paths, more than {PATH_CEILING}; "
            "lower max_paths or max_hops",
            "max_paths",
        )
