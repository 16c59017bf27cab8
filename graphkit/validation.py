"""Read seed files, check them, and build GraphData: all of it or nothing.

Every problem is reported at once, each naming the file, the line, the field and
the fix. Nothing is half-loaded: :func:`load_seeds` returns data only when the
input is clean and raises :class:`SeedError` otherwise.

Example:
    >>> data = load_seeds()                       # the repository's seeds/
    >>> len(data.agreements) >= 25
    True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkit import GraphkitError
from graphkit.data import GraphData
from graphkit.schema import KIND_NAMES, KINDS, Agreement, Dataset, Entity, Source
from graphkit.yamlfile import LineMap, YamlProblem, line_of, parse_yaml

SEED_SUFFIXES = (".yaml", ".yml", ".jsonl")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, where it is, and how to fix it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class SeedError(GraphkitError):
    """The input has problems; nothing was loaded."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the seed data; nothing was loaded"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))


def default_seed_dir() -> Path:
    """``$GRAPHKIT_SEEDS``, else ``./seeds`` when it exists, else the repository's seeds/."""
    env = os.environ.get("GRAPHKIT_SEEDS")
    if env:
        return Path(env)
    local = Path.cwd() / "seeds"
    if local.is_dir():
        return local
    return Path(__file__).resolve().parent.parent / "seeds"


