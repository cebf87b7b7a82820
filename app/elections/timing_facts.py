"""The facts each kind's 筹备时机关 checks, recorded by the caseworker: why a by-election or an
early re-election is held (its trigger), when the sitting committee reported a re-election to
the street office, the community party committee's opinion on a first election; and the day
the owners' assembly was announced. Bad input changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from app.elections.stages import flow, stage_name, stages_for
from app.errors import BadInput
from app.messages import Problem, problem
from app.rules import Rules
from db.models import Election
from db.types import clean_text

OPINION_MAX = 2000  # characters of the party committee's opinion kept


@dataclass(frozen=True)
class TimingFacts:
    trigger: str | None = None
    reported_on: date | None = None
    party_opinion_on: date | None = None
    party_opinion: str = ""


def _editable_until(election: Election, stage: str, rules: Rules) -> None:
    stages = stages_for(election.kind, rules)
    if election.stage in stages and stage in stages and \
            stages.index(election.stage) > stages.index(stage):
        raise BadInput(code="election.stage_passed_locked",
            stage=stage_name(stage, election.kind, rules))


def timing_facts_problem(election: Election, facts: TimingFacts, rules: Rules, today: date
                         ) -> Problem | None:
    """Why these facts cannot be saved for this election (None when they can)."""
    found = flow(election.kind, rules)
    if found is None:
        return problem("election.kind_unknown")
    if facts.trigger is not None and found.trigger(facts.trigger) is None:
        return problem("election.trigger_unknown", kind=found.name, trigger=facts.trigger,
                       allowed=[t.title for t in found.triggers] or ["无"])
    for day, what in ((facts.reported_on, "报告日期"), (facts.party_opinion_on, "党组织意见日期")):
        if day is not None and day > today:
            return problem("election.fact_date_future", what=what, day=day)
    opinion = facts.party_opinion.strip()
    if facts.party_opinion_on is not None and not opinion:
        return problem("election.party_opinion_required")
    if opinion and facts.party_opinion_on is None:
        return problem("election.party_opinion_date_required")
    if len(opinion) > OPINION_MAX:
        return problem("election.party_opinion_too_long", length=len(opinion), limit=OPINION_MAX)
    return None


def update_timing_facts(session: Session, election: Election, facts: TimingFacts, rules: Rules,
                        today: date) -> None:
    """Record the facts 筹备时机关 checks; only until that checkpoint is passed (they are signed)."""
    _editable_until(election, "checkpoint_timing", rules)
    facts = TimingFacts(facts.trigger, facts.reported_on, facts.party_opinion_on,
                        clean_text(facts.party_opinion).strip())
    problem = timing_facts_problem(election, facts, rules, today)
    if problem is not None:
        raise BadInput(problem)
    election.trigger = facts.trigger
    election.reported_on = facts.reported_on
    election.party_opinion_on = facts.party_opinion_on
    election.party_opinion = facts.party_opinion
    session.flush()


def update_assembly_notice(session: Session, election: Election, day: date | None, rules: Rules,
                           today: date) -> None:
    """The day the owners' assembly was announced to all owners (物业管理条例第十四条: at least
    15 days before it meets); fixed once the vote has started."""
    _editable_until(election, "candidate_notice", rules)
    if day is not None and day > today:
        raise BadInput(code="election.assembly_notice_future", day=day)
    if day is not None and election.notice_published_on is not None \
            and day < election.notice_published_on:
        raise BadInput(code="election.assembly_notice_before_candidates", day=day,
            notice_published_on=election.notice_published_on)
    election.assembly_notice_on = day
    session.flush()

