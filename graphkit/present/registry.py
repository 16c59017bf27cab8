"""Which renderer says each answer type as text, and which function gives its rows: the
registry :mod:`graphkit.present.formats` reads. Renderer modules register here, so the
formats import them and never the other way round."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Renderer = Callable[[Any], str]
RowsOf = Callable[[Any], list[dict[str, Any]]]

Columns = tuple[str, ...] | Callable[[Any], tuple[str, ...]]


@dataclass(frozen=True)
class Rows:
    """How an answer type is written as rows: its columns (or a function of the answer
    giving them) and a function giving the rows."""

    columns: Columns
    rows: RowsOf


#: The text renderer of each answer type (see :func:`text_of`).
TEXT: dict[type, Renderer] = {}
#: The rows of each answer type that has them (see :func:`rows_of`).
ROWS: dict[type, Rows] = {}


def text_of(*types: type) -> Callable[[Renderer], Renderer]:
    """Register a function as the text of these answer types."""

    def register(func: Renderer) -> Renderer:
        for kind in types:
            TEXT[kind] = func
        return func

    return register


def rows_of(*types: type, columns: Columns) -> Callable[[RowsOf], RowsOf]:
    """Register a function as the rows (dicts with these ``columns``) of these types."""

    def register(func: RowsOf) -> RowsOf:
        for kind in types:
            ROWS[kind] = Rows(columns, func)
        return func

    return register
