"""业主名册公示: the owners' register as the assembly will count it — each part with its room,
owner, area and a masked phone, the counting notes and the totals, the objection period and where
to object. Names are printed in full (normal on a Shenzhen 名册公示); phones are masked
(138****5678); ID numbers are never stored, so never printed.

Also the small register helpers the ballot and the assembly notice share (room, area, totals)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.register import DEVELOPER_KEY
from app.elections.tally import build_register
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.election_context import ElectionContext, load
from app.printing.gongwen import Doc
from app.printing.layout import LINE_PITCH, DocumentSpec, zh_date
from db.models import Unit

DEVELOPER_NAME = "建设单位（未售或未交付部分）"


def natural(value: str) -> tuple[tuple[int, int | str], ...]:
    """A sort key that orders 2栋 before 10栋 and 901 before 1001."""
    return tuple((0, int(part)) if part.isdigit() else (1, part)
                 for part in re.split(r"(\d+)", value) if part)


def room_of(building: str, room: str) -> str:
    """5 + 0101 → 5栋0101, A + 101 → A栋101; a named building (商铺, 3栋, 东区2座) keeps its name."""
    building = building.strip()
    if re.fullmatch(r"[0-9A-Za-z]+", building):
        building = f"{building}栋"
    return f"{building}{room.strip()}"


def area_text(value: Decimal | str) -> str:
    """An area to the hundredth with thousands separators: 1,107.25."""
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):,}"


def mask_phone(phone: str | None) -> str:
    """138****5678: a mobile keeps its first three and last four digits; a short number keeps its
    last two; nothing to show is a dash."""
    digits = "".join(ch for ch in (phone or "") if ch.isdigit())
    if not digits:
        return "—"
    if len(digits) == 13 and digits.startswith("86"):  # +86 before a mobile number
        digits = digits[2:]
    if len(digits) >= 8:  # 13812345678 → 138****5678; 075512345678 → 075*****5678
        return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"
    return "*" * max(len(digits) - 2, 2) + digits[-2:]


@dataclass(frozen=True)
class RegisterRow:
    room: str
    owner: str
    area: Decimal
    phone: str
    key: str  # the voter key (owner_key_of): parts of one owner share it


@dataclass(frozen=True)
class Totals:
    parts: int
    owners: int
    area: Decimal
    developer_parts: int
    several: int  # owners holding more than one part


def register_rows(session: Session, compound_id: str) -> list[RegisterRow]:
    """Every live part of the compound in building and room order (2栋 before 10栋)."""
    rows = session.execute(
        select(Unit.id, Unit.building, Unit.room, Unit.owner_name, Unit.owner_key, Unit.area_m2,
               Unit.developer_unsold, Unit.phone)
        .where(Unit.compound_id == compound_id, Unit.deleted_at.is_(None))
    ).all()
    out = []
    for unit_id, building, room, name, key, area, unsold, phone in sorted(
            rows, key=lambda r: (natural(r[1]), natural(r[2]))):
        voter = DEVELOPER_KEY if unsold else (key.strip() or f"unit:{unit_id}")
        out.append(RegisterRow(room_of(building, room), DEVELOPER_NAME if unsold else (name or "—"),
                               area, phone or "", voter))
    return out


def totals_of(rows: list[RegisterRow]) -> Totals:
    """Owners counted as the tally counts them (one buyer's parts together, the developer's unsold
    parts together), through the tally's own register so the paper and the count agree."""
    register = build_register(
        [(str(n), r.key, r.area, r.key == DEVELOPER_KEY) for n, r in enumerate(rows)], rt.rules())
    per_owner: dict[str, int] = {}
    for r in rows:
        per_owner[r.key] = per_owner.get(r.key, 0) + 1
    several = sum(1 for k, n in per_owner.items() if n > 1 and k != DEVELOPER_KEY)
    developer = per_owner.get(DEVELOPER_KEY, 0)
    return Totals(len(rows), register.total_owners, register.total_area, developer, several)


def totals_note(totals: Totals) -> str:
    """"（其中建设单位未售…合并计为1人；…）" or nothing when every part is its own owner."""
    notes = []
    if totals.developer_parts:
        notes.append(f"建设单位未售或未交付的专有部分{totals.developer_parts}个合并计为1人")
    if totals.several:
        notes.append(f"{totals.several}名业主各拥有两个以上专有部分，各计为1人")
    return f"（其中{'；'.join(notes)}）" if notes else ""


