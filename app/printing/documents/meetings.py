"""Meeting papers (sign-in sheet, minutes) and the answer notice of an agenda item (回音告知).

Whoever sits in the owners' committee's seat is named as app.standing_in says: a compound without
a committee has the residents' committee (以居代业) at the table and on paper, never a 业主委员会
that does not exist. Minutes are final only for a meeting that has ended; an item a meeting did
not decide says so in words ("会议未作决定…"), never "议定：待定".
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Spacer
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
)
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec, para, sentence, styles, text, zh_date
from app.standing_in import COMMITTEE_ROLE, committee_name, has_committee, roles_for
from db.jsontext import read_json_text
from db.models import AgendaItem, Meeting, MeetingAttendance, MeetingItem
from db.types import utcnow

# The rule every 听、议、定 paper rests on.
PARTY_LEADS = "《深圳经济特区物业管理条例》第五条"
BLANK_ROWS = 4  # empty lines on a sign-in sheet for people who come without being listed
SHEET_ROWS = 11  # rows of a one-page sign-in sheet (listed and blank)
COMMITTEE_WORDS = ("业主委员会", "业委会")


def zh_moment(moment: datetime) -> str:
    """A meeting's time as a notice writes it: 2026年8月27日14:00 (local time)."""
    local = local_time(moment)
    return f"{zh_date(local.date())}{local.hour}:{local.minute:02d}"


def _roles(place: Place) -> dict[str, str]:
    """The parties as this compound has them (以居代业: the residents' committee in the
    committee's seat), plus the stored keys of every role so old rows still read."""
    rules = agenda_rules().roles
    return {**rules, **roles_for(place.compound, rules),
            **({} if has_committee(place.compound) else
               {COMMITTEE_ROLE: committee_name(place.compound)})}


def seat_of_committee(place: Place) -> str:
    """Who sits in the owners' committee's place, named in full for a notice: the committee,
    or (以居代业) the community's residents' committee — never a 业主委员会 the compound lacks."""
    if has_committee(place.compound):
        return "业主委员会"
    acting = "（以居代业）" if place.compound.residents_committee_acting else ""
    return f"{place.community_name}居民委员会{acting}"


