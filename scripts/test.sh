#!/usr/bin/env bash
# Set up the virtual environment and run every check: lint, format, types, copy check, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[dev]"
# One command per line: under `set -e` a failure inside `a && b` would not stop the script.
echo "== ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
echo "== mypy"; .venv/bin/mypy bot knowledge
if [ -x ../shared/tools/seedcopy ]; then
    echo "== seedcopy"; ../shared/tools/seedcopy knowledge bot handlers
fi
# One pytest worker per core; each starts its own throwaway PostgreSQL server.
echo "== pytest"; .venv/bin/python -m pytest -n auto "$@"
