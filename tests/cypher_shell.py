"""Neo4j's cypher-shell, for tests that run a script through it as a user would.

It comes from Maven Central (``tests/fixtures/cypher_shell/pom.xml``); the classpath is
built once into ``~/.cache/graphkit/cypher-shell/<hash of the pom>/`` and reused.

Example:
    >>> def test_it(neo4j_server):  # doctest: +SKIP
    ...     done = run_cypher_shell(neo4j_server, "RETURN 1 AS x;")
    ...     assert done.returncode == 0 and "1" in done.stdout
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from neo4j_fixture import require_java_and_maven

POM = Path(__file__).resolve().parent / "fixtures" / "cypher_shell" / "pom.xml"
MAIN = "org.neo4j.shell.Main"


def classpath() -> str:
    """The jars cypher-shell runs with (fetched with Maven on first use)."""
    require_java_and_maven()
    key = hashlib.sha256(POM.read_bytes()).hexdigest()[:16]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    folder = cache / "graphkit" / "cypher-shell" / key
    done = folder / "classpath.txt"
    if not done.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copy(POM, folder / "pom.xml")
        temporary = folder / "classpath.part"
        subprocess.run(
            [
                "mvn",
                "-B",
                "-ntp",
                "-q",
                "dependency:build-classpath",
                f"-Dmdep.outputFile={temporary}",
            ],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=900,
        )
        temporary.replace(done)
    return done.read_text().strip()


def run_cypher_shell(server: Any, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` (cypher-shell input, on its standard input) against the test server;
    the password goes through the environment, never the command line."""
    command = ["java", "-cp", classpath(), MAIN, "-a", server.uri, "-u", server.user]
    command += ["-d", server.database, "--format", "plain", "--fail-fast", *args]
    env = {**os.environ, "NEO4J_PASSWORD": server.password}
    return subprocess.run(
        command, input=script, text=True, capture_output=True, env=env, timeout=300
    )