def seed_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The seed files under ``paths`` (files or folders), in a stable order.

    Raises SeedError when a path does not exist or holds no seed file.
    """
    out: list[Path] = []
    problems = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix in SEED_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(str(path), None, "", "no .yaml or .jsonl seed file here"))
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder; check the path"))
    if problems:
        raise SeedError(problems)
    return out


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


def _check_refs(data: GraphData, raws: dict[str, _Raw], problems: list[Problem]) -> None:
    """Cross-record checks: references, dates, cycles, flows."""

    def problem(ident: str, loc: tuple[str | int, ...], message: str) -> None:
        raw = raws[ident]
        problems.append(Problem(raw.file, raw.line(*loc), _field_name(raw, loc), message))

    def need(
        ident: str, loc: tuple[str | int, ...], ref: str, kinds: dict[str, Any], what: str
    ) -> None:
        if ref in kinds:
            return
        other = data.kind_of(ref)
        if other:
            problem(ident, loc, f"{ref!r} is a {other}, not {what}; name {what} here")
        else:
            problem(
                ident,
                loc,
                f"unknown id {ref!r}; add {what} with this id, "
                "or fix the spelling (`graphkit search` finds ids)",
            )

    parties = {**data.agencies, **data.vendors}
    for entity in data.entities():
        _check_cited(entity, data, need)
        if entity.id in data.agencies or entity.id in data.vendors:
            parent = getattr(entity, "parent", None)
            same = data.agencies if entity.id in data.agencies else data.vendors
            label = "an agency" if entity.id in data.agencies else "a vendor"
            if parent:
                need(entity.id, ("parent",), parent, same, label)
                if parent == entity.id:
                    problem(entity.id, ("parent",), "an entity cannot be its own parent")
        if isinstance(entity, Dataset):
            need(entity.id, ("custodian",), entity.custodian, parties, "an agency or vendor")
            for i, ref in enumerate(entity.derived_from):
                need(entity.id, ("derived_from", i), ref, data.datasets, "a dataset")
        if isinstance(entity, Agreement):
            _check_agreement(entity, data, need, problem, parties)
    _check_cycles(data, problem)


def _check_cited(entity: Entity, data: GraphData, need: Any) -> None:
    for i, ref in enumerate(entity.sources):
        need(entity.id, ("sources", i), ref, data.sources, "a source")
    for c, claim in enumerate(entity.claims):
        for i, ref in enumerate(claim.sources):
            need(entity.id, ("claims", c, "sources", i), ref, data.sources, "a source")
    if isinstance(entity, Agreement):
        for group in ("status", "amounts"):
            for c, item in enumerate(getattr(entity, group)):
                for i, ref in enumerate(item.sources):
                    need(entity.id, (group, c, "sources", i), ref, data.sources, "a source")


def _check_agreement(
    ag: Agreement, data: GraphData, need: Any, problem: Any, parties: dict[str, Any]
) -> None:
    seen: set[tuple[str, str]] = set()
    for i, party in enumerate(ag.parties):
        need(ag.id, ("parties", i, "party"), party.party, parties, "an agency or vendor")
        if (party.party, party.role) in seen:
            problem(ag.id, ("parties", i), f"{party.party!r} is listed twice as {party.role}")
        seen.add((party.party, party.role))
    for i, ref in enumerate(ag.datasets):
        need(ag.id, ("datasets", i), ref, data.datasets, "a dataset")
    roles = {p.role for p in ag.parties}
    if ag.datasets and not ({"provider"} <= roles and {"recipient"} <= roles):
        problem(
            ag.id,
            ("parties",),
            "an agreement that moves datasets needs at least one "
            "provider and one recipient; add the missing role",
        )
    if ag.effective_from and ag.effective_to and ag.effective_to.last < ag.effective_from.first:
        problem(
            ag.id,
            ("effective_to",),
            f"ends ({ag.effective_to}) before it starts "
            f"({ag.effective_from}); swap or correct the dates",
        )
    if ag.signed and ag.effective_to and ag.effective_to.last < ag.signed.first:
        problem(
            ag.id,
            ("effective_to",),
            f"ends ({ag.effective_to}) before it was signed "
            f"({ag.signed}); correct one of the dates",
        )
    previous = None
    for i, event in enumerate(ag.status):
        if event.by:
            need(ag.id, ("status", i, "by"), event.by, parties, "an agency or vendor")
        if previous is not None and event.date.first < previous.first:
            problem(
                ag.id,
                ("status", i, "date"),
                f"{event.date} comes before the previous event ({previous}); "
                "list status events in date order",
            )
        previous = event.date


def _check_cycles(data: GraphData, problem: Any) -> None:
    for kind, attr in (("datasets", "derived_from"), ("agencies", "parent"), ("vendors", "parent")):
        records = getattr(data, kind)
        for start in sorted(records):
            seen, stack = set(), [start]
            while stack:
                node = stack.pop()
                refs = getattr(records.get(node), attr, None) or []
                for ref in [refs] if isinstance(refs, str) else refs:
                    if ref == start:
                        problem(
                            start,
                            (attr,),
                            f"{attr} leads back to {start!r} (a cycle); remove one link",
                        )
                        stack = []
                        break
                    if ref not in seen and ref in records:
                        seen.add(ref)
                        stack.append(ref)


def load_seeds(*paths: str | os.PathLike[str]) -> GraphData:
    """Read, validate and return the seed data under ``paths`` (default: ``seeds/``).

    Raises:
        SeedError: with every problem found; nothing is returned half-loaded.
    """
    files = seed_files(paths or (default_seed_dir(),))
    problems: list[Problem] = []
    data = GraphData()
    raws: dict[str, _Raw] = {}
    targets = data.by_kind()
    for path in files:
        for raw in _read_file(path, problems):
            if not isinstance(raw.data, dict):
                problems.append(
                    Problem(
                        raw.file,
                        raw.line(),
                        f"{raw.kind}[{raw.path[1]}]",
                        "a record is a mapping of field: value",
                    )
                )
                continue
            model = KINDS[raw.kind][0]
            try:
                record: Source | Entity = model.model_validate(raw.data)  # type: ignore[assignment]
            except ValidationError as exc:
                problems.extend(_pydantic_problems(raw, exc))
                continue
            if record.id in raws:
                first = raws[record.id]
                problems.append(
                    Problem(
                        raw.file,
                        raw.line("id"),
                        _field_name(raw, ("id",)),
                        f"duplicate id; {record.id!r} is already used at "
                        f"{first.file}:{first.line('id')}; give one a new id",
                    )
                )
                continue
            raws[record.id] = raw
            targets[raw.kind][record.id] = record
            data.origin[record.id] = (raw.file, raw.line())
    _check_refs(data, raws, problems)
    if problems:
        raise SeedError(problems)
    return data


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
