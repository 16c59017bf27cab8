"""The whole graph as the files ``neo4j-admin database import full`` reads, with a
script that runs it and the statements to run once the server is back.

For a Neo4j that graphkit does not start (Docker, a server of your own), where
``graphkit load --mode import`` cannot stop and start the server itself:

1. ``graphkit export --format neo4j-admin -o neo4j-import/`` validates the seeds and
   writes the CSV files (:mod:`graphkit.backends.neo4j.importfiles`), ``import.sh`` and
   ``after-import.cypher``;
2. with the server stopped, ``bash neo4j-import/import.sh`` runs ``neo4j-admin``
   (``$NEO4J_ADMIN``, default ``neo4j-admin``) on the files, replacing the ``neo4j``
   database;
3. with the server started, ``cypher-shell -f neo4j-import/after-import.cypher`` creates
   the constraints and indexes and marks the load complete. Until then graphkit refuses
   to answer from the database.

Example:
    >>> import tempfile
    >>> from pathlib import Path
    >>> out = write_admin_export([], Path(tempfile.mkdtemp()) / "imp")
    >>> sorted(p.name for p in out if not p.name.endswith(".csv"))
    ['after-import.cypher', 'import.sh']
"""

from __future__ import annotations

import shlex
from pathlib import Path

from graphkit import __version__
from graphkit.backends.neo4j import queries as q
from graphkit.backends.neo4j.importfiles import meta_file, write_import_files
from graphkit.backends.neo4j.load.input import snapshot


def write_admin_export(paths: list[str], folder: Path) -> list[Path]:
    """Validate the seeds under ``paths`` (default: the seeds graphkit finds) and write
    the importer's files into ``folder``, which must be new or empty. Returns the files.

    Raises:
        SeedError: the seeds have problems (the folder is left empty).
        GraphkitError: the folder holds files already.
    """
    import shutil

    from graphkit.errors import GraphkitError

    if folder.exists() and any(folder.iterdir()):
        raise GraphkitError(
            f"{folder} is not empty: name a new folder for the import files", "output"
        )
    taken = snapshot(paths)
    try:
        files = write_import_files(list(taken.paths), folder, taken.version)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    meta_file(folder, files, taken.version, __version__)
    arguments = [_relative(arg, folder) for arg in files.arguments()]
    script = folder / "import.sh"
    script.write_text(
        "#!/usr/bin/env bash\n"
        "# Replaces the database 'neo4j' with the graph in this folder. Stop the server\n"
        "# first; start it after, then run after-import.cypher (cypher-shell -f ...).\n"
        "set -euo pipefail\n"
        'cd "$(dirname "$0")"\n'
        '"${NEO4J_ADMIN:-neo4j-admin}" database import full neo4j --overwrite-destination=true \\\n'
        + " \\\n".join(f"  {shlex.quote(a)}" for a in arguments)
        + "\n",
        encoding="utf-8",
    )
    script.chmod(0o755)
    after = folder / "after-import.cypher"
    statements = [*q.schema_statements(), q.AWAIT_INDEXES_SCRIPT, q.META_IMPORT_FINISHED]
    after.write_text("".join(s + ";\n" for s in statements), encoding="utf-8")
    return sorted(folder.iterdir())


def _relative(argument: str, folder: Path) -> str:
    """An importer argument with the folder's paths made relative (the script ``cd``s)."""
    prefix = str(folder.resolve()) + "/"
    return argument.replace(prefix, "").replace(str(folder) + "/", "")
