"""Loading a TrueType font for reportlab without paying its full parse in every process.

reportlab parses a font's cmap and metrics in pure Python (`TTFontFile.extractInfo`): for the
21 MB CJK font that is 60–150 ms before the first notice of every fresh process. The parsed
metrics are plain numbers, so they are kept in the data dir (`cache/fonts/`, marshal format: data
only, never code) keyed by the font file's path, size and modification time, the subfont index
and the reportlab version; anything that does not match is parsed again and the copy rewritten.
A cache that cannot be read or written is simply not used.

The shipped font's metrics are also prepared at set-up / build time (`prepare`, run by
`python -m app.printing.fonts prepare`) into a file beside the font, so even the first notice of
a new data dir skips the parse. That file moves with the bundle, so its key is the font's content
(size, table directory, `head` checksum adjustment), never its path or modification time; a file
that does not match or cannot be read is ignored and the data dir's cache is used.

The font file is mapped, not read: a notice touches the pages of a few hundred glyphs of a 21 MB
file. The face hands out the big `glyf` table as a window instead of a 17 MB copy: reportlab's
subsetter only slices single glyphs out of it, once per 256-character subset of every document.
"""

from __future__ import annotations

import hashlib
import marshal
import mmap
import os
import struct
import tempfile
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import IO, Any
from weakref import WeakKeyDictionary

from reportlab import Version as REPORTLAB_VERSION
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from app.messages import problem

CACHE_FORMAT = 2
PREPARED_FORMAT = "prepared-2"
# Raw data and things rebuilt on load: never written to the cache.
_NOT_CACHED = frozenset({"_ttf_data", "_pdfScale", "_pos", "filename", "glyphToChar"})


class _TableWindow:
    """A read-only view of one table of the font file; slicing gives bytes of just that part."""

    def __init__(self, data: bytes | mmap.mmap, start: int, length: int) -> None:
        self._view = memoryview(data)[start:start + length]

    def __len__(self) -> int:
        return len(self._view)

    def __getitem__(self, index: slice) -> bytes:
        return self._view[index].tobytes()


def map_file(path: Path) -> mmap.mmap:
    """The file mapped read-only: the OS reads only the pages used (raises ValueError if empty)."""
    with path.open("rb") as handle:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


class FastFace(TTFontFace):
    """reportlab's face over the mapped file, with the glyf table as a window and `glyphToChar`
    (used only for text shaping) rebuilt from `charToGlyph` when first asked for."""

    def __init__(self, filename: str, validate: int = 0, subfontIndex: int = 0) -> None:
        # reportlab reads the file only when `_ttf_data` is not set yet; it needs `filename` too.
        self._ttf_data = map_file(Path(filename))
        self.filename = filename
        super().__init__(filename, validate=validate, subfontIndex=subfontIndex)

    def get_table(self, tag: str) -> Any:
        if tag == "glyf" and isinstance(self._ttf_data, bytes | mmap.mmap):
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


def prepared_file(font: Path, index: int) -> Path:
    """Where `prepare` puts the metrics of subfont `index` of `font`: beside it, so a bundle that
    carries the font carries them too."""
    return font.with_name(f"{font.name}.{index}.metrics")


def _sfnt_offset(handle: IO[bytes], index: int) -> int:
    """Where subfont `index` starts: in a collection (.ttc) its header says, else at 0."""
    handle.seek(0)
    header = handle.read(12)
    if header[:4] != b"ttcf":
        if index != 0:
            raise ValueError(problem("font.no_subfont", index=index, count=1))
        return 0
    (count,) = struct.unpack(">L", header[8:12])
    if not 0 <= index < count:
        raise ValueError(problem("font.no_subfont", index=index, count=count))
    handle.seek(12 + 4 * index)
    (offset,) = struct.unpack(">L", handle.read(4))
    return int(offset)


def content_identity(font: Path, index: int) -> tuple[int, str, int]:
    """The file size, a digest of subfont `index`'s table directory (every table's tag, checksum,
    offset and length) and its `head` checkSumAdjustment: any edit of a table changes one of them,
    and it costs reading a few hundred bytes, not the file. Raises OSError/ValueError/struct.error
    for a file that is not a font."""
    with font.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        handle.seek(_sfnt_offset(handle, index))
        header = handle.read(12)
        (num_tables,) = struct.unpack(">H", header[4:6])
        directory = handle.read(16 * num_tables)
        if len(directory) != 16 * num_tables:
            raise ValueError(problem("font.truncated"))
        adjustment = -1
        for tag, _checksum, offset, _length in struct.iter_unpack(">4sLLL", directory):
            if tag == b"head":
                handle.seek(offset + 8)
                (adjustment,) = struct.unpack(">L", handle.read(4))
    return size, hashlib.sha1(header + directory).hexdigest(), adjustment


