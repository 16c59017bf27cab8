"""The data model, defined once.

The models' choices (kinds, roles, statuses, confidence) are data in
:mod:`graphkit.model.registry`; the ``Literal`` types below are built from it. Everything
else derives from these models: seed validation, the JSON Schema that
``graphkit schema`` prints, the schema page in the docs and the Neo4j labels,
constraints and indexes (see :data:`LABELS`, and
:func:`graphkit.backends.neo4j.queries.schema_statements`).

Example:
    >>> Agency.model_validate({"id": "irs", "name": "Internal Revenue Service",
    ...     "kind": "federal", "sources": ["src-x"], "confidence": "primary_document"}).name
    'Internal Revenue Service'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeAlias

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    WithJsonSchema,
    create_model,
    model_validator,
)

from graphkit.errors import DateError
from graphkit.model import registry
from graphkit.model.dates import AnyDate, PartialDate, parse_date
from graphkit.model.identifiers import Identifier, identifier_names
from graphkit.model.registry import names

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=200)]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
#: Names and titles are indexed in Neo4j, whose index keys hold about 8 KB: 2,000
#: characters is safe in any script (up to 4 bytes each in UTF-8).
Name = Annotated[str, StringConstraints(min_length=1, max_length=2000, strip_whitespace=True)]
#: http(s), no white space, no control or bidirectional-text characters.
Url = Annotated[
    str,
    StringConstraints(
        pattern=r"^https?://[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]+$",
        max_length=2000,
    ),
]
#: A finite number: Infinity and NaN are not amounts, and JSON cannot carry them.
Finite = Annotated[float, Field(allow_inf_nan=False)]


def _parse_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    date = parse_date(value)
    if not isinstance(date, PartialDate):
        raise DateError(
            f"{str(value).strip()!r} is a bound, and this field takes a plain date "
            "(YYYY-MM-DD, YYYY-MM or YYYY): write an uncertain start or end as a status event"
        )
    return date


_PLAIN_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
#: A plain date: exact or partial (``2025-07-14``, ``2025-06``, ``2025``).
PlainDate = Annotated[
    PartialDate,
    BeforeValidator(_parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": rf"^{_PLAIN_DATE}$"}),
]
#: A plain date or an EDTF bound (``../2018-06``, ``2024-06/..``, ``2025-06-10/2025-06-20``,
#: ``2025-06~``, ``2025-06?``): see graphkit.model.dates and docs/semantics.md.
Date = Annotated[
    AnyDate,
    BeforeValidator(parse_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": rf"^({_PLAIN_DATE}|\.\./{_PLAIN_DATE}|{_PLAIN_DATE}/\.\."
            rf"|{_PLAIN_DATE}/{_PLAIN_DATE}|{_PLAIN_DATE}[~?%])$",
        }
    ),
]

if TYPE_CHECKING:  # the choices are data (graphkit.model.registry), checked at run time
    Confidence: TypeAlias = str
    AgencyKind: TypeAlias = str
    VendorKind: TypeAlias = str
    AgreementKind: TypeAlias = str
    Role: TypeAlias = str
    Status: TypeAlias = str
    AmountKind: TypeAlias = str
else:
    Confidence = Literal[names(registry.CONFIDENCE)]
    AgencyKind = Literal[names(registry.AGENCY_KINDS)]
    VendorKind = Literal[names(registry.VENDOR_KINDS)]
    AgreementKind = Literal[names(registry.AGREEMENT_KINDS)]
    Role = Literal[names(registry.ROLES)]
    Status = Literal[names(registry.STATUSES)]
    AmountKind = Literal[names(registry.AMOUNT_KINDS)]

# The registry's derived sets, where code has always imported them from.
CARRYING_STATUSES = registry.CARRYING_STATUSES
CONFIDENCE_ORDER = registry.CONFIDENCE_ORDER
#: How well an answer is evidenced on the date asked, strongest first (uncertain and
#: undated agreements are listed apart, never graded).
EVIDENCE_ORDER = registry.EVIDENCE_ORDER
#: What an agreement's sources show: data moving (``transfer``), or only a published
#: permission or self-declaration (``declared``: a routine use, a registry answer).
if TYPE_CHECKING:
    Basis: TypeAlias = str
else:
    Basis = Literal[names(registry.BASES)]
SENDING_ROLES = registry.SENDING_ROLES
RECEIVING_ROLES = registry.RECEIVING_ROLES
VIA_ROLES = registry.VIA_ROLES
KIND_NAMES = registry.KIND_NAMES
LABEL_OF_KIND = registry.LABEL_OF_KIND
KIND_OF_LABEL = registry.KIND_OF_LABEL
PARTY_LABELS = registry.PARTY_LABELS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Cited(_Model):
    """Anything that is claimed: it names its sources and how sure they are."""

    sources: list[Id] = Field(min_length=1, description="ids of the sources that support it")
    confidence: Confidence


class Claim(Cited):
    """One sourced fact about an entity that has no field of its own."""

    field: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$")]
    value: str | int | Finite
    as_of: Date | None = None
    note: str | None = None


#: What a source's address holds when it is not the publisher's own page
#: (:data:`graphkit.model.registry.COPY_KINDS`). Answers name the copy and its host
#: ("via a stored re-post on ...").
if TYPE_CHECKING:
    CopyKind: TypeAlias = str
else:
    CopyKind = Literal[names(registry.COPY_KINDS)]


class Source(_Model):
    """A published document that claims cite.

    ``publisher`` is who published it; ``url`` is where graphkit read it. When that
    address is not the publisher's own page, ``copy_kind`` says what it is.
    """

    id: Id
    publisher: Text
    title: Name
    date: Date | None = None
    url: Url
    copy_kind: CopyKind | None = None
    note: str | None = None


class Entity(Cited):
    """Fields shared by agencies, vendors, datasets and agreements."""

    id: Id
    name: Name
    aliases: list[Text] = []
    description: str | None = None
    claims: list[Claim] = []


class Party(Entity):
    """An agency or vendor: a party to agreements, with its external identifiers
    (:class:`~graphkit.model.identifiers.Identifier`)."""

    identifiers: list[Identifier] = []
    #: Its own website, as a source gives it (an FtM ``website``).
    website: Url | None = None

    def lookup_names(self) -> list[str]:
        """Its name, aliases and identifiers (bare and as ``scheme:value``): what finds it.

        Example:
            >>> Vendor.model_validate({"id": "v", "name": "V", "kind": "other",
            ...     "identifiers": [{"scheme": "cage", "value": "1abc2", "sources": ["s"]}],
            ...     "sources": ["s"], "confidence": "primary_document"}).lookup_names()
            ['V', '1ABC2', 'cage:1ABC2']
        """
        return [self.name, *self.aliases, *identifier_names(self)]


class Agency(Party):
    """A public body: a department, a component, a court, a state network."""

    kind: AgencyKind
    parent: Id | None = None
    jurisdiction: str | None = None


class Vendor(Party):
    """A company: a data broker, a surveillance-tech firm, a reseller."""

    kind: VendorKind
    parent: Id | None = None


class Dataset(Entity):
    """A body of records about people, held by a custodian.

    A Privacy Act system of records also carries its number (``DHS/ICE-011``, also kept
    among its aliases, so name lookups find it), the categories of individuals it covers
    and its record sources, as its notice states them; ``fields`` holds its categories
    of records.
    """

    custodian: Id
    derived_from: list[Id] = []
    fields: list[str] = []
    system_number: Text | None = None
    individuals: list[str] = []
    record_sources: list[str] = []

    @model_validator(mode="before")
    @classmethod
    def _number_is_an_alias(cls, data: Any) -> Any:
        number = data.get("system_number") if isinstance(data, dict) else None
        if isinstance(number, str) and number not in (data.get("aliases") or []):
            data = {**data, "aliases": [*(data.get("aliases") or []), number]}
        return data


class PartyRole(_Model):
    """A party to an agreement and its role in the data flow."""

    party: Id
    role: Role


class StatusEvent(Cited):
    """A change of an agreement's status on a date."""

    date: Date
    status: Status
    by: Id | None = None
    note: str | None = None


