"""Which CJK fonts a printed notice uses, found once per process and registered with reportlab.

GB/T 9704 asks for 方正小标宋简体 titles, 仿宋_GB2312 (or 仿宋) body text, 黑体 first-level and 楷体
second-level headings. Fonts are found by the family names inside them (fontindex.py reads the
`name` tables of the platform's font folders, in every language: "仿宋_GB2312" and
"FangSong_GB2312" alike), never by file name, so a font copied under any file name counts. Each
role takes the first family of its list that the machine has and reportlab can embed (TrueType
outlines; a CFF OpenType font is skipped); a role whose families are all missing falls back to the
free AR PL UMing font shipped in resources/fonts/, so a notice never depends on the reader's
machine. Fonts are always embedded (as subsets) in the PDF.

The shipped font's metrics are prepared at set-up and build time (`python -m app.printing.fonts
prepare`, run by scripts/setup.sh) and shipped beside it; system fonts use the data dir's cache,
which also keeps the family index (`python -m app.printing.fonts list` shows the choice).
"""

from __future__ import annotations

import os
import re
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from app.messages import problem
from app.printing.fontindex import Face, family_key, scan

FONTS_DIR = Path(__file__).resolve().parents[2] / "resources" / "fonts"
SHIPPED_FONT = FONTS_DIR / "uming.ttc"
SHIPPED_INDEX = 0  # AR PL UMing CN


class Family(NamedTuple):
    """One family a role may use: the names it goes by (Chinese and English, as fonts write
    them) and whether its strokes are heavy by design (小标宋, 黑体: no faux bold on top)."""

    names: tuple[str, ...]
    heavy: bool = False


# Families per role, best first; the shipped font comes after the last.
FAMILIES: dict[str, tuple[Family, ...]] = {
    "title": (
        Family(("方正小标宋简体", "FZXiaoBiaoSong-B05S"), heavy=True),
        Family(("方正小标宋_GBK", "FZXiaoBiaoSong-B05"), heavy=True),
        Family(("方正公文小标宋",), heavy=True),
        Family(("方正小标宋", "FZXiaoBiaoSong"), heavy=True),
        Family(("华文中宋", "STZhongsong"), heavy=True),
        Family(("宋体", "SimSun")),
    ),
    "body": (
        Family(("仿宋_GB2312", "FangSong_GB2312")),
        Family(("仿宋", "FangSong")),
        Family(("方正仿宋简体", "FZFangSong-Z02S")),
        Family(("方正仿宋_GBK", "FZFangSong-Z02")),
        Family(("方正公文仿宋",)),
        Family(("华文仿宋", "STFangsong")),
    ),
    "heading": (
        Family(("黑体", "SimHei"), heavy=True),
        Family(("方正黑体简体", "FZHei-B01S"), heavy=True),
        Family(("方正黑体_GBK", "FZHei-B01"), heavy=True),
        Family(("方正公文黑体",), heavy=True),
        Family(("华文黑体", "STHeiti", "黑体-简", "Heiti SC"), heavy=True),
        Family(("文泉驿正黑", "WenQuanYi Zen Hei"), heavy=True),
    ),
    "kai": (
        Family(("楷体_GB2312", "KaiTi_GB2312")),
        Family(("楷体", "KaiTi")),
        Family(("方正楷体简体", "FZKai-Z03S")),
        Family(("方正楷体_GBK", "FZKai-Z03")),
        Family(("方正公文楷体",)),
        Family(("华文楷体", "STKaiti", "楷体-简", "Kaiti SC")),
        Family(("AR PL UKai CN",)),
    ),
}
ROLES = tuple(FAMILIES)


@dataclass(frozen=True)
class FontChoice:
    """The registered reportlab font name for a role, the file it came from and why."""

    role: str
    name: str
    path: Path
    shipped: bool
    family: str | None = None  # the preferred family found; None for the shipped fallback
    heavy: bool = False  # bold by design: the title needs no outline stroke to look bold


