"""The explorer's HTML: Jinja templates in ``graphkit/templates/explorer/``, autoescaped,
and the few functions that turn answers into what the templates show.

Example:
    >>> from graphkit import open_graph
    >>> shown = open_graph().show("ice")
    >>> page = entity_context(shown)
    >>> page["entity"].id, ("Who can obtain", "/reachable/ice") in page["asks"]
    ('ice', False)
    >>> [label for label, _ in page["asks"]][:1]
    ['What it can obtain']
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any
from urllib.parse import quote, urlencode

from graphkit import __version__
from graphkit.model.registry import PARTY_KINDS

#: The page kind of each entity kind: ``/party/ice``, ``/dataset/...``.
PAGE_OF_KIND = {**dict.fromkeys(PARTY_KINDS, "party"), "dataset": "dataset"}
PAGE_OF_KIND.update({"agreement": "agreement", "source": "source"})

STATIC = {"explorer.css": "text/css; charset=utf-8", "explorer.js": "text/javascript"}


def href(kind: str, ident: str) -> str:
    """The page of an entity of ``kind``.

    Example:
        >>> href("agency", "ice"), href("source", "a b")
        ('/party/ice', '/source/a%20b')
    """
    return f"/{PAGE_OF_KIND.get(kind, 'party')}/{quote(ident, safe='')}"


def url(path: str, query: dict[str, str] | None = None) -> str:
    """``path`` with ``query`` (none when empty)."""
    return path + ("?" + urlencode(query) if query else "")


@functools.lru_cache(maxsize=1)
def _env() -> Any:
    from jinja2 import DictLoader, Environment, StrictUndefined

    root = resources.files("graphkit").joinpath("templates/explorer")
    names = ["base", "home", "search", "error", "entity", "question"]
    loader = DictLoader(
        {f"{n}.html.j2": root.joinpath(f"{n}.html.j2").read_text("utf-8") for n in names}
    )
    env = Environment(loader=loader, autoescape=True, undefined=StrictUndefined, trim_blocks=True)
    env.lstrip_blocks = True
    return env


@functools.lru_cache(maxsize=4)
def static_file(name: str) -> str:
    """The explorer's own stylesheet or script."""
    return resources.files("graphkit").joinpath(f"templates/explorer/{name}").read_text("utf-8")


def render(template: str, **context: Any) -> str:
    """A page from its template (``home``, ``search``, ``entity``, ``question``, ``error``)."""
    context.setdefault("formats", [])
    context.setdefault("q", "")
    return str(_env().get_template(f"{template}.html.j2").render(version=__version__, **context))


def _linked(refs: list[Any]) -> list[dict[str, str]]:
    return [{"id": r.id, "name": r.name, "kind": r.kind, "href": href(r.kind, r.id)} for r in refs]


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(_shown(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_shown(v)}" for k, v in value.items() if v not in (None, ""))
    return "" if value is None else str(value)


def changes_of(timeline: Any) -> list[dict[str, Any]]:
    """The steps of ``graphkit timeline``'s answer as an entity page lists them: each
    date, who gained and who lost access to what (links), and the events' agreements.

    Example:
        >>> from graphkit import open_graph
        >>> first = changes_of(open_graph().timeline("irs-taxpayer-addresses"))[0]
        >>> first["date"], [c["party"]["href"] for c in first["gained"]]
        ('2025-04-07', ['/party/ice'])
    """

    def pairs(changes: list[Any]) -> list[dict[str, Any]]:
        return [
            {"party": _linked([c.party])[0], "dataset": _linked([c.dataset])[0]} for c in changes
        ]

    def under(step: Any) -> list[dict[str, str]]:
        return _linked(list({c.agreement.id: c.agreement for c in step.causes}.values()))

    return [
        {
            "date": step.date,
            "gained": pairs(step.gained),
            "lost": pairs(step.lost),
            "agreements": _linked(
                list({c.agreement.id: c.agreement for c in step.causes}.values())
            ),
        }
        for step in timeline.steps
        if step.gained or step.lost
    ]


def entity_context(shown: Any, timeline: Any = None) -> dict[str, Any]:
    """What an entity page shows of ``graphkit show``'s answer: the record's fields, its
    claims beside their sources, what it holds, its status over time, what it links to,
    what cites it (a source), and the questions to ask about it; with ``timeline`` (the
    answer of ``graphkit timeline``) when access to it, or its access, changed."""
    entity, record = shown.entity, shown.record
    skip = {"claims", "sources", "confidence", "status", "id"}
    fields = [
        (key, _shown(value))
        for key, value in record.items()
        if key not in skip and value not in (None, [], {}, "")
    ]
    if record.get("confidence"):
        fields.append(("confidence", record["confidence"]))
    ident = quote(entity.id, safe="")
    asks: list[tuple[str, str]] = []
    if entity.kind in PARTY_KINDS:
        asks = [("What it can obtain", f"/reachable/{ident}")]
    elif entity.kind == "dataset":
        asks = [("Who can obtain it", f"/reach/{ident}")]
    if entity.kind != "source":
        asks.append(("Its timeline", f"/timeline/{ident}"))
    holds = [
        r for r in _linked(shown.related) if r["kind"] == "dataset" and entity.kind in PARTY_KINDS
    ]
    cited = [
        {**_linked([c["ref"]])[0], "places": [_shown(p) for p in c.get("places", [])]}
        for c in shown.cited_by
    ]
    return {
        "title": entity.name,
        "entity": entity,
        "asks": asks,
        "fields": fields,
        "record_sources": record.get("sources") or [],
        "claims": record.get("claims") or [],
        "holds": holds if entity.kind in PARTY_KINDS else [],
        "timeline": shown.timeline,
        "changes": changes_of(timeline) if timeline is not None else [],
        "status_on": shown.status_on,
        "related": _linked(shown.related),
        "cited_by": cited,
        "sources": [{"id": k, **v} for k, v in shown.sources.items()],
    }
