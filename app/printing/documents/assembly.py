"""业主大会会议通知: the notice to all owners at least 15 days before the assembly votes
(《物业管理条例》第十四条) — what it decides, when and where, how to vote on paper, by proxy and
electronically, and when the meeting and each matter carry (《民法典》第二百七十八条).

Dated the day the assembly was announced (elections.assembly_notice_on). A notice whose vote
starts less than the notice period after that day, or whose candidates are not yet approved,
prints only as a draft naming why."""

from __future__ import annotations

from reportlab.platypus import CondPageBreak, Spacer
from sqlalchemy.orm import Session

from app.elections.vote_dates import assembly_vote_start
from app.owners_votes.first_assembly import STATUTE_NAMES
from app.printing import rules_text as rt
from app.printing.documents.election_context import ElectionContext, candidates_of, load
from app.printing.documents.election_parts import candidates_changed_since_approval, party
from app.printing.documents.register import area_text, register_rows, rooms_by_unit, totals_of
from app.printing.gongwen import Doc
from app.printing.layout import (
    LINE_PITCH,
    TEXT_HEIGHT,
    TEXT_WIDTH,
    DocumentSpec,
    styles,
    text,
    zh_date,
)
from app.printing.linebreak import CJKParagraph
from app.printing.tables import ruled_table
from app.rules import Rules
from db.models import Election

NOTICE_LAW = "《物业管理条例》第十四条"


def vote_period(e: Election) -> str:
    """2024年4月20日至2024年5月5日 (one day when the vote ends the day it starts)."""
    if e.vote_start is None:
        return ""
    if e.vote_end is None or e.vote_end == e.vote_start:
        return zh_date(e.vote_start)
    return f"{zh_date(e.vote_start)}至{zh_date(e.vote_end)}"


def ask_at(ctx: ElectionContext) -> str:
    """Where owners ask: the organiser, and the residents' committee unless it is the organiser."""
    residents = f"{ctx.place.community_name}居民委员会"
    return ctx.issuer if ctx.standing_in or ctx.organiser == "居民委员会" else f"{ctx.organiser}或{residents}"


def agenda(ctx: ElectionContext, r: Rules) -> list[tuple[str, str]]:
    """The matters the meeting decides, each as (heading, what): at a first assembly the 管理规约
    and the 业主大会议事规则 (Civil Code Art. 278(1) items 1–2), then the election."""
    e = ctx.election
    verb = "补选" if e.kind == "by_election" else "选举"
    matters = []
    if ctx.is_first:  # the statutes first, as the election notice lists them
        for key in r.procedure.first_assembly.statute_votes:
            name = STATUTE_NAMES.get(key, key)
            matters.append((f"表决《{name}》", f"草案全文可向{ctx.organiser}索取查阅"))
    matters.append((f"{verb}{ctx.term_name}委员", f"应选委员{e.seats}名"))
    return matters


def draft_reasons(ctx: ElectionContext, r: Rules, has_candidates: bool) -> list[str]:
    """Why the notice cannot be posted as it stands (empty when it can)."""
    e = ctx.election
    reasons = []
    if not has_candidates:
        reasons.append("尚未确定候选人")
    elif not ctx.reached("candidate_notice"):
        reasons.append("候选人名单尚未通过业委会人选关审核")
    if e.vote_start is None or not e.vote_place:
        reasons.append("尚未登记投票时间和地点")
    if e.assembly_notice_on is None:
        reasons.append("尚未登记业主大会会议通知日期")
    else:
        earliest = assembly_vote_start(e, r)
        if e.vote_start is not None and earliest is not None and e.vote_start < earliest:
            reasons.append(
                f"投票开始日{zh_date(e.vote_start)}距通知日{zh_date(e.assembly_notice_on)}不足"
                f"{r.assembly_notice_days}日（{NOTICE_LAW}：会议召开{r.assembly_notice_days}日以前通知全体业主），"
                f"投票最早可于{zh_date(earliest)}开始")
    return reasons


