"""The input of a load, read for writing: its fingerprint before validation, then its
records, each file checked against that fingerprint as it is read.

:func:`snapshot` reads every file once for both its digest and the input's version
(the content hash the meta node records); :func:`records` streams the validated
records the writers turn into rows, and stops with
:class:`~graphkit.errors.InputChanged` when a file is not what was validated.

Example:
    >>> from graphkit.ingest.locate import bundled_seed_dir
    >>> taken = snapshot([str(bundled_seed_dir())])
    >>> taken.version == stream_version([str(bundled_seed_dir())])
    True
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.errors import InputChanged
from graphkit.model.schema import KINDS, Entity, Source

Origin = tuple[str, int | None]


@dataclass(frozen=True)
class Snapshot:
    """The input as it was before validation: its files, each file's digest, and the
    version (content hash) the meta node records. Writing checks against it."""

    paths: tuple[str, ...]
    files: tuple[Path, ...]
    digests: tuple[str, ...]
    version: str


def snapshot(paths: list[str]) -> Snapshot:
    """Take the input's fingerprint: call it before validating, so that the bytes
    validated are the bytes written (a change in between stops the load).

    Each file is read once, for its own digest and for the version: the same hash as
    :func:`graphkit.ingest.locate.content_hash` (names relative to their root, then bytes).
    """
    from graphkit.ingest.read import default_seed_paths, seed_files

    roots = [str(p) for p in default_seed_paths(paths)]
    files = seed_files(roots)  # what validation reads (each file once); raises SeedError
    version = hashlib.sha256()
    digests: dict[Path, str] = {}
    for raw in roots:
        root = Path(raw)
        for path in seed_files([root]):
            name = path.relative_to(root).as_posix() if root.is_dir() else path.name
            version.update(name.encode() + b"\0")
            digest = hashlib.sha256()
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
                    version.update(chunk)
            version.update(b"\0")
            digests.setdefault(path, digest.hexdigest())
    return Snapshot(
        tuple(roots),
        tuple(files),
        tuple(digests[path] for path in files),
        "b" + version.hexdigest()[:11],
    )


def file_digest(path: Path) -> str:
    """The SHA-256 of one file's bytes, read in chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def stream_version(paths: list[str]) -> str:
    """A hash of the input files' names and bytes (cheap for large inputs)."""
    from graphkit.ingest.locate import content_hash
    from graphkit.ingest.read import default_seed_paths

    return "b" + content_hash(default_seed_paths(paths))[:11]


def records(taken: Snapshot) -> Iterator[tuple[str, Source | Entity, Origin]]:
    """``(kind, record, (file, line))`` from the files validated; each file, once read, is
    checked against its digest from before validation."""
    from pydantic import ValidationError

    from graphkit.ingest.read import read_file

    for path, digest in zip(taken.files, taken.digests, strict=True):
        problems: list[Any] = []
        for raw in read_file(path, problems):
            try:
                record = KINDS[raw.kind][0].model_validate(raw.data)
            except ValidationError:
                raise InputChanged(changed_message(str(path))) from None
            yield raw.kind, record, (raw.file, raw.line())  # type: ignore[misc]
        if problems or file_digest(path) != digest:
            raise InputChanged(changed_message(str(path)))


def entities(taken: Snapshot) -> Iterator[Entity]:
    """The entities of :func:`records` (sources define no relationship)."""
    for _kind, record, _origin in records(taken):
        if not isinstance(record, Source):
            yield record


def changed_message(what: str) -> str:
    return (
        f"the input changed while it was being loaded ({what} is not what was validated); "
        "the load stopped and is left incomplete, so questions refuse to answer until a load "
        "finishes. Run `graphkit load` again once the input no longer changes: it validates "
        "the input as it is then and starts over."
    )
