"""The views the question pages show: ``/view/reach/X.html`` (the very page ``graphkit
viz reach X`` writes), ``.svg`` and ``.png`` (as ``viz --format`` draws them).

Example:
    >>> view_request("reach/irs-taxpayer-addresses.svg")
    ('reach', ['irs-taxpayer-addresses'], 'svg')
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from graphkit.explorer.ask import Asked, ParamError, read_question

FORMATS = {"html": "text/html; charset=utf-8", "svg": "image/svg+xml", "png": "image/png"}
#: One PNG at a time: each starts a headless Chromium.
_PNG = threading.Semaphore(1)
#: Seconds a PNG may take (Chromium's start is slow on a busy machine), at least.
PNG_TIME_LIMIT = 120.0


def view_request(rest: str) -> tuple[str, list[str], str]:
    """The question, subjects and format of a view's path (after ``/view/``)."""
    name, _, tail = rest.partition("/")
    stem, dot, fmt = tail.rpartition(".")
    if not dot or fmt not in FORMATS or name not in ("reach", "reachable", "path") or not stem:
        raise ParamError(
            "a view is /view/reach/DATASET.html, /view/reachable/PARTY.html or "
            "/view/path/FROM/TO.html (or .svg, .png)"
        )
    subjects = stem.split("/") if name == "path" else [stem]
    if name == "path" and len(subjects) != 2:
        raise ParamError("a path view is /view/path/FROM/TO.html")
    return name, subjects, fmt


def build_view(graph: Any, asked: Asked) -> Any:
    """The :class:`~graphkit.viz.page.VizPage` of a question, as ``graphkit viz`` makes it."""
    from graphkit.viz import path_view, reach_view, reachable_view

    a = dict(asked.args)
    a.pop("standard_uses", None)
    common = {k: a.pop(k) for k in ("max_hops", "max_paths")}
    as_of = a.pop("as_of")
    if asked.question.name == "reach":
        return reach_view(graph, asked.subjects[0], as_of, **common, **a)
    if asked.question.name == "reachable":
        components = not a.pop("no_components")
        return reachable_view(graph, asked.subjects[0], as_of, **common, components=components, **a)
    dataset, any_data = a.pop("dataset"), a.pop("any_data")
    source, target = asked.subjects
    return path_view(
        graph, source, target, as_of, **common, dataset=dataset, any_data=any_data, **a
    )


def _png(page: Any) -> bytes:
    with _PNG, tempfile.TemporaryDirectory(prefix="graphkit-serve-") as folder:
        out = Path(folder) / "view.png"
        page.save_picture(out, "png")
        return out.read_bytes()


async def view_response(explorer: Any, request: Request) -> Response:
    """A view page, or its picture."""
    name, subjects, fmt = view_request(request.path_params["rest"])
    asked = read_question(name, subjects, dict(request.query_params))
    page = await explorer.asker.get(("view", *asked.key()), lambda g: build_view(g, asked))
    if fmt == "html":
        body: str | bytes = page.html
    elif fmt == "svg":
        body = await explorer.asker.get(("svg", *asked.key()), lambda _g: page.picture("svg"))
    else:
        limit = max(PNG_TIME_LIMIT, explorer.asker.time_limit)
        body = await explorer.asker.get(("png", *asked.key()), lambda _g: _png(page), limit)
    download = {"content-disposition": f'inline; filename="{page.default_filename()}"'}
    if fmt != "html":
        filename = Path(page.default_filename()).with_suffix(f".{fmt}").name
        download = {"content-disposition": f'attachment; filename="{filename}"'}
    return Response(body, media_type=FORMATS[fmt], headers=download)