def party_text(value: str, place: Place) -> str:
    """A responsible party as typed, with a committee the compound does not have replaced by
    who sits in its seat (a colleague may have typed 业主委员会 before the committee ended)."""
    value = value.strip()
    if not value or has_committee(place.compound):
        return value
    seat = f"{place.community_name}居民委员会"
    for word in COMMITTEE_WORDS:
        value = value.replace(word, seat)
    return value


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
    roles = _roles(place)
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
    return "；".join(f"{roles.get(k, k)}：{v.strip()}" for k, v in positions.items()
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
    roles = _roles(place)
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
    opening = (f"{zh_moment(meeting.held_at)}，{_convener(session, meeting, place)}{where}召开"
               f"{title}。会议依据{PARTY_LEADS}，按照“听、议、定”工作机制，听取居民诉求，"
               "由各方共同商议。")
    summary = meeting.minutes.strip()
    # who chaired and who kept the record are not stored: blanks for the pen, unless the summary says
    chair = "" if "主持" in summary else "会议由__________主持，__________记录。"
    doc.p(opening + (sentence(summary) if summary else "") + chair)
    if reason:  # not held yet: what is on the table, nothing said as decided
        doc.p("现将会议议题列明如下：" if items else "会议议题尚未确定。")
    else:
        doc.p("现将会议议定事项纪要如下：" if items else "本次会议未形成议定事项。")
    for mi, item in items:
        doc.h1(item.title)
        positions = _positions(mi.positions_json, roles)
        if positions:
            doc.p(f"各方意见：{positions}。")
        decision = (mi.decision or item.decision).strip()
        if not decision:
            doc.p("待会议商议。" if reason else "会议未作决定，事项转下次会议继续商议。")
            continue
        owner = party_text(mi.responsible_party or item.responsible_party, place)
        deadline = mi.deadline or item.deadline
        doc.p(f"会议议定：{sentence(decision)}")
        if owner or deadline:
            doc.p("；".join(filter(None, [
                f"责任单位：{owner}" if owner else "",
                f"完成时限：{zh_date(deadline)}前" if deadline else "",
            ])) + "。")
    # 纪要: the names one line under the body; the last of them stays with the 落款
    doc.flow(Spacer(1, styles().body.leading))
    if reason:
        lines = _attendance_lines("拟出席", people, roles)
    else:
        lines = _attendance_lines("出席", present, roles) + _attendance_lines("缺席", absent, roles)
    for line in lines:
        doc.flow(line)
    doc.sign(issuer=_convener(session, meeting, place),
             on=local_time(meeting.held_at).date(), seal=True)
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


# --- the answer notice (回音告知) ----------------------------------------------------------


def _mask(name: str) -> str:
    """A resident's name on a public notice as notices write it: the surname and 某 (张某)."""
    name = name.strip()
    return f"{name[:1]}某" if name else ""


def _how_decided(session: Session, item: AgendaItem, place: Place) -> str:
    """An owners' matter was decided by the owners' vote (Civil Code Art. 278), the rest by
    the parties at the table."""
    from app.owners_votes.agenda_matters import deciding_vote
    from app.rules import load_rules

    vote = deciding_vote(session, item, load_rules()) if owners_matter(item.category) else None
    if vote is not None:
        held = f"于{zh_date(vote.held_on)}" if vote.held_on else ""
        return (f"本事项属业主共同决定事项，经业主{held}依法表决通过（参与表决 {vote.voted_owners} 人、"
                f"{vote.voted_area_m2} m²，同意 {vote.yes_owners} 人、{vote.yes_area_m2} m²）")
    parties = "、".join(filter(None, [
        "小区党组织", seat_of_committee(place), "物业服务企业"]))
    return f"按照“听、议、定”工作机制，{parties}共同商议"


def _issuer(session: Session, item: AgendaItem, place: Place) -> str:
    """The party branch covering the compound answers; else the community party committee."""
    branches = branch_names(session, item.compound_id)
    return branches[0] if branches else place.party_committee


def answer_notice(session: Session, item_id: str) -> DocumentSpec:
    item = get_live(session, AgendaItem, item_id, "agenda item")
    answer = (item.answer or item.referred_answer).strip()
    if not answer:
        raise NotReady(f"agenda item {item_id}: no answer recorded yet (stage {item.stage})")
    place = place_of(session, item.compound_id)
    rules = agenda_rules()
    issuer = _issuer(session, item, place)
    doc = Doc(title=f"关于“{item.title}”办理情况的回音告知", kind="answer-notice")
    doc.to(f"{place.compound.name}各位居民")

    who = _mask(item.raised_by)
    source = rules.sources.get(item.source, item.source)
    category = rules.categories.get(item.category, item.category)
    raised = (f"{zh_date(item.raised_on)}，" + (f"居民{who}" if who else "有居民")
              + (f"通过{source}" if source else "") + f"反映“{item.title}”（{category}类）。")
    description = item.description.strip()
    doc.p(raised + (sentence(description) if description else ""))

    decision = item.decision.strip()
    owner = party_text(item.responsible_party, place)
    if decision:
        tail = "；".join(filter(None, [
            f"责任单位为{owner}" if owner else "",
            f"完成时限为{zh_date(item.deadline)}前" if item.deadline else "",
        ]))
        doc.p(f"{_how_decided(session, item, place)}，议定：{sentence(decision)}"
              + (f"{tail}。" if tail else ""))
    elif item.referred_to.strip():
        doc.p(f"本事项需由{item.referred_to.strip()}办理，已按照“吹哨报到”机制转交办理。")
    else:
        doc.p("本事项经核实后直接办理。")

    doc.p(f"办理结果：{sentence(answer)}")
    if item.stage == "doing":
        doc.draft("居民对办理结果仍有意见，事项已退回继续办理，须重新回音后定稿")
    elif item.stage not in ("answered", "closed"):
        doc.draft("事项尚未办结回音，告知须在回音后定稿")
    doc.p(f"本事项依据{PARTY_LEADS}办理。如对办理结果有意见，请向{issuer}或{place.street_office}"
          "反映。感谢您对小区治理工作的关心和支持！")
    doc.sign(issuer=issuer, on=item.answered_on, seal=True)
    return doc.spec()
