"""docker-compose.yml is valid and takes its password from the environment."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
import yaml

from tests_support import ROOT

COMPOSE = ROOT / "docker-compose.yml"


def compose_binary() -> str:
    found = shutil.which("docker-compose")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("docker-compose is missing in CI: apt-get install -y docker-compose")
        pytest.skip("docker-compose not installed (apt-get install -y docker-compose)")
    return found


def test_compose_config_validates() -> None:
    binary = compose_binary()
    env = {**os.environ, "NEO4J_PASSWORD": "compose-check-pw"}
    ok = subprocess.run(
        [binary, "-f", str(COMPOSE), "config", "-q"], env=env, capture_output=True, text=True
    )
    assert ok.returncode == 0, ok.stderr
    env.pop("NEO4J_PASSWORD")
    missing = subprocess.run(
        [binary, "-f", str(COMPOSE), "config", "-q"],
        env=env,
        capture_output=True,
        text=True,
        cwd="/",
    )
    assert missing.returncode != 0 and "NEO4J_PASSWORD" in missing.stderr


def test_compose_shape() -> None:
    spec = yaml.safe_load(COMPOSE.read_text())
    service = spec["services"]["neo4j"]
    assert service["image"] == "neo4j:5.26-community"
    ports = " ".join(str(p) for p in service["ports"])
    assert "7474" in ports and "7687" in ports
    assert "healthcheck" in service and spec["volumes"]
    assert "change-me" not in COMPOSE.read_text()
