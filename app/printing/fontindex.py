"""Which font families the machine has, read from the fonts' own `name` tables.

A font file's name says little (`simfang.ttf`, `FZXBSJW.TTF`, `华文楷体.ttf`, `STKAITI.TTF`); the
family names inside it are what a caseworker sees in Word or WPS — "仿宋_GB2312", "方正小标宋简体",
"KaiTi" — in every language the font carries. Reading them costs only the table directory and
the `name` table of each file (a few KB, never the outlines), yet a Windows font folder holds
hundreds of files, so the result is kept in the data dir's font cache (`families.index`, marshal
data like the metrics cache, never code) keyed by each file's size and modification time: a
later process stats the files and reads only the new or changed ones. Nothing here imports reportlab; fonts.py decides which face each role uses.

Each face also records whether reportlab can embed it: TrueType (`glyf`) outlines and an OS/2
`fsType` that allows subsetting. CFF-flavoured OpenType (Noto/Source Han CJK) is listed but
never chosen.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import struct
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, NamedTuple

from app.messages import problem

INDEX_FORMAT = 1
INDEX_FILE = "families.index"
FONT_SUFFIXES = frozenset({".ttf", ".ttc", ".otf", ".otc"})
NAME_IDS = frozenset({1, 4, 16})  # family, full name, typographic family
_TRUETYPE_VERSIONS = frozenset({b"\x00\x01\x00\x00", b"true"})
# Windows name records in a legacy CJK encoding (old 仿宋_GB2312 and the like): platEncID → codec.
_WINDOWS_CJK = {2: "shift_jis", 3: "gbk", 4: "big5", 5: "cp949", 6: "johab"}
_MAC = {0: "mac_roman", 1: "shift_jis", 2: "big5", 3: "cp949", 25: "gbk"}


class Face(NamedTuple):
    """One font of a file (a .ttc holds several): its names and whether reportlab can embed it.
    (A named tuple: a dataclass costs a millisecond of every fresh process's first print.)"""

    path: Path
    subfont: int
    families: tuple[str, ...]
    weight: int  # OS/2 usWeightClass, 400 when there is none
    italic: bool
    truetype: bool  # glyf outlines; False for CFF/CFF2 (reportlab cannot embed those)
    embeddable: bool  # fsType lets the font be subset and embedded

    @property
    def usable(self) -> bool:
        return self.truetype and self.embeddable


def family_key(name: str) -> str:
    """How family names compare: width-folded, case-folded, without spaces, "_" and "-"
    ("仿宋_GB2312" = "仿宋 GB2312", "FZXiaoBiaoSong-B05S" = "fzxiaobiaosongb05s")."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch not in " _-\u3000\0")


def _decode(platform: int, encoding: int, raw: bytes) -> str | None:
    """A name record's text, or None for an encoding we do not read."""
    try:
        if platform == 0 or (platform == 3 and encoding in (0, 1, 10)):
            return raw.decode("utf-16-be")
        if platform == 3 and encoding in _WINDOWS_CJK:
            if b"\0" in raw:  # 16-bit units holding one byte (ASCII) or a double-byte character
                units = struct.unpack(f">{len(raw) // 2}H", raw[: len(raw) // 2 * 2])
                raw = b"".join(u.to_bytes(2 if u > 0xFF else 1, "big") for u in units if u)
            return raw.decode(_WINDOWS_CJK[encoding])
        if platform == 1 and encoding in _MAC:
            return raw.decode(_MAC[encoding])
    except (UnicodeDecodeError, struct.error):
        return None
    return None


def _read_exact(handle: IO[bytes], offset: int, length: int) -> bytes:
    handle.seek(offset)
    data = handle.read(length)
    if len(data) != length:
        raise ValueError(problem("font.truncated"))
    return data


def _names(table: bytes) -> tuple[str, ...]:
    """The family and full names of a `name` table, in the order the font lists them."""
    _format, count, string_offset = struct.unpack_from(">HHH", table, 0)
    names: list[str] = []
    for n in range(count):
        platform, encoding, _lang, name_id, length, offset = struct.unpack_from(
            ">HHHHHH", table, 6 + 12 * n)
        if name_id not in NAME_IDS:
            continue
        start = string_offset + offset
        text = _decode(platform, encoding, table[start:start + length])
        if text:
            text = text.strip("\0 ")
            if text and text not in names:
                names.append(text)
    return tuple(names)


def _face(handle: IO[bytes], path: Path, index: int, start: int) -> Face:
    version, num_tables = struct.unpack(">4sH", _read_exact(handle, start, 6))
    directory = _read_exact(handle, start + 12, 16 * num_tables)
    tables = {tag: (offset, length)
              for tag, _checksum, offset, length in struct.iter_unpack(">4sLLL", directory)}
    names: tuple[str, ...] = ()
    if b"name" in tables:
        names = _names(_read_exact(handle, *tables[b"name"]))
    weight, italic, embeddable = 400, False, True
    if b"OS/2" in tables and tables[b"OS/2"][1] >= 64:
        os2 = _read_exact(handle, tables[b"OS/2"][0], 64)
        weight, fs_type = struct.unpack_from(">H2xH", os2, 4)
        (fs_selection,) = struct.unpack_from(">H", os2, 62)
        italic = bool(fs_selection & 1)
        embeddable = not (fs_type == 0x0002 or fs_type & 0x0300)  # reportlab's own rule
    truetype = (version in _TRUETYPE_VERSIONS and b"glyf" in tables and b"loca" in tables)
    return Face(path, index, names, weight, italic, truetype, embeddable)


def read_faces(path: Path) -> list[Face]:
    """Every font in `path` (several in a collection). Raises OSError, ValueError or
    struct.error for a file that is not a font."""
    with path.open("rb") as handle:
        header = _read_exact(handle, 0, 12)
        if header[:4] == b"ttcf":
            (count,) = struct.unpack(">L", header[8:12])
            if count > 1000:
                raise ValueError(problem("font.not_a_collection"))
            offsets = struct.unpack(f">{count}L", _read_exact(handle, 12, 4 * count))
        else:
            offsets = (0,)
        return [_face(handle, path, index, start) for index, start in enumerate(offsets)]


def font_files(dirs: Iterable[Path]) -> Iterator[tuple[Path, os.stat_result]]:
    """Every font file under `dirs` (sub-folders included) with its stat, each path once. Uses
    scandir's stat, which on Windows comes with the listing (no call per file)."""
    seen: set[str] = set()
    pending = [str(d) for d in dirs]
    while pending:
        folder = pending.pop(0)
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            continue
        subfolders = []
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                    continue
                if os.path.splitext(entry.name)[1].lower() not in FONT_SUFFIXES:
                    continue
                if entry.path in seen:
                    continue
                seen.add(entry.path)
                stat = entry.stat()
            except OSError:
                continue
            yield Path(entry.path), stat
        pending[:0] = subfolders  # depth first, like os.walk: a folder's fonts stay together


def _to_rows(faces: list[Face]) -> list[list[Any]]:
    return [[f.subfont, list(f.families), f.weight, f.italic, f.truetype, f.embeddable]
            for f in faces]


def _from_rows(path: Path, rows: list[list[Any]]) -> list[Face]:
    return [Face(path, int(index), tuple(str(n) for n in names), int(weight), bool(italic),
                 bool(truetype), bool(embeddable))
            for index, names, weight, italic, truetype, embeddable in rows]


def _read_index(cache_file: Path) -> dict[str, list[Any]]:
    try:
        data = marshal.loads(cache_file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not isinstance(data, dict) or data.get("format") != INDEX_FORMAT:
        return {}
    files = data.get("files")
    return files if isinstance(files, dict) else {}


def _write_index(cache_file: Path, files: dict[str, list[Any]]) -> None:
    from app.printing.fontcache import write_atomic

    blob = marshal.dumps({"format": INDEX_FORMAT, "files": files})
    with contextlib.suppress(OSError):  # read-only or full data dir: read the names again
        write_atomic(cache_file, blob)


def scan(dirs: Iterable[Path], cache_dir: Path | None = None) -> list[Face]:
    """The faces of every font file under `dirs`, in folder order. With `cache_dir`, names read
    before are taken from its index when the file's size and modification time still match;
    the index is rewritten when a file was added, changed or removed."""
    cache_file = cache_dir / INDEX_FILE if cache_dir is not None else None
    known = _read_index(cache_file) if cache_file is not None else {}
    files: dict[str, list[Any]] = {}
    faces: list[Face] = []
    changed = False
    for path, stat in font_files(dirs):
        key = str(path)
        entry = known.get(key)
        found: list[Face] | None = None
        if isinstance(entry, list) and len(entry) == 3 and entry[:2] == [stat.st_size,
                                                                          stat.st_mtime_ns]:
            try:
                found = _from_rows(path, entry[2])
            except (TypeError, ValueError):
                found = None
        if found is None:
            try:
                found = read_faces(path)
            except (OSError, ValueError, struct.error):
                found = []  # not a font: remembered, so it is not read again
            changed = True
        files[key] = [stat.st_size, stat.st_mtime_ns, _to_rows(found)]
        faces += found
    if cache_file is not None and (changed or files.keys() != known.keys()):
        _write_index(cache_file, files)
    return faces