def font_dirs() -> list[Path]:
    """Font folders of this platform, the user's first, resolved at run time (never a fixed
    machine path); sub-folders are searched too."""
    dirs: list[Path] = []
    if sys.platform.startswith("win"):
        local = os.environ.get("LOCALAPPDATA")
        if local:
            dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
        windir = os.environ.get("WINDIR") or os.environ.get("SYSTEMROOT")
        if windir:
            dirs.append(Path(windir) / "Fonts")
    elif sys.platform == "darwin":
        dirs += [Path.home() / "Library" / "Fonts", Path("/Library/Fonts"),
                 Path("/System/Library/Fonts"), Path("/Network/Library/Fonts")]
    else:
        data_home = os.environ.get("XDG_DATA_HOME")
        dirs += [Path(data_home) / "fonts"] if data_home else []
        dirs += [Path.home() / ".local" / "share" / "fonts", Path.home() / ".fonts"]
        data_dirs = os.environ.get("XDG_DATA_DIRS") or "/usr/local/share:/usr/share"
        dirs += [Path(d) / "fonts" for d in data_dirs.split(":") if d]
    unique: list[Path] = []
    for folder in dirs:
        if folder.is_dir() and folder not in unique:
            unique.append(folder)
    return unique


def ranked_faces(role: str, faces: list[Face]) -> list[tuple[Face, Family]]:
    """The faces that may serve `role`, best first: by the family's place in the role's list,
    then the weight nearest regular, upright before italic, then folder order. Faces reportlab
    cannot embed (CFF outlines, no-subsetting licence) are left out."""
    wanted: dict[str, tuple[int, Family]] = {}
    for rank, family in enumerate(FAMILIES[role]):
        for name in family.names:
            wanted.setdefault(family_key(name), (rank, family))
    ranked: list[tuple[tuple[int, int, bool, int], Face, Family]] = []
    for order, face in enumerate(faces):
        hits = [wanted[key] for key in map(family_key, face.families) if key in wanted]
        if hits and face.usable:
            rank, family = min(hits, key=lambda hit: hit[0])
            ranked.append(((rank, abs(face.weight - 400), face.italic, order), face, family))
    ranked.sort(key=lambda item: item[0])
    return [(face, family) for _key, face, family in ranked]


_lock = threading.Lock()
_choices: dict[str, FontChoice] | None = None
_cache_dir: Path | None = None
_registered: dict[tuple[Path, int], str] = {}  # (file, subfont) → registered name


def use_cache_dir(directory: Path | None) -> None:
    """Keep pre-parsed font metrics and the family index in `directory` (e.g. the data dir's
    cache/fonts), so the next process skips reportlab's slow parse and reading every font's
    names; takes effect for fonts not registered yet."""
    global _cache_dir
    _cache_dir = directory


def cache_dir_for(data_dir: Path) -> Path:
    return data_dir / "cache" / "fonts"


def shipped_indexes() -> list[int]:
    """The subfonts of the shipped font that some role may use."""
    return [SHIPPED_INDEX]


def _load(path: Path, index: int, registered: dict[tuple[Path, int], str],
          use_prepared: bool) -> str | None:
    """Register one TrueType font (once per file+index); None when reportlab cannot embed it."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError

    from app.printing.fontcache import load_font, prepared_file

    key = (path, index)
    if key in registered:
        return registered[key]
    stem = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "_" for ch in path.stem)
    name = f"CD-{stem}-{index}"  # ASCII: it goes into paragraph markup and PDF resource names
    if name in registered.values():  # two files of one name in different folders
        name = f"{name}-{len(registered)}"
    prepared = prepared_file(path, index) if use_prepared and path == SHIPPED_FONT else None
    try:
        pdfmetrics.registerFont(load_font(name, path, index, _cache_dir, prepared))
    except (TTFError, OSError, ValueError, KeyError, IndexError):  # a font reportlab cannot read
        return None
    registered[key] = name
    return name


def register_fonts(use_system: bool = True, use_prepared: bool = True) -> dict[str, FontChoice]:
    """Find and register the font of every role; later calls return the same choice.

    `use_system=False` takes the shipped font for every role; `use_prepared=False` ignores the
    shipped font's prepared metrics (to measure a parse)."""
    global _choices
    with _lock:
        if _choices is not None:
            return _choices
        faces = scan(font_dirs(), _cache_dir) if use_system else []
        registered = _registered
        choices: dict[str, FontChoice] = {}
        for role in ROLES:
            for face, family in ranked_faces(role, faces):
                name = _load(face.path, face.subfont, registered, use_prepared)
                if name is not None:
                    choices[role] = FontChoice(role, name, face.path, False, family.names[0],
                                               family.heavy)
                    break
            else:
                name = _load(SHIPPED_FONT, SHIPPED_INDEX, registered, use_prepared)
                if name is None:  # pragma: no cover - the shipped font is part of the repository
                    raise RuntimeError(problem("font.shipped_missing", font=SHIPPED_FONT))
                choices[role] = FontChoice(role, name, SHIPPED_FONT, True)
        _choices = choices
        return choices


