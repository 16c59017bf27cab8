"""``graphkit story``: a view told step by step, from a story file, as one HTML page.

A thin layer over :func:`graphkit.viz.story.story_page`; heavy imports happen inside.
"""

from __future__ import annotations

from typing import Any

import click

from graphkit.cli.options import backend_options, fail_cleanly, open_from_options, output_options


@click.command()
@click.argument("story_file", metavar="STORY", type=click.Path(dir_okay=False))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="The .html file to write (default: graphkit-story-<file name>.html).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace the output file if it exists (without it, an existing file is refused).",
)
@click.option("--embed", is_flag=True, help="Also print an <iframe> snippet for the file.")
@backend_options
@output_options()
@fail_cleanly
def story(
    story_file: str, output: str | None, force: bool, embed: bool, fmt: str, **opts: Any
) -> None:
    """Tell a view step by step: each step a date, a caption, highlights and sources.

    STORY is a YAML file (see docs/viz.md, "Story"): a title, the view it is told on and
    its ordered steps. Every id, source and date is checked against the graph and the
    view drawn on that date; on a problem nothing is written. Keys on the page: N next
    step, P previous step; page.html#step-3 opens step 3.

    Example:

        graphkit story stories/irs-ice-mou.yaml -o irs-ice-mou.html
    """
    from graphkit.present.formats import emit
    from graphkit.present.reports import PageWritten
    from graphkit.viz.story import story_page

    page = story_page(open_from_options(opts), story_file)
    written = PageWritten.of(page, page.save(output, force=force), embed)
    if fmt == "text":
        click.echo(written.message(), err=True)
    emit(written, fmt)


COMMANDS = [story]
