"""Story pages: a view told step by step, each step a date, a caption, highlights, sources.

A story file (:mod:`graphkit.viz.storyfile`) names the view it is told on (any of the
views of :mod:`graphkit.viz.views`, with its arguments) and its ordered steps. The page is
that view's page, with its date slider, and a panel above the diagram: the step's date
and caption, its sources (publisher, title, date, link), Previous and Next. Each step
moves the slider to its date and fades every node and link but the ones it highlights;
``story.html#step-3`` opens step 3; the text version lists every step.

Every step is checked against the view drawn on its date: its date must be one of the
view's dates (where the answer can change), and what it highlights must be drawn then.

Example:
    >>> from graphkit import open_graph
    >>> page = story_page(open_graph(), "stories/irs-ice-mou.yaml")
    >>> page.view, page.stats["steps"][0]["date"]
    ('story', '2025-04-07')
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, InputError, NotFound, Problem
from graphkit.viz.dates import Timeline
from graphkit.viz.model import Scene, note_of
from graphkit.viz.page import VizPage, render_scene, script_json
from graphkit.viz.storyfile import Step, Story, read_story

#: How a faded node or link is drawn (its opacity), in the page's script.
FADED = 0.18
#: The story file's view arguments, by the library's names.
RENAMED = {"from": "date_from", "to": "date_to", "id": "center"}
#: A library argument named in an error, back to the story file's field.
FIELD_OF = {library: field for field, library in RENAMED.items()}


def story_page(graph: Any, path: str | Path) -> VizPage:
    """The page of the story file at ``path``, told on ``graph`` (any backend).

    Raises:
        InputError: every problem of the file (file, line, field, fix); nothing is built.

    Example:
        >>> from graphkit import open_graph
        >>> page = story_page(open_graph(), "stories/irs-ice-mou.yaml")
        >>> [step["date"] for step in page.stats["steps"]][:2], page.default_filename()
        (['2025-04-07', '2025-05-12'], 'graphkit-story-irs-ice-mou.html')
    """
    return page_of_story(graph, read_story(graph, str(path), strict=False))


def page_of_story(graph: Any, story: Story) -> VizPage:
    """The page of a story already read (see :func:`story_page`): its problems, and those
    of its steps against the view, are raised together."""
    problems = list(story.problems)
    dated = [s for s in story.steps if s.date]
    if not story.question or not dated:
        raise InputError(problems)
    try:
        time = base_timeline(graph, story, dated[0].date)
    except InputError as exc:
        raise InputError(problems + exc.problems) from None
    problems += check_steps(story, time)
    if problems:
        raise InputError(problems)
    steps = [step_json(step, time) for step in story.steps]
    part = {
        "title": story.title,
        "summary": story.summary,
        "view_title": time.scenes[time.opening].title,
        "steps": [_step_text(step, story) for step in story.steps],
        "json": script_json({"steps": steps, "faded": FADED}),
        "js": _story_js(),
    }
    page = render_scene(time.scenes[time.opening], time, story=part)
    stem = Path(story.file).stem or "story"
    stats = dict(page.stats, steps=steps, base_view=page.view)
    return replace(page, view="story", subject=[stem], title=story.title, stats=stats)


def base_timeline(graph: Any, story: Story, first: str) -> Timeline:
    """The view the story is told on, on every date where it changes (and the first
    step's, where the page opens); an error of the view names its field in the file."""
    from graphkit.viz import views

    builders: dict[str, Callable[..., VizPage]] = {
        "reach": views.reach_view,
        "reachable": views.reachable_view,
        "path": views.path_view,
        "ego": views.ego_view,
        "all": views.all_view,
    }
    builder = builders[story.question]
    kwargs = {RENAMED.get(k, k): v for k, v in story.args.items()}
    try:
        page = builder(graph, as_of=first, slider=True, **kwargs)
    except GraphkitError as exc:
        if exc.argument == "as_of":
            at = next(s.number - 1 for s in story.steps if s.date == first)
            raise InputError([story.problem(("steps", at, "date"), str(exc))]) from None
        raise InputError([_view_problem(story, exc)]) from None
    assert page.time is not None  # a page built with the slider carries its timeline
    return page.time


def _view_problem(story: Story, exc: GraphkitError) -> Problem:
    """An error of the view's question, at the field of the story's view it is about."""
    text = getattr(exc, "text", "") or ""
    named = [k for k, v in story.args.items() if text and str(v) == text]
    argument = exc.argument or ""
    field = named[0] if named else FIELD_OF.get(argument, argument)
    path: tuple[str | int, ...] = ("view", field) if field in story.args else ("view",)
    message = str(exc).rstrip(".")
    if isinstance(exc, NotFound):
        message += "; use an id from the seeds (graphkit search WORD lists the ids it matches)"
    return story.problem(path, message)


def check_steps(story: Story, time: Timeline) -> list[Problem]:
    """Each step against the view on its date: the date is one of the view's, and every
    node and agreement it highlights is drawn then."""
    problems = []
    # The view's own dates: its events, and the start of its range (from); not the date
    # it was asked to open at (the first step's), unless the view changes then too.
    own = sorted(
        {t.date for t in time.ticks}
        | ({str(story.args["from"])} & set(time.dates) if "from" in story.args else set())
    )
    for step in (s for s in story.steps if s.date):
        at: tuple[str | int, ...] = ("steps", step.number - 1)
        if step.date not in own:
            problems.append(story.problem((*at, "date"), _not_a_date(step.date, own)))
            continue
        scene = time.scenes[time.dates.index(step.date)]
        drawn = _agreements_drawn(scene)
        for n, ident in enumerate(step.nodes):
            if ident not in scene.nodes:
                shown = ", ".join(sorted(scene.nodes)[:12])
                problems.append(
                    story.problem(
                        (*at, "nodes", n),
                        f"{ident!r} is not drawn in the {story.question} view on {step.date}; "
                        f"highlight what is drawn then ({shown}), or change the view",
                    )
                )
        for n, ident in enumerate(step.agreements):
            if ident not in drawn:
                shown = ", ".join(sorted(drawn)[:12]) or "none"
                problems.append(
                    story.problem(
                        (*at, "agreements", n),
                        f"agreement {ident!r} is not drawn in the {story.question} view on "
                        f"{step.date}; highlight one drawn then ({shown}), or change the view",
                    )
                )
    return problems


def _agreements_drawn(scene: Scene) -> set[str]:
    return {e.agreement_id for e in scene.edges if e.agreement_id}


def _not_a_date(day: str, dates: list[str]) -> str:
    before = [d for d in dates if d < day]
    after = [d for d in dates if d > day]
    if before and after:
        fix = f"use {before[-1]} or {after[0]}"
    elif after:
        fix = f"use {after[0]}, or start the view earlier with from: {day}"
    else:
        fix = f"use {before[-1]}: the view does not change after it"
    return (
        f"{day} is not one of the view's dates (the dates where its answer can change, "
        f"{dates[0]} to {dates[-1]}); {fix}"
    )


def step_json(step: Step, time: Timeline) -> dict[str, Any]:
    """What the page's script needs of a step: its date's index on the slider, the node
    ids and the link ids to draw in full (the step's agreements, and the custody,
    derivation and part-of links between two highlighted nodes)."""
    nodes = set(step.nodes)
    agreements = set(step.agreements)
    edges = [
        e.id
        for e in time.union.edges
        if (e.agreement_id in agreements)
        or (e.agreement_id is None and e.source in nodes and e.target in nodes)
    ]
    return {
        "n": step.number,
        "date": step.date,
        "index": time.dates.index(step.date),
        "nodes": sorted(nodes),
        "edges": sorted(edges),
        "agreements": sorted(agreements),
    }


def _step_text(step: Step, story: Story) -> dict[str, Any]:
    """A step as the template writes it: its citations as the views cite a source."""
    notes = [note_of(0, s, story.sources.get(s, {})) for s in step.sources]
    return {"n": step.number, "date": step.date, "caption": step.caption, "notes": notes}


@functools.lru_cache(maxsize=1)
def _story_js() -> str:
    from graphkit.viz.page import _read

    text = _read("graphkit", "templates/story.js")
    if "</script" in text.lower() or "<!--" in text:
        raise GraphkitError("story.js holds text that would end its <script> element")
    return text