def _prepared_key(font: Path, index: int) -> tuple[Any, ...]:
    return (PREPARED_FORMAT, REPORTLAB_VERSION, index, *content_identity(font, index))


def _read_prepared(prepared: Path, font: Path, index: int) -> dict[str, Any] | None:
    """The prepared metrics when they were made from this very font by this reportlab."""
    try:
        key = _prepared_key(font, index)
    except (OSError, ValueError, struct.error):
        return None
    return _read_cached(prepared, key)


def _read_cached(cache_file: Path, key: tuple[Any, ...]) -> dict[str, Any] | None:
    try:
        stored_key, plain, names, packed = marshal.loads(cache_file.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if stored_key != key or not isinstance(plain, dict) or not isinstance(names, dict):
        return None
    if not isinstance(plain.get("unitsPerEm"), int) or not isinstance(packed, dict):
        return None
    state = dict(plain)
    state.update({attr: TTFNameBytes(raw) for attr, raw in names.items()})
    try:
        state.update(_unpack(packed))
    except (KeyError, TypeError, ValueError):
        return None
    return state


# The four big tables of a CJK face (~25,000 characters, ~27,000 glyphs) kept as packed numbers:
# marshal would rebuild them as ~130,000 objects (~20 ms of every fresh process); arrays are
# copied in one go. Only the widths become a dict (layout asks for a width per character); the
# other three are read for the few hundred glyphs a document embeds.
_MAPS = ("charToGlyph", "charWidths")  # character → glyph, character → advance width


class ArrayMap(Mapping[int, int]):
    """`charToGlyph` over sorted arrays of characters and glyphs: what reportlab asks of it
    (`in`, `[]`, `keys()` and its truth) by binary search, without a 25,000-entry dict."""

    def __init__(self, keys: array[Any], values: array[Any]) -> None:
        self._keys, self._values = keys, values

    def __len__(self) -> int:
        return len(self._keys)

    def __iter__(self) -> Iterator[int]:
        return iter(self._keys)

    def __getitem__(self, key: object) -> int:
        if isinstance(key, int):
            at = bisect_left(self._keys, key)
            if at < len(self._keys) and self._keys[at] == key:
                return int(self._values[at])
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, int):
            return False
        at = bisect_left(self._keys, key)
        return at < len(self._keys) and self._keys[at] == key


class PairTable:
    """`hmetrics` (advance width, left side bearing per glyph) over two arrays: reportlab only
    indexes it, for the few glyphs a subset holds."""

    def __init__(self, first: array[Any], second: array[Any]) -> None:
        self._first, self._second = first, second

    def __len__(self) -> int:
        return len(self._first)

    def __getitem__(self, index: int) -> tuple[Any, Any]:
        return self._first[index], self._second[index]


def _array_of(values: list[Any], exact_types: bool) -> array[Any] | None:
    """The values as an array of whole numbers or doubles, None when that would change one
    (`exact_types` False: an int may come back as the equal float — reportlab takes int() of
    hmetrics' widths, which its parser leaves partly int, partly float)."""
    for code in ("I", "i", "d"):
        try:
            packed = array(code, values)
        except (OverflowError, TypeError):
            continue
        back = packed.tolist()
        if back == values and (not exact_types or all(
                type(a) is type(b) for a, b in zip(back, values, strict=True))):
            return packed
    return None


def _blob(values: list[Any], exact_types: bool = True) -> tuple[str, int, bytes] | None:
    packed = _array_of(values, exact_types)
    return None if packed is None else (packed.typecode, packed.itemsize, packed.tobytes())


def _from_blob(blob: tuple[str, int, bytes]) -> array[Any]:
    code, size, raw = blob
    packed = array(code)
    if packed.itemsize != size:  # made on a platform of other C sizes
        raise ValueError(problem("font.cache_other_platform"))
    packed.frombytes(raw)
    return packed


