#!/usr/bin/env bash
# Refresh constraints.txt: resolve the newest versions of graphkit's dependencies (test
# extras included) in a throw-away venv and pin them. CI installs from the result, so
# every machine runs the exact versions the suite passed with.
#   bash scripts/lock.sh        (then run the suite, and commit constraints.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
venv="$(mktemp -d)/venv"
python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check '.[test]'
{
  echo "# Exact versions the test suite passed with; CI installs with -c constraints.txt."
  echo "# Refresh: bash scripts/lock.sh (resolves the newest versions, in a fresh venv)."
  echo "# Python $("$venv/bin/python" -c 'import platform; print(platform.python_version())')"
  "$venv/bin/pip" freeze --exclude graphkit --disable-pip-version-check | LC_ALL=C sort -f
} > constraints.txt
rm -rf "$(dirname "$venv")"
echo "constraints.txt: $(grep -vc '^#' constraints.txt) packages pinned"
