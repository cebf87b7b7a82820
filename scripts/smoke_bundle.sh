#!/usr/bin/env bash
# Smoke test OF THE BUILT PROGRAM dist/CompoundDesk/CompoundDesk (made by scripts/build.sh), the
# way a caseworker's machine runs it: no Python involved except to read JSON and time things.
#   --version; demo into an empty data dir (runs the Alembic migrations from the bundle);
#   export to JSON; notice election-notice to a PDF whose fonts are all embedded (pdffonts);
#   check; backup and restore into a new folder; serve says the server is not in the bundle;
#   --exit-when-ready offscreen.
# Each must exit 0.  Then prints the bundle size and the start-up ms bundled vs. from source.
# Needs: pdffonts (poppler-utils), python3; the source comparison needs .venv (scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
checkout=$(pwd)
started=$(date +%s)

built=dist/CompoundDesk
[ -x "$built/CompoundDesk" ] || { echo "smoke: $built/CompoundDesk not found: run scripts/build.sh first" >&2; exit 2; }
command -v pdffonts >/dev/null || { echo "smoke: pdffonts missing (apt-get install poppler-utils)" >&2; exit 2; }
PYTHON=${PYTHON:-python3}

work=$(mktemp -d "${TMPDIR:-/tmp}/compound-desk-smoke.XXXXXX")
cleanup() {
  rm -rf "$work"
}
trap cleanup EXIT
# A clean user: settings, keyring and the default data dir all under the temp dir.
export HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share
export XDG_CACHE_HOME=$work/home/.cache QT_QPA_PLATFORM=offscreen
unset COMPOUND_DESK_DATA_DIR
mkdir -p "$HOME"
data=$work/data
# Run a copy in another place, from another folder: the bundle must not lean on the checkout,
# the venv or the place it was built in.
bundle=$work/CompoundDesk
cp -a "$built" "$bundle"
program=$bundle/CompoundDesk
cd "$work"
listing_before=$(find "$bundle" -printf '%P %s\n' | sort | sha256sum)

# The clean user has no keyring (no D-Bus session): the store is keyed by a passphrase, given to
# every command on stdin (--passphrase-stdin), as a script on such a machine does.
PASSPHRASE="smoke test passphrase"
step() {  # step NAME COMMAND...: run, show the last lines of output, stop on failure
  local name=$1; shift
  local t0 rc=0
  t0=$(date +%s%N)
  printf '%s\n' "$PASSPHRASE" | "$@" >"$work/out" 2>&1 || rc=$?
  local ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  if [ "$rc" != 0 ]; then
    echo "FAIL  $name (exit $rc, ${ms} ms):" >&2
    tail -n 30 "$work/out" >&2
    exit 1
  fi
  printf 'ok    %-22s %6d ms  %s\n' "$name" "$ms" "$(tail -n 1 "$work/out" | cut -c1-90)"
}

expected="Compound Desk $(sed -n 's/^version *= *"\(.*\)"/\1/p' "$checkout/pyproject.toml" | head -n 1)"
step "--version" "$program" --version
grep -qx "$expected" "$work/out" || { echo "FAIL  --version printed '$(cat "$work/out")', expected '$expected'" >&2; exit 1; }

step "demo (empty dir)" "$program" --passphrase-stdin --data-dir "$data" demo
step "export json" "$program" --passphrase-stdin --data-dir "$data" export "$work/export.json"

# An election the notice can be printed for: one with a vote date, preferably still voting.
election=$("$PYTHON" - "$work/export.json" <<'PY'
import json
import sys

rows = [e for e in json.load(open(sys.argv[1], encoding="utf-8"))["elections"]
        if e["vote_start"] and not e["deleted_at"]]
rows.sort(key=lambda e: e["stage"] != "voting")
print(rows[0]["id"] if rows else "")
PY
)
[ -n "$election" ] || { echo "FAIL  the demo has no election with a vote date" >&2; exit 1; }
step "notice election-notice" "$program" --passphrase-stdin --data-dir "$data" notice election-notice "$election" -o "$work/out.pdf"
pdffonts "$work/out.pdf" >"$work/fonts"
# pdffonts prints a header, a rule, then one line per font; the "emb" column says yes/no.
if ! awk 'NR == 1 { col = index($0, "emb") } NR > 2 { n++; if (substr($0, col, 3) != "yes") bad++ }
          END { exit (n == 0 || bad > 0) }' "$work/fonts"; then
  echo "FAIL  not every font of the notice is embedded:" >&2
  cat "$work/fonts" >&2
  exit 1
