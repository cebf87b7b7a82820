"""Hostile files and faults (issue 13): workbooks that are zip bombs or damaged, JSON restores and
tally CSVs built to break the parser, text that a spreadsheet would run as a formula, a read-only
data folder and a full disk. Each gives one Chinese line and exit 2 (bad input) or 1 (the work
failed), and nothing is written; personal-data files are private to their owner.

Files are real (zipfile/openpyxl), runs are real CLI processes; the full disk is a real file-size
limit (RLIMIT_FSIZE) on the process, the read-only folder a real chmod, or a read-only bind mount
when the tests run as root (root ignores permission bits).
"""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pytest
from openpyxl import load_workbook

from app.errors import BadInput
from app.exporting import export_file
from app.importing import import_file
from db.store import STORE_FILENAME, Store, open_store
from tests.foundation.conftest import COMPOUNDS_SHEET, DEMO_DAY, dump, write_csv, write_xlsx
from tests.helpers import raw_store
from tests.helpers.cli import ROOT, run_main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes and limits")
CJK = re.compile("[\u4e00-\u9fff]")


def run_capped(cap: Callable[[], None], *args: str) -> subprocess.CompletedProcess[str]:
    """main.py as a real process, with `cap` (resource limits) applied to it before it starts."""
    return subprocess.run(
        [sys.executable, str(ROOT / "main.py"), *args],
        capture_output=True, text=True, cwd=ROOT, check=False, timeout=300, preexec_fn=cap,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"})


def assert_one_line(done: subprocess.CompletedProcess[str], code: int) -> str:
    """The run exited `code` with exactly one Chinese line on stderr; returns that line."""
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    assert done.returncode == code, f"{done.returncode}: {done.stderr[-2000:]}"
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr[-3000:]
    assert CJK.search(lines[0]), lines[0]
    return lines[0]


# ---- workbooks built part by part ------------------------------------------------------------
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
PACKAGE = {
    "[Content_Types].xml":
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
        '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    "_rels/.rels":
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml":
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN_NS}" xmlns:r="http://'
        'schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名册" '
        'sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels":
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.'
        'org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/'
        'sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '</Relationships>',
}
HEADER = ["街道", "社区", "小区名称", "地址"]
ROW = ["坂田", "五和社区", "第五园", "坂雪岗大道1号"]


def shared_cell(index: int | str) -> tuple[str, int | str]:
    """A cell referring to shared text number `index`, whatever that is."""
    return ("s", index)


def raw_workbook(path: Path, rows: Sequence[Sequence[Any]], *, sheet_xml: str | None = None,
                 extra_strings: Sequence[str] = (), extra_parts: Sequence[tuple[str, bytes]] = (),
                 ) -> Path:
    """An .xlsx written part by part, as Excel does: text cells refer to shared strings."""
    strings: list[str] = []
    xml_rows = []
    for number, row in enumerate(rows, start=1):
        cells = []
        for column, value in enumerate(row):
            ref = f"{chr(65 + column)}{number}"
            if isinstance(value, tuple):
                cells.append(f'<c r="{ref}" t="s"><v>{value[1]}</v></c>')
            else:
                strings.append(str(value))
                cells.append(f'<c r="{ref}" t="s"><v>{len(strings) - 1}</v></c>')
        xml_rows.append(f'<row r="{number}">{"".join(cells)}</row>')
    strings += extra_strings
    sheet = sheet_xml or (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN_NS}">'
                          f'<sheetData>{"".join(xml_rows)}</sheetData></worksheet>')
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN_NS}" count="{len(strings)}"'
              f' uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in PACKAGE.items():
            archive.writestr(name, text)
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        archive.writestr("xl/sharedStrings.xml", shared)
        for name, data in extra_parts:
            archive.writestr(name, data)
    return path


