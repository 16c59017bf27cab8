"""Loading validated data into Neo4j: :func:`load_paths` is what ``graphkit load`` does.

| module | what |
|---|---|
| ``plan`` | :func:`load_paths`: the request checked, the mode chosen and why, failures reported |
| ``gate`` | the safety gate: the importer stops only the server the load was pointed at |
| ``input`` | the input's fingerprint before validation, and its records as written |
| ``lock`` | :class:`~.lock.LoadLock`: one load at a time per database, held in the meta node |
| ``state`` | :class:`LoadState`: the meta node read, and every progress write (by lock id) |
| ``summary`` | :class:`LoadSummary`, what a load changed |
| ``transaction`` | a seed-size load in one transaction; the schema's constraints |
| ``bulk`` | large inputs in resumable batches |
| ``reload`` | a bulk reload's second pass: only the relationships of changed records |
| ``batches`` | the statements of a batch, written in order on one background thread |
| ``offline`` | first loads through Neo4j's offline importer |

Modules import only those below them in this table's dependency order (``plan`` the
writers, the writers ``lock`` and ``state``, ``input`` and ``summary``): no cycle
(``tests/test_layout.py`` checks). Failures are :class:`~graphkit.errors.LoadError`,
carrying the state they left.
"""

from graphkit.backends.neo4j.load.plan import load_paths
from graphkit.backends.neo4j.load.state import LoadState
from graphkit.backends.neo4j.load.summary import LoadSummary

__all__ = ["LoadState", "LoadSummary", "load_paths"]
