"""The election notice (选举公告): the owners' assembly meeting that elects the committee — when
and where owners vote, how, the candidates, and when the meeting is valid and a candidate
elected. It goes out once the candidates notice period is over, at least the assembly notice
period (物业管理条例第十四条) before the vote; before that it is only a draft."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from app.elections import stages
from app.elections.vote_dates import assembly_announced_on, notice_end
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.election_context import ElectionContext, candidates_of, load
from app.printing.documents.election_parts import (
    candidate_table,
    candidates_changed_since_approval,
    method,
    vote_period,
)
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec, zh_date

STATUTES = {"management_statute": "《管理规约》", "procedure_rules": "《业主大会议事规则》"}


def purpose(ctx: ElectionContext) -> str:
    """What the meeting elects, as the title and the opening say it."""
    seats = ctx.election.seats
    return {
        "first": f"选举首届业主委员会委员{seats}名",
        "reelection": f"换届选举新一届业主委员会委员{seats}名",
        "early": f"提前换届选举新一届业主委员会委员{seats}名",
        "by_election": f"补选业主委员会委员{seats}名",
    }.get(ctx.kind, f"选举业主委员会委员{seats}名")


def title(ctx: ElectionContext) -> str:
    """选举公告 named by the kind, short enough for one title line."""
    name = ctx.place.compound.name
    what = {
        "first": "首次业主大会会议选举",
        "reelection": "业主委员会换届选举",
        "early": "业主委员会提前换届选举",
        "by_election": "业主委员会补选",
    }.get(ctx.kind, "业主委员会选举")
    return f"{name}{what}公告"


def _agenda(ctx: ElectionContext) -> list[str]:
    """表决《管理规约》和《业主大会议事规则》 (a first assembly adopts them), then the election."""
    statutes = [STATUTES[s] for s in rt.rules().procedure.first_assembly.statute_votes
                if s in STATUTES] if ctx.is_first else []
    return ([f"表决{'和'.join(statutes)}"] if statutes else []) + [purpose(ctx)]


def election_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    candidates = candidates_of(session, election_id)
    if not candidates:
        raise NotReady(code="printing.no_candidates")
    r = rt.rules()
    name = ctx.place.compound.name
    period = vote_period(ctx)
    doc = Doc(title(ctx), kind="election-notice", keep=(ctx.place.compound.name,))
    doc.to("全体业主")
    # the thresholds are cited where they are stated (五); a first election has no rules of
    # procedure yet, its group acts under 第二十条
    grounds = rt.according_to(r.group.origin if ctx.is_first else "本小区业主大会议事规则")
    when = f"定于{period}" if period else "拟"
    doc.p(f"{grounds}{ctx.issuer}{when}召开{name}{ctx.assembly_name}，{purpose(ctx)}。"
          "现将有关事项公告如下：")
    doc.h1("会议时间和地点")
    place = e.vote_place.strip()
    where = "纸质投票地点" if e.e_vote else "投票地点"
    doc.p(f"投票时间：{period or '另行公告'}。" + (f"{where}：{place}。" if place else ""))
    agenda = _agenda(ctx)
    if len(agenda) > 1:  # a first assembly also adopts the statutes; else the opening said it all
        doc.h1("会议议题")
        doc.p(f"本次会议{'，'.join(agenda)}。")
    doc.h1("表决方式")
    vote = f"本次会议采用{method(ctx)}的方式。"
    if e.e_vote:
        vote += rt.e_vote_sentence(r) + "。"
    doc.p(vote + f"每位业主在同意的候选人姓名后画“√”，所选人数不得超过应选名额{e.seats}名，"
                 "超过的选票无效；未选任何候选人的，视为弃权。")
    doc.h1(f"委员候选人名单（共{len(candidates)}名）")
    candidate_table(doc, session, candidates)
    doc.h1("会议有效和当选的条件")
    doc.h2("会议有效", f"{rt.quorum_sentence(r)}。")
    doc.h2("当选", f"{rt.election_sentence(r)}；符合条件的候选人超过应选名额的，按得票多少确定。")
    doc.h2("计算规则", f"{rt.counting_sentence(r)}。")
    doc.p("请各位业主在投票时间内积极参加投票，依法行使权利。")
    doc.closing()
    announced = assembly_announced_on(e)
    doc.sign(ctx.issuer, announced)
    end = notice_end(e, r)
    if not ctx.reached("candidate_notice"):
        checkpoint = stages.checkpoint_name("candidates", e.kind, r)
        doc.draft(f"候选人名单尚未通过{checkpoint}并公示，不能发布选举公告")
    elif not ctx.reached("voting") and (announced is None or end is None or announced <= end):
        # posted while owners may still object to the list: the list is not final yet
        over = f"（至{zh_date(end)}止）" if end else ""
        doc.draft(f"候选人公示期{over}届满后方可发布选举公告")
    changed = candidates_changed_since_approval(session, ctx)
    if changed is not None:
        doc.draft(changed)
    if period is None:
        doc.draft("投票时间未定")
    if not place:
        doc.draft("投票地点未定")
    if announced is not None and e.vote_start is not None and \
            e.vote_start < announced + timedelta(days=r.assembly_notice_days):
        doc.draft(f"业主大会会议应当于会议召开{r.assembly_notice_days}日以前通知全体业主，"
                  "投票开始日期过早")
    return doc.spec()
