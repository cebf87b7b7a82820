#!/usr/bin/env bash
# Set up and run every test. Starts a throwaway PostgreSQL cluster for the server tests unless
# COMPOUND_DESK_TEST_PG already names one. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test

if [ -z "${COMPOUND_DESK_TEST_PG:-}" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  [ -n "$pgbin" ] || pgbin=$(dirname "$(command -v pg_ctl || echo /nonexistent/pg_ctl)")
  if [ ! -x "$pgbin/pg_ctl" ]; then
    echo "PostgreSQL is not installed (Debian: apt-get install postgresql); server tests need it." >&2
    exit 2
  fi
  pgdir=$(mktemp -d /tmp/compound-desk-pg.XXXXXX)
  port=${COMPOUND_DESK_PG_PORT:-55432}
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$pgdir"
    as_pg=(runuser -u postgres --)
  fi
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgdir/data" -U postgres -A trust --no-sync >/dev/null
  "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -l "$pgdir/log" -w \
    -o "-p $port -k $pgdir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
  trap '"${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgdir/data" -m immediate stop >/dev/null 2>&1; rm -rf "$pgdir"' EXIT
  export COMPOUND_DESK_TEST_PG="postgresql://postgres@127.0.0.1:$port/postgres"
fi

# Every core (pytest-xdist; a file's tests stay on one worker so its module fixtures start once);
# the slowest tests are listed at the end. COMPOUND_DESK_TEST_WORKERS=0 runs in one process.
.venv/bin/python -m pytest -n "${COMPOUND_DESK_TEST_WORKERS:-auto}" --dist loadfile --durations=25 "$@"
