"""The CSV files Neo4j's offline importer reads (``neo4j-admin database import full``).

The same nodes, properties and relationships ``graphkit load`` writes through Bolt
(:mod:`graphkit.backends.neo4j.rows`), as typed CSV: one header file and one part
file per worker for each label and each relationship type. Validation happens while
the rows are written, on every core: the records are checked once, and nothing is
returned when any record has a problem (the folder is then removed by the caller).

Conventions (see docs/bulk.md): values are quoted, an unquoted empty field is "no
property", list items are separated by U+001F (the unit separator; a value holding
one is refused), ids live in one id space (``Entity``), labels are given on the
importer's command line. The importer cannot store an
empty list (it leaves the property out): graphkit stores none either way
(:func:`~graphkit.backends.neo4j.rows.node_row`), so an imported database equals a
Bolt-loaded one.

Example:
    >>> cell(["a", "b"]), cell(None), cell(""), cell(True), cell('a"b')
    ('"a\\x1fb"', '', '""', 'true', '"a""b"')
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graphkit.backends.neo4j.rows import entity_relationships, node_row
from graphkit.errors import GraphkitError, Problem, SeedError
from graphkit.ingest.checks import Index, check_cycles, validated
from graphkit.ingest.read import default_seed_paths, read_file, seed_files
from graphkit.model.schema import KINDS, PARTY_LABELS, Source

#: Separates list items in a cell (``--array-delimiter``) and labels in ``:LABEL``.
ARRAY_DELIMITER = "\x1f"
#: Node properties that are not strings, by their importer type.
NODE_TYPES = {
    "origin_line": "long",
    "claims_total": "long",
    "claims_unsourced": "long",
    "undated": "boolean",
    "declared": "boolean",
    "start_known": "boolean",
    "amount_values": "double[]",
}
#: Node properties that are lists of strings.
NODE_LISTS = (
    "aliases",
    "aliases_lower",
    "identifiers",
    "identifiers_lower",
    "sources",
    "fields",
    "status_starts",
    "status_certain",
    "status_dates",
    "status_values",
    "datasets",
    "amount_kinds",
    "amount_currencies",
    "dates",
)
#: Relationship properties by type, in column order, with their importer types.
REL_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "CITES": (),
    "PART_OF": (),
    "CUSTODIAN_OF": (),
    "DERIVED_FROM": (),
    "PARTY_TO": (("role", "string"),),
    "COVERS": (),
    "FLOWS": (
        ("agreement", "string"),
        ("datasets", "string[]"),
        ("via", "string[]"),
        ("carry_from", "string[]"),
        ("carry_until", "string[]"),
    ),
    "IN_STATE": (
        ("status", "string"),
        ("from", "string"),
        ("to", "string"),
        ("carries", "boolean"),
    ),
}


@dataclass
class ImportFiles:
    """What :func:`write_import_files` wrote: the importer's arguments and the counts."""

    folder: Path
    nodes: dict[str, list[Path]] = field(default_factory=dict)  # label -> header, parts...
    relationships: dict[str, list[Path]] = field(default_factory=dict)  # type -> header, parts
    by_kind: dict[str, int] = field(default_factory=dict)
    node_count: int = 0
    relationship_count: int = 0
    multiline: bool = False

    def arguments(self) -> list[str]:
        """The ``--nodes``/``--relationships`` arguments for ``database import full``."""
        out = []
        for name, files in self.nodes.items():
            out.append(f"--nodes={import_labels(name)}=" + ",".join(str(f) for f in files))
        for rel, files in self.relationships.items():
            out.append(f"--relationships={rel}=" + ",".join(str(f) for f in files))
        out += ["--array-delimiter=U+001F", f"--multiline-fields={str(self.multiline).lower()}"]
        return out


def cell(value: Any) -> str:
    """One CSV field: strings quoted, None empty (no property), lists joined by U+001F."""
    kind = type(value)
    if kind is str:
        text: str = value
        return '"' + text.replace('"', '""') + '"' if '"' in text else '"' + text + '"'
    if value is None:
        return ""
    if kind is list or kind is tuple:
        if not value:
            return ""
        try:
            text = ARRAY_DELIMITER.join(value)
        except TypeError:  # numbers
            text = ARRAY_DELIMITER.join(v if type(v) is str else repr(v) for v in value)
        return cell(text)
    if kind is bool:
        return "true" if value else "false"
    if kind is int or kind is float:
        return repr(value)
    return cell(str(value))


