"""``to_dict`` builds an answer's data in one pass (it is asked for on every date of a
view): the same data as ``dataclasses.asdict`` with hops' ``source``/``target`` renamed."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from graphkit import open_graph
from graphkit.questions.results import Ref
from graphkit.questions.shapes import json_default, plain


def renamed(value: Any) -> Any:
    """The shape to_dict had: asdict's data, ``source``/``target`` as ``from``/``to`` in
    any dict holding an ``agreement``."""
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if key in ("source", "target") and "agreement" in value:
                key = "from" if key == "source" else "to"
            out[key] = renamed(item)
        return out
    if isinstance(value, list):
        return [renamed(item) for item in value]
    return value


def answers() -> list[Any]:
    g = open_graph()
    made: list[Any] = []
    for day in ("2021-06-01", "2025-08-01", "2025-12-15"):
        made += [
            g.reach("irs-taxpayer-addresses", as_of=day),
            g.reachable("ice", as_of=day),
            g.path("nctue", "ice", as_of=day),
            g.view(as_of=day),
            g.view("clearview-ai", depth=2, as_of=day),
        ]
    return made


def test_to_dict_is_asdict_renamed_on_the_seed_answers() -> None:
    for answer in answers():
        old = renamed(asdict(answer))
        new = answer.to_dict()
        assert new == old
        assert json.dumps(new, sort_keys=True, default=str) == json.dumps(old, sort_keys=True)
    # Hops read from/to: checked on a real reach answer, not only against asdict.
    hop = answers()[1].to_dict()["results"][0]["paths"][0]["hops"][0]
    assert {"from", "to", "agreement"} <= set(hop) and "source" not in hop


def test_plain_copies_every_container() -> None:
    ref = Ref("ice", "ICE", "agency")
    value = {"a": [ref, (ref, 2)], "b": {"c": [1]}}
    out = plain(value)
    assert out == {"a": [asdict(ref), (asdict(ref), 2)], "b": {"c": [1]}}
    out["b"]["c"].append(2)
    out["a"][0]["id"] = "x"
    assert value == {"a": [ref, (ref, 2)], "b": {"c": [1]}}  # the answer is untouched


def test_json_default_writes_the_text_of_to_dict() -> None:
    """A page's content hash is of this text (graphkit.viz.build.content_hash)."""
    for answer in answers():
        direct = json.dumps(answer, sort_keys=True, default=json_default)
        assert direct == json.dumps(answer.to_dict(), sort_keys=True, default=str)
