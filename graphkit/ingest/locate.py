"""Where the seed data comes from, and a fingerprint of its content.

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
    from graphkit.ingest.read import seed_files

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
