"""Read seed files, check them, and build GraphData: all of it or nothing.

Every problem is reported at once, each naming the file, the line, the field and
the fix. Nothing is half-loaded: :func:`load_seeds` returns data only when the
input is clean and raises :class:`SeedError` otherwise.

Example:
    >>> data = load_seeds()          # $GRAPHKIT_SEEDS, ./seeds or the bundled seeds
    >>> len(data.agreements) >= 25
    True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkit.errors import Problem, SeedError
from graphkit.ingest.locate import content_hash, locate_seeds
from graphkit.ingest.yamlfile import LineMap, YamlProblem, line_of, parse_yaml
from graphkit.model.data import GraphData
from graphkit.model.schema import KIND_NAMES, KINDS, Agreement, Dataset, Entity, Source

SEED_SUFFIXES = (".yaml", ".yml", ".jsonl")
#: Table files that look like seed data but are not read: reported rather than skipped.
TABLE_SUFFIXES = (".csv", ".tsv")


def default_seed_paths(paths: Iterable[str | os.PathLike[str]] = ()) -> tuple[Path, ...]:
    """``paths`` if any, else the seeds found by :func:`~graphkit.ingest.locate.locate_seeds`."""
    return locate_seeds(paths).paths


def seed_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The seed files under ``paths`` (files or folders), in a stable order.

    Raises SeedError when a path does not exist or holds no seed file.
    """
    out: list[Path] = []
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SEED_SUFFIXES and p.is_file())
            tables = sorted(
                p for p in path.rglob("*") if p.suffix in TABLE_SUFFIXES and p.is_file()
            )
            problems.extend(_table_problem(p) for p in tables)
            if not found and not tables:
                problems.append(Problem(str(path), None, "", "no .yaml or .jsonl seed file here"))
            out.extend(found)
        elif path.is_file() and path.suffix in TABLE_SUFFIXES:
            problems.append(_table_problem(path))
        elif path.is_file():
            out.append(path)
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder; check the path"))
    if problems:
        raise SeedError(problems)
    return out


def _table_problem(path: Path) -> Problem:
    return Problem(
        _display(path),
        None,
        "",
        f"graphkit does not read {path.suffix} files; convert it to JSON Lines named after "
        "its kind (agencies.jsonl: one JSON object per line) or YAML, "
        "or move it out of the seed folder",
    )


@dataclass
class _Raw:
    """One record as read, with where it came from."""

    kind: str
    file: str
    path: tuple[str | int, ...]
    lines: LineMap
    data: Any

    def line(self, *sub: str | int) -> int | None:
        return line_of(self.lines, (*self.path, *sub))


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _read_file(path: Path, problems: list[Problem]) -> Iterator[_Raw]:
    name = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(name, None, "", f"cannot read the file ({exc}); save it as UTF-8"))
        return
    if path.suffix == ".jsonl":
        yield from _read_jsonl(name, path, text, problems)
        return
    try:
        data, lines = parse_yaml(text, name)
    except YamlProblem as exc:
        problems.append(Problem(name, exc.line, exc.field, exc.message))
        return
    if data is None:
        problems.append(
            Problem(name, None, "", "the file is empty: add records under a kind, or delete it")
        )
        return
    allowed = ", ".join(KINDS)
    if not isinstance(data, dict):
        problems.append(Problem(name, 1, "", f"a seed file is a mapping with the keys {allowed}"))
        return
    for kind, records in data.items():
        if kind not in KINDS:
            problems.append(
                Problem(
                    name, lines.get((kind,)), kind, f"unknown kind {kind!r}; use one of {allowed}"
                )
            )
            continue
        if records is None:
            continue
        if not isinstance(records, list):
            problems.append(
                Problem(
                    name,
                    lines.get((kind,)),
                    kind,
                    f"{kind} must be a list of records (each starting with '- ')",
                )
            )
            continue
        for index, record in enumerate(records):
            yield _Raw(kind, name, (kind, index), lines, record)


