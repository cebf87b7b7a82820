"""The result notice (选举结果公告): who took part (owners and area, as numbers and shares of the
totals), the ballots (valid, abstaining, invalid), each candidate's votes, the elected, the
alternates, the objection period, and the first meeting and filing that follow.

The tally's JSON (app.elections.tally) has no ballot counts, so they are counted here from the
stored ballots: a ballot naming nobody abstains, one naming more candidates than there are seats
is invalid (the election notice says so). The tally itself counts every ballot's names, so an
invalid ballot on file makes the notice a draft until the count is checked."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.committee.seating import ranking
from app.elections.stored_tally import stored_tally
from app.elections.tally import ELECTRONIC, split_names
from app.printing import rules_text as rt
from app.printing.data import NotReady
from app.printing.documents.election_context import ElectionContext, candidates_of, load
from app.printing.documents.election_parts import (
    area,
    housing_department,
    method,
    share,
    vote_period,
)
from app.printing.documents.election_vote import purpose
from app.printing.gongwen import Doc
from app.printing.layout import DocumentSpec
from app.rule_source import Source
from db.models import Ballot, CommitteeMember, Election, OwnersCommittee, Unit

COUNTED_STAGES = ("tallied", "seated", "filed")


@dataclass(frozen=True)
class BallotCount:
    """The counted ballots (a superseded paper ballot is not one) by what they say."""

    total: int
    electronic: int
    abstaining: int  # names nobody
    invalid: int  # names more candidates than seats
    superseded: int  # paper ballots set aside for the same owner's e-vote

    @property
    def valid(self) -> int:
        return self.total - self.abstaining - self.invalid


def count_ballots(session: Session, election: Election) -> BallotCount | None:
    """The stored ballots counted by kind; None when none are on file (an imported result)."""
    rows = session.execute(
        select(Ballot.vote, Ballot.channel, Ballot.superseded).where(
            Ballot.election_id == election.id, Ballot.deleted_at.is_(None))
    ).all()
    if not rows:
        return None
    counted = [(vote, channel) for vote, channel, superseded in rows if not superseded]
    names = [split_names(vote or "") for vote, _ in counted]
    return BallotCount(
        total=len(counted),
        electronic=sum(1 for _, channel in counted if channel == ELECTRONIC),
        abstaining=sum(1 for n in names if not n),
        invalid=sum(1 for n in names if len(n) > election.seats),
        superseded=len(rows) - len(counted),
    )


def _as_tallied(ballots: BallotCount, tally: dict[str, Any]) -> BallotCount:
    """The tally's own invalid and abstaining counts where it gives them (it decides what
    counted); the stored ballots' otherwise."""
    invalid, abstaining = tally.get("invalid_ballots"), tally.get("abstaining_ballots")
    return BallotCount(
        ballots.total, ballots.electronic,
        abstaining if isinstance(abstaining, int) and abstaining >= 0 else ballots.abstaining,
        invalid if isinstance(invalid, int) and invalid >= 0 else ballots.invalid,
        ballots.superseded,
    )


def tally_problems(tally: dict[str, Any], official: list[str], ballots: BallotCount | None) -> list[str]:
    """What in a stored tally contradicts itself, the candidate list or the ballots on file (it
    arrives through sync as any JSON object of the right shape): a notice never posts such figures."""
    problems = []
    total_o, part_o = tally["total_owners"], tally["participating_owners"]
    total_a, part_a = Decimal(tally["total_area"]), Decimal(tally["participating_area"])
    if total_o <= 0 or total_a <= 0:
        problems.append("业主总人数或总面积为零")
    if part_o > total_o or part_a > total_a:
        problems.append("参与表决的人数或面积超过总数")
    rows = tally.get("candidates", [])
    names = [c["name"] for c in rows]
    if any(c["yes_owners"] > part_o or Decimal(c["yes_area"]) > part_a for c in rows):
        problems.append("候选人得票超过参与表决的人数或面积")
    if set(names) - set(official) or set(tally.get("elected", [])) - set(names):
        problems.append("当选人或候选人与候选人名单不符")
    if ballots is not None and ballots.total != part_o:
        problems.append(f"计入的选票{ballots.total}张与参与表决的{part_o}人不一致")
    return problems


def tally_of(session: Session, election: Election) -> dict[str, Any]:
    """The stored tally (elections.tally_json), else a count of the recorded ballots with the
    elections module's tally; NotReady when there is neither."""
    stored = stored_tally(election)
    if stored is not None:
        return stored
    ballots = session.execute(
        select(Ballot.owner_key, Ballot.vote, Ballot.channel).where(
            Ballot.election_id == election.id, Ballot.deleted_at.is_(None),
            Ballot.superseded.is_(False))
    ).all()
    if not ballots:
        raise NotReady(code="printing.not_counted")
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


