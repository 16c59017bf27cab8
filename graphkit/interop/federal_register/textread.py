"""The HTML and plain-text renderings of a notice: govinfo.gov's text
(``FR-2015-04-30/html/2015-09615.htm``: the printed page in a ``<pre>``, with the
``[FR Doc No: ...]`` and ``[Federal Register Volume 80, Number 83 (Thursday, April 30,
2015)]`` lines) and federalregister.gov's document pages (headings as ``<h2>``/``<h3>``,
paragraphs as ``<p>``).

Headings are lines in capitals ending in a colon ("DATES:", "ROUTINE USES OF RECORDS
MAINTAINED IN THE SYSTEM, INCLUDING CATEGORIES OF USERS AND PURPOSES OF SUCH USES:"),
maybe wrapped over lines, maybe followed by the section's first words on the same line.

Example:
    >>> notice = read_text("tests/fixtures/federal_register/2015-09615.txt")
    >>> notice.document_number, notice.citation, str(notice.publication_date)
    ('2015-09615', '80 FR 24269', '2015-04-30')
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

from graphkit.errors import InputError, Problem
from graphkit.interop.federal_register.notice import (
    Notice,
    clean,
    section_key,
    word_dates,
)

#: A heading line: capitals (and the punctuation headings use), then a colon.
HEADING = re.compile(r"^\s*([A-Z][A-Z0-9 ,()/'’\-–—]{2,}?):\s*(.*)$")
#: A line that may be the first line of a wrapped heading.
CAPS_LINE = re.compile(r"^\s*[A-Z][A-Z0-9 ,()/'’\-–—]{10,}\s*$")
DOC_LINE = re.compile(r"\[FR Doc(?:\.| No:)\s*([0-9A-Z]+-[0-9]+(?:-[0-9]+)?)")
VOLUME = re.compile(r"Federal Register Volume (\d+), Number \d+ \((\w+day, [A-Za-z]+ \d+, \d{4})\)")
PAGES = re.compile(r"\[Pages? (\d+)")
HEADER_KEYS = {"AGENCY": "agency", "ACTION": "action", "SUMMARY": "summary", "DATES": "dates"}
BLOCKS = {"p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "pre", "section"}


class _Text(HTMLParser):
    """Text of an HTML page: one line per block, scripts and styles left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "nav", "header", "footer"):
            self.skip += 1
        if tag == "pre":
            self.pre += 1
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "nav", "header", "footer"):
            self.skip = max(0, self.skip - 1)
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data if self.pre else " ".join(data.split(" ")))


def html_text(html: str) -> str:
    """The text of an HTML rendering, a block per paragraph.

    Example:
        >>> html_text("<h2>DATES:</h2><p>Effective <b>June 1, 2015</b>.</p>").split()
        ['DATES:', 'Effective', 'June', '1,', '2015.']
    """
    parser = _Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def read_text(path: str | Path) -> Notice:
    """The notice in an HTML or plain-text rendering; InputError when unreadable."""
    name = str(path)
    try:
        raw = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(
            [Problem(name, None, "file", f"cannot read it ({exc.strerror})")]
        ) from None
    is_html = bool(re.search(r"<(html|body|pre|p|div)\b", raw[:5000], re.I))
    text = html_text(raw) if is_html else raw
    return parse_text(name, text, "html" if is_html else "text")


def _heading_lines(lines: list[str]) -> list[tuple[int, str, str]]:
    """(line number, heading, rest of the line) for each heading, wrapped ones joined."""
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        joined, j = line, i
        while CAPS_LINE.match(joined.split(":")[0]) and ":" not in joined and j + 1 < len(lines):
            j += 1
            joined = f"{joined.strip()} {lines[j].strip()}"
            if j - i > 3:
                break
        match = HEADING.match(joined)
        if match and not re.search(r"[a-z]", match.group(1)):
            out.append((i + 1, clean(match.group(1)), match.group(2)))
            i = j + 1
            continue
        i += 1
    return out


def parse_text(name: str, text: str, rendering: str = "text") -> Notice:
    """A Notice from the text of a rendering (see the module's docstring)."""
    notice = Notice(name, rendering)
    if match := DOC_LINE.search(text):
        notice.document_number = match.group(1)
    if match := VOLUME.search(text):
        dates = word_dates(match.group(2))
        notice.publication_date = dates[0] if dates else None
        if pages := PAGES.search(text):
            notice.citation = f"{match.group(1)} FR {pages.group(1)}"
    # a rule of dashes or equals signs closes the header block it follows
    lines = ["" if re.fullmatch(r"\s*[-=]{5,}\s*", line) else line for line in text.splitlines()]
    heads = _heading_lines(lines)
    if match := re.search(
        r"^\s*(Privacy Act of 1974;.*?)(?:\n\s*\n|\n\s*AGENCY:)", text, re.M | re.S
    ):
        notice.subject = clean(match.group(1))
    for line in lines:
        if re.fullmatch(r"\s*(DEPARTMENT|OFFICE|SOCIAL SECURITY|GENERAL SERVICES)[A-Z ,]*", line):
            notice.agencies.append(
                clean(line).title().replace(" Of ", " of ").replace(" And ", " and ")
            )
            break
    starts = [h[0] for h in heads] + [len(lines) + 1]
    for (line_no, heading, rest), end in zip(heads, starts[1:], strict=False):
        body_lines = [rest, *lines[line_no : end - 1]]
        body = "\n".join(body_lines)
        paragraphs = [p for p in re.split(r"\n\s*\n|\n(?=\s{4,}\S)", body) if p.strip()]
        head_key = HEADER_KEYS.get(heading)
        if head_key == "agency":
            notice.agencies += [clean(p) for p in clean(body).rstrip(".").split(", ")]
        elif head_key:
            setattr(notice, head_key, clean(re.split(r"\n\s*\n", body.strip())[0]))
        elif key := section_key(heading):
            for paragraph in paragraphs:
                notice.add(key, re.sub(r"\[\[Page \d+\]\]", " ", paragraph), line_no)
    return notice


def publication_from_title(text: str) -> dt.date | None:
    """The date in a "Federal Register / Vol. 80, No. 83 / Thursday, April 30, 2015" line."""
    match = re.search(r"Vol\. \d+, No\. \d+ / \w+day, ([A-Za-z]+ \d+, \d{4})", text)
    found = word_dates(match.group(1)) if match else []
    return found[0] if found else None
