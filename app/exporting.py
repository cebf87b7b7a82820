"""Exporting the whole local store: `.json` (restorable with `import`) and `.xlsx` (for people).

JSON: one object with "format", "exported_at" and one key per replicated table (its plural table
name, e.g. "compounds"), each a list of rows keyed by the model's column names, ordered by id.
Values use db.codec (ISO dates, exact decimal text), so an export restored into an empty store
exports again identically apart from "exported_at".

XLSX: any text may come from a colleague's sync or an imported file, so it is written as text,
never as a formula (OWASP's CSV-injection advice): text starting with = + - @ tab or CR is a
string cell with Excel's quote prefix, so it stays text even when edited; control characters,
which the file format cannot hold, are dropped.

Export files hold owners' names and phones: they are created 0600 (POSIX), and written beside
the target and moved into place, so a full disk leaves the old file or none — never half of one.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import sys
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import BadInput, WorkFailed
from app.progress import NullProgress, Progress, check_cancelled
from db.codec import encode
from db.domains import clean_text
from db.migrate import current_revision
from db.models import REPLICATED_MODELS, Replicated
from db.store import Store

FORMAT_NAME = "compound-desk-export"
FORMAT_VERSION = 1
BEIJING = timezone(timedelta(hours=8), "北京时间")
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PRIVATE_FILE = 0o600

# Chinese sheet headers; a column not listed keeps its own name.
COLUMN_LABELS = {
    "id": "编号", "updated_at": "更新时间", "updated_by": "更新人", "deleted_at": "删除时间",
    "deleted_by": "删除人", "server_version": "服务器版本", "dirty": "待同步",
    "name": "名称", "district": "区", "street_id": "街道编号", "community_id": "社区编号",
    "credit_code": "统一社会信用代码", "contact_phone": "联系电话", "address": "地址",
    "lifecycle_stage": "生命周期", "households": "户数", "building_area_m2": "总建筑面积（㎡）",
    "delivered_on": "交付日期", "property_company_id": "物业企业编号",
    "committee_status": "业委会状态", "residents_committee_acting": "以居代业",
    "instructor_name": "党建指导员", "liaison_member_id": "联络党员编号", "note": "备注",
    "compound_id": "小区编号", "from_stage": "原阶段", "to_stage": "新阶段",
    "changed_on": "变更日期", "kind": "类型", "secretary_name": "书记", "founded_on": "成立日期",
    "branch_id": "党支部编号", "phone": "联系电话", "building": "楼栋", "room": "房号",
    "found_via": "双找方式", "on_committee": "业委会委员", "works_for_property": "物业从业",
    "election_id": "选举编号", "term_start": "任期开始", "term_end": "任期结束", "status": "状态",
    "filed_on": "备案日期", "committee_id": "业委会编号", "role": "角色",
    "is_party_member": "是否党员", "party_member_id": "党员编号", "unit_id": "房屋编号",
    "stage": "阶段", "stage_since": "进入阶段日期", "seats": "委员名额", "applied_on": "申请日期",
    "group_formed_on": "筹备组成立日期", "notice_published_on": "公示日期",
    "objection_until": "异议截止日期", "vote_start": "投票开始", "vote_end": "投票结束",
    "vote_place": "投票地点", "e_vote": "电子投票", "result_published_on": "结果公告日期",
    "tally_json": "计票结果", "is_leader": "组长", "fee_arrears": "欠缴物业费",
    "nominated_by": "推荐方式", "sort_order": "排序", "checkpoint": "关口", "decision": "决定",
    "comment": "意见", "override_reason": "例外理由", "signer": "签署人", "signed_at": "签署时间",
    "content_hash": "内容摘要", "payload": "签署内容", "signature": "签名", "key_id": "密钥指纹",
    "revokes_id": "撤销的审核编号", "owner_name": "业主", "owner_key": "业主编号",
    "area_m2": "建筑面积（㎡）", "developer_unsold": "开发商未售", "channel": "投票方式",
    "vote": "投票内容", "superseded": "已被替代", "cast_on": "投票日期", "title": "标题",
    "held_at": "召开时间", "place": "地点", "minutes": "会议纪要", "description": "描述",
    "source": "来源", "category": "类别", "raised_by": "反映人", "raised_on": "反映日期",
    "positions_json": "各方意见", "meeting_id": "会议编号", "responsible_party": "责任方",
    "deadline": "办结期限", "progress": "进度（%）", "progress_note": "进度说明",
    "answer": "回音", "answer_method": "回音方式", "satisfaction": "满意度",
    "answered_on": "回音日期", "closed_on": "办结日期", "referred_to": "转办单位",
    "referred_due": "转办期限", "referred_answer": "转办答复", "item_id": "事项编号",
    "at": "时间", "by": "操作人", "signed_in": "已签到", "agenda_item_id": "议事事项编号",
    "version": "版本", "bands_json": "星级划分", "template_id": "模板编号",
    "area_code": "领域代码", "area_name": "领域", "code": "指标代码", "text": "指标内容",
    "max_points": "满分", "guidance": "评分说明", "evidence_required": "需佐证",
    "company_id": "物业企业编号", "inspected_on": "评价日期", "inspector": "评价人",
    "total_points": "总分", "percent": "得分率（%）", "stars": "星级", "notes": "说明",
    "inspection_id": "评价编号", "indicator_id": "指标编号", "points": "得分",
    "deduction_note": "扣分说明", "target": "评价对象", "year": "年度", "score": "得分",
    "owner_table": "所属表", "owner_id": "所属记录编号", "filename": "文件名",
    "mime_type": "文件类型", "size_bytes": "大小（字节）", "sha256": "SHA-256",
    "actor": "操作人", "action": "操作", "table_name": "表", "row_id": "记录编号",
    "summary": "内容",
}


def _rows(session: Session, model: type[Replicated]) -> Any:
    return session.execute(select(model.__table__).order_by(model.__table__.c.id))


def _is_demo(session: Session) -> bool:
    from app.demo import DEMO_SETTING
    from app.session import get_setting

    return get_setting(session, DEMO_SETTING) == "1"


def _replace_atomically(path: Path, write: Any) -> None:
    """Write to a temporary file (mode 0600) beside `path`, then move it into place: a failure
    (a full disk, a read-only folder) leaves no half-written file and is one WorkFailed line."""
    from app.cli.faults import describe_os_error

    if not path.parent.is_dir():
        raise BadInput(code="export.no_folder", path=path)
    temporary = path.with_name(f".{path.name}.partial")
    try:
        _remove(temporary)  # left by an export that was killed
        os.close(os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, PRIVATE_FILE))
        write(temporary)
        os.replace(temporary, path)
    except OSError as exc:
        reason = describe_os_error(exc, "写入", path)
        raise WorkFailed(code="export.failed", reason=reason) from None
    finally:
        with contextlib.suppress(OSError):
            _remove(temporary)


def _remove(path: Path) -> None:
    """Delete `path` if it is there (a read-only file system refuses even a missing file's
    unlink with EROFS, so look first)."""
    if path.exists():
        path.unlink()


def export_document(store: Store, progress: Progress | None = None) -> dict[str, Any]:
    """The whole store as the JSON export's object (tables in dependency order)."""
    progress = progress or NullProgress()
    document: dict[str, Any] = {}
    with store.session() as session:
        document["format"] = {"name": FORMAT_NAME, "version": FORMAT_VERSION,
                              "schema": current_revision(store.engine), "demo": _is_demo(session)}
        document["exported_at"] = datetime.now(UTC).isoformat()
        for done, model in enumerate(REPLICATED_MODELS):
            check_cancelled(progress)
            names = [c.name for c in model.__table__.columns]
            document[model.export_name] = [
                {name: encode(value) for name, value in zip(names, row, strict=True)}
                for row in _rows(session, model)
            ]
            progress.report(done + 1, len(REPLICATED_MODELS), model.label_zh)
    return document