def counting_rules() -> list[tuple[str, str]]:
    """The counting notes as this meeting applies them (the rule file's flags; not cited), each
    as (what, how)."""
    c = rt.rules().counting
    parts = ["一个专有部分按一人计算"]
    if c.developer_unsold_one_owner:
        parts.append("建设单位尚未出售和虽已出售但尚未交付的部分合并按一人计算")
    if c.several_parts_one_owner:
        parts.append("同一业主拥有一个以上专有部分的按一人计算，其面积合并计算")
    if c.co_owners_one_owner:
        parts.append("一个专有部分有两个以上共有人的按一人计算")
    return [
        ("专有部分面积", "按不动产登记簿记载的面积计算；尚未登记的，按测绘机构的实测面积计算；"
                     "尚未实测的，按房屋买卖合同记载的面积计算。"),
        ("业主人数", "；".join(parts) + "。"),
    ]


def objection_until(ctx: ElectionContext, posted: date | None) -> date | None:
    """Objections to the register close the day before voting starts."""
    start = ctx.election.vote_start
    if start is None:
        return None
    if posted is not None and start <= posted:
        return None
    return start - timedelta(days=1)


def register_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    compound = ctx.place.compound
    rows = register_rows(session, compound.id)
    if not rows:
        raise NotReady(code="printing.no_register")
    totals = totals_of(rows)
    posted = e.assembly_notice_on
    doc = Doc(f"{compound.name}业主名册公示", kind="register-notice")
    doc.to("全体业主")
    what = "" if ctx.is_first else f"（{ctx.kind_name}）"
    doc.p(f"为召开{compound.name}{ctx.assembly_name}{what}，{ctx.organiser}根据业主名册和房屋权属资料，"
          "核对了本小区业主的房号、专有部分面积，确认业主身份和投票权数。现将业主名册予以公示，请各位业主核对本人信息。")
    doc.h1("名册统计")
    doc.p(f"业主大会会议表决时，业主人数和专有部分面积同时计算{rt.cite(rt.rules().quorum.origin)}。"
          f"本小区共有专有部分{totals.parts}个，专有部分总面积{area_text(totals.area)}平方米；"
          f"按本次会议计算规则，业主总人数为{totals.owners}人{totals_note(totals)}。")
    doc.h1("本次会议计算规则")
    for what, how in counting_rules():
        doc.h2(what, how)
    doc.h1("异议方式")
    until = objection_until(ctx, posted)
    period = (f"自公示之日起至{zh_date(until)}止" if until is not None
              else "自公示之日起至投票开始前一日止")
    also = ("" if ctx.standing_in or ctx.organiser == "居民委员会"
            else f"{ctx.place.community_name}居民委员会或")
    doc.p(f"公示期{period}。业主对本人或他人的房号、姓名、专有部分面积有异议的，请在公示期内持房屋"
          f"权属证明向{ctx.issuer}书面提出，也可向{also}{ctx.place.street_office}反映。"
          f"{ctx.organiser}核实后更正名册，并在投票前告知提出人。")
    doc.h1("业主名册")
    doc.table(["序号", "房号", "业主", "专有部分面积（平方米）", "联系电话"],
              [[n, r.room, r.owner, area_text(r.area), mask_phone(r.phone)]
               for n, r in enumerate(rows, 1)],
              numeric=(0, 3, 4), weights=(0.6, 1.2, 3, 1.2, 1))
    doc.flow(Spacer(1, LINE_PITCH * 0.3))
    doc.p("为保护业主个人信息，联系电话只显示前三位和后四位，名册不登载身份证件号码。")
    doc.closing("特此公示。")
    doc.sign(ctx.issuer, posted)
    if posted is None:
        doc.draft("尚未登记业主大会会议通知日期：名册随会议通知一同公示，登记通知日期后再打印")
    return doc.spec()


def rooms_by_unit(session: Session, unit_ids: list[str | None]) -> dict[str, str]:
    """Unit id → printed room (5栋0101) for the ids given."""
    wanted = [i for i in unit_ids if i]
    if not wanted:
        return {}
    found = session.execute(select(Unit.id, Unit.building, Unit.room).where(Unit.id.in_(wanted)))
    return {unit_id: room_of(building, room) for unit_id, building, room in found}
