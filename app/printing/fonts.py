"""Which CJK fonts a printed notice uses, found once per process and registered with reportlab.

GB/T 9704 asks for FangSong (仿宋) body text, a bold Song (小标宋) title and SimHei (黑体) headings.
Where the machine has those fonts (Windows ships them; Linux users often copy them) they are used;
otherwise every role falls back to the free AR PL UMing font shipped in resources/fonts/, so a
notice never depends on the reader's machine. reportlab embeds TrueType (glyf) fonts only; a
CFF/OpenType font fails to load and is skipped.

The shipped font's metrics are prepared at set-up and build time (`python -m app.printing.fonts
prepare`, run by scripts/setup.sh) and shipped beside it; system fonts use the data dir's cache.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
SHIPPED_FONT = FONTS_DIR / "uming.ttc"

# Font file names per role, best first: (file name, subfont index of a .ttc).
CANDIDATES: dict[str, tuple[tuple[str, int], ...]] = {
    "body": (("simfang.ttf", 0), ("fangsong.ttf", 0), ("simsun.ttc", 0), ("uming.ttc", 0)),
    "title": (("simsun.ttc", 0), ("simsun.ttf", 0), ("uming.ttc", 0)),
    "heading": (("simhei.ttf", 0), ("wqy-zenhei.ttc", 0), ("simsun.ttc", 0), ("uming.ttc", 0)),
    "kai": (("simkai.ttf", 0), ("kaiti.ttf", 0), ("uming.ttc", 0)),
}


@dataclass(frozen=True)
class FontChoice:
    """The registered reportlab font name for a role, and the file it came from."""

    role: str
    name: str
    path: Path
    shipped: bool


def font_dirs() -> list[Path]:
    """Font folders of this platform, resolved at run time (never a fixed machine path)."""
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
        if windir:
            dirs.append(Path(windir) / "Fonts")
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path.home() / "Library" / "Fonts", Path("/Library/Fonts")]
    else:
        data_home = os.environ.get("XDG_DATA_HOME")
        dirs += [Path(data_home) / "fonts"] if data_home else []
        dirs += [Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]
        data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
        dirs += [Path(d) / "fonts" for d in data_dirs.split(":") if d]
    return [d for d in dirs if d.is_dir()]


def _index_font_files(dirs: list[Path]) -> dict[str, Path]:
    """Lower-case file name → first path found, for the names we look for."""
    wanted = {name for options in CANDIDATES.values() for name, _ in options}
    found: dict[str, Path] = {}
    for root in dirs:
        for folder, _subdirs, files in os.walk(root):
            for file in files:
                key = file.lower()
                if key in wanted and key not in found:
                    found[key] = Path(folder) / file
    return found


_lock = threading.Lock()
_choices: dict[str, FontChoice] | None = None
_cache_dir: Path | None = None


def use_cache_dir(directory: Path | None) -> None:
    """Keep pre-parsed font metrics in `directory` (e.g. the data dir's cache/fonts), so the next
    process skips reportlab's slow parse; takes effect for fonts not registered yet."""
    global _cache_dir
    _cache_dir = directory


def cache_dir_for(data_dir: Path) -> Path:
    return data_dir / "cache" / "fonts"


def shipped_indexes() -> list[int]:
    """The subfonts of the shipped font that some role may use."""
    return sorted({index for options in CANDIDATES.values()
                   for file_name, index in options if file_name == SHIPPED_FONT.name})


def _load(path: Path, index: int, registered: dict[tuple[Path, int], str],
          use_prepared: bool) -> str | None:
    """Register one TrueType font (once per file+index); None when reportlab cannot embed it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from app.printing.fontcache import load_font, prepared_file

    key = (path, index)
    if key in registered:
        return registered[key]
    name = f"CD-{path.stem}-{index}"
    prepared = prepared_file(path, index) if use_prepared and path == SHIPPED_FONT else None
    try:
        pdfmetrics.registerFont(load_font(name, path, index, _cache_dir, prepared))
    except (TTFError, OSError, ValueError):
        return None
    registered[key] = name
    return name


def register_fonts(use_system: bool = True, use_prepared: bool = True) -> dict[str, FontChoice]:
    """Find and register the font of every role; later calls return the same choice.

    `use_prepared=False` ignores the shipped font's prepared metrics (to measure a parse)."""
    global _choices
    with _lock:
        if _choices is not None:
            return _choices
        system = _index_font_files(font_dirs()) if use_system else {}
        system["uming.ttc"] = SHIPPED_FONT  # the shipped copy always wins over a system one
        registered: dict[tuple[Path, int], str] = {}
        choices: dict[str, FontChoice] = {}
        for role, options in CANDIDATES.items():
            for file_name, index in options:
                path = system.get(file_name)
                if path is None:
                    continue
                name = _load(path, index, registered, use_prepared)
                if name is not None:
                    choices[role] = FontChoice(role, name, path, path == SHIPPED_FONT)
                    break
            else:  # pragma: no cover - the shipped font is part of the repository
                raise RuntimeError(f"no usable font for {role}: {SHIPPED_FONT} is missing")
        _choices = choices
        return choices


def font_name(role: str) -> str:
    """The reportlab font name to use for `role` ("body", "title", "heading", "kai")."""
    return register_fonts()[role].name


def warm_up(data_dir: Path) -> None:
    """Register the fonts (metrics cache in `data_dir`) and import the renderer, so the first
    preview or print does not pay for them; safe to call from a background thread."""
    use_cache_dir(cache_dir_for(data_dir))
    register_fonts()
    from app.printing.reportlab_import import import_paragraph

    import_paragraph()  # before layout pulls in reportlab's paragraph module
    import app.printing.layout  # noqa: F401


def _stale_indexes() -> list[int]:
    from app.printing.fontcache import prepared_file, prepared_matches

    return [index for index in shipped_indexes()
            if not prepared_matches(prepared_file(SHIPPED_FONT, index), SHIPPED_FONT, index)]


def prepare_shipped() -> list[Path]:
    """Write the shipped font's prepared metrics that are missing or stale (set-up and build
    time; a no-op when they match, so set-up can run it every time)."""
    from app.printing.fontcache import prepare

    return [prepare(SHIPPED_FONT, index) for index in _stale_indexes()]


def stale_prepared() -> list[Path]:
    """The shipped font's prepared metrics files that are missing or do not match the font."""
    from app.printing.fontcache import prepared_file

    return [prepared_file(SHIPPED_FONT, index) for index in _stale_indexes()]


def main(argv: list[str] | None = None) -> int:
    """`python -m app.printing.fonts prepare|check`: write or verify the prepared metrics."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m app.printing.fonts",
                                     description="prepared metrics of the shipped font")
    parser.add_argument("action", choices=("prepare", "check"))
    args = parser.parse_args(argv)
    if args.action == "prepare":
        for file in prepare_shipped():
            print(f"wrote {file}")
        return 0
    stale = stale_prepared()
    for file in stale:
        print(f"missing or stale: {file}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
