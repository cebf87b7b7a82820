"""A vote that arrived by sync linked to another compound's agenda item or election (written by a
faulty client, or before the server refused it) never decides that item nor stands for that
election's statutes: the readers count only votes of the item's (election's) own compound."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from app import agenda
from app.audit.registry import Family, run_audit
from app.audit.votes import audit_votes
from app.errors import BadInput
from app.owners_votes.first_assembly import statute_votes
from app.rules import load_rules
from db.models import Election, OwnersVote
from db.store import Store
from tests.procedure.conftest import Place, make_place

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
DECIDE = agenda.StageChange(decision="同意动用维修资金更换电梯", responsible_party="业委会",
                            deadline=date(2026, 6, 1))


def _foreign_vote(compound_id: str, **links: str) -> OwnersVote:
    return OwnersVote(compound_id=compound_id, subject="agenda", title="别处的表决", matter="major",
                      held_on=date(2026, 3, 5), total_owners=10, total_area_m2=Decimal(1000),
                      voted_owners=10, voted_area_m2=Decimal(1000), yes_owners=10,
                      yes_area_m2=Decimal(1000), **links)


def test_another_compounds_vote_does_not_decide_an_item(store: Store, place: Place) -> None:
    other = make_place(store, name="别的小区")
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="更换3栋电梯",
                                  raised_on=date(2026, 3, 1), category="fund_raise", source="visit",
                                  now=NOW)
        agenda.advance(s, item.id, "discuss", agenda.StageChange(positions={"committee": "同意"}),
                       now=NOW)
        s.add(_foreign_vote(other.compound_id, agenda_item_id=item.id))
        item_id = item.id
    with store.transaction() as s, pytest.raises(BadInput, match="业主共同决定事项"):
        agenda.advance(s, item_id, "decide", DECIDE, now=NOW)


def test_another_compounds_vote_is_not_an_elections_statute(store: Store, place: Place) -> None:
    other = make_place(store, name="别的小区")
    with store.transaction() as s:
        election = Election(compound_id=place.compound_id)
        s.add(election)
        s.flush()
        vote = _foreign_vote(other.compound_id, election_id=election.id)
        vote.subject = "management_statute"
        s.add(vote)
        s.flush()
        assert statute_votes(s, election) == []


def test_an_item_pushed_to_decide_with_only_another_compounds_vote_is_audited(
        store: Store, place: Place) -> None:
    """A colleague's client put the item at 定 (the server holds no agenda gate), with no stage
    history, the only passed vote being another compound's: the audit names it."""
    other = make_place(store, name="别的小区")
    with store.transaction() as s:
        item = agenda.create_item(s, compound_id=place.compound_id, title="更换物业",
                                  raised_on=date(2026, 3, 1), category="property_hire",
                                  source="visit", now=NOW)
        item.stage, item.decision = "decide", "解聘现物业"
        s.add(_foreign_vote(other.compound_id, agenda_item_id=item.id))
        s.flush()
        report = run_audit(s, load_rules(), date(2026, 3, 20), (Family("votes", audit_votes),))
        assert [f.code for f in report.findings if f.subject.id == item.id] == ["owners_matter.no_vote"]
