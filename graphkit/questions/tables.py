"""Answers as tables: an HTML table for Jupyter (``_repr_html_``) and a pandas DataFrame
(``to_dataframe()``, with the optional extra ``pip install 'graphkit[dataframe]'``).

Every answer type mixes in :class:`Tabular`; :func:`table_of` says what its rows are:
one per party (``reach``), dataset (``reachable``), hop (``path``), change (``diff``),
step (``timeline``), field (``show``), count (``stats``), hit (``search``), link
(``view``), problem or warning (``validate``).
Every string from the data is escaped in the HTML.

Example:
    >>> from graphkit import open_graph
    >>> r = open_graph().reach("irs-taxpayer-addresses", as_of="2025-08-01")
    >>> columns, rows, caption = table_of(r)
    >>> columns[:2], [row[0] for row in rows][:1], caption
    (['party_id', 'party'], ['ice'], 'reach irs-taxpayer-addresses on 2025-08-01')
    >>> "<table" in r._repr_html_()
    True
"""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING, Any

from graphkit.errors import GraphkitError

if TYPE_CHECKING:
    import pandas

#: The HTML shows at most this many rows (the DataFrame has them all).
HTML_ROWS = 50

Row = tuple[Any, ...]
Table = tuple[list[str], list[Row], str]


class Tabular:
    """``_repr_html_`` (Jupyter shows the answer as a table) and ``to_dataframe()``."""

    def _repr_html_(self) -> str:
        return html_table(*table_of(self))

    def to_dataframe(self) -> pandas.DataFrame:
        """The answer as a pandas DataFrame, one row per party, dataset, hop... as fits.

        Raises:
            GraphkitError: pandas is not installed (``pip install 'graphkit[dataframe]'``).

        Example:
            >>> from graphkit import open_graph
            >>> frame = open_graph().path("irs", "ice", as_of="2025-08-01").to_dataframe()
            >>> frame[["from", "to", "agreement"]].values.tolist()
            [['irs', 'ice', 'irs-ice-mou-2025']]
        """
        try:
            import pandas
        except ImportError:
            raise GraphkitError(
                "to_dataframe needs pandas, which is not installed: "
                "pip install 'graphkit[dataframe]' (or pip install pandas)"
            ) from None
        columns, rows, _caption = table_of(self)
        return pandas.DataFrame(rows, columns=columns)


