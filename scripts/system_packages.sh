#!/usr/bin/env bash
# Install the Debian/Ubuntu packages Compound Desk needs when they are missing (scripts/setup.sh
# calls this; run.sh, test.sh and build.sh call setup.sh).
#   scripts/system_packages.sh app     Qt's xcb/GLib/fontconfig/CUPS libraries (the desktop bundle
#                                      takes them from the system too), CJK fonts, Python's venv
#   scripts/system_packages.sh test    app + PostgreSQL, poppler-utils, zbar-tools, Xvfb
#   scripts/system_packages.sh build   app + binutils (PyInstaller reads and strips libraries),
#                                      icu-devtools and gcc (scripts/trim_icu.py)
# Missing ones are found with dpkg-query and installed with apt-get when running as root or with
# passwordless sudo; otherwise the script stops (exit 2) printing the exact command to run.
# Not Debian (no dpkg-query/apt-get): nothing is checked. COMPOUND_DESK_SKIP_SYSTEM_PACKAGES=1
# skips the check (an image that provides the libraries under other names).
set -euo pipefail

APP_PACKAGES=(
  libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-xkb1
  libegl1 libgl1 libfontconfig1 libfreetype6 libdbus-1-3 "libglib2.0-0t64|libglib2.0-0"
  libx11-xcb1 libxkbcommon0 "libcups2t64|libcups2" fonts-noto-cjk
)
TEST_PACKAGES=(postgresql poppler-utils zbar-tools xvfb xauth)
BUILD_PACKAGES=(binutils icu-devtools gcc)

case "${1:-app}" in
  app) wanted=("${APP_PACKAGES[@]}") ;;
  test) wanted=("${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  build) wanted=("${APP_PACKAGES[@]}" "${BUILD_PACKAGES[@]}") ;;
  *) echo "usage: $0 app|test|build" >&2; exit 2 ;;
esac

[ "${COMPOUND_DESK_SKIP_SYSTEM_PACKAGES:-}" = 1 ] && exit 0
command -v dpkg-query >/dev/null && command -v apt-get >/dev/null || exit 0

# `python3 -m venv` needs ensurepip, which Debian ships in python3-venv.
if ! "${PYTHON:-python3}" -c 'import ensurepip' >/dev/null 2>&1; then
  wanted+=(python3-venv)
fi

installed() {  # installed NAME: dpkg knows it as installed
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

missing=()
for entry in "${wanted[@]}"; do
  IFS='|' read -r -a choices <<<"$entry"  # "new-name|old-name": either one will do
  found=
  for name in "${choices[@]}"; do
    if installed "$name"; then found=$name; break; fi
  done
  [ -n "$found" ] && continue
  pick=${choices[-1]}
  for name in "${choices[@]}"; do  # the first name this release has a candidate for
    if apt-cache policy "$name" 2>/dev/null | grep -q 'Candidate: [^(]'; then pick=$name; break; fi
  done
  missing+=("$pick")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "Compound Desk needs these system packages, which are not installed:" >&2
    echo "  ${missing[*]}" >&2
    echo "Install them (as root or with sudo), then run this command again:" >&2
    echo "  sudo apt-get install -y ${missing[*]}" >&2
    exit 2
  fi
fi
echo "installing system packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
