"""Read seed files, check them, and build GraphData: all of it or nothing.

Every problem is reported at once, each naming the file, the line, the field and
the fix. Nothing is half-loaded: :func:`load_seeds` returns data only when the
input is clean and raises :class:`~graphkit.errors.SeedError` otherwise. Large
inputs are checked streaming (:func:`check_stream`), then read again record by
record (:func:`iter_records`).

Example:
    >>> data = load_seeds()          # $GRAPHKIT_SEEDS, ./seeds or the bundled seeds
    >>> len(data.agreements) >= 25
    True
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from graphkit.errors import Problem, SeedError
from graphkit.ingest.checks import Index, check_cycles, evidence_warning, validated
from graphkit.ingest.locate import content_hash, locate_seeds
from graphkit.ingest.read import default_seed_paths, read_file, seed_files
from graphkit.model.data import GraphData
from graphkit.model.schema import KINDS, Entity, Source
from graphkit.runtime import paused_gc


def load_seeds(*paths: str | os.PathLike[str]) -> GraphData:
    """Read, validate and return the seed data under ``paths`` (default: ``seeds/``).

    Warnings (``data.warnings``) name what validates but answers less well than it could,
    such as an agreement in force with no reported end and no last evidence.

    Raises:
        SeedError: with every problem found; nothing is returned half-loaded.
    """
    with paused_gc(freeze=True):  # the records are kept: no later collection scans them
        return _load_seeds(paths)


def _load_seeds(paths: tuple[str | os.PathLike[str], ...]) -> GraphData:
    seeds = locate_seeds(paths)
    files = seed_files(seeds.paths)
    problems: list[Problem] = []
    raws = [raw for path in files for raw in read_file(path, problems)]
    index = Index()
    for raw in raws:
        index.add(raw, problems)
    data = GraphData()
    targets = data.by_kind()
    for raw in raws:
        record = validated(raw, index, problems)
        if record is not None:
            targets[raw.kind][record.id] = record
            data.origin[record.id] = (raw.file, raw.line())
            warning = evidence_warning(record, raw)
            if warning is not None:
                data.warnings.append(warning)
    check_cycles(index, problems)
    if problems:
        raise SeedError(problems)
    data.warnings.sort()
    data.provenance = seeds.describe(content_hash(seeds.paths))
    return data


def index_files(files: list[Path], problems: list[Problem]) -> Index:
    """The first streaming pass: every record's id, kind and links (read problems and
    duplicate ids go to ``problems``). Memory O(ids)."""
    index = Index()
    for path in files:
        for raw in read_file(path, problems):
            index.add(raw, problems)
    return index


def check_stream(*paths: str | os.PathLike[str]) -> Index:
    """Validate large inputs without holding them: two streaming passes, memory O(ids).

    Raises SeedError with every problem; returns the index when the input is clean.
    """
    files = seed_files(default_seed_paths(paths))
    problems: list[Problem] = []
    index = index_files(files, problems)
    for path in files:
        for raw in read_file(path, []):
            validated(raw, index, problems)
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
        for raw in read_file(path, []):
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