def node_header(label: str, keys: list[str]) -> str:
    """The header of a label's node files: ``id:ID(Entity)``, then typed properties (the
    labels are given on the importer's command line)."""
    columns = ["id:ID(Entity)"]
    for key in keys:
        kind = NODE_TYPES.get(key, "string[]" if key in NODE_LISTS else "string")
        columns.append(f"{key}:{kind}")
    return ",".join(columns)


def import_labels(name: str) -> str:
    """The labels of a kind's imported nodes, as the importer takes them.

    Example:
        >>> import_labels("Agency"), import_labels("Dataset"), import_labels("GraphkitMeta")
        ('Entity:Agency:Party', 'Entity:Dataset', 'GraphkitMeta')
    """
    if name == "GraphkitMeta":
        return name
    return ":".join(["Entity", name, *(["Party"] if name in PARTY_LABELS else [])])


def write_import_files(
    paths: list[str], folder: Path, version: str, workers: int | None = None
) -> ImportFiles:
    """Validate the seed files under ``paths`` and write them as importer CSV into
    ``folder`` (created), on ``workers`` processes (default: every core).

    Raises:
        SeedError: the input has problems (the files written so far are left for the
            caller to remove).
        GraphkitError: a value holds U+001F, which the importer would split.
    """
    from graphkit.ingest.validation import index_files

    files = seed_files(default_seed_paths(paths))
    problems: list[Problem] = []
    index = index_files(files, problems)
    check_cycles(index, problems)
    if problems:
        raise SeedError(problems)
    folder.mkdir(parents=True, exist_ok=True)
    count = max(1, workers or os.cpu_count() or 1)
    global _JOB
    _JOB = (files, index, folder, version, count)
    try:
        if count == 1:
            results = [_work(0)]
        else:
            with multiprocessing.get_context("fork").Pool(count) as pool:
                results = pool.map(_work, range(count))
    finally:
        _JOB = None
    out = ImportFiles(folder)
    keys: dict[str, list[str]] = {}
    errors = []
    for result in results:
        problems.extend(result["problems"])
        errors += [result["error"]] if result["error"] else []
        for name, names in result["keys"].items():
            keys.setdefault(name, names)
        for kind, n in result["by_kind"].items():
            out.by_kind[kind] = out.by_kind.get(kind, 0) + n
        out.relationship_count += result["relationships"]
        out.multiline = out.multiline or result["multiline"]
    if problems:
        raise SeedError(sorted(problems, key=lambda p: (p.file, p.line or 0)))
    if errors:
        raise GraphkitError(errors[0])
    out.node_count = sum(out.by_kind.values())
    for name in (label for _model, label in KINDS.values()):
        if name not in keys:
            continue
        header = folder / f"nodes-{name}-header.csv"
        header.write_text(node_header(name, keys[name]) + "\n", encoding="utf-8")
        parts = [folder / f"nodes-{name}-{w}.csv" for w in range(count)]
        out.nodes[name] = [header, *(p for p in parts if p.exists())]
    for rel, columns in REL_COLUMNS.items():
        parts = [p for p in (folder / f"rels-{rel}-{w}.csv" for w in range(count)) if p.exists()]
        if not parts:
            continue
        header = folder / f"rels-{rel}-header.csv"
        typed = [f"{name}:{kind}" for name, kind in columns]
        header.write_text(
            ",".join([":START_ID(Entity)", ":END_ID(Entity)", *typed]) + "\n", encoding="utf-8"
        )
        out.relationships[rel] = [header, *parts]
    return out


