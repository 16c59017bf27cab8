"""The explorer's web application: its routes, over one :class:`~graphkit.questions.graph.Graph`.

:func:`create_app` returns an ASGI application (Starlette, behind
:class:`~graphkit.explorer.safety.Guard`); :mod:`graphkit.explorer.serve` runs it with
uvicorn. Every page also answers with ``.json`` (the CLI's ``--json``) and ``.csv``.

Example:
    >>> from starlette.testclient import TestClient
    >>> from graphkit import open_graph
    >>> app = create_app(open_graph(), ExplorerConfig(port=8765))
    >>> client = TestClient(app, base_url="http://127.0.0.1:8765")
    >>> client.get("/party/ice.json").json()["entity"]["name"]
    'U.S. Immigration and Customs Enforcement'
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from graphkit.errors import Ambiguous, DateError, LimitError, Neo4jError, Neo4jServerError, NotFound
from graphkit.explorer import pages
from graphkit.explorer.answers import Asker, TooSlow
from graphkit.explorer.ask import (
    EXPLORER_SEARCH_LIMIT,
    QUESTIONS,
    TIME_LIMIT,
    ParamError,
)
from graphkit.explorer.formats import SUFFIXES, as_csv, as_json, split_suffix
from graphkit.explorer.safety import Guard, allowed_hosts, public_message

log = logging.getLogger("graphkit.explorer")
#: How many written pages are kept beside their answers.
WRITTEN_KEPT = 1024

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class ExplorerConfig:
    """Where the explorer listens and how much a question may take.

    ``secrets`` (a password, the backend's URI) never appear in a page or an error.
    """

    host: str = "127.0.0.1"
    port: int = 8000
    time_limit: float = TIME_LIMIT
    secrets: tuple[str, ...] = ()


#: The status of each error a question may raise (anything else is 500).
STATUS = {NotFound: 404, Ambiguous: 400, DateError: 400, ParamError: 400, LimitError: 422}
TITLES = {400: "Bad request", 404: "Not found", 422: "Over a limit", 503: "Too slow"}
FIXES = {
    404: "Search for it by a part of its name, or check the id in the URL.",
    422: "Narrow the question as the message says.",
    503: "Narrow the question as the message says, then ask again.",
}


class Explorer:
    """The routes' state: the graph's asker and the configuration."""

    def __init__(self, graph: Any, config: ExplorerConfig) -> None:
        self.asker = Asker(graph, config.time_limit)
        self.config = config
        self.graph = graph
        self._written: OrderedDict[str, tuple[tuple[Any, Any], str]] = OrderedDict()
        self._lock = threading.Lock()

    # ------------------------------------------------------------------ helpers
    def respond(
        self,
        request: Request,
        suffix: str,
        answer: Any,
        html: Callable[[], str],
        also: Any = None,
    ) -> Response:
        """The answer in the format the URL's suffix asks for. The text written is kept
        with the answers it was written from (``answer`` and ``also``): asked again, the
        same answers (the asker's, while the data is the same) are not written again."""
        key = str(request.url)
        with self._lock:
            kept = self._written.get(key)
        if kept is not None and kept[0][0] is answer and kept[0][1] is also:
            body = kept[1]
        else:
            if suffix == ".json":
                body = as_json(answer)
            elif suffix == ".csv":
                body = as_csv(answer)
            else:
                body = html()
            with self._lock:
                self._written[key] = ((answer, also), body)
                while len(self._written) > WRITTEN_KEPT:
                    self._written.popitem(last=False)
        return Response(body, media_type=SUFFIXES[suffix])

    async def failure(self, exc: Exception, suffix: str) -> Response:
        """The page of an error: its status, what went wrong and how to fix it."""
        if isinstance(exc, TooSlow | Neo4jError | Neo4jServerError):
            status = 503
        else:
            status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 500)
        if status == 500 or isinstance(exc, Neo4jError | Neo4jServerError):
            log.error("explorer: a question failed", exc_info=exc)
        message = public_message(exc, self.config.secrets)
        if suffix == ".json":
            from graphkit.present.formats import to_json

            body = to_json({"error": message, "status": status})
            return Response(body + "\n", status, media_type=SUFFIXES[".json"])
        if suffix == ".csv":
            return PlainTextResponse(f"error: {message}\n", status)
        near = []
        if isinstance(exc, NotFound) and exc.text:
            try:
                hits = await self.asker.get(("search", exc.text, 8), _searcher(exc.text, 8))
                near = [{**h.to_dict(), "href": pages.href(h.kind, h.id)} for h in hits]
            except Exception:  # the hint is a help, never a second error
                near = []
        title = TITLES.get(status, "The explorer could not answer")
        if isinstance(exc, Neo4jError | Neo4jServerError):
            title = "The graph's database is not answering"
        page = pages.render(
            "error", title=title, message=message, fix=FIXES.get(status, ""), near=near
        )
        return Response(page, status, media_type=SUFFIXES[""])

    def formats(self, request: Request, path: str) -> list[tuple[str, str]]:
        query = ("?" + request.url.query) if request.url.query else ""
        return [("JSON", f"{path}.json{query}"), ("CSV", f"{path}.csv{query}")]

    # ------------------------------------------------------------------- pages
    async def home(self, request: Request) -> Response:
        suffix = {"/index.json": ".json", "/index.csv": ".csv"}.get(request.url.path, "")
        stats = await self.asker.get(("stats",), lambda g: g.stats())

        def html() -> str:
            examples = {
                "reach": "/reach/irs-taxpayer-addresses",
                "reachable": "/reachable/ice",
                "path": "/path/irs/ice",
                "diff": "/diff",
                "timeline": "/timeline/irs-ice-mou-2025",
            }
            listed = [
                {"title": q.title, "href": examples[name], "pattern": _pattern(q)}
                for name, q in QUESTIONS.items()
            ]
            counts = list(stats.counts.items())
            return pages.render(
                "home",
                title="Explorer",
                counts=counts,
                questions=listed,
                formats=[("JSON", "/index.json"), ("CSV", "/index.csv")],
            )

        return self.respond(request, suffix, stats, html)

    async def search(self, request: Request) -> Response:
        suffix = split_suffix(request.url.path)[1]
        text = request.query_params.get("q", "")
        raw = request.query_params.get("limit", "20")
        if not raw.isdigit() or not 1 <= int(raw) <= EXPLORER_SEARCH_LIMIT:
            raise ParamError(f"limit {raw!r} is not a number from 1 to {EXPLORER_SEARCH_LIMIT}")
        limit = int(raw)
        hits = await self.asker.get(("search", text, limit), _searcher(text, limit))

        def html() -> str:
            listed = [{**h.to_dict(), "href": pages.href(h.kind, h.id)} for h in hits]
            return pages.render(
                "search",
                title=f"Search {text}" if text else "Search",
                q=text,
                hits=listed,
                formats=self.formats(request, "/search"),
            )

        return self.respond(request, suffix, hits, html)

    async def entity(self, request: Request) -> Response:
        page = request.url.path.split("/")[1]
        ident, suffix = split_suffix(request.path_params["ident"])
        as_of = request.query_params.get("as_of") or None
        unknown = sorted(set(request.query_params) - {"as_of"})
        if unknown:
            raise ParamError(f"{unknown[0]} is not a parameter of an entity page; use as_of")
        shown = await self.asker.get(("show", ident, as_of), lambda g: g.show(ident, as_of=as_of))
        canonical = pages.href(shown.entity.kind, shown.entity.id)
        if canonical != f"/{page}/{quote(ident, safe='')}":
            query = ("?" + request.url.query) if request.url.query else ""
            return RedirectResponse(canonical + suffix + query, 302)

        timeline = None
        if suffix == "" and shown.entity.kind not in ("agreement", "source"):
            key = ("timeline", shown.entity.id)
            try:
                timeline = await self.asker.get(key, lambda g: g.timeline(shown.entity.id))
            except TooSlow:  # the page still answers: its timeline is a link away
                timeline = None

        def html() -> str:
            context = pages.entity_context(shown, timeline)
            return pages.render("entity", formats=self.formats(request, canonical), **context)

        return self.respond(request, suffix, shown, html, also=timeline)

    async def question(self, request: Request) -> Response:
        from graphkit.explorer.questions_page import question_page

        return await question_page(self, request)

    async def view(self, request: Request) -> Response:
        from graphkit.explorer.views import view_response

        return await view_response(self, request)

    async def ask_form(self, request: Request) -> Response:
        """A question's form, sent: redirected to the question's permalink."""
        from graphkit.explorer.questions_page import permalink_of_form

        return RedirectResponse(permalink_of_form(request), 303)

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in pages.STATIC:
            return await self.not_found(request)
        return Response(pages.static_file(name), media_type=pages.STATIC[name])

    async def no_icon(self, _request: Request) -> Response:
        """No icon (a view opened on its own asks for one): nothing, and no error."""
        return Response(status_code=204)

    async def not_found(self, request: Request, _exc: Any = None) -> Response:
        message = "no explorer page is at this address"
        page = pages.render("error", title="Not found", message=message, fix=_ROUTES_HELP, near=[])
        return Response(page, 404, media_type=SUFFIXES[""])


_ROUTES_HELP = (
    "Pages: /search?q=, /party/ID, /dataset/ID, /agreement/ID, /source/ID, /reach/DATASET, "
    "/reachable/PARTY, /path/FROM/TO, /diff?from=&to=, /timeline/ID; each with .json or .csv."
)


def _searcher(text: str, limit: int) -> Callable[[Any], Any]:
    return lambda g: g.search(text, limit=limit)


def _pattern(question: Any) -> str:
    parts = "/".join(s.upper() for s in question.subjects)
    return (
        f"/{question.name}"
        + (f"/{parts}" if parts else "")
        + "?"
        + "&".join(f"{p.name}=" for p in question.params[:2])
    )


def _guarded(explorer: Explorer, handler: Handler) -> Handler:
    """A route whose errors become their pages (never a traceback)."""

    async def route(request: Request) -> Response:
        try:
            return await handler(request)
        except Exception as exc:
            last = request.url.path.rsplit("/", 1)[-1]
            return await explorer.failure(exc, split_suffix(last)[1])

    return route


def create_app(graph: Any, config: ExplorerConfig | None = None) -> Any:
    """The explorer over ``graph``, as an ASGI application, guarded (see
    :class:`~graphkit.explorer.safety.Guard`): read-only, its own Host only (on a
    loopback address), the security headers on every response."""
    config = config or ExplorerConfig()
    ex = Explorer(graph, config)

    def route(path: str, handler: Handler, name: str | None = None) -> Route:
        return Route(path, _guarded(ex, handler), methods=["GET", "HEAD"], name=name)

    entity_routes = [
        route(f"/{p}/{{ident:path}}", ex.entity) for p in sorted(set(pages.PAGE_OF_KIND.values()))
    ]
    routes = [
        route("/", ex.home),
        route("/index.json", ex.home),
        route("/index.csv", ex.home),
        *(route(f"/search{s}", ex.search) for s in SUFFIXES),
        *entity_routes,
        *(route(f"/diff{s}", ex.question) for s in SUFFIXES),
        route("/reach/{ident:path}", ex.question),
        route("/reachable/{ident:path}", ex.question),
        route("/timeline/{ident:path}", ex.question),
        route("/path/{source}/{target}", ex.question),
        route("/ask/{name}", ex.ask_form),
        route("/view/{rest:path}", ex.view),
        route("/static/{name}", ex.static),
        route("/favicon.ico", ex.no_icon),
    ]
    app = Starlette(routes=routes, exception_handlers={404: ex.not_found, 405: ex.not_found})
    return Guard(app, allowed_hosts(config.host, config.port))


__all__ = ["ExplorerConfig", "create_app"]
