"""Loading a TrueType font for reportlab without paying its full parse in every process.

reportlab parses a font's cmap and metrics in pure Python (`TTFontFile.extractInfo`): for the
21 MB CJK font that is 60–150 ms before the first notice of every fresh process. The parsed
metrics are plain numbers, so they are kept in the data dir (`cache/fonts/`, marshal format: data
only, never code) keyed by the font file's path, size and modification time, the subfont index
and the reportlab version; anything that does not match is parsed again and the copy rewritten.
A cache that cannot be read or written is simply not used.

The face also hands out the big `glyf` table as a window instead of a 17 MB copy: reportlab's
subsetter only slices single glyphs out of it, once per 256-character subset of every document.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from collections.abc import Callable
from fnmatch import fnmatch
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

CACHE_FORMAT = 1
# Raw data and things rebuilt on load: never written to the cache.
_NOT_CACHED = frozenset({"_ttf_data", "_pdfScale", "_pos", "filename", "glyphToChar"})


class _TableWindow:
    """A read-only view of one table of the font file; slicing gives bytes of just that part."""

    def __init__(self, data: bytes, start: int, length: int) -> None:
        self._view = memoryview(data)[start:start + length]

    def __len__(self) -> int:
        return len(self._view)

    def __getitem__(self, index: slice) -> bytes:
        return self._view[index].tobytes()


class FastFace(TTFontFace):
    """reportlab's face with the glyf table as a window and `glyphToChar` (used only for text
    shaping) rebuilt from `charToGlyph` when first asked for."""

    def get_table(self, tag: str) -> Any:
        if tag == "glyf" and isinstance(self._ttf_data, bytes):
            start, length = self.get_table_pos(tag)
            return _TableWindow(self._ttf_data, start, length)
        return super().get_table(tag)

    def __getattr__(self, name: str) -> Any:
        if name == "glyphToChar" and "charToGlyph" in self.__dict__:
            glyph_to_char: dict[int, list[int]] = {}
            for char, glyph in self.__dict__["charToGlyph"].items():
                glyph_to_char.setdefault(glyph, []).append(char)
            self.__dict__["glyphToChar"] = glyph_to_char
            return glyph_to_char
        raise AttributeError(name)


def _scale(units_per_em: int) -> Callable[[float], float]:
    """Font units → 1/1000 em, as reportlab's parser sets `_pdfScale`."""
    if units_per_em == 1000:
        return lambda x: x
    factor = 1000 / units_per_em
    return lambda x: x * factor


def _cache_file(cache_dir: Path, path: Path, index: int) -> Path:
    digest = hashlib.sha1(str(path).encode("utf-8")).hexdigest()[:12]
    return cache_dir / f"{path.stem}-{index}-{digest}.metrics"


def _key(path: Path, index: int) -> tuple[Any, ...]:
    stat = path.stat()
    return (CACHE_FORMAT, REPORTLAB_VERSION, str(path), stat.st_size, stat.st_mtime_ns, index)


def _read_cached(cache_file: Path, key: tuple[Any, ...]) -> dict[str, Any] | None:
    try:
        stored_key, plain, names = marshal.loads(cache_file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if stored_key != key or not isinstance(plain, dict) or not isinstance(names, dict):
        return None
    state = dict(plain)
    state.update({attr: TTFNameBytes(raw) for attr, raw in names.items()})
    return state


def _write_cached(cache_file: Path, key: tuple[Any, ...], face: TTFontFace) -> None:
    state = {k: v for k, v in vars(face).items() if k not in _NOT_CACHED}
    names = {k: bytes(v) for k, v in state.items() if isinstance(v, TTFNameBytes)}
    plain = {k: v for k, v in state.items() if k not in names}
    try:
        blob = marshal.dumps((key, plain, names))
    except ValueError:  # a value marshal cannot hold (a newer reportlab): go without a cache
        return
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".metrics-", dir=cache_file.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(blob)
            os.replace(tmp, cache_file)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:  # read-only or full data dir: the next process parses again
        pass


def _face_from_state(path: Path, state: dict[str, Any]) -> FastFace:
    face = FastFace.__new__(FastFace)
    face.__dict__.update(state)
    face.filename = str(path)
    face._ttf_data = path.read_bytes()
    face._pos = 0
    face._pdfScale = _scale(state["unitsPerEm"])
    return face


def make_font(name: str, face: TTFontFace) -> TTFont:
    """A reportlab TTFont around an already parsed face (what `TTFont.__init__` sets up)."""
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = not any(fnmatch(name, glob) for glob in rl_config.unShapedFontGlob)
    return font


def load_font(name: str, path: Path, index: int, cache_dir: Path | None) -> TTFont:
    """The TTFont for subfont `index` of `path`, from the metrics cache when it matches the file.

    Raises what reportlab raises for a file it cannot embed (TTFError, OSError, ValueError).
    """
    if cache_dir is None:
        return make_font(name, FastFace(str(path), validate=0, subfontIndex=index))
    key = _key(path, index)
    cache_file = _cache_file(cache_dir, path, index)
    state = _read_cached(cache_file, key)
    if state is not None:
        return make_font(name, _face_from_state(path, state))
    face = FastFace(str(path), validate=0, subfontIndex=index)
    _write_cached(cache_file, key, face)
    return make_font(name, face)
