"""Interop: the graph and its answers in the formats other tools read (Gephi, Kumu,
Flourish, spreadsheets, Neo4j scripts)."""
