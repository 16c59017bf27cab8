"""Synthetic notices built from a real one, for the import benchmark and the tests of
versions: each is a copy of a real full-text XML notice (and its API JSON) with its
system number, document number and dates changed, nothing else.

Notice ``i`` describes system ``i % systems`` (``GSA/SYN-<k>`` for the GSA template),
version ``i // systems``; each version is published a year after the one before, so
every system's later versions supersede its earlier ones. With ``agencies`` above one,
system ``k`` is numbered ``SYNA<k % agencies>/SYN-<k>`` instead, so that its custodian
is one of that many agencies (:func:`agency_seeds` writes them).

Example:
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     files = write_notices("tests/fixtures/federal_register/2019-21885.xml", tmp, 4, 2)
    ...     [Path(f).name for f in files][:4]
    ['2019-00000.xml', '2019-00000.json', '2019-00001.xml', '2019-00001.json']
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from graphkit.interop.federal_register.notice import MONTHS, word_dates
from graphkit.interop.federal_register.systems import system_number
from graphkit.interop.federal_register.xmlread import FRDOC


def _words(day: dt.date) -> str:
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def agency_seeds(path: str | Path, agencies: int, source: str) -> None:
    """Write a seed file of the ``agencies`` custodians ``write_notices`` numbers systems
    after (``SYNA0``...), citing the existing source ``source``."""
    rows = "".join(
        f"  - id: syna{a}\n    name: Synthetic Agency {a}\n    aliases: [SYNA{a}]\n"
        f"    kind: federal\n    sources: [{source}]\n    confidence: unconfirmed\n"
        for a in range(agencies)
    )
    Path(path).write_text(f"# Synthetic (not facts): benchmark custodians.\nagencies:\n{rows}")


def write_notices(
    template: str | Path, folder: str | Path, count: int, systems: int = 1000, agencies: int = 1
) -> list[Path]:
    """Write ``count`` notices (XML and JSON each) made from ``template`` into ``folder``;
    returns the files, XML then JSON for each notice."""
    text = Path(template).read_text(encoding="utf-8")
    dates_block = re.search(r"<DATES>.*?</DATES>", text, re.S)
    frdoc = FRDOC.search(text)
    number = system_number(text[text.find("<PRIACT>") :])
    if dates_block is None or frdoc is None or number is None:
        raise ValueError(f"{template}: not a SORN with DATES, FRDOC and a system number")
    first = word_dates(dates_block.group(0))
    start = first[0] if first else dt.date(2019, 1, 7)
    shift = {d: (d - start).days for d in first}
    prefix = number.split("/")[0]
    out_dir = Path(folder)
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    for i in range(count):
        system, version = i % systems, i // systems
        published = start + dt.timedelta(days=365 * version + system % 200)
        doc = f"{published.year}-{i:05d}"
        block = dates_block.group(0)
        for day, offset in shift.items():
            block = block.replace(_words(day), _words(published + dt.timedelta(days=offset)))
        body = text.replace(dates_block.group(0), block).replace(frdoc.group(1), doc)
        owner = prefix if agencies <= 1 else f"SYNA{system % agencies}"
        body = body.replace(number, f"{owner}/SYN-{system}")
        xml_path, json_path = out_dir / f"{doc}.xml", out_dir / f"{doc}.json"
        xml_path.write_text(body, encoding="utf-8")
        meta = {
            "document_number": doc,
            "publication_date": published.isoformat(),
            "html_url": f"https://example.org/synthetic-notice/{doc}",  # not a real page
        }
        json_path.write_text(json.dumps(meta), encoding="utf-8")
        files += [xml_path, json_path]
    return files