def lying_directory(path: Path) -> Path:
    """A workbook whose zip directory states the sheet unpacks to 50 bytes (it is larger)."""
    raw_workbook(path, [HEADER, ROW])
    data = bytearray(path.read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:
        name_length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + name_length] == name:
            data[at + 24:at + 28] = (50).to_bytes(4, "little")
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol0 "lolololololololololol">'
          + "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10))
          + f']><worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is>'
          '<t>&lol9;</t></is></c></row></sheetData></worksheet>')

DAMAGED: dict[str, Callable[[Path], Path]] = {
    "sheet-xml-cut-off": lambda p: raw_workbook(
        p, [], sheet_xml=f'<worksheet xmlns="{MAIN_NS}"><sheetData><row r="1"><c r="A1">'),
    "shared-string-past-the-end": lambda p: raw_workbook(
        p, [HEADER, ["坂田", "五和社区", shared_cell(99), "x"]]),
    "entity-expansion": lambda p: raw_workbook(p, [], sheet_xml=LAUGHS),
    "lying-zip-directory": lying_directory,
    "not-a-zip": lambda p: (p.write_bytes(b"PK\x03\x04" + os.urandom(4000)), p)[1],
}


@pytest.mark.parametrize("name", list(DAMAGED))
def test_damaged_workbook_is_one_line_and_changes_nothing(
        with_compounds: Store, tmp_path: Path, name: str) -> None:
    path = DAMAGED[name](tmp_path / "damaged.xlsx")
    data_dir = with_compounds.path.parent
    with_compounds.close()
    before = dump(data_dir)
    line = assert_one_line(run_main("import", str(path), data_dir=data_dir), 2)
    assert "damaged.xlsx" in line
    assert dump(data_dir) == before


def test_negative_shared_string_reference_is_read_without_a_traceback(
        store: Store, tmp_path: Path) -> None:
    """calamine (issue 18) does not refuse a shared-text reference of -1 the way the old openpyxl
    reader did: it reads it as the first shared text. The file is still read in one piece and
    imported as calamine reads it — no traceback; this records that behaviour so a change of it
    is noticed."""
    path = raw_workbook(tmp_path / "negative.xlsx", [HEADER, ["坂田", "五和社区", shared_cell(-1), "x"]])
    from app.importing.reading import read_rows

    assert list(read_rows(path))[1] == (2, ("坂田", "五和社区", HEADER[0], "x"))


