"""The examples in docstrings run and give what they show (skipped ones need a server)."""

from __future__ import annotations

import doctest
import importlib
import os
import pkgutil

import pytest

import graphkit
from tests_support import ROOT

MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(graphkit.__path__, "graphkit.")
    if not m.name.endswith("__main__")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # examples read seeds/ and tests/graphs/ from the repository
    monkeypatch.delenv("GRAPHKIT_BACKEND", raising=False)
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=True)
    assert result.failed == 0


def test_public_api_has_examples() -> None:
    from graphkit.graph import Graph

    methods = ("resolve", "reach", "reachable", "path", "show", "view", "search", "stats")
    for method in (*methods, "diff", "timeline", "export"):
        assert "Example" in (getattr(Graph, method).__doc__ or ""), method
    for function in ("open_graph", "validate", "load"):
        assert "Example" in (getattr(graphkit, function).__doc__ or ""), function
    assert os.path.exists(ROOT / "docs" / "semantics.md")
