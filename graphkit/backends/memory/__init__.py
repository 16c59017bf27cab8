"""The embedded default backend: an in-memory networkx graph built from seed files.

| module | what |
|---|---|
| ``graph`` | the networkx graph of the records |
| ``paths`` | path searches along flows that carry on a day |
| ``store`` | :class:`MemoryStore`, the store protocol in memory |
| ``stats`` | ``stats`` in memory |
"""

from graphkit.backends.memory.store import MemoryStore

__all__ = ["MemoryStore"]
