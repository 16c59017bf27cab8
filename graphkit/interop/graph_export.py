"""What ``Graph.export`` does (and so ``graphkit export``): the whole graph on a date, or
one answer, in one of the export formats, to a path or as text.

Example:
    >>> from graphkit import open_graph
    >>> text = export_graph(open_graph(), "gexf", as_of="2025-08-01")
    >>> "<gexf" in text and 'value="irs-ice-mou-2025"' in text
    True
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError
from graphkit.model.data import GraphData

if TYPE_CHECKING:
    from graphkit.questions.graph import Questions

FORMATS = ("graphml", "gexf", "csv", "cypher", "ftm")


def export_graph(
    graph: Questions,
    fmt: str,
    path: str | os.PathLike[str] | None = None,
    *,
    as_of: str | dt.date | None = None,
    answer: Any = None,
    force: bool = False,
) -> str | list[Path]:
    """Write ``answer`` (default: the whole graph, statuses on ``as_of``) as ``fmt`` to
    ``path`` and return the files written (whole or not at all; an existing file replaced
    only with ``force``, :mod:`graphkit.files`); without ``path``, return the text.
    See :meth:`graphkit.graph.Graph.export`."""
    if fmt not in FORMATS:
        raise GraphkitError(f"format {fmt!r} is not one of {', '.join(FORMATS)}", "format")
    if answer is not None and as_of is not None:
        raise GraphkitError("as_of dates the whole graph; an answer has its own date", "as_of")
    if fmt == "csv" and path is None:
        raise GraphkitError("format csv writes a folder (nodes.csv, links.csv): pass path", "path")
    if fmt in ("cypher", "ftm"):
        return _seed_format(graph, fmt, path, answer, force)
    from graphkit.interop.export import write

    shown = answer if answer is not None else graph.view(as_of=as_of)
    if path is not None:
        return write(shown, fmt, Path(path), graph.store, force=force)
    import tempfile

    with tempfile.TemporaryDirectory() as folder:  # the text is what the file would hold
        [written] = write(shown, fmt, Path(folder) / f"graph.{fmt}", graph.store)
        return written.read_text(encoding="utf-8")


def _seed_format(
    graph: Questions, fmt: str, path: str | os.PathLike[str] | None, answer: Any, force: bool
) -> str | list[Path]:
    """``cypher`` (the whole graph) and ``ftm`` export seed records, held in memory only."""
    data = getattr(graph.store, "data", None)
    if not isinstance(data, GraphData):
        raise GraphkitError(
            f"format {fmt} exports seed records: open the graph on the memory backend", "format"
        )
    if fmt == "cypher":
        if answer is not None:
            raise GraphkitError(
                "format cypher exports the whole graph only (graphkit export --format cypher), "
                "not one answer: leave out answer"
            )
        from graphkit.interop.export import cypher_script

        text = cypher_script(data)
    else:
        text = _ftm_text(data, answer)
    if path is None:
        return text
    from graphkit.files import write_text

    return [write_text(Path(path), text, force=force)]


def _ftm_text(data: GraphData, answer: Any) -> str:
    """FollowTheMoney entities (JSON Lines) of the seeds, or of the records ``answer`` names."""
    from graphkit.interop.ftm import ftm_entities, ftm_text
    from graphkit.interop.network import answer_graph

    ids = None
    if answer is not None:
        net = answer_graph(answer)
        ids = {*net.nodes, *(a["agreement"] for *_, a in net.edges(data=True) if "agreement" in a)}
    return ftm_text(ftm_entities(data, ids))
