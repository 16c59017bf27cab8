"""graphkit's own CSV export (``graphkit export --format csv``) back into seed records.

The export is a folder: ``nodes.csv`` and ``links.csv`` for drawing tools, and
``records.csv`` (see :mod:`graphkit.interop.csv_records`), one validated record a row
as JSON, with everything the records name. The records are what the import reads; the
drawing columns must agree with them (an edit made only in ``nodes.csv`` or
``links.csv`` would be lost, so it is refused, naming the cell). Every problem names the
file, line and column; nothing is written when there is one.

Example:
    >>> import tempfile
    >>> from graphkit import open_graph
    >>> from graphkit.interop.export import write
    >>> g = open_graph()
    >>> out = tempfile.mkdtemp()
    >>> _ = write(g.reach("irs-taxpayer-addresses", as_of="2025-08-01"), "csv", out, g.store)
    >>> plan = plan_csv(out)
    >>> "irs-ice-mou-2025" in [a["id"] for a in plan.records["agreements"]]
    True
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphkit.errors import DateError, GraphkitError, InputError, Problem, SeedError
from graphkit.interop.csv_records import RECORD_COLUMNS, RECORD_KINDS
from graphkit.interop.csvfile import read_rows
from graphkit.interop.seedout import Plan
from graphkit.model.dates import PartialDate
from graphkit.model.registry import PARTY_KINDS, PLURAL
from graphkit.model.schema import KINDS, Agreement, Entity, Source
from graphkit.text import spreadsheet_value

NODE_COLUMNS = ["id", "name", "kind", "subkind"]
LINK_COLUMNS = ["from", "to", "type", "agreement", "agreement_name", "agreement_kind"]
DATE_COLUMNS = ["signed", "effective_from", "effective_to"]
LINK_TYPES = ("FLOWS", "CUSTODIAN_OF", "DERIVED_FROM", "PART_OF")
#: Keys of a record that name another record, and the kinds that record may be.
PARTIES = PARTY_KINDS
REF_KINDS: dict[str, tuple[str, ...]] = {
    "parent": PARTIES,
    "custodian": PARTIES,
    "party": PARTIES,
    "by": PARTIES,
    "derived_from": ("dataset",),
    "datasets": ("dataset",),
    "sources": ("source",),
}
REEXPORT = "export again with graphkit export --format csv"


def _rows(
    path: Path, required: list[str], problems: list[Problem], fix: str
) -> list[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV file whose header has ``required``; problems otherwise. Each
    cell is read as :func:`~graphkit.text.spreadsheet_cell` wrote it (one leading
    apostrophe removed)."""
    name = str(path)
    if not path.is_file():
        problems.append(Problem(name, None, "", f"missing: {fix}"))
        return []
    try:
        header, rows = read_rows(path)
    except SeedError as exc:
        problems.extend(exc.problems)
        return []
    missing = [c for c in required if c not in header]
    for column in missing:
        problems.append(Problem(name, 1, column, f"missing column; {fix}"))
    if missing:
        return []
    return [(line, {k: spreadsheet_value(v) for k, v in row.items()}) for line, row in rows]


def _refs(value: Any, path: str) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(where, id, kinds it may be) for every id a record's JSON names."""
    if isinstance(value, dict):
        for key, item in value.items():
            where = f"{path}.{key}"
            if key in REF_KINDS and isinstance(item, str):
                yield where, item, REF_KINDS[key]
            elif key in REF_KINDS and isinstance(item, list):
                for n, ident in enumerate(item):
                    yield f"{where}.{n}", str(ident), REF_KINDS[key]
            else:
                yield from _refs(item, where)
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _refs(item, f"{path}.{n}")