class Evidence(Cited):
    """A dated piece of evidence about an agreement: the last date a source shows it in
    force (``last_evidenced``), or the end of its reported term (``term_end``).

    A report published while the agreement was in use counts for its publication date.
    A partial date counts through the end of its period (``2018``: through 2018-12-31).
    """

    date: PlainDate
    note: str | None = None


class Amount(Cited):
    """A reported amount of money, as reported.

    Only an ``obligated`` amount may be negative: a de-obligation larger than what was
    left (USAspending reports such award totals below zero); answers say it is
    de-obligated. Any other kind is a size, never below zero.
    """

    value: Finite
    currency: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] = "USD"
    kind: AmountKind
    note: str | None = None

    @model_validator(mode="after")
    def _negative_only_when_deobligated(self) -> Amount:
        if self.value < 0 and self.kind not in registry.SIGNED_AMOUNT_KINDS:
            raise ValueError(
                f"{self.value:g} is below zero, and a {self.kind} amount cannot be; only "
                f"{' or '.join(sorted(registry.SIGNED_AMOUNT_KINDS))} amounts may be (a "
                "de-obligation): write the amount as reported, or use kind obligated"
            )
        return self


if TYPE_CHECKING:
    StandardUse: TypeAlias = str
else:
    StandardUse = Literal[names(registry.STANDARD_ROUTINE_USES)]


