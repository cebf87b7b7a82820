"""Meeting papers: the sign-in sheet and the minutes (会议纪要). Minutes are final only for a
meeting that has ended; an item a meeting did not decide says so in words ("会议未作决定…"),
never "议定：待定". The parties are named as documents/parties.py says (以居代业). The answer
notice lives in documents/answer.py (re-exported here for the KIND "meetings:answer_notice").
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda_rules import load_rules as agenda_rules
from app.printing.data import Place, branch_names, get_live, local_time, place_of
from app.printing.documents.answer import answer_notice
from app.printing.documents.parties import (
    PARTY_LEADS,
    party_text,
    seat_of_committee,
    table_roles,
)
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec, para, sentence, styles, text, zh_date
from app.standing_in import has_committee
from db.jsontext import read_json_text
from db.models import AgendaItem, Meeting, MeetingAttendance, MeetingItem
from db.types import utcnow

BLANK_ROWS = 4  # empty lines on a sign-in sheet for people who come without being listed
SHEET_ROWS = 11  # rows of a one-page sign-in sheet (listed and blank)


def zh_moment(moment: datetime) -> str:
    """A meeting's time as a notice writes it: 2026年8月27日14:00 (local time)."""
    local = local_time(moment)
    return f"{zh_date(local.date())}{local.hour}:{local.minute:02d}"


def _attendance(session: Session, meeting_id: str) -> list[MeetingAttendance]:
    return list(session.scalars(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id,
                                        MeetingAttendance.deleted_at.is_(None))
        .order_by(MeetingAttendance.role, MeetingAttendance.name)
    ))


def _meeting_kind(meeting: Meeting) -> str:
    return agenda_rules().meeting_kinds.get(meeting.kind, "会议")


def _meeting_title(meeting: Meeting, compound_name: str) -> str:
    return meeting.title.strip() or f"{compound_name}{_meeting_kind(meeting)}"


def _convener(session: Session, meeting: Meeting, place: Place) -> str:
    """Who convenes (and seals the papers of) the meeting: a branch meeting its party branch,
    the owners' assembly its committee (or who sits in its seat), the rest the community party
    committee, which leads 听、议、定 (Shenzhen regulations Art. 5)."""
    if meeting.kind == "branch":
        branches = branch_names(session, place.compound.id)
        return branches[0] if branches else place.party_committee
    if meeting.kind == "assembly" and has_committee(place.compound):
        return f"{place.compound.name}业主委员会"
    return place.party_committee


def signin_sheet(session: Session, meeting_id: str) -> DocumentSpec:
    meeting = get_live(session, Meeting, meeting_id, "meeting")
    place = place_of(session, meeting.compound_id)
    roles = table_roles(place)
    people = _attendance(session, meeting_id)
    rows: list[list[object]] = [
        [n, p.name, roles.get(p.role, p.role), "", ""] for n, p in enumerate(people, 1)
    ]
    # blank lines for people who come unlisted: at least BLANK_ROWS, the page filled to SHEET_ROWS
    blank = max(BLANK_ROWS, SHEET_ROWS - len(rows))
    rows += [[len(rows) + k + 1, "", "", "", ""] for k in range(blank)]
    doc = Doc(title=f"{_meeting_title(meeting, place.compound.name)}签到表", kind="signin-sheet")
    doc.form([
        ("会议名称", _meeting_title(meeting, place.compound.name)),
        ("会议类型", _meeting_kind(meeting)),
        ("会议时间", zh_moment(meeting.held_at)),
        ("会议地点", meeting.place.strip() or "—"),
    ])
    doc.flow(Spacer(1, 6))
    doc.table(["序号", "姓名", "单位或身份", "联系电话", "本人签名"], rows,
              weights=(0, 2, 2, 2, 3), row_height=26)
    doc.flow(para(f"会议依据{PARTY_LEADS}召开，由社区党委领导，小区党组织牵头。", styles().small))
    doc.sign(issuer=_convener(session, meeting, place),
             on=local_time(meeting.held_at).date(), seal=False)
    return doc.spec()


def _positions(raw: str, roles: dict[str, str]) -> str:
    positions = read_json_text(raw, dict) or {}
    return "；".join(f"{roles.get(k, k)}：{v.strip().rstrip('。；')}" for k, v in positions.items()
                    if isinstance(v, str) and v.strip())


def _not_held(meeting: Meeting) -> str | None:
    """Why there can be no final minutes yet (None once the meeting has ended)."""
    held = zh_moment(meeting.held_at)
    if meeting.status == "planned" and meeting.held_at > utcnow():
        return f"会议尚未召开（计划于{held}召开），纪要须在会议结束后定稿"
    if meeting.status == "planned":
        return f"会议（原定于{held}）尚未登记为已召开，纪要须在会议结束后定稿"
    if meeting.status == "open":
        return "会议正在进行，尚未结束，纪要须在会议结束后定稿"
    return None


