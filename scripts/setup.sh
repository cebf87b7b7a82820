#!/usr/bin/env bash
# Install missing system packages (scripts/system_packages.sh), set up .venv with the pinned
# dependencies (and the test tools with --test), compile translations and prepare the shipped
# font's metrics (resources/fonts/*.metrics: the first notice skips the parse).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# System packages first (Qt's xcb libraries, CJK fonts; with --test PostgreSQL, poppler, zbar):
# installed when root or passwordless sudo, else the exact apt-get command is printed (exit 2).
scripts/system_packages.sh "$([ "${1:-}" = "--test" ] && echo test || echo app)"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(sha256sum pyproject.toml | cut -c1-16)${1:+-test}
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [ "${1:-}" = "--test" ]; then
    .venv/bin/python -m pip install --quiet -e ".[test]"
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp"
fi
if [ -f scripts/build_translations.py ]; then
  .venv/bin/python scripts/build_translations.py
fi
.venv/bin/python -m app.printing.fonts prepare >/dev/null
