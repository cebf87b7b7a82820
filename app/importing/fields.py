"""What each importable kind of sheet holds: its columns, the headers accepted for them (Chinese,
English and the variants found in real registers), and how a cell becomes a value. The kind of a
sheet is recognised from its header row.

Cell messages are Chinese and say what was expected (they follow "行 N，列「X」：" in a report).
Numbers typed as text are read the way a person reads them: full-width digits (１２３), thousands
separators (1,234.5), a trailing ㎡. Values must be plausible, not just well-formed: areas and
counts within bounds, dates within 1949 – 20 years ahead, phone numbers shaped like one.

Identity-card numbers (证件号码, 身份证号) are recognised and never stored: the store has no field
for them and an owners' register does not need one; the import says it left the column out.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from app.agenda_rules import local_today
from app.importing.messages import Message
from db.domains import RANGES, bounded_decimal, clean_text
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES


class CellError(ValueError):
    """A cell whose content does not fit its column; the message (a Message: Chinese text with
    its code and parameters) says what was expected."""

    @property
    def message(self) -> str:
        return self.args[0] if self.args else ""


Parser = Callable[[Any], Any]
SHOWN_CHARACTERS = 40


def cell_text(value: Any) -> str:
    """A cell as trimmed text; whole numbers typed into Excel (room 1201 → 1201.0) lose the '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if not (value.hour or value.minute or value.second) \
            else value.isoformat(sep=" ", timespec="minutes")
    text = str(value).strip()
    return text if text.isprintable() else clean_text(text).strip()  # headers reach the terminal


def shown(text: str) -> str:
    """A cell quoted in a message: 「…」, at most 40 characters, so a 64 MB cell is never copied
    into hundreds of messages (a file can repeat one huge shared string in every row)."""
    if len(text) <= SHOWN_CHARACTERS:
        return f"「{text}」"
    return f"「{text[:SHOWN_CHARACTERS]}」…（共 {len(text)} 字）"


def too_long(max_length: int, length: int) -> CellError:
    return CellError(Message("cell.too_long", max=max_length, length=length))


def text(max_length: int, dates: bool = True) -> Parser:
    """Text of at most `max_length` characters. The parser carries `max_length`, so the row loop
    can check a text cell inline (a register has a million of them). `dates=False`: a date cell
    is refused — Excel turns a room typed as 1-2 or 3/4 into a date, and the room is lost."""
    def parse(value: Any) -> str:
        if not dates and isinstance(value, date):
            raise CellError(Message("cell.date_not_number", value=cell_text(value)))
        result = value if value.__class__ is str else cell_text(value)  # str: already trimmed
        if len(result) > max_length:
            raise too_long(max_length, len(result))
        return result
    parse.max_length = max_length  # type: ignore[attr-defined]
    return parse


def _digits(raw: str) -> str:
    """Full-width digits, signs and separators as ASCII (１２３，４５６ → 123,456)."""
    return unicodedata.normalize("NFKC", raw) if not raw.isascii() else raw


THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d*)?")


def number_text(value: Any) -> str:
    """A cell as the text of a number: full-width digits made ASCII, spaces dropped, thousands
    separators dropped where they really separate thousands ('1,5' stays and is refused)."""
    raw = _digits(cell_text(value)).replace(" ", "")
    if "," in raw and THOUSANDS.fullmatch(raw):
        raw = raw.replace(",", "")
    return raw


def whole_number(value: Any) -> int:
    raw = number_text(value)
    if not re.fullmatch(r"\d{1,12}", raw):  # 12 digits: far beyond any count, and int() stays cheap
        raise CellError(Message("cell.not_integer", value=shown(raw)))
    return int(raw)


