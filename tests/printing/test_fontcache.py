"""The pre-parsed font metrics: the copy kept in the data dir and the file prepared at set-up and
build time beside the shipped font. A font loaded from either is the font reportlab parses itself
(same metrics, same embedded subset); a prepared file is used without any parse wherever the font
moves, and ignored (the font parsed) when it was made from another font or reportlab or is broken;
a stale or broken data-dir copy is parsed again; the `notice` verb writes the same PDF either way."""

from __future__ import annotations

import marshal
import mmap
import os
import struct
import subprocess
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace, TTFontFile

from app.printing import fontcache, fonts
from app.printing.fontcache import _NOT_CACHED, load_font, prepare, prepared_file
from app.printing.fonts import SHIPPED_FONT, cache_dir_for
from db.store import Store
from tests.helpers.cli import ROOT, run_main
from tests.printing.conftest import PrintData, run_tool

SAMPLE = [ord(c) for c in "业主大会会议通知，选举公告：候选人（欧阳明辉）“三分之二以上”。ABC 123"]


def face_state(font: TTFont) -> dict[str, object]:
    """The face's metrics as plain values: a cached face keeps its big tables packed
    (fontcache.ArrayMap, PairTable, an array), which must hold exactly what reportlab parsed."""
    def plain(value: object) -> object:
        if isinstance(value, Mapping):
            return dict(value)
        if isinstance(value, fontcache.PairTable | array):
            return list(value)
        return value

    return {k: plain(v) for k, v in vars(font.face).items() if k not in _NOT_CACHED}


