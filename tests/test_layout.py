"""The layout keeps its promises: one home per concern, checked."""

from __future__ import annotations

import ast
import inspect
import re

import graphkit
import graphkit.errors
from tests_support import ROOT

PACKAGE = ROOT / "graphkit"
QUERIES = PACKAGE / "backends" / "neo4j" / "queries.py"
CYPHER = re.compile(r"^\s*(OPTIONAL MATCH|MATCH|MERGE|UNWIND|CREATE|CALL|RETURN|WITH|SHOW)\b\s+\S")


def strings_outside_docstrings(tree: ast.AST) -> list[ast.Constant]:
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


def test_no_cypher_outside_the_queries_module() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path == QUERIES:
            continue
        for node in strings_outside_docstrings(ast.parse(path.read_text(encoding="utf-8"))):
            if CYPHER.match(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:50]!r}")
    assert found == []


def test_the_check_finds_cypher_where_it_is() -> None:
    tree = ast.parse(QUERIES.read_text(encoding="utf-8"))
    assert sum(1 for n in strings_outside_docstrings(tree) if CYPHER.match(n.value)) > 20


def test_no_module_is_much_over_400_lines() -> None:
    sizes = {p: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.rglob("*.py")}
    assert {str(p.relative_to(ROOT)): n for p, n in sizes.items() if n > 420} == {}


def test_the_cli_holds_no_query_logic() -> None:
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                imported.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
        assert not {"networkx", "neo4j"} & imported, path
        assert not any(m.startswith("graphkit.backends.memory") for m in imported), path


def test_every_error_is_exported_from_graphkit() -> None:
    errors = {
        name
        for name, value in inspect.getmembers(graphkit.errors, inspect.isclass)
        if value.__module__ == "graphkit.errors"
    }
    assert {"GraphkitError", "NotFound", "Ambiguous", "SeedError", "DateError"} <= errors
    for name in errors:
        assert getattr(graphkit, name) is getattr(graphkit.errors, name)
        assert name in graphkit.__all__
