"""The heap and page cache a started Neo4j gets: sized to the machine, as Neo4j sizes them.

``neo4j-admin server memory-recommendation`` recommends a heap and a page cache for the
machine's memory (it assumes the machine is Neo4j's alone) and prints the store's size
beside them. :func:`choose` asks the same code, in the jars the launcher runs on (its
``Memory`` class calls Neo4j's ``MemoryRecommendation`` as the command does), for the
memory of this machine (or of the cgroup it runs in, when that is less). The answer
depends only on that memory, so it is kept beside the launcher's build and the JVM runs
once per machine size. ``GRAPHKIT_NEO4J_HEAP`` and ``GRAPHKIT_NEO4J_PAGECACHE`` still
override each. The heap starts small (``-Xms128m``) and grows to its maximum only as
needed, where Neo4j would set both to the same value: the machines graphkit runs on are
seldom Neo4j's alone.

Example:
    >>> sizes = Sizes(heap=8 << 30, pagecache=10 << 30, memory=24 << 30, store=5 << 20)
    >>> print(sizes.line())
    heap 8.0 GiB, page cache 10.0 GiB (Neo4j's recommendation for 24.0 GiB of memory); store 5.0 MiB
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from graphkit.errors import GraphkitError
from graphkit.files import write_text

#: The launcher's class that prints Neo4j's recommendation (see Memory.java).
MEMORY_CLASS = "graphkit.launcher.Memory"
HEAP_ENV = "GRAPHKIT_NEO4J_HEAP"
PAGECACHE_ENV = "GRAPHKIT_NEO4J_PAGECACHE"
#: When Neo4j's recommendation cannot be computed: the sizes graphkit used before.
FALLBACK_HEAP, FALLBACK_PAGECACHE = 1 << 30, 64 << 20
#: Beside the launcher's build: the recommendation for a machine of N bytes.
CACHE_NAME = "memory-recommendation-{memory}"


@dataclass(frozen=True)
class Sizes:
    """What a start gives Neo4j, in bytes, and where each figure came from.

    ``heap_from`` / ``pagecache_from`` name the environment variable that set it, or are
    empty for Neo4j's recommendation; ``note`` says why the recommendation is missing,
    if it is.
    """

    heap: int
    pagecache: int
    memory: int
    store: int
    heap_from: str = ""
    pagecache_from: str = ""
    note: str = ""

    def jvm(self, value: int) -> str:
        """A size as the JVM and Neo4j read it (whole MiB).

        Example:
            >>> Sizes(0, 0, 0, 0).jvm(3 << 30)
            '3072m'
        """
        return f"{max(1, value >> 20)}m"

    def line(self) -> str:
        """The sizes in one line, each with where it came from (the start line and
        ``graphkit neo4j status`` show it)."""

        def part(name: str, value: int, source: str) -> str:
            return f"{name} {size_text(value)}" + (f" ({source})" if source else "")

        recommended = (
            f"Neo4j's recommendation for {size_text(self.memory)} of memory"
            if not self.note
            else self.note
        )
        heap = part("heap", self.heap, self.heap_from)
        cache = part("page cache", self.pagecache, self.pagecache_from)
        if not self.heap_from and not self.pagecache_from:
            text = f"{heap}, {cache} ({recommended})"
        elif self.heap_from and self.pagecache_from:
            text = f"{heap}, {cache}"
        else:
            text = f"{heap}, {cache}" + (
                f"; the other: {recommended}" if not self.note else f"; {self.note}"
            )
        text += f"; store {size_text(self.store)}"
        if self.store > self.pagecache:
            text += " (larger than the page cache: questions read from disk)"
        return text


def size_text(value: int) -> str:
    """Bytes in binary units, one decimal.

    Example:
        >>> size_text(1536 << 20), size_text(512)
        ('1.5 GiB', '512 B')
    """
    for unit, shift in (("TiB", 40), ("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if value >= 1 << shift:
            return f"{value / (1 << shift):.1f} {unit}"
    return f"{value} B"


def parse_size(text: str, variable: str) -> int:
    """A size as ``GRAPHKIT_NEO4J_HEAP`` takes it (``3g``, ``512m``, ``1024k``, bytes).

    Example:
        >>> parse_size("3g", "X"), parse_size("512M", "X")
        (3221225472, 536870912)

    Raises:
        Neo4jServerError: not a size (the message names the variable and the fix).
    """
    from graphkit.errors import Neo4jServerError

    value = text.strip().lower().removesuffix("b")  # "3600m", "2g", "3GB"
    shift = {"k": 10, "m": 20, "g": 30, "t": 40}.get(value[-1:], 0)
    digits = value[:-1] if shift else value
    if not digits.isdigit() or int(digits) == 0:
        raise Neo4jServerError(
            f"{variable}={text!r} is not a size. Fix: give a number with k, m or g "
            f"(for example {variable}=3g), or unset it to use Neo4j's recommendation."
        )
    return int(digits) << shift


def machine_memory() -> int:
    """The bytes of memory this process may use: the machine's, or its cgroup's limit
    when that is lower.

    Example:
        >>> machine_memory() > 0
        True
    """
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    for limit in ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"):
        try:
            text = Path(limit).read_text().strip()
        except OSError:
            continue
        if text.isdigit() and 0 < int(text) < total:
            total = int(text)
    return total


def store_bytes(data_dir: Path) -> int:
    """The bytes of the databases under ``data_dir/data/databases``.

    Example:
        >>> import tempfile
        >>> store_bytes(Path(tempfile.mkdtemp()))
        0
    """
    total = 0
    for folder, _dirs, files in os.walk(data_dir / "data" / "databases"):
        for name in files:
            try:
                total += os.lstat(os.path.join(folder, name)).st_size
            except OSError:  # removed meanwhile
                continue
    return total


def recommended(java: str, build_dir: Path, memory: int) -> tuple[int, int]:
    """Neo4j's recommended heap and page cache for ``memory`` bytes, from its own code
    (the launcher's ``Memory`` class), kept beside the build after the first time.

    Raises:
        OSError, subprocess.SubprocessError, ValueError: it could not be computed.
    """
    cache = build_dir / CACHE_NAME.format(memory=memory)
    try:
        text = cache.read_text(encoding="utf-8")
    except OSError:
        done = subprocess.run(
            [java, "-Xmx64m", f"@{build_dir / 'java.args'}", MEMORY_CLASS, str(memory)],
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
            stdin=subprocess.DEVNULL,
        )
        text = done.stdout
        _read_sizes(text)  # whole, or not kept
        write_text(cache, text, force=True)
    return _read_sizes(text)


def _read_sizes(text: str) -> tuple[int, int]:
    values = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    try:
        return parse_size(values["heap"], "heap"), parse_size(values["pagecache"], "pagecache")
    except GraphkitError as exc:
        raise ValueError(str(exc)) from None


def choose(java: str, build_dir: Path, data_dir: Path) -> Sizes:
    """The heap and page cache for a start of the server on ``data_dir``: each from its
    environment variable if set, else Neo4j's recommendation for this machine (the
    sizes graphkit used before, 1 GiB and 64 MiB, if it cannot be computed: the note
    says why).

    Raises:
        Neo4jServerError: an environment variable holds no size.
    """
    heap_env = os.environ.get(HEAP_ENV, "").strip()
    cache_env = os.environ.get(PAGECACHE_ENV, "").strip()
    memory = machine_memory()
    note = ""
    heap, pagecache = FALLBACK_HEAP, FALLBACK_PAGECACHE
    if not (heap_env and cache_env):
        try:
            heap, pagecache = recommended(java, build_dir, memory)
        except (OSError, subprocess.SubprocessError, ValueError, KeyError) as exc:
            note = f"Neo4j's recommendation could not be computed ({type(exc).__name__}): defaults"
    return Sizes(
        heap=parse_size(heap_env, HEAP_ENV) if heap_env else heap,
        pagecache=parse_size(cache_env, PAGECACHE_ENV) if cache_env else pagecache,
        memory=memory,
        store=store_bytes(data_dir),
        heap_from=HEAP_ENV if heap_env else "",
        pagecache_from=PAGECACHE_ENV if cache_env else "",
        note=note,
    )
