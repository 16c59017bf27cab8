"""``graphkit cypher`` with no query: the prompt, ``-f FILE`` and scripts on stdin.

The splitting and the cypher-shell commands are checked without a server (a recorded
``run``); the scripts then run against the session's real Neo4j: every query of
docs/queries.cypher as written, through graphkit and through Neo4j's cypher-shell, and
the console's refusals and limits hold for every statement of a script.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cypher_shell import run_cypher_shell

from graphkit.backends.neo4j.client import Neo4jClient
from graphkit.backends.neo4j.console import Answer, run_read_only
from graphkit.backends.neo4j.shell import Item, Session, Splitter, split_script
from graphkit.cli import cli
from graphkit.errors import GraphkitError
from tests_support import ROOT, SEEDS, connect, loaded_neo4j, server_env

QUERIES = ROOT / "docs" / "queries.cypher"


class Recorder:
    """A stand-in for the console: records each statement, answers ``RETURN x AS value``."""

    def __init__(self) -> None:
        self.ran: list[tuple[str, dict[str, Any]]] = []
        self.said: list[str] = []

    def run(self, query: str, params: dict[str, Any]) -> Answer:
        self.ran.append((query, dict(params)))
        if query.startswith("RETURN ") and query.endswith("\nAS value"):
            expression = query[len("RETURN ") : -len("\nAS value")].replace("$", "")
            return Answer(["value"], [{"value": eval(expression, {}, dict(params))}])
        return Answer(["n"], [{"n": len(self.ran)}])

    def session(self) -> Session:
        return Session(self.run, show=lambda a: None, say=self.said.append)


def statements(text: str) -> list[tuple[str, int, bool]]:
    return [(i.text, i.line, i.command) for i in split_script(text)]


def test_statements_end_at_a_semicolon_outside_strings_names_and_comments() -> None:
    script = (
        "// a comment; no end\n"
        "MATCH (n {name: 'a;b'})\n"
        'WHERE n.x = "c;d" AND n.`we;ird` IS NULL /* e; f */\n'
        "RETURN n; RETURN 'multi\n"
        "line;' AS s;\n"
        ":param a => 1\n"
        "RETURN 3\n"
    )
    assert statements(script) == [
        (
            "MATCH (n {name: 'a;b'})\n"
            'WHERE n.x = "c;d" AND n.`we;ird` IS NULL /* e; f */\n'
            "RETURN n",
            2,
            False,
        ),
        ("RETURN 'multi\nline;' AS s", 4, False),
        (":param a => 1", 6, True),
        ("RETURN 3", 7, False),  # the last statement may lack its ';'
    ]


def test_a_colon_line_inside_a_statement_is_cypher_not_a_command() -> None:
    assert statements("MATCH (n)\n:param a => 1\nRETURN n;") == [
        ("MATCH (n)\n:param a => 1\nRETURN n", 1, False)
    ]
    assert statements("RETURN 1; // only a comment after\n// and here;\n") == [
        ("RETURN 1", 1, False)
    ]


def test_param_commands_set_list_and_clear_parameters() -> None:
    rec = Recorder()
    session = rec.session()
    script = (
        ":param year => 2024 + 1\n"
        ":param next => year + 1\n"  # an expression may use the parameters set so far
        ":param {a: 1, b: 2}\n"
        "MATCH (n) RETURN $year;\n"
        ":params\n"
        ":params clear\n"
        "RETURN 0 AS zero;\n"
    )
    session.run_script(script.replace("{a: 1, b: 2}", "{'a': 1, 'b': 2}"), "s.cypher")
    assert rec.ran[3] == ("MATCH (n) RETURN $year", {"year": 2025, "next": 2026, "a": 1, "b": 2})
    assert rec.said[0].splitlines() == [
        ":param year => 2025",
        ":param next => 2026",
        ":param a => 1",
        ":param b => 2",
    ]
    assert rec.ran[-1] == ("RETURN 0 AS zero", {})
    assert session.params == {}


def test_params_lists_dates_and_values_it_cannot_write_without_failing() -> None:
    import neo4j.time

    rec = Recorder()
    session = rec.session()
    session.params.update(
        {"day": neo4j.time.Date(2025, 8, 1), "span": neo4j.time.Duration(days=3), "o": object()}
    )
    session.run_script(":params\n", "s.cypher")
    lines = rec.said[0].splitlines()
    assert lines[:2] == [":param day => date('2025-08-01')", ":param span => duration('P3D')"]
    assert lines[2].startswith(":param o => (not shown: cannot write object")


def test_a_bad_command_says_the_file_and_line_and_stops_the_script() -> None:
    rec = Recorder()
    with pytest.raises(GraphkitError) as info:
        rec.session().run_script("RETURN 1;\n:frobnicate\nRETURN 2;\n", "s.cypher")
    assert str(info.value).startswith("s.cypher:2: ")
    assert ":help" in str(info.value)
    assert [q for q, _ in rec.ran] == ["RETURN 1"]  # nothing after the failure ran
    with pytest.raises(GraphkitError) as info:
        rec.session().run_script("\n:param nothing here\n", "t.cypher")
    assert str(info.value).startswith("t.cypher:2: ") and ":param name => value" in str(info.value)


def test_a_script_with_a_refused_statement_runs_nothing() -> None:
    rec = Recorder()
    script = "RETURN 1;\nRETURN 2;\nCALL dbms.listConfig();\n"
    with pytest.raises(GraphkitError) as info:
        rec.session().run_script(script, "s.cypher")
    assert str(info.value).startswith("s.cypher:3: ") and "dbms.listConfig" in str(info.value)
    assert rec.ran == []


def test_exit_ends_a_script() -> None:
    rec = Recorder()
    rec.session().run_script("RETURN 1;\n:exit\nRETURN 2;\n", "s.cypher")
    assert [q for q, _ in rec.ran] == ["RETURN 1"]


def test_the_prompt_reads_lines_until_exit_and_goes_on_after_errors() -> None:
    rec = Recorder()
    typed: list[Any] = [
        "MATCH (n)",
        "RETURN n;",
        ":nonsense",
        "RETURN 'half",
        KeyboardInterrupt,  # Ctrl-C drops the statement being typed
        ":param x => 7",
        ":help",
        "RETURN $x;",
        ":exit",
        "RETURN 'never';",
    ]
    prompts: list[str] = []

    def read(prompt: str) -> str:
        prompts.append(prompt)
        line = typed.pop(0)
        if line is KeyboardInterrupt:
            raise KeyboardInterrupt
        return str(line)

    rec.session().prompt(read, "neo4j")
    assert [q for q, _ in rec.ran] == ["MATCH (n)\nRETURN n", "RETURN 7\nAS value", "RETURN $x"]
    assert rec.ran[-1][1] == {"x": 7}
    assert prompts[:2] == ["neo4j> ", "     | "]  # the second line continues the statement
    assert any(s.startswith("error: unknown command ':nonsense'") for s in rec.said)
    assert any(":param name => expression" in s for s in rec.said)  # :help
    assert typed == ["RETURN 'never';"]


def test_the_prompt_ends_at_end_of_input_and_says_a_pending_statement_did_not_run() -> None:
    rec = Recorder()
    lines = iter(["RETURN 1;", "RETURN 2"])

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    rec.session().prompt(read, "neo4j")
    assert [q for q, _ in rec.ran] == ["RETURN 1"]
    assert "not run" in rec.said[-1]


def test_splitter_keeps_an_open_block_comment_pending() -> None:
    s = Splitter()
    assert s.feed("/* a comment") == [] and s.pending
    assert s.feed(":param x => 1 */ RETURN 1;") == [
        Item("/* a comment\n:param x => 1 */ RETURN 1", 1, False)
    ]
    assert not s.pending


def test_refused_scripts_fail_before_any_connection(tmp_path: Path) -> None:
    """No server is reachable here: a text refusal must come first, naming file and line."""
    env = {"NEO4J_URI": "bolt://127.0.0.1:9", "NEO4J_PASSWORD": "x"}
    script = "RETURN 1;\n\nLOAD CSV FROM 'file:///etc/passwd' AS l RETURN l;\n"
    result = CliRunner().invoke(cli, ["cypher"], input=script, env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "<stdin>:3: " in result.output and "LOAD CSV is refused" in result.output
    path = tmp_path / "s.cypher"
    path.write_text("SHOW TRANSACTIONS;\n")
    result = CliRunner().invoke(cli, ["cypher", "-f", str(path)], env=env)
    assert result.exit_code == 1 and f"{path}:1: " in result.output
    path.write_bytes(b"RETURN '\xff';\n")
    result = CliRunner().invoke(cli, ["cypher", "-f", str(path)], env=env)
    assert result.exit_code == 1 and "save the script as UTF-8" in result.output
    result = CliRunner().invoke(cli, ["cypher", "RETURN 1", "-f", str(path)], env=env)
    assert result.exit_code == 2 and "not both" in result.output


# --------------------------------------------------------------------------- real Neo4j


def json_documents(text: str) -> list[Any]:
    """The JSON documents printed one after another."""
    decoder, out, at = json.JSONDecoder(), [], 0
    while text[at:].strip():
        while text[at].isspace():
            at += 1
        value, at = decoder.raw_decode(text, at)
        out.append(value)
    return out


def documented_answers(driver: Any, database: str) -> list[list[dict[str, Any]]]:
    """Each documented query run on its own with its parameters (the reference)."""
    answers = []
    for block in QUERIES.read_text().split("\n// name: ")[1:]:
        params: dict[str, Any] = {}
        lines = []
        for line in block.splitlines()[1:]:
            if line.startswith(":param "):
                name, expr = line[len(":param ") :].split(" => ", 1)
                params[name] = run_read_only(
                    Neo4jClient(driver, database), f"RETURN {expr} AS v", {}
                ).rows[0]["v"]
            else:
                lines.append(line)
        answers.append(run_read_only(Neo4jClient(driver, database), "\n".join(lines), params).rows)
    return answers


@pytest.mark.neo4j
def test_every_documented_query_runs_as_written_from_a_file_and_from_stdin(
    neo4j_server: Any,
) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    driver, database = connect(neo4j_server)
    with driver:
        expected = documented_answers(driver, database)
    assert len(expected) >= 10 and all(expected)
    env = server_env(neo4j_server)
    by_file = CliRunner().invoke(cli, ["cypher", "-f", str(QUERIES), "--json"], env=env)
    assert by_file.exit_code == 0, by_file.output
    assert [d["rows"] for d in json_documents(by_file.stdout)] == expected
    by_stdin = CliRunner().invoke(cli, ["cypher", "--json"], input=QUERIES.read_text(), env=env)
    assert by_stdin.exit_code == 0, by_stdin.output
    assert [d["rows"] for d in json_documents(by_stdin.stdout)] == expected
    assert neo4j_server.password not in by_file.output + by_stdin.output


@pytest.mark.neo4j
def test_every_documented_query_runs_as_written_in_cypher_shell(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    driver, database = connect(neo4j_server)
    with driver:
        expected = documented_answers(driver, database)
    done = run_cypher_shell(neo4j_server, QUERIES.read_text())
    assert done.returncode == 0, done.stderr
    assert neo4j_server.password not in done.stdout + done.stderr
    # plain format: a header line of column names, then one line per row, per query
    headers = [", ".join(rows[0]) for rows in expected]
    lines = done.stdout.splitlines()
    assert [line for line in lines if line in headers] == headers
    assert len(lines) == sum(1 + len(rows) for rows in expected)


@pytest.mark.neo4j
def test_a_script_holds_the_refusals_and_limits_of_one_query(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    env = server_env(neo4j_server)
    script = (
        "RETURN 1 AS first;\n"
        ":param label => 'Hostile'\n"
        "CREATE (:Hostile {name: $label});\n"
        "RETURN 2 AS never;\n"
    )
    result = CliRunner().invoke(cli, ["cypher", "--json"], input=script, env=env)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "<stdin>:3: " in result.stderr and "writes are refused" in result.stderr
    assert [d["rows"] for d in json_documents(result.stdout)] == [[{"first": 1}]]
    driver, database = connect(neo4j_server)
    with driver:
        count = run_read_only(
            Neo4jClient(driver, database), "MATCH (n:Hostile) RETURN count(n) AS n", {}
        )
    assert count.rows == [{"n": 0}]

    # a :param expression is a query like any other: a write in it is refused too
    sneaky = ":param x => COLLECT { CREATE (h:Hostile) RETURN h }\nRETURN $x;\n"
    result = CliRunner().invoke(cli, ["cypher"], input=sneaky, env=env)
    assert result.exit_code == 1 and "<stdin>:1: " in result.stderr

    rows = "UNWIND range(1, 10) AS i RETURN i;\nUNWIND range(1, 3) AS i RETURN i;\n"
    result = CliRunner().invoke(cli, ["cypher", "--json", "--limit", "5"], input=rows, env=env)
    assert result.exit_code == 0, result.output
    first, second = json_documents(result.stdout)
    assert (len(first["rows"]), first["truncated"]) == (5, True)
    assert (len(second["rows"]), second["truncated"]) == (3, False)

    slow = "RETURN 1 AS x;\nUNWIND range(1, 2000000000) AS x WITH x WHERE x < 0 RETURN count(x);\n"
    result = CliRunner().invoke(cli, ["cypher", "--timeout", "1"], input=slow, env=env)
    assert result.exit_code == 1 and "<stdin>:2: " in result.stderr
    assert "timeout" in result.stderr


@pytest.mark.neo4j
def test_the_prompt_against_the_server(neo4j_server: Any) -> None:
    loaded_neo4j(neo4j_server, SEEDS)
    driver, database = connect(neo4j_server)
    shown: list[Answer] = []
    said: list[str] = []
    lines = iter(
        [
            ":param id => 'ice'",
            "MATCH (a:Agency {id: $id})",
            "RETURN a.name AS name;",
            "MATCH (n) DETACH DELETE n;",
            "MATCH (a:Agency {id: $id}) RETURN count(a) AS n;",
        ]
    )

    def read(prompt: str) -> str:
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    with driver:
        session = Session(
            lambda q, p: run_read_only(Neo4jClient(driver, database), q, p, 10, 30.0),
            show=shown.append,
            say=said.append,
        )
        session.prompt(read, database)
    assert [a.rows for a in shown] == [
        [{"name": "U.S. Immigration and Customs Enforcement"}],
        [{"n": 1}],  # the refused delete left the graph as it was
    ]
    assert any(s.startswith("error: ") and "writes are refused" in s for s in said)


@pytest.mark.neo4j
def test_the_prompt_in_a_real_terminal_keeps_its_history(neo4j_server: Any, tmp_path: Path) -> None:
    import os
    import sys

    import pexpect

    loaded_neo4j(neo4j_server, SEEDS)
    history = tmp_path / "history"
    env = {**os.environ, **server_env(neo4j_server), "GRAPHKIT_CYPHER_HISTORY": str(history)}
    env["PYTHONPATH"] = str(ROOT)
    child = pexpect.spawn(
        sys.executable, ["-m", "graphkit", "cypher"], env=env, encoding="utf-8", timeout=60
    )
    try:
        child.expect_exact(f"{neo4j_server.database}> ")
        child.sendline("MATCH (a:Agency {id: 'ice'})")
        child.expect_exact("| ")  # the statement goes on
        child.sendline("RETURN a.name AS name;")
        child.expect_exact("U.S. Immigration and Customs Enforcement")
        child.sendline(":param x => 2")
        child.sendline("RETURN $x * 21 AS n;")
        child.expect(r"\b42\b")
        child.sendline("CREATE (:Hostile);")
        child.expect_exact("writes are refused")
        child.sendline(":exit")
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    assert child.exitstatus == 0
    assert neo4j_server.password not in (child.before or "")
    lines = history.read_text().splitlines()
    assert "RETURN $x * 21 AS n;" in lines and ":exit" in lines
    assert oct(history.stat().st_mode & 0o777) == "0o600"
