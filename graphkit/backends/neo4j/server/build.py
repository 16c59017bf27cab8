"""Fetching Neo4j with Maven and building the small launcher that serves it.

The launcher (``launcher/``: pom.xml, Launcher.java, ImportRequest.java and
Previous.java) runs Neo4j embedded with its Bolt connector. Maven fetches the Neo4j jars
into ``~/.m2`` and compiles the launcher once into
``~/.cache/graphkit/neo4j-launcher/<hash of pom.xml + the Java sources>/``; later starts
reuse that build and do not call Maven. :mod:`graphkit.backends.neo4j.server.manager` runs it.

Environment knobs: ``GRAPHKIT_NEO4J_BUILD_DIR`` (build cache), ``JAVA_HOME``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shlex
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from graphkit.errors import Neo4jServerError

__all__ = ["build_dir_root", "build_launcher", "launcher_hash"]

log = logging.getLogger(__name__)

LAUNCHER_DIR = Path(__file__).resolve().parent / "launcher"
LAUNCHER_SOURCES = (
    "pom.xml",
    "src/main/java/graphkit/launcher/Launcher.java",
    "src/main/java/graphkit/launcher/ImportRequest.java",
    "src/main/java/graphkit/launcher/Previous.java",
    "src/main/java/graphkit/launcher/Memory.java",
)
MAIN_CLASS = "graphkit.launcher.Launcher"

BUILD_TIMEOUT = 1800.0  # seconds; a cold ~/.m2 downloads ~200 jars


def build_dir_root() -> Path:
    """Where launcher builds are cached: ``$GRAPHKIT_NEO4J_BUILD_DIR`` or
    ``$XDG_CACHE_HOME/graphkit/neo4j-launcher`` (default ``~/.cache/graphkit/neo4j-launcher``).

    Example:
        >>> build_dir_root().name
        'neo4j-launcher'
    """
    explicit = os.environ.get("GRAPHKIT_NEO4J_BUILD_DIR")
    if explicit:
        return Path(explicit).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "graphkit" / "neo4j-launcher"


def launcher_hash() -> str:
    """A short hash of the launcher's sources (pom.xml and the Java files): the build's key.

    Example:
        >>> len(launcher_hash())
        16
    """
    digest = hashlib.sha256()
    for name in LAUNCHER_SOURCES:
        path = LAUNCHER_DIR / name
        if not path.is_file():
            raise Neo4jServerError(
                f"The Neo4j launcher source {path} is missing; reinstall graphkit."
            )
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def _classpath_ok(build_dir: Path) -> bool:
    """True when a finished build is there and every jar it names is still in ~/.m2."""
    if not (build_dir / "BUILD_OK").is_file():
        return False
    if not (
        build_dir / "target" / "classes" / "graphkit" / "launcher" / "Launcher.class"
    ).is_file():
        return False
    try:
        entries = (build_dir / "classpath.txt").read_text().strip().split(os.pathsep)
    except OSError:
        return False
    return bool(entries) and all(Path(entry).exists() for entry in entries)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (so two starts do not run Maven at once)."""
    import fcntl

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def log_tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.splitlines()[-lines:]) or f"({path} is empty)"


def build_launcher(*, force: bool = False, timeout: float = BUILD_TIMEOUT) -> Path:
    """Build the launcher with Maven if needed and return its build dir.

    The build dir holds ``target/classes`` (the launcher), ``classpath.txt`` (the Neo4j jars
    in ``~/.m2``) and ``java.args`` (a java @argfile with the class path). Nothing is rebuilt
    while pom.xml and the Java sources are unchanged and the jars are still in ``~/.m2``.

    Args:
        force: rebuild even if a finished build is there.
        timeout: seconds Maven may take (a cold ``~/.m2`` downloads ~110 MB of jars).

    Raises:
        Neo4jServerError: Maven is missing or the build failed (with the tail of its log).

    Example:
        >>> build_dir = build_launcher()  # doctest: +SKIP
        >>> (build_dir / "classpath.txt").is_file()  # doctest: +SKIP
        True
    """
    key = launcher_hash()
    root = build_dir_root()
    build_dir = root / key
    with _locked(root / f"{key}.lock"):
        if not force and _classpath_ok(build_dir):
            return build_dir
        mvn = shutil.which("mvn")
        if mvn is None:
            raise Neo4jServerError(
                "Maven (mvn) is not on PATH; it builds the Neo4j launcher. "
                "Fix: apt-get install -y maven openjdk-17-jdk-headless"
            )
        find_java()  # fail early, with the fix, if there is no JDK
        if build_dir.exists():
            shutil.rmtree(build_dir)
        for name in LAUNCHER_SOURCES:
            target = build_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(LAUNCHER_DIR / name, target)
        build_log = build_dir / "build.log"
        command = [
            mvn,
            "-B",
            "-ntp",
            "compile",
            "dependency:build-classpath",
            "-Dmdep.outputFile=classpath.txt",
        ]
        log.info(
            "building the Neo4j launcher in %s (first time: downloads from Maven Central)",
            build_dir,
        )
        started = time.monotonic()
        with build_log.open("wb") as out:
            try:
                result = subprocess.run(
                    command,
                    cwd=build_dir,
                    stdin=subprocess.DEVNULL,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                    timeout=timeout,
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise Neo4jServerError(
                    f"Building the Neo4j launcher took longer than {timeout:.0f} s.\n"
                    f"Last lines of {build_log}:\n{log_tail(build_log)}\n"
                    "Fix: check that Maven Central is reachable, then start again "
                    "(downloaded jars stay in ~/.m2)."
                ) from None
        if result.returncode != 0 or not (build_dir / "classpath.txt").is_file():
            raise Neo4jServerError(
                f"Building the Neo4j launcher failed (mvn exit {result.returncode}).\n"
                f"Last lines of {build_log}:\n{log_tail(build_log)}\n"
                "Fix: check that Maven Central is reachable and ~/.m2 is writable, then start "
                f"again; the command was: cd {build_dir} && {shlex.join(command)}"
            )
        classes = build_dir / "target" / "classes"
        classpath = os.pathsep.join(
            [str(classes), (build_dir / "classpath.txt").read_text().strip()]
        )
        # A java @argfile keeps ~200 jar paths off the visible command line.
        (build_dir / "java.args").write_text(f'-cp "{classpath}"\n')
        (build_dir / "BUILD_OK").write_text(f"{time.monotonic() - started:.1f}s\n")
        log.info("built the Neo4j launcher in %.1f s", time.monotonic() - started)
        return build_dir


def find_java() -> str:
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise Neo4jServerError(
            "Java is not on PATH (Neo4j 5.26 needs a JDK 17 or 21). "
            "Fix: apt-get install -y openjdk-17-jdk-headless, or set JAVA_HOME."
        )
    return java
