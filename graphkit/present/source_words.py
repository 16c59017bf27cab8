"""The words of a source: its publisher (and, for a stored copy, what it is and where)
and its one-line citation, as every answer's Sources list and every page's notes give it.

Example:
    >>> source_line({"publisher": "404 Media", "copy_kind": "re_post",
    ...              "url": "https://vibeforge.co/posts/1"})
    '404 Media, via a stored re-post on vibeforge.co. https://vibeforge.co/posts/1'
"""

from __future__ import annotations

from typing import Any

from graphkit.text import copy_host

#: How an answer names a copy (``Source.copy_kind``), before "on <host>".
COPY_WORDS: dict[str, str] = {
    "re_post": "a stored re-post",
    "syndicated_copy": "a syndicated copy",
    "summary": "a stored summary",
    "archive_copy": "an archive copy",
}


def publisher_text(source: dict[str, Any]) -> str:
    """The publisher, and for a copy what it is and where: ``404 Media, via a stored
    re-post on vibeforge.co``, so a link is never taken for the publisher's own page.

    Example:
        >>> publisher_text({"publisher": "404 Media", "copy_kind": "re_post",
        ...                 "url": "https://vibeforge.co/posts/1"})
        '404 Media, via a stored re-post on vibeforge.co'
    """
    publisher = str(source.get("publisher", source.get("id", "?")))
    host = copy_host(source)
    if host is None:
        return publisher
    words = COPY_WORDS.get(str(source["copy_kind"]), "a copy")
    return f"{publisher}, via {words} on {host}"


def source_line(source: dict[str, Any]) -> str:
    """``Publisher, "Title", date. URL`` for one source (a copy named as one).

    Example:
        >>> source_line({"publisher": "P", "title": "T", "date": "2025", "url": "https://x.example"})
        'P, "T", 2025. https://x.example'
    """
    parts = [publisher_text(source)]
    if source.get("title"):
        parts.append(f'"{source["title"]}"')
    if source.get("date"):
        parts.append(str(source["date"]))
    text = ", ".join(parts) + "."
    return f"{text} {source['url']}" if source.get("url") else text
