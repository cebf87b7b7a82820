"""What each importable kind of sheet holds: its columns, the headers accepted for them (Chinese and
English), and how a cell becomes a value. The kind of a sheet is recognised from its header row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from db.domains import RANGES, bounded_decimal, clean_text
from db.models.geo import COMMITTEE_STATUSES, LIFECYCLE_STAGES


class CellError(ValueError):
    """A cell whose content does not fit its column; the message says what was expected."""


Parser = Callable[[Any], Any]


def cell_text(value: Any) -> str:
    """A cell as trimmed text; whole numbers typed into Excel (room 1201 → 1201.0) lose the '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    text = str(value).strip()
    return text if text.isprintable() else clean_text(text).strip()  # headers reach the terminal


def text(max_length: int) -> Parser:
    def parse(value: Any) -> str:
        result = value.strip() if value.__class__ is str else cell_text(value)
        if len(result) > max_length:
            raise CellError(f"longer than {max_length} characters")
        return result
    return parse


def _shown(raw: str) -> str:
    return repr(raw if len(raw) <= 40 else raw[:37] + "…")


def whole_number(value: Any) -> int:
    raw = cell_text(value).replace(",", "")
    if not re.fullmatch(r"\d{1,12}", raw):  # 12 digits: far beyond any count, and int() stays cheap
        raise CellError(f"{_shown(raw)} is not a whole number")
    return int(raw)


def count_of(table: str, column: str) -> Parser:
    """A whole number within the column's plausible range (db.domains.RANGES)."""
    low, high = RANGES[(table, column)]

    def parse(value: Any) -> int:
        number = whole_number(value)
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(f"{number} 超出合理范围（{low}–{high}）")
        return number
    return parse


PLAIN_AREA = re.compile(r"\d{1,9}(?:\.\d{1,4})?")  # no sign, no exponent, at most 4 decimals


def area(value: Any) -> Decimal:
    """A floor area in m²: exact decimal, non-negative, at most 4 decimal places."""
    if isinstance(value, bool):
        raise CellError("expected a number")
    if value.__class__ is float and not value.is_integer():
        raw = repr(value)  # the shortest text giving this float, as cell_text would show it
    else:
        raw = cell_text(value).replace(",", "").removesuffix("㎡").removesuffix("m²").strip()
    if PLAIN_AREA.fullmatch(raw):  # "88.37", the common case: nothing more to check
        return Decimal(raw)
    try:  # digits and exponent are bounded before the value is ever written out
        number = bounded_decimal(raw, "area")
    except ValueError:
        try:
            parsed = Decimal(raw) if len(raw) <= 64 else None
        except InvalidOperation:
            raise CellError(f"{_shown(raw)} is not a number") from None
        if parsed is not None and not parsed.is_finite():
            raise CellError(f"{_shown(raw)} is not a non-negative number") from None
        raise CellError(f"{_shown(raw)} 位数过多或数量级不合理（最多 30 位有效数字）") from None
    if number < 0:
        raise CellError(f"{_shown(raw)} is not a non-negative number")
    if number.as_tuple().exponent < -4:  # type: ignore[operator]
        raise CellError(f"{_shown(raw)} has more than 4 decimal places")
    return number


def area_of(table: str, column: str) -> Parser:
    """A floor area within the column's plausible range (db.domains.RANGES)."""
    low, high = RANGES[(table, column)]

    def parse(value: Any) -> Decimal:
        number = area(value)
        if number == 0 and low is not None and low > 0:
            raise CellError("an area of 0 is not allowed")
        if (low is not None and number < low) or (high is not None and number > high):
            raise CellError(f"{_shown(str(value))} 超出合理范围（{format(Decimal(low or 0), 'f')}–"
                            f"{format(Decimal(high), 'f') if high is not None else '∞'} ㎡）")
        return number
    return parse


TRUE_WORDS = {"是", "y", "yes", "true", "1", "√", "✓", "有", "党员"}
FALSE_WORDS = {"否", "n", "no", "false", "0", "", "无", "×", "非党员"}


SHOWN_CHARACTERS = 40


def shown(text: str) -> str:
    """A cell quoted in a message: at most 40 characters, so a 64 MB cell is never copied into
    hundreds of messages (a file can repeat one huge shared string in every row)."""
    if len(text) <= SHOWN_CHARACTERS:
        return repr(text)
    return repr(text[:SHOWN_CHARACTERS]) + f"…（共 {len(text)} 字）"


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = (value.strip() if value.__class__ is str else cell_text(value)).lower()
    if raw in TRUE_WORDS:
        return True
    if raw in FALSE_WORDS:
        return False
    raise CellError(f"{shown(raw)} is not 是 or 否")


def a_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = cell_text(value).replace("/", "-").replace(".", "-")
    if not raw:
        return None
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", raw) or re.fullmatch(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", raw)
    try:
        if match is None:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise CellError(f"{shown(raw)} is not a date like 2024-03-01") from None


def choice(options: dict[str, str]) -> Parser:
    """Accepts any key or value of `options` (label → stored value)."""
    lookup = {k.lower(): v for k, v in options.items()} | {v.lower(): v for v in options.values()}

    def parse(value: Any) -> str:
        raw = cell_text(value)
        try:
            return lookup[raw.lower()]
        except KeyError:
            allowed = "、".join(dict.fromkeys(options))
            raise CellError(f"{shown(raw)} is not one of {allowed}") from None
    return parse


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