def export_json(store: Store, path: Path, progress: Progress | None = None) -> dict[str, int]:
    document = export_document(store, progress)

    def write(target: Path) -> None:
        with target.open("w", encoding="utf-8") as handle:
            json.dump(document, handle, ensure_ascii=False, separators=(",", ":"))

    _replace_atomically(path, write)
    return {m.export_name: len(document[m.export_name]) for m in REPLICATED_MODELS}


def sheet_text(sheet: Any, value: str) -> Any:
    """Text for an openpyxl sheet that can never become a formula or break the file: control
    characters dropped; text a spreadsheet would read as a formula becomes a string cell with a
    quote prefix. Other text is returned as it is (openpyxl writes it as a string)."""
    if not value.isprintable():
        value = clean_text(value)
    if not value.startswith(FORMULA_TRIGGERS):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def text_row(sheet: Any, values: Any) -> list[Any]:
    """A row for any openpyxl sheet with every text made safe by `sheet_text` (for the other
    .xlsx outputs: dashboard, rankings)."""
    return [sheet_text(sheet, v) if v.__class__ is str else v for v in values]


def _cell(sheet: Any, value: Any) -> Any:
    """A value as Excel shows it best: local (Beijing) time, 是/否, exact decimals as numbers."""
    if value.__class__ is str:
        return sheet_text(sheet, value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime):
        return value.astimezone(BEIJING).replace(tzinfo=None)
    if isinstance(value, date | Decimal | int | float) or value is None:
        return value
    return sheet_text(sheet, str(value))


def _sheet_title(model: type[Replicated], used: set[str]) -> str:
    return sheet_title(model.label_zh or model.export_name, used)


