"""How much a file given to `import` or `tally` may make us read, checked before any parsing.

The limits sit far above what a real file reaches — the district's largest owners' register
(200,000 rows) is a 7 MB .xlsx whose sheet unpacks to 92 MB at 13:1; the large demo district's
whole-store JSON export is 220 MB — and far below what would exhaust a caseworker's laptop.
A workbook is a zip archive: its directory states each part's unpacked size, and Python's zipfile
never unpacks a part beyond the size stated (it fails the CRC check instead), so checking the
directory bounds the work before openpyxl opens anything.
"""

from __future__ import annotations

import stat
import zipfile
from pathlib import Path

from app.errors import BadInput

MB = 1 << 20
MAX_SHEET_FILE = 256 * MB          # a .csv / .xlsx file as stored
MAX_WORKBOOK_UNPACKED = 256 * MB   # all parts of an .xlsx together, unpacked
MAX_SHARED_STRINGS = 64 * MB       # xl/sharedStrings.xml unpacked (openpyxl keeps it in memory)
MAX_RATIO = 100                    # unpacked : packed, for parts larger than RATIO_FROM
RATIO_FROM = 1 * MB
MAX_PARTS = 10_000
MAX_JSON_FILE = 512 * MB           # a whole-store .json export (the large demo: 220 MB)
MAX_TALLY_FILE = 64 * MB           # one tally CSV (one compound's register or ballots)


def _mb(size: int) -> str:
    return f"{size / MB:,.0f} MB"


def check_file_size(path: Path, limit: int, hint: str = "；请拆分后分别导入") -> int:
    """The file's size; BadInput (in Chinese) when it is larger than `limit` or unreadable."""
    try:
        status = path.stat()
    except OSError as exc:
        raise BadInput(f"{path.name}：无法读取（{exc.strerror or exc}）") from None
    if not stat.S_ISREG(status.st_mode):  # /dev/zero or a pipe would be read without end
        raise BadInput(f"{path}：不是普通文件，未读取")
    size = status.st_size
    if size > limit:
        raise BadInput(f"{path.name}：文件有 {_mb(size)}，超过 {_mb(limit)} 的上限，未读取{hint}")
    return size


def check_workbook(path: Path) -> None:
    """Refuse a zip bomb (an .xlsx whose parts unpack to far more than any real workbook) from
    the archive's directory alone, before anything is unpacked."""
    check_file_size(path, MAX_SHEET_FILE)
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise BadInput(f"{path.name}：不是有效的 Excel 工作簿（压缩结构已损坏：{exc}）") from None
    if len(parts) > MAX_PARTS:
        raise BadInput(f"{path.name}：工作簿含 {len(parts):,} 个部件，超过 {MAX_PARTS:,} 个的上限，未导入")
    total = 0
    for part in parts:
        total += part.file_size
        if part.file_size > RATIO_FROM and part.file_size > MAX_RATIO * max(part.compress_size, 1):
            ratio = part.file_size / max(part.compress_size, 1)
            raise BadInput(f"{path.name}：工作簿部件 {part.filename} 的压缩比为 {ratio:,.0f}:1，"
                           f"超过 {MAX_RATIO}:1 的上限（疑似“压缩炸弹”），未导入")
        if part.filename.lower().endswith("sharedstrings.xml") and part.file_size > MAX_SHARED_STRINGS:
            raise BadInput(f"{path.name}：工作簿的共享文本解压后有 {_mb(part.file_size)}，超过 "
                           f"{_mb(MAX_SHARED_STRINGS)} 的上限，未导入；请拆分文件")
    if total > MAX_WORKBOOK_UNPACKED:
        raise BadInput(f"{path.name}：工作簿解压后共 {_mb(total)}，超过 {_mb(MAX_WORKBOOK_UNPACKED)} "
                       "的上限（疑似“压缩炸弹”或多余的内容），未导入；请删去多余的工作表或拆分文件")
