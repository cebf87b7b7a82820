"""The committee's own papers after the vote: 业主委员会成立公告 (who sits, with 主任/副主任/委员/
候补委员, the term and how to reach them — posted once the first meeting chose the officers) and
业主委员会备案表 (the filing form for the district housing department and the street office,
《业主大会和业主委员会指导规则》第三十三条: the materials checklist as ticked in the app, the
receipt dates, and boxes for each receiving body's opinion and seal).

The record id is the committee's id; an election id is taken too (the committee it seated)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle
from sqlalchemy.orm import Session

from app.committee import filing
from app.committee.records import committee_of, filing_election, members
from app.committee.seating import add_years
from app.elections.stored_tally import stored_tally
from app.errors import BadInput
from app.printing import rules_text as rt
from app.printing.data import NotReady, Place, missing_record, place_of
from app.printing.documents.assembly import vote_period
from app.printing.documents.election_context import KIND_NAMES
from app.printing.documents.register import area_text, mask_phone, rooms_by_unit
from app.printing.fonts import font_name
from app.printing.gongwen import Doc
from app.printing.layout import LINE_PITCH, TEXT_WIDTH, DocumentSpec, styles, text, zh_date
from app.printing.linebreak import CJKParagraph
from db.models import CommitteeMember, Election, OwnersCommittee

ROLE_ZH = {"director": "主任", "deputy": "副主任", "member": "委员", "alternate": "候补委员"}
ROLE_ORDER = {"director": 0, "deputy": 1, "member": 2, "alternate": 3}
BLANK_DATE = "\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日"


@dataclass(frozen=True)
class CommitteeContext:
    committee: OwnersCommittee
    election: Election | None
    place: Place
    sitting: list[CommitteeMember]  # current members and waiting alternates, officers first

    @property
    def name(self) -> str:
        return f"{self.place.compound.name}业主委员会"

    @property
    def director(self) -> CommitteeMember | None:
        return next((m for m in self.sitting if m.role == "director"), None)

    def count(self, *roles: str) -> int:
        return sum(1 for m in self.sitting if m.role in roles)

    def conflicts(self) -> list[str]:
        """What the member list says that cannot be (a synced or hand-edited record): the paper
        is a draft naming it, never posted as if it were so."""
        problems = []
        directors = [m.name for m in self.sitting if m.role == "director"]
        if len(directors) > 1:
            problems.append(f"登记了{len(directors)}名主任（{'、'.join(directors)}），只能有一名")
        odd = [m.name for m in self.sitting if m.role not in ROLE_ZH]
        if odd:
            problems.append(f"{'、'.join(odd)}的职务无法识别")
        return problems


def load_committee(session: Session, record_id: str, asked_election: bool = False) -> CommitteeContext:
    """The committee (by its id, or the one an election seated) with the election its paper is
    about: with `asked_election` and an election id, that election — the first election's 成立公告
    stays printable after a by-election joined the committee, listing the members it seated —
    else the election whose filing the committee's filing fields hold (app.committee.records)."""
    committee = session.get(OwnersCommittee, record_id)
    asked: Election | None = None
    if committee is None or committee.deleted_at is not None:
        asked = session.get(Election, record_id)
        if asked is None or asked.deleted_at is not None:
            raise BadInput(missing_record("committee", record_id))
        committee = committee_of(session, asked)
        if committee is None:
            raise NotReady(code="printing.no_committee")
    latest = filing_election(session, committee)
    election = asked if asked_election and asked is not None else latest
    everyone = members(session, committee.id)
    if election is not None and latest is not None and election.id != latest.id \
            and committee.term_start is not None:
        # an earlier election's paper: the members it seated, as they were
        rows = [m for m in everyone if m.joined_on is None or m.joined_on <= committee.term_start]
    else:
        rows = [m for m in everyone if m.left_on is None]
    if not rows:
        raise NotReady(code="printing.committee_no_members")
    rows.sort(key=lambda m: (ROLE_ORDER.get(m.role, 9), m.rank, m.name))
    return CommitteeContext(committee, election, place_of(session, committee.compound_id), rows)


