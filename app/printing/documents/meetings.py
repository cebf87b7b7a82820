"""Meeting papers (sign-in sheet, minutes) and the answer notice of an agenda item (回音告知)."""

from __future__ import annotations

from datetime import date

from reportlab.platypus import Spacer
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.agenda_rules import load_rules as agenda_rules
from app.owners_votes.agenda_matters import owners_matter
from app.printing.data import (
    NotReady,
    Place,
    branch_names,
    get_live,
    local_time,
    place_of,
    zh_datetime,
)
from app.printing.layout import (
    DocumentSpec,
    Signature,
    heading,
    para,
    sentence,
    styles,
    table,
    zh_date,
)
from app.standing_in import has_committee
from db.jsontext import read_json_text
from db.models import AgendaItem, Meeting, MeetingAttendance, MeetingItem

# The rule every 听、议、定 paper rests on.
PARTY_LEADS = "《深圳经济特区物业管理条例》第五条（业主大会、业主委员会、物业服务企业在社区党委领导下开展工作）"
BLANK_ROWS = 8  # empty lines on a sign-in sheet for people who come without being listed


def _attendance(session: Session, meeting_id: str) -> list[MeetingAttendance]:
    return list(session.scalars(
        select(MeetingAttendance).where(MeetingAttendance.meeting_id == meeting_id,
                                        MeetingAttendance.deleted_at.is_(None))
        .order_by(MeetingAttendance.role, MeetingAttendance.name)
    ))


def _meeting_title(meeting: Meeting, compound_name: str) -> str:
    kind = agenda_rules().meeting_kinds.get(meeting.kind, "会议")
    return meeting.title or f"{compound_name}{kind}"


def signin_sheet(session: Session, meeting_id: str) -> DocumentSpec:
    meeting = get_live(session, Meeting, meeting_id, "meeting")
    place = place_of(session, meeting.compound_id)
    roles = agenda_rules().roles
    people = _attendance(session, meeting_id)
    rows: list[list[object]] = [
        [n, p.name, roles.get(p.role, p.role), "", ""] for n, p in enumerate(people, 1)
    ]
    rows += [[len(rows) + k + 1, "", "", "", ""] for k in range(BLANK_ROWS)]
    story = [
        para(f"会议时间：{zh_datetime(meeting.held_at)}", styles().plain),
        para(f"会议地点：{meeting.place or '—'}", styles().plain),
        para(f"会议类型：{agenda_rules().meeting_kinds.get(meeting.kind, meeting.kind)}", styles().plain),
        table(["序号", "姓名", "身份", "联系电话", "本人签名"], rows, [1, 2.2, 2.5, 2.8, 3],
              row_height=26),
        para(f"依据：{PARTY_LEADS}。", styles().small),
    ]
    return DocumentSpec(
        title=f"{_meeting_title(meeting, place.compound.name)}签到表", story=story,
        signature=Signature(place.party_committee, local_time(meeting.held_at).date()),
        subject="signin-sheet",
    )


def _positions(raw: str) -> str:
    positions = read_json_text(raw, dict) or {}
    roles = agenda_rules().roles
    return "；".join(f"{roles.get(k, k)}：{v}" for k, v in positions.items()
                    if isinstance(v, str) and v)


