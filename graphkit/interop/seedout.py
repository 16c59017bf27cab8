"""What imports share: matching names to existing records, an import plan, its summary,
and writing it as seed files that ``graphkit validate`` accepts, or nothing at all.

An import never edits existing seed files. It writes new files into a folder of its own
(``--into``), refuses to replace files already there, and checks its output together
with the existing seeds before anything is written.

Example:
    >>> normalize("U.S. Immigration & Customs Enforcement")
    'us immigration and customs enforcement'
    >>> slug("PALANTIR USG, INC.")
    'palantir-usg-inc'
"""

from __future__ import annotations

import functools
import json
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphkit.errors import GraphkitError, InputError, Problem, SeedError
from graphkit.model.data import GraphData
from graphkit.model.registry import RECORD_KINDS

#: Words that say what kind of company it is, not which one.
_LEGAL_SUFFIXES = {"inc", "incorporated", "llc", "corp", "corporation", "co", "ltd", "lp", "the"}
#: The seed files an import writes, by kind, in this order.
OUTPUT_FILES = {kind.key: kind.seed_file for kind in RECORD_KINDS}


@functools.lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """A name reduced for matching: case, accents, punctuation, ``&`` and legal suffixes."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.casefold().replace("&", " and ")
    text = re.sub(r"(?<=\b[a-z])\.(?=[a-z]\b)", "", text)  # U.S. -> us
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    while words and words[-1] in _LEGAL_SUFFIXES:
        words.pop()
    while words and words[0] == "the":
        words.pop(0)
    return " ".join(words)


def slug(text: str, limit: int = 60) -> str:
    """A lower-case id made of ``text``: letters, digits and hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text.casefold()).strip("-")[:limit].strip("-")
    return out or "x"


def fresh_id(base: str, taken: set[str]) -> str:
    """``base``, or ``base-2``, ``base-3``... : the first not in ``taken`` (then added).

    Example:
        >>> taken = {"x", "x-2"}
        >>> fresh_id("x", taken), fresh_id("y", taken), sorted(taken)
        ('x-3', 'y', ['x', 'x-2', 'x-3', 'y'])
    """
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


class NameIndex:
    """Agencies and vendors by normalized name and alias; finds one id, several, or none."""

    def __init__(self) -> None:
        self.by_name: dict[str, set[str]] = {}
        self.kind: dict[str, str] = {}

    def add(self, ident: str, kind: str, *names: str) -> None:
        self.kind[ident] = kind
        for name in names:
            key = normalize(name)
            if key:
                self.by_name.setdefault(key, set()).add(ident)

    def find(self, name: str, kinds: tuple[str, ...]) -> list[str]:
        found = self.by_name.get(normalize(name), set())
        return sorted(i for i in found if self.kind[i] in kinds)

    @classmethod
    def of(cls, data: GraphData) -> NameIndex:
        index = cls()
        for agency in data.agencies.values():
            index.add(agency.id, "agency", agency.name, *agency.aliases)
        for vendor in data.vendors.values():
            index.add(vendor.id, "vendor", vendor.name, *vendor.aliases)
        return index


@dataclass
class Plan:
    """What an import would write, and what a person should look at first."""

    source: str
    records: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {kind: [] for kind in OUTPUT_FILES}
    )
    #: name as read -> id of the existing record it matched
    matched: dict[str, str] = field(default_factory=dict)
    #: name as read -> the ids it could be; the rows naming it are left out
    ambiguous: dict[str, list[str]] = field(default_factory=dict)
    #: rows left out, and why
    skipped: list[str] = field(default_factory=list)
    #: agreement ids that move no dataset yet
    without_datasets: list[str] = field(default_factory=list)
    #: award already in the seeds (its key or PIID) -> the agreement it is; not written
    already: dict[str, str] = field(default_factory=dict)
    #: matches a person should confirm (by name only) or decide: add a judgement
    review: list[str] = field(default_factory=list)
    #: what the import read in a way worth knowing (dates, dropped properties...)
    notes: list[str] = field(default_factory=list)
    #: machine-readable reports written beside the seed files: file name -> JSON value
    reports: dict[str, Any] = field(default_factory=dict)

    def add(self, kind: str, record: dict[str, Any]) -> None:
        self.records[kind].append(record)

    def ids(self) -> set[str]:
        return {r["id"] for records in self.records.values() for r in records}

    def summary(self) -> str:
        counts = ", ".join(f"{len(v)} {k}" for k, v in self.records.items() if v)
        lines = [f"From {self.source}: new records: {counts or 'none'}"]
        lines.append(f"matched to existing records: {len(self.matched)}")
        lines += [f"  {name!r} -> {ident}" for name, ident in sorted(self.matched.items())]
        lines.append(f"ambiguous (left out; decide which record is meant): {len(self.ambiguous)}")
        lines += [
            f"  {name!r} could be {', '.join(ids)}" for name, ids in sorted(self.ambiguous.items())
        ]
        lines += [f"  left out: {why}" for why in self.skipped]
        if self.already:
            lines.append(f"already in the seeds (not written again): {len(self.already)}")
            lines += [f"  {key} -> {ident}" for key, ident in sorted(self.already.items())]
        if self.review:
            lines.append(f"to review (confirm, or record a judgement): {len(self.review)}")
            lines += [f"  {item}" for item in self.review]
        lines += [f"note: {note}" for note in self.notes]
        if self.without_datasets:
            lines.append(
                f"agreements that move no dataset yet ({len(self.without_datasets)}; name them "
                "in a --datasets map): " + ", ".join(self.without_datasets)
            )
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "new": {k: [r["id"] for r in v] for k, v in self.records.items()},
            "matched": self.matched,
            "ambiguous": self.ambiguous,
            "skipped": self.skipped,
            "without_datasets": self.without_datasets,
            "already": self.already,
            "review": self.review,
            "notes": self.notes,
            "reports": self.reports,
        }


