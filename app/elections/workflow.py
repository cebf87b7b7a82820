"""The election state machine: every stage change goes through `advance` (or a checkpoint
sign-off), each with its guard; deadlines come from the rules file.

Stages (db.models.elections.ELECTION_STAGES): application → checkpoint_timing (筹备时机关) →
group_formed → checkpoint_group (筹备组人选关) → candidates_nominated → checkpoint_candidates
(业委会人选关) → candidate_notice (公示与异议期) → voting → tallied (计票与结果公告) → filed (备案)
→ seated (业委会就任). A by-election has no preparatory group: it goes from application straight
to candidates_nominated.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.checks import candidates, group_members
from app.elections.stored_tally import stored_tally
from app.errors import BadInput
from app.rules import Rules
from db.models import Candidate, CommitteeMember, Compound, Election, OwnersCommittee
from db.models.elections import ELECTION_STAGES

STAGE_NAMES = {
    "application": "申请",
    "checkpoint_timing": "筹备时机关",
    "group_formed": "成立筹备组",
    "checkpoint_group": "筹备组人选关",
    "candidates_nominated": "提名候选人",
    "checkpoint_candidates": "业委会人选关",
    "candidate_notice": "候选人公示",
    "voting": "业主大会投票",
    "tallied": "计票与结果公告",
    "filed": "备案",
    "seated": "业委会就任",
}
KIND_NAMES = {"first": "首次选举", "reelection": "换届选举", "by_election": "补选"}
CHECKPOINT_STAGE = {
    "timing": "checkpoint_timing", "group": "checkpoint_group", "candidates": "checkpoint_candidates",
}
STAGE_CHECKPOINT = {stage: cp for cp, stage in CHECKPOINT_STAGE.items()}
# Where an approval leads, and where a return sends the election back to.
APPROVED_NEXT = {"timing": "group_formed", "group": "candidates_nominated", "candidates": "candidate_notice"}
RETURNED_TO = {"timing": "application", "group": "group_formed", "candidates": "candidates_nominated"}


def stages_for(kind: str) -> tuple[str, ...]:
    """The stages an election of this kind passes through (by-elections skip the group)."""
    if kind == "by_election":
        skipped = {"checkpoint_timing", "group_formed", "checkpoint_group"}
        return tuple(s for s in ELECTION_STAGES if s not in skipped)
    return ELECTION_STAGES


@dataclass(frozen=True)
class Move:
    """A stage change a caseworker may ask for (checkpoint decisions are sign-offs instead)."""

    source: str
    target: str
    label: str


MOVES = (
    Move("application", "checkpoint_timing", "提交筹备时机审核"),
    Move("application", "candidates_nominated", "开始提名候选人（补选）"),
    Move("group_formed", "checkpoint_group", "提交筹备组人选审核"),
    Move("candidates_nominated", "checkpoint_candidates", "提交候选人审核"),
    Move("candidate_notice", "voting", "公示期满，开始投票"),
    Move("voting", "tallied", "计票并公告结果"),
    Move("tallied", "filed", "登记备案"),
    Move("filed", "seated", "业委会就任"),
)


def notice_end(election: Election, rules: Rules) -> date | None:
    """Last day of the candidate notice and objection window."""
    if election.notice_published_on is None:
        return None
    days = max(rules.periods.candidate_notice_days, rules.periods.objection_days)
    return election.notice_published_on + timedelta(days=days - 1)


def deadline(election: Election, rules: Rules) -> date | None:
    """By when the current stage should be done (None once seated or with no start date)."""
    stage = election.stage
    if stage == "seated":
        return None
    if stage == "tallied":
        start = election.result_published_on or election.stage_since
        return start + timedelta(days=rules.periods.filing_days) if start else None
    if election.stage_since is None:
        return None
    due = election.stage_since + timedelta(days=rules.stage_days[stage])
    if stage == "candidate_notice":
        end = notice_end(election, rules)
        if end is not None:
            due = max(due, end + timedelta(days=1))
    return due


def days_left(election: Election, rules: Rules, today: date) -> int | None:
    """Countdown to the stage's deadline; negative when overdue."""
    due = deadline(election, rules)
    return None if due is None else (due - today).days


def is_overdue(election: Election, rules: Rules, today: date) -> bool:
    left = days_left(election, rules, today)
    return left is not None and left < 0


def set_stage(election: Election, stage: str, today: date) -> None:
    election.stage = stage
    election.stage_since = today


def available_moves(election: Election) -> list[Move]:
    allowed = stages_for(election.kind)
    return [
        m for m in MOVES
        if m.source == election.stage and m.target in allowed
        and (m.target != "candidates_nominated" or election.kind == "by_election")
        and (m.target != "checkpoint_timing" or election.kind != "by_election")
    ]


Guard = Callable[[Session, Election, Rules, date], None]


def _guard_applied(session: Session, election: Election, rules: Rules, today: date) -> None:
    if election.applied_on is None:
        raise BadInput("先登记申请日期（applied_on）再提交审核")