fi
echo "ok    fonts embedded          $(( $(wc -l <"$work/fonts") - 2 )) fonts: $(awk 'NR > 2 { printf "%s ", $1 }' "$work/fonts")"
# The bundle's prepared metrics of the shipped font were used: the font was not parsed, so no
# copy of its metrics was written to the data dir's cache.
if compgen -G "$data/cache/fonts/uming-*" >/dev/null; then
  echo "FAIL  the shipped font was parsed: its prepared metrics are missing from the bundle" >&2
  exit 1
fi
echo "ok    prepared font metrics   used from the bundle"

step "check" "$program" --passphrase-stdin --data-dir "$data" check
step "backup" "$program" --passphrase-stdin --data-dir "$data" backup -o "$work/demo.cdbackup"
step "restore (new dir)" "$program" --passphrase-stdin --data-dir "$work/restored" restore "$work/demo.cdbackup"
step "check restored" "$program" --passphrase-stdin --data-dir "$work/restored" check

# The sync server is not in the caseworker's bundle (pyproject's `server` extra): `serve` says
# to install the server package, with exit code 2 and one line, never an import traceback.
rc=0
"$program" --data-dir "$work/server" serve >"$work/out" 2>&1 || rc=$?
if [ "$rc" != 2 ] || ! grep -q 'compound-desk\[server\]' "$work/out" || grep -q Traceback "$work/out"; then
  echo "FAIL  serve in the bundle (exit $rc) should say to install the server package:" >&2
  cat "$work/out" >&2
  exit 1
fi
echo "ok    serve (no server)       exit 2: $(head -c 60 "$work/out")…"
if find "$bundle" -iname 'fastapi*' -o -iname 'uvicorn*' -o -iname 'psycopg*' | grep -q .; then
  echo "FAIL  the server's packages are in the bundle" >&2
  exit 1
fi

# keyring finds its backends through its entry points: the metadata must be in the bundle.
if ! grep -qs '^\[keyring.backends\]' "$bundle"/_internal/keyring-*.dist-info/entry_points.txt; then
  echo "FAIL  keyring's entry-point metadata is not in the bundle (copy_metadata in build.spec)" >&2
  exit 1
fi
echo "ok    keyring metadata        backends: $(sed -n '/^\[keyring.backends\]/,/^\[/{/=/s/ *=.*//p}' "$bundle"/_internal/keyring-*.dist-info/entry_points.txt | tr '\n' ' ')"

step "--exit-when-ready" "$program" --passphrase-stdin --data-dir "$data" --exit-when-ready
if command -v xvfb-run >/dev/null; then  # the real X11 (xcb) platform plugin, as on a desktop
  step "--exit-when-ready xcb" env -u QT_QPA_PLATFORM xvfb-run -a "$program" --passphrase-stdin --data-dir "$data" --exit-when-ready
fi

# The bundle is read-only to the program: the data dir and settings live outside it.
if [ "$(find "$bundle" -printf '%P %s\n' | sort | sha256sum)" != "$listing_before" ]; then
  echo "FAIL  running the program changed files inside $bundle" >&2
  exit 1
fi
echo "ok    bundle unchanged        (data and settings stay outside it)"

# Start-up: best of 3 after one warm-up run, the same demo dir for both.  "ready" is what
# --exit-when-ready prints (from QApplication creation to the compound list shown); "wall"
# is the whole process, interpreter start and imports included.
startup() {  # startup LABEL COMMAND...
  local label=$1; shift
  local best_ready=999999 best_wall=999999 i t0 wall ready
  printf '%s\n' "$PASSPHRASE" | "$@" --passphrase-stdin --data-dir "$data" --exit-when-ready >/dev/null 2>&1
  for i in 1 2 3; do
    t0=$(date +%s%N)
    ready=$(printf '%s\n' "$PASSPHRASE" | "$@" --passphrase-stdin --data-dir "$data" --exit-when-ready 2>/dev/null | tail -n 1)
    wall=$(( ($(date +%s%N) - t0) / 1000000 ))
    [ "$ready" -lt "$best_ready" ] && best_ready=$ready
    [ "$wall" -lt "$best_wall" ] && best_wall=$wall
  done
  printf '%-8s ready %5d ms   wall %5d ms\n' "$label" "$best_ready" "$best_wall"
}
echo "== start-up (--exit-when-ready, offscreen, best of 3):"
startup bundled "$program"
if [ -x "$checkout/.venv/bin/python" ]; then
  startup source "$checkout/.venv/bin/python" "$checkout/main.py"
fi

echo "== bundle: $(du -sh "$checkout/$built" | cut -f1) unpacked ($built)"
echo "== smoke took $(( $(date +%s) - started )) s"
