"""How much a file given to `import` or `tally` may make us read, checked before any parsing.

The limits sit far above what a real file reaches — the district's largest owners' register
(200,000 rows) is a 7 MB .xlsx whose sheet unpacks to 92 MB at 13:1; the large demo district's
whole-store JSON export is 220 MB — and far below what would exhaust a caseworker's laptop.
A workbook is a zip archive: its directory states each part's unpacked size, and Python's zipfile
never unpacks a part beyond the size stated (it fails the CRC check instead), so checking the
directory bounds the work before openpyxl opens anything.
"""

from __future__ import annotations

import io
import re
import stat
import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from app.importing.errors import ImportFault
from app.importing.messages import Message

MB = 1 << 20
MAX_SHEET_FILE = 256 * MB          # a .csv / .xlsx file as stored
MAX_WORKBOOK_UNPACKED = 256 * MB   # all parts of an .xlsx together, unpacked
MAX_SHARED_STRINGS = 64 * MB       # xl/sharedStrings.xml unpacked (openpyxl keeps it in memory)
MAX_RATIO = 100                    # unpacked : packed, for parts larger than RATIO_FROM
RATIO_FROM = 1 * MB
MAX_PARTS = 10_000
MAX_JSON_FILE = 512 * MB           # a whole-store .json export (the large demo: 220 MB)
MAX_TALLY_FILE = 64 * MB           # one tally CSV (one compound's register or ballots)
# Cells between a sheet's first and last used cell: calamine makes room for every one of them
# at once (32 bytes each), so two cells at A1 and XFD1048576 would ask for 512 GB and abort the
# process. 20 million cells is 640 MB; the largest register (200,000 × 8) has 1.6 million.
MAX_SHEET_CELLS = 20_000_000


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def check_file_size(path: Path, limit: int, hint: str = "；请拆分后分别导入") -> int:
    """The file's size; BadInput (in Chinese) when it is larger than `limit` or unreadable."""
    try:
        status = path.stat()
    except OSError as exc:
        raise ImportFault(Message("file.unreadable", file=path.name,
                                  detail=exc.strerror or exc)) from None
    if not stat.S_ISREG(status.st_mode):  # /dev/zero or a pipe would be read without end
        raise ImportFault(Message("file.not_regular", file=path))
    size = status.st_size
    if size > limit:
        raise ImportFault(Message("file.too_big", file=path.name, size=_mb(size), limit=_mb(limit),
                                  hint=hint))
    return size


def check_workbook(path: Path) -> None:
    """Refuse a zip bomb (an .xlsx whose parts unpack to far more than any real workbook) from
    the archive's directory alone, before anything is unpacked."""
    check_file_size(path, MAX_SHEET_FILE)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFault(Message("file.zip_damaged", file=path.name, detail=exc)) from None
    if len(parts) > MAX_PARTS:
        raise ImportFault(Message("file.too_many_parts", file=path.name, parts=f"{len(parts):,}",
                                  limit=f"{MAX_PARTS:,}"))
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size / max(part.compress_size, 1)
            raise ImportFault(Message("file.zip_ratio", file=path.name, part=part.filename,
                                      ratio=f"{ratio:,.0f}", limit=MAX_RATIO))
        if part.filename.lower().endswith("sharedstrings.xml") and part.file_size > MAX_SHARED_STRINGS:
            raise ImportFault(Message("file.shared_strings", file=path.name,
                                      size=_mb(part.file_size), limit=_mb(MAX_SHARED_STRINGS)))
    if total > MAX_WORKBOOK_UNPACKED:
        raise ImportFault(Message("file.unpacked", file=path.name, size=_mb(total),
                                  limit=_mb(MAX_WORKBOOK_UNPACKED)))


ROW_ELEMENT = b'row r="'


def _beyond(limit: str, alphabet: str) -> str:
    """A regex matching any text of `limit`'s length (in `alphabet` order) greater than it."""
    parts = []
    for i, char in enumerate(limit):
        place = alphabet.index(char)
        if place + 1 < len(alphabet):
            rest = len(limit) - i - 1
            parts.append(f"{re.escape(limit[:i])}[{alphabet[place + 1]}-{alphabet[-1]}]"
                         f"[{alphabet[0]}-{alphabet[-1]}]{{{rest}}}")
    return "|".join(parts) or "(?!)"


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _letters(number: int) -> str:
    text = ""
    while number:
        number, rest = divmod(number - 1, 26)
        text = LETTERS[rest] + text
    return text


