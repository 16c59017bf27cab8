"""Shared fixtures. Graphs under tests/graphs/ are small and hand-made."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphkit.backends.memory import MemoryBackend
from graphkit.validation import load_seeds

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
EDGE = TESTS / "graphs" / "edge"
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="session")
def edge_graph() -> MemoryBackend:
    return MemoryBackend(load_seeds(EDGE))


@pytest.fixture(scope="session")
def seed_graph() -> MemoryBackend:
    return MemoryBackend(load_seeds(SEEDS))
