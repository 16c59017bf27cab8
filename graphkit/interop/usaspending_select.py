"""Which datasets an award moves: the ``--datasets`` map of a USAspending import.

A download does not say which datasets an award moves; a person does, in a YAML map.
Each rule selects awards by vendor id, PIID, product/service code (``psc``), NAICS code
or a description pattern (a regular expression, case-insensitive, searched in the
award's description), and names the datasets they move; an award moves the datasets of
every rule it matches. The older form, ``vendor-id: [dataset ids]``, is a vendor rule::

    select:
      - {piid: 70CDCR18P00000017, datasets: [vigilant-lpr-database]}
      - {psc: D317, naics: "519190", datasets: [clear-records]}   # both must hold
      - {description: "license plate", datasets: [vigilant-lpr-database]}
    west-publishing: [clear-records]                              # a vendor rule

Example:
    >>> rule = Rule((("psc", "D317"), ("description", "PLATE")))
    >>> rule.selects({"product_or_service_code": "D317",
    ...     "prime_award_base_transaction_description": "LICENSE PLATE READER"}, "v")
    True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from graphkit.errors import InputError, Problem

#: A rule's keys and the download column each one reads (``vendor`` is the vendor's id).
SELECTORS = {
    "vendor": "",
    "piid": "award_id_piid",
    "psc": "product_or_service_code",
    "naics": "naics_code",
    "description": "prime_award_base_transaction_description",
}
#: Columns an award's description may be in (summary download, transaction download).
DESCRIPTIONS = ("prime_award_base_transaction_description", "transaction_description")
FIX = (
    "write 'select: [{piid|psc|naics|description|vendor: ..., datasets: [ids]}]' "
    "or 'vendor-id: [dataset-id, ...]'"
)


@dataclass(frozen=True)
class Rule:
    """Conditions that must all hold (key, value), and the datasets they give."""

    conditions: tuple[tuple[str, str], ...]
    datasets: tuple[str, ...] = ()
    line: int | None = None
    pattern: re.Pattern[str] | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        for key, value in self.conditions:
            if key == "description":
                object.__setattr__(self, "pattern", re.compile(value, re.IGNORECASE))

    def selects(self, row: dict[str, str], vendor: str) -> bool:
        """Whether an award (its row, its vendor's id) meets every condition."""
        for key, value in self.conditions:
            if key == "vendor":
                ok = vendor == value
            elif key == "description":
                assert self.pattern is not None
                ok = any(self.pattern.search(row.get(c, "")) for c in DESCRIPTIONS)
            else:
                ok = row.get(SELECTORS[key], "").strip().upper() == value.strip().upper()
            if not ok:
                return False
        return True


def read_dataset_map(path: str | Path) -> list[Rule]:
    """The rules of a ``--datasets`` map; InputError naming line and field."""
    from graphkit.ingest.yamlfile import read_yaml_file

    name = str(path)
    data, lines = read_yaml_file(path, "--datasets")
    if not isinstance(data, dict):
        raise InputError([Problem(name, 1, "", f"a dataset map is a mapping; {FIX}")])
    rules: list[Rule] = []
    problems: list[Problem] = []
    for key, value in data.items():
        if key == "select" and isinstance(value, list):
            for n, item in enumerate(value):
                rule = _rule(item, lines.get(("select", n)))
                if isinstance(rule, str):
                    problems.append(Problem(name, lines.get(("select", n)), f"select.{n}", rule))
                else:
                    rules.append(rule)
        elif isinstance(value, list) and all(isinstance(v, str) for v in value):
            rules.append(Rule((("vendor", str(key)),), tuple(value), lines.get((key,))))
        else:
            problems.append(Problem(name, lines.get((key,)), str(key), f"not a list of ids; {FIX}"))
    if problems:
        raise InputError(problems)
    return rules


def _rule(item: object, line: int | None) -> Rule | str:
    """A rule, or what is wrong with it."""
    if not isinstance(item, dict):
        return f"not a mapping; {FIX}"
    datasets = item.get("datasets")
    if not isinstance(datasets, list) or not all(isinstance(d, str) for d in datasets):
        return f"datasets is not a list of ids; {FIX}"
    unknown = sorted(str(k) for k in item if k != "datasets" and k not in SELECTORS)
    if unknown:
        return f"unknown key {unknown[0]!r}; {FIX}"
    conditions = tuple((str(k), str(v)) for k, v in item.items() if k in SELECTORS)
    if not conditions:
        return f"selects nothing: name a piid, psc, naics, description or vendor; {FIX}"
    try:
        return Rule(conditions, tuple(datasets), line)
    except re.error as exc:
        return f"description is not a regular expression ({exc}); escape special characters"


def datasets_for(rules: list[Rule], row: dict[str, str], vendor: str) -> list[str]:
    """The datasets of every rule the award meets, in rule order, each once."""
    out: dict[str, None] = {}
    for rule in rules:
        if rule.selects(row, vendor):
            out.update(dict.fromkeys(rule.datasets))
    return list(out)