def _read_jsonl(name: str, path: Path, text: str, problems: list[Problem]) -> Iterator[_Raw]:
    """A JSON Lines file of one kind, named after it: ``agreements.jsonl``."""
    kind = path.stem.split("-")[0].split(".")[0]
    if kind not in KINDS:
        problems.append(
            Problem(
                name,
                None,
                "",
                f"a .jsonl file is named after its kind, one of "
                f"{', '.join(KINDS)} (e.g. agreements.jsonl)",
            )
        )
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(
                Problem(
                    name, number, "", f"malformed JSON: {exc.msg}; write one JSON object per line"
                )
            )
            continue
        except RecursionError:
            problems.append(
                Problem(name, number, "", "JSON nested too deeply; write one flat record per line")
            )
            continue
        yield _Raw(kind, name, (kind, number), {(kind, number): number}, record)


def _field_name(raw: _Raw, loc: tuple[str | int, ...]) -> str:
    ident = raw.data.get("id") if isinstance(raw.data, dict) else None
    label = KIND_NAMES[raw.kind]
    head = f"{label} {ident!r}" if isinstance(ident, str) else f"{raw.kind}[{raw.path[1]}]"
    rest = ""
    for part in loc:
        rest += f"[{part}]" if isinstance(part, int) else (f".{part}" if rest else str(part))
    return f"{head} {rest}".strip()


_FIXES = {
    "missing": "add it",
    "extra_forbidden": "remove it, or check its spelling against `graphkit schema`",
    "too_short": "add at least one",
    "list_type": "write a list, such as [a, b] or one '- ' item per line",
    "string_type": "write it as text (put quotes around a value that looks like a number)",
    "model_type": "write a mapping of field: value",
    "dict_type": "write a mapping of field: value",
    "int_type": "write a whole number",
    "int_parsing": "write a whole number",
    "float_type": "write a number",
    "float_parsing": "write a number",
    "string_too_short": "write some text",
}


def _pydantic_problems(raw: _Raw, exc: ValidationError) -> list[Problem]:
    out = []
    for error in exc.errors():
        loc = tuple(error["loc"])
        message = error["msg"]
        kind = error["type"]
        if kind == "string_pattern_mismatch":
            last = loc[-1] if loc else ""
            if last == "url":
                message = "not an http(s) address; links must start with http:// or https://"
            elif last == "currency":
                message = "currency is a three-letter code such as USD"
            elif last == "field":
                message = "a claim's field is a snake_case name such as record_count"
            else:
                message = (
                    "not a valid id: ids are lower-case letters, digits and hyphens, "
                    "such as 'irs-ice-mou-2025'"
                )
        elif kind == "value_error":
            message = str(error.get("ctx", {}).get("error", message))
        elif _FIXES.get(kind):
            message = f"{message}: {_FIXES[kind]}"
        if kind == "literal_error":
            message = f"unknown value {error.get('input')!r}; {message.lower()}"
        out.append(Problem(raw.file, raw.line(*loc), _field_name(raw, loc), message))
    return out


@dataclass
class Index:
    """What cross-record checks need to know of every record: small, whatever the input size."""

    kinds: dict[str, str] = field(default_factory=dict)  # id -> seed-file kind
    where: dict[str, tuple[str, int | None]] = field(default_factory=dict)
    links: dict[str, tuple[str, list[str], int | None]] = field(default_factory=dict)

    def add(self, raw: _Raw, problems: list[Problem]) -> None:
        """Index one raw record (before full validation): id, kind, parent / derived_from."""
        data = raw.data
        if not isinstance(data, dict) or not isinstance(data.get("id"), str):
            return
        ident = data["id"]
        if ident in self.kinds:
            first = self.where[ident]
            problems.append(
                Problem(
                    raw.file,
                    raw.line("id"),
                    _field_name(raw, ("id",)),
                    f"duplicate id; {ident!r} is already used at {first[0]}:{first[1]}; "
                    "give one a new id",
                )
            )
            return
        self.kinds[ident] = raw.kind
        self.where[ident] = (raw.file, raw.line())
        for attr in ("parent", "derived_from"):
            value = data.get(attr)
            refs = [value] if isinstance(value, str) else value
            if isinstance(refs, list) and all(isinstance(r, str) for r in refs) and refs:
                self.links[ident] = (attr, refs, raw.line(attr))

    def is_first(self, raw: _Raw, ident: str) -> bool:
        """Whether ``raw`` is where ``ident`` was first defined (later copies are duplicates)."""
        return self.where.get(ident) == (raw.file, raw.line())


