"""Election notices: the preparatory group, the candidates, the owners' assembly vote, the result."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.stored_tally import stored_tally
from app.elections.vote_dates import assembly_announced_on
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.election_context import GROUP_ROLE_ZH, KIND_NAMES, candidates_of, load
from app.printing.layout import DocumentSpec, Signature, heading, para, table, zh_date
from db.models import Ballot, Candidate, Election, GroupMember, Unit

KIND_ZH = KIND_NAMES


def _units(session: Session, ids: list[str | None]) -> dict[str, Unit]:
    wanted = [i for i in ids if i]
    if not wanted:
        return {}
    return {u.id: u for u in session.scalars(select(Unit).where(Unit.id.in_(wanted)))}


def _room(unit: Unit | None) -> str:
    if unit is None:
        return "—"
    building = unit.building if unit.building.endswith(("栋", "座", "楼", "幢")) else f"{unit.building}栋"
    return f"{building}{unit.room}"


def _candidate_table(session: Session, candidates: list[Candidate]) -> Any:
    units = _units(session, [c.unit_id for c in candidates])
    rows = [
        [n, c.name, _room(units.get(c.unit_id or "")), "是" if c.is_party_member else "否",
         c.nominated_by or "—"]
        for n, c in enumerate(candidates, 1)
    ]
    return table(["序号", "姓名", "房号", "中共党员", "提名方式"], rows, [1, 2, 2, 1.5, 3])


def preparatory_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    members = list(session.scalars(
        select(GroupMember).where(GroupMember.election_id == election_id,
                                  GroupMember.deleted_at.is_(None))
        .order_by(GroupMember.is_leader.desc(), GroupMember.role, GroupMember.name)
    ))
    if not members:
        raise NotReady(f"election {election_id}: the preparatory group has no members yet")
    r = rt.rules()
    g = r.group
    c = ctx.place.compound
    formed = ctx.election.group_formed_on
    body = ctx.organiser
    if ctx.election.kind == "first":
        opening = (
            f"{rt.according_to(g.origin)}经{ctx.place.street_office}组织，{c.name}"
            f"{KIND_ZH.get(ctx.election.kind, '业主大会')}{body}已于{zh_date(formed)}依法成立。"
            f"{body}由街道办事处、社区党委、派出所、居民委员会、建设单位代表及业主代表共"
            f"{g.min_members}至{g.max_members}人组成，由街道办事处代表担任组长；"
            f"业主代表{g.owner_reps_min}至{g.owner_reps_max}人。现将{body}成员名单公告如下："
        )
    else:  # a 换届小组 is not the Art. 20 group: the sitting committee with community and street
        opening = (
            f"经{ctx.place.street_office}组织，{ctx.issuer}已于{zh_date(formed)}成立，由现任业主委员会"
            f"会同{ctx.place.party_committee}、社区居民委员会和{ctx.place.street_office}组成，"
            f"由街道办事处代表担任组长。现将{body}成员名单公告如下："
        )
    story = [
        para(opening),
        table(
            ["序号", "姓名", "职务", "代表单位", "中共党员"],
            [[n, m.name, "组长" if m.is_leader else "成员", GROUP_ROLE_ZH.get(m.role, m.role),
              "是" if m.is_party_member else "否"] for n, m in enumerate(members, 1)],
            [1, 2, 1.5, 3, 1.5],
        ),
        para(
            f"{body}负责确定业主大会会议召开的时间、地点、形式和内容，"
            + ("草拟管理规约和业主大会议事规则，" if ctx.election.kind == "first" else "")
            + "确认业主身份和投票权数，提出业主委员会委员候选人产生办法及名单，做好召开业主大会会议的其他准备工作。"
        ),
    ]
    if g.owner_reps_not_first_candidates and ctx.election.kind == "first":
        story.append(para(f"筹备组中的业主代表不得作为首届业主委员会委员候选人{rt.cite(g.origin)}。"))
    story.append(para(f"业主对{body}成员有异议的，请向{ctx.place.street_office}反映。特此公告。"))
    return DocumentSpec(
        title=f"关于成立{ctx.issuer}的公告",
        story=story, signature=Signature(ctx.place.street_office, formed, ctx.signer, ctx.signer_title),
        subject="preparatory-notice",
    )


def candidates_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    candidates = candidates_of(session, election_id)
    if not candidates:
        raise NotReady(f"election {election_id}: no candidates nominated yet")
    e = ctx.election
    r = rt.rules()
    c = ctx.place.compound
    start = e.notice_published_on
    until = e.objection_until
    story = [
        para(
            f"{rt.according_to(r.committee.origin, '本小区业主大会议事规则')}{c.name}业主委员会拟选委员"
            f"{e.seats}名（委员会由{r.committee.min_size}至{r.committee.max_size}人单数组成）。"
            f"经业主推荐、自荐及社区党委推荐，{ctx.organiser}审查，并经{ctx.place.street_office}审核，"
            f"现将第{'一' if e.kind == 'first' else '新一'}届业主委员会委员候选人名单（共{len(candidates)}名）公示如下："
        ),
        _candidate_table(session, candidates),
        heading("一、公示期和异议期"),
        para(
            f"公示期自{zh_date(start)}起{r.periods.candidate_notice_days}日；"
            f"异议期至{zh_date(until)}止{rt.cite(r.periods.origin)}。"
        ),
        heading("二、异议方式"),
        para(
            f"业主对候选人资格有异议的，请在异议期内以书面形式署名向{ctx.issuer}提出，"
            f"或向{ctx.place.street_office}、{ctx.place.party_committee}反映，并提供相关事实和依据。"
            f"匿名异议不予受理。{ctx.organiser}将在收到异议之日起及时核查并书面答复。"
        ),
    ]
    if r.group.owner_reps_not_first_candidates and e.kind == "first":
        story.append(para(f"筹备组中的业主代表不得作为首届业主委员会委员候选人{rt.cite(r.group.origin)}。"))
    story.append(para("特此公示。"))
    return DocumentSpec(
        title=f"{c.name}业主委员会委员候选人公示", story=story,
        signature=Signature(ctx.issuer, start, ctx.signer, ctx.signer_title),
        subject="candidates-notice",
    )


def election_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    if e.vote_start is None or not e.vote_place:
        raise NotReady(f"election {election_id}: the vote date and place are not set yet")
    candidates = candidates_of(session, election_id)
    if not candidates:
        raise NotReady(f"election {election_id}: no candidates nominated yet")
    r = rt.rules()
    c = ctx.place.compound
    period = zh_date(e.vote_start) + (f"至{zh_date(e.vote_end)}" if e.vote_end and e.vote_end != e.vote_start else "")
    method = "书面投票（纸质选票）与电子投票相结合" if e.e_vote else "书面投票（纸质选票）"
    story = [
        para(
            rt.according_to("《中华人民共和国民法典》第二百七十八条", r.group.origin, "本小区业主大会议事规则")
            + f"{ctx.issuer}定于{period}召开{c.name}{KIND_ZH.get(e.kind, '业主大会会议')}，"
            f"选举产生业主委员会委员{e.seats}名。现将有关事项通知如下："
        ),
        heading("一、会议时间和地点"),
        para(f"投票时间：{period}。投票地点：{e.vote_place}。"),
        heading("二、表决方式"),
        para(f"本次会议采用{method}的方式。"
             + (rt.e_vote_sentence(r) + "。" if e.e_vote else "")
             + "每位业主限投一票，所选人数不得超过应选名额，超过的选票无效。"),
        heading("三、候选人名单"),
        _candidate_table(session, candidates),
        heading("四、会议有效和当选的条件"),
        para(f"（一）{rt.quorum_sentence(r)}。"),
        para(f"（二）{rt.election_sentence(r)}；当选人数超过应选名额的，按得票多少确定。"),
        para(f"（三）{rt.counting_sentence(r)}。"),
        para("请各位业主持身份证件和房屋权属证明按时参加投票，积极行使权利。特此通知。"),
    ]
    return DocumentSpec(
        title=f"关于召开{c.name}{KIND_ZH.get(e.kind, '业主大会会议')}选举业主委员会的公告",
        # dated the day the assembly was announced (物业管理条例第十四条), else the candidate notice
        story=story, signature=Signature(ctx.issuer, assembly_announced_on(e), ctx.signer,
                                         ctx.signer_title),
        subject="election-notice",
    )


def tally_of(session: Session, election: Election) -> dict[str, Any]:
    """The stored tally (elections.tally_json), else a count of the recorded ballots with the
    elections module's tally once the election is past voting."""
    stored = stored_tally(election)
    if stored is not None:
        return stored
    if election.stage in ("tallied", "filed", "seated"):
        ballots = session.execute(
            select(Ballot.owner_key, Ballot.vote, Ballot.channel).where(
                Ballot.election_id == election.id, Ballot.deleted_at.is_(None),
                Ballot.superseded.is_(False))
        ).all()
        if ballots:
            from app.elections.tally import count

            units = session.execute(
                select(Unit.id, Unit.owner_key, Unit.area_m2, Unit.developer_unsold).where(
                    Unit.compound_id == election.compound_id, Unit.deleted_at.is_(None))
            ).all()
            names = [c.name for c in candidates_of(session, election.id)]
            result = count(
                [(u.id, u.owner_key or u.id, u.area_m2, u.developer_unsold) for u in units],
                [(b.owner_key, b.vote, b.channel) for b in ballots],
                rt.rules(), "election", election.seats, names,
            )
            return result.as_json()
    raise NotReady(f"election {election.id}: not tallied yet, so there is no result to announce")


