"""CSV files in and out: one place for what can be wrong with a CSV file someone hands
graphkit (:func:`read_rows`), and for writing graphkit's own (:func:`write_tables`).

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
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path
from typing import Any

from graphkit.errors import GraphkitError, InputError, Problem
from graphkit.text import strip_space

#: The largest cell read: larger than any record graphkit writes, small enough that a
#: corrupt file cannot make one cell take the memory.
FIELD_LIMIT = 64 * 1024 * 1024
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
#: The first bytes of files people mistake for CSV: a spreadsheet (zip), PDF, gzip, PNG.
_BINARY_STARTS = (b"PK\x03\x04", b"%PDF", b"\x1f\x8b", b"\x89PNG")


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    previous = csv.field_size_limit(min(limit, sys.maxsize))
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _kind_problem(name: str, head: bytes) -> Problem | None:
    """A problem for a file that is UTF-32, UTF-16 or binary, judged from its first bytes.

    UTF-16 without a byte-order mark shows as a zero byte in every other place; a binary
    file by its signature or by many zero bytes. A stray zero byte in a CSV cell (a name
    graphkit itself exported) is neither.
    """
    for boms, width in ((_UTF32_BOMS, "32"), (_UTF16_BOMS, "16")):
        if head.startswith(boms):
            fix = f"save it as UTF-8 (iconv -f UTF-{width} -t UTF-8 FILE > NEW)"
            return Problem(name, 1, "", f"UTF-{width} text: {fix}")
    pairs = head[: len(head) // 2 * 2]
    if len(pairs) >= 4:
        odd, even = pairs[1::2], pairs[0::2]
        for zeros, order in ((odd, "LE"), (even, "BE")):
            if zeros.count(0) == len(zeros) and (odd if order == "BE" else even).count(0) == 0:
                fix = f"save it as UTF-8 (iconv -f UTF-16{order} -t UTF-8 FILE > NEW)"
                return Problem(name, 1, "", f"UTF-16 text: {fix}")
    if head.startswith(_BINARY_STARTS) or head.count(0) > max(8, len(head) // 100):
        return Problem(name, 1, "", "a binary file, not CSV text: name the CSV file")
    return None


def read_rows(
    path: str | Path, keep: Collection[str] | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The header (cells stripped) and the ``(line, row)`` pairs of a UTF-8 CSV file, each
    cell stripped of surrounding white space; ``keep``: only these columns are kept in
    the rows (a download of 300 columns, of which an import reads 30).

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
        reader = csv.DictReader(handle, strict=True)  # an unclosed quote is an error
        line = 1
        try:
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            line = reader.line_num + 1
            wanted = [h for h in header if h and (keep is None or h in keep)]
            for row in reader:
                rows.append((line, {k: strip_space(row.get(k) or "") for k in wanted}))
                line = reader.line_num + 1
        except UnicodeDecodeError:
            at, byte = _first_bad_byte(file)
            message = (
                f"not UTF-8 (byte 0x{byte:02x}); save it as UTF-8 "
                "(from a spreadsheet: CSV UTF-8; or iconv -f LATIN1 -t UTF-8 FILE > NEW)"
            )
            raise InputError([Problem(name, at, "", message)]) from None
        except csv.Error as exc:
            message = f"unreadable CSV ({exc}); check the quoting of the row on that line"
            raise InputError([Problem(name, line, "", message)]) from None
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


#: A table to write: its columns, and its rows (dicts; missing keys are empty cells).
Table = tuple[list[str], Iterable[dict[str, Any]]]


def write_tables(folder: Path, tables: dict[str, Table], *, force: bool = False) -> list[Path]:
    r"""Write CSV files that belong together into ``folder``: every cell safe to open in a
    spreadsheet (:func:`~graphkit.text.spreadsheet_cell`), and the set written whole or not
    at all (:func:`~graphkit.files.staged_set`): an error or Ctrl-C halfway leaves no new
    file and every old one as it was. Returns the paths, in the order given.

    Example:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> [p.name for p in write_tables(folder, {"a.csv": (["id"], [{"id": "=1"}])})]
        ['a.csv']
        >>> (folder / "a.csv").read_bytes()
        b"id\r\n'=1\r\n"
    """
    from graphkit.files import staged_set
    from graphkit.text import spreadsheet_row

    paths = [folder / name for name in tables]
    with staged_set(paths, force=force) as temps:
        for tmp, (columns, rows) in zip(temps, tables.values(), strict=True):
            with tmp.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, columns, extrasaction="ignore", restval="")
                writer.writeheader()
                writer.writerows(spreadsheet_row(row) for row in rows)
    return paths