@pytest.fixture(scope="module")
def reference() -> TTFont:
    """The shipped font as reportlab itself parses it."""
    return TTFont("ref", str(SHIPPED_FONT), subfontIndex=0)


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every call of reportlab's own parse (face set-up and metrics extraction), by name."""
    calls: list[str] = []

    def counting(name: str, original: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return original(*args, **kwargs)
        return wrapper

    monkeypatch.setattr(TTFontFace, "__init__", counting("init", TTFontFace.__init__))
    monkeypatch.setattr(TTFontFile, "extractInfo", counting("extract", TTFontFile.extractInfo))
    return calls


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Metrics prepared from the shipped font, kept away from it."""
    return prepare(SHIPPED_FONT, 0, tmp_path_factory.mktemp("prepared") / "uming.metrics")


def assert_same_font(font: TTFont, reference: TTFont) -> None:
    assert face_state(font) == face_state(reference)
    assert font.stringWidth("业主大会 ABC", 16) == reference.stringWidth("业主大会 ABC", 16)
    subset = [0, *SAMPLE]
    assert font.face.makeSubset(subset) == reference.face.makeSubset(subset)


def test_cached_metrics_give_the_font_reportlab_parses(tmp_path: Path, reference: TTFont) -> None:
    written = load_font("first", SHIPPED_FONT, 0, tmp_path)  # parses and writes the copy
    assert len(list(tmp_path.glob("*.metrics"))) == 1
    cached = load_font("second", SHIPPED_FONT, 0, tmp_path)  # reads the copy
    assert face_state(cached) == face_state(reference) == face_state(written)
    assert cached.face.glyphToChar[reference.face.charToGlyph[ord("业")]] == \
        reference.face.glyphToChar[reference.face.charToGlyph[ord("业")]]
    assert set(vars(cached)) == set(vars(reference))
    assert (cached._asciiReadable, cached.shapable) == (reference._asciiReadable, reference.shapable)
    assert_same_font(cached, reference)
    assert_same_font(written, reference)
    assert isinstance(cached.face._ttf_data, mmap.mmap)  # mapped, not a 21 MB read


def test_a_broken_or_stale_copy_is_parsed_again_and_rewritten(tmp_path: Path) -> None:
    font = tmp_path / SHIPPED_FONT.name
    font.write_bytes(SHIPPED_FONT.read_bytes())
    cache = tmp_path / "cache"
    load_font("a", font, 0, cache)
    (copy,) = cache.glob("*.metrics")
    copy.write_bytes(b"not metrics")
    assert load_font("b", font, 0, cache).face.charWidths[ord("业")] > 0
    kept = copy.read_bytes()
    assert kept != b"not metrics"

    stat = font.stat()  # the font file changed: its copy no longer matches and is replaced
    os.utime(font, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert load_font("c", font, 0, cache).face.charWidths[ord("业")] > 0
    assert copy.read_bytes() != kept
    assert len(list(cache.glob("*.metrics"))) == 1


def test_prepared_metrics_are_used_without_any_parse_wherever_the_font_moved(
        tmp_path: Path, prepared: Path, reference: TTFont, parses: list[str]) -> None:
    moved = tmp_path / "bundle" / "_internal" / "resources" / "fonts" / SHIPPED_FONT.name
    moved.parent.mkdir(parents=True)
    moved.write_bytes(SHIPPED_FONT.read_bytes())  # another path and modification time
    cache = tmp_path / "cache"
    for font in (SHIPPED_FONT, moved):
        loaded = load_font("p", font, 0, cache, prepared)
        assert parses == []
        assert loaded.face.filename == str(font)
        assert_same_font(loaded, reference)
    assert not cache.exists()  # nothing to keep in the data dir
    assert parses == []


def sfnt_offset(data: bytes, index: int = 0) -> int:
    return struct.unpack_from(">L", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0


def table_entry(data: bytes, tag: bytes) -> int:
    """Offset of `tag`'s record in subfont 0's table directory."""
    start = sfnt_offset(data)
    (count,) = struct.unpack_from(">H", data, start + 4)
    for n in range(count):
        entry = start + 12 + 16 * n
        if data[entry:entry + 4] == tag:
            return entry
    raise AssertionError(f"no {tag!r} table")


def flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1:]


def longer(data: bytes) -> bytes:
    return data + b"\0\0\0\0"


def other_head_adjustment(data: bytes) -> bytes:
    (head,) = struct.unpack_from(">L", data, table_entry(data, b"head") + 8)
    return flip(data, head + 8)


def other_table_checksum(data: bytes) -> bytes:
    return flip(data, table_entry(data, b"cmap") + 4)


@pytest.mark.parametrize("change", [longer, other_head_adjustment, other_table_checksum])
def test_prepared_metrics_of_another_font_are_ignored_and_the_font_parsed(
        tmp_path: Path, prepared: Path, parses: list[str], change: Callable[[bytes], bytes]) -> None:
    font = tmp_path / SHIPPED_FONT.name
    font.write_bytes(change(SHIPPED_FONT.read_bytes()))
    cache = tmp_path / "cache"
    loaded = load_font("x", font, 0, cache, prepared)
    assert parses == ["init", "extract"]
    assert loaded.face.charWidths[ord("业")] > 0
    assert len(list(cache.glob("*.metrics"))) == 1  # the data dir's cache takes over


def test_prepared_metrics_of_another_reportlab_are_ignored(
        tmp_path: Path, prepared: Path, reference: TTFont, parses: list[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fontcache, "REPORTLAB_VERSION", "0.0.1")
    assert_same_font(load_font("v", SHIPPED_FONT, 0, None, prepared), reference)
    assert parses == ["init", "extract"]


def test_prepared_metrics_of_another_subfont_are_ignored(
        tmp_path: Path, prepared: Path, parses: list[str]) -> None:
    loaded = load_font("s", SHIPPED_FONT, 1, None, prepared)
    assert parses == ["init", "extract"]
    assert loaded.face.subfontNameX == b"-1"


@pytest.mark.parametrize("content", ["garbage", "truncated", "empty", "wrong shape", "missing"])
def test_a_broken_prepared_file_is_ignored(
        tmp_path: Path, prepared: Path, reference: TTFont, parses: list[str], content: str) -> None:
    broken = tmp_path / "broken.metrics"
    good = prepared.read_bytes()
    key = marshal.loads(good)[0]
    blobs = {"garbage": b"\x00not marshal" * 100, "truncated": good[: len(good) // 2], "empty": b"",
             "wrong shape": marshal.dumps((key, {"ascent": 1.0}, {}))}
    if content in blobs:
        broken.write_bytes(blobs[content])
    assert_same_font(load_font("b", SHIPPED_FONT, 0, None, broken), reference)
    assert parses == ["init", "extract"]


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """fonts.py pointed at a copy of the shipped font, so preparing it leaves the repository alone."""
    copy = tmp_path / SHIPPED_FONT.name
    copy.write_bytes(SHIPPED_FONT.read_bytes())
    monkeypatch.setattr(fonts, "SHIPPED_FONT", copy)
    yield copy


def test_prepare_writes_missing_or_stale_files_and_check_reports_them(
        shipped_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = prepared_file(shipped_copy, 0)
    assert fonts.stale_prepared() == [target]
    assert fonts.main(["check"]) == 1
    assert str(target) in capsys.readouterr().err
    assert fonts.main(["prepare"]) == 0
    assert target.is_file() and target.stat().st_mode & 0o044 == 0o044  # readable by every user
    assert fonts.stale_prepared() == []
    assert fonts.prepare_shipped() == []  # nothing to redo
    assert fonts.main(["check"]) == 0

    shipped_copy.write_bytes(other_head_adjustment(shipped_copy.read_bytes()))
    assert fonts.stale_prepared() == [target]
    assert fonts.prepare_shipped() == [target]
    assert fonts.stale_prepared() == []


# The notice verb with reportlab's parse forced (no prepared metrics), as the first notice of a
# data dir was before set-up prepared them.
NOTICE_WITHOUT_PREPARED = """
import sys
from pathlib import Path
from app.printing.fonts import cache_dir_for, register_fonts, use_cache_dir
use_cache_dir(cache_dir_for(Path(sys.argv[2])))  # sys.argv[1:3] is --data-dir DIR
register_fonts(use_prepared=False)
from main import main
sys.exit(main(sys.argv[1:]))
"""


def notice(data_dir: Path, election_id: str, out: Path, *, use_prepared: bool) -> None:
    args = ["--data-dir", str(data_dir), "notice", "election-notice", election_id, "-o", str(out)]
    if use_prepared:
        done = run_main(*args[2:], data_dir=data_dir)
    else:
        done = subprocess.run([sys.executable, "-c", NOTICE_WITHOUT_PREPARED, *args], cwd=ROOT,
                              capture_output=True, text=True, check=False, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr


def metrics_in(data_dir: Path) -> list[Path]:
    return list(cache_dir_for(data_dir).glob("*.metrics"))


def test_notice_verb_prints_the_same_pdf_from_prepared_metrics_a_parse_and_the_data_dir_copy(
        store: Store, printed: PrintData, data_dir: Path, tmp_path: Path) -> None:
    store.close()
    fonts.prepare_shipped()  # what scripts/setup.sh does; a no-op when they are up to date
    assert fonts.stale_prepared() == []
    runs = {"prepared": True, "parsed": False, "data dir copy": False}
    pdfs = {}
    for run, use_prepared in runs.items():
        pdfs[run] = tmp_path / f"{run}.pdf"
        notice(data_dir, printed.election_id, pdfs[run], use_prepared=use_prepared)
        if run == "prepared":
            assert metrics_in(data_dir) == [], "the prepared metrics were not used"
        else:
            assert len(metrics_in(data_dir)) == 1, "no font metrics kept in the data dir"
    font_lists = {run: run_tool("pdffonts", pdf) for run, pdf in pdfs.items()}
    texts = {run: run_tool("pdftotext", pdf, "-") for run, pdf in pdfs.items()}
    assert "+UMingCN" in font_lists["prepared"] and "欧阳明辉" in texts["prepared"]
    assert all(line.split()[-5] == "yes" for line in font_lists["prepared"].splitlines()[2:])
    assert font_lists["prepared"] == font_lists["parsed"] == font_lists["data dir copy"]
    assert texts["prepared"] == texts["parsed"] == texts["data dir copy"]
    assert len({pdf.read_bytes() for pdf in pdfs.values()}) == 1


WARM_UP = """
import json, sys, threading
from pathlib import Path
from app.printing.warmup import warm_up
thread = threading.Thread(target=warm_up, args=(Path(sys.argv[1]),))
thread.start()
thread.join()
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import paragraph
import app.printing.fonts as fonts
print(json.dumps({"fonts": sorted(n for n in pdfmetrics.getRegisteredFontNames()
                                  if n.startswith("CD-")),
                  "chosen": fonts._choices is not None,
                  "layout": "app.printing.layout" in sys.modules,
                  "lazy_uri": type(paragraph.uri_pat).__name__}))
"""


def test_warm_up_registers_the_fonts_and_imports_the_renderer(data_dir: Path) -> None:
    import json

    done = subprocess.run([sys.executable, "-c", WARM_UP, str(data_dir)], cwd=ROOT,
                          capture_output=True, text=True, check=True, timeout=120)
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert out["chosen"] and "CD-uming-0" in out["fonts"]
    assert out["layout"]
    assert out["lazy_uri"] == "LazyPattern"  # the renderer came in through import_paragraph
