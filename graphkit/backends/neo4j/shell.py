"""The console's prompt and scripts: statements ended by ``;``, and cypher-shell's commands.

``graphkit cypher`` with no query reads statements from a prompt, a file (``-f``) or
standard input. A statement may run over several lines and ends at a ``;`` outside
strings, quoted names and comments. A line that starts with ``:`` between statements is a
command, as in cypher-shell:

- ``:param name => expression`` sets ``$name`` to the expression's value (the server
  evaluates ``RETURN expression``, with the same refusals and limits as any query);
- ``:param {name: expression, ...}`` sets each key of the map;
- ``:params`` lists the parameters set; ``:params clear`` (or ``:param clear``) forgets them;
- ``:help`` lists the commands; ``:exit`` ends the session.

Each statement runs through :func:`graphkit.backends.neo4j.console.run_read_only`, so a
script is refused and limited exactly as one query is.

Example:
    >>> from graphkit.backends.neo4j.console import Answer
    >>> seen = []
    >>> def run(query, params):
    ...     seen.append((query, dict(params)))
    ...     return Answer(["value"], [{"value": 2025}])
    >>> session = Session(run, show=lambda answer: None, say=print)
    >>> script = ":param year => 2025\\nMATCH (a)\\nRETURN a.year = $year;\\n"
    >>> session.run_script(script, "q.cypher")
    >>> seen[-1]
    ('MATCH (a)\\nRETURN a.year = $year', {'year': 2025})
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graphkit.backends.neo4j.console import Answer, check_text
from graphkit.errors import GraphkitError
from graphkit.files import PRIVATE, private_folder, write_with

__all__ = [
    "HELP",
    "Item",
    "Session",
    "Splitter",
    "check_script",
    "history_file",
    "line_reader",
    "split_script",
]

HELP = """\
Statements end with ';' and may run over several lines. Commands:
  :param name => expression   set $name (the server evaluates the expression)
  :param {name: expression}   set every key of a map
  :params                     list the parameters set; ':params clear' forgets them
  :help                       this list
  :exit                       end the session (or Ctrl-D)