def _guard_group(session: Session, election: Election, rules: Rules, today: date) -> None:
    if not group_members(session, election.id):
        raise BadInput("筹备组还没有成员")


def _guard_candidates(session: Session, election: Election, rules: Rules, today: date) -> None:
    if not candidates(session, election.id):
        raise BadInput("还没有候选人")


def _guard_signoffs_current(session: Session, election: Election) -> None:
    """Names approved at a checkpoint must still be the names on file when owners vote."""
    from app.elections.service import stale_signoffs

    stale = [cp for cp in stale_signoffs(session, election) if cp in ("group", "candidates")]
    if stale:
        names = {"group": "筹备组人选关", "candidates": "业委会人选关"}
        raise BadInput(
            f"审核后名单已变更（{'、'.join(names[cp] for cp in stale)}），须撤销后重新审核签署"
        )


def _guard_notice_over(session: Session, election: Election, rules: Rules, today: date) -> None:
    _guard_signoffs_current(session, election)
    end = notice_end(election, rules)
    if end is None or today <= end:
        raise BadInput(f"公示与异议期至 {end} 止，期满后才能开始投票")
    from app.elections.service import vote_start_problem

    problem = vote_start_problem(election, election.vote_start or today, rules)
    if problem:  # the vote also waits for the assembly notice period (物业管理条例第十四条)
        raise BadInput(problem)


def _guard_tally(session: Session, election: Election, rules: Rules, today: date) -> None:
    from app.elections.ballots import election_tally

    _guard_signoffs_current(session, election)
    result = election_tally(session, election, rules)
    if not result.quorum_met:
        raise BadInput(
            f"参与表决未达法定比例：尚差 {result.missing_owners} 名业主、{result.missing_area} m²"
        )
    elected = len(result.elected)
    if election.kind == "by_election":
        if elected == 0:
            raise BadInput("补选无人当选")
    elif not rules.committee.size_ok(elected):
        committee = rules.committee
        raise BadInput(
            f"当选 {elected} 人，业委会须 {committee.min_size}–{committee.max_size} 人且为单数"
            f"（{committee.origin.source}）"
        )
    election.tally_json = json.dumps(result.as_json(), ensure_ascii=False, sort_keys=True)
    election.result_published_on = today
    election.vote_end = election.vote_end or today


def _guard_filed(session: Session, election: Election, rules: Rules, today: date) -> None:
    election.filed_on = today


GUARDS: dict[str, Guard] = {
    "checkpoint_timing": _guard_applied,
    "checkpoint_group": _guard_group,
    "checkpoint_candidates": _guard_candidates,
    "voting": _guard_notice_over,
    "tallied": _guard_tally,
    "filed": _guard_filed,
}


def advance(session: Session, election: Election, target: str, rules: Rules, today: date) -> None:
    """Move the election to `target` if a move allows it and its guard holds (else BadInput)."""
    if not any(m.target == target for m in available_moves(election)):
        raise BadInput(
            f"不能从“{STAGE_NAMES[election.stage]}”直接进入“{STAGE_NAMES.get(target, target)}”"
            + ("（关口须签署审核）" if election.stage in STAGE_CHECKPOINT else "")
        )
    guard = GUARDS.get(target)
    if guard is not None:
        guard(session, election, rules, today)
    if target == "voting":
        election.vote_start = election.vote_start or today
    if target == "seated":
        seat_committee(session, election, today)
    set_stage(election, target, today)


def seat_committee(session: Session, election: Election, today: date) -> OwnersCommittee:
    """The elected become the compound's owners' committee; the residents' committee stops acting."""
    tally = stored_tally(election)
    if tally is None or "elected" not in tally:
        raise BadInput("没有有效的计票结果，不能就任")
    elected = tally["elected"]
    by_name = {c.name: c for c in candidates(session, election.id)}
    compound = session.get(Compound, election.compound_id)
    if compound is None:
        raise BadInput("选举所属小区不存在")
    active = list(session.scalars(select(OwnersCommittee).where(
        OwnersCommittee.compound_id == compound.id, OwnersCommittee.status == "active",
        OwnersCommittee.deleted_at.is_(None),
    )))
    if election.kind == "by_election" and active:
        committee = active[0]
    else:
        for old in active:
            old.status = "expired"
            old.term_end = old.term_end or today
        committee = OwnersCommittee(
            compound_id=compound.id, election_id=election.id, term_start=today, status="active",
            filed_on=election.filed_on,
        )
        session.add(committee)
        session.flush()
    for name in elected:
        candidate: Candidate | None = by_name.get(name)
        session.add(CommitteeMember(
            committee_id=committee.id, name=name, role="member",
            is_party_member=bool(candidate and candidate.is_party_member),
            unit_id=candidate.unit_id if candidate else None,
        ))
        if candidate is not None:
            candidate.status = "elected"
    compound.committee_status = "active"
    compound.residents_committee_acting = False
    return committee