def test_workbook_parts_unpacking_past_the_limit_are_refused_unread(
        store: Store, tmp_path: Path) -> None:
    """A 300 KB workbook whose parts unpack to 300 MB (each part small enough to pass the ratio
    rule), and one whose shared text part unpacks 1000:1: refused from the zip directory."""
    from app.importing.limits import MAX_WORKBOOK_UNPACKED

    many = raw_workbook(tmp_path / "many.xlsx", [HEADER, ROW], extra_parts=[
        (f"xl/media/image{n}.bin", bytes(1 << 20)) for n in range(MAX_WORKBOOK_UNPACKED // (1 << 20) + 8)])
    dense = raw_workbook(tmp_path / "dense.xlsx", [HEADER, ROW], extra_strings=["爆" * (8 << 20)])
    assert many.stat().st_size < 2 << 20 and dense.stat().st_size < 1 << 20
    data_dir = store.path.parent
    store.close()
    before = dump(data_dir)
    for path in (many, dense):
        line = assert_one_line(run_main("import", str(path), data_dir=data_dir), 2)
        assert "上限" in line and path.name in line
    assert dump(data_dir) == before


def test_problems_stop_being_kept_after_a_few_hundred(store: Store, tmp_path: Path) -> None:
    from app.importing.sheet import MAX_PROBLEMS_KEPT, Problems

    problems = Problems("many.csv")
    for row in range(100_000):
        problems.add(row, "户数", "not a whole number")
    assert len(problems.items) == MAX_PROBLEMS_KEPT
    rows = [["街道", "社区", "小区名称", "户数"], *([["坂田", "五和社区", f"小区{n}", "很多"]
                                                  for n in range(2_000)])]
    with pytest.raises(BadInput) as refused:
        import_file(store, write_csv(tmp_path / "bad.csv", rows))
    message = str(refused.value)
    assert "以及另外 1,980 处问题" in message and "共 2,000 处问题" in message


# ---- numbers and text in spreadsheets --------------------------------------------------------
@pytest.mark.parametrize(("header", "value"), [
    pytest.param("建筑面积", "1e100000000", id="area-1e100000000"),
    pytest.param("建筑面积", "9" * 5000, id="area-5000-digits"),
    pytest.param("户数", "9" * 5000, id="households-5000-digits"),
])
def test_number_bombs_in_an_import_are_refused(
        store: Store, tmp_path: Path, header: str, value: str) -> None:
    path = write_csv(tmp_path / "bomb.csv", [["街道", "社区", "小区名称", header],
                                             ["坂田", "五和社区", "第五园", value]])
    data_dir = store.path.parent
    store.close()
    before = dump(data_dir)
    line = assert_one_line(run_main("import", str(path), data_dir=data_dir), 2)
    assert header in line and len(line) < 400
    assert dump(data_dir) == before


def test_import_drops_control_characters(store: Store, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["街道", "社区", "小区名称", "地址"],
                                          ["坂田", "五和社区", "第五\x07园", "布\x01龙\x1b路\u00852号"]])
    import_file(store, path)
    connection = raw_store.connect(store.path)
    try:
        assert connection.execute("SELECT name, address FROM compounds").fetchall() == [
            ("第五园", "布龙路2号")]
    finally:
        connection.close()


# ---- exports: formulas stay text, control characters never break the file --------------------
FORMULAS = ['=HYPERLINK("http://example.invalid/","点我")', "+1+1", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


def test_xlsx_export_writes_formula_text_as_text(with_compounds: Store, tmp_path: Path) -> None:
    """Text from a colleague or a file that a spreadsheet would run is written as a string cell
    with Excel's quote prefix, never as a formula; a control character no longer breaks it."""
    data_dir = with_compounds.path.parent
    with_compounds.close()
    connection = raw_store.connect(data_dir / STORE_FILENAME)
    try:
        ids = [r[0] for r in connection.execute("SELECT id FROM compounds ORDER BY id")]
        connection.execute("UPDATE compounds SET address = ?, note = ? WHERE id = ?",
                           (FORMULAS[0], "响铃\x07注", ids[0]))
        connection.execute("UPDATE compounds SET address = ?, note = ? WHERE id = ?",
                           (FORMULAS[1], FORMULAS[2], ids[1]))
        connection.execute("UPDATE compounds SET address = ?, note = ?, instructor_name = ? "
                           "WHERE id = ?", (FORMULAS[3], FORMULAS[4], FORMULAS[5], ids[2]))
        connection.commit()
    finally:
        connection.close()
    target = tmp_path / "out.xlsx"
    done = run_main("export", str(target), data_dir=data_dir)
    assert done.returncode == 0, done.stderr
    with zipfile.ZipFile(target) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), f"{name} holds a formula"
    workbook = load_workbook(target)
    found: dict[str, Any] = {}
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    found[cell.value] = cell
    for text in FORMULAS:
        text = text.replace("\r", "\n")  # XML reads a carriage return as a line feed
        assert text in found, f"{text!r} missing from the export"
        assert found[text].data_type == "s" and found[text].quotePrefix, text
    assert "响铃注" in found


# ---- JSON restores ----------------------------------------------------------------------------
MARK = 987654321


def _document(store: Store, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "export.json"
    export_file(store, path)
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def _compound(document: dict[str, Any], **fields: Any) -> dict[str, Any]:
    document["compounds"][0].update(fields)
    return document


def _dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, separators=(",", ":"))  # ASCII: a lone surrogate is "\\ud800"


HOSTILE_RESTORES: dict[str, Callable[[dict[str, Any]], str]] = {
    "5000-digit-int": lambda d: _dumps(_compound(d, households=MARK)).replace(
        f":{MARK}", ":" + "9" * 5000),
    "version-2**70": lambda d: _dumps(_compound(d, server_version=2**70)),
    "timestamp-overflows-utc": lambda d: _dumps(_compound(d, updated_at="9999-12-31T23:59:00-05:00")),
    "deep-nesting": lambda d: _dumps(d)[:-1] + ',"deep":' + "[" * 100_000 + "]" * 100_000 + "}",
    "lone-surrogate": lambda d: _dumps(_compound(d, note="\ud800")),
    "decimal-bomb": lambda d: _dumps(_compound(d, building_area_m2="1e100000000")),
}


@pytest.mark.parametrize("name", list(HOSTILE_RESTORES))
def test_hostile_json_restore_is_one_line_and_writes_nothing(
        with_compounds: Store, tmp_path: Path, name: str) -> None:
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE_RESTORES[name](_document(with_compounds, tmp_path)), encoding="utf-8")
    target = tmp_path / "restored"
    assert_one_line(run_main("import", str(path), data_dir=target), 2)
    connection = raw_store.connect(target / STORE_FILENAME)
    try:
        assert connection.execute("SELECT count(*) FROM compounds").fetchone() == (0,)
        assert connection.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    finally:
        connection.close()


def test_restore_drops_control_characters_of_an_old_backup(
        with_compounds: Store, tmp_path: Path) -> None:
    path = tmp_path / "old.json"
    path.write_text(_dumps(_compound(_document(with_compounds, tmp_path), note="响\x07铃")),
                    encoding="utf-8")
    target = tmp_path / "restored"
    done = run_main("import", str(path), data_dir=target)
    assert done.returncode == 0, done.stderr
    connection = raw_store.connect(target / STORE_FILENAME)
    try:
        assert connection.execute("SELECT count(*) FROM compounds WHERE note = '响铃'").fetchone() == (1,)
    finally:
        connection.close()


# ---- tally CSVs -------------------------------------------------------------------------------
@pytest.mark.parametrize("area", [
    "1e100000000", "1e-100000000", pytest.param("9" * 5000, id="5000-digits")])
def test_tally_number_bombs_are_one_line(tmp_path: Path, area: str) -> None:
    units = tmp_path / "units.csv"
    units.write_text(f"unit_id,owner_id,area_m2,developer_unsold\nu1,o1,{area},0\nu2,o2,80,0\n",
                     encoding="utf-8")
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("owner_id,vote\no1,张三\no2,张三\n", encoding="utf-8")
    line = assert_one_line(run_main("tally", "--units", str(units), "--ballots", str(ballots),
                                    "--seats", "5", "--candidates", "张三"), 2)
    assert "units.csv 第 2 行" in line and "area_m2" in line


def test_tally_refuses_a_huge_file_unread(tmp_path: Path) -> None:
    from app.importing.limits import MAX_TALLY_FILE

    units = tmp_path / "units.csv"
    with units.open("w", encoding="utf-8") as handle:
        handle.write("unit_id,owner_id,area_m2,developer_unsold\n")
        row = f"u{{}},{'o' * 100_000},80,0\n"
        for n in range(MAX_TALLY_FILE // 100_000 + 2):
            handle.write(row.format(n))
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("owner_id,vote\no1,yes\n", encoding="utf-8")
    line = assert_one_line(run_main("tally", "--units", str(units), "--ballots", str(ballots),
                                    "--matter", "ordinary"), 2)
    assert "units.csv" in line and "MB" in line


def test_escape_sequences_from_files_never_reach_the_terminal(store: Store, tmp_path: Path) -> None:
    """A name in an e-vote export or a file's own name holding ESC [ 2 J (clear the screen) is
    printed without its control characters."""
    units = tmp_path / "units.csv"
    units.write_text("unit_id,owner_id,area_m2,developer_unsold\nu1,o1,80,0\nu2,o2,90,0\n",
                     encoding="utf-8")
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("owner_id,vote\no1,张三\x1b[2J\no2,张三\x1b[2J\n", encoding="utf-8")
    done = run_main("tally", "--units", str(units), "--ballots", str(ballots), "--seats", "5")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "张三[2J" in done.stdout
    name = "名册\x1b[2J.csv" if os.name == "posix" else "名册.csv"
    bad = write_csv(tmp_path / name, [["街道", "社区", "小区名称", "户数"], ["坂田", "五和社区", "园", "x"]])
    data_dir = store.path.parent
    store.close()
    line = assert_one_line(run_main("import", str(bad), data_dir=data_dir), 2)
    assert "\x1b" not in line and "[2J" in line


@posix_only
def test_tally_refuses_a_device_or_pipe(tmp_path: Path) -> None:
    """/dev/zero never ends: it is refused unread (the run is held to 2 GB of memory, which
    reading it would exhaust)."""
    done = run_capped(lambda: resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30)),
                      "tally", "--units", "/dev/zero", "--ballots", "/dev/zero")
    assert "/dev/zero" in assert_one_line(done, 2)