def font_name(role: str) -> str:
    """The reportlab font name to use for `role` ("body", "title", "heading", "kai")."""
    return register_fonts()[role].name


def font_choice(role: str) -> FontChoice:
    """Which font `role` uses and why (e.g. `.heavy`: a 小标宋 title needs no faux bold)."""
    return register_fonts()[role]


def shipped_font_name() -> str:
    """The registered name of the shipped font (registered now if no role uses it)."""
    register_fonts()
    with _lock:
        name = _load(SHIPPED_FONT, SHIPPED_INDEX, _registered, use_prepared=True)
    if name is None:  # pragma: no cover - the shipped font is part of the repository
        raise RuntimeError(problem("font.shipped_missing", font=SHIPPED_FONT))
    return name


_TAG = re.compile(r"(<[^>]*>)")
_FONT_OPEN = re.compile(r"<\s*font\b", re.IGNORECASE)
_FONT_CLOSE = re.compile(r"<\s*/\s*font\s*>", re.IGNORECASE)
_FONT_NAME = re.compile(r"""\b(?:name|face)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)


def _glyphs(name: str) -> Mapping[int, int] | None:
    """The character map of a registered TrueType font; None for any other font."""
    from reportlab.pdfbase import pdfmetrics

    try:
        face = getattr(pdfmetrics.getFont(name), "face", None)
    except KeyError:
        return None
    glyphs = getattr(face, "charToGlyph", None)
    return glyphs if isinstance(glyphs, Mapping) else None  # a dict, or fontcache.ArrayMap


def fill_missing(role: str, markup: str) -> str:
    """Paragraph `markup` with each run of characters that the font in effect has no glyph for
    set in the shipped font instead: a GB2312-only face (仿宋_GB2312, 楷体_GB2312) lacks 喆, 堃,
    珺… of many personal names, and reportlab would print an empty box. The font in effect is
    `role`'s, or the one a `<font name=…>` run switches to (a 楷体 label inside 仿宋 text).
    Unchanged when nothing is missing; tags are left alone."""
    if markup.isascii():
        return markup
    base = font_choice(role).name
    shipped = _registered.get((SHIPPED_FONT, SHIPPED_INDEX))  # registered only if a role uses it
    stack = [base]
    maps: dict[str, Mapping[int, int] | None] = {}
    out: list[str] = []
    changed = False
    for piece in _TAG.split(markup):
        if piece.startswith("<") and piece.endswith(">"):
            if _FONT_CLOSE.match(piece):
                if len(stack) > 1:
                    stack.pop()
            elif _FONT_OPEN.match(piece):
                named = _FONT_NAME.search(piece)
                stack.append(named.group(1) if named else stack[-1])
            out.append(piece)
            continue
        current = stack[-1]
        if current not in maps:
            maps[current] = None if current == shipped else _glyphs(current)
        glyphs = maps[current]
        if glyphs is None or piece.isascii():
            out.append(piece)
            continue
        run: list[str] = []
        for ch in [*piece, ""]:  # "" ends the last run
            if ch and not ch.isascii() and not ch.isspace() and ord(ch) not in glyphs:
                run.append(ch)
                continue
            if run:
                shipped = shipped or shipped_font_name()
                out.append(f'<font name="{shipped}">{"".join(run)}</font>')
                run, changed = [], True
            out.append(ch)
    return "".join(out) if changed else markup


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
    """`python -m app.printing.fonts prepare|check|list`: write or verify the shipped font's
    prepared metrics, or list which font each role uses on this machine."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m app.printing.fonts",
                                     description="the fonts of printed notices")
    parser.add_argument("action", choices=("prepare", "check", "list"))
    parser.add_argument("--data-dir", type=Path, help="use the font cache of this data dir")
    args = parser.parse_args(argv)
    if args.action == "prepare":
        for file in prepare_shipped():
            print(f"wrote {file}")
        return 0
    if args.action == "list":
        if args.data_dir is not None:
            use_cache_dir(cache_dir_for(args.data_dir))
        for role, choice in register_fonts().items():
            family = choice.family or "(shipped fallback)"
            print(f"{role}\t{family}\t{choice.path}\t{choice.name}")
        return 0
    stale = stale_prepared()
    for file in stale:
        print(f"missing or stale: {file}", file=sys.stderr)
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