_WHAT = {
    "sources": ("a source", {"sources"}),
    "parties": ("an agency or vendor", {"agencies", "vendors"}),
    "agencies": ("an agency", {"agencies"}),
    "vendors": ("a vendor", {"vendors"}),
    "datasets": ("a dataset", {"datasets"}),
}


def check_record(record: Source | Entity, raw: _Raw, index: Index, problems: list[Problem]) -> None:
    """Checks that look beyond one record: references, dates, roles."""

    def problem(loc: tuple[str | int, ...], message: str) -> None:
        problems.append(Problem(raw.file, raw.line(*loc), _field_name(raw, loc), message))

    def need(loc: tuple[str | int, ...], ref: str, expected: str) -> None:
        what, kinds = _WHAT[expected]
        found = index.kinds.get(ref)
        if found in kinds:
            return
        if found:
            problem(loc, f"{ref!r} is a {KIND_NAMES[found]}, not {what}; name {what} here")
        else:
            problem(
                loc,
                f"unknown id {ref!r}; add {what} with this id, "
                "or fix the spelling (`graphkit search` finds ids)",
            )

    if isinstance(record, Source):
        return
    for i, ref in enumerate(record.sources):
        need(("sources", i), ref, "sources")
    for c, claim in enumerate(record.claims):
        for i, ref in enumerate(claim.sources):
            need(("claims", c, "sources", i), ref, "sources")
    parent = getattr(record, "parent", None)
    if parent:
        need(("parent",), parent, raw.kind)
        if parent == record.id:
            problem(("parent",), "an entity cannot be its own parent")
    if isinstance(record, Dataset):
        need(("custodian",), record.custodian, "parties")
        for i, ref in enumerate(record.derived_from):
            need(("derived_from", i), ref, "datasets")
    if isinstance(record, Agreement):
        _check_agreement(record, need, problem)


def _check_agreement(ag: Agreement, need: Any, problem: Any) -> None:
    for group in ("status", "amounts"):
        for c, item in enumerate(getattr(ag, group)):
            for i, ref in enumerate(item.sources):
                need((group, c, "sources", i), ref, "sources")
    seen: set[tuple[str, str]] = set()
    for i, party in enumerate(ag.parties):
        need(("parties", i, "party"), party.party, "parties")
        if (party.party, party.role) in seen:
            problem(("parties", i), f"{party.party!r} is listed twice as {party.role}")
        seen.add((party.party, party.role))
    for i, ref in enumerate(ag.datasets):
        need(("datasets", i), ref, "datasets")
    roles = {p.role for p in ag.parties}
    if ag.datasets and not ({"provider"} <= roles and {"recipient"} <= roles):
        problem(
            ("parties",),
            "an agreement that moves datasets needs at least one "
            "provider and one recipient; add the missing role",
        )
    if ag.effective_from and ag.effective_to and ag.effective_to.last < ag.effective_from.first:
        problem(
            ("effective_to",),
            f"ends ({ag.effective_to}) before it starts "
            f"({ag.effective_from}); swap or correct the dates",
        )
    if ag.signed and ag.effective_to and ag.effective_to.last < ag.signed.first:
        problem(
            ("effective_to",),
            f"ends ({ag.effective_to}) before it was signed "
            f"({ag.signed}); correct one of the dates",
        )
    previous = None
    for i, event in enumerate(ag.status):
        if event.by:
            need(("status", i, "by"), event.by, "parties")
        if previous is not None and event.date.first < previous.first:
            problem(
                ("status", i, "date"),
                f"{event.date} comes before the previous event "
                f"({previous}); list status events in date order",
            )
        previous = event.date