def _members_rows(session: Session, ctx: CommitteeContext, phone: Any) -> list[list[object]]:
    rooms = rooms_by_unit(session, [m.unit_id for m in ctx.sitting])
    return [[n, m.name, ROLE_ZH.get(m.role, "—"), rooms.get(m.unit_id or "", "—"),
             "是" if m.is_party_member else "否", phone(m.phone)]
            for n, m in enumerate(ctx.sitting, 1)]


def _term(c: OwnersCommittee) -> str:
    """The term as it was set at seating (term start + the rules' years): a successor seated
    early rewrites term_end, but the 成立公告 and the filing said the scheduled end."""
    if c.term_start is None:
        return ""
    return f"{zh_date(c.term_start)}至{zh_date(add_years(c.term_start, rt.rules().term.years))}"


def committee_notice(session: Session, record_id: str) -> DocumentSpec:
    ctx = load_committee(session, record_id, asked_election=True)
    c = ctx.committee
    e = ctx.election
    r = rt.rules()
    compound = ctx.place.compound
    by_election = e is not None and e.kind == "by_election"
    title = (f"关于{compound.name}业主委员会补选委员就任的公告" if by_election
             else f"关于{compound.name}业主委员会成立的公告")
    doc = Doc(title, kind="committee-notice")
    doc.to("全体业主")
    seats = ctx.count("director", "deputy", "member")
    alternates = ctx.count("alternate")
    tally = stored_tally(e) if e is not None else None
    elected = [n for n in (tally or {}).get("elected", []) if isinstance(n, str)]
    if e is not None and by_election:
        names = "、".join(elected)
        opening = (f"{compound.name}业主大会会议（业主委员会补选）"
                   + (f"于{vote_period(e)}举行，" if e.vote_start else "")
                   + f"经业主投票，补选产生业主委员会委员{len(elected)}名" + (f"：{names}" if names else "")
                   + "，选举结果已经公告" + (f"，自{zh_date(e.result_published_on)}起任职" if e.result_published_on
                                          else "") + "。")
    elif e is not None and e.vote_start is not None:
        meeting = KIND_NAMES.get(e.kind, "业主大会会议") if e.kind != "first" else "首次业主大会会议"
        opening = (f"{compound.name}{meeting}于{vote_period(e)}举行，经业主投票，"
                   f"选举产生业主委员会委员{len(elected) or seats}名"
                   + (f"、候补委员{alternates}名" if alternates else "") + "，选举结果已经公告。")
    else:
        opening = (f"经业主大会选举，{compound.name}业主委员会由委员{seats}名组成"
                   + (f"，另有候补委员{alternates}名" if alternates else "") + "。")
    if c.first_meeting_on is not None and not by_election:
        opening += f"{zh_date(c.first_meeting_on)}，业主委员会召开首次会议，推选产生主任、副主任。"
    doc.p(opening + "现将业主委员会组成人员公告如下：")
    doc.table(["序号", "姓名", "职务", "房号", "中共党员"],
              [row[:5] for row in _members_rows(session, ctx, mask_phone)], numeric=(0,))
    doc.flow(Spacer(1, LINE_PITCH * 0.3))
    term = _term(c)
    text_term = f"本届业主委员会任期{term}。" if term else "本届业主委员会任期以选举结果公告为准。"
    if alternates:
        text_term += ("委员职务终止的，由业主委员会从候补委员中按照得票顺序依次递补并予以公示"
                      f"{rt.cite(r.term.vacancy_origin)}。")
    doc.p(text_term)
    housing = _housing(ctx.place)
    if filing.filed_complete_on(c) is not None:
        doc.p(f"业主委员会已向{housing}和{ctx.place.street_office}备案。")
    elif by_election:  # a change of members, not the 30-day filing of a new committee (Art. 33)
        doc.p(f"业主委员会将向{housing}和{ctx.place.street_office}报告委员变更情况。")
    else:
        doc.p(f"业主委员会将自选举产生之日起{r.periods.filing_days}日内向{housing}和"
              f"{ctx.place.street_office}备案{rt.cite(r.periods.filing_origin)}。")
    director = ctx.director
    contact = (f"业主委员会主任{director.name}" + (f"（联系电话{director.phone}）" if director.phone else "")
               if director is not None else "业主委员会")
    doc.p(f"业主对小区管理事务的意见和建议，请与{contact}联系；"
          f"对业主委员会成员有意见的，可向{ctx.place.party_committee}或{ctx.place.street_office}反映。")
    doc.closing("特此公告。")
    if by_election and e is not None:  # the sitting committee announces who joined it
        doc.sign(ctx.name, e.result_published_on)
        if e.result_published_on is None:
            doc.draft("补选结果尚未公告")
    else:
        doc.sign(ctx.name, c.first_meeting_on)
        if c.first_meeting_on is None:
            doc.draft("尚未登记业主委员会首次会议（主任、副主任尚未推选）")
    if director is None and (by_election or c.first_meeting_on is not None):
        doc.draft("主任空缺，须由业主委员会推选后再公告")
    for problem in ctx.conflicts():
        doc.draft(problem)
    return doc.spec()