class _Reader:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.problems: list[Problem] = []
        #: id -> (line, kind, validated record)
        self.records: dict[str, tuple[int, str, Source | Entity]] = {}
        self.raw: dict[str, dict[str, Any]] = {}
        self.nodes: dict[str, int] = {}
        #: ids whose record is refused already: no more problems about them
        self.refused: set[str] = set()

    def problem(self, file: str, line: int | None, field: str, message: str) -> None:
        self.problems.append(Problem(str(self.folder / file), line, field, message))

    # ------------------------------------------------------------------ records.csv
    def record(self, line: int, row: dict[str, str]) -> None:
        ident, kind, text = row["id"], row["kind"], row["record"]
        if kind not in RECORD_KINDS:
            self.problem(
                "records.csv", line, "kind", f"{kind!r} is not one of {', '.join(RECORD_KINDS)}"
            )
            return
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            self.problem(
                "records.csv", line, "record", f"not JSON ({exc.msg} at character {exc.pos + 1})"
            )
            return
        except RecursionError:
            self.problem("records.csv", line, "record", f"JSON nested too deeply; {REEXPORT}")
            return
        if not isinstance(data, dict) or data.get("id") != ident:
            self.problem(
                "records.csv",
                line,
                "record",
                f"not the JSON object of record {ident!r}; {REEXPORT}",
            )
            return
        if ident in self.records:
            first = self.records[ident][0]
            self.problem(
                "records.csv",
                line,
                "id",
                f"duplicate id {ident!r}, first on line {first}; keep one",
            )
            return
        try:
            model = KINDS[PLURAL[kind]][0].model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(p) for p in error["loc"])
                message = str(error["msg"]).removeprefix("Value error, ")
                self.problem("records.csv", line, f"record.{where}", f"{message} ({kind} {ident})")
            self.refused.add(ident)
            return
        assert isinstance(model, Source | Entity)
        self.records[ident] = (line, kind, model)
        self.raw[ident] = data

    def references(self) -> None:
        for ident, (line, kind, _) in self.records.items():
            if kind == "source":
                continue
            for where, target, kinds in _refs(self.raw[ident], "record"):
                found = self.records.get(target)
                if target in self.refused:
                    continue
                if found is None:
                    self.problem(
                        "records.csv",
                        line,
                        where,
                        f"unknown reference {target!r}: no record with that id in "
                        f"records.csv; add its row (or {REEXPORT})",
                    )
                elif found[1] not in kinds:
                    self.problem(
                        "records.csv",
                        line,
                        where,
                        f"{target!r} is a {found[1]} (line {found[0]}); "
                        f"it must be a {' or '.join(kinds)}",
                    )

    # ---------------------------------------------------------- nodes.csv, links.csv
    def _differs(
        self, file: str, line: int, column: str, value: str, ident: str, want: str
    ) -> None:
        if value != want:
            self.problem(
                file,
                line,
                column,
                f"{value!r} differs from the record of {ident!r} (records.csv line "
                f"{self.records[ident][0]}: {want!r}); the import reads records.csv: make "
                f"the change there, or {REEXPORT}",
            )

    def node(self, line: int, row: dict[str, str]) -> None:
        ident = row["id"]
        if ident in self.nodes:
            self.problem(
                "nodes.csv",
                line,
                "id",
                f"duplicate id {ident!r}, first on line {self.nodes[ident]}; keep one",
            )
            return
        self.nodes[ident] = line
        if ident in self.refused:
            return
        if ident not in self.records:
            self.problem(
                "nodes.csv",
                line,
                "id",
                f"unknown reference {ident!r}: no record with that id in records.csv; {REEXPORT}",
            )
            return
        _, kind, record = self.records[ident]
        assert isinstance(record, Entity)
        self._differs("nodes.csv", line, "kind", row["kind"], ident, kind)
        self._differs("nodes.csv", line, "name", row["name"], ident, record.name)
        if row["subkind"]:  # an answer's export leaves it empty
            subkind = str(getattr(record, "kind", "") or "")
            self._differs("nodes.csv", line, "subkind", row["subkind"], ident, subkind)

    def link(self, line: int, row: dict[str, str]) -> None:
        source, target, rel = row["from"], row["to"], row["type"]
        ok = True
        for column in ("from", "to"):
            if row[column] not in self.nodes:
                ok = False
                self.problem(
                    "links.csv",
                    line,
                    column,
                    f"unknown reference {row[column]!r}: not a node in nodes.csv",
                )
        if rel not in LINK_TYPES:
            self.problem(
                "links.csv", line, "type", f"{rel!r} is not one of {', '.join(LINK_TYPES)}"
            )
            return
        if not ok or source not in self.records or target not in self.records:
            return
        if row["agreement"] in self.refused:
            return
        if rel == "FLOWS":
            self.flow(line, row)
            return
        record = self.records[source][2]
        holds = {
            "CUSTODIAN_OF": getattr(self.records[target][2], "custodian", None) == source,
            "PART_OF": getattr(record, "parent", None) == target,
            "DERIVED_FROM": target in getattr(record, "derived_from", []),
        }[rel]
        if not holds:
            self.problem(
                "links.csv",
                line,
                "type",
                f"{source} {rel} {target} is not in their records (records.csv); "
                f"the import reads records.csv: make the change there, or {REEXPORT}",
            )

    def flow(self, line: int, row: dict[str, str]) -> None:
        ident = row["agreement"]
        found = self.records.get(ident)
        if found is None or found[1] != "agreement":
            self.problem(
                "links.csv",
                line,
                "agreement",
                f"unknown reference {ident!r}: no agreement with that id in records.csv; "
                + REEXPORT,
            )
            return
        agreement = found[2]
        assert isinstance(agreement, Agreement)
        parties = {p.party for p in agreement.parties}
        for column in ("from", "to"):
            if row[column] not in parties:
                self.problem(
                    "links.csv",
                    line,
                    column,
                    f"{row[column]!r} is not a party to {ident} in records.csv",
                )
        self._differs(
            "links.csv", line, "agreement_name", row["agreement_name"], ident, agreement.name
        )
        self._differs(
            "links.csv", line, "agreement_kind", row["agreement_kind"], ident, agreement.kind
        )
        for column in DATE_COLUMNS:
            value = row.get(column, "")
            if value:
                try:
                    PartialDate.parse(value)
                except DateError as exc:
                    self.problem("links.csv", line, column, str(exc))
                    continue
            want = getattr(agreement, column)
            self._differs("links.csv", line, column, value, ident, str(want) if want else "")


