"""Fonts are found by the family names inside them, not by file name: a TrueType font whose
`name` table says "仿宋_GB2312" prints the body text whatever its file is called, in the user's
font folder; a role whose families are missing, a CFF font and a font whose licence forbids
embedding leave the shipped AR PL UMing in place; the family index is kept in the data dir's font
cache and read again only for files that changed. Characters a GB2312-only face lacks (喆 of a
candidate's name) are printed in the shipped font instead of nothing.

The test fonts are real: subfont 0 of the shipped uming.ttc written out as a single TrueType file
with its `name` table (and, for the licence case, its OS/2 fsType) rewritten."""

from __future__ import annotations

import json
import marshal
import os
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from app.printing.fontindex import INDEX_FILE, family_key, read_faces, scan
from app.printing.fonts import SHIPPED_FONT, cache_dir_for, ranked_faces
from db.store import Store
from tests.helpers.cli import ROOT, run_main
from tests.printing.conftest import PrintData, run_tool

WINDOWS, UNICODE_BMP, PRC = 3, 1, 3
EN, ZH = 0x0409, 0x0804


def _checksum(data: bytes) -> int:
    padded = data + b"\0" * (-len(data) % 4)
    return sum(struct.unpack(f">{len(padded) // 4}L", padded)) & 0xFFFFFFFF


def _tables(font: Path, index: int = 0) -> dict[bytes, bytes]:
    """The tables of subfont `index` of `font`, by tag."""
    data = font.read_bytes()
    start = struct.unpack_from(">L", data, 12 + 4 * index)[0] if data[:4] == b"ttcf" else 0
    (count,) = struct.unpack_from(">H", data, start + 4)
    tables = {}
    for n in range(count):
        tag, _sum, offset, length = struct.unpack_from(">4sLLL", data, start + 12 + 16 * n)
        tables[tag] = data[offset:offset + length]
    return tables


def name_table(records: list[tuple[int, int, int, int, bytes]]) -> bytes:
    """A format-0 `name` table of (platform, encoding, language, name id, raw text) records."""
    records = sorted(records)
    header = struct.pack(">HHH", 0, len(records), 6 + 12 * len(records))
    entries, strings = b"", b""
    for platform, encoding, language, name_id, raw in records:
        entries += struct.pack(">6H", platform, encoding, language, name_id, len(raw), len(strings))
        strings += raw
    return header + entries + strings


def names(family_en: str, family_zh: str | None, postscript: str) -> list[tuple[int, int, int, int, bytes]]:
    def utf16(text: str) -> bytes:
        return text.encode("utf-16-be")

    records = [(WINDOWS, UNICODE_BMP, EN, 1, utf16(family_en)),
               (WINDOWS, UNICODE_BMP, EN, 2, utf16("Regular")),
               (WINDOWS, UNICODE_BMP, EN, 4, utf16(family_en)),
               (WINDOWS, UNICODE_BMP, EN, 6, utf16(postscript))]
    if family_zh is not None:
        records += [(WINDOWS, UNICODE_BMP, ZH, 1, utf16(family_zh)),
                    (WINDOWS, UNICODE_BMP, ZH, 4, utf16(family_zh))]
    return records


def write_font(target: Path, tables: dict[bytes, bytes], version: bytes = b"\0\1\0\0") -> Path:
    """An sfnt file of `tables` with correct directory, checksums and head adjustment."""
    tables = dict(tables)
    if b"head" in tables:  # checkSumAdjustment is computed over the file with it zeroed
        head = tables[b"head"]
        tables[b"head"] = head[:8] + b"\0\0\0\0" + head[12:]
    tags = sorted(tables)
    count = len(tags)
    power = 1 << (count.bit_length() - 1)
    header = version + struct.pack(">4H", count, power * 16, power.bit_length() - 1,
                                   count * 16 - power * 16)
    offset = 12 + 16 * count
    directory, body, at = b"", b"", {}
    for tag in tags:
        data = tables[tag]
        at[tag] = offset + len(body)
        directory += struct.pack(">4sLLL", tag, _checksum(data), at[tag], len(data))
        body += data + b"\0" * (-len(data) % 4)
    blob = bytearray(header + directory + body)
    if b"head" in tables:
        head_at = at[b"head"]
        adjustment = (0xB1B0AFBA - _checksum(bytes(blob))) & 0xFFFFFFFF
        struct.pack_into(">L", blob, head_at + 8, adjustment)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(blob))
    return target