def meta_file(
    folder: Path,
    files: ImportFiles,
    version: str,
    graphkit_version: str,
    lock: dict[str, Any] | None = None,
) -> None:
    """The load's meta node, written by the importer itself: ``incomplete`` until the
    indexes exist and the lists are set (a load stopped in between is never trusted).
    ``lock`` (``lock``, ``lock_host``, ``lock_pid``, ``lock_since``): the load lock the
    import holds, kept on the imported node (see :mod:`~graphkit.backends.neo4j.load.lock`)."""
    import datetime as dt

    header = folder / "meta-header.csv"
    row = folder / "meta.csv"
    now = dt.datetime.now(dt.UTC).isoformat()
    held = ",lock,lock_host,lock_pid:long,lock_since,lock_beat" if lock else ""
    header.write_text(
        "id:ID(Meta),status,mode,phase,data_version,graphkit_version,started,fresh:boolean"
        + held
        + "\n",
        encoding="utf-8",
    )
    values = ["load", "incomplete", "import", "indexing", version, graphkit_version, now]
    mine = (
        [lock["lock"], lock["lock_host"], lock["lock_pid"], lock["lock_since"], now] if lock else []
    )
    text = ",".join(cell(v) for v in values) + ",true" + "".join("," + cell(v) for v in mine)
    row.write_text(text + "\n", encoding="utf-8")
    files.nodes["GraphkitMeta"] = [header, row]


_JOB: tuple[list[Path], Index, Path, str, int] | None = None


def _work(worker: int) -> dict[str, Any]:
    """One worker: every ``count``-th record of every file, validated and written."""
    assert _JOB is not None
    files, index, folder, version, count = _JOB
    problems: list[Problem] = []
    handles: dict[str, Any] = {}
    keys: dict[str, list[str]] = {}
    by_kind: dict[str, int] = {}
    relationships = 0
    multiline = False
    error = ""

    def handle(name: str) -> Any:
        if name not in handles:
            handles[name] = open(folder / f"{name}-{worker}.csv", "w", encoding="utf-8")  # noqa: SIM115
        return handles[name]

    try:
        for path in files:
            for raw in read_file(path, [], (worker, count)):
                if raw.path[1] % count != worker:  # a YAML file, read whole
                    continue
                record = validated(raw, index, problems)
                if record is None or problems:
                    continue
                name = KINDS[raw.kind][1]
                row = node_row(record, name, (raw.file, raw.line()), keep_empty=True)
                row["load_version"] = version
                ident = row.pop("id")
                if name not in keys:
                    keys[name] = list(row)
                elif list(row) != keys[name]:
                    raise AssertionError(f"{name} rows differ in their properties")
                line = ",".join([cell(ident), *map(cell, row.values())])
                multiline = multiline or "\n" in line or "\r" in line
                trouble = _unstorable(row)
                if trouble:
                    error = (
                        f"{raw.file}:{raw.line()}: {ident!r}: {trouble}; or load with --mode bulk"
                    )
                    break
                handle(f"nodes-{name}").write(line + "\n")
                by_kind[raw.kind] = by_kind.get(raw.kind, 0) + 1
                if isinstance(record, Source):
                    continue
                for rel, rel_row in entity_relationships(record):
                    props = rel_row["props"]
                    cells = [cell(rel_row["a"]), cell(rel_row["b"])]
                    cells += [cell(props.get(name)) for name, _kind in REL_COLUMNS[rel]]
                    handle(f"rels-{rel}").write(",".join(cells) + "\n")
                    relationships += 1
            if error:
                break
    finally:
        for h in handles.values():
            h.close()
    return {
        "problems": problems,
        "keys": keys,
        "by_kind": by_kind,
        "relationships": relationships,
        "multiline": multiline,
        "error": error,
    }


def _unstorable(row: dict[str, Any]) -> str:
    """Why a node's lists cannot go through the importer as they are ("" when they can):
    an item holding U+001F would be split, and a list of one empty string read as empty.

    The record's JSON escapes U+001F as ``\\u001f``: a row whose record has none has no
    such item (every list is drawn from the record), so only ``[""]`` is looked for.
    """
    marked = "\\u001f" in row["record"] or "\\u001F" in row["record"]
    for key, value in row.items():
        if type(value) is not list or not value or type(value[0]) is not str:
            continue
        if value == [""]:
            return f"{key} is a list of one empty string, which the importer reads as no list"
        if marked and ARRAY_DELIMITER in "".join(map(str, value)):
            return f"an item of {key} holds U+001F, which the importer reads as a list separator"
    return ""