def _housing(place: Place) -> str:
    district = (place.street.district or "").strip()
    return f"{district}住房和建设局" if district else "区住房和建设部门"


def _box_table(ctx: CommitteeContext) -> Table:
    """Each receiving body: the day it received the filing, its opinion, the officer, its seal."""
    st = styles()
    head = st.cell_head
    cell = st.cell
    tall = ParagraphStyle("box_tall", parent=cell, alignment=TA_LEFT)
    c = ctx.committee
    bodies = [(_housing(ctx.place), c.filing_housing_on), (ctx.place.street_office, c.filing_street_on)]
    data: list[list[Any]] = [[CJKParagraph("受理机关", head),
                              *[CJKParagraph(text(name), head) for name, _ in bodies]]]
    data.append([CJKParagraph("收件日期", head),
                 *[CJKParagraph(text(zh_date(day) if day else BLANK_DATE), cell) for _, day in bodies]])
    data.append([CJKParagraph("备案意见", head), *[CJKParagraph("", tall) for _ in bodies]])
    data.append([CJKParagraph("经办人", head), *[CJKParagraph("", cell) for _ in bodies]])
    data.append([CJKParagraph("盖章", head),
                 *[CJKParagraph(BLANK_DATE, ParagraphStyle(
                     "seal", parent=cell, alignment=TA_CENTER)) for _ in bodies]])
    widths = [TEXT_WIDTH * 0.18, TEXT_WIDTH * 0.41, TEXT_WIDTH * 0.41]
    heights = [None, LINE_PITCH * 1.2, LINE_PITCH * 3.2, LINE_PITCH * 1.2, LINE_PITCH * 3.0]
    table = Table(data, colWidths=widths, rowHeights=heights)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font_name("body")),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.92, 0.92, 0.92)),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (1, 2), (-1, 2), "TOP"),
        ("VALIGN", (1, 4), (-1, 4), "BOTTOM"),
    ]))
    return table


