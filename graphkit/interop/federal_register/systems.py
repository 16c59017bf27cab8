"""A system of records' number and name as a notice writes them, and resolving the
agency that names it to an existing party.

Example:
    >>> system_number("GSA/OGP-1, e-Rulemaking Program Administrative System.")
    'GSA/OGP-1'
    >>> system_number("DHS/U.S. Immigration and Customs Enforcement (ICE)-011 Criminal "
    ...     "Arrest Records and Immigration Enforcement Records (CARIER)")
    'DHS/ICE-011'
    >>> system_name("GSA/OGP-1, e-Rulemaking Program Administrative System.", "GSA/OGP-1")
    'e-Rulemaking Program Administrative System'
"""

from __future__ import annotations

import re

from graphkit.interop.federal_register.uses import name_forms
from graphkit.interop.seedout import NameIndex

#: "DHS/U.S. Immigration and Customs Enforcement (ICE)-011": the component spelled out.
LONG_FORM = re.compile(r"\b([A-Z]{2,})/[^/()]{3,80}?\(([A-Z]{2,})\)\s*[-\u2013\u2014]\s*(\d+)")
NUMBER = re.compile(
    r"\b([A-Z][A-Za-z0-9]*(?:/[A-Za-z][A-Za-z.&]*)+(?:[-\u2013\u2014][A-Za-z0-9.]+)+"
    r"|[A-Z][A-Za-z]*/[A-Z]+ \d+(?:\.\d+)*"
    r"|\d{2}-\d{4})(?![\w/])"
)


def system_number(text: str) -> str | None:
    """The first system number in ``text`` (dashes written ``-``), or None."""
    text = LONG_FORM.sub(r"\1/\2-\3", text)
    match = NUMBER.search(text)
    return re.sub("[\u2013\u2014]", "-", match.group(1)) if match else None


def system_name(text: str, number: str) -> str:
    """The system's name: its SYSTEM NAME paragraph without the number."""
    text = LONG_FORM.sub(r"\1/\2-\3", text)
    text = re.sub("[\u2013\u2014]", "-", text).replace(number, " ", 1)
    return re.sub(r"^[\s,:;.\-]+|[\s,.;]+$", "", " ".join(text.split())) or number


def resolve(index: NameIndex, names: list[str]) -> str | None:
    """The one agency or vendor the first resolvable name is (each in its forms)."""
    for name in names:
        for form in name_forms(name):
            found = index.find(form, ("agency", "vendor"))
            if len(found) == 1:
                return found[0]
    return None


def custodian_names(number: str, agencies: list[str]) -> list[str]:
    """Names to try for a system's custodian, most specific first: the number's
    components ("DHS/USCIS-ICE-CBP-001" gives USCIS, then DHS), then the notice's
    agencies from the last named (a component) to the first (its department)."""
    head = number.split(" ")[0]
    parts = head.split("/")
    component = re.split(r"[-]", parts[-1])[0] if len(parts) > 1 else ""
    return [n for n in (component, *parts[:-1], *reversed(agencies)) if n]