def alternates_of(session: Session, ctx: ElectionContext, tally: dict[str, Any]) -> list[str]:
    """The alternates this election made: as seated on its committee, else by the ranking."""
    committee = session.scalars(
        select(OwnersCommittee.id).where(OwnersCommittee.election_id == ctx.election.id,
                                         OwnersCommittee.deleted_at.is_(None))
    ).first()
    if committee is not None:
        seated = list(session.scalars(
            select(CommitteeMember.name).where(
                CommitteeMember.committee_id == committee, CommitteeMember.role == "alternate",
                CommitteeMember.deleted_at.is_(None),
            ).order_by(CommitteeMember.rank, CommitteeMember.name)
        ))
        if seated:
            return seated
    return ranking(tally, rt.rules())[1]


def title(ctx: ElectionContext) -> str:
    name = ctx.place.compound.name
    what = {
        "first": "首届业主委员会选举",
        "reelection": "业主委员会换届选举",
        "early": "业主委员会提前换届选举",
        "by_election": "业主委员会补选",
    }.get(ctx.kind, "业主委员会选举")
    return f"{name}{what}结果公告"


def _participation(doc: Doc, tally: dict[str, Any], ballots: BallotCount | None,
                   final: bool) -> None:
    r = rt.rules()
    total_o, total_a = tally["total_owners"], tally["total_area"]
    part_o, part_a = tally["participating_owners"], tally["participating_area"]
    need = rt.zh_threshold(r.quorum)
    if not final:  # still voting: figures so far, no conclusion
        quorum = "人数和面积以投票结束后的计票为准。"
    elif tally["quorum_met"]:
        quorum = f"人数和面积占比均达到{need}，{rt.according_to(r.quorum.origin)}本次会议有效。"
    else:
        quorum = f"人数或面积占比未达到{need}，本次会议未达到法定参与表决条件，选举不发生效力。"
    doc.p(f"本小区业主共{total_o}人，专有部分总面积{area(total_a)}平方米。参与表决的业主{part_o}人，"
          f"占总人数的{share(part_o, total_o)}；参与表决业主的专有部分面积{area(part_a)}平方米，"
          f"占总面积的{share(part_a, total_a)}。参与表决的{quorum}")
    if ballots is not None:
        paper = ballots.total - ballots.electronic
        channels = f"（电子投票{ballots.electronic}张，纸质选票{paper}张）" if ballots.electronic and paper \
            else ""
        doc.p(f"本次会议共计入选票{ballots.total}张{channels}，其中有效选票{ballots.valid}张，"
              f"弃权票{ballots.abstaining}张，无效选票{ballots.invalid}张。"
              + (f"另有{ballots.superseded}名业主既提交纸质选票又进行电子投票，以其电子投票为准，"
                 "纸质选票不重复计入。" if ballots.superseded else ""))


def _votes_table(doc: Doc, tally: dict[str, Any], alternates: list[str], final: bool) -> None:
    part_o, part_a = tally["participating_owners"], tally["participating_area"]
    elected, tied = set(tally.get("elected", [])), set(tally.get("tied_for_last_seat", []) or [])
    rows = []
    for n, cand in enumerate(tally.get("candidates", []), 1):
        name = cand["name"]
        outcome = ("当选" if name in elected else "候补委员" if name in alternates
                   else "得票相同待定" if name in tied else "未当选")
        rows.append([n, name, cand["yes_owners"], share(cand["yes_owners"], part_o),
                     area(cand["yes_area"]), share(cand["yes_area"], part_a),
                     *([outcome] if final else [])])
    doc.table(["序号", "候选人", "同意人数", "占参与人数", "同意面积（平方米）", "占参与面积",
               *(["结果"] if final else [])], rows, numeric=(2, 3, 4, 5))


def _elected(doc: Doc, ctx: ElectionContext, tally: dict[str, Any]) -> None:
    r = rt.rules()
    e = ctx.election
    elected = list(tally.get("elected", []))
    tied = list(tally.get("tied_for_last_seat", []) or [])
    body = f"{ctx.place.compound.name}{ctx.term_name}"
    need = rt.zh_threshold(r.election)
    if not tally["quorum_met"]:
        doc.p(f"本次会议未达到法定参与表决条件，无候选人当选。{ctx.organiser}将依照本小区业主大会议事规则"
              "另行组织选举。")
        return
    if elected:
        doc.p(f"{rt.according_to(r.election.origin)}下列{len(elected)}名候选人经参与表决专有部分面积"
              f"{need}的业主且参与表决人数{need}的业主同意，按得票多少当选为{body}委员："
              f"{'、'.join(elected)}。")
    else:
        doc.p(f"本次选举无候选人获得参与表决专有部分面积{need}的业主且参与表决人数{need}的业主同意，"
              "无候选人当选。")
    remaining = e.seats - len(elected)
    if tied:  # the tally elects none of those tied across the last seat(s): a runoff decides
        doc.p(f"{'、'.join(tied)}得票相同，剩余{remaining}个当选名额须在其中另行投票确定。")
    elif remaining > 0:
        doc.p(f"当选人数少于应选名额{e.seats}名，缺额{remaining}名由{ctx.organiser}依照本小区业主大会"
              "议事规则另行组织选举。")