def test_out_of_range_date_cell_is_one_line(store: Store, tmp_path: Path) -> None:
    """openpyxl warns on stderr about a date cell whose number no date has; only our line shows."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["街道", "社区", "小区名称", "交付日期"])
    sheet.append(["坂田", "五和社区", "第五园", "2020-01-01"])
    sheet["D2"].value = 1e20
    sheet["D2"].number_format = "yyyy-mm-dd"
    path = tmp_path / "dates.xlsx"
    workbook.save(path)
    data_dir = store.path.parent
    store.close()
    line = assert_one_line(run_main("import", str(path), data_dir=data_dir), 2)
    assert "交付日期" in line


# ---- a read-only data folder ------------------------------------------------------------------
@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """`folder` read-only for this test's processes: a chmod, or, for root (whom permission bits
    do not stop), a read-only bind mount of the folder onto itself."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o700)
        return
    mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True,
                             check=False)
    if mounted.returncode != 0:
        pytest.skip(f"running as root and cannot bind-mount: {mounted.stderr.decode()[:200]}")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(folder)], check=True,
                       capture_output=True)
        yield
    finally:
        subprocess.run(["umount", str(folder)], check=True, capture_output=True)


@posix_only
def test_every_verb_on_a_read_only_data_folder(with_compounds: Store, tmp_path: Path) -> None:
    data_dir = with_compounds.path.parent
    with_compounds.close()
    csv_file = write_csv(tmp_path / "more.csv", [["街道", "社区", "小区名称"], ["坂田", "五和社区", "新园"]])
    units = tmp_path / "units.csv"
    units.write_text("unit_id,owner_id,area_m2,developer_unsold\nu1,o1,80,0\n", encoding="utf-8")
    ballots = tmp_path / "ballots.csv"
    ballots.write_text("owner_id,vote\no1,yes\n", encoding="utf-8")
    verbs: dict[str, tuple[list[str], str | None]] = {
        "demo": (["demo"], None), "import": (["import", str(csv_file)], None),
        "export": (["export", str(tmp_path / "out.xlsx")], None), "check": (["check"], None),
        "notice": (["notice", "coverage-report", "坂田", "-o", str(tmp_path / "n.pdf")], None),
        "login": (["login", "http://127.0.0.1:9", "someone"], "secret\n"),
        "sync": (["sync"], None), "gui": (["--exit-when-ready"], None),
    }
    before = dump(data_dir)
    with read_only(data_dir):
        for verb, (args, stdin) in verbs.items():
            done = run_main(*args, data_dir=data_dir, input_text=stdin)
            line = assert_one_line(done, 1)
            assert "只读" in line, f"{verb}: {line}"
        counted = run_main("tally", "--units", str(units), "--ballots", str(ballots),
                           "--matter", "ordinary", data_dir=data_dir)
        assert counted.returncode == 0, counted.stderr  # tally never touches the store
    assert dump(data_dir) == before
    assert not (tmp_path / "out.xlsx").exists()


