"""Seating the elected when the result is recorded (entering `tallied`).

The stored tally ranks every candidate by votes (owners, then area). The elected become members
ranked 1..n; the next in the ranking become 候补委员 (role "alternate"), as many as `[term.alternates]`
allows, because a vacancy is filled from them in vote order (深圳条例第四十一条). A first election,
re-election or early re-election starts a new term (指导规则第三十二条: at most five years) and
ends the old committee's; a by-election fills vacancies of the active committee for the rest of
its term.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.committee.records import active_committee, members, waiting_alternates
from app.elections.stored_tally import stored_tally
from app.errors import BadInput
from db.models import Candidate, CommitteeMember, Compound, Election, OwnersCommittee, PartyMember

if TYPE_CHECKING:
    from app.rules import Rules


def add_years(day: date, years: int) -> date:
    """The same day `years` later (29 February → 1 March in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def election_day(election: Election, today: date) -> date:
    """The day the committee was elected (选举产生之日): the result notice, else the vote's last
    day — the same day the audit counts the 30 filing days from (app/audit/periods.py)."""
    return election.result_published_on or election.vote_end or today


def ranking(tally: dict[str, Any], rules: Rules) -> tuple[list[str], list[str]]:
    """(elected, alternates) by vote rank. Alternates are the next candidates in the ranking, up
    to the allowed number; candidates tied for the last seat (a runoff decides) are not ranked."""
    elected = list(tally.get("elected", []))
    tied = set(tally.get("tied_for_last_seat", []) or [])
    term = rules.term
    alternates: list[str] = []
    for row in tally.get("candidates", []):
        if len(alternates) >= term.alternates_max:
            break
        name = row["name"]
        if name in elected or name in tied:
            continue
        if term.alternates_must_pass and not row["passed"]:
            continue
        alternates.append(name)
    return elected, alternates


def _party_member_id(session: Session, compound_id: str, name: str) -> str | None:
    """The party member of this compound with this name, when exactly one (for 交叉任职)."""
    ids = list(session.scalars(select(PartyMember.id).where(
        PartyMember.compound_id == compound_id, PartyMember.name == name,
        PartyMember.deleted_at.is_(None),
    ).limit(2)))
    return ids[0] if len(ids) == 1 else None


def _member(session: Session, committee: OwnersCommittee, compound_id: str, name: str,
            candidate: Candidate | None, role: str, rank: int, day: date) -> CommitteeMember:
    row = CommitteeMember(
        committee_id=committee.id, name=name, role=role, rank=rank, joined_on=day,
        is_party_member=bool(candidate and candidate.is_party_member),
        party_member_id=_party_member_id(session, compound_id, name),
        unit_id=candidate.unit_id if candidate else None,
    )
    session.add(row)
    return row


def _new_term(session: Session, election: Election, compound: Compound, rules: Rules,
              day: date) -> OwnersCommittee:
    for old in _active_all(session, compound.id):
        old.status = "expired"
        if old.term_end is None or old.term_end > day:
            old.term_end = day
    committee = OwnersCommittee(
        compound_id=compound.id, election_id=election.id, term_start=day,
        term_end=add_years(day, rules.term.years), status="active",
    )
    session.add(committee)
    session.flush()
    return committee


def _active_all(session: Session, compound_id: str) -> list[OwnersCommittee]:
    return list(session.scalars(select(OwnersCommittee).where(
        OwnersCommittee.compound_id == compound_id, OwnersCommittee.status == "active",
        OwnersCommittee.deleted_at.is_(None),
    )))


def _already_seated(session: Session, election: Election) -> OwnersCommittee | None:
    own = session.scalars(select(OwnersCommittee).where(
        OwnersCommittee.election_id == election.id, OwnersCommittee.deleted_at.is_(None),
    )).first()
    if own is not None:
        return own
    if election.kind == "by_election":
        elected = session.scalars(select(Candidate.id).where(
            Candidate.election_id == election.id, Candidate.status == "elected",
            Candidate.deleted_at.is_(None),
        )).first()
        if elected is not None:
            return active_committee(session, election.compound_id)
    return None


def seat_committee(session: Session, election: Election, rules: Rules, today: date) -> OwnersCommittee:
    """The elected (and the alternates) become the compound's committee; the residents'
    committee stops standing in. Calling it again for the same election changes nothing."""
    done = _already_seated(session, election)
    if done is not None:
        return done
    tally = stored_tally(election)
    if tally is None or "elected" not in tally:
        raise BadInput(code="committee.no_valid_tally")
    compound = session.get(Compound, election.compound_id)
    if compound is None:
        raise BadInput(code="committee.compound_gone")
    elected, alternates = ranking(tally, rules)
    by_name = {c.name: c for c in session.scalars(select(Candidate).where(
        Candidate.election_id == election.id, Candidate.deleted_at.is_(None)))}
    day = election_day(election, today)
    committee = active_committee(session, compound.id) if election.kind == "by_election" else None
    if election.kind == "by_election" and committee is None:
        raise BadInput(code="committee.by_election_needs_committee")
    if committee is None:
        committee = _new_term(session, election, compound, rules, day)
        rank = 0
    else:  # a by-election: the new members join the sitting committee for the rest of its term
        rows = members(session, committee.id)
        rank = max((m.rank for m in rows), default=0)
        # its filing in progress is now this by-election's (a change report, 指导规则第三十四条)
        committee.filing_materials_json = "[]"
        committee.filing_housing_on = None
        committee.filing_street_on = None
        room = max(0, rules.term.alternates_max - len(waiting_alternates(rows)))
        alternates = alternates[:room]
    for name in elected:
        rank += 1
        _member(session, committee, compound.id, name, by_name.get(name), "member", rank, day)
        if name in by_name:
            by_name[name].status = "elected"
    for name in alternates:
        rank += 1
        _member(session, committee, compound.id, name, by_name.get(name), "alternate", rank, day)
    for name, candidate in by_name.items():
        if name not in elected and candidate.status == "nominated":
            candidate.status = "not_elected"
    compound.committee_status = "active"
    compound.residents_committee_acting = False
    session.flush()
    return committee
