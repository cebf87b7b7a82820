"""When owners may vote: after the candidate notice and objection window, and at least the
assembly notice period after the owners' assembly was announced (物业管理条例第十四条). Pure
date rules, so the vote-date editor and the workflow's guard refuse exactly the same things."""

from __future__ import annotations

from datetime import date, timedelta

from app.elections.stages import stage_name
from app.rules import Rules
from db.models import Election

# The owners' assembly vote is arranged once the candidate list is public, and fixed at the tally.
VOTE_ARRANGEMENT_STAGES = ("candidate_notice", "voting")
VOTE_PLACE_MAX = 120  # the column's length


def notice_end(election: Election, rules: Rules) -> date | None:
    """Last day of the candidate notice and objection window."""
    if election.notice_published_on is None:
        return None
    days = max(rules.periods.candidate_notice_days, rules.periods.objection_days)
    return election.notice_published_on + timedelta(days=days - 1)


def objection_vote_start(election: Election, rules: Rules) -> date | None:
    """The day after the objection window closes (None if no window is on file, e.g. an
    imported election)."""
    ends = [d for d in (election.objection_until, notice_end(election, rules)) if d is not None]
    return max(ends) + timedelta(days=1) if ends else None


def assembly_announced_on(election: Election) -> date | None:
    """When the owners' assembly was announced: its own notice date when recorded, else the
    candidate notice's publication (the assembly notice cannot go out earlier, so a vote too
    close to that date is surely too close to the real one)."""
    return election.assembly_notice_on or election.notice_published_on


def assembly_vote_start(election: Election, rules: Rules) -> date | None:
    """The first day the assembly may meet: `assembly_notice_days` after it was announced
    (物业管理条例第十四条: 会议召开15日以前通知), None while no announcement is on file."""
    announced = assembly_announced_on(election)
    return announced + timedelta(days=rules.assembly_notice_days) if announced else None


def earliest_vote_start(election: Election, rules: Rules) -> date | None:
    """The first day owners may vote: after the objection window and the assembly notice period
    (None if neither is on file)."""
    starts = [d for d in (objection_vote_start(election, rules),
                          assembly_vote_start(election, rules)) if d is not None]
    return max(starts) if starts else None


def vote_start_problem(election: Election, start: date, rules: Rules) -> str | None:
    """Why voting cannot start on `start`, naming the rule that sets the earliest allowed day
    (the later of the two, so following the message satisfies both)."""
    objection, assembly = objection_vote_start(election, rules), assembly_vote_start(election, rules)
    announced = assembly_announced_on(election)
    if assembly is not None and announced is not None and start < assembly and \
            (objection is None or assembly >= objection):
        basis = (f"业主大会会议公告日 {announced}" if election.assembly_notice_on is not None
                 else f"以候选人公示日 {announced} 为公告日")
        return (f"投票开始日期 {start} 须在业主大会会议公告 {rules.assembly_notice_days} 日以后"
                f"（{basis}，最早 {assembly}；{rules.assembly_notice_origin.label_zh()}）")
    if objection is not None and start < objection:
        return (f"投票开始日期 {start} 须在异议期满之后（异议期至 {objection - timedelta(days=1)} 止，"
                f"最早 {objection}；{rules.periods.origin.label_zh()}）")
    return None


def vote_arrangement_problem(
    election: Election, start: date | None, end: date | None, place: str, rules: Rules,
) -> str | None:
    """Why these vote dates and place cannot be saved (None when they can). Pure, so the editor
    can show it as the caseworker types and the save refuses exactly the same things."""
    if election.stage not in VOTE_ARRANGEMENT_STAGES:
        names = [stage_name(s, election.kind, rules) for s in VOTE_ARRANGEMENT_STAGES]
        return (f"表决安排只能在“{names[0]}”和“{names[1]}”阶段登记，"
                f"现为“{stage_name(election.stage, election.kind, rules)}”")
    if start is None or end is None:
        return "请填写投票开始和结束日期"
    if end < start:
        return f"投票结束日期 {end} 早于开始日期 {start}"
    too_early = vote_start_problem(election, start, rules)
    if too_early is not None:
        return too_early
    place = place.strip()
    if not place:
        return "请填写投票地点"
    if len(place) > VOTE_PLACE_MAX:
        return f"投票地点过长（{len(place)} 字，最多 {VOTE_PLACE_MAX} 字）"
    return None
