"""``diff`` and ``timeline``: what changed between two dates, and when; text, JSON, JSON
Lines or CSV."""

from __future__ import annotations

from typing import Any

import click

from graphkit.cli.options import backend_options, fail_cleanly, open_from_options, output_options


@click.command()
@click.argument("subject", required=False)
@click.option("--from", "from_date", required=True, metavar="DATE", help="The earlier date.")
@click.option("--to", "to_date", required=True, metavar="DATE", help="The later date.")
@backend_options
@output_options("jsonl", "csv", rows="change and cause")
@fail_cleanly
def diff(subject: str | None, from_date: str, to_date: str, fmt: str, **opts: Any) -> None:
    """Who gained and who lost access between two dates, and the events that caused it.

    SUBJECT is a dataset (who can obtain it), a party (what it can obtain), or nothing
    (the whole graph). Changes of evidence level or confidence are listed too. The answer
    compares the two dates, then lists every change on a date inside the window (after
    --from, up to --to) as the timeline does: access gained and lost again in between, and
    access reported with no date that is cut off on a known one.

    Example:

        graphkit diff --from 2025-08-01 --to 2025-12-15 irs-taxpayer-addresses
    """
    from graphkit.present.formats import emit

    emit(open_from_options(opts).diff(from_date, to_date, subject=subject), fmt)


@click.command()
@click.argument("subject")
@backend_options
@output_options("jsonl", "csv", rows="change and cause")
@fail_cleanly
def timeline(subject: str, fmt: str, **opts: Any) -> None:
    """Every dated event that changes who can obtain what about SUBJECT, in order, cited.

    SUBJECT is a dataset (who gains and loses it at each step), a party (what it gains
    and loses) or an agreement (its own events).

    Example:

        graphkit timeline medicaid-enrollee-data
    """
    from graphkit.present.formats import emit

    emit(open_from_options(opts).timeline(subject), fmt)


COMMANDS = [diff, timeline]
