"""The election state machine: every stage change goes through `advance` (or a checkpoint
sign-off), each with its guard; each kind's stages, names and deadlines come from the rules
file ([kinds.*], read through app.elections.stages).

The moves are derived from the kind's stage list: from each stage that is not a checkpoint to
the next one (a checkpoint is left only by a signed decision, app.elections.signoff). The tail
is the same for every kind: voting → tallied (the tally stored, the committee record made:
app.committee.seating) → seated (its first meeting chose 主任/副主任, 指导规则第三十二条) →
filed (备案, 第三十三条).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from sqlalchemy.orm import Session

from app.committee.filing import filing_problem
from app.committee.officers import first_meeting_problem
from app.committee.seating import seat_committee
from app.elections.ballots import election_tally
from app.elections.checks import candidates, group_members
from app.elections.stages import (
    CHECKPOINT_STAGE,
    FINAL_STAGE,
    KIND_NAMES,
    STAGE_CHECKPOINT,
    STAGE_NAMES,
    flow,
    set_stage,
    stage_name,
    stages_for,
)
from app.elections.standing import stale_signoffs
from app.elections.vote_dates import notice_end, vote_start_problem
from app.errors import BadInput
from app.messages import Problem, problem
from app.rules import Rules
from app.rules_kinds import LAW_TIMED
from db.models import Election

__all__ = [
    "CHECKPOINT_STAGE", "KIND_NAMES", "STAGE_CHECKPOINT", "STAGE_NAMES", "Move", "advance",
    "available_moves", "days_left", "deadline", "is_overdue", "moves_for", "notice_end",
    "set_stage", "stages_for",
]

# What a move into each stage is called on its button (checkpoints: "提交…审核").
MOVE_LABELS = {
    "candidates_nominated": "开始提名候选人",
    "voting": "公示期满，开始投票",
    "tallied": "计票并公告结果",
    "seated": "登记首次会议（推选主任、副主任）",
    "filed": "登记备案",
}


@dataclass(frozen=True)
class Move:
    """A stage change a caseworker may ask for (checkpoint decisions are sign-offs instead)."""

    source: str
    target: str
    label: str
    label_msg: Problem | None = None  # the label by code, for a screen in another language


def moves_for(kind: str, rules: Rules | None = None) -> list[Move]:
    """Every move of this kind: from each non-checkpoint stage to the next in its list."""
    stages = stages_for(kind, rules)
    moves = []
    for source, target in pairwise(stages):
        if source in STAGE_CHECKPOINT:
            continue
        name = stage_name(target, kind, rules)
        if target in STAGE_CHECKPOINT:
            submit = problem("election.submit_checkpoint", name=name)
            moves.append(Move(source, target, str(submit), submit))
        else:
            moves.append(Move(source, target, MOVE_LABELS.get(target, name)))
    return moves


def available_moves(election: Election, rules: Rules | None = None) -> list[Move]:
    return [m for m in moves_for(election.kind, rules) if m.source == election.stage]


def deadline(election: Election, rules: Rules) -> date | None:
    """By when the current stage should be done (None once filed or with no start date). The
    district's working limits per kind ([kinds.<kind>.stage_days]); after the vote the law's:
    the first meeting within [term.first_meeting] days and filing within [filing] days of the
    election."""
    stage = election.stage
    found = flow(election.kind, rules)
    if found is None or stage not in found.stages:
        raise LookupError(f"{election.kind}/{stage} is not a stage of a known kind")
    if stage == FINAL_STAGE:
        return None
    if stage in LAW_TIMED:
        start = election.result_published_on or election.stage_since
        days = rules.term.first_meeting_days if stage == "tallied" else rules.periods.filing_days
        return start + timedelta(days=days) if start else None
    if election.stage_since is None:
        return None
    due = election.stage_since + timedelta(days=found.stage_days[stage])
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


Guard = Callable[[Session, Election, Rules, date], None]


def _guard_applied(session: Session, election: Election, rules: Rules, today: date) -> None:
    if election.applied_on is None:
        raise BadInput(code="election.applied_on_first")
    found = flow(election.kind, rules)
    if found is not None and found.triggers and found.trigger(election.trigger) is None:
        raise BadInput(code="election.trigger_first", kind=found.name,
                       triggers=[t.title for t in found.triggers])


def _guard_group(session: Session, election: Election, rules: Rules, today: date) -> None:
    if not group_members(session, election.id):
        raise BadInput(code="election.group_empty",
            stage=stage_name('group_formed', election.kind, rules))


def _guard_candidates(session: Session, election: Election, rules: Rules, today: date) -> None:
    if not candidates(session, election.id):
        raise BadInput(code="election.no_candidates")


def _guard_signoffs_current(session: Session, election: Election, rules: Rules) -> None:
    """Names approved at a checkpoint must still be the names on file when owners vote."""
    stale = [cp for cp in stale_signoffs(session, election) if cp in ("group", "candidates")]
    if stale:
        names = [stage_name(CHECKPOINT_STAGE[cp], election.kind, rules) for cp in stale]
        raise BadInput(code="election.list_changed_after_signoff", stages=names)


def _guard_notice_over(session: Session, election: Election, rules: Rules, today: date) -> None:
    _guard_signoffs_current(session, election, rules)
    end = notice_end(election, rules)
    if end is None or today <= end:
        raise BadInput(code="election.notice_period_running", end=end)
    problem = vote_start_problem(election, election.vote_start or today, rules)
    if problem:  # the vote also waits for the assembly notice period (物业管理条例第十四条)
        raise BadInput(problem)


def _guard_tally(session: Session, election: Election, rules: Rules, today: date) -> None:
    """The result stands (quorum, committee size), is stored, and the committee record is made."""
    _guard_signoffs_current(session, election, rules)
    result = election_tally(session, election, rules)
    if not result.quorum_met:
        raise BadInput(code="election.quorum_missing", missing_owners=result.missing_owners,
            missing_area=result.missing_area)
    elected = len(result.elected)
    if election.kind == "by_election":
        if elected == 0:
            raise BadInput(code="election.by_election_none_elected")
    elif not rules.committee.size_ok(elected):
        committee = rules.committee
        raise BadInput(code="election.elected_size", elected=elected, min_size=committee.min_size,
            max_size=committee.max_size, source=committee.origin.source)
    election.tally_json = json.dumps(result.as_json(), ensure_ascii=False, sort_keys=True)
    election.result_published_on = today
    election.vote_end = election.vote_end or today
    seat_committee(session, election, rules, today)  # members ranked, alternates after them


def _guard_seated(session: Session, election: Election, rules: Rules, today: date) -> None:
    """The committee's first meeting was held and chose its 主任 (指导规则第三十二条)."""
    problem = first_meeting_problem(session, election, rules, today)
    if problem:
        raise BadInput(problem)