def count_of(table: str, column: str, high: int | None = None) -> Parser:
    """A whole number within the column's plausible range (db.domains.RANGES, or `high`)."""
    low, stored_high = RANGES[(table, column)]
    high = stored_high if high is None else high  # type: ignore[assignment]

    def parse(value: Any) -> int:
        number = whole_number(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(Message("cell.count_range", value=number, low=low, high=high))
        return number
    return parse


PLAIN_AREA = re.compile(r"\d{1,9}(?:\.\d{1,4})?")  # no sign, no exponent, at most 4 decimals
# A whole column of plain areas, one per line (checked in one pass).
PLAIN_AREAS = re.compile(rf"(?:{PLAIN_AREA.pattern}\n)*{PLAIN_AREA.pattern}")
AREA_UNITS = ("㎡", "m²", "m2", "平方米", "平米")


def area(value: Any) -> Decimal:
    """A floor area in m²: exact decimal, non-negative, at most 4 decimal places."""
    if isinstance(value, bool):
        raise CellError(Message("cell.not_number"))
    if value.__class__ is float and not value.is_integer():
        raw = repr(value)  # the shortest text giving this float, as cell_text would show it
    else:
        raw = number_text(value)
        for unit in AREA_UNITS:
            raw = raw.removesuffix(unit)
    if PLAIN_AREA.fullmatch(raw):  # "88.37", the common case: nothing more to check
        return Decimal(raw)
    try:  # digits and exponent are bounded before the value is ever written out
        number = bounded_decimal(raw, "area")
    except ValueError:
        try:
            parsed = Decimal(raw) if len(raw) <= 64 else None
        except InvalidOperation:
            raise CellError(Message("cell.not_a_number", value=shown(raw))) from None
        if parsed is not None and not parsed.is_finite():
            raise CellError(Message("cell.not_non_negative", value=shown(raw))) from None
        raise CellError(Message("cell.too_many_digits", value=shown(raw))) from None
    if number < 0:
        raise CellError(Message("cell.negative_area", value=shown(raw)))
    if number.as_tuple().exponent < -4:  # type: ignore[operator]
        raise CellError(Message("cell.too_many_decimals", value=shown(raw)))
    return number


def area_of(table: str, column: str, high: Decimal | None = None) -> Parser:
    """A floor area within the column's plausible range (db.domains.RANGES, or a lower `high`)."""
    low, stored_high = RANGES[(table, column)]
    high = stored_high if high is None else high  # type: ignore[assignment]

    def parse(value: Any) -> Decimal:
        number = area(value)
        if number == 0 and low is not None and low > 0:
            raise CellError(Message("cell.zero_area"))
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(Message(
                "cell.area_range", value=shown(cell_text(value)), low=format(Decimal(low or 0), "f"),
                high=format(Decimal(high), "f") if high is not None else "∞"))
        return number
    # The bounds, for checking a whole column of plain areas at once (app/importing/sheet.py).
    parse.area_range = (Decimal(low if low is not None else 0),  # type: ignore[attr-defined]
                        Decimal(high) if high is not None else Decimal("Infinity"))
    return parse


TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "有", "党员"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "", "无", "×", "非党员"}


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = (value.strip() if value.__class__ is str else cell_text(value)).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(Message("cell.not_yes_no", value=shown(raw)))


EARLIEST_DATE = date(1949, 1, 1)
LATEST_YEARS_AHEAD = 20


def a_date(value: Any) -> date | None:
    """A date typed or stored any common way (a date cell, 2024-03-01, 2024/3/1, 2024年3月1日),
    between 1949 and twenty years from now (a count typed into a date column is not 1900-01-05)."""
    if isinstance(value, datetime):
        found = value.date()
    elif isinstance(value, date):
        found = value
    else:
        raw = _digits(cell_text(value)).replace("/", "-").replace(".", "-")
        if not raw:
            return None
        match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?: 00:00(?::00)?)?", raw) or re.fullmatch(
            r"(\d{4})年(\d{1,2})月(\d{1,2})日", raw)
        try:
            if match is None:
                raise ValueError
            found = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise CellError(Message("cell.not_date", value=shown(cell_text(value)))) from None
    latest = local_today() + timedelta(days=365 * LATEST_YEARS_AHEAD)
    if not EARLIEST_DATE <= found <= latest:
        raise CellError(Message("cell.date_range", value=found.isoformat(), low=EARLIEST_DATE.year,
                                high=latest.year))
    return found