def filing_form(session: Session, record_id: str) -> DocumentSpec:
    ctx = load_committee(session, record_id)
    c = ctx.committee
    e = ctx.election
    r = rt.rules()
    compound = ctx.place.compound
    kind = e.kind if e is not None else "first"
    doc = Doc(f"{compound.name}业主委员会备案表", kind="filing-form")
    tally = stored_tally(e) if e is not None else None
    seats = ctx.count("director", "deputy", "member")
    deputies = ctx.count("deputy")
    alternates = ctx.count("alternate")
    rows = [
        ("小区名称", compound.name),
        ("小区地址", compound.address or "—"),
        ("所在街道、社区", f"{ctx.place.street_name}{ctx.place.community_name}"),
        ("选举类别", KIND_NAMES.get(kind, "业主委员会选举")),
        ("投票时间", vote_period(e) if e is not None and e.vote_start else "—"),
        ("选举结果公告日期", zh_date(e.result_published_on) if e is not None and e.result_published_on else "—"),
    ]
    if tally is not None and "total_owners" in tally:
        rows.append(("业主总人数及面积",
                     f"{tally['total_owners']}人，专有部分总面积{area_text(tally['total_area'])}平方米"))
        rows.append(("参与表决",
                     f"{tally['participating_owners']}人，专有部分面积{area_text(tally['participating_area'])}平方米"))
    rows += [
        ("本届任期", _term(c) or "—"),
        ("首次会议日期", zh_date(c.first_meeting_on) if c.first_meeting_on else "—"),
        ("组成人数", f"委员{seats}名（主任{ctx.count('director')}名、副主任{deputies}名）"
                     + (f"，候补委员{alternates}名" if alternates else "")),
    ]
    doc.form(rows)
    doc.flow(Spacer(1, LINE_PITCH * 0.4))
    doc.flow(CJKParagraph("业主委员会组成人员", _section()))
    listed = _members_rows(session, ctx, lambda p: p or "—")
    if any(m.phone for m in ctx.sitting):
        doc.table(["序号", "姓名", "职务", "房号", "中共党员", "联系电话"], listed, numeric=(0,))
    else:  # no numbers on record: no column of dashes
        doc.table(["序号", "姓名", "职务", "房号", "中共党员"], [row[:5] for row in listed], numeric=(0,))
    doc.flow(Spacer(1, LINE_PITCH * 0.4))
    checklist = filing.checklist(c, kind, r)
    doc.table(["序号", "材料", "是否提交"],
              [[n, row.material.name + ("" if row.material.required else "（如有）"),
                "√ 已提交" if row.done else "□ 未提交"] for n, row in enumerate(checklist, 1)],
              numeric=(0,))
    block: list[Flowable] = [CJKParagraph("备案材料", _section()), doc.story.pop()]
    grounds = _grounds([row.material.origin.citation for row in checklist])
    if grounds:
        block.append(CJKParagraph(text(f"（{grounds}）"), styles().small))
    doc.flow(KeepTogether(block))  # a checklist of a few lines is never split over two pages
    doc.flow(Spacer(1, LINE_PITCH * 0.4))
    doc.flow(CJKParagraph("受理情况", _section()))
    doc.flow(_box_table(ctx))
    sign = ParagraphStyle("filing_sign", parent=styles().plain, spaceBefore=LINE_PITCH * 0.6)
    doc.flow(CJKParagraph(text(f"报送单位（盖章）：{ctx.name}"), sign))
    received = [d for d in (c.filing_housing_on, c.filing_street_on) if d is not None]
    sent = zh_date(min(received)) if received else BLANK_DATE  # handed in when first received
    doc.flow(CJKParagraph(text(f"主任（签名）：{'＿' * 7}\u3000\u3000报送日期：{sent}"), sign))
    lacking = [row.material.name for row in checklist if row.material.required and not row.done]
    if lacking:
        doc.draft(f"备案材料不全：{'、'.join(lacking)}")
    if c.first_meeting_on is None:
        doc.draft("尚未登记业主委员会首次会议（主任、副主任尚未推选）")
    for problem in ctx.conflicts():
        doc.draft(problem)
    return doc.spec()


def _grounds(citations: list[str | None]) -> str:
    """"第1至4项依据《…》第三十三条" for the rows whose rule is verified (the others are the
    district's additions and cite nothing)."""
    by: dict[str, list[int]] = {}
    for n, citation in enumerate(citations, 1):
        if citation:
            by.setdefault(citation, []).append(n)
    parts = []
    for citation, numbers in by.items():
        if numbers == list(range(numbers[0], numbers[-1] + 1)) and len(numbers) > 1:
            which = f"第{numbers[0]}至{numbers[-1]}项"
        else:
            which = "第" + "、".join(map(str, numbers)) + "项"
        parts.append(f"{which}依据{citation}")
    return "；".join(parts)


def _section() -> ParagraphStyle:
    return ParagraphStyle("filing_section", parent=styles().plain, fontName=font_name("heading"),
                          keepWithNext=1)
