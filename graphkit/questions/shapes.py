"""Answers' data as JSON-ready dicts, built fast: an answer's ``to_dict`` and a page's
content hash ask for it on every date of a view over time.

:func:`plain` is what :func:`dataclasses.asdict` makes, without deep-copying every
string on the way; :func:`to_shape` is the shape ``to_dict`` prints (hops read
``from``/``to``); :func:`json_default` lets ``json.dumps`` write that shape straight
from the dataclasses.
"""

from __future__ import annotations

import copy
from dataclasses import fields, is_dataclass
from operator import attrgetter
from typing import Any

_LEAVES = frozenset({str, int, float, bool, type(None)})
#: Per dataclass: its fields' names, a getter of their values, and whether it is a hop
#: (holds an ``agreement``: ``source``/``target`` read ``from``/``to`` in ``to_dict``).
_FIELDS: dict[type, tuple[tuple[str, ...], Any, bool]] = {}


def _fields_of(value: Any) -> tuple[tuple[str, ...], Any, bool] | None:
    found = _FIELDS.get(type(value))
    if found is None and is_dataclass(value) and not isinstance(value, type):
        names = tuple(f.name for f in fields(value))
        many = len(names) > 1  # attrgetter of one name gives the value, not a tuple
        getter = attrgetter(*names) if many else lambda v: tuple(getattr(v, n) for n in names)
        found = _FIELDS[type(value)] = (names, getter, "agreement" in names)
    return found


def plain(value: Any) -> Any:
    """What :func:`dataclasses.asdict` makes of ``value`` (dataclasses as dicts, every
    container new, other values deep-copied), without deep-copying every string and
    number on the way: the same data, several times faster (a view over time asks for
    its answer's data on each of its dates).

    Example:
        >>> from graphkit.questions.results import Ref
        >>> plain([Ref("ice", "ICE", "agency")])
        [{'id': 'ice', 'name': 'ICE', 'kind': 'agency'}]
    """
    if type(value) in _LEAVES:
        return value
    found = _fields_of(value)
    if found is not None:
        names, getter, _ = found
        return dict(zip(names, map(plain, getter(value)), strict=True))
    if isinstance(value, list):
        return type(value)(plain(item) for item in value)
    if isinstance(value, dict):
        return type(value)((plain(k), plain(v)) for k, v in value.items())
    if isinstance(value, tuple):
        items = [plain(item) for item in value]
        return type(value)(*items) if hasattr(value, "_fields") else type(value)(items)
    return copy.deepcopy(value)


_HOP_KEYS = {"source": "from", "target": "to"}


def json_default(value: Any) -> Any:
    """For ``json.dumps(answer, default=json_default)``: a dataclass as ``to_dict`` shapes
    it, one level at a time (the encoder walks the rest), anything else as ``str``. With
    ``sort_keys=True`` the text is that of ``to_dict()`` dumped with ``default=str``,
    without building the dicts first (plain dicts inside are written as they are).

    Example:
        >>> import json
        >>> from graphkit.questions.results import Ref
        >>> json.dumps([Ref("ice", "ICE", "agency")], default=json_default)
        '[{"id": "ice", "name": "ICE", "kind": "agency"}]'
    """
    found = _fields_of(value)
    if found is None:
        return str(value)
    names, getter, hop = found
    if hop:
        names = tuple(_HOP_KEYS.get(name, name) for name in names)
    return dict(zip(names, getter(value), strict=True))


def to_shape(value: Any) -> Any:
    """What an answer's ``to_dict`` returns: :func:`plain`, with ``source``/``target`` read as
    ``from``/``to`` in a dict holding an ``agreement`` (a hop reads better so)."""
    if type(value) in _LEAVES:
        return value
    found = _fields_of(value)
    if found is not None:
        names, getter, hop = found
        if hop:
            names = tuple(_HOP_KEYS.get(name, name) for name in names)
        return {
            name: item if type(item) in _LEAVES else to_shape(item)
            for name, item in zip(names, getter(value), strict=True)
        }
    if isinstance(value, list):
        return [item if type(item) in _LEAVES else to_shape(item) for item in value]
    if isinstance(value, dict):
        keys = _HOP_KEYS if "agreement" in value else {}
        return {keys.get(k, plain(k)): to_shape(item) for k, item in value.items()}
    return plain(value)  # tuples and other values: as asdict makes them