# Mainland mobile (+86 optional), landline with area code (0755-12345678, extension allowed),
# a local 7–8 digit number, and 400/800 service numbers.
PHONE = re.compile(r"(?:\+?86)?1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:(?:-|转)\d{1,6})?|[2-9]\d{6,7}"
                   r"|[48]00-?\d{3}-?\d{4}")
MOBILE = re.compile(r"1[3-9]\d{9}")
MOBILES = re.compile(rf"(?:{MOBILE.pattern}\n)*{MOBILE.pattern}")  # a column of them, one per line
PHONE_SEPARATORS = re.compile(r"[/、;；,，]+")


def phone(value: Any) -> str:
    """One or more phone numbers (separated by / 、 ; or commas), each shaped like a real one;
    full-width digits are stored as ASCII, the rest as typed."""
    if value.__class__ is str and len(value) == 11 and MOBILE.fullmatch(value):
        return value  # the common case, checked once
    raw = _digits(cell_text(value)).strip()
    if len(raw) > 30:
        raise CellError(Message("cell.too_long", max=30, length=len(raw)))
    for part in PHONE_SEPARATORS.split(raw):
        compact = part.replace(" ", "").replace("(", "").replace(")", "")
        if compact and not PHONE.fullmatch(compact):
            raise CellError(Message("cell.not_phone", value=shown(part)))
    return raw


def choice(options: dict[str, str]) -> Parser:
    """Accepts any key or value of `options` (label → stored value)."""
    lookup = {k.lower(): v for k, v in options.items()} | {v.lower(): v for v in options.values()}

    def parse(value: Any) -> str:
        raw = cell_text(value)
        try:
            return lookup[raw.lower()]
        except KeyError:
            allowed = "、".join(dict.fromkeys(options))
            raise CellError(Message("cell.not_choice", value=shown(raw), choices=allowed)) from None
    return parse


def withheld(_value: Any) -> None:
    """A column recognised but never stored (identity-card numbers)."""
    return None


COMMITTEE_STATUS_LABELS = dict(zip(("无", "筹备中", "已成立", "已到期"), COMMITTEE_STATUSES, strict=True))
FOUND_VIA_LABELS = {"党组织找党员": "branch_found", "组织找党员": "branch_found",
                    "党员找党组织": "member_reported", "党员找组织": "member_reported"}


@dataclass(frozen=True)
class Column:
    """One importable column: field name, accepted headers, parser, whether a value is required."""

    field: str
    headers: tuple[str, ...]
    parse: Parser
    required: bool = False
    # A required value may be blank when this (yes/no) field of the same row is yes.
    blank_when: str | None = None
    # Choices offered in a template's drop-down list (data validation).
    choices: tuple[str, ...] = ()
    example: str = ""
    # False: recognised so it is not reported as unknown, but never stored (ID numbers).
    stored: bool = True


@dataclass(frozen=True)
class Kind:
    """A kind of sheet. `marks`: fields whose presence identifies it (checked in KINDS order);
    `stands_in`: a field that may take the place of several marks (房屋坐落 for 楼栋 + 房号)."""

    name: str
    label: str
    columns: tuple[Column, ...]
    marks: frozenset[str]
    stands_in: tuple[tuple[str, frozenset[str]], ...] = ()

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)

    def has_marks(self, fields: set[str] | Any) -> bool:
        present = set(fields)
        for field, covers in self.stands_in:
            if field in present:
                present |= covers
        return self.marks <= present


COMPOUND_HEADERS = ("小区名称", "小区", "小区名", "项目名称", "楼盘名称", "物业项目", "compound",
                    "compound_name")
COMMUNITY_HEADERS = ("社区", "所属社区", "社区名称", "community")
STREET_HEADERS = ("街道", "所属街道", "街道办", "street")
PHONE_HEADERS = ("联系电话", "电话", "手机", "手机号", "手机号码", "联系方式", "电话号码", "移动电话",
                 "phone")
ID_HEADERS = ("证件号码", "身份证号", "身份证号码", "证件号", "身份证", "公民身份号码", "id_number")