def _guard_filed(session: Session, election: Election, rules: Rules, today: date) -> None:
    """Filed with both bodies, the materials complete (指导规则第三十三条)."""
    problem = filing_problem(session, election, rules, today)
    if problem:
        raise BadInput(problem)
    election.filed_on = election.filed_on or today


GUARDS: dict[str, Guard] = {
    "checkpoint_timing": _guard_applied,
    "checkpoint_group": _guard_group,
    "checkpoint_candidates": _guard_candidates,
    "voting": _guard_notice_over,
    "tallied": _guard_tally,
    "seated": _guard_seated,
    "filed": _guard_filed,
}


def advance(session: Session, election: Election, target: str, rules: Rules, today: date) -> None:
    """Move the election to `target` if a move of its kind allows it and the guard holds."""
    if not any(m.target == target for m in available_moves(election, rules)):
        stage, to_stage = (stage_name(election.stage, election.kind, rules),
                           stage_name(target, election.kind, rules))
        if election.stage in STAGE_CHECKPOINT:
            raise BadInput(code="election.bad_move_checkpoint", stage=stage, to_stage=to_stage)
        raise BadInput(code="election.bad_move", stage=stage, to_stage=to_stage)
    guard = GUARDS.get(target)
    if guard is not None:
        guard(session, election, rules, today)
    if target == "voting":
        election.vote_start = election.vote_start or today
    set_stage(election, target, today)
