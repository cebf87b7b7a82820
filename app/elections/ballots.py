"""Ballots of an election: paper ballots entered per owner, e-vote exports imported, the tally.

Where one owner has both, the e-vote counts; the paper ballot is kept, marked superseded.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.checks import candidates
from app.elections.csv_input import read_ballots
from app.elections.register import compound_register, register_rows
from app.elections.tally import (
    ELECTRONIC,
    PAPER,
    ChosenBallots,
    Register,
    TallyResult,
    build_register,
    split_names,
    tally,
)
from app.errors import BadInput
from app.messages import Problem, problem
from app.progress import NullProgress, Progress, check_cancelled
from app.rules import Rules
from db.models import Ballot, Election, Unit
from db.tracking import bulk_insert


def _live_ballots(session: Session, election_id: str) -> list[Ballot]:
    return list(session.scalars(
        select(Ballot).where(Ballot.election_id == election_id, Ballot.deleted_at.is_(None))
    ))


def _check_vote(vote: str, official: set[str], where: Problem) -> str:
    names = split_names(vote)
    if len(set(names)) != len(names):
        raise BadInput(code="ballot.candidate_twice", where=where)
    unknown = [n for n in names if n not in official]
    if unknown:
        raise BadInput(code="ballot.not_a_candidate", where=where, names=unknown)
    return ";".join(names)


def _owner_shown(session: Session, compound_id: str, owner_key: str) -> str:
    """The owner as the caseworker knows them: "1-101 王一" (room and name), else the key."""
    unit = session.scalars(select(Unit).where(
        Unit.compound_id == compound_id, Unit.owner_key == owner_key, Unit.deleted_at.is_(None),
    ).order_by(Unit.building, Unit.room).limit(1)).first()
    if unit is None:
        return owner_key
    return f"{unit.building}-{unit.room} {unit.owner_name}".strip()


def enter_paper_ballot(
    session: Session, election: Election, owner_key: str, vote: str, rules: Rules,
    cast_on: date | None = None, replace: bool = False,
) -> Ballot:
    """Record one owner's paper ballot (names separated by ';'; empty = approves nobody)."""
    if election.stage != "voting":
        raise BadInput(code="ballot.entry_only_voting")
    register = compound_register(session, election.compound_id, rules)
    if register.voter(owner_key) is None:
        raise BadInput(code="ballot.owner_not_in_register", owner=owner_key)
    official = {c.name for c in candidates(session, election.id)}
    text = _check_vote(vote, official, problem("where.ballot_of", owner=owner_key))
    mine = [b for b in _live_ballots(session, election.id) if b.owner_key == owner_key]
    paper = [b for b in mine if b.channel == PAPER and not b.superseded]
    if paper:
        if not replace:
            raise BadInput(code="ballot.duplicate_paper",
                           owner=_owner_shown(session, election.compound_id, owner_key))
        paper[0].vote = text
        paper[0].cast_on = cast_on or paper[0].cast_on
        return paper[0]
    has_e_vote = any(b.channel == ELECTRONIC for b in mine)
    ballot = Ballot(
        election_id=election.id, owner_key=owner_key, channel=PAPER, vote=text,
        superseded=has_e_vote and rules.counting.electronic_beats_paper, cast_on=cast_on,
    )
    session.add(ballot)
    session.flush()
    return ballot


def remove_paper_ballot(session: Session, election: Election, owner_key: str) -> None:
    """Undo a mistyped paper ballot (a tombstone; the history stays in the audit log)."""
    for ballot in _live_ballots(session, election.id):
        if ballot.owner_key == owner_key and ballot.channel == PAPER:
            session.delete(ballot)


def import_e_votes(
    session: Session, election: Election, path: Path, rules: Rules, progress: Progress | None = None,
) -> int:
    """Import an e-vote export (`owner_id,vote`): all rows or none. Returns the rows imported."""
    progress = progress or NullProgress()
    if election.stage != "voting":
        raise BadInput(code="ballot.import_only_voting")
    rows = read_ballots(path)
    progress.report(0, len(rows.rows), "核对名册")
    stored = register_rows(session, election.compound_id)
    register = build_register(stored.units, rules)
    by_room = stored.rooms
    official = {c.name for c in candidates(session, election.id)}
    existing = _live_ballots(session, election.id)
    voter = register.voter
    e_voted = {voter(b.owner_key) for b in existing if b.channel == ELECTRONIC}
    seen: dict[str, int] = {}
    prepared = []
    checked_votes: dict[str, str] = {}
    for index, (owner_id, vote, _channel) in enumerate(rows.rows):
        where = rows.locate(index)
        owner = str(owner_id) if voter(str(owner_id)) is not None else by_room.get(str(owner_id))
        key = voter(owner) if owner is not None else None
        if key is None or owner is None:
            raise BadInput(code="ballot.e_vote_owner_unknown", where=where, owner=owner_id)
        if key in seen or key in e_voted:
            first = rows.locate(seen[key]) if key in seen else problem("where.earlier_import")
            raise BadInput(code="ballot.e_vote_twice", where=where, owner=owner_id, first=first)
        seen[key] = index
        text = checked_votes.get(str(vote))
        if text is None:
            text = checked_votes[str(vote)] = _check_vote(
                str(vote), official, problem("where.column", where=where, column="vote"))
        prepared.append({"election_id": election.id, "owner_key": owner, "channel": ELECTRONIC,
                         "vote": text, "superseded": False, "cast_on": None})
        if index % 10_000 == 0:
            check_cancelled(progress)
            progress.report(index, len(rows.rows), "核对名册")
    check_cancelled(progress)
    if rules.counting.electronic_beats_paper:
        for ballot in existing:
            if ballot.channel == PAPER and not ballot.superseded and voter(ballot.owner_key) in seen:
                ballot.superseded = True
        session.flush()
    progress.report(len(prepared), len(prepared), "写入")
    return bulk_insert(session, Ballot, prepared, audit_summary={"election_id": election.id})


def counted_ballots(session: Session, election_id: str) -> list[tuple[str, str, str | None]]:
    rows = session.execute(
        select(Ballot.owner_key, Ballot.vote, Ballot.channel).where(
            Ballot.election_id == election_id, Ballot.deleted_at.is_(None),
            Ballot.superseded.is_(False),
        )
    )
    return [(owner, vote, channel) for owner, vote, channel in rows]


def election_tally(
    session: Session, election: Election, rules: Rules, register: Register | None = None,
) -> TallyResult:
    """The live tally of an election from the stored register and ballots."""
    register = register or compound_register(session, election.compound_id, rules)
    counted: dict[str, tuple[str, int]] = {}
    for index, (owner_key, vote, _channel) in enumerate(counted_ballots(session, election.id)):
        voter = register.voter(owner_key)
        if voter is None:
            raise BadInput(code="ballot.owner_left_register", owner=owner_key)
        if voter in counted:
            raise BadInput(code="ballot.two_counted", owner=owner_key)
        counted[voter] = (vote, index)
    names = [c.name for c in candidates(session, election.id)]
    chosen = ChosenBallots(
        keys=list(counted), votes=[v for v, _ in counted.values()],
        indexes=[i for _, i in counted.values()], superseded=[],
    )
    return tally(register, chosen, rules, "election", election.seats, names)