class _Dumper(yaml.SafeDumper):
    """Writes every value out: no ``&anchor``/``*alias`` (seed files refuse merge keys and
    people read them as diffs)."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


#: Line breaks a YAML reader folds into a space when they stand raw in a scalar (NEL,
#: U+2028, U+2029): PyYAML writes NEL raw unless the scalar is double-quoted.
_YAML_BREAKS = ("\x85", "\u2028", "\u2029")


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    """A string, double-quoted (so escaped) when it holds a YAML line break."""
    style = '"' if any(ch in value for ch in _YAML_BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _dump(records_by_kind: dict[str, list[dict[str, Any]]], header: str) -> str:
    body = yaml.dump(
        {k: v for k, v in records_by_kind.items() if v},
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
    )
    return f"# {header}\n{body}"


#: Above this many records an import writes the bulk format (one ``<kind>.jsonl`` per
#: kind, docs/bulk.md) instead of YAML: streamed, validated and loaded in batches.
BULK_ABOVE_RECORDS = 5_000


def _json_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, default=str) + "\n"


def planned_files(plan: Plan) -> dict[str, str]:
    """File name -> text of the plan's records (only files that hold records): YAML, or
    JSON Lines above :data:`BULK_ABOVE_RECORDS` records."""
    if sum(len(records) for records in plan.records.values()) > BULK_ABOVE_RECORDS:
        return {
            f"{kind}.jsonl": "".join(
                json.dumps(r, ensure_ascii=False, default=str) + "\n" for r in records
            )
            for kind, records in plan.records.items()
            if records
        }
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for kind, records in plan.records.items():
        if records:
            grouped.setdefault(OUTPUT_FILES[kind], {})[kind] = records
    header = f"Written by graphkit import from {plan.source}; review before merging."
    return {name: _dump(kinds, header) for name, kinds in grouped.items()}


def write_plan(plan: Plan, into: str | Path, existing: tuple[str | Path, ...] = ()) -> list[Path]:
    """Write the plan's seed files into ``into``, checked with ``existing`` seeds first,
    and its reports (JSON) beside them.

    The records already in ``into`` (an earlier import) are checked with them too, so an
    id imported twice is a duplicate, not a success.

    Raises GraphkitError, writing nothing, when a file it would write is already there,
    and SeedError when the output would not validate.
    """
    from graphkit.ingest.validation import load_seeds

    folder = Path(into)
    files = planned_files(plan)
    if not files:
        raise GraphkitError(f"--into: nothing to write from {plan.source}")
    files.update(
        {
            name: json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"
            for name, value in plan.reports.items()
        }
    )
    clash = sorted(
        name for name in files if (folder / name).exists() or (folder / name).is_symlink()
    )
    if clash:
        raise GraphkitError(
            f"--into: {folder} already holds {', '.join(clash)}; import into a new folder "
            "(or move those files away): an import never replaces files; nothing was written"
        )
    with tempfile.TemporaryDirectory(prefix="graphkit-import-") as tmp:
        staged = Path(tmp) / "import"
        staged.mkdir()
        for name, text in files.items():
            (staged / name).write_text(text, encoding="utf-8")
        beside = [folder] if folder.is_dir() and _holds_records(folder) else []
        try:
            load_seeds(staged, *beside, *existing)
        except SeedError as exc:
            problems = [
                Problem(
                    str(folder / Path(p.file).name) if tmp in p.file else p.file,
                    p.line,
                    p.field,
                    p.message,
                )
                for p in exc.problems
            ]
            raise InputError(problems) from None
        return _move_in(staged, folder, list(files))


def _holds_records(folder: Path) -> bool:
    from graphkit.ingest.read import SEED_SUFFIXES

    return any(p.suffix in SEED_SUFFIXES and p.is_file() for p in folder.rglob("*"))


def _move_in(staged: Path, folder: Path, names: list[str]) -> list[Path]:
    """Copy the staged files into ``folder``, each whole (:func:`graphkit.files.staged`);
    if one cannot be written (a full disk), the ones already written are removed again,
    so a failed import leaves the folder as it was and can simply be run again."""
    from graphkit.files import staged as staged_file

    created = not folder.exists()
    written: list[Path] = []
    try:
        for name in names:
            with staged_file(folder / name) as tmp:
                shutil.copyfile(staged / name, tmp)
            written.append(folder / name)
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        if created and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
        raise
    return written