def _pack(state: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the state without the big tables that pack, the packed tables)."""
    packed: dict[str, Any] = {}
    for attr in _MAPS:
        table = state.get(attr)
        if isinstance(table, dict):
            items = sorted(table.items())  # sorted: ArrayMap searches the characters
            keys, values = _blob([k for k, _ in items]), _blob([v for _, v in items])
            if keys is not None and values is not None:
                packed[attr] = (keys, values)
    metrics = state.get("hmetrics")
    if isinstance(metrics, list) and all(isinstance(m, tuple) and len(m) == 2 for m in metrics):
        first = _blob([m[0] for m in metrics], exact_types=False)
        second = _blob([m[1] for m in metrics])
        if first is not None and second is not None:
            packed["hmetrics"] = (first, second)
    positions = state.get("glyphPos")
    if isinstance(positions, list):
        blob = _blob(positions)
        if blob is not None:
            packed["glyphPos"] = blob
    return {k: v for k, v in state.items() if k not in packed}, packed


def _unpack(packed: dict[str, Any]) -> dict[str, Any]:
    state: dict[str, Any] = {}
    for attr, blob in packed.items():
        if attr in _MAPS:
            keys, values = _from_blob(blob[0]), _from_blob(blob[1])
            if len(keys) != len(values):
                raise ValueError(problem("font.cache_damaged", part=attr))
            state[attr] = (dict(zip(keys, values, strict=True)) if attr == "charWidths"
                           else ArrayMap(keys, values))
        elif attr == "hmetrics":
            first, second = _from_blob(blob[0]), _from_blob(blob[1])
            if len(first) != len(second):
                raise ValueError(problem("font.cache_damaged", part="hmetrics"))
            state[attr] = PairTable(first, second)
        elif attr == "glyphPos":
            state[attr] = _from_blob(blob)
        else:
            raise KeyError(attr)
    return state


def _dump(key: tuple[Any, ...], face: TTFontFace) -> bytes:
    """The parsed metrics as marshal data; ValueError for a value marshal cannot hold."""
    state = {k: v for k, v in vars(face).items() if k not in _NOT_CACHED}
    names = {k: bytes(v) for k, v in state.items() if isinstance(v, TTFNameBytes)}
    plain, packed = _pack({k: v for k, v in state.items() if k not in names})
    return marshal.dumps((key, plain, names, packed))


def write_atomic(target: Path, blob: bytes, mode: int | None = None) -> None:
    """Write beside the target and rename, so a reader never sees half a file; `mode` replaces
    mkstemp's owner-only permissions."""
    from db.store import private_folder

    private_folder(target.parent)  # data_dir/cache/fonts: 0700 like the rest of the data dir
    fd, tmp = tempfile.mkstemp(prefix=".metrics-", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(blob)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_cached(cache_file: Path, key: tuple[Any, ...], face: TTFontFace) -> None:
    try:
        write_atomic(cache_file, _dump(key, face))
    except ValueError:  # a value marshal cannot hold (a newer reportlab): go without a cache
        pass
    except OSError:  # read-only or full data dir: the next process parses again
        pass


def prepare(font: Path, index: int, target: Path | None = None) -> Path:
    """Parse subfont `index` of `font` and write its metrics to `target` (default: beside the
    font), for set-up and build time; raises what parsing or writing raises."""
    target = prepared_file(font, index) if target is None else target
    face = FastFace(str(font), validate=0, subfontIndex=index)
    write_atomic(target, _dump(_prepared_key(font, index), face), mode=0o644)  # every user reads it
    return target


def prepared_matches(prepared: Path, font: Path, index: int) -> bool:
    """Whether `prepared` holds usable metrics of subfont `index` of `font` (build check)."""
    return _read_prepared(prepared, font, index) is not None


def _face_from_state(path: Path, state: dict[str, Any]) -> FastFace:
    face = FastFace.__new__(FastFace)
    face.__dict__.update(state)
    face.filename = str(path)
    face._ttf_data = map_file(path)
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


def load_font(name: str, path: Path, index: int, cache_dir: Path | None,
              prepared: Path | None = None) -> TTFont:
    """The TTFont for subfont `index` of `path`: from the `prepared` metrics when they match the
    font, else from the metrics cache in `cache_dir` when it matches the file, else parsed.

    Raises what reportlab raises for a file it cannot embed (TTFError, OSError, ValueError).
    """
    if prepared is not None:
        state = _read_prepared(prepared, path, index)
        if state is not None:
            return make_font(name, _face_from_state(path, state))
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
