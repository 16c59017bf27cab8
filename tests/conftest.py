"""Shared fixtures. Graphs under tests/graphs/ are small and hand-made."""

from __future__ import annotations

import pytest

from graphkit.backends.memory import MemoryStore
from graphkit.graph import Graph
from graphkit.ingest.validation import load_seeds
from neo4j_fixture import neo4j_server  # noqa: F401  (a session fixture: one real server)
from tests_support import EDGE, SEEDS


@pytest.fixture(scope="session")
def edge_graph() -> Graph:
    return Graph(MemoryStore(load_seeds(EDGE)))


@pytest.fixture(scope="session")
def seed_graph() -> Graph:
    return Graph(MemoryStore(load_seeds(SEEDS)))