def check_cycles(index: Index, problems: list[Problem]) -> None:
    """``parent`` and ``derived_from`` must never lead back to where they start."""
    for start in sorted(index.links):
        attr = index.links[start][0]
        seen: set[str] = set()
        stack = [start]
        while stack:
            node = stack.pop()
            link = index.links.get(node)
            if link is None or link[0] != attr:
                continue
            if start in link[1]:
                file = index.where[start][0]
                kind = KIND_NAMES[index.kinds[start]]
                problems.append(
                    Problem(
                        file,
                        index.links[start][2],
                        f"{kind} {start!r} {attr}",
                        f"{attr} leads back to {start!r} (a cycle); remove one link",
                    )
                )
                break
            for ref in link[1]:
                if ref not in seen:
                    seen.add(ref)
                    stack.append(ref)


def _validated(raw: _Raw, index: Index, problems: list[Problem]) -> Source | Entity | None:
    """Validate one raw record fully; None (with problems) when it is not clean."""
    if not isinstance(raw.data, dict):
        problems.append(
            Problem(
                raw.file,
                raw.line(),
                f"{raw.kind}[{raw.path[1]}]",
                "a record is a mapping of field: value",
            )
        )
        return None
    model = KINDS[raw.kind][0]
    try:
        record: Source | Entity = model.model_validate(raw.data)  # type: ignore[assignment]
    except ValidationError as exc:
        problems.extend(_pydantic_problems(raw, exc))
        return None
    if not index.is_first(raw, record.id):
        return None  # a duplicate, reported while indexing
    check_record(record, raw, index, problems)
    return record


def load_seeds(*paths: str | os.PathLike[str]) -> GraphData:
    """Read, validate and return the seed data under ``paths`` (default: ``seeds/``).

    Raises:
        SeedError: with every problem found; nothing is returned half-loaded.
    """
    seeds = locate_seeds(paths)
    files = seed_files(seeds.paths)
    problems: list[Problem] = []
    raws = [raw for path in files for raw in _read_file(path, problems)]
    index = Index()
    for raw in raws:
        index.add(raw, problems)
    data = GraphData()
    targets = data.by_kind()
    for raw in raws:
        record = _validated(raw, index, problems)
        if record is not None:
            targets[raw.kind][record.id] = record
            data.origin[record.id] = (raw.file, raw.line())
    check_cycles(index, problems)
    if problems:
        raise SeedError(problems)
    data.provenance = seeds.describe(content_hash(seeds.paths))
    return data


def check_stream(*paths: str | os.PathLike[str]) -> Index:
    """Validate large inputs without holding them: two streaming passes, memory O(ids).

    Raises SeedError with every problem; returns the index when the input is clean.
    """
    files = seed_files(default_seed_paths(paths))
    problems: list[Problem] = []
    index = Index()
    for path in files:
        for raw in _read_file(path, problems):
            index.add(raw, problems)
    for path in files:
        for raw in _read_file(path, []):
            _validated(raw, index, problems)
    check_cycles(index, problems)
    if problems:
        raise SeedError(problems)
    return index


def iter_records(
    *paths: str | os.PathLike[str],
) -> Iterator[tuple[str, Source | Entity, tuple[str, int | None]]]:
    """Stream ``(kind, record, (file, line))`` from input that :func:`check_stream` passed."""
    files = seed_files(default_seed_paths(paths))
    for path in files:
        for raw in _read_file(path, []):
            model = KINDS[raw.kind][0]
            record = model.model_validate(raw.data)
            yield raw.kind, record, (raw.file, raw.line())  # type: ignore[misc]


def validate(*paths: str | os.PathLike[str]) -> list[Problem]:
    """Every problem in the seed data under ``paths``; an empty list when it is clean.

    Example:
        >>> validate()
        []
    """
    try:
        load_seeds(*paths)
    except SeedError as exc:
        return exc.problems
    return []
