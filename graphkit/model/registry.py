"""The schema as data: every kind, role, status and level graphkit knows, said once.

Each allowed value is one line here, with what it means. Everything else derives from
this module: the pydantic models' choices (and so ``graphkit schema``), the validation
checks, the reach semantics, the importers' and exporters' maps, the parameters of the
Cypher statements and the CLI's choices. Adding a status, a role or an evidence level is
one line in the tables below (``tests/test_registry.py`` proves it for a status).

- **record kinds**: the five kinds of record a seed file holds, in load order, with the
  seed-file key, the singular name people see, the Neo4j label, whether it is a party,
  and the FollowTheMoney schema it is exported as;
- **agency, vendor, agreement and amount kinds**: the ``kind`` choices of each record;
- **roles**: what a party does in an agreement's data flow (``sends``, ``receives``,
  ``via``: data passes through it, ``signs``: it moves no data);
- **statuses**: the status events of an agreement, each with ``carries`` (data moves
  under it), ``stops`` (it ends something that ran: as the first dated event it means
  the agreement ran before, from a date no source gives), ``blocks`` (an answer names
  the agreement as reported but not carrying on the date) and ``replaced`` (a later
  version replaced it);
- **derived states**: what a date can make of an agreement besides its events
  (``not_started``, ``undated``), with ``blocks`` as above;
- **bases**: what an agreement's sources show (data moving, or only a declaration);
- **identifier schemes**: the registers a party's external identifiers come from (UEI,
  DUNS, CAGE, USAspending's agency codes, the Federal Register's slug, Wikidata), each
  with the pattern its values follow;
- **copy kinds**: what a source's address holds when it is not the publisher's page;
- **confidence** and **evidence** levels, strongest first.

Example:
    >>> sorted(CARRYING_STATUSES)
    ['active', 'limited']
    >>> status("enjoined").stops, status("proposed").stops
    (True, False)
    >>> KIND_NAMES["agencies"], LABEL_OF_KIND["agency"]
    ('agency', 'Agency')
    >>> EVIDENCE_ORDER
    ('evidenced', 'presumed', 'declared')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Flow = Literal["sends", "receives", "via", "signs"]


@dataclass(frozen=True)
class Term:
    """One allowed value of a field, and what it means to people."""

    name: str
    description: str


@dataclass(frozen=True)
class Status(Term):
    """An agreement status: whether data moves under it, whether it stops what ran,
    whether answers name an agreement in it as blocked, and whether it means the
    agreement was replaced by a later version (answers then say the later one may grant
    the same)."""

    carries: bool = False
    stops: bool = False
    blocks: bool = True
    replaced: bool = False


@dataclass(frozen=True)
class Role(Term):
    """A party's role in an agreement and which way data goes for it."""

    flow: Flow = "signs"


@dataclass(frozen=True)
class IdScheme(Term):
    """A register of identifiers for parties: what a value of it looks like (``pattern``,
    a regular expression the whole value matches, after ``upper`` case-folds it)."""

    pattern: str = ""
    #: Values are written in capitals (``upper``): ``tjpwm9y4s768`` is stored ``TJPWM9Y4S768``.
    upper: bool = False


@dataclass(frozen=True)
class RecordKind(Term):
    """A kind of record: seed-file ``key``, singular ``name``, Neo4j ``label``."""

    key: str = ""
    label: str = ""
    #: How messages name one: "an agency".
    article: str = ""
    #: An agency or vendor: a party to agreements (Neo4j label ``Party``).
    party: bool = False
    #: The FollowTheMoney schema it is exported as.
    ftm: str = ""
    #: The seed file an import writes it to.
    seed_file: str = ""
    #: Drawn as a node in views of the graph (agreements are drawn as the flows they make).
    drawn: bool = False