@pytest.fixture(scope="module")
def uming_tables() -> dict[bytes, bytes]:
    return _tables(SHIPPED_FONT)


def renamed(uming_tables: dict[bytes, bytes], target: Path,
            records: list[tuple[int, int, int, int, bytes]], fs_type: int | None = None) -> Path:
    """The shipped CN face as a single TrueType file with another name (and licence bits)."""
    tables = {**uming_tables, b"name": name_table(records)}
    if fs_type is not None:
        os2 = tables[b"OS/2"]
        tables[b"OS/2"] = os2[:8] + struct.pack(">H", fs_type) + os2[10:]
    return write_font(target, tables)


def gb2312_only(uming_tables: dict[bytes, bytes], target: Path,
                records: list[tuple[int, int, int, int, bytes]]) -> Path:
    """The shipped face cut down to GB2312's characters (and ASCII), as an old 仿宋_GB2312 is."""
    from reportlab.pdfbase.ttfonts import TTFontFace

    glyphs = TTFontFace(str(SHIPPED_FONT), subfontIndex=0).charToGlyph
    kept = []
    for code, glyph in sorted(glyphs.items()):
        try:
            chr(code).encode("gb2312")
        except UnicodeEncodeError:
            continue
        kept.append((code, glyph))
    groups = b"".join(struct.pack(">3L", code, code, glyph) for code, glyph in kept)
    subtable = struct.pack(">HHLLL", 12, 0, 16 + len(groups), 0, len(kept)) + groups
    cmap = struct.pack(">HH", 0, 1) + struct.pack(">HHL", 3, 10, 12) + subtable
    tables = {**uming_tables, b"name": name_table(records), b"cmap": cmap}
    return write_font(target, tables)


def cff_font(target: Path, family_en: str, family_zh: str) -> Path:
    """A CFF-flavoured OpenType file (the kind reportlab cannot embed), named as asked."""
    tables = {b"name": name_table(names(family_en, family_zh, "CFFTest")),
              b"CFF ": b"\1\0\4\2" + b"\0" * 60,
              b"OS/2": b"\0\4" + b"\0" * 94}
    return write_font(target, tables, version=b"OTTO")


def test_family_names_are_read_in_every_language_and_legacy_encoding(
        uming_tables: dict[bytes, bytes], tmp_path: Path) -> None:
    # An old Chinese font writes its names in GBK bytes in 16-bit units (platform 3, encoding 3).
    legacy = "楷体_GB2312".encode("gbk")
    units, i = [], 0
    while i < len(legacy):
        step = 2 if legacy[i] > 0x7F else 1
        units.append(int.from_bytes(legacy[i:i + step], "big"))
        i += step
    records = [*names("FangSong_GB2312", "仿宋_GB2312", "CDTestFangSong"),
               (WINDOWS, PRC, ZH, 16, struct.pack(f">{len(units)}H", *units))]
    font = renamed(uming_tables, tmp_path / "a.ttf", records)
    (face,) = read_faces(font)
    assert {"FangSong_GB2312", "仿宋_GB2312", "楷体_GB2312"} <= set(face.families)
    assert face.truetype and face.embeddable and face.usable
    assert family_key("仿宋 GB2312") == family_key("仿宋_GB2312") == family_key("仿宋＿gb2312")
    assert family_key("仿宋") != family_key("仿宋_GB2312")
    shipped = read_faces(SHIPPED_FONT)
    assert len(shipped) == 4 and shipped[0].families == ("AR PL UMing CN",) and shipped[0].usable