def _yaml_record(record: Source | Entity) -> dict[str, Any]:
    """The record as a seed file holds it: id first, defaults left out."""
    data = record.model_dump(mode="json", exclude_defaults=True)
    return {"id": data.pop("id"), **data}


def plan_csv(folder: str | Path) -> Plan:
    """The seed records of a graphkit CSV export; SeedError naming each bad cell."""
    root = Path(folder)
    if not root.is_dir():
        raise GraphkitError(
            f"cannot read {root}: not a folder; name the folder graphkit export --format csv "
            "wrote (nodes.csv, links.csv, records.csv)"
        )
    reader = _Reader(root)
    problems = reader.problems
    fix = f"{REEXPORT}, which writes it"
    record_fix = (
        f"without it the export holds no records to rebuild seeds from (statuses, roles, "
        f"sources); {fix}"
    )
    records = _rows(root / "records.csv", RECORD_COLUMNS, problems, record_fix)
    nodes = _rows(root / "nodes.csv", NODE_COLUMNS, problems, fix)
    links = _rows(root / "links.csv", [*LINK_COLUMNS, *DATE_COLUMNS], problems, fix)
    if problems:
        raise InputError(problems)
    for line, row in records:
        reader.record(line, row)
    reader.references()
    for line, row in nodes:
        reader.node(line, row)
    for line, row in links:
        reader.link(line, row)
    if problems:
        raise InputError(problems)
    plan = Plan(str(root))
    for kind in RECORD_KINDS:
        for _, record_kind, record in reader.records.values():
            if record_kind == kind:
                plan.add(PLURAL[kind], _yaml_record(record))
    return plan
