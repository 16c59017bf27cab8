"""Reading the files handed to the importer: each rendering by its content, the API's
JSON matched to its document by number.

Example:
    >>> notices = read_notices(["tests/fixtures/federal_register/2019-21885.xml",
    ...     "tests/fixtures/federal_register/2019-21885.json"])
    >>> [(n.document_number, str(n.publication_date), n.rendering) for n in notices]
    [('2019-21885', '2019-10-08', 'xml')]
"""

from __future__ import annotations

from pathlib import Path

from graphkit.errors import InputError, Problem, SeedError
from graphkit.interop.federal_register.metadata import Metadata, merge, read_metadata_all
from graphkit.interop.federal_register.notice import Notice
from graphkit.interop.federal_register.textread import read_text
from graphkit.interop.federal_register.xmlread import read_xml


def _is_xml(path: Path) -> bool:
    if path.suffix.lower() == ".xml":
        return True
    try:
        with path.open("rb") as handle:
            head = handle.read(512).lstrip()
    except OSError:
        return False
    return head.startswith((b"<?xml", b"<NOTICE", b"<RULE", b"<PRORULE", b"<!DOCTYPE NOTICE"))


def read_notices(paths: list[str | Path]) -> list[Notice]:
    """The notices in ``paths`` (XML, HTML, text; JSON metadata merged into the notice of
    the same document number); InputError listing every file's problems."""
    problems: list[Problem] = []
    notices: list[Notice] = []
    metadata: list[Metadata] = []
    for item in paths:
        path = Path(item)
        if not path.is_file():
            problems.append(Problem(str(path), None, "file", "no such file"))
            continue
        try:
            if path.suffix.lower() == ".json":
                metadata += read_metadata_all(path)
            elif _is_xml(path):
                notices.append(read_xml(path))
            else:
                notices.append(read_text(path))
        except SeedError as exc:
            problems += exc.problems
    by_number = {n.document_number: n for n in notices if n.document_number}
    for meta in metadata:
        if meta.document_number in by_number:
            merge(by_number[meta.document_number], meta)
            continue
        url = f" ({meta.full_text_xml_url})" if meta.full_text_xml_url else ""
        problems.append(
            Problem(
                meta.file,
                None,
                "document_number",
                f"FR Doc. {meta.document_number}: metadata without the notice's text; "
                f"download its full-text XML{url} and pass it too",
            )
        )
    if problems:
        raise InputError(problems)
    return notices
