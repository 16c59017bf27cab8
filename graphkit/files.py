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
import shutil
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temp_beside(target: Path, mode: int | None = None) -> Path:
    """An empty temporary file in ``target``'s folder (created, with the folder if needed),
    with ``mode`` if given, else the mode a new file gets there (0666 less the umask), or
    the mode of the file it will replace. Its name is short, so a target name near the
    system's limit still works.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gk-", suffix=".tmp", dir=target.parent)
        os.close(fd)  # created 0600: nobody else could open it meanwhile
        if mode is not None:
            os.chmod(tmp, mode)
        elif target.is_file():
            shutil.copymode(target, tmp)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
    except OSError as exc:
        raise GraphkitError(f"cannot write {target}: {exc.strerror or exc}", "output") from None
    return Path(tmp)


def _put(tmp: Path, target: Path, *, force: bool) -> None:
    """Move the finished ``tmp`` to ``target``: over it with ``force``; otherwise only if
    ``target`` still does not exist, checked by the file system itself (a hard link fails
    on an existing name), so a file that appeared meanwhile is never replaced."""
    if force:
        os.replace(tmp, target)
        return
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise OutputExists(
            f"output {target} appeared while it was written: name another file, or pass "
            "--force to replace it",
            "output",
        ) from None
    except OSError:  # a file system without hard links: the check just made must do
        check_writable([target])
        os.replace(tmp, target)
        return
    os.unlink(tmp)


@contextlib.contextmanager
def staged(path: str | Path, *, force: bool = False, mode: int | None = None) -> Iterator[Path]:
    """A temporary file's path beside ``path``, moved to ``path`` when the block ends
    without an error (see :func:`_put`); removed otherwise. A missing parent folder is
    created. The file gets ``mode`` if given, else the mode a new file would (or the
    replaced file's).

    Raises:
        OutputExists: ``path`` exists and ``force`` is false.
        GraphkitError: the file cannot be written (the message names it and the reason).
    """
    with staged_set([path], force=force, mode=mode) as (tmp,):
        yield tmp


@contextlib.contextmanager
def staged_set(
    paths: Iterable[str | Path], *, force: bool = False, mode: int | None = None
) -> Iterator[list[Path]]:
    """Temporary files for several outputs that belong together (a CSV export's files):
    none is moved into place until every one is written, and if one cannot be moved the
    ones already moved are removed again (or, with ``force``, the files they replaced
    are lost: each is still whole).

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> with staged_set([folder / "a.csv", folder / "b.csv"]) as (a, b):
        ...     _ = a.write_text("a"), b.write_text("b")
        >>> sorted(p.name for p in folder.iterdir())
        ['a.csv', 'b.csv']
    """
    targets = [Path(p) for p in paths]
    check_writable(targets, force=force)
    temps: list[Path] = []
    moved: list[Path] = []
    writing = " and ".join(str(t) for t in targets)  # what the message names on a failure
    try:
        for target in targets:
            temps.append(_temp_beside(target, mode))
        yield temps
        for tmp, target in zip(temps, targets, strict=True):
            writing = str(target)
            _put(tmp, target, force=force)
            moved.append(target)
    except OSError as exc:
        _undo(moved, force)
        raise GraphkitError(f"cannot write {writing}: {exc.strerror or exc}", "output") from None
    except BaseException:
        _undo(moved, force)
        raise
    finally:
        for tmp in temps:
            _remove(str(tmp))


def _undo(moved: list[Path], force: bool) -> None:
    if not force:  # they were new: take them away again
        for path in moved:
            _remove(str(path))


@contextlib.contextmanager
def atomic_write(
    path: str | Path, *, force: bool = False, newline: str | None = None, mode: int | None = None
) -> Iterator[IO[str]]:
    """A UTF-8 text handle whose content reaches ``path`` only whole (see :func:`staged`)."""
    with (
        staged(path, force=force, mode=mode) as tmp,
        tmp.open("w", encoding="utf-8", newline=newline) as out,
    ):
        yield out
        out.flush()
        os.fsync(out.fileno())


def write_text(
    path: str | Path, text: str, *, force: bool = False, mode: int | None = None
) -> Path:
    """Write ``text`` to ``path`` atomically (see :func:`staged`); returns the path."""
    with atomic_write(path, force=force, mode=mode) as handle:
        handle.write(text)
    return Path(path)


def write_with(
    path: str | Path,
    writer: Callable[[Path], Any],
    *,
    force: bool = False,
    mode: int | None = None,
) -> Path:
    """Let ``writer`` (a function that takes a file name, such as networkx's
    ``write_graphml``) write a temporary file, then rename it to ``path``."""
    with staged(path, force=force, mode=mode) as tmp:
        writer(tmp)
    return Path(path)


#: A file only its owner may read or write.
PRIVATE = 0o600


def private_folder(path: str | Path) -> Path:
    """``path`` as a folder only its owner may use (0700), created with its parents if
    missing; returns it.

    Example:
        >>> import tempfile, pathlib
        >>> folder = private_folder(pathlib.Path(tempfile.mkdtemp()) / "state" / "servers")
        >>> oct(folder.stat().st_mode & 0o777)
        '0o700'
    """
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    folder.chmod(0o700)
    return folder


def write_private(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` whole (see :func:`staged`), over any file there (a link
    there is replaced, never written through), readable by its owner only from the first
    byte on, in a folder of the owner's own (:func:`private_folder`).

    Example:
        >>> import tempfile, pathlib
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "private" / "entry"
        >>> oct(write_private(target, "secret").stat().st_mode & 0o777)
        '0o600'
    """
    private_folder(Path(path).parent)
    return write_text(path, text, force=True, mode=PRIVATE)


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
