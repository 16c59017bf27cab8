"""Reading a CSV file someone hands graphkit: one place for what can be wrong with it.

Both CSV importers (graphkit's own export, USAspending downloads) read through
:func:`read_rows`, so every file gets the same checks and the same advice: UTF-16 or a
binary file is named as such, a file that is not UTF-8 gets the command that converts
it, a cell larger than the csv module's default limit (128 KiB: a long record's JSON, a
corrupt header) is read rather than refused, and every problem names the file and line.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "a.csv"
    >>> _ = path.write_bytes("id,name\\nx,Caf\\xe9\\n".encode("latin-1"))
    >>> try:
    ...     read_rows(path)
    ... except InputError as exc:
    ...     print(exc.problems[0].line, exc.problems[0].message.split(";")[0])
    2 not UTF-8 (byte 0xe9)
"""

from __future__ import annotations

import contextlib
import csv
import sys
from collections.abc import Iterator
from pathlib import Path

from graphkit.errors import GraphkitError, InputError, Problem

#: The largest cell read: larger than any record graphkit writes, small enough that a
#: corrupt file cannot make one cell take the memory.
FIELD_LIMIT = 64 * 1024 * 1024
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(min(limit, sys.maxsize))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _kind_problem(name: str, head: bytes) -> Problem | None:
    """A problem for a file that is UTF-16 or binary, judged from its first bytes."""
    if head.startswith(_UTF16_BOMS):
        return Problem(
            name, 1, "", "UTF-16 text: save it as UTF-8 (iconv -f UTF-16 -t UTF-8 FILE > NEW)"
        )
    if b"\x00" in head:
        return Problem(name, 1, "", "a binary file, not CSV text: name the CSV file")
    return None


def read_rows(path: str | Path) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (cells stripped) and the ``(line, row)`` pairs of a UTF-8 CSV file, each
    cell stripped of surrounding white space.

    Raises:
        GraphkitError: there is no such file.
        InputError: the file cannot be read as UTF-8 CSV; the problem names the line and
            says how to fix it.
    """
    name = str(path)
    file = Path(path)
    if not file.is_file():
        raise GraphkitError(f"cannot read {name}: no such file; check the path")
    with file.open("rb") as raw:
        kind = _kind_problem(name, raw.read(8192))
    if kind is not None:
        raise InputError([kind])
    rows: list[tuple[int, dict[str, str]]] = []
    with (
        _field_limit(FIELD_LIMIT),
        file.open(newline="", encoding="utf-8-sig") as handle,
    ):
        reader = csv.DictReader(handle)
        try:
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            line = reader.line_num + 1
            for row in reader:
                rows.append((line, {k: (v or "").strip() for k, v in row.items() if k}))
                line = reader.line_num + 1
        except UnicodeDecodeError:
            at, byte = _first_bad_byte(file)
            message = (
                f"not UTF-8 (byte 0x{byte:02x}); save it as UTF-8 "
                "(from a spreadsheet: CSV UTF-8; or iconv -f LATIN1 -t UTF-8 FILE > NEW)"
            )
            raise InputError([Problem(name, at, "", message)]) from None
        except csv.Error as exc:
            message = f"unreadable CSV ({exc}); check the quoting on that line"
            raise InputError([Problem(name, reader.line_num or 1, "", message)]) from None
    return header, rows


def _first_bad_byte(file: Path) -> tuple[int, int]:
    """The line (of the file, from 1) and value of the first byte that is not UTF-8.

    Lines are split at newline bytes, which never occur inside a UTF-8 character, so each
    line decodes on its own exactly as the whole file would.
    """
    with file.open("rb") as raw:
        for number, line in enumerate(raw, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return number, line[exc.start]
    return 1, 0
