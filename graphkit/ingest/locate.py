"""Where the seed data comes from, which files it is, and a fingerprint of its content.

Seeds are looked up in this order, first match wins:

1. paths given explicitly (``--seeds``, or ``open_graph(paths)``);
2. ``$GRAPHKIT_SEEDS`` (one path, or several joined with ``os.pathsep``);
3. a ``seeds`` folder in the current working folder;
4. the seeds bundled with the installed package.

Every answer names the seeds it used (see :class:`SeedSet.describe`), so a stray
``./seeds`` folder is never a silent surprise.

Example:
    >>> seeds = locate_seeds([], cwd=Path("/nonexistent"), env={})
    >>> seeds.origin, seeds.paths == (bundled_seed_dir(),)
    ('bundled', True)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphkit.errors import Problem, SeedError

SEED_SUFFIXES = (".yaml", ".yml", ".jsonl")
#: An import's judgements on who is who (graphkit.interop.resolve): kept with the seeds,
#: never read as seeds.
RESOLUTION_FILE = "resolutions.yaml"
#: Table files that look like seed data but are not read: reported rather than skipped.
TABLE_SUFFIXES = (".csv", ".tsv")

#: How each origin is named to people.
ORIGINS = {
    "paths": "given",
    "env": "from GRAPHKIT_SEEDS",
    "cwd": "./seeds in the working folder",
    "bundled": "bundled with graphkit",
}


@dataclass(frozen=True)
class SeedSet:
    """Seed paths and how they were chosen (``paths``, ``env``, ``cwd`` or ``bundled``)."""

    paths: tuple[Path, ...]
    origin: str

    def describe(self, content: str | None = None) -> str:
        """One line for an answer's header.

        Example:
            >>> SeedSet((Path("seeds"),), "cwd").describe("1a2b3c4d5e6f")
            'seeds: seeds (./seeds in the working folder), content 1a2b3c4d5e6f'
        """
        if self.origin == "bundled":
            text = "seeds: bundled with graphkit"
        else:
            text = f"seeds: {', '.join(map(str, self.paths))} ({ORIGINS[self.origin]})"
        return f"{text}, content {content}" if content else text


def bundled_seed_dir() -> Path:
    """The seeds shipped inside the package (``graphkit/bundled_seeds``)."""
    return Path(str(resources.files("graphkit") / "bundled_seeds"))


def locate_seeds(
    paths: Iterable[str | os.PathLike[str]],
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> SeedSet:
    """The seeds to read: ``paths`` if any, else ``$GRAPHKIT_SEEDS``, ``./seeds``, the bundled.

    Example:
        >>> locate_seeds(["a.yaml"]).origin
        'paths'
        >>> locate_seeds([], env={"GRAPHKIT_SEEDS": "/data/seeds"}).paths
        (PosixPath('/data/seeds'),)
    """
    given = tuple(Path(p) for p in paths)
    if given:
        return SeedSet(given, "paths")
    environ = os.environ if env is None else env
    value = environ.get("GRAPHKIT_SEEDS", "").strip()
    if value:
        return SeedSet(tuple(Path(p) for p in value.split(os.pathsep) if p), "env")
    local = (cwd or Path.cwd()) / "seeds"
    if local.is_dir():
        return SeedSet((Path("seeds") if cwd is None else local,), "cwd")
    return SeedSet((bundled_seed_dir(),), "bundled")


def content_hash(roots: Iterable[str | os.PathLike[str]]) -> str:
    """A short hash of the seed files under ``roots``: their names and bytes.

    Names are taken relative to their root, so the same seeds hash the same wherever
    they are installed; the bulk loader uses it to know a resumed load reads the same input.

    Example:
        >>> content_hash([bundled_seed_dir()]) == bundled_seeds_hash()
        True
    """
    digest = hashlib.sha256()
    for raw in roots:
        root = Path(raw)
        for path in seed_files([root]):
            name = path.relative_to(root).as_posix() if root.is_dir() else path.name
            digest.update(name.encode() + b"\0")
            with path.open("rb") as handle:
                while chunk := handle.read(1 << 20):
                    digest.update(chunk)
            digest.update(b"\0")
    return digest.hexdigest()[:12]


def bundled_seeds_hash() -> str:
    """The content hash of the bundled seeds (``graphkit --version`` prints it)."""
    return content_hash([bundled_seed_dir()])


def seed_files(paths: Iterable[str | os.PathLike[str]]) -> list[Path]:
    """The seed files under ``paths`` (files or folders), in a stable order.

    Raises SeedError when a path does not exist or holds no seed file.
    """
    out: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()
    for raw in paths:
        path = Path(raw)
        if path.resolve() in seen:  # the same folder or file named twice is read once
            continue
        seen.add(path.resolve())
        if path.is_dir():
            inside = [p for p in path.rglob("*") if not _hidden(p.relative_to(path))]
            found = sorted(
                p
                for p in inside
                if p.suffix in SEED_SUFFIXES and p.is_file() and p.name != RESOLUTION_FILE
            )
            tables = sorted(p for p in inside if p.suffix in TABLE_SUFFIXES and p.is_file())
            problems.extend(_table_problem(p) for p in tables)
            if not found and not tables:
                problems.append(Problem(str(path), None, "", "no .yaml or .jsonl seed file here"))
            out.extend(p for p in found if p.resolve() not in seen)
            seen.update(p.resolve() for p in found)
        elif path.is_file() and path.suffix in TABLE_SUFFIXES:
            problems.append(_table_problem(path))
        elif path.is_file():
            out.append(path)
            seen.add(path.resolve())
        else:
            problems.append(Problem(str(path), None, "", "no such file or folder; check the path"))
    if problems:
        raise SeedError(problems)
    return out


def _hidden(relative: Path) -> bool:
    """Under a folder whose name starts with a dot (``.git``, a half-written staging
    folder): never seeds."""
    return any(part.startswith(".") for part in relative.parts[:-1])


def _table_problem(path: Path) -> Problem:
    return Problem(
        display(path),
        None,
        "",
        f"graphkit does not read {path.suffix} files; convert it to JSON Lines named after "
        "its kind (agencies.jsonl: one JSON object per line) or YAML, "
        "or move it out of the seed folder",
    )


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
