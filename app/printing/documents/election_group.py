"""The notice that the group organising an election is formed: the first election's 筹备组
(深圳条例第二十条) or a re-election's 换届小组, with its members by name and what it will do.
A by-election has no group (the committee organises it), so it has no such notice."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections import stages
from app.elections.triggers import replaced_committee, scheduled_term_end
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.election_context import GROUP_ROLE_ZH, ElectionContext, load
from app.printing.documents.election_parts import (
    group_changed_since_approval,
    party,
    room,
    units_by_id,
)
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec, zh_date
from db.models import GroupMember

# Who sends members, in the order 第二十条 names them, as the opening sentence lists them.
SENDERS = (
    ("street_office", "街道办事处"),
    ("party_committee", "社区党委"),
    ("police", "辖区公安派出所"),
    ("residents_committee", "社区居民委员会"),
    ("developer", "建设单位"),
)


def members_of(session: Session, election_id: str) -> list[GroupMember]:
    """The group: the leader first, then the officials in 第二十条's order, then owners."""
    order = {role: n for n, (role, _) in enumerate(SENDERS)}
    rows = session.scalars(
        select(GroupMember).where(GroupMember.election_id == election_id,
                                  GroupMember.deleted_at.is_(None))
    )
    return sorted(rows, key=lambda m: (not m.is_leader, order.get(m.role, len(order)), m.name))


def _composition(members: list[GroupMember]) -> str:
    """"由街道办事处、社区党委、…派员和业主代表共8人组成，其中业主代表3人" from who is in it."""
    roles = {m.role for m in members}
    senders = [name for role, name in SENDERS if role in roles]
    owners = sum(1 for m in members if m.role == "owner_rep")
    parts = "、".join(senders)
    who = (f"{parts}派员" + ("和业主代表" if owners else "")) if parts else "业主代表"
    tail = f"，其中业主代表{owners}人" if owners and parts else ""
    return f"由{who}共{len(members)}人组成{tail}"


def _renewed_term(session: Session, ctx: ElectionContext) -> str:
    """"任期将于…届满" / "任期已于…届满" for the committee being renewed, by its scheduled end (seating
    the successor rewrites the stored end afterwards); "" when not recorded."""
    e = ctx.election
    committee = replaced_committee(session, e)
    ends = scheduled_term_end(session, committee, rt.rules()) if committee is not None else None
    if ends is None:
        return ""
    since = e.group_formed_on or e.applied_on
    return f"任期{'已' if since is not None and ends < since else '将'}于{zh_date(ends)}届满"


def _why(session: Session, ctx: ElectionContext) -> str:
    """The sentence saying why this group is formed: a first election's preparation, a term
    ending, or an early re-election's trigger (cited only when its rule is verified)."""
    e = ctx.election
    name = ctx.place.compound.name
    if ctx.is_first:
        return rt.according_to(rt.rules().group.origin)
    if e.kind == "early":
        found = stages.flow(e.kind, rt.rules())
        trigger = found.trigger(e.trigger) if found is not None else None
        if trigger is None:
            return f"{name}业主委员会需提前换届。"
        reason = re.sub(r"（[^）]*）", "", trigger.title)
        return f"因{reason}，{rt.according_to(trigger.origin)}{name}业主委员会提前换届。"
    if ctx.standing_in:  # 以居代业: no committee sits, the residents' committee acts for it
        return f"{name}现由{ctx.place.community_name}居民委员会代行业主委员会职责。"
    term = _renewed_term(session, ctx)
    return f"{name}业主委员会{term}。" if term else f"{name}业主委员会任期即将届满。"


def _duties(ctx: ElectionContext) -> str:
    body = ctx.organiser
    if ctx.is_first:
        reps = (f"{body}中的业主代表不得担任首届业主委员会委员。"
                if rt.rules().group.owner_reps_not_first_candidates else "")
        return (f"{body}负责确认业主身份和投票权数，拟定管理规约草案和业主大会议事规则草案，提出首届"
                "业主委员会委员候选人产生办法和名单，确定首次业主大会会议的时间、地点、形式和内容。"
                + reps)
    return (f"{body}负责确认业主身份和投票权数，提出新一届业主委员会委员候选人产生办法和名单，"
            "确定业主大会会议的时间、地点、形式和内容，组织完成换届选举。")


def preparatory_notice(session: Session, election_id: str) -> DocumentSpec:
    """关于成立…筹备组（换届小组）的公告."""
    ctx = load(session, election_id)
    e = ctx.election
    if not ctx.is_group:
        raise NotReady(code="printing.no_group_kind")
    members = members_of(session, election_id)
    if not members:
        raise NotReady(code="printing.group_no_members")
    doc = Doc(f"关于成立{ctx.issuer}的公告", kind="preparatory-notice", keep=(ctx.place.compound.name,))
    doc.to("全体业主")
    leader = next((m for m in members if m.is_leader), None)
    formed = f"于{zh_date(e.group_formed_on)}" if e.group_formed_on else ""
    lead = f"，组长由{GROUP_ROLE_ZH.get(leader.role, '')}{leader.name}担任" if leader else ""
    doc.p(f"{_why(session, ctx)}经{ctx.place.street_office}组织，{ctx.issuer}已{formed}成立。"
          f"{ctx.organiser}{_composition(members)}{lead}。现将{ctx.organiser}成员名单公告如下：")
    units = units_by_id(session, [m.unit_id for m in members])
    with_rooms = any(m.unit_id for m in members)
    header = ["序号", "姓名", "职务", "身份", *(["房号"] if with_rooms else []), "政治面貌"]
    rows = [
        [n, m.name, "组长" if m.is_leader else "成员", GROUP_ROLE_ZH.get(m.role, m.role),
         *([room(units.get(m.unit_id)) if m.unit_id else "—"] if with_rooms else []),
         party(m.is_party_member)]
        for n, m in enumerate(members, 1)
    ]
    doc.table(header, rows)
    doc.p(_duties(ctx))
    doc.p(f"业主对{ctx.organiser}成员有意见的，可向{ctx.place.street_office}或"
          f"{ctx.place.party_committee}反映。")
    doc.closing()
    doc.sign(ctx.issuer, e.group_formed_on)
    checkpoint = stages.checkpoint_name("group", e.kind, rt.rules())
    if not ctx.reached("candidates_nominated"):
        doc.draft(f"{ctx.organiser}人选尚未通过{checkpoint}，审核通过后方可公告")
    elif (changed := group_changed_since_approval(session, ctx)) is not None:
        doc.draft(changed)
    return doc.spec()
