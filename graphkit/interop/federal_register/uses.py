"""A notice's routine uses: split into their letters or numbers, the standard ones
recognised (:data:`graphkit.model.registry.STANDARD_ROUTINE_USES`), and the recipient
each names read out of its opening words ("To the Department of Justice...").

Example:
    >>> uses = split_uses(["In addition to those disclosures generally permitted ...",
    ...     "A. To the National Archives and Records Administration (NARA) for records "
    ...     "management inspections.", "B. To any Federal, State, tribal or local law "
    ...     "enforcement agency when a record indicates a violation of law."])
    >>> [(u.number, standard_of(u.text), recipient_phrase(u.text)) for u in uses]
    [('A', 'records_management', 'the National Archives and Records Administration (NARA)'), \
('B', 'law_enforcement_referral', 'any Federal, State, tribal or local law enforcement agency')]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: The letter or number that opens a routine use ("A.", "k.", "12.", "(3)").
MARKER = re.compile(r"^\(?([A-Z]{1,2}|[a-z]{1,2}|\d{1,2})[.)]\s+(?=\S)")
#: The same inside running text (a rendering that lost its paragraph breaks).
INLINE = re.compile(
    r"(?:(?<=[.;:])|(?<=\u201d))\s+\(?([A-Z]{1,2}|\d{1,2})[.)]\s+(?=(?:To|In|For)\b)"
)


@dataclass(frozen=True)
class Use:
    """One routine use: its letter or number and its text (after the marker)."""

    number: str
    text: str


@lru_cache(maxsize=65536)
def _pieces(paragraph: str) -> list[str]:
    """A paragraph cut where a use's letter or number starts inside it."""
    return INLINE.sub(lambda m: f"\n{m.group(1)}. ", paragraph).split("\n")


def split_uses(paragraphs: list[str]) -> list[Use]:
    """The routine uses of a section's paragraphs; the preamble and closing paragraphs
    (with no letter or number) are left out, or joined to the use they continue."""
    pieces = [piece for paragraph in paragraphs for piece in _pieces(paragraph)]
    uses: list[Use] = []
    for piece in pieces:
        match = MARKER.match(piece.strip())
        if match:
            uses.append(Use(match.group(1), piece.strip()[match.end() :].strip()))
        elif uses and not re.match(r"(The|In addition|Pursuant|See)\b", piece.strip()):
            uses[-1] = Use(uses[-1].number, f"{uses[-1].text} {piece.strip()}")
    return uses


#: (tag, pattern) in the order tried: the first that matches tags the use.
STANDARD: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (tag, re.compile(pattern, re.I))
    for tag, pattern in (
        (
            "other_breach",
            r"(another|other) federal agency or federal entity.{0,200}breach"
            r"|assist the recipient agency.{0,80}breach",
        ),
        ("breach", r"suspects? or has confirmed .{0,60}breach|breach of the system of records"),
        ("congress", r"member of congress|congressional office"),
        (
            "records_management",
            r"national archives and records administration|\bNARA\b"
            r"|records management (inspections|purposes)",
        ),
        ("litigation", r"litigation|before any court|adjudicative"),
        (
            "oversight",
            r"office of personnel management|government accountability office"
            r"|office of management and budget|inspector general|\bOMB\b|\bGAO\b",
        ),
        (
            "contractors",
            r"contractors?,? (grantees|experts)|experts?, consultants?,? or "
            r"contractors?|contractors?,? and (others|other agents)|\bcontractor of\b",
        ),
        (
            "law_enforcement_referral",
            r"indicates,? either on its face or .{0,80}violation"
            r"|indicates a (potential )?violation|violation or potential violation",
        ),
        ("personnel", r"security clearance|hiring or retention|issuance of a (grant|license)"),
        ("public_release", r"news media"),
    )
)


@lru_cache(maxsize=65536)  # notices repeat the same boilerplate uses word for word
def standard_of(text: str) -> str | None:
    """The standard routine use a use's text is, or None."""
    for tag, pattern in STANDARD:
        if pattern.search(text):
            return tag
    return None


#: Where the recipient phrase of a use ends: the first of these words.
STOP = re.compile(
    r"\s(?:when|where|if|who|which|that|for|in order|in accordance|in response|in "
    r"connection|in the course|in support|to the extent|pursuant|as|upon|during|with|"
    r"regarding|concerning|in|on|to (?:assist|facilitate|enable|carry|help|support|"
    r"allow|the extent|obtain|verify|determine|investigate|respond|prevent|elicit|"
    r"conduct|perform|enforce|notify|coordinate|protect|ensure|identify))\b|[;:]|(?<![A-Z])\.(?:\s|$)"
)


