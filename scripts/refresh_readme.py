"""Rewrite the README's quickstart console block with the command's real output.

Run it after changing the seeds (the answer's header names their content hash):

    python scripts/refresh_readme.py

tests/test_cli.py::test_readme_quickstart_output_is_real checks the block is real.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    readme = ROOT / "README.md"
    text = readme.read_text(encoding="utf-8")
    block = text.split("```console\n", 1)[1].split("```", 1)[0]
    command = block.split("\n", 1)[0]
    args = command.removeprefix("$ graphkit ").split()
    out = subprocess.run(
        [sys.executable, "-m", "graphkit", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    readme.write_text(text.replace(block, f"{command}\n{out}"), encoding="utf-8")
    print(f"README.md: quickstart block refreshed ({len(out.splitlines())} lines)")


if __name__ == "__main__":
    main()