def check_sheet_extent(path: Path) -> None:
    """Refuse an .xlsx sheet whose used cells span more than MAX_SHEET_CELLS (see there), from
    the cell and row references in the sheet's XML, before calamine reads it."""
    try:
        with zipfile.ZipFile(path) as archive, path.open("rb") as handle:
            for part in archive.infolist():
                name = part.filename
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    if _fits_streamed(handle, part):
                        continue
                    data = _inflated(handle, part)
                    _check_extent(path, name, archive.read(part) if data is None else data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
        raise ImportFault(Message("file.zip_damaged", file=path.name, detail=exc)) from None


LOCAL_HEADER = b"PK\x03\x04"


def _deflated_bytes(handle: BinaryIO, part: zipfile.ZipInfo) -> bytes | None:
    """A deflated, unencrypted part's packed bytes, read from after its local header; None for
    any other part or a local header that is not one."""
    if part.compress_type != zipfile.ZIP_DEFLATED or part.flag_bits & 0x1:
        return None
    handle.seek(part.header_offset)
    header = handle.read(30)
    if len(header) < 30 or not header.startswith(LOCAL_HEADER):
        return None
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(part.header_offset + 30 + name_length + extra_length)
    return handle.read(part.compress_size)


def _inflated(handle: BinaryIO, part: zipfile.ZipInfo) -> bytes | None:
    """A deflated, unencrypted part unpacked straight from the file, never beyond its stated
    size: what `ZipFile.read` gives without its CRC pass (calamine's zip reader checks the CRC
    when it reads the part). None for any other part, or one whose stated size is not what it
    unpacks to (`ZipFile.read` then says what is wrong)."""
    packed = _deflated_bytes(handle, part)
    if packed is None:
        return None
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        data = inflater.decompress(packed, part.file_size + 1)
    except zlib.error:
        return None
    return data if len(data) == part.file_size and inflater.eof else None


STREAM_INPUT = 64 * 1024    # packed bytes given to the inflater at a time
STREAM_OUTPUT = 1 << 20     # unpacked bytes scanned at a time (while still in the processor's cache)
CARRY = 64                  # bytes kept from one piece to the next: more than any cell tag looks ahead
DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]{1,3}[0-9]{1,8}(?::[A-Z]{1,3}([0-9]{1,8}))?"')
ROW_NUMBER = re.compile(rb'<row r="([0-9]{1,8})"')


def _fits_streamed(handle: BinaryIO, part: zipfile.ZipInfo) -> bool:
    """True when every cell tag of a deflated, unencrypted sheet is exactly `<c r="` + a
    reference within a row bound guessed from the sheet's first piece (its <dimension>, or its
    rows so far carried to its length) and the columns that leaves under the limit: then the
    sheet fits, as in `_check_extent` (any one bound works; cells with a reference are placed by
    it alone). Unpacked a piece at a time, never beyond its stated size, and scanned while the
    piece is still in the cache — rather than all of it unpacked first and scanned after. False
    (`_check_extent` then decides from the whole part) for anything else: a guess that a cell
    exceeds, a namespace-prefixed sheet, a size that does not match, a damaged stream."""
    packed = _deflated_bytes(handle, part)
    if packed is None:
        return False
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    outside: re.Pattern[bytes] | None = None
    carry = b""
    total = 0
    try:
        for start in range(0, len(packed), STREAM_INPUT):
            data = packed[start:start + STREAM_INPUT]
            while data:
                piece = inflater.decompress(data, STREAM_OUTPUT)
                data = inflater.unconsumed_tail
                total += len(piece)
                if total > part.file_size:
                    return False
                text = carry + piece
                if outside is None:
                    outside = _streamed_pattern(text, part.file_size)
                    if outside is None:
                        return False
                found = outside.search(text)
                # A tag within the carried tail may be cut short: it is looked at again whole
                # with the next piece (only the last piece is looked at to its very end).
                if found is not None and (inflater.eof or found.start() < len(text) - CARRY):
                    return False
                if PREFIXED_CELL.search(text) is not None:
                    return False
                carry = text[-CARRY:]
    except zlib.error:
        return False
    return inflater.eof and total == part.file_size and outside is not None