@lru_cache(maxsize=65536)
def recipient_phrase(text: str) -> str | None:
    """The words naming who a use discloses to ("the Department of Justice (DOJ)"),
    or None when it does not open with "To ...".

    Example:
        >>> recipient_phrase("To the Department of Justice (DOJ), including Offices of the"
        ...     " U.S. Attorneys, when (a) DHS is a party to litigation")
        'the Department of Justice (DOJ), including Offices of the U.S. Attorneys'
    """
    match = re.match(r"To\s+(.*)", text, re.S)
    if not match:
        return None
    rest = match.group(1)
    stop = STOP.search(rest)
    phrase = rest[: stop.start()] if stop else rest
    phrase = re.sub(r"[\s,]+(or|and)$", "", phrase.strip(" ,"))
    return phrase or None


def names_in(phrase: str) -> list[str]:
    """The bodies a recipient phrase lists, split at its commas ("A (AB), C, and D" gives
    three), each without its article; an "including ..." tail is left out.

    Example:
        >>> names_in("the Office of Personnel Management (OPM), OMB, and the Government "
        ...     "Accountability Office (GAO)")
        ['Office of Personnel Management (OPM)', 'OMB', 'Government Accountability Office (GAO)']
    """
    phrase = re.split(r",?\s+including\b", phrase)[0]
    return [p for p in (_bare(part) for part in re.split(r",\s*(?:(?:and|or)\s+)?", phrase)) if p]


def _bare(name: str) -> str:
    return re.sub(r"^(the|an?|any|appropriate)\s+", "", name.strip(), flags=re.I).strip()


def halves(name: str) -> list[str]:
    """A name split at its "and"/"or" ("the IRS and the FBI"), for a name that matches
    no party whole ("National Archives and Records Administration" is tried whole first).

    Example:
        >>> halves("the Social Security Administration or the Internal Revenue Service")
        ['Social Security Administration', 'Internal Revenue Service']
    """
    return [p for p in (_bare(part) for part in re.split(r"\s+(?:and|or)\s+", name)) if p]


def name_forms(name: str) -> list[str]:
    """A name as written and its parts: "Office of Personnel Management (OPM)" gives
    itself, "Office of Personnel Management" and "OPM"."""
    forms = [name]
    match = re.fullmatch(r"([^,()]*?)\s*\(([^,()]+)\)", name)
    if match:
        forms += [match.group(1), match.group(2)]
    return forms


#: Classes of bodies routine uses name, not one body: (id, name, what it covers, pattern).
CATEGORIES: tuple[tuple[str, str, str, re.Pattern[str]], ...] = (
    (
        "category-law-enforcement-agencies",
        "Law enforcement agencies (any level, as a class)",
        "Any Federal, State, tribal, local, territorial, foreign or international law "
        "enforcement agency, or other authority charged with enforcing a law, that a "
        "routine use names as a class rather than by name.",
        re.compile(
            r"law enforcement agenc|charged with (investigating|enforcing|prosecuting)", re.I
        ),
    ),
    (
        "category-public-health-entities",
        "Public health entities (as a class)",
        "Government agencies or public health entities a routine use names as a class, "
        "for continuity of care or public health threats.",
        re.compile(r"public health", re.I),
    ),
    (
        "category-sex-offender-registries",
        "Sex offender registry agencies (as a class)",
        "Agencies operating sex offender registries, named as a class by a routine use.",
        re.compile(r"sex offender regist", re.I),
    ),
    (
        "category-foreign-governments",
        "Foreign governments and international organizations (as a class)",
        "Foreign governments or international organizations a routine use names as a class.",
        re.compile(r"foreign government|international organization", re.I),
    ),
)


@lru_cache(maxsize=65536)
def category_of(text: str) -> tuple[str, str, str] | None:
    """The category party (id, name, description) a recipient phrase names, or None."""
    for ident, name, description, pattern in CATEGORIES:
        if pattern.search(text):
            return ident, name, description
    return None


def standard_party(tag: str, description: str) -> tuple[str, str, str]:
    """The category party standing for the recipients of a standard routine use."""
    label = tag.replace("_", " ")
    return (
        f"category-standard-{tag.replace('_', '-')}",
        f"Recipients of the standard {label} routine use (as a class)",
        f"Whoever the standard '{label}' routine use names: {description}.",
    )