COMPOUND_REF = (
    Column("compound", COMPOUND_HEADERS, text(80), True, example="第五园"),
    Column("community", COMMUNITY_HEADERS, text(60), example="五和社区"),
    Column("street", STREET_HEADERS, text(40), example="坂田街道"),
)

COMPOUNDS = Kind("compounds", "小区", (
    COMPOUND_REF[0],
    Column("community", COMMUNITY_HEADERS, text(60), True, example="五和社区"),
    Column("street", STREET_HEADERS, text(40), True, example="坂田街道"),
    Column("address", ("地址", "小区地址", "address"), text(160), example="坂雪岗大道 1 号"),
    Column("lifecycle_stage", ("生命周期", "生命周期阶段", "lifecycle_stage", "stage"),
           choice({s: s for s in LIFECYCLE_STAGES}), choices=LIFECYCLE_STAGES, example="成熟期"),
    Column("households", ("户数", "总户数", "households"),
           count_of("compounds", "households", high=100_000), example="1200"),
    Column("building_area_m2", ("总建筑面积", "建筑面积", "面积", "building_area", "building_area_m2",
                                "area", "area_m2"),
           area_of("compounds", "building_area_m2", high=Decimal(20_000_000)), example="152000.50"),
    Column("property_company", ("物业企业", "物业公司", "物业服务企业", "property_company"), text(120),
           example="深圳市某某物业服务有限公司"),
    Column("delivered_on", ("交付日期", "交付时间", "delivered_on"), a_date, example="2008-06-30"),
    Column("committee_status", ("业委会状态", "业委会", "committee_status"),
           choice(COMMITTEE_STATUS_LABELS), choices=tuple(COMMITTEE_STATUS_LABELS), example="已成立"),
    Column("residents_committee_acting", ("以居代业", "residents_committee_acting"), yes_no,
           choices=("是", "否"), example="否"),
    Column("instructor_name", ("党建指导员", "instructor", "instructor_name"), text(40), example="王芳"),
    Column("note", ("备注", "note"), text(2000)),
), frozenset({"compound", "community", "street"}))

UNITS = Kind("units", "业主名册", (
    *COMPOUND_REF,
    Column("building", ("楼栋", "楼栋号", "栋", "楼号", "栋号", "楼座", "building"), text(20, False), True,
           example="1栋"),
    Column("room", ("房号", "房间号", "房屋号", "单元房号", "室号", "门牌号", "room"), text(20, False),
           True, example="1201"),
    Column("owner_name", ("业主", "业主姓名", "业主名称", "产权人", "产权人姓名", "权利人", "权利人姓名",
                          "所有权人", "房屋所有权人", "owner", "owner_name"), text(80),
           True, blank_when="developer_unsold", example="张伟"),
    Column("area_m2", ("建筑面积", "面积", "专有部分面积", "产权面积", "房屋面积", "实测面积", "area",
                       "area_m2"),
           area_of("units", "area_m2", high=Decimal(20_000)), True, example="89.37"),
    Column("phone", PHONE_HEADERS, phone, example="13800000000"),
    Column("developer_unsold", ("开发商未售", "未售", "开发商", "developer_unsold"), yes_no,
           choices=("是", "否"), example="否"),
    Column("owner_key", ("业主编号", "业主id", "owner_id", "owner_key"), text(60)),
    Column("is_party_member", ("是否党员", "党员", "party_member", "is_party_member"), yes_no,
           choices=("是", "否"), example="否"),
    Column("location", ("房屋坐落", "坐落", "房屋位置", "房产坐落", "location"), text(200)),
    # 楼栋 | 单元 | 房号 registers: the room is stored as 2单元301 (as 房屋坐落 gives it).
    Column("entrance", ("单元", "单元号", "entrance"), text(10)),
    Column("id_number", ID_HEADERS, withheld, stored=False),
), frozenset({"compound", "building", "room", "area_m2"}),
    stands_in=(("location", frozenset({"building", "room"})),))

