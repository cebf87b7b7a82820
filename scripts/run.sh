#!/usr/bin/env bash
# Set up (first time only) and start Compound Desk on the default data dir.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/python main.py "$@"