def _alternates(doc: Doc, alternates: list[str]) -> None:
    r = rt.rules()
    doc.p(f"下列{len(alternates)}名候选人为候补委员（按得票多少排列）：{'、'.join(alternates)}。"
          f"{rt.according_to(r.term.vacancy_origin)}业主委员会委员职务终止的，由业主委员会从候补委员中"
          "按照得票顺序依次递补为委员并予以公示。")


def _guidance(*origins: Source) -> str:
    """"根据《业主大会和业主委员会指导规则》第三十二条、第三十三条的规定，": articles of one text named once."""
    cited = [o.citation for o in origins if o.citation]
    if len(cited) > 1 and all("》" in c for c in cited):
        titles = {c[:c.index("》") + 1] for c in cited}
        if len(titles) == 1:
            title = titles.pop()
            return f"根据{title}{'、'.join(c[len(title):] for c in cited)}的规定，"
    return rt.according_to(*origins)


def _after(doc: Doc, ctx: ElectionContext) -> None:
    r = rt.rules()
    bodies = f"{housing_department(ctx)}和{ctx.place.street_office}"
    if ctx.kind != "by_election":
        doc.p(f"{_guidance(r.term.first_meeting_origin, r.periods.filing_origin)}业主委员会应当自选举"
              f"产生之日起{r.term.first_meeting_days}日内召开首次会议，推选业主委员会主任、副主任，并自选举"
              f"产生之日起{r.periods.filing_days}日内向{bodies}备案。")
    else:
        # no verified text sets a by-election's filing period (第四十一条's 15 days are for alternates
        # stepping in, 指导规则第三十三条's 30 for a committee's election): the bodies only
        doc.p(f"补选产生的委员名单由业主委员会报{bodies}备案。")


def result_notice(session: Session, election_id: str) -> DocumentSpec:
    ctx = load(session, election_id)
    e = ctx.election
    tally = tally_of(session, e)
    r = rt.rules()
    ballots = count_ballots(session, e)
    ballots = ballots and _as_tallied(ballots, tally)
    alternates = alternates_of(session, ctx, tally) if tally["quorum_met"] else []
    name = ctx.place.compound.name
    doc = Doc(title(ctx), kind="result-notice", keep=(ctx.place.compound.name,))
    doc.to("全体业主")
    period = vote_period(ctx)
    held = f"于{period}" if period else ""
    final = e.stage in COUNTED_STAGES
    if not final:  # a provisional count for checking: figures so far, no conclusion drawn
        doc.p(f"{name}{ctx.assembly_name}{held}以{method(ctx)}的方式召开，{purpose(ctx)}，投票尚未结束。"
              "现将截至目前的计票情况列明如下：")
        doc.h1("参与表决情况")
        _participation(doc, tally, ballots, final)
        doc.h1("候选人得票情况")
        _votes_table(doc, tally, [], final)
        doc.p("以上为截至目前的统计，选举结果以投票结束后的计票为准，届时另行公告。")
        doc.sign(ctx.issuer, None)
        doc.draft("投票尚未结束，计票结果未经确认，不能作为选举结果公告")
        return doc.spec()
    doc.p(f"{name}{ctx.assembly_name}{held}以{method(ctx)}的方式召开，{purpose(ctx)}。"
          "经公开计票，现将选举结果公告如下：")
    doc.h1("参与表决情况")
    _participation(doc, tally, ballots, final)
    doc.h1("候选人得票情况")
    _votes_table(doc, tally, alternates, final)
    doc.h1("当选委员")
    _elected(doc, ctx, tally)
    if tally["quorum_met"] and alternates:
        doc.h1("候补委员")
        _alternates(doc, alternates)
    elif tally["quorum_met"] and tally.get("elected"):
        doc.p("本次选举未产生候补委员。")
    doc.h1("异议期")
    days = r.procedure.result_objection.days
    doc.p(f"业主对选举结果有异议的，请自本公告发布之日起{days}日内，以书面形式实名向{ctx.organiser}提出，"
          f"并提供相关事实和依据；也可向{ctx.place.street_office}或{ctx.place.party_committee}反映。")
    if tally["quorum_met"] and tally.get("elected"):
        doc.h1("首次会议和备案" if ctx.kind != "by_election" else "备案")
        _after(doc, ctx)
    doc.closing()
    doc.sign(ctx.issuer, e.result_published_on)
    official = [c.name for c in candidates_of(session, e.id)]
    for problem in tally_problems(tally, official, ballots):
        doc.draft(f"计票记录有误：{problem}，请重新计票后再公告")
    if ballots is not None and ballots.invalid and not isinstance(tally.get("invalid_ballots"), int):
        # a tally that knows invalid ballots leaves their names out; an older one counted them
        doc.draft(f"有{ballots.invalid}张选票所选人数超过应选名额，应为无效票，但计票结果计入了这些选票，"
                  "请核对计票")
    return doc.spec()