class RoutineUse(_Model):
    """Which routine use of a system-of-records notice an agreement is.

    ``number`` is its letter or number as the notice gives it ("G", "12"); ``standard``
    tags the boilerplate uses nearly every notice carries
    (:data:`graphkit.model.registry.STANDARD_ROUTINE_USES`); ``quote`` is a short quoted
    phrase at most (paraphrase in ``terms.purpose``).
    """

    number: Text
    standard: StandardUse | None = None
    quote: str | None = None


class Terms(_Model):
    """What an agreement allows: free text, paraphrased."""

    purpose: str | None = None
    legal_basis: str | None = None
    caps: str | None = None
    note: str | None = None


class Agreement(Entity):
    """A contract, MOU, routine use, network access...: a node linking parties to datasets."""

    kind: AgreementKind
    parties: list[PartyRole] = Field(min_length=1)
    datasets: list[Id] = []
    signed: Date | None = None
    #: Plain dates: an uncertain start or end is written as a dated status event.
    effective_from: PlainDate | None = None
    effective_to: PlainDate | None = None
    status: list[StatusEvent] = []
    #: ``declared``: the sources publish a permission or a self-declaration and none shows
    #: data carried; graded ``declared`` until a ``last_evidenced`` shows a transfer.
    #: Unset (or ``transfer``): the sources report data moving.
    basis: Basis | None = None
    #: False when the first dated event shows the agreement already in force and when it
    #: began is not reported: before that event its status is unknown ("undated"), not "no".
    start_known: bool = True
    #: The latest date a source shows the agreement in force, and that source.
    last_evidenced: Evidence | None = None
    #: The end of a reported term (a base year, a five-year contract): evidenced through
    #: it; afterwards presumed, since options or renewals are not reported.
    term_end: Evidence | None = None
    amounts: list[Amount] = []
    terms: Terms | None = None
    #: Set on a ``routine_use`` agreement: its letter or number, whether it is standard.
    routine_use: RoutineUse | None = None


_MODELS: dict[str, type[_Model]] = {
    m.__name__: m for m in (Source, Agency, Vendor, Dataset, Agreement)
}
#: Seed-file key -> (model, Neo4j label). The order is the load order.
KINDS: dict[str, tuple[type[_Model], str]] = {
    kind.key: (_MODELS[kind.label], kind.label) for kind in registry.RECORD_KINDS
}
#: The allow-list of node labels. Cypher never takes a label from anywhere else.
LABELS: tuple[str, ...] = ("Entity", "Party", *(label for _, label in KINDS.values()))
#: The allow-list of relationship types (see docs/schema.md).
REL_TYPES: tuple[str, ...] = (
    "PARTY_TO",
    "COVERS",
    "CUSTODIAN_OF",
    "DERIVED_FROM",
    "PART_OF",
    "CITES",
    "FLOWS",
    "IN_STATE",
)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a seed file, printed by ``graphkit schema``.

    Example:
        >>> sorted(json_schema()["properties"])
        ['agencies', 'agreements', 'datasets', 'sources', 'vendors']
    """

    fields: dict[str, Any] = {
        key: (list[model], [])  # type: ignore[valid-type]
        for key, (model, _) in KINDS.items()
    }
    seed_file = create_model("SeedFile", __base__=_Model, **fields)
    schema = seed_file.model_json_schema()
    schema["title"] = "graphkit seed file"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
