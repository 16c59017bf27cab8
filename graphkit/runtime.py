"""How graphkit uses the Python runtime while it builds large structures.

Reading a million records creates millions of long-lived objects (records, dicts,
networkx's adjacency) and no garbage cycles. Python's cyclic garbage collector, which
runs as allocations accumulate, would scan the whole growing heap again and again:
at 1M relationships that more than doubled the embedded build (42 s against 19 s).
:func:`paused_gc` suspends it for the build and restores it after.

Once built, those objects live as long as the process uses them, and the first full
collection after the build would scan them all, about 4 s at 1M relationships, in the
middle of whichever question happened to allocate enough to trigger it.
``paused_gc(freeze=True)`` moves everything alive at the end of the build into the
permanent generation (:func:`gc.freeze`), which collections leave alone: neither
that first full collection nor the first young one (which, after a pause, would scan
every object the build made) ever comes. Reference counting still frees what is
dropped later; only garbage cycles among frozen objects would stay.

Example:
    >>> import gc
    >>> with paused_gc():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

_depth = 0
_restore = False


@contextlib.contextmanager
def paused_gc(freeze: bool = False) -> Iterator[None]:
    """Suspend cyclic garbage collection inside the block (nested blocks are fine); the
    outermost block restores what it found. Reference counting still frees everything
    that is not in a cycle. With ``freeze``, what is alive when the block ends is left
    out of later collections (:func:`gc.freeze`), for structures built to be kept.

    Example:
        >>> import gc
        >>> with paused_gc(freeze=True):
        ...     kept = [[] for _ in range(1000)]
        >>> any(o is kept for o in gc.get_objects())
        False
    """
    global _depth, _restore
    if _depth == 0:
        _restore = gc.isenabled()
    _depth += 1
    gc.disable()
    try:
        yield
    finally:
        _depth -= 1
        if freeze:
            gc.freeze()
        if _depth == 0 and _restore:
            gc.enable()
