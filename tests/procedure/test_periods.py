"""Periods around the vote ([procedure] in the rules file, district settings): the preparatory
group's owner representatives are published (《深圳经济特区物业管理条例》第二十条) for N days before
the group acts; the result notice's objection period is over before filing. A period starts on
its publication day (day 1)."""

from __future__ import annotations

from datetime import date, timedelta

from app.elections.checks import group_checks
from app.elections.procedure import reps_publication_check, result_objection_problem
from app.rules import load_rules
from db.models import Election
from db.store import Store
from tests.procedure.conftest import Place

RULES = load_rules()
PUBLISHED = date(2026, 3, 1)


def test_reps_publication_boundary(store: Store, place: Place) -> None:
    """5 days from 1 March: the period's last day is 5 March, the group acts from 6 March."""
    days = RULES.procedure.reps_publication.days
    assert days == 5
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="first", reps_published_on=PUBLISHED)
        last = PUBLISHED + timedelta(days=days - 1)
        inside = reps_publication_check(session, election, RULES, last)
        after = reps_publication_check(session, election, RULES, last + timedelta(days=1))
    assert not inside.passed and inside.blocks and not inside.origin.is_law
    assert after.passed and after.code == "group.reps_published"


def test_reps_not_published_fails(store: Store, place: Place) -> None:
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="first")
        check = reps_publication_check(session, election, RULES, PUBLISHED)
    assert not check.passed and "未登记" in check.detail


def test_group_checks_include_it_when_the_group_acts(store: Store, place: Place) -> None:
    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="first")
        session.add(election)
        session.flush()
        acting = {c.code for c in group_checks(session, election, RULES, PUBLISHED)}
        listing = {c.code for c in group_checks(session, election, RULES)}
    assert "group.reps_published" in acting and "group.reps_published" not in listing


def test_result_objection_boundary() -> None:
    """7 days from the result notice of 1 March: filing is refused up to 7 March, allowed 8 March."""
    days = RULES.procedure.result_objection.days
    election = Election(kind="first", result_published_on=PUBLISHED)
    last = PUBLISHED + timedelta(days=days - 1)
    problem = str(result_objection_problem(election, RULES, last))
    assert "异议期" in problem and str(last) in problem
    assert result_objection_problem(election, RULES, last + timedelta(days=1)) is None


def test_result_not_published_cannot_be_filed() -> None:
    problem = str(result_objection_problem(Election(kind="first"), RULES, PUBLISHED))
    assert "尚未公告" in problem


def test_reps_date_is_fixed_once_the_group_is_signed(store: Store, place: Place) -> None:
    """The date 筹备组人选关 rests on: not in the future, not before the application, and not
    changed once the checkpoint is behind the election."""
    import pytest

    from app.elections.procedure import set_reps_published
    from app.errors import BadInput

    with store.transaction() as session:
        election = Election(compound_id=place.compound_id, kind="first", stage="group_formed",
                            applied_on=date(2026, 2, 1))
        session.add(election)
        session.flush()
        with pytest.raises(BadInput, match="晚于今天"):
            set_reps_published(session, election, PUBLISHED + timedelta(days=1), PUBLISHED)
        with pytest.raises(BadInput, match="早于申请日期"):
            set_reps_published(session, election, date(2026, 1, 31), PUBLISHED)
        set_reps_published(session, election, PUBLISHED, PUBLISHED)
        assert election.reps_published_on == PUBLISHED
        election.stage = "candidates_nominated"
        with pytest.raises(BadInput, match="筹备组人选关已过"):
            set_reps_published(session, election, None, PUBLISHED)