def test_each_role_takes_its_best_family_and_skips_what_reportlab_cannot_embed(
        uming_tables: dict[bytes, bytes], tmp_path: Path) -> None:
    fonts = tmp_path / "fonts"
    # file names that say nothing; only the names inside count
    renamed(uming_tables, fonts / "a.ttf", names("FangSong", "仿宋", "CDTestFang"))
    renamed(uming_tables, fonts / "sub" / "b.TTF",
            names("FangSong_GB2312", "仿宋_GB2312", "CDTestFangGB"))
    cff_font(fonts / "c.otf", "SimHei", "黑体")
    renamed(uming_tables, fonts / "d.ttf", names("KaiTi", "楷体", "CDTestKai"), fs_type=0x0002)
    renamed(uming_tables, fonts / "e.ttf", names("STZhongsong", None, "CDTestZhongsong"))
    (fonts / "not-a-font.ttf").write_bytes(b"hello")
    faces = scan([fonts])
    assert len(faces) == 5  # the broken file gives none
    best = {role: [(face.path.name, family.names[0]) for face, family in ranked_faces(role, faces)]
            for role in ("title", "body", "heading", "kai")}
    assert best["body"] == [("b.TTF", "仿宋_GB2312"), ("a.ttf", "仿宋")]
    assert best["title"] == [("e.ttf", "华文中宋")]  # found by its English name alone
    assert best["heading"] == []  # 黑体 with CFF outlines: the shipped font stays
    assert best["kai"] == []  # 楷体 whose licence forbids embedding: likewise
    (heavy,) = ranked_faces("title", faces)
    assert heavy[1].heavy and not ranked_faces("body", faces)[0][1].heavy


