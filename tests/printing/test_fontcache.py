"""The pre-parsed font metrics kept in the data dir: a font loaded from them is the font reportlab
parses itself (same metrics, same embedded subset), a stale or broken copy is parsed again, and
the `notice` verb writes the same PDF with and without the copy."""

from __future__ import annotations

import os
from pathlib import Path

from reportlab.pdfbase.ttfonts import TTFont

from app.printing.fontcache import _NOT_CACHED, load_font
from app.printing.fonts import SHIPPED_FONT, cache_dir_for
from db.store import Store
from tests.helpers.cli import run_main
from tests.printing.conftest import PrintData

SAMPLE = [ord(c) for c in "业主大会会议通知，选举公告：候选人（欧阳明辉）“三分之二以上”。ABC 123"]


def face_state(font: TTFont) -> dict[str, object]:
    return {k: v for k, v in vars(font.face).items() if k not in _NOT_CACHED}


def test_cached_metrics_give_the_font_reportlab_parses(tmp_path: Path) -> None:
    reference = TTFont("ref", str(SHIPPED_FONT), subfontIndex=0)
    written = load_font("first", SHIPPED_FONT, 0, tmp_path)  # parses and writes the copy
    assert len(list(tmp_path.glob("*.metrics"))) == 1
    cached = load_font("second", SHIPPED_FONT, 0, tmp_path)  # reads the copy
    assert face_state(cached) == face_state(reference) == face_state(written)
    assert cached.face.glyphToChar[reference.face.charToGlyph[ord("业")]] == \
        reference.face.glyphToChar[reference.face.charToGlyph[ord("业")]]
    assert set(vars(cached)) == set(vars(reference))
    assert (cached._asciiReadable, cached.shapable) == (reference._asciiReadable, reference.shapable)
    assert cached.stringWidth("业主大会 ABC", 16) == reference.stringWidth("业主大会 ABC", 16)
    subset = [0, *SAMPLE]
    assert cached.face.makeSubset(subset) == reference.face.makeSubset(subset)


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


def test_notice_verb_keeps_the_copy_in_the_data_dir_and_prints_the_same_pdf(
        store: Store, printed: PrintData, data_dir: Path, tmp_path: Path) -> None:
    store.close()
    pdfs = []
    for run in ("parsed", "from copy"):
        out = tmp_path / f"{run}.pdf"
        done = run_main("notice", "election-notice", printed.election_id, "-o", str(out),
                        data_dir=data_dir)
        assert done.returncode == 0, done.stderr
        assert list(cache_dir_for(data_dir).glob("*.metrics")), "no font metrics kept"
        pdfs.append(out.read_bytes())
    assert pdfs[0] == pdfs[1]
