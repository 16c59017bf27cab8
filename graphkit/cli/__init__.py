"""The ``graphkit`` command: click commands, thin over the library.

Every command is something the Python API does too (see :func:`graphkit.open_graph`).
Imports of anything heavy happen inside the commands, so ``graphkit --help`` is fast.
How answers print (text, JSON, CSV) is :mod:`graphkit.present`.

| module | what |
|---|---|
| ``main`` | the ``graphkit`` group, ``--version``, ``main()`` |
| ``options`` | options shared by commands, errors made clean |
| ``questions`` | reach, reachable, path, show, search, stats |
| ``data`` | validate, schema, synth |
| ``database`` | load, cypher (Neo4j) |
| ``changes`` | diff, timeline |
| ``interop`` | export, import |
| ``server`` | neo4j start, stop, status |
| ``viz`` | the views |
| ``serve`` | the local web explorer |
"""

from graphkit.cli.main import cli, main

__all__ = ["cli", "main"]