def test_the_family_index_is_kept_and_read_again_only_for_changed_files(
        uming_tables: dict[bytes, bytes], tmp_path: Path) -> None:
    fonts, cache = tmp_path / "fonts", tmp_path / "cache"
    body = renamed(uming_tables, fonts / "a.ttf", names("FangSong", "仿宋", "CDTestFang"))
    other = cff_font(fonts / "b.otf", "SimHei", "黑体")
    assert [f.families[0] for f in scan([fonts], cache)] == ["FangSong", "SimHei"]
    index_file = cache / INDEX_FILE
    index = marshal.loads(index_file.read_bytes())
    assert set(index["files"]) == {str(body), str(other)}

    # What the index says is used while the file's size and time match: the names are not read.
    index["files"][str(body)][2][0][1] = ["Remembered"]
    index_file.write_bytes(marshal.dumps(index))
    assert scan([fonts], cache)[0].families == ("Remembered",)

    stat = body.stat()  # the file changed: its names are read again and the index rewritten
    os.utime(body, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert scan([fonts], cache)[0].families[:2] == ("FangSong", "仿宋")
    other.unlink()
    assert len(scan([fonts], cache)) == 1
    assert list(marshal.loads(index_file.read_bytes())["files"]) == [str(body)]

    now = [body.stat().st_size, body.stat().st_mtime_ns]
    for broken in (b"", b"\x00broken", marshal.dumps([1, 2]),
                   marshal.dumps({"format": 1, "files": {str(body): [1]}}),
                   marshal.dumps({"format": 1, "files": {str(body): [*now, [[0, 1]]]}}),
                   marshal.dumps({"format": 1, "files": {str(body): [*now, 7]}})):
        index_file.write_bytes(broken)  # a broken index is simply rebuilt
        assert scan([fonts], cache)[0].families[:2] == ("FangSong", "仿宋")
    assert scan([fonts], cache)[0].families[:2] == ("FangSong", "仿宋")


def font_env(tmp_path: Path) -> dict[str, str]:
    """A machine whose only extra fonts are in the user's XDG font folder."""
    home, system = tmp_path / "home", tmp_path / "system"
    home.mkdir(parents=True, exist_ok=True)
    system.mkdir(parents=True, exist_ok=True)
    return {"XDG_DATA_HOME": str(tmp_path / "xdg"), "XDG_DATA_DIRS": str(system),
            "HOME": str(home)}


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG font folders are Linux's")
def test_a_font_named_fangsong_gb2312_prints_the_body_and_missing_families_fall_back(
        store: Store, printed: PrintData, data_dir: Path, tmp_path: Path,
        uming_tables: dict[bytes, bytes]) -> None:
    store.close()
    env = font_env(tmp_path)
    font = tmp_path / "xdg" / "fonts" / "公文字体" / "仿宋 GB2312.ttf"
    renamed(uming_tables, font,
            names("FangSong_GB2312", "仿宋_GB2312", "CDTestFangSongGB"))
    cff_font(tmp_path / "xdg" / "fonts" / "heiti.otf", "SimHei", "黑体")

    listed = subprocess.run(
        [sys.executable, "-m", "app.printing.fonts", "list", "--data-dir", str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, check=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    roles = {line.split("\t")[0]: line.split("\t")[1:] for line in listed.stdout.splitlines()}
    assert roles["body"] == ["仿宋_GB2312", str(font), "CD-___GB2312-0"]  # an ASCII name
    for role in ("title", "heading", "kai"):
        assert roles[role] == ["(shipped fallback)", str(SHIPPED_FONT), "CD-uming-0"]
    assert (cache_dir_for(data_dir) / INDEX_FILE).is_file()

    out = tmp_path / "notice.pdf"
    done = run_main("notice", "election-notice", printed.election_id, "-o", str(out),
                    data_dir=data_dir, env=env)
    assert done.returncode == 0, done.stderr
    fonts = run_tool("pdffonts", out).splitlines()[2:]
    embedded = {line.split()[0].split("+")[-1]: line.split()[-5] for line in fonts}
    assert embedded == {"CDTestFangSongGB": "yes", "UMingCN-0": "yes"}
    assert "欧阳明辉" in run_tool("pdftotext", out, "-")

    # the same notice on a machine without the font: every role on the shipped font
    bare = run_main("notice", "election-notice", printed.election_id, "-o", str(out),
                    data_dir=data_dir, env=font_env(tmp_path / "bare"))
    assert bare.returncode == 0, bare.stderr
    fonts = run_tool("pdffonts", out).splitlines()[2:]
    assert {line.split()[0].split("+")[-1] for line in fonts} == {"UMingCN-0"}
    assert all(line.split()[-5] == "yes" for line in fonts)


FILL = """
import json, sys
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, SimpleDocTemplate
from app.printing.fonts import fill_missing, font_choice, font_name
markup = fill_missing("body", "候选人：王喆、李明")
SimpleDocTemplate(sys.argv[1], initialFontName=font_name("body")).build(
    [Paragraph(markup, ParagraphStyle("body", fontName=font_name("body"), fontSize=16))])
kai = font_name("kai")  # on the shipped font: a 楷体 run inside 仿宋 text needs nothing
print(json.dumps({"family": font_choice("body").family, "markup": markup,
                  "plain": fill_missing("body", "李明 <b>ABC</b>"),
                  "shipped_role": fill_missing("title", "王喆"),
                  "runs": fill_missing("body", f'<font name="{kai}">（一）王喆。</font>王喆'),
                  "kai": kai}, ensure_ascii=False))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG font folders are Linux's")
def test_characters_a_gb2312_face_lacks_are_printed_in_the_shipped_font(
        uming_tables: dict[bytes, bytes], tmp_path: Path) -> None:
    gb2312_only(uming_tables, tmp_path / "xdg" / "fonts" / "fs.ttf",
                names("FangSong_GB2312", "仿宋_GB2312", "CDTestFangSongGB"))
    out = tmp_path / "names.pdf"
    done = subprocess.run([sys.executable, "-c", FILL, str(out)], cwd=ROOT, capture_output=True,
                          text=True, check=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **font_env(tmp_path)})
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["family"] == "仿宋_GB2312"
    assert result["markup"] == '候选人：王<font name="CD-uming-0">喆</font>、李明'
    assert result["plain"] == "李明 <b>ABC</b>"  # nothing missing: unchanged
    assert result["shipped_role"] == "王喆"  # the title is on the shipped font already
    kai = result["kai"]
    assert result["runs"] == (f'<font name="{kai}">（一）王喆。</font>'
                              '王<font name="CD-uming-0">喆</font>')
    fonts = run_tool("pdffonts", out).splitlines()[2:]
    embedded = {line.split()[0].split("+")[-1]: line.split()[-5] for line in fonts}
    assert embedded == {"CDTestFangSongGB": "yes", "UMingCN-0": "yes"}
    assert "王喆" in run_tool("pdftotext", out, "-")
