"""The candidates notice (候选人公示): the list the organiser vetted and the street office
approved at the 业委会人选关, the notice period and how to object. Before that checkpoint is
signed the list is only a draft and says nothing about the street office's review."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.elections import stages
from app.elections.vote_dates import notice_end
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.election_context import ElectionContext, candidates_of, load
from app.printing.documents.election_parts import (
    candidate_table,
    candidates_changed_since_approval,
)
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec, zh_date


def elected_body(ctx: ElectionContext) -> str:
    """首届业主委员会 / 新一届业主委员会 / 业主委员会 (a by-election fills seats of the sitting one)."""
    return f"{ctx.place.compound.name}{ctx.term_name}"


def title(ctx: ElectionContext) -> str:
    """Short enough for one title line: 翠湖花园首届业主委员会委员候选人公示."""
    if ctx.kind == "by_election":
        return f"{ctx.place.compound.name}业主委员会补选委员候选人公示"
    return f"{elected_body(ctx)}委员候选人公示"


def _opening(ctx: ElectionContext, count: int, approved: bool) -> str:
    e = ctx.election
    r = rt.rules()
    # a first election has no rules of procedure yet: the first assembly adopts them
    grounds = rt.according_to(r.committee.origin, "" if ctx.is_first else "本小区业主大会议事规则")
    if ctx.kind == "by_election" and ctx.standing_in:
        seats = f"本次补选{ctx.place.compound.name}业主委员会委员{e.seats}名。"
    elif ctx.kind == "by_election":
        seats = f"{ctx.place.compound.name}业主委员会委员出缺，本次补选委员{e.seats}名。"
    elif ctx.kind in ("reelection", "early"):
        seats = (f"{ctx.place.compound.name}{ctx.kind_name}，{ctx.term_name}拟选委员"
                 f"{e.seats}名。")
    else:
        seats = f"{elected_body(ctx)}拟选委员{e.seats}名。"
    review = f"，并经{ctx.place.street_office}审核" if approved else ""
    return (f"{grounds}{seats}经推荐提名、{ctx.organiser}资格审查{review}，确定委员候选人{count}名。"
            "现将候选人名单公示如下：")


def candidates_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    candidates = candidates_of(session, election_id)
    if not candidates:
        raise NotReady(code="printing.no_candidates")
    r = rt.rules()
    approved = ctx.reached("candidate_notice")
    doc = Doc(title(ctx), kind="candidates-notice", keep=(ctx.place.compound.name,))
    doc.to("全体业主")
    doc.p(_opening(ctx, len(candidates), approved))
    candidate_table(doc, session, candidates)
    start = e.notice_published_on
    days = r.periods.candidate_notice_days
    end = start + timedelta(days=days - 1) if start is not None else None
    until = e.objection_until or notice_end(e, r)
    separate = until is not None and until != end  # an objection window of its own
    doc.h1("公示期和异议期" if separate else "公示期")
    if start is not None and end is not None:
        doc.p(f"公示期为{days}日，自{zh_date(start)}起至{zh_date(end)}止。")
    else:
        doc.p(f"公示期为{days}日，自本公示张贴之日起计算。")
    if separate and until is not None:
        doc.p(f"异议期自公示之日起至{zh_date(until)}止。")
    window = "异议期" if separate else "公示期"
    doc.h1("异议方式")
    doc.p(f"业主对候选人资格有异议的，请在{window}内以书面形式实名向{ctx.organiser}提出，并提供相关"
          f"事实和依据；也可向{ctx.place.street_office}或{ctx.place.party_committee}反映。"
          f"{ctx.organiser}收到异议后将及时核查，并将核查结果书面答复异议人。")
    if ctx.is_first and r.group.owner_reps_not_first_candidates:
        doc.p(f"{rt.according_to(r.group.origin)}筹备组中的业主代表不得担任首届业主委员会委员。")
    doc.p(f"公示期满无异议或者异议经核查不成立的，候选人名单提交{ctx.assembly_name}选举。")
    doc.closing()
    doc.sign(ctx.issuer, start)
    checkpoint = stages.checkpoint_name("candidates", e.kind, r)
    if not approved:
        doc.draft(f"候选人名单尚未通过{checkpoint}，审核通过后方可公示")
    elif (changed := candidates_changed_since_approval(session, ctx)) is not None:
        doc.draft(changed)  # what is listed is no longer what was approved, at any stage
    return doc.spec()
