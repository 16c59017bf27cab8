"""graphkit as a user installs it: a built wheel in a fresh venv, used outside the repository."""

from __future__ import annotations

import ast
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from graphkit.ingest.locate import content_hash
from tests_support import ROOT

SKIP_DIRS = {".git", ".neo4j", "build", "dist", ".venv", "__pycache__", ".mypy_cache"}


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def clean_env() -> dict[str, str]:
    """The environment without anything that would point graphkit at this checkout."""
    drop = ("GRAPHKIT_", "PYTHONPATH", "VIRTUAL_ENV")
    return {k: v for k, v in os.environ.items() if not k.startswith(drop)}


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the wheel built from this tree (dependencies from constraints.txt)."""
    work = tmp_path_factory.mktemp("wheel")
    tree = work / "src"
    shutil.copytree(
        ROOT,
        tree,
        symlinks=True,
        ignore=lambda _d, names: [n for n in names if n in SKIP_DIRS or n.endswith(".egg-info")],
    )
    run(
        sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", work / "dist", tree, cwd=work
    )
    (wheel,) = (work / "dist").glob("graphkit-*.whl")
    venv = work / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=work)
    pip = [venv / "bin" / "python", "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    run(*pip, "-c", ROOT / "constraints.txt", wheel, cwd=work, env=clean_env())
    return venv


def test_the_wheel_answers_from_its_bundled_seeds_outside_the_repository(
    installed: Path, tmp_path: Path
) -> None:
    out = run(
        installed / "bin" / "graphkit",
        "reach",
        "irs-taxpayer-addresses",
        "--as-of",
        "2025-08-01",
        cwd=tmp_path,
        env=clean_env(),
    )
    lines = out.splitlines()
    assert lines[0] == "Who can obtain IRS taxpayer last-known addresses (irs-taxpayer-addresses)"
    assert lines[2] == f"seeds: bundled with graphkit, content {content_hash([ROOT / 'seeds'])}"
    ice = "1. U.S. Immigration and Customs Enforcement (ice), agency: 1 path"
    assert f"{ice} · evidenced, multiple_outlets" in lines
    assert any("(irs-ice-mou-2025)" in line for line in lines)


def test_the_installed_package_is_the_wheel_and_typed(installed: Path, tmp_path: Path) -> None:
    code = "import graphkit, pathlib; p = pathlib.Path(graphkit.__file__).parent; print(p)"
    where = Path(
        run(installed / "bin" / "python", "-c", code, cwd=tmp_path, env=clean_env()).strip()
    )
    assert installed in where.parents
    assert (where / "py.typed").is_file()
    assert not (where / "bundled_seeds").is_symlink()  # a copy, not a link into a checkout
    run(installed / "bin" / "python", "-m", "pip", "check", cwd=tmp_path)


def test_console_script_and_python_dash_m_print_the_same_version(
    installed: Path, tmp_path: Path
) -> None:
    script = run(installed / "bin" / "graphkit", "--version", cwd=tmp_path, env=clean_env())
    module = run(
        installed / "bin" / "python", "-m", "graphkit", "--version", cwd=tmp_path, env=clean_env()
    )
    version = importlib.metadata.version("graphkit")
    assert script == module
    assert script.strip() == (
        f"graphkit, version {version}, bundled seeds content {content_hash([ROOT / 'seeds'])}"
    )


def third_party_imports() -> set[str]:
    """Top-level modules graphkit's code imports that are not graphkit's or the stdlib's."""
    found: set[str] = set()
    for path in (ROOT / "graphkit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return {m for m in found if m != "graphkit" and m not in sys.stdlib_module_names}


def test_every_import_is_a_declared_dependency() -> None:
    declared = set()
    for requirement in importlib.metadata.requires("graphkit") or []:
        if 'extra == "test"' in requirement:  # the test extra does not count
            continue
        # core dependencies, and optional extras (imported lazily, with an error that
        # names the extra when missing, e.g. followthemoney for graphkit[interop])
        declared.add(re.split(r"[ <>=!~;\[]", requirement, maxsplit=1)[0].lower())
    providers = importlib.metadata.packages_distributions()
    imports = third_party_imports()
    assert {"jinja2", "yaml", "neo4j", "networkx", "pydantic", "click"} <= imports
    for module in sorted(imports):
        dists = {d.lower() for d in providers.get(module, [])}
        assert dists & declared, f"graphkit imports {module} but declares none of {dists}"


@pytest.mark.neo4j
def test_the_wheel_starts_neo4j_loads_and_answers_outside_the_repository(
    installed: Path, tmp_path: Path
) -> None:
    """The wheel carries the launcher's sources: ``neo4j start`` builds and runs it."""
    from neo4j_fixture import free_port, require_java_and_maven

    require_java_and_maven()
    where = Path(
        run(installed / "bin" / "python", "-c", _LAUNCHER, cwd=tmp_path, env=clean_env()).strip()
    )
    assert installed in where.parents
    assert (where / "pom.xml").is_file()
    assert (where / "src/main/java/graphkit/launcher/Launcher.java").is_file()
    env = {**clean_env(), "NEO4J_PASSWORD": "wheel-test-pw"}
    for name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_DATABASE"):
        env.pop(name, None)
    data_dir, port = tmp_path / "neo4j", free_port()
    graphkit = installed / "bin" / "graphkit"
    try:
        run(
            graphkit,
            "neo4j",
            "start",
            "--data-dir",
            data_dir,
            "--port",
            port,
            cwd=tmp_path,
            env=env,
        )
        env["NEO4J_URI"] = f"bolt://127.0.0.1:{port}"
        run(graphkit, "load", cwd=tmp_path, env=env)
        out = run(
            graphkit,
            "reach",
            "irs-taxpayer-addresses",
            "--as-of",
            "2025-08-01",
            "--backend",
            "neo4j",
            cwd=tmp_path,
            env=env,
        )
    finally:
        subprocess.run(
            [str(graphkit), "neo4j", "stop", "--data-dir", str(data_dir)],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            timeout=120,
        )
    lines = out.splitlines()
    assert lines[0] == "Who can obtain IRS taxpayer last-known addresses (irs-taxpayer-addresses)"
    ice = "1. U.S. Immigration and Customs Enforcement (ice), agency: 1 path"
    assert f"{ice} · evidenced, multiple_outlets" in lines


_LAUNCHER = "import graphkit.backends.neo4j.server.build as b; print(b.LAUNCHER_DIR)"
