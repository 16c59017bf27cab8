"""The question pages: ``/reach/X``, ``/reachable/P``, ``/path/A/B``, ``/diff``,
``/timeline/X``: a form, the permalink, the answer as text, its view, an embed snippet
and download links; with ``.json`` the CLI's ``--json``, with ``.csv`` its rows.

Example:
    >>> from starlette.datastructures import QueryParams
    >>> form = {"dataset": "irs-taxpayer-addresses", "as_of": "2025-08-01", "only": "",
    ...         "max_hops": "4"}
    >>> permalink("reach", form)
    '/reach/irs-taxpayer-addresses?as_of=2025-08-01'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from graphkit.explorer import pages
from graphkit.explorer.ask import QUESTIONS, Asked, ParamError, read_question
from graphkit.explorer.formats import split_suffix

#: The parameters a view takes (``standard_uses`` changes the list, not the drawing).
VIEW_PARAMS = (
    "as_of",
    "max_hops",
    "max_paths",
    "evidence",
    "min_confidence",
    "only",
    "no_components",
    "dataset",
    "any_data",
)


def subjects_of(request: Request) -> tuple[str, list[str], str]:
    """The question a URL asks, its subjects and its format suffix."""
    name = request.url.path.split("/")[1]
    name, suffix = split_suffix(name)
    params = request.path_params
    if name == "path":
        target, suffix = split_suffix(params["target"])
        return name, [params["source"], target], suffix
    if name == "diff":
        return name, [], suffix
    ident, suffix = split_suffix(params["ident"])
    return name, [ident], suffix


def question_path(name: str, subjects: list[str] | tuple[str, ...]) -> str:
    """The path of a question about ``subjects``.

    Example:
        >>> question_path("path", ["irs", "ice"]), question_path("diff", [])
        ('/path/irs/ice', '/diff')
    """
    return "/".join([f"/{name}", *(quote(s, safe="") for s in subjects)])


def permalink(name: str, form: Mapping[str, str]) -> str:
    """The permalink of a question's form: its subjects in the path, the other fields
    that are filled in and differ from the defaults as the query."""
    if name not in QUESTIONS:
        raise ParamError(f"{name!r} is not a question; ask one of {', '.join(QUESTIONS)}")
    question = QUESTIONS[name]
    missing = [s for s in question.subjects if not form.get(s, "").strip()]
    if missing:
        raise ParamError(f"{missing[0]} is missing: the question needs it", missing[0])
    subjects = [form[s].strip() for s in question.subjects]
    rest = {k: v for k, v in form.items() if k not in question.subjects and v.strip()}
    asked = read_question(name, subjects, rest)  # checked, and the defaults left out
    return pages.url(question_path(name, subjects), asked.query())


def permalink_of_form(request: Request) -> str:
    """Where a sent form goes: its question's permalink."""
    return permalink(request.path_params["name"], dict(request.query_params))


def _fields(asked: Asked) -> list[dict[str, Any]]:
    question = asked.question
    fields: list[dict[str, Any]] = [
        {
            "name": s,
            "label": s,
            "kind": "text",
            "value": v,
            "help": "an id or a name",
            "choices": [],
            "required": True,
        }
        for s, v in zip(question.subjects, asked.subjects, strict=True)
    ]
    for param in question.params:
        value = asked.args.get(param.name, param.default)
        choices = [(c, c) for c in param.choices]
        if choices and param.default is None:
            choices = [("", "(no filter)"), *choices]
        fields.append(
            {
                "name": param.name,
                "label": param.name.replace("_", " "),
                "kind": param.kind,
                "value": "" if value is None else value,
                "help": param.help,
                "choices": choices,
                "required": name_required(question.name, param.name),
            }
        )
    return fields


def name_required(question: str, param: str) -> bool:
    return question == "diff" and param in ("from", "to")


def _view(asked: Asked, answer: Any, base: str) -> dict[str, str] | None:
    if not asked.question.has_view:
        return None
    from graphkit.present.words import clip
    from graphkit.viz.build import scene_for
    from graphkit.viz.page import embed_snippet

    query = {k: v for k, v in asked.query().items() if k in VIEW_PARAMS}
    path = "/view" + question_path(asked.question.name, asked.subjects)
    links = {fmt: pages.url(f"{path}.{fmt}", query) for fmt in ("html", "svg", "png")}
    title = clip(scene_for(answer).title, 200)
    return {**links, "title": title, "embed": embed_snippet(base + links["html"], title)}


async def question_page(explorer: Any, request: Request) -> Response:
    """A question's page, JSON or CSV (see the module docstring)."""
    from graphkit.present.formats import render

    name, subjects, suffix = subjects_of(request)
    query = dict(request.query_params)
    if name == "diff" and suffix == "" and not (query.get("from") or query.get("to")):
        return _empty_form(name, query)
    asked = read_question(name, subjects, query)
    answer = await explorer.asker.get(asked.key(), asked.ask)
    link = pages.url(question_path(name, asked.subjects), asked.query())

    def html() -> str:
        base = f"{request.url.scheme}://{request.url.netloc}"
        return pages.render(
            "question",
            title=asked.question.title,
            action=f"/ask/{name}",
            fields=_fields(asked),
            permalink=link,
            view=_view(asked, answer, base),
            text=render(answer, "text"),
            formats=explorer.formats(request, question_path(name, asked.subjects)),
        )

    response: Response = explorer.respond(request, suffix, answer, html)
    return response


def _empty_form(name: str, query: dict[str, str]) -> Response:
    """``/diff`` with no dates yet: its form, to fill in (JSON and CSV still need them)."""
    question = QUESTIONS[name]
    known = {p.name for p in question.params}
    kept = {k: v for k, v in query.items() if k in known}
    asked = Asked(question, (), {p.name: kept.get(p.name, p.default) for p in question.params})
    page = pages.render(
        "question",
        title=question.title,
        action=f"/ask/{name}",
        fields=_fields(asked),
        permalink=question_path(name, []),
        view=None,
        text="Choose the two dates to compare (from and to), and a dataset or party if you like.",
    )
    return Response(page, media_type="text/html; charset=utf-8")
