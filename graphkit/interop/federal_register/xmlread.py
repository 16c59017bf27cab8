"""The Federal Register's full-text XML of one document (``<NOTICE>``: ``<PREAMB>`` with
``<AGENCY>``, ``<SUBJECT>``, ``<ACT>``, ``<SUM>``, ``<DATES>``; ``<SUPLINF>`` with the
``<PRIACT>`` section, whose ``<HD SOURCE="HD2">`` headings each lead ``<P>`` paragraphs;
``<FRDOC>``), read with a parser that never expands entities nor reaches the network.

A document that declares entities (an "XML bomb", or an external entity that would read
a local file) is refused outright: Federal Register XML never declares any.

Example:
    >>> notice = read_xml("tests/fixtures/federal_register/2019-21885.xml")
    >>> notice.document_number, notice.kind, notice.sections["system"][0][:10]
    ('2019-21885', 'sorn', 'GSA/OGP-1,')
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from graphkit.errors import InputError, Problem
from graphkit.interop.federal_register.notice import Notice, clean, section_key

FRDOC = re.compile(r"FR Doc\.?\s*(?:No:?\s*)?([0-9A-Z]{1,4}-?[0-9]+-[0-9]+|[0-9]{4}-[0-9]+)")
#: The header elements read, and the Notice attribute each fills.
HEADER = {"SUBJECT": "subject", "ACT": "action", "SUM": "summary", "DATES": "dates"}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)


def _text(element: etree._Element) -> str:
    """An element's text without its heading (``<HD>``) and page markers (``<PRTPAGE>``)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in ("HD", "PRTPAGE") or element.tag == "HD":
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return clean("".join(parts))


def _refuse(name: str, message: str, line: int | None = None) -> InputError:
    return InputError([Problem(name, line, "xml", message)])


def read_xml(path: str | Path) -> Notice:
    """The notice in a full-text XML file; InputError for XML that is not well formed,
    declares entities, or is not one Federal Register document."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise _refuse(name, f"cannot read it ({exc.strerror})") from None
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        message = f"not well-formed XML ({exc.msg}); download the document again"
        raise _refuse(name, message, exc.lineno or None) from None
    docinfo = root.getroottree().docinfo
    dtd = docinfo.internalDTD
    declared = dtd is not None and bool(list(dtd.iterentities()))
    # an entity reference is left in the tree only under a DOCTYPE (else it is an error)
    if declared or (docinfo.doctype and any(True for _ in root.iter(etree.Entity))):
        raise _refuse(
            name,
            "declares entities (an XML bomb or an external entity); Federal Register XML "
            "never does: download the document again from federalregister.gov or govinfo.gov",
            1,
        )
    if root.find(".//PRIACT") is None and root.find(".//PREAMB") is None:
        raise _refuse(
            name,
            f"<{root.tag}> is not a Federal Register document (no <PREAMB> nor <PRIACT>); "
            "give the document's full-text XML (full_text_xml_url in the API's JSON)",
            root.sourceline,
        )
    return _notice(name, root)


def _notice(name: str, root: etree._Element) -> Notice:
    notice = Notice(name, "xml")
    for tag, attr in HEADER.items():
        found = root.find(f".//{tag}")
        if found is not None:
            setattr(notice, attr, _text(found))
    notice.agencies = [clean(a.text or "") for a in root.iter("AGENCY") if a.text]
    agy = root.find(".//AGY/P")
    if agy is not None:  # "Department of Homeland Security, U.S. Immigration and ..."
        notice.agencies += [clean(part) for part in _text(agy).rstrip(".").split(", ")]
    frdoc = root.find(".//FRDOC")
    match = FRDOC.search(frdoc.text or "") if frdoc is not None else None
    if match:
        notice.document_number = match.group(1)
    for priact in root.iter("PRIACT"):
        key: str | None = None
        for child in priact:
            if child.tag == "HD":
                key = section_key(_text(child) or "".join(child.itertext()))
                if key:
                    notice.lines.setdefault(key, child.sourceline or 0)
            elif key and child.tag in ("P", "FP", "GPOTABLE", "EXTRACT"):
                notice.add(key, _text(child))
    return notice