def sheet_title(text: str, used: set[str]) -> str:
    """A valid sheet name from any text (a street's name may hold / or a control character),
    different from those in `used`, which it joins."""
    title = clean_text(text).strip().strip("'")[:31] or "表"
    for bad in "[]:*?/\\":
        title = title.replace(bad, "_")
    base, n = title, 2
    while title in used:
        title = f"{base[:28]}{n}"
        n += 1
    used.add(title)
    return title


def export_xlsx(store: Store, path: Path, progress: Progress | None = None) -> dict[str, int]:
    """One sheet per table (named by its Chinese label), Chinese headers, one row per record."""
    progress = progress or NullProgress()
    counts: dict[str, int] = {}

    def write(target: Path) -> None:
        _quietly_failing(lambda: _write_workbook(store, target, counts, progress))

    _replace_atomically(path, write)
    return counts


def _write_workbook(store: Store, target: Path, counts: dict[str, int], progress: Progress) -> None:
    from openpyxl import Workbook

    from app.export_sheets import PEOPLE_SHEETS

    workbook = Workbook(write_only=True)
    used: set[str] = set()
    with store.session() as session:
        for done, model in enumerate(REPLICATED_MODELS):
            check_cancelled(progress)
            people = PEOPLE_SHEETS.get(model.__tablename__)
            if people is not None:  # in the import's own layout: re-importing changes nothing
                title, headers, rows = people(session)
                sheet = workbook.create_sheet(sheet_title(title, used))
            else:
                sheet = workbook.create_sheet(_sheet_title(model, used))
                columns = [c.name for c in model.__table__.columns]
                headers = [COLUMN_LABELS.get(name, name) for name in columns]
                rows = _rows(session, model)
            counts[model.export_name] = write_table(sheet, headers, rows)
            progress.report(done + 1, len(REPLICATED_MODELS), model.label_zh)
    workbook.save(target)


WIDTH_SAMPLE_ROWS = 500
MIN_WIDTH, MAX_WIDTH = 6, 60
AREA_FORMAT = "0.00"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"


def display_width(value: Any) -> int:
    """Roughly how many character cells a value takes in a spreadsheet (a CJK character two)."""
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    text = value if isinstance(value, str) else str(value)
    text = text.split("\n", 1)[0]
    return len(text) + sum(1 for ch in text if ord(ch) > 0x2E7F)


def write_table(sheet: Any, headers: list[str], rows: Any) -> int:
    """A table that opens cleanly in WPS and Excel, on a write-only openpyxl sheet: bold header
    row, frozen below it, column widths from the header and the first rows, dates as dates,
    areas (columns whose header holds ㎡ or 面积) as numbers shown with two decimals, every text
    made safe by `sheet_text`. Returns the number of data rows written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    iterator = iter(rows)
    sample = []
    for row in iterator:
        sample.append(row)
        if len(sample) >= WIDTH_SAMPLE_ROWS:
            break
    widths = [display_width(h) for h in headers]
    for row in sample:
        for index, value in enumerate(row[:len(widths)]):
            widths[index] = max(widths[index], display_width(_cell(sheet, value)
                                                             if isinstance(value, bool) else value))
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = \
            min(MAX_WIDTH, max(MIN_WIDTH, width + 2))
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:  # our own labels: never a formula, control characters dropped
        cell = WriteOnlyCell(sheet, value=clean_text(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    areas = {i for i, h in enumerate(headers) if "㎡" in h or "面积" in h}

    def styled(row: Any) -> list[Any]:
        values = [_cell(sheet, v) for v in row]
        for index in areas:
            value = values[index] if index < len(values) else None
            if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = AREA_FORMAT
                values[index] = cell
        return values

    count = 0
    for row in sample:
        sheet.append(styled(row))
        count += 1
    for row in iterator:
        sheet.append(styled(row))
        count += 1
    return count


def _quietly_failing(work: Any) -> None:
    """Run `work`; if it fails writing (a full disk), raise a plain OSError of the same errno.

    openpyxl leaves its zip file and sheet writers open when a save fails; when they are
    collected they write to closed files and Python prints each failure as "Exception ignored"
    on stderr — dozens of traceback lines after our one-line message. They are collected here,
    with those reports silenced, before the error goes on."""
    hook = sys.unraisablehook
    failure: OSError | None = None
    try:
        try:
            work()
        except OSError as exc:
            failure = OSError(exc.errno, exc.strerror, exc.filename)
            sys.unraisablehook = lambda _unraisable: None  # before `exc` and its frames go
        if failure is not None:
            gc.collect()
            raise failure
    finally:
        sys.unraisablehook = hook


def export_file(store: Store, path: Path, progress: Progress | None = None) -> dict[str, int]:
    """Export by the file's suffix: .json or .xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        return export_json(store, path, progress)
    if suffix == ".xlsx":
        return export_xlsx(store, path, progress)
    if not suffix:
        raise BadInput(code="export.no_suffix", name=path.name)
    raise BadInput(code="export.bad_suffix", name=path.name, suffix=suffix)