def minutes(session: Session, meeting_id: str) -> DocumentSpec:
    meeting = get_live(session, Meeting, meeting_id, "meeting")
    place = place_of(session, meeting.compound_id)
    roles = table_roles(place)
    people = _attendance(session, meeting_id)
    present = [p for p in people if p.signed_in] or people
    absent = [p for p in people if not p.signed_in] if any(p.signed_in for p in people) else []
    items = session.execute(
        select(MeetingItem, AgendaItem)
        .join(AgendaItem, AgendaItem.id == MeetingItem.agenda_item_id)
        .where(MeetingItem.meeting_id == meeting_id, MeetingItem.deleted_at.is_(None),
               AgendaItem.deleted_at.is_(None))
        .order_by(MeetingItem.sort_order, MeetingItem.id)
    ).all()
    title = _meeting_title(meeting, place.compound.name)
    doc = Doc(title=f"{title}纪要", kind="minutes")
    reason = _not_held(meeting)
    if reason:
        doc.draft(reason)

    where = f"在{meeting.place.strip()}" if meeting.place.strip() else ""
    convener = _convener(session, meeting, place)
    summary = meeting.minutes.strip()
    if meeting.status == "planned":  # say what is planned, never that it was held or heard
        doc.p(f"{convener}拟于{zh_moment(meeting.held_at)}{where}召开{title}。会议将依据{PARTY_LEADS}，"
              "按照“听、议、定”工作机制，听取居民诉求，由各方共同商议。")
    else:
        # who chaired and who kept the record are not stored: blanks for the pen, unless the
        # summary says
        chair = "" if "主持" in summary else "会议由__________主持，__________记录。"
        doc.p(f"{zh_moment(meeting.started_at or meeting.held_at)}，{convener}{where}召开{title}。会议依据{PARTY_LEADS}，"
              "按照“听、议、定”工作机制，听取居民诉求，由各方共同商议。"
              + (sentence(summary) if summary else "") + chair)
    if reason:  # not held yet: what is on the table, nothing said as decided
        doc.p("现将会议议题列明如下：" if items else "会议议题尚未确定。")
    else:
        doc.p("现将会议议定事项纪要如下：" if items else "本次会议未形成议定事项。")
    for mi, item in items:
        # 一、the item; （一）（二）（三）what each party said, what was decided, who does it by when
        doc.h1(item.title)
        positions = _positions(mi.positions_json, roles)
        if positions:
            doc.h2("各方意见", f"{positions}。")
        decision = (mi.decision or item.decision).strip()
        if not decision:
            doc.h2("会议议定", "待会议商议。" if reason else "会议未作决定，事项转下次会议继续商议。")
            continue
        doc.h2("会议议定", sentence(decision))
        owner = party_text(mi.responsible_party or item.responsible_party, place)
        deadline = mi.deadline or item.deadline
        if owner and deadline:
            doc.h2("责任单位和完成时限", f"由{owner}负责，{zh_date(deadline)}前完成。")
        elif owner:
            doc.h2("责任单位", f"{owner}。")
        elif deadline:
            doc.h2("完成时限", f"{zh_date(deadline)}前。")
    # 纪要: the names one line under the body; the last of them stays with the 落款
    doc.flow(Spacer(1, styles().body.leading))
    if reason:
        lines = _attendance_lines("拟出席", people, roles)
    else:
        lines = _attendance_lines("出席", present, roles) + _attendance_lines("缺席", absent, roles)
    for line in lines:
        doc.flow(line)
    held = meeting.started_at or meeting.held_at  # when it was opened, once it was
    doc.sign(issuer=convener, on=None if reason else local_time(held).date(), seal=True)
    return doc.spec()


def _attendance_lines(label: str, people: list[MeetingAttendance],
                      roles: dict[str, str]) -> list[Flowable]:
    """GB/T 9704 纪要: "出席：" in 黑体 under the body, names in 仿宋, lines aligned after the
    colon; people grouped by the party they sat for."""
    if not people:
        return []
    by_role: dict[str, list[str]] = {}
    for p in people:
        by_role.setdefault(roles.get(p.role, p.role), []).append(p.name)
    # one party a line, so a line never ends inside a person's name
    names = "<br/>".join(text(f"{role}\u3000{'、'.join(who)}") for role, who in by_role.items())
    st = styles()
    hang = (len(label) + 1) * st.body.fontSize
    style = ParagraphStyle("attendance", parent=st.plain, leftIndent=2 * st.body.fontSize + hang,
                           firstLineIndent=-hang)
    return [para(f'<font name="{st.heading.fontName}">{label}：</font>{names}', style,
                 markup=True)]


__all__ = ["answer_notice", "minutes", "seat_of_committee", "signin_sheet"]
