"""The Federal Register API's JSON metadata of a document
(``https://www.federalregister.gov/api/v1/documents/<number>.json``): its
``document_number``, ``publication_date``, ``title``, ``agencies`` (``name``, ``slug``;
the department first, then the component), ``citation``, ``html_url`` and
``full_text_xml_url``. The full-text XML carries no publication date: the JSON beside it
gives it (and the page address cited).

Example:
    >>> meta = read_metadata("tests/fixtures/federal_register/2019-21885.json")
    >>> meta.document_number, str(meta.publication_date), meta.agencies
    ('2019-21885', '2019-10-08', ['General Services Administration'])
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.errors import InputError, Problem
from graphkit.interop.federal_register.notice import Notice


@dataclass
class Metadata:
    """What the API says of one document."""

    file: str
    document_number: str
    publication_date: dt.date | None = None
    title: str | None = None
    citation: str | None = None
    html_url: str | None = None
    full_text_xml_url: str | None = None
    agencies: list[str] = field(default_factory=list)


def _problem(name: str, key: str, message: str) -> InputError:
    return InputError([Problem(name, None, key, message)])


def _documents(data: Any) -> list[Any]:
    """A document, or a search answer's ``results``."""
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return list(data["results"])
    return [data]


def read_metadata_all(path: str | Path) -> list[Metadata]:
    """Every document a JSON file describes; InputError naming the field and the fix."""
    name = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise _problem(name, "file", f"cannot read it ({exc.strerror})") from None
    except json.JSONDecodeError as exc:
        raise InputError(
            [Problem(name, exc.lineno, "json", f"not JSON ({exc.msg}); download it again")]
        ) from None
    out = []
    for doc in _documents(data):
        if not isinstance(doc, dict) or not isinstance(doc.get("document_number"), str):
            raise _problem(
                name,
                "document_number",
                "missing: give the API's document JSON "
                "(https://www.federalregister.gov/api/v1/documents/<number>.json)",
            )
        day = doc.get("publication_date")
        try:
            published = dt.date.fromisoformat(day) if isinstance(day, str) else None
        except ValueError:
            raise _problem(name, "publication_date", f"{day!r} is not YYYY-MM-DD") from None
        agencies = [
            str(a.get("name") or a.get("raw_name"))
            for a in doc.get("agencies") or []
            if isinstance(a, dict) and (a.get("name") or a.get("raw_name"))
        ]
        out.append(
            Metadata(
                name,
                doc["document_number"],
                published,
                doc.get("title"),
                doc.get("citation"),
                doc.get("html_url"),
                doc.get("full_text_xml_url"),
                agencies,
            )
        )
    return out


def read_metadata(path: str | Path) -> Metadata:
    """The first document a JSON file describes."""
    return read_metadata_all(path)[0]


def merge(notice: Notice, meta: Metadata) -> None:
    """Fill what the rendering lacks from the API's metadata (the rendering wins)."""
    notice.document_number = notice.document_number or meta.document_number
    notice.publication_date = notice.publication_date or meta.publication_date
    notice.citation = notice.citation or meta.citation
    notice.url = notice.url or meta.html_url or meta.full_text_xml_url
    notice.subject = notice.subject or meta.title
    known = {a.casefold() for a in notice.agencies}
    notice.agencies += [a for a in meta.agencies if a.casefold() not in known]