Only reads of the graph run: writes, LOAD CSV, server commands and most procedures are
refused, as for a single query; --limit and --timeout hold for each statement."""

_PARAM = re.compile(r":param\s+([A-Za-z_][A-Za-z0-9_]*|`[^`]+`)\s*=>\s*(.+?)\s*;?\s*$", re.DOTALL)
_PARAM_MAP = re.compile(r":param\s+(\{.*\})\s*;?\s*$", re.DOTALL)


@dataclass(frozen=True)
class Item:
    """One statement or command of a script, and the line it starts on."""

    text: str
    line: int
    command: bool  # a ``:`` command rather than a Cypher statement


class Splitter:
    """Turns lines into statements and commands as they come (a prompt or a file).

    Example:
        >>> s = Splitter()
        >>> s.feed("MATCH (n) // a comment; not an end")
        []
        >>> s.feed("RETURN 'a;b' AS x; RETURN 2;")
        [Item(text="MATCH (n) // a comment; not an end\\nRETURN 'a;b' AS x", line=1, command=False), Item(text='RETURN 2', line=2, command=False)]
    """  # noqa: E501

    def __init__(self) -> None:
        self._buffer = ""
        self._start = 0  # the line the pending statement's code starts on
        self._line = 0
        self._state: str | None = None  # inside ' " ` /* at the buffer's end, or None

    @property
    def pending(self) -> bool:
        """Whether a statement has begun and not yet ended with ``;``."""
        return self._state == "/*" or not _blank(self._buffer)

    def feed(self, line: str) -> list[Item]:
        """The statements and commands that ``line`` completes."""
        self._line += 1
        if not self.pending and line.lstrip().startswith(":"):
            self._buffer, self._state = "", None
            return [Item(line.strip(), self._line, True)]
        if not self.pending:
            self._start = self._line
        out: list[Item] = []
        text = self._buffer + line + "\n"
        position, cut, state = len(self._buffer), 0, self._state  # the buffer is scanned
        while position < len(text):
            position, state, end = _scan(text, position, state)
            if end:
                statement = text[cut : position - 1].strip()
                if not _blank(statement):
                    out.append(Item(statement, self._start, False))
                cut = position
                self._start = self._line
        self._buffer, self._state = text[cut:], state
        if _blank(self._buffer) and state is None:
            self._buffer = ""
        return out

    def finish(self) -> list[Item]:
        """The last statement when the input ends without ``;`` (none when it is blank)."""
        rest, self._buffer, self._state = self._buffer.strip(), "", None
        return [] if _blank(rest) else [Item(rest, self._start, False)]

    def clear(self) -> None:
        """Drop the pending statement (Ctrl-C at the prompt)."""
        self._buffer, self._state = "", None


def _scan(text: str, i: int, state: str | None) -> tuple[int, str | None, bool]:
    """One step of the lexer: (next position, state after, whether a ``;`` ended here)."""
    c = text[i]
    if state is None:
        if c in "'\"`":
            return i + 1, c, False
        if text.startswith("//", i):
            return i + 2, "//", False
        if text.startswith("/*", i):
            return i + 2, "/*", False
        return i + 1, None, c == ";"
    if state in "'\"":
        if c == "\\":
            return i + 2, state, False
        return i + 1, (None if c == state else state), False
    if state == "`":
        if c == "`" and text.startswith("``", i):
            return i + 2, state, False
        return i + 1, (None if c == "`" else state), False
    if state == "//":
        return i + 1, (None if c == "\n" else state), False
    if text.startswith("*/", i):  # state == "/*"
        return i + 2, None, False
    return i + 1, state, False


def _blank(text: str) -> bool:
    """True when ``text`` holds nothing but comments and blanks."""
    position, state, code = 0, None, False
    while position < len(text):
        before = state
        position, state, _end = _scan(text, position, state)
        if before is None and state is None and not text[position - 1].isspace():
            code = True
        if before is None and state in ("'", '"', "`"):
            code = True
    return not code


def split_script(text: str) -> Iterator[Item]:
    """Every statement and command of a script, in order.

    Example:
        >>> [i.text for i in split_script(":param a => 1\\nRETURN $a;\\n// done\\n")]
        [':param a => 1', 'RETURN $a']
    """
    splitter = Splitter()
    for line in text.splitlines():
        yield from splitter.feed(line)
    yield from splitter.finish()


class ExitSession(Exception):
    """``:exit``: the session ends."""


class Session:
    """Statements and commands run one after another, with the parameters set so far.

    ``run(query, params)`` runs one statement (the read-only console); ``show`` prints
    its answer; ``say`` prints a message (to stderr).
    """

    def __init__(
        self,
        run: Callable[[str, dict[str, Any]], Answer],
        show: Callable[[Answer], None],
        say: Callable[[str], None],
        params: dict[str, Any] | None = None,
    ) -> None:
        self.run, self.show, self.say = run, show, say
        self.params: dict[str, Any] = dict(params or {})

    def do(self, item: Item) -> None:
        """Run one statement or command. Raises GraphkitError; ExitSession on ``:exit``."""
        if not item.command:
            self.show(self.run(item.text, self.params))
            return
        word = item.text.split(None, 1)[0].rstrip(";")
        if word in (":exit", ":quit"):
            raise ExitSession
        if word == ":help":
            self.say(HELP)
        elif word == ":params" or item.text.rstrip(";").split() == [":param", "clear"]:
            self._params(item.text)
        elif word == ":param":
            self._set(item.text)
        else:
            raise GraphkitError(f"unknown command {word!r}; :help lists the commands")

    def _params(self, text: str) -> None:
        if text.rstrip(";").split()[1:] == ["clear"]:
            self.params.clear()
            self.say("parameters cleared")
            return
        if text.rstrip(";").split()[1:]:
            raise GraphkitError("':params' takes no argument but 'clear'")
        from graphkit.backends.neo4j.cypher_text import literal

        shown = []
        for name, value in self.params.items():
            try:
                shown.append(f":param {name} => {literal(value)}")
            except (TypeError, ValueError) as exc:  # a node, a key with a line break...
                shown.append(f":param {name} => (not shown: {exc})")
        self.say("\n".join(shown) or "no parameters set; set one with :param name => value")

    def _set(self, text: str) -> None:
        one, many = _PARAM.match(text), _PARAM_MAP.match(text)
        if many:
            value = self._evaluate(many.group(1))
            if not isinstance(value, dict):
                raise GraphkitError(f"{many.group(1)} is not a map; write :param {{name: value}}")
            self.params.update(value)
        elif one:
            self.params[one.group(1).strip("`")] = self._evaluate(one.group(2))
        else:
            raise GraphkitError(
                f"{text!r} is not a parameter; write :param name => value, "
                "e.g. :param day => '2025-08-01'"
            )

    def _evaluate(self, expression: str) -> Any:
        answer = self.run(f"RETURN {expression}\nAS value", self.params)
        return answer.rows[0]["value"] if answer.rows else None

    def run_script(self, text: str, name: str) -> None:
        """Run every statement of a script in order; the first failure stops it, with
        the file and line it is on (statements before it have run and shown).

        Every statement is checked by its text before the first one runs, so a script
        with a refused statement runs nothing.
        """
        items = check_script(text, name)
        for item in items:
            try:
                _at(name, item, self.do, item)
            except ExitSession:
                return

    def prompt(self, read: Callable[[str], str], database: str) -> None:
        """Read and run statements until ``:exit`` or end of input (Ctrl-D). A failed
        statement says why and the prompt goes on; Ctrl-C drops the statement typed or
        stops the one running."""
        splitter = Splitter()
        self.say(f"Connected to {database} (read-only). Statements end with ';'; :help, :exit.")
        while True:
            try:
                line = read(f"{database}> " if not splitter.pending else " " * len(database) + "| ")
            except KeyboardInterrupt:
                splitter.clear()
                self.say("")
                continue
            except EOFError:
                if splitter.pending:
                    self.say("\n(the statement not ended with ';' was not run)")
                return
            try:
                for item in splitter.feed(line):
                    self.do(item)
            except ExitSession:
                return
            except KeyboardInterrupt:
                self.say("Interrupted: the query was stopped on the server.")
            except GraphkitError as exc:
                self.say(f"error: {exc}")


def check_script(text: str, name: str) -> list[Item]:
    """The script's statements and commands, each statement checked by its text
    (:func:`~graphkit.backends.neo4j.console.check_text`) before any runs.

    Example:
        >>> check_script("RETURN 1;\\nMATCH (n) DETACH DELETE n;", "s.cypher")[0].text
        'RETURN 1'
        >>> check_script("RETURN 1;\\nLOAD CSV FROM 'file:///x' AS l RETURN l;", "s.cypher")
        Traceback (most recent call last):
        ...
        graphkit.errors.GraphkitError: s.cypher:2: graphkit cypher reads the graph only: LOAD CSV is refused (it reads files and fetches URLs).
    """  # noqa: E501
    items = list(split_script(text))
    for item in items:
        if not item.command:
            _at(name, item, check_text, item.text)
    return items


@contextlib.contextmanager
def line_reader() -> Iterator[Callable[[str], str]]:
    """``input`` with line editing and a history kept in :func:`history_file` (readline,
    where Python has it), saved when the prompt ends."""
    try:
        import readline
    except ImportError:  # no readline (Windows): plain input
        yield input
        return
    path = history_file()
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    readline.set_history_length(1000)
    try:
        yield input
    finally:
        with contextlib.suppress(OSError, GraphkitError):  # a history not kept: no error
            _save_history(readline.write_history_file, path)


def _save_history(write: Callable[[Path], None], path: Path) -> None:
    """Write the history to ``path``, created private (queries may name people), never
    through a link."""
    if path.is_symlink():
        return
    private_folder(path.parent)
    write_with(path, write, force=True, mode=PRIVATE)


def _at(name: str, item: Item, func: Callable[..., Any], *args: Any) -> Any:
    """Call ``func``; a GraphkitError it raises says the script's file and line."""
    try:
        return func(*args)
    except GraphkitError as exc:
        raise GraphkitError(f"{name}:{item.line}: {exc}", exc.argument) from None


def history_file() -> Path:
    """Where the prompt keeps its history: ``$GRAPHKIT_CYPHER_HISTORY``, else
    ``$XDG_STATE_HOME/graphkit/cypher_history`` (default ``~/.local/state/...``).

    Example:
        >>> os.environ["GRAPHKIT_CYPHER_HISTORY"] = "/tmp/my_history"
        >>> str(history_file())
        '/tmp/my_history'
        >>> del os.environ["GRAPHKIT_CYPHER_HISTORY"]
    """
    explicit = os.environ.get("GRAPHKIT_CYPHER_HISTORY")
    if explicit:
        return Path(explicit).expanduser()
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "graphkit" / "cypher_history"