def html_table(columns: list[str], rows: list[Row], caption: str) -> str:
    """A compact HTML table, every cell escaped; at most :data:`HTML_ROWS` rows shown.

    Example:
        >>> shown = html_table(["name"], [("<b>x</b>",)], "a & b")
        >>> "<td>&lt;b&gt;x&lt;/b&gt;</td>" in shown, "<caption>a &amp; b</caption>" in shown
        (True, True)
    """
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(_cell(v))}</td>" for v in row) + "</tr>"
        for row in rows[:HTML_ROWS]
    )
    if not rows:
        body = f'<tr><td colspan="{len(columns)}">(none)</td></tr>'
    elif len(rows) > HTML_ROWS:
        more = len(rows) - HTML_ROWS
        body += f'<tr><td colspan="{len(columns)}">… {more} more rows (to_dataframe())</td></tr>'
    return (
        f'<table class="graphkit-answer"><caption>{_e(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool | int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _joined(values: list[str]) -> str:
    return "; ".join(values)


def _asked(answer: Any) -> str:
    q = answer.question
    subject = " → ".join(ref.id for ref in q.subject) or "the whole graph"
    return f"{q.command} {subject} on {q.as_of}"


def table_of(answer: Any) -> Table:
    """The columns, rows and caption of an answer (see the module docstring)."""
    kind = type(answer).__name__
    if kind not in _TABLES:
        raise GraphkitError(f"{kind} has no table form")
    return _TABLES[kind](answer)


def _reach(answer: Any) -> Table:
    columns = ["party_id", "party", "kind", "evidence", "confidence", "paths", "agreements"]
    rows = [
        (
            item.party.id,
            item.party.name,
            item.party.kind,
            item.evidence,
            item.confidence,
            len(item.paths),
            _joined(item.paths[0].agreements) if item.paths else "",
        )
        for item in answer.everyone()
    ]
    return columns, rows, _asked(answer)


def _reachable(answer: Any) -> Table:
    columns = ["dataset_id", "dataset", "custodian", "evidence", "confidence", "paths"]
    columns.append("agreements")
    rows = [
        (
            item.dataset.id,
            item.dataset.name,
            item.custodian.id,
            item.evidence,
            item.confidence,
            len(item.paths),
            _joined(item.paths[0].agreements) if item.paths else "",
        )
        for item in answer.everyone()
    ]
    return columns, rows, _asked(answer)


def _paths(answer: Any) -> Table:
    columns = ["path", "hop", "from", "to", "agreement", "status", "evidence", "datasets"]
    rows = [
        (
            n,
            h,
            hop.source.id,
            hop.target.id,
            hop.agreement.id,
            hop.agreement.status,
            hop.agreement.evidence,
            _joined([d.id for d in hop.datasets]),
        )
        for n, path in enumerate(answer.every_path(), 1)
        for h, hop in enumerate(path.hops, 1)
    ]
    return columns, rows, _asked(answer)


def _view(answer: Any) -> Table:
    columns = ["from", "type", "to", "agreement", "status", "carries"]
    rows = [
        (
            e.source,
            e.type,
            e.target,
            e.agreement.id if e.agreement else "",
            e.agreement.status if e.agreement else "",
            e.carries,
        )
        for e in answer.edges
    ]
    return columns, rows, _asked(answer)


def _causes(causes: list[Any]) -> str:
    return _joined([f"{c.date} {c.agreement.id} {c.status}" for c in causes])


def _diff(answer: Any) -> Table:
    columns = ["party_id", "dataset_id", "change", "before", "after", "causes"]
    rows = [
        (c.party.id, c.dataset.id, c.change, c.before, c.after, _causes(c.causes))
        for c in answer.changes
    ]
    subject = _asked(answer).split(" on ")[0]
    return columns, rows, f"{subject} from {answer.from_date} to {answer.to_date}"


def _timeline(answer: Any) -> Table:
    def pairs(changes: list[Any]) -> str:
        return _joined([f"{c.party.id}: {c.dataset.id}" for c in changes])

    columns = ["date", "events", "gained", "lost", "changed"]
    rows = [
        (s.date, _causes(s.causes), pairs(s.gained), pairs(s.lost), pairs(s.changed))
        for s in answer.steps
    ]
    return columns, rows, f"timeline {answer.subject.id}"


def _show(answer: Any) -> Table:
    rows = [(key, value) for key, value in answer.record.items() if value not in (None, [], {})]
    return ["field", "value"], rows, f"{answer.entity.kind} {answer.entity.id}"


def _stats(answer: Any) -> Table:
    rows: list[Row] = [("counts", k, n) for k, n in answer.counts.items()]
    rows.append(("flows", "", answer.flows))
    for group in ("agreements_by_kind", "agreements_by_status", "agreements_by_evidence"):
        rows += [(group, k, n) for k, n in getattr(answer, group).items()]
    rows += [
        ("claims", "", answer.claims),
        ("claims_without_source", "", answer.claims_without_source),
    ]
    return ["group", "key", "count"], rows, f"stats on {answer.as_of} ({answer.backend})"


def _search(hits: Any) -> Table:
    rows = [(h.id, h.kind, h.name, h.matched) for h in hits]
    return ["id", "kind", "name", "matched"], rows, f"{len(rows)} matches"


def _validation(checked: Any) -> Table:
    columns = ["level", "file", "line", "field", "message"]
    rows = [("problem", p.file, p.line, p.field, p.message) for p in checked.problems]
    rows += [("warning", w.file, w.line, w.field, w.message) for w in checked.warnings]
    return (
        columns,
        rows,
        "validate: " + ("ok" if checked.ok else f"{len(checked.problems)} problems"),
    )


_TABLES = {
    "ReachResult": _reach,
    "ReachableResult": _reachable,
    "PathsResult": _paths,
    "GraphView": _view,
    "DiffResult": _diff,
    "TimelineResult": _timeline,
    "ShowResult": _show,
    "Stats": _stats,
    "SearchHits": _search,
    "Validation": _validation,
}
