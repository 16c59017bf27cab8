"""The local web explorer, ``graphkit serve``: the graph as a browsable site.

Search, a page per party, dataset, agreement and source, and the questions (reach,
reachable, path, diff, timeline) as forms and permalinks, each with the view ``graphkit
viz`` draws; every page also as ``.json`` (equal to the CLI's ``--json``) and ``.csv``.
Read-only, on 127.0.0.1 by default; see ``docs/explorer.md``.

| module | what |
|---|---|
| ``app`` | the routes, :func:`create_app`, :class:`ExplorerConfig` |
| ``ask`` | a URL read as a question, the explorer's limits |
| ``answers`` | answering in a worker, within the time limit, remembered |
| ``questions_page`` | the question pages, their forms and permalinks |
| ``views`` | the views (HTML, SVG, PNG) the question pages show |
| ``pages`` | the HTML templates and what they show of an answer |
| ``formats`` | ``.json`` and ``.csv`` |
| ``safety`` | headers, the Host guard, read-only, error messages |
| ``serve`` | running it with uvicorn |

Example:
    >>> from graphkit import open_graph
    >>> from graphkit.explorer import create_app
    >>> app = create_app(open_graph())  # an ASGI application: uvicorn serves it
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    """``create_app`` and ``ExplorerConfig`` are imported on first use."""
    if name in __all__:
        from graphkit.explorer import app

        return getattr(app, name)
    raise AttributeError(f"module 'graphkit.explorer' has no attribute {name!r}")


__all__ = ["ExplorerConfig", "create_app"]
