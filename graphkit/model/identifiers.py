"""External identifiers of parties: a UEI, a DUNS number, a CAGE code, USAspending's agency
codes, the Federal Register's agency slug, a Wikidata QID, each with its sources.

The schemes and their patterns are data in :data:`graphkit.model.registry.ID_SCHEMES`.
Imports match parties by identifier before they match names; name lookups and search
find a party by an identifier's value, bare or as ``scheme:value``.

Example:
    >>> Identifier.model_validate({"scheme": "wikidata", "value": "q1", "sources": ["s"]}).key
    'wikidata:Q1'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, Literal, TypeAlias

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from graphkit.model import registry
from graphkit.model.registry import names

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=200)]

if TYPE_CHECKING:
    IdSchemeName: TypeAlias = str
else:
    IdSchemeName = Literal[names(registry.ID_SCHEMES)]


class Identifier(BaseModel):
    """An external identifier of a party, with the sources that give it.

    ``scheme`` is one of :data:`graphkit.model.registry.ID_SCHEMES`; ``value`` must follow
    its pattern (UEI, CAGE, sub-agency codes and Wikidata QIDs are stored in capitals).

    Example:
        >>> Identifier.model_validate({"scheme": "uei", "value": "tjpwm9y4s768",
        ...     "sources": ["src-x"]}).value
        'TJPWM9Y4S768'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    scheme: IdSchemeName
    value: Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
    sources: list[Id] = Field(min_length=1, description="ids of the sources that give it")
    note: str | None = None

    @model_validator(mode="after")
    def _follows_its_scheme(self) -> Identifier:
        scheme = registry.id_scheme(self.scheme)
        value = self.value.upper() if scheme.upper else self.value
        if not re.fullmatch(scheme.pattern, value):
            raise ValueError(
                f"{self.value!r} is not a {self.scheme} identifier ({scheme.description}: "
                f"it matches {scheme.pattern}); copy the value as the register gives it"
            )
        if value != self.value:
            object.__setattr__(self, "value", value)
        return self

    @property
    def key(self) -> str:
        """``scheme:value``, as lookups accept it (``uei:TJPWM9Y4S768``)."""
        return f"{self.scheme}:{self.value}"


def identifier_names(record: object) -> list[str]:
    """The identifier values of a party, bare and as ``scheme:value``; ``[]`` for others."""
    out: list[str] = []
    for ident in getattr(record, "identifiers", ()):
        out += [ident.value, ident.key]
    return out