@posix_only
def test_export_into_a_read_only_folder(with_compounds: Store, tmp_path: Path) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    data_dir = with_compounds.path.parent
    with_compounds.close()
    with read_only(folder):
        for name in ("out.xlsx", "out.json"):
            line = assert_one_line(run_main("export", str(folder / name), data_dir=data_dir), 1)
            assert name in line
    assert list(folder.iterdir()) == []


# ---- a full disk ------------------------------------------------------------------------------
def run_with_file_limit(limit: int, *args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """main.py with every file it writes capped at `limit` bytes: a write past it fails with
    EFBIG, as a write to a full disk fails with ENOSPC (SIGXFSZ is ignored, as a shell would)."""
    def cap() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return run_capped(cap, "--data-dir", str(data_dir), *args)


REGISTER_HEADER = ["小区名称", "社区", "楼栋", "房号", "业主", "建筑面积", "联系电话"]


@posix_only
def test_full_disk_during_import_is_one_line_without_personal_data(
        with_compounds: Store, tmp_path: Path) -> None:
    rows = [REGISTER_HEADER, *([["第五园", "五和社区", f"{n % 30 + 1}栋", f"{n:05d}", f"业主甲{n}",
                                 "88.50", f"139{n:08d}"] for n in range(20_000)])]
    register = write_csv(tmp_path / "register.csv", rows)
    data_dir = with_compounds.path.parent
    with_compounds.close()
    before = dump(data_dir)
    limit = (data_dir / STORE_FILENAME).stat().st_size + 256 * 1024
    line = assert_one_line(run_with_file_limit(limit, "import", str(register), data_dir=data_dir), 1)
    assert "业主甲" not in line and "1390000" not in line and "INSERT" not in line
    assert dump(data_dir) == before


@posix_only
def test_full_disk_during_export_leaves_the_old_file(store: Store, tmp_path: Path) -> None:
    from app.demo import generate

    generate(store, "small", today=DEMO_DAY)
    data_dir = store.path.parent
    store.close()
    for name in ("out.xlsx", "out.json"):
        target = tmp_path / "exports" / name
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(b"the previous export")
        # 64 KB: room for the store's shared-memory file (32 KB), not for the export (~1 MB).
        done = run_with_file_limit(64 * 1024, "export", str(target), data_dir=data_dir)
        assert_one_line(done, 1)
        assert target.read_bytes() == b"the previous export"
    assert sorted(p.name for p in (tmp_path / "exports").iterdir()) == ["out.json", "out.xlsx"]


def test_full_store_file_is_a_clean_fault_for_the_app(with_compounds: Store, tmp_path: Path) -> None:
    """The GUI path: the app's import on a store that cannot grow (SQLite's max_page_count, a real
    SQLITE_FULL) raises one fault naming the problem, never SQL with owners' data."""
    from sqlalchemy import event

    from db.engine import StoreFault

    rows = [REGISTER_HEADER, *([["第五园", "五和社区", "1栋", f"{n:05d}", f"业主乙{n}", "70",
                                 f"1370000{n:04d}"] for n in range(5_000)])]
    register = write_csv(tmp_path / "register.csv", rows)
    data_dir = with_compounds.path.parent
    before = dump(data_dir)
    pages = (data_dir / STORE_FILENAME).stat().st_size // 4096 + 8
    with_compounds.engine.dispose()
    event.listen(with_compounds.engine, "connect",
                 lambda connection, _record: connection.execute(f"PRAGMA max_page_count={pages}"))
    with pytest.raises(StoreFault) as fault:
        import_file(with_compounds, register)
    assert fault.value.code == "disk_full" and "磁盘" in str(fault.value)
    assert "业主乙" not in str(fault.value) and fault.value.__cause__ is None
    with_compounds.close()
    assert dump(data_dir) == before


# ---- personal data files are private ----------------------------------------------------------
def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@posix_only
def test_store_exports_backups_and_server_file_are_private(tmp_path: Path) -> None:
    from server.database import make_engine
    from tests.foundation.test_migrations import FIRST, make_store_at

    old_mask = os.umask(0o022)
    try:
        data_dir = tmp_path / "new" / "data"
        store = open_store(data_dir)
        store.close()
        assert mode(data_dir) == 0o700
        for path in data_dir.iterdir():
            assert mode(path) == 0o600, path
        done = run_main("import", str(write_xlsx(tmp_path / "c.xlsx", COMPOUNDS_SHEET)),
                        data_dir=data_dir)
        assert done.returncode == 0, done.stderr
        for name in ("all.json", "all.xlsx"):
            assert run_main("export", str(tmp_path / name), data_dir=data_dir).returncode == 0
            assert mode(tmp_path / name) == 0o600, name

        old_dir = tmp_path / "old"
        old_dir.mkdir()
        make_store_at(old_dir / STORE_FILENAME, FIRST)
        (old_dir / STORE_FILENAME).chmod(0o644)
        upgraded = open_store(old_dir)
        upgraded.close()
        assert upgraded.backup is not None and mode(upgraded.backup) == 0o600
        assert mode(old_dir / STORE_FILENAME) == 0o600

        server_file = tmp_path / "srv" / "server.sqlite3"
        engine = make_engine(f"sqlite:///{server_file}")
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("CREATE TABLE probe (x)")
        finally:
            engine.dispose()
        assert mode(server_file.parent) == 0o700 and mode(server_file) == 0o600
    finally:
        os.umask(old_mask)


def test_dashboard_and_rankings_exports_write_names_as_text(store: Store, tmp_path: Path) -> None:
    """A street or company name that a spreadsheet would run, or that holds a / or a control
    character, comes out of the other .xlsx outputs as plain text."""
    from app.dashboard import compute, export_xlsx
    from app.demo import generate
    from app.ratings_report import export_rankings_xlsx

    generate(store, "small", today=DEMO_DAY)
    connection = raw_store.connect(store.path)
    try:
        connection.execute("UPDATE streets SET name = '=HYPERLINK(\"http://x.invalid\")/坂' || "
                           "char(7) || '田' WHERE rowid = (SELECT min(rowid) FROM streets)")
        connection.execute("UPDATE property_companies SET name = '+1+1 物业' || rowid")
        connection.commit()
    finally:
        connection.close()
    with store.session() as session:
        export_xlsx(compute(session, DEMO_DAY), tmp_path / "dashboard.xlsx")
        assert export_rankings_xlsx(session, tmp_path / "rankings.xlsx") > 0
    for name in ("dashboard.xlsx", "rankings.xlsx"):
        with zipfile.ZipFile(tmp_path / name) as archive:
            sheets = [archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in sheet for sheet in sheets), name
        texts = {cell.value for sheet in load_workbook(tmp_path / name).worksheets
                 for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)}
        assert '=HYPERLINK("http://x.invalid")/坂田' in texts, name
    assert any(text.startswith("+1+1 物业") for text in texts)


def test_a_huge_cell_repeated_in_every_row_is_quoted_short(tmp_path: Path) -> None:
    """One 2 MB shared string referenced by the yes/no cells of 300 rows: each problem quotes at
    most a few dozen characters, so memory and the message stay small (before, every one of 300
    kept problems held its own copy of the whole cell)."""
    import random

    huge = "".join(random.Random(1).choices("abcdefghijklmnopqrstuvwxyz", k=2 << 20))
    header = ["小区名称", "楼栋", "房号", "建筑面积", "开发商未售", "是否党员", "业主"]
    extra = ["花园", "1", "101", "88", huge, "张三"]  # shared strings 7.. after the header's 0..6
    row = [shared_cell(7), shared_cell(8), shared_cell(9), shared_cell(10), shared_cell(11),
           shared_cell(11), shared_cell(12)]
    path = raw_workbook(tmp_path / "units.xlsx", [header] + [row] * 300, extra_strings=extra)
    done = run_main("--data-dir", str(tmp_path / "data"), "import", str(path))
    assert done.returncode == 2
    assert "开发商未售" in done.stderr and "共 2097152 字" in done.stderr
    assert len(done.stderr) < 50_000, len(done.stderr)
