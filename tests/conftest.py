"""Shared fixtures. Graphs under tests/graphs/ are small and hand-made."""

from __future__ import annotations

import os

import pytest

from graphkit.backends.memory import MemoryStore
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from neo4j_fixture import neo4j_server  # noqa: F401  (a session fixture: one real server)
from tests_support import EDGE, SEEDS

# The test servers share a small machine with other work: each gets the sizes graphkit
# used before it sized Neo4j to the machine (tests that check the sizing unset these).
os.environ.setdefault("GRAPHKIT_NEO4J_HEAP", "1g")
os.environ.setdefault("GRAPHKIT_NEO4J_PAGECACHE", "64m")


@pytest.fixture(scope="session")
def edge_graph() -> Graph:
    return Graph(MemoryStore(load_seeds(EDGE)))


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    return Graph(MemoryStore(load_seeds(SEEDS)))