PARTY_MEMBERS = Kind("party_members", "党员", (
    Column("name", ("姓名", "党员姓名", "name"), text(40), True, example="刘洋"),
    *COMPOUND_REF,
    Column("phone", PHONE_HEADERS, phone, example="13900000000"),
    Column("building", ("楼栋", "楼栋号", "栋", "楼号", "building"), text(20, False), example="2栋"),
    Column("room", ("房号", "房间号", "room"), text(20, False), example="301"),
    Column("branch", ("所在支部", "党支部", "支部", "branch"), text(80)),
    Column("found_via", ("双找", "双找方式", "发现方式", "found_via"), choice(FOUND_VIA_LABELS),
           choices=("党组织找党员", "党员找党组织"), example="党员找党组织"),
    Column("on_committee", ("业委会委员", "是否业委会委员", "交叉任职", "on_committee"), yes_no,
           choices=("是", "否"), example="否"),
    Column("works_for_property", ("物业从业", "是否物业从业人员", "works_for_property"), yes_no,
           choices=("是", "否"), example="否"),
    Column("id_number", ID_HEADERS, withheld, stored=False),
), frozenset({"name", "compound"}))

# Order matters: an owners' register also names a compound, so it is tried before compounds.
KINDS = (UNITS, PARTY_MEMBERS, COMPOUNDS)
KINDS_BY_NAME = {k.name: k for k in KINDS}
# Columns an export or an error report adds, and row counters: never reported as unknown.
IGNORED_HEADERS = {"序号", "编号", "no", "#", "", "原行号", "错误说明"}

LOCATION = re.compile(
    r"(?P<building>[A-Za-z0-9一二三四五六七八九十]+(?:栋|座|幢|号楼|楼))\s*"
    r"(?P<room>(?:\d+单元)?\s*[A-Za-z]?\d+[A-Za-z]?)(?:房|室|号)?$")


def split_location(value: str) -> tuple[str, str]:
    """'坂田街道第五园3栋1201房' → ('3栋', '1201'); CellError when no 栋/座 + room is found at the end."""
    raw = _digits(value).strip()
    found = LOCATION.search(raw)
    if found is None:
        raise CellError(Message("cell.location_unsplit", value=shown(value)))
    return found["building"], found["room"].replace(" ", "")


def room_in_entrance(entrance: str, room: str) -> str:
    """'2' + '301' → '2单元301' (a room number repeats in each 单元 of a building)."""
    entrance = entrance.removesuffix("单元")
    return room if room.startswith(f"{entrance}单元") else f"{entrance}单元{room}"


def normalise_header(value: Any) -> str:
    """'建筑面积（㎡）*' → '建筑面积': drop bracketed units, required-marks, spaces and case."""
    raw = _digits(cell_text(value))
    raw = re.sub(r"[(（\[【].*?[)）\]】]", "", raw)
    return re.sub(r"[\s*＊:：]", "", raw).lower()


def header_lookup(kind: Kind) -> dict[str, str]:
    by_header: dict[str, str] = {}
    for column in kind.columns:
        for name in column.headers:
            by_header.setdefault(normalise_header(name), column.field)
    return by_header


def map_headers(kind: Kind, header: Sequence[Any]) -> tuple[dict[str, int], list[str]]:
    """Column index per field for this kind, plus the headers it does not know."""
    by_header = header_lookup(kind)
    indexes: dict[str, int] = {}
    ignored: list[str] = []
    for index, value in enumerate(header):
        key = normalise_header(value)
        field = by_header.get(key)
        if field is None or field in indexes:
            if key not in IGNORED_HEADERS:
                ignored.append(cell_text(value))
            continue
        indexes[field] = index
    return indexes, ignored


def match_header(kind: Kind, header: Sequence[Any]) -> tuple[dict[str, int], list[str]] | None:
    """Column index per field for this kind, plus the headers it ignores; None if it doesn't fit."""
    indexes, ignored = map_headers(kind, header)
    if not kind.has_marks(indexes.keys()):
        return None
    return indexes, ignored


def expected_headers() -> str:
    """A short reminder of the headers each kind needs (used when none matched)."""
    parts = []
    for kind in KINDS:
        needed = "、".join(c.headers[0] for c in kind.columns if c.required)
        parts.append(f"{kind.label}：{needed}")
    return "；".join(parts)