@dataclass(frozen=True)
class Kind:
    """A kind of sheet. `marks`: fields whose presence identifies it (checked in KINDS order)."""

    name: str
    label: str
    columns: tuple[Column, ...]
    marks: frozenset[str]

    def column(self, field: str) -> Column:
        return next(c for c in self.columns if c.field == field)


COMPOUND_REF = (
    Column("compound", ("小区名称", "小区", "小区名", "compound", "compound_name"), text(80), True),
    Column("community", ("社区", "所属社区", "社区名称", "community"), text(60)),
    Column("street", ("街道", "所属街道", "街道办", "street"), text(40)),
)

COMPOUNDS = Kind("compounds", "小区", (
    COMPOUND_REF[0],
    Column("community", COMPOUND_REF[1].headers, text(60), True),
    Column("street", COMPOUND_REF[2].headers, text(40), True),
    Column("address", ("地址", "小区地址", "address"), text(160)),
    Column("lifecycle_stage", ("生命周期", "生命周期阶段", "lifecycle_stage", "stage"),
           choice({s: s for s in LIFECYCLE_STAGES})),
    Column("households", ("户数", "总户数", "households"), count_of("compounds", "households")),
    Column("building_area_m2", ("总建筑面积", "建筑面积", "面积", "building_area", "building_area_m2",
                                "area", "area_m2"), area_of("compounds", "building_area_m2")),
    Column("property_company", ("物业企业", "物业公司", "物业服务企业", "property_company"), text(120)),
    Column("delivered_on", ("交付日期", "交付时间", "delivered_on"), a_date),
    Column("committee_status", ("业委会状态", "业委会", "committee_status"),
           choice(COMMITTEE_STATUS_LABELS)),
    Column("residents_committee_acting", ("以居代业", "residents_committee_acting"), yes_no),
    Column("instructor_name", ("党建指导员", "instructor", "instructor_name"), text(40)),
    Column("note", ("备注", "note"), text(2000)),
), frozenset({"compound", "community", "street"}))

UNITS = Kind("units", "业主名册", (
    *COMPOUND_REF,
    Column("building", ("楼栋", "楼栋号", "栋", "楼号", "building"), text(20), True),
    Column("room", ("房号", "房间号", "房屋号", "单元房号", "room"), text(20), True),
    Column("owner_name", ("业主", "业主姓名", "业主名称", "产权人", "owner", "owner_name"), text(80),
           True, blank_when="developer_unsold"),
    Column("area_m2", ("建筑面积", "面积", "专有部分面积", "产权面积", "area", "area_m2"),
           area_of("units", "area_m2"), True),
    Column("phone", ("联系电话", "电话", "手机", "手机号", "phone"), text(30)),
    Column("developer_unsold", ("开发商未售", "未售", "开发商", "developer_unsold"), yes_no),
    Column("owner_key", ("业主编号", "业主id", "owner_id", "owner_key"), text(60)),
    Column("is_party_member", ("是否党员", "党员", "party_member", "is_party_member"), yes_no),
), frozenset({"compound", "building", "room", "area_m2"}))

PARTY_MEMBERS = Kind("party_members", "党员", (
    Column("name", ("姓名", "党员姓名", "name"), text(40), True),
    *COMPOUND_REF,
    Column("phone", ("联系电话", "电话", "手机", "手机号", "phone"), text(30)),
    Column("building", ("楼栋", "楼栋号", "栋", "楼号", "building"), text(20)),
    Column("room", ("房号", "房间号", "room"), text(20)),
    Column("branch", ("所在支部", "党支部", "支部", "branch"), text(80)),
    Column("found_via", ("双找", "双找方式", "发现方式", "found_via"), choice(FOUND_VIA_LABELS)),
    Column("on_committee", ("业委会委员", "是否业委会委员", "交叉任职", "on_committee"), yes_no),
    Column("works_for_property", ("物业从业", "是否物业从业人员", "works_for_property"), yes_no),
), frozenset({"name", "compound"}))

# Order matters: an owners' register also names a compound, so it is tried before compounds.
KINDS = (UNITS, PARTY_MEMBERS, COMPOUNDS)
IGNORED_HEADERS = {"序号", "编号", "no", "#", ""}


def normalise_header(value: Any) -> str:
    """'建筑面积（㎡）*' → '建筑面积': drop bracketed units, required-marks, spaces and case."""
    raw = cell_text(value)
    raw = re.sub(r"[(（\[【].*?[)）\]】]", "", raw)
    return re.sub(r"[\s*＊:：]", "", raw).lower()


def match_header(kind: Kind, header: Sequence[Any]) -> tuple[dict[str, int], list[str]] | None:
    """Column index per field for this kind, plus the headers it ignores; None if it doesn't fit."""
    by_header: dict[str, str] = {}
    for column in kind.columns:
        for name in column.headers:
            by_header.setdefault(normalise_header(name), column.field)
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
    if not kind.marks <= indexes.keys():
        return None
    return indexes, ignored


def expected_headers() -> str:
    """A short reminder of the headers each kind needs (used when none matched)."""
    parts = []
    for kind in KINDS:
        needed = "、".join(c.headers[0] for c in kind.columns if c.required)
        parts.append(f"{kind.label}: {needed}")
    return "; ".join(parts)