# fmt: off
RECORD_KINDS: tuple[RecordKind, ...] = (
    RecordKind("source", "a published document that claims cite",
               key="sources", label="Source", article="a source", ftm="Article",
               seed_file="sources.yaml"),
    RecordKind("agency", "a public body: a department, a component, a court, a network",
               key="agencies", label="Agency", article="an agency", party=True,
               ftm="PublicBody", seed_file="parties.yaml", drawn=True),
    RecordKind("vendor", "a company: a data broker, a surveillance-tech firm, a reseller",
               key="vendors", label="Vendor", article="a vendor", party=True,
               ftm="Company", seed_file="parties.yaml", drawn=True),
    RecordKind("dataset", "a body of records about people, held by a custodian",
               key="datasets", label="Dataset", article="a dataset", ftm="Table",
               seed_file="datasets.yaml", drawn=True),
    RecordKind("agreement", "a contract, MOU, routine use...: links parties to datasets",
               key="agreements", label="Agreement", article="an agreement", ftm="Contract",
               seed_file="agreements.yaml"),
)
#: How messages name a party of either kind.
PARTY_ARTICLE = "an agency or vendor"

AGENCY_KINDS: tuple[Term, ...] = (
    Term("federal", "a federal department or independent agency"),
    Term("component", "a part of another agency"),
    Term("state", "a state agency"),
    Term("local", "a city or county body, a local police department"),
    Term("court", "a court"),
    Term("legislature", "a legislature or one of its bodies"),
    Term("oversight", "an inspector general, an auditor, a privacy board"),
    Term("network", "a network run by or for agencies (Nlets...)"),
    Term("category", "a class of bodies a notice names, not one body ('any federal, state "
         "or local law enforcement agency'); its description says what it covers"),
    Term("other", "any other public body"),
)
VENDOR_KINDS: tuple[Term, ...] = (
    Term("data_broker", "sells records about people"),
    Term("surveillance_tech", "sells surveillance tools"),
    Term("analytics", "analyses data for its clients"),
    Term("reseller", "resells another company's data or access"),
    Term("contractor", "builds or runs systems for government"),
    Term("consortium", "a group of companies or bodies"),
    Term("other", "any other company"),
)
AGREEMENT_KINDS: tuple[Term, ...] = (
    Term("contract", "a procurement contract or order"),
    Term("mou", "a memorandum of understanding"),
    Term("information_exchange_agreement", "an information exchange agreement"),
    Term("data_exchange_agreement", "a data exchange agreement"),
    Term("computer_matching_agreement", "a Privacy Act computer matching agreement"),
    Term("routine_use", "a Privacy Act routine use in a system of records notice"),
    Term("public_notice", "a public notice that announces a disclosure"),
    Term("network_access", "access to a network and what it holds"),
    Term("pilot", "a pilot or trial"),
    Term("informal_lookups", "lookups made without a written agreement"),
    Term("license", "a data or software license"),
    Term("directive", "an order or directive"),
    Term("commercial_supply", "a commercial subscription or supply"),
    Term("contract_vehicle", "an indefinite-delivery vehicle (IDV: an IDC, a BPA, a "
         "GWAC...) that orders are placed under; it moves no data itself, its orders do"),
)
AMOUNT_KINDS: tuple[Term, ...] = (
    Term("obligated", "money obligated; below zero when more was de-obligated than was left"),
    Term("total_value", "the total value reported"),
    Term("ceiling", "the most that may be spent"),
    Term("per_vendor_ceiling", "the most one vendor may be paid"),
    Term("paid", "money paid"),
    Term("annual", "a yearly amount"),
    Term("other", "any other amount"),
)
ROLES: tuple[Role, ...] = (
    Role("provider", "data leaves from it", flow="sends"),
    Role("recipient", "data arrives at it", flow="receives"),
    Role("reseller", "data passes through it, for sale", flow="via"),
    Role("intermediary", "data passes through it", flow="via"),
    Role("signatory", "signs, moves no data", flow="signs"),
)
STATUSES: tuple[Status, ...] = (
    Status("proposed", "announced, not in force"),
    Status("active", "in force: data moves", carries=True, blocks=False),
    Status("limited", "in force with limits: data moves", carries=True, blocks=False),
    Status("paused", "stopped for now", stops=True),
    Status("suspended", "stopped by a party or an authority", stops=True),
    Status("enjoined", "stopped by a court", stops=True),
    Status("rescinded", "withdrawn", stops=True),
    Status("expired", "past its end", stops=True),
    Status("superseded", "replaced by a later version (a notice that modifies it)",
           stops=True, replaced=True),
    Status("terminated", "ended", stops=True),
)
#: States an agreement can be in on a date that no status event names.
DERIVED_STATES: tuple[Status, ...] = (
    Status("not_started", "its first carrying event or effective_from is later"),
    Status("undated", "reported, but when it ran is unknown", blocks=False),
    Status("uncertain", "in a bounded or approximate event's window: may or may not hold",
           blocks=False),
)
#: What an agreement's sources show.
BASES: tuple[Term, ...] = (
    Term("transfer", "data moving"),
    Term("declared", "only a published permission or self-declaration (a routine use)"),
)
#: The routine uses nearly every system-of-records notice carries: tagged, counted in
#: answers ("and 9 standard routine uses"), not listed as recipients unless asked.
STANDARD_ROUTINE_USES: tuple[Term, ...] = (
    Term("litigation", "to the Department of Justice, a court or counsel in litigation"),
    Term("congress", "to a Member of Congress acting on the individual's behalf"),
    Term("records_management", "to NARA or GSA for records management inspections"),
    Term("breach", "to respond to a suspected or confirmed breach of the system"),
    Term("other_breach", "to help another agency respond to its own breach"),
    Term("contractors", "to contractors and others working for the agency on the system"),
    Term("oversight", "to OMB, OPM, GAO, inspectors general or auditors for oversight"),
    Term("law_enforcement_referral", "to the agency charged with enforcing a law the "
         "records show may be violated"),
    Term("personnel", "for hiring, security clearance, grant or contract decisions"),
    Term("public_release", "to the news media or public, with approval, in the public "
         "interest"),
    Term("other", "another boilerplate routine use"),
)
#: External identifiers of agencies and vendors (``identifiers: [{scheme, value, sources}]``):
#: imports match parties by them before names, and name lookups find a party by them.
ID_SCHEMES: tuple[IdScheme, ...] = (
    # GSA's UEI standard: 12 characters, no letter O or I, the first not zero.
    IdScheme("uei", "SAM.gov Unique Entity ID (USAspending's recipient_uei)",
             pattern=r"[1-9A-HJ-NP-Z][0-9A-HJ-NP-Z]{11}", upper=True),
    IdScheme("duns", "legacy DUNS number, which the UEI replaced (recipient_duns)",
             pattern=r"[0-9]{9}"),
    IdScheme("cage", "Commercial and Government Entity code", pattern=r"[A-Z0-9]{5}",
             upper=True),
    IdScheme("usaspending_agency", "USAspending toptier agency code (awarding_agency_code)",
             pattern=r"[0-9]{3,4}"),
    IdScheme("usaspending_subagency", "USAspending sub-agency code "
             "(awarding_sub_agency_code)", pattern=r"[0-9A-Z]{4}", upper=True),
    IdScheme("federal_register_agency", "the Federal Register's agency slug "
             "(federalregister.gov/agencies/<slug>)", pattern=r"[a-z0-9]+(-[a-z0-9]+)*"),
    IdScheme("wikidata", "a Wikidata item", pattern=r"Q[1-9][0-9]*", upper=True),
)
#: What a source's address holds when it is not the publisher's own page.
COPY_KINDS: tuple[Term, ...] = (
    Term("re_post", "the article stored on another site"),
    Term("syndicated_copy", "a wire or syndicated copy another outlet ran"),
    Term("summary", "a stored summary of it"),
    Term("archive_copy", "a copy of a document (a mirror of a government page, DocumentCloud)"),
)
CONFIDENCE: tuple[Term, ...] = (
    Term("primary_document", "the document itself"),
    Term("multiple_outlets", "reported by more than one outlet"),
    Term("single_outlet", "reported by one outlet"),
    Term("unconfirmed", "not confirmed"),
)
EVIDENCE: tuple[Term, ...] = (
    Term("evidenced", "a source shows it carrying data on the date"),
    Term("presumed", "no end reported since the last evidence of it"),
    Term("declared", "only a published permission or self-declaration shows it"),
)
# fmt: on


