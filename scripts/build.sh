#!/usr/bin/env bash
# Build the one-folder desktop bundle dist/CompoundDesk/ from build.spec (Linux; on Windows see
# docs/building.md).  Sets up .venv with the `build` extra first, compiles the translations,
# renders the app icon when resources/icons/app.svg changed, then checks dist/: no unused Qt
# module slipped in, and prints the size and the biggest parts.  Extra arguments go to PyInstaller
# (e.g. --clean).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/system_packages.sh build  # binutils: PyInstaller reads and strips the libraries
for tool in ldd objdump strip; do  # PyInstaller on Linux reads and strips the libraries with these
  command -v "$tool" >/dev/null || { echo "build.sh: $tool missing (Debian: apt-get install binutils libc-bin)" >&2; exit 2; }
done

scripts/setup.sh  # .venv with the app's dependencies + resources/i18n/*.qm
stamp=.venv/.installed-build-$(sha256sum pyproject.toml | cut -c1-16)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install --quiet -e ".[build]"
  touch "$stamp"
fi

icons=resources/icons
if [ ! -f $icons/app.png ] || [ ! -f $icons/app.ico ] \
   || [ $icons/app.svg -nt $icons/app.png ] || [ $icons/app.svg -nt $icons/app.ico ]; then
  # The app icon: app.svg rendered with Qt (offscreen) to a 256 px PNG and a multi-size ICO.
  QT_QPA_PLATFORM=offscreen .venv/bin/python - "$icons" <<'PY'
import struct
import sys
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

icons = Path(sys.argv[1])
app = QGuiApplication(["icon"])
renderer = QSvgRenderer(str(icons / "app.svg"))
if not renderer.isValid():
    sys.exit(f"cannot read {icons / 'app.svg'}")


def png(size: int) -> bytes:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


(icons / "app.png").write_bytes(png(256))
# ICO: header, one directory entry per size, then PNG images (read by Windows Vista and later).
sizes = (16, 24, 32, 48, 64, 128, 256)
images = [png(size) for size in sizes]
offset = 6 + 16 * len(sizes)
ico = bytearray(struct.pack("<HHH", 0, 1, len(sizes)))
for size, blob in zip(sizes, images):
    ico += struct.pack("<BBBBHHII", size % 256, size % 256, 0, 0, 1, 32, len(blob), offset)
    offset += len(blob)
(icons / "app.ico").write_bytes(bytes(ico) + b"".join(images))
print(f"rendered {icons}/app.png and app.ico from app.svg")
PY
fi

# build/ and dist/ are .gitignore'd.
.venv/bin/pyinstaller --noconfirm --log-level WARN --distpath dist --workpath build "$@" build.spec

bundle=dist/CompoundDesk
[ -d "$bundle" ] || { echo "build.sh: $bundle was not made" >&2; exit 1; }

# Unused Qt modules must be gone (each would cost tens of MB).
unwanted='Qt6?(WebEngine|WebChannel|WebSockets|WebView|Quick|Qml|3D|Multimedia|SpatialAudio|Bluetooth|Nfc|Positioning|Location|Sensors|Serial|Designer|DataVisualization|Graphs|RemoteObjects|Scxml|TextToSpeech|HttpServer|VirtualKeyboard)'
found=$(find "$bundle" -regextype posix-extended -iregex ".*/(lib)?${unwanted}[^/]*" | head -n 20 || true)
if [ -n "$found" ]; then
  echo "build.sh: unused Qt modules are in the bundle:" >&2
  echo "$found" >&2
  exit 1
fi

echo "== bundle: $(du -sh "$bundle" | cut -f1) in $bundle ($(find "$bundle" -type f | wc -l) files)"
echo "== biggest files:"
# awk reads to the end (no `head`): under pipefail, sort would die of SIGPIPE once the list
# outgrows a pipe buffer, and fail the build.
find "$bundle" -type f -printf '%s\t%P\n' | sort -rn \
  | awk -F'\t' 'NR <= 15 { printf "%8.1f MB  %s\n", $1 / 1048576, $2 }'
echo "== biggest folders:"
du -m --max-depth=3 "$bundle/_internal" | sort -rn | awk 'NR <= 8 { printf "%8d MB  %s\n", $1, $2 }'
echo "== build took $(( $(date +%s) - started )) s"