def _streamed_pattern(first: bytes, size: int) -> re.Pattern[bytes] | None:
    """The cell tags outside the bound guessed from a sheet's first piece; None when the sheet
    has a namespace prefix or its first piece gives no row to guess from."""
    root = ROOT.match(first[:4096])
    if root is None or root.group(1):
        return None
    dimension = DIMENSION.search(first)
    if dimension is not None and dimension.group(1):
        digits = len(dimension.group(1))
    else:
        rows = list(ROW_NUMBER.finditer(first))
        if not rows:
            return None
        last = rows[-1]
        digits = len(str(int(last.group(1)) * size // max(last.end(), 1) * 5 // 4 + 1))
    if digits > 8:
        return None
    return re.compile(f'<c(?=[\\s>/])(?!\\sr="{_within(digits)})'.encode())


def _within(digits: int) -> str:
    """A cell reference with at most `digits` row digits and a column that leaves the sheet
    under MAX_SHEET_CELLS at that many rows, then the closing quote."""
    rows = 10 ** digits - 1
    columns = max(1, min(16_384, MAX_SHEET_CELLS // rows))
    column_text = _letters(columns)
    if len(column_text) == 1:  # one letter: the same as the general form, with less to try per cell
        return f'[A-{column_text}][0-9]{{1,{digits}}}"'
    return (f'(?!(?:{_beyond(column_text, LETTERS)})[0-9])[A-Z]{{1,{len(column_text)}}}'
            f'[0-9]{{1,{digits}}}"')


CELL_REFERENCE = re.compile(r"([A-Za-z]{1,12})([0-9]{1,12})")
PREFIXED_CELL = re.compile(rb":c[\s>/]")  # a cell tag with a namespace prefix (or a lookalike)
ROOT = re.compile(rb'\s*(?:<\?xml[^>]*\?>\s*)?<(?:([A-Za-z_][\w.-]*):)?worksheet\b')


def _check_extent(path: Path, part: str, data: bytes) -> None:
    """The last row element bounds the rows (any number of as many digits); then one scan looks
    for a cell tag that is not exactly `<c r="` + a reference within those rows and the columns
    that leaves under the limit. A cell with a reference is placed by it alone (the row element
    matters only to cells without one), so when no such tag is found the sheet fits. Only a
    sheet where one is found (no reference, one beyond the bounds, in lower case, quoted or
    spaced otherwise, a namespace prefix) is read through to bound its extent."""
    at = data.rfind(ROW_ELEMENT)
    end = data.find(b'"', at + len(ROW_ELEMENT)) if at >= 0 else -1
    last_row = data[at + len(ROW_ELEMENT):end] if at >= 0 else b""
    # Rows: any number of as many digits as the last row's (a cell claiming a later row of the
    # same length stays within the bound); columns: as many as that leaves under the limit.
    digits = len(last_row) if last_row.isdigit() and len(last_row) <= 8 else 1
    within = _within(digits)
    root = ROOT.match(data[:4096])
    if root is not None and root.group(1):  # calamine reads a cell under any prefix
        outside = re.compile(f'<(?:[A-Za-z_][\\w.-]*:)?c(?=[\\s>/])(?!\\sr="{within})'.encode())
        if outside.search(data) is None:
            return
    elif re.compile(f'<c(?=[\\s>/])(?!\\sr="{within})'.encode()).search(data) is None and \
            PREFIXED_CELL.search(data) is None:
        return
    _check_exactly(path, part, data)


def _check_exactly(path: Path, part: str, data: bytes) -> None:
    """The sheet's extent bounded from above by reading its XML as calamine places cells: a
    cell with a reference where it says (any case and any number of letters: calamine reads
    them all), one without in the next column; a row element without a number after the one
    before. The bound may be a little larger than what calamine makes room for, never smaller.
    A sheet expat cannot read is refused as damaged."""
    from xml.etree.ElementTree import ParseError, iterparse

    top_row = top_column = unnumbered = run = longest = depth = cells_in_row = 0
    loose = 0  # a cell outside any row element takes the row after the last one
    try:
        for event, element in iterparse(io.BytesIO(data), events=("start", "end")):
            name = element.tag.rpartition("}")[2]
            if event == "end":
                if name == "row":
                    depth -= 1
                    if cells_in_row:  # an empty <row/> leaves calamine's column as it was
                        run = 0
                    cells_in_row = 0
                element.clear()
                continue
            if name == "row":
                depth += 1
                number = element.get("r", "")
                if number.isdigit():
                    top_row = max(top_row, int(number))
                else:
                    unnumbered += 1
            elif name == "c":
                cells_in_row += 1
                loose = loose or int(depth <= 0)
                found = CELL_REFERENCE.fullmatch(element.get("r", ""))
                if found is None:
                    run += 1  # the column after the cell before (calamine: one more)
                    longest = max(longest, run)
                    continue
                column = 0
                for letter in found[1].upper():
                    column = column * 26 + ord(letter) - 64
                top_column = max(top_column, column)
                top_row = max(top_row, int(found[2]))
                run = 0
    except ParseError as exc:
        raise ImportFault(Message("file.sheet_damaged", file=path.name,
                                  sheet=part.rsplit("/", 1)[-1], detail=exc)) from None
    rows = top_row + unnumbered + loose
    columns = top_column + longest
    if rows * columns > MAX_SHEET_CELLS:
        raise ImportFault(Message("file.too_far_apart", file=path.name,
                                  sheet=part.rsplit("/", 1)[-1], rows=f"{rows:,}",
                                  columns=f"{columns:,}", limit=f"{MAX_SHEET_CELLS:,}"))