def names(terms: tuple[Term, ...]) -> tuple[str, ...]:
    """The names of terms, in order.

    Example:
        >>> names(ROLES)
        ('provider', 'recipient', 'reseller', 'intermediary', 'signatory')
    """
    return tuple(term.name for term in terms)


def status(name: str) -> Status:
    """The status (or derived state) of this name; KeyError when there is none."""
    for item in (*STATUSES, *DERIVED_STATES):
        if item.name == name:
            return item
    raise KeyError(name)


def replaced(name: str) -> bool:
    """Whether the status of this name means a later version replaced the agreement
    (False for a name that is no status).

    Example:
        >>> replaced("superseded"), replaced("terminated"), replaced("undated")
        (True, False, False)
    """
    return any(item.name == name and item.replaced for item in STATUSES)


def id_scheme(name: str) -> IdScheme:
    """The identifier scheme of this name; KeyError when there is none.

    Example:
        >>> id_scheme("uei").upper, id_scheme("duns").pattern
        (True, '[0-9]{9}')
    """
    for scheme in ID_SCHEMES:
        if scheme.name == name:
            return scheme
    raise KeyError(name)


def roles_that(flow: Flow) -> frozenset[str]:
    """The roles whose data goes this way.

    Example:
        >>> sorted(roles_that("via"))
        ['intermediary', 'reseller']
    """
    return frozenset(role.name for role in ROLES if role.flow == flow)


