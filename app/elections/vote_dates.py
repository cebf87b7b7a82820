"""When owners may vote: after the candidate notice and objection window, and at least the
assembly notice period after the owners' assembly was announced (物业管理条例第十四条). Pure
date rules, so the vote-date editor and the workflow's guard refuse exactly the same things."""

from __future__ import annotations

from datetime import date, timedelta

from app.elections.stages import stage_name
from app.messages import Problem, problem
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


def vote_start_problem(election: Election, start: date, rules: Rules) -> Problem | None:
    """Why voting cannot start on `start`, naming the rule that sets the earliest allowed day
    (the later of the two, so following the message satisfies both)."""
    objection, assembly = objection_vote_start(election, rules), assembly_vote_start(election, rules)
    announced = assembly_announced_on(election)
    if assembly is not None and announced is not None and start < assembly and \
            (objection is None or assembly >= objection):
        if election.assembly_notice_on is not None:
            return problem("vote.start_before_notice", start=start,
                           days=rules.assembly_notice_days, announced=announced,
                           earliest=assembly, source=rules.assembly_notice_origin.label())
        return problem("vote.start_before_candidates_notice", start=start,
                       days=rules.assembly_notice_days, announced=announced, earliest=assembly,
                       source=rules.assembly_notice_origin.label())
    if objection is not None and start < objection:
        return problem("vote.start_in_objection_period", start=start,
                       objection_end=objection - timedelta(days=1), earliest=objection,
                       source=rules.periods.origin.label())
    return None


def vote_arrangement_problem(
    election: Election, start: date | None, end: date | None, place: str, rules: Rules,
) -> Problem | None:
    """Why these vote dates and place cannot be saved (None when they can). Pure, so the editor
    can show it as the caseworker types and the save refuses exactly the same things."""
    if election.stage not in VOTE_ARRANGEMENT_STAGES:
        names = [stage_name(s, election.kind, rules) for s in VOTE_ARRANGEMENT_STAGES]
        return problem("vote.arrangement_stage", first=names[0], second=names[1],
                       stage=stage_name(election.stage, election.kind, rules))
    if start is None or end is None:
        return problem("vote.dates_required")
    if end < start:
        return problem("vote.end_before_start", end=end, start=start)
    too_early = vote_start_problem(election, start, rules)
    if too_early is not None:
        return too_early
    place = place.strip()
    if not place:
        return problem("vote.place_required")
    if len(place) > VOTE_PLACE_MAX:
        return problem("vote.place_too_long", length=len(place), limit=VOTE_PLACE_MAX)
    return None
