"""What the UI and CLI ask of elections: create, list by stage (overdue first), edit the
application, the group and the candidates. Vote dates live in app.elections.vote_dates, the
standing sign-offs in app.elections.standing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections import stages
from app.elections.checks import ROLE_NAMES, candidates, group_members
from app.elections.stages import FINAL_STAGE, set_stage, stages_for
from app.elections.vote_dates import vote_arrangement_problem
from app.elections.workflow import days_left, deadline
from app.errors import BadInput
from app.lifecycle_work import election_start_problem
from app.rules import Rules
from db.models import (
    Candidate,
    Community,
    Compound,
    Election,
    GroupMember,
    Unit,
)
from db.models.elections import ELECTION_KINDS, ELECTION_STAGES


@dataclass(frozen=True)
class ElectionRow:
    """One line of the district list. `bad` names the fields whose stored value this app cannot
    work with ("kind", "stage"; "row" when the row cannot be read or its deadline computed), as
    from a faulty client or file: such a row is listed, flagged, last, without a deadline,
    instead of breaking the list for everyone."""

    election_id: str
    compound_id: str
    compound: str
    community: str
    kind: str
    stage: str
    deadline: date | None
    days_left: int | None
    bad: tuple[str, ...] = ()

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    @property
    def stage_name(self) -> str:
        return stages.stage_name(self.stage, self.kind)

    @property
    def kind_name(self) -> str:
        return stages.kind_name(self.kind)


def election_problems(kind: str, stage: str) -> tuple[str, ...]:
    """The fields ("kind", "stage") whose value no election of this app can have: an unknown
    kind, an unknown stage, or a stage its kind does not pass through."""
    bad = []
    if kind not in ELECTION_KINDS:
        bad.append("kind")
    if stage not in (stages_for(kind) if kind in ELECTION_KINDS else ELECTION_STAGES):
        bad.append("stage")
    return tuple(bad)


@dataclass(frozen=True)
class StoredElection:
    """An election's compound, kind and stage as stored text (any value loads), and which of
    them no election of this app can have."""

    compound: str
    kind: str
    stage: str
    bad: tuple[str, ...]


def stored_election(session: Session, election_id: str) -> StoredElection | None:
    found = session.execute(
        select(Election.kind, Election.stage, Compound.name)
        .join(Compound, Compound.id == Election.compound_id, isouter=True)
        .where(Election.id == election_id)).first()
    if found is None:
        return None
    kind, stage = str(found.kind), str(found.stage)
    return StoredElection(found.name or "", kind, stage, election_problems(kind, stage))


# What reading or computing one stored election can raise when a value is out of its domain
# (a date that does not parse, a deadline past year 9999, a stage missing from the rules).
DATA_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError)


def _row(election: Election, compound: str, community: str, rules: Rules, today: date) -> ElectionRow:
    bad = election_problems(election.kind, election.stage)
    due = left = None
    if not bad:
        try:
            due, left = deadline(election, rules), days_left(election, rules, today)
        except DATA_ERRORS:
            bad = ("row",)
    return ElectionRow(election.id, election.compound_id, compound, community, election.kind,
                       election.stage, due, left, bad)


def list_elections(session: Session, rules: Rules, today: date) -> list[ElectionRow]:
    """Every live election, overdue ones first, then by stage, then the nearest deadline; rows
    with values the app cannot work with come last, flagged."""
    query = (
        select(Election, Compound.name, Community.name)
        .join(Compound, Compound.id == Election.compound_id)
        .join(Community, Community.id == Compound.community_id)
        .where(Election.deleted_at.is_(None))
    )
    try:
        rows = [_row(e, compound, community, rules, today)
                for e, compound, community in session.execute(query)]
    except DATA_ERRORS:  # a stored value the ORM cannot read: go row by row
        rows = _rows_one_by_one(session, query, rules, today)
    rows.sort(key=lambda r: (
        bool(r.bad), not r.overdue,
        ELECTION_STAGES.index(r.stage) if r.stage in ELECTION_STAGES else len(ELECTION_STAGES),
        r.days_left if r.days_left is not None else 10**6, r.compound,
    ))
    return rows


def _rows_one_by_one(session: Session, query: Any, rules: Rules, today: date) -> list[ElectionRow]:
    """The slow path for a store holding an unreadable value: each election on its own; one
    that cannot be read is listed from its text columns, flagged."""
    plain = (
        select(Election.id, Election.compound_id, Election.kind, Election.stage, Compound.name,
               Community.name.label("community"))
        .join(Compound, Compound.id == Election.compound_id)
        .join(Community, Community.id == Compound.community_id)
        .where(Election.deleted_at.is_(None))
    )
    rows = []
    for line in session.execute(plain).all():
        try:
            election, compound, community = session.execute(
                query.where(Election.id == line.id)).one()
            rows.append(_row(election, compound, community, rules, today))
        except DATA_ERRORS:
            bad = election_problems(str(line.kind), str(line.stage)) or ("row",)
            rows.append(ElectionRow(line.id, line.compound_id, line.name, line.community,
                                    str(line.kind), str(line.stage), None, None, bad))
    return rows


def compounds_for_new_election(session: Session) -> list[tuple[str, str]]:
    """(id, name) of compounds with no unfinished election."""
    busy = set(session.scalars(select(Election.compound_id).where(
        Election.deleted_at.is_(None), Election.stage != FINAL_STAGE)))
    return [
        (cid, name) for cid, name in session.execute(
            select(Compound.id, Compound.name).where(Compound.deleted_at.is_(None)).order_by(Compound.name))
        if cid not in busy
    ]


def check_seats(kind: str, seats: int, rules: Rules) -> None:
    """A whole committee is 5–11, odd; a by-election fills vacancies (at least one)."""
    c = rules.committee
    if kind == "by_election":
        if not 1 <= seats <= c.max_size:
            raise BadInput(code="election.by_election_seats", seats=seats, max_size=c.max_size)
    elif not c.size_ok(seats):
        raise BadInput(code="election.seats_range", seats=seats, min_size=c.min_size,
            max_size=c.max_size, source=c.origin.source)


def create_election(
    session: Session, compound_id: str, kind: str, seats: int, rules: Rules, today: date,
    applied_on: date | None = None,
) -> Election:
    if kind not in ELECTION_KINDS:
        raise BadInput(code="election.unknown_kind", kind=kind, kinds=', '.join(ELECTION_KINDS))
    compound = session.get(Compound, compound_id)
    if compound is None:
        raise BadInput(code="election.no_compound", compound_id=compound_id)
    stage_problem = election_start_problem(compound, kind, rules)
    if stage_problem:
        raise BadInput(stage_problem)
    check_seats(kind, seats, rules)
    unfinished = session.scalar(select(Election.id).where(
        Election.compound_id == compound_id, Election.deleted_at.is_(None),
        Election.stage != FINAL_STAGE))
    if unfinished:
        raise BadInput(code="election.unfinished_exists")
    election = Election(compound_id=compound_id, kind=kind, seats=seats, applied_on=applied_on)
    set_stage(election, "application", today)
    session.add(election)
    session.flush()
    return election


def update_application(
    session: Session, election: Election, applied_on: date | None, applicant_owners: int,
    applicant_area_m2: str | Decimal, seats: int, rules: Rules,
) -> None:
    """Edit the application facts checked at checkpoint 1 and the number of seats."""
    try:
        area = Decimal(str(applicant_area_m2).strip() or "0")
    except InvalidOperation:
        raise BadInput(code="election.applicant_area_not_number", area=applicant_area_m2) from None
    if not area.is_finite() or area < 0:
        raise BadInput(code="election.applicant_area_negative")
    if applicant_owners < 0:
        raise BadInput(code="election.applicant_owners_negative")
    check_seats(election.kind, seats, rules)
    election.applied_on = applied_on
    election.applicant_owners = applicant_owners
    election.applicant_area_m2 = area
    election.seats = seats


def update_vote_arrangements(
    session: Session, election: Election, start: date | None, end: date | None, place: str,
    e_vote: bool, rules: Rules,
) -> None:
    """Record the owners' assembly vote period, place and whether e-voting is used (these fill
    the election notice); bad input changes nothing."""
    problem = vote_arrangement_problem(election, start, end, place, rules)
    if problem is not None:
        raise BadInput(problem)
    election.vote_start, election.vote_end = start, end
    election.vote_place, election.e_vote = place.strip(), e_vote
    session.flush()


def _check_editable(election: Election) -> None:
    if election.stage in ("tallied", "filed", "seated"):
        raise BadInput(code="election.counted_list_locked")


def _check_unit(session: Session, election: Election, unit_id: str | None) -> None:
    if unit_id is None:
        return
    unit = session.get(Unit, unit_id)
    if unit is None or unit.compound_id != election.compound_id:
        raise BadInput(code="election.unit_not_in_register")


def save_group_member(
    session: Session, election: Election, name: str, role: str, *, is_leader: bool = False,
    is_party_member: bool = False, unit_id: str | None = None, member_id: str | None = None,
) -> GroupMember:
    """Add (or, with member_id, change) a preparatory-group member."""
    _check_editable(election)
    if "group_formed" not in stages_for(election.kind):
        raise BadInput(code="election.no_group", kind=stages.kind_name(election.kind))
    name = name.strip()
    if not name:
        raise BadInput(code="election.name_empty")
    if role not in ROLE_NAMES:
        raise BadInput(code="election.unknown_role", role=role)
    _check_unit(session, election, unit_id)
    member = session.get(GroupMember, member_id) if member_id else None
    if member_id and (member is None or member.election_id != election.id):
        raise BadInput(code="election.group_member_not_found")
    if member is None:
        member = GroupMember(election_id=election.id, name=name, role=role)
        session.add(member)
    member.name, member.role, member.is_leader = name, role, is_leader
    member.is_party_member, member.unit_id = is_party_member, unit_id
    session.flush()
    return member


def save_candidate(
    session: Session, election: Election, name: str, *, unit_id: str | None = None,
    is_party_member: bool = False, works_for_property: bool = False, fee_arrears: bool = False,
    nominated_by: str = "", candidate_id: str | None = None,
) -> Candidate:
    """Add (or, with candidate_id, change) a committee candidate."""
    _check_editable(election)
    name = name.strip()
    if not name or ";" in name or "；" in name:
        raise BadInput(code="election.candidate_name_bad")
    _check_unit(session, election, unit_id)
    others = [c for c in candidates(session, election.id) if c.id != candidate_id]
    if any(c.name == name for c in others):
        raise BadInput(code="election.candidate_duplicate", name=name)
    candidate = session.get(Candidate, candidate_id) if candidate_id else None
    if candidate_id and (candidate is None or candidate.election_id != election.id):
        raise BadInput(code="election.candidate_not_found")
    if candidate is None:
        candidate = Candidate(election_id=election.id, name=name, sort_order=len(others))
        session.add(candidate)
    candidate.name, candidate.unit_id = name, unit_id
    candidate.is_party_member, candidate.works_for_property = is_party_member, works_for_property
    candidate.fee_arrears, candidate.nominated_by = fee_arrears, nominated_by.strip()
    session.flush()
    return candidate


def remove_person(session: Session, election: Election, row: GroupMember | Candidate) -> None:
    _check_editable(election)
    if row.election_id != election.id:
        raise BadInput(code="election.not_this_election")
    session.delete(row)
    session.flush()


def people(session: Session, election: Election) -> dict[str, list[Any]]:
    return {"group": group_members(session, election.id), "candidates": candidates(session, election.id)}
