"""The periods around the vote that the procedure rules set ([procedure] in the rules file):
the preparatory group's owner representatives are published before the group acts (Shenzhen
regulations Art. 20), and the result notice has an objection period before the committee is
filed. A period of N days starts on its publication day, so its last day is that day + N − 1,
as the candidate notice counts (app/elections/workflow.notice_end)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from app.elections.check_item import Check
from app.errors import BadInput
from app.messages import Problem, problem
from app.rules import Rules
from db.models import Election
from db.store import Store


def period_end(published: date, days: int) -> date:
    """Last day of an N-day period that starts on its publication day (N = 0: none)."""
    return published + timedelta(days=days - 1)


def reps_may_act_on(election: Election, rules: Rules) -> date | None:
    """The first day the group may act on its published owner representatives."""
    if election.reps_published_on is None:
        return None
    return period_end(election.reps_published_on, rules.procedure.reps_publication.days) + timedelta(days=1)


def reps_publication_check(session: Session, election: Election, rules: Rules, today: date) -> Check:
    """筹备组人选关: the owner representatives were published, and the period is over by `today`
    (the day the group's make-up is signed)."""
    del session  # the election row holds the date; kept for the agreed signature
    rule = rules.procedure.reps_publication
    title = problem("group.reps_published_title", days=rule.days)
    published = election.reps_published_on
    if published is None:
        missing = problem("group.reps_not_published")
        return Check("group.reps_published", str(title), False, str(missing), rule.origin, False,
                     title, missing)
    may_act = reps_may_act_on(election, rules)
    assert may_act is not None
    ok = today >= may_act
    detail = problem("group.reps_published_found", published=str(published),
                     end=str(period_end(published, rule.days)),
                     wait="" if ok else problem("group.reps_wait", day=str(may_act)))
    return Check("group.reps_published", str(title), ok, str(detail), rule.origin, False, title,
                 detail)


def result_objection_end(election: Election, rules: Rules) -> date | None:
    if election.result_published_on is None:
        return None
    return period_end(election.result_published_on, rules.procedure.result_objection.days)


def result_objection_problem(election: Election, rules: Rules, today: date) -> Problem | None:
    """Why the result cannot be filed on `today`: not published, or its objection period runs."""
    rule = rules.procedure.result_objection
    end = result_objection_end(election, rules)
    if end is None:
        return problem("filing.result_unpublished", days=rule.days, source=rule.origin.source)
    if today <= end:
        return problem("filing.objection_period", end=end, days=rule.days,
                       source=rule.origin.source, first_day=end + timedelta(days=1))
    return None


GROUP_STAGES = ("application", "checkpoint_timing", "group_formed", "checkpoint_group")


def set_reps_published(session: Session, election: Election, day: date | None, today: date) -> None:
    """Record the day the group's owner representatives were published (Shenzhen regs Art. 20);
    fixed once 筹备组人选关 is behind the election (what it approved rests on it)."""
    if election.stage not in GROUP_STAGES:
        raise BadInput(code="election.reps_date_locked")
    if day is not None and day > today:
        raise BadInput(code="election.reps_date_future", day=day)
    if day is not None and election.applied_on is not None and day < election.applied_on:
        raise BadInput(code="election.reps_date_before_application", day=day,
            applied_on=election.applied_on)
    election.reps_published_on = day
    session.flush()


def save_reps_published(store: Store, election_id: str, day: date | None, today: date) -> None:
    """The screen's action: set_reps_published in one transaction."""
    with store.transaction() as session:
        election = session.get(Election, election_id)
        if election is None or election.deleted_at is not None:
            raise BadInput(code="election.not_found_id", election_id=election_id)
        set_reps_published(session, election, day, today)