def _area(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.01')):,}"


def result_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    tally = tally_of(session, e)
    r = rt.rules()
    c = ctx.place.compound
    rows = []
    for n, cand in enumerate(tally.get("candidates", []), 1):
        rows.append([n, cand["name"], cand["yes_owners"], _area(cand["yes_area"]),
                     "当选" if cand.get("name") in tally.get("elected", []) else "未当选"])
    quorum = "达到" if tally.get("quorum_met") else "未达到"
    elected = "、".join(tally.get("elected", [])) or "无"
    story = [
        para(
            f"{c.name}{KIND_ZH.get(e.kind, '业主大会会议')}于{zh_date(e.vote_start)}"
            + (f"至{zh_date(e.vote_end)}" if e.vote_end and e.vote_end != e.vote_start else "")
            + f"举行，在{ctx.place.street_office}和{ctx.place.party_committee}指导下，"
            "经公开计票，现将选举结果公告如下："
        ),
        heading("一、参与表决情况"),
        para(
            f"本小区业主共{tally['total_owners']}人，专有部分总面积{_area(tally['total_area'])}平方米；"
            f"参与表决业主{tally['participating_owners']}人，"
            f"代表专有部分面积{_area(tally['participating_area'])}平方米，"
            f"{quorum}法定参与表决条件（{rt.quorum_sentence(r)}）。"
        ),
        heading("二、计票结果"),
        table(["序号", "候选人", "同意人数", "同意面积（平方米）", "结果"], rows, [1, 2, 2, 3, 1.5],
              align_right=(2, 3)),
        heading("三、当选委员"),
        para(f"依据“{rt.election_sentence(r)}”的规定，下列{len(tally.get('elected', []))}人当选为"
             f"{c.name}业主委员会委员：{elected}。"),
        para(f"选举结果自公告之日起{r.periods.filing_days}日内报{ctx.place.street_office}备案"
             f"{rt.cite(r.periods.filing_origin)}。特此公告。"),
    ]
    return DocumentSpec(
        title=f"{c.name}业主委员会选举结果公告", story=story,
        signature=Signature(ctx.issuer, e.result_published_on, ctx.signer, ctx.signer_title),
        subject="result-notice",
    )