def minutes(session: Session, meeting_id: str) -> DocumentSpec:
    meeting = get_live(session, Meeting, meeting_id, "meeting")
    place = place_of(session, meeting.compound_id)
    if meeting.status == "planned":
        raise NotReady(f"meeting {meeting_id}: not held yet, so there are no minutes")
    roles = agenda_rules().roles
    people = _attendance(session, meeting_id)
    present = [p for p in people if p.signed_in] or people
    by_role: dict[str, list[str]] = {}
    for p in present:
        by_role.setdefault(roles.get(p.role, p.role), []).append(p.name)
    items = session.execute(
        select(MeetingItem, AgendaItem)
        .join(AgendaItem, AgendaItem.id == MeetingItem.agenda_item_id)
        .where(MeetingItem.meeting_id == meeting_id, MeetingItem.deleted_at.is_(None))
        .order_by(MeetingItem.sort_order)
    ).all()
    story = [
        para(f"时间：{zh_datetime(meeting.held_at)}", styles().plain),
        para(f"地点：{meeting.place or '—'}", styles().plain),
        para("出席：" + ("；".join(f"{role}　{'、'.join(names)}" for role, names in by_role.items())
                       or "（未登记）"), styles().plain),
        heading("一、会议概况"),
        para(sentence(meeting.minutes or "会议按照“听、议、定”程序，听取居民诉求，三方共同商议并议定如下事项")
             + f"会议依据{PARTY_LEADS}召开。"),
        heading("二、议定事项"),
    ]
    if not items:
        story.append(para("本次会议未形成议定事项。"))
    for n, (mi, item) in enumerate(items, 1):
        story.append(para(f"（{n}）{item.title}", styles().heading))
        positions = _positions(mi.positions_json)
        if positions:
            story.append(para(f"各方意见：{positions}。"))
        decision = mi.decision or item.decision or "待定"
        owner = mi.responsible_party or item.responsible_party or "—"
        deadline = mi.deadline or item.deadline
        story.append(para(f"议定：{sentence(decision)}责任方：{owner}；完成时限：{zh_date(deadline) if deadline else '—'}。"))
    story.append(Spacer(1, 12))
    story.append(para("记录人：__________　　主持人：__________", styles().plain))
    story.append(para("参会各方确认签名见会议签到表。", styles().plain))
    return DocumentSpec(
        title=f"{_meeting_title(meeting, place.compound.name)}纪要", story=story,
        signature=Signature(place.party_committee, local_time(meeting.held_at).date()),
        subject="minutes",
    )


def _mask(name: str) -> str:
    """A resident's name on a public notice: surname and asterisks (张**)."""
    name = name.strip()
    return name[:1] + "*" * max(1, len(name) - 1) if name else "居民"


def seat_of_committee(place: Place) -> str:
    """Who sat in the owners' committee's place: the committee, or (以居代业) the residents'
    committee of the community — never a 业主委员会 the compound does not have."""
    if has_committee(place.compound):
        return "业主委员会"
    acting = "（以居代业）" if place.compound.residents_committee_acting else ""
    return f"{place.community_name}居民委员会{acting}"


def _how_decided(session: Session, item: AgendaItem, place: Place) -> str:
    """An owners' matter was decided by the owners' vote (Civil Code Art. 278), the rest by
    the parties at the table."""
    from app.owners_votes.agenda_matters import deciding_vote
    from app.rules import load_rules

    vote = deciding_vote(session, item, load_rules()) if owners_matter(item.category) else None
    if vote is not None:
        held = f"于{zh_date(vote.held_on)}" if vote.held_on else ""
        return (f"本事项属业主共同决定事项，经业主{held}依法表决通过（参与表决 {vote.voted_owners} 人、"
                f"{vote.voted_area_m2} m²，同意 {vote.yes_owners} 人、{vote.yes_area_m2} m²），")
    return f"按照“听、议、定”工作机制，小区党支部、{seat_of_committee(place)}、物业服务企业共同商议，"


def answer_notice(session: Session, item_id: str) -> DocumentSpec:
    item = get_live(session, AgendaItem, item_id, "agenda item")
    if not item.answer.strip():
        raise NotReady(f"agenda item {item_id}: no answer recorded yet (stage {item.stage})")
    place = place_of(session, item.compound_id)
    rules = agenda_rules()
    branches = branch_names(session, item.compound_id)
    issuer = branches[0] if branches else place.party_committee
    method = rules.answer_methods.get(item.answer_method, item.answer_method) or "公告栏张贴"
    story = [
        para(f"尊敬的{place.compound.name}居民："),
        para(
            f"{zh_date(item.raised_on)}，居民{_mask(item.raised_by)}通过"
            f"{rules.sources.get(item.source, item.source)}反映“{item.title}”"
            f"（{rules.categories.get(item.category, item.category)}类）。"
            f"{sentence(item.description) if item.description.strip() else ''}"
        ),
        para(
            f"{_how_decided(session, item, place)}议定："
            f"{sentence(item.decision or '待定')}责任方：{item.responsible_party or '—'}；"
            f"完成时限：{zh_date(item.deadline) if item.deadline else '—'}。"
        ),
        para(f"办理结果：{sentence(item.answer)}"),
        para(f"回音方式：{method}；回音日期：{zh_date(item.answered_on)}。"),
        para(f"本事项依据{PARTY_LEADS}办理。如对办理结果有意见，请向{issuer}或"
             f"{place.street_office}反映。感谢您对小区治理工作的关心和支持！"),
    ]
    return DocumentSpec(
        title=f"关于“{item.title}”的回音告知", story=story,
        signature=Signature(issuer, item.answered_on or date.today()),
        subject="answer-notice",
    )