def assembly_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    r = rt.rules()
    compound = ctx.place.compound
    candidates = candidates_of(session, election_id)
    period = vote_period(e) or "（日期待定）"
    place = e.vote_place or "（地点待定）"
    meeting = f"{compound.name}{ctx.assembly_name}"

    doc = Doc(f"关于召开{meeting}的通知", kind="assembly-notice")
    doc.to("全体业主")
    doc.p(rt.according_to(r.assembly_notice_origin, "《中华人民共和国民法典》第二百七十八条")
          + f"{ctx.issuer}定于{period}召开{meeting}"
          + (f"（{ctx.kind_name}）" if not ctx.is_first else "")
          + "。现将有关事项通知如下：")

    doc.h1("会议时间、地点和形式")
    doc.p(f"投票时间：{period}。投票地点：{place}。本次会议采用书面征求意见的形式召开，业主在投票时间内"
          + ("以纸质选票或电子投票方式" if e.e_vote else "以纸质选票")
          + "表达意见，不举行集中会议。")

    doc.h1("会议议题")
    matters = agenda(ctx, r)
    for title, what in matters:
        doc.h2(title, what + "。" if not what.endswith("。") else what)
    if candidates:
        rooms = rooms_by_unit(session, [c.unit_id for c in candidates])
        intro = CJKParagraph(text(f"{ctx.term_name}委员候选人{len(candidates)}名（以候选人公示为准）："),
                             styles().body)
        listed = ruled_table(["序号", "姓名", "房号", "政治面貌"],
                             [[n, c.name, rooms.get(c.unit_id or "", "—"), party(c.is_party_member)]
                              for n, c in enumerate(candidates, 1)],
                             weights=(0.6, 1.5, 1.5, 1))
        # the election's （N） line, the lead-in and the first rows stay together (no orphan at a
        # page foot); a long list then splits with its header repeated instead of leaving a gap
        election_item = doc.story.pop()
        lead = sum(f.wrap(TEXT_WIDTH, TEXT_HEIGHT)[1] for f in (election_item, intro))
        doc.flow(CondPageBreak(lead + LINE_PITCH * 3.2))
        doc.flow(election_item)
        doc.flow(intro)
        doc.flow(listed)
        doc.flow(Spacer(1, LINE_PITCH * 0.3))

    rows = register_rows(session, compound.id)
    if rows:
        totals = totals_of(rows)
        doc.h1("业主人数和专有部分面积")
        doc.p(f"本小区业主总人数{totals.owners}人，专有部分总面积{area_text(totals.area)}平方米。"
              f"计算规则和业主名册见业主名册公示，业主对本人信息有异议的，请在投票开始前向{ctx.organiser}提出。")

    doc.h1("投票方式")
    close = zh_date(e.vote_end or e.vote_start) if e.vote_start else "投票结束日"
    doc.h2("纸质投票", f"{ctx.organiser}按业主名册向每位业主发放选票，业主也可在投票地点领取。"
           f"选票填写并签名后，于{close}投票结束前投入设在{place}的投票箱。")
    doc.h2("委托投票", "业主不能亲自投票的，可以书面委托他人代为投票，受托人须一并提交业主签名的授权委托书"
           f"（可向{ctx.organiser}领取）。")
    if e.e_vote:
        doc.h2("电子投票", "业主也可通过深圳市物业管理电子投票系统投票：完成业主身份验证后，在投票时间内"
               "逐项表达意见并提交。"
               + ("同一业主既投纸质选票又电子投票的，本次会议以电子投票为准。"
                  if r.counting.electronic_beats_paper else "")
               + f"使用方法可向{ask_at(ctx)}咨询。")

    doc.h1("会议有效和表决通过的条件")
    doc.h2("会议有效", rt.quorum_sentence(r) + "。")
    elect = (rt.election_sentence(r) + "；同意的候选人超过应选名额的，按得票多少确定当选；"
             "末位得票相同不能确定当选人的，另行投票决定。")
    if ctx.is_first:
        names = "、".join(f"《{STATUTE_NAMES.get(k, k)}》" for k in r.procedure.first_assembly.statute_votes)
        t = rt.zh_threshold(r.ordinary)
        if (t, r.ordinary.origin) == (rt.zh_threshold(r.election), r.election.origin):
            elect += f"{names}的通过条件与此相同。"
        else:
            elect += (f"{names}须经参与表决专有部分面积{t}的业主且参与表决人数{t}的业主同意方可通过"
                      f"{rt.cite(r.ordinary.origin)}。")
        doc.h2("当选和通过", elect)
    else:
        doc.h2("当选", elect)

    doc.closing("特此通知。")
    doc.sign(ctx.issuer, e.assembly_notice_on)
    for reason in draft_reasons(ctx, r, bool(candidates)):
        doc.draft(reason)
    changed = candidates_changed_since_approval(session, ctx)
    if changed:
        doc.draft(changed)
    return doc.spec()
