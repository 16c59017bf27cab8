"""Writing output files: whole or not at all, and never over a file without being asked.

Every file graphkit writes for a user (exports, views, synthetic graphs) goes through
:func:`atomic_write`: the content goes to a temporary file beside the target, which is
renamed over the target only once it is complete. Ctrl-C, a full disk or an error halfway
leaves the previous file as it was and no partial file behind. An existing target is
replaced only with ``force=True`` (the command line's ``--force``).

Example:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_write(target) as handle:
    ...     _ = handle.write("first")
    >>> try:
    ...     with atomic_write(target) as handle:
    ...         _ = handle.write("second")
    ... except OutputExists as exc:
    ...     print(exc.argument, "|", target.read_text())
    output | first
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from graphkit.errors import GraphkitError


class OutputExists(GraphkitError):
    """The output file is there already, and replacing it was not asked for."""


def check_writable(paths: Iterable[Path], *, force: bool = False) -> None:
    """Refuse, before anything is written, an output that exists (unless ``force``) or
    that is a folder where a file is wanted.

    Raises:
        OutputExists: the message names the file and says to pass ``--force``.
    """
    for path in paths:
        if path.is_dir():
            raise OutputExists(f"output {path} is a folder: name a file", "output")
        if path.exists() and not path.is_file():  # a device, a pipe: never replaced by a file
            raise OutputExists(f"output {path} is not a regular file: name a file", "output")
        if (path.exists() or path.is_symlink()) and not force:
            raise OutputExists(
                f"output {path} exists: name another file, or pass --force to replace it",
                "output",
            )


@contextlib.contextmanager
def staged(path: str | Path, *, force: bool = False) -> Iterator[Path]:
    """A temporary file's path beside ``path``, renamed to ``path`` when the block ends
    without an error; removed otherwise. A missing parent folder is created.

    Raises:
        OutputExists: ``path`` exists and ``force`` is false.
        GraphkitError: the file cannot be written (the message names it and the reason).
    """
    target = Path(path)
    check_writable([target], force=force)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(fd)
    except OSError as exc:
        raise GraphkitError(f"cannot write {target}: {exc.strerror or exc}", "output") from None
    try:
        yield Path(tmp)
        if not force:  # a file that appeared meanwhile is not replaced either
            check_writable([target])
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise GraphkitError(f"cannot write {target}: {exc.strerror or exc}", "output") from None
    except BaseException:
        _remove(tmp)
        raise


@contextlib.contextmanager
def atomic_write(
    path: str | Path, *, force: bool = False, newline: str | None = None
) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content reaches ``path`` only whole (see :func:`staged`)."""
    with staged(path, force=force) as tmp, tmp.open("w", encoding="utf-8", newline=newline) as out:
        yield out
        out.flush()
        os.fsync(out.fileno())


def write_text(path: str | Path, text: str, *, force: bool = False) -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`staged`); returns the path."""
    with atomic_write(path, force=force) as handle:
        handle.write(text)
    return Path(path)


def write_with(path: str | Path, writer: Callable[[Path], Any], *, force: bool = False) -> Path:
    """Let ``writer`` (a function that takes a file name, such as networkx's
    ``write_graphml``) write a temporary file, then rename it to ``path``."""
    with staged(path, force=force) as tmp:
        writer(tmp)
    return Path(path)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