#: Statuses under which an agreement carries data.
CARRYING_STATUSES: frozenset[str] = frozenset(s.name for s in STATUSES if s.carries)
#: Statuses that stop something that ran: an agreement whose first dated event is one of
#: these ran before it, from a date no source gives.
STOPPING_STATUSES: frozenset[str] = frozenset(s.name for s in STATUSES if s.stops)
#: Statuses under which an agreement is reported but carries nothing on the date.
BLOCKING_STATUSES: frozenset[str] = frozenset(
    s.name for s in (*STATUSES, *DERIVED_STATES) if s.blocks and not s.carries
)
#: States listed apart from graded answers (never blocked): undated, uncertain.
APART_STATES: frozenset[str] = frozenset(s.name for s in DERIVED_STATES if not s.blocks)
#: Confidence levels, strongest first: a path is as strong as its weakest hop.
CONFIDENCE_ORDER: tuple[str, ...] = names(CONFIDENCE)
#: How well an answer is evidenced on the date asked, strongest first.
EVIDENCE_ORDER: tuple[str, ...] = names(EVIDENCE)
#: Amount kinds that may be below zero: an obligation reported net of de-obligations.
SIGNED_AMOUNT_KINDS: frozenset[str] = frozenset({"obligated"})
#: Roles data leaves from, arrives at, and passes through.
SENDING_ROLES: frozenset[str] = roles_that("sends")
RECEIVING_ROLES: frozenset[str] = roles_that("receives")
VIA_ROLES: frozenset[str] = roles_that("via")

#: Seed-file key -> singular name ("agencies" -> "agency"), in load order.
KIND_NAMES: dict[str, str] = {kind.key: kind.name for kind in RECORD_KINDS}
#: Singular name -> seed-file key.
PLURAL: dict[str, str] = {kind.name: kind.key for kind in RECORD_KINDS}
LABEL_OF_KIND: dict[str, str] = {kind.name: kind.label for kind in RECORD_KINDS}
KIND_OF_LABEL: dict[str, str] = {kind.label: kind.name for kind in RECORD_KINDS}
PARTY_LABELS: tuple[str, ...] = tuple(kind.label for kind in RECORD_KINDS if kind.party)
#: The labels of the records drawn as nodes in views.
DRAWN_LABELS: tuple[str, ...] = tuple(kind.label for kind in RECORD_KINDS if kind.drawn)
#: Singular names of the party kinds, and of the kinds that are entities (not sources).
PARTY_KINDS: tuple[str, ...] = tuple(kind.name for kind in RECORD_KINDS if kind.party)
ENTITY_KINDS: tuple[str, ...] = tuple(k.name for k in RECORD_KINDS if k.key != "sources")
