"""The Neo4j backend, whole: every Cypher statement, the connection, the store, the loaders,
the read-only console and the local server.

| module | what |
|---|---|
| ``queries`` | every Cypher statement graphkit runs (reads, writes, schema), with ``$params`` |
| ``client`` | ``Neo4jClient``, shared by all, and the one map from driver errors to graphkit |
| ``connection`` | settings, a verified driver, errors that never show the password |
| ``store`` | :class:`~graphkit.backends.neo4j.store.Neo4jStore`, the store protocol in Cypher |
| ``rows`` | node and relationship rows derived from the records |
| ``load`` | the package that loads: one transaction, resumable batches, the offline importer |
| ``console`` | the read-only ``graphkit cypher`` console |
| ``server`` | a local Neo4j 5.26 on the JDK (``graphkit neo4j start``) |

Nothing heavy is imported here: the driver loads inside the modules that need it.
"""
