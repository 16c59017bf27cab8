"""Output, defined once: every command's answer goes through :func:`emit`.

A readable text rendering for people by default, JSON with ``--json``. Data goes
to stdout; messages go to stderr.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click

from graphkit.text import terminal_safe


def to_json(value: Any) -> str:
    """Stable, readable JSON (keys in the order the answer defines them)."""
    if hasattr(value, "to_dict"):
        value = value.to_dict()
    return json.dumps(value, indent=2, ensure_ascii=False, default=_default, allow_nan=False)


def _default(value: Any) -> Any:
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if hasattr(value, "__dataclass_fields__"):
        from dataclasses import asdict

        return asdict(value)
    return str(value)


def emit(value: Any, as_json: bool, render: Callable[[Any], str]) -> None:
    """Print an answer: JSON when asked for, else ``render(value)``.

    Text bound for a terminal has control and bidi characters removed: names come from
    data, and a terminal would obey an escape sequence in one. JSON escapes them itself.
    """
    if as_json:
        click.echo(to_json(value))
        return
    text = render(value).rstrip("\n")
    if sys.stdout.isatty():
        text = terminal_safe(text)
    click.echo(text)
