#!/usr/bin/env bash
# Set up the virtual environment, apply migrations and start the bot (`hipcoach run`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/hipcoach db upgrade
exec .venv/bin/hipcoach run "$@"
