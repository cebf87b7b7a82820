"""Recording an owners' vote with its figures, and listing votes per compound, election or agenda
item. The totals default to the owners' register as the tally counts it (one owner per buyer,
the developer's unsold parts one owner), so what is typed is only who voted and who agreed.

Every refusal names the field at fault (“同意人数（yes_owners）…”): the dialog points at it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.register import compound_register
from app.elections.tally import TallyResult
from app.errors import BadInput
from app.messages import Problem, problem
from app.owners_votes.agenda_matters import category_matter_of
from app.owners_votes.outcome import MATTER_NAMES, Outcome, vote_outcome
from app.rules import Rules
from db.models import AgendaItem, Compound, Election, OwnersVote
from db.models.base import MAX_COMPOUND_AREA_M2, MAX_COUNT
from db.types import clean_text, new_id

SUBJECT_NAMES = {
    "management_statute": "管理规约",
    "procedure_rules": "业主大会议事规则",
    "agenda": "议事事项",
    "removal": "罢免业委会委员",
    "other": "其他共同决定事项",
}
STATUTE_SUBJECTS = ("management_statute", "procedure_rules")
FIELD_NAMES = {
    "title": "表决事项", "subject": "表决类别", "matter": "事项类别", "held_on": "表决日期",
    "total_owners": "业主总人数", "total_area_m2": "专有部分总面积",
    "voted_owners": "参与表决人数", "voted_area_m2": "参与表决面积",
    "yes_owners": "同意人数", "yes_area_m2": "同意面积",
    "election_id": "所属选举", "agenda_item_id": "所属议事事项",
}
TITLE_MAX = 120
MAX_NUMBER_TEXT = 30


@dataclass
class VoteInput:
    """What the caseworker types. Figures may be text as typed; totals None take the register."""

    compound_id: str
    subject: str
    title: str
    matter: str = "ordinary"
    held_on: date | None = None
    voted_owners: int | str = 0
    voted_area_m2: Decimal | str = "0"
    yes_owners: int | str = 0
    yes_area_m2: Decimal | str = "0"
    total_owners: int | str | None = None
    total_area_m2: Decimal | str | None = None
    election_id: str | None = None
    agenda_item_id: str | None = None
    note: str = ""


def _label(field: str) -> Problem:
    """A field named in a message: its label, and in Chinese its key (the dialog marks it)."""
    return problem("owners_vote.field", label=FIELD_NAMES[field], key=field)


def _count(value: int | str, field: str) -> int:
    if isinstance(value, bool):
        raise BadInput(code="owners_vote.not_integer", field=_label(field))
    try:
        number = int(str(value).strip() or "0")
    except ValueError:
        raise BadInput(code="owners_vote.bad_integer", field=_label(field), value=str(value)[:20]) from None
    if not 0 <= number <= MAX_COUNT:
        raise BadInput(code="owners_vote.count_range", field=_label(field), limit=MAX_COUNT)
    return number


def _area(value: Decimal | str, field: str) -> Decimal:
    text = str(value).strip() or "0"
    if len(text) > MAX_NUMBER_TEXT:  # never parse a decimal bomb
        raise BadInput(code="owners_vote.area_implausible", field=_label(field), value=text[:20])
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise BadInput(code="owners_vote.area_not_number", field=_label(field), value=text[:20]) from None
    if not number.is_finite() or not 0 <= number <= MAX_COMPOUND_AREA_M2:
        raise BadInput(code="owners_vote.area_range", field=_label(field),
            limit=MAX_COMPOUND_AREA_M2)
    return number


def register_totals(session: Session, compound_id: str, rules: Rules) -> tuple[int, Decimal]:
    """Owners and area of the compound's register as the tally counts them."""
    register = compound_register(session, compound_id, rules)
    return register.total_owners, register.total_area


def _check_order(part: int | Decimal, whole: int | Decimal, part_field: str, whole_field: str) -> None:
    if part > whole:
        raise BadInput(code="owners_vote.part_exceeds_whole", part_field=_label(part_field),
            part=part, whole_field=_label(whole_field), whole=whole)


def _check_links(session: Session, data: VoteInput, category_matter: str | None) -> None:
    if data.subject in STATUTE_SUBJECTS:
        if not data.election_id:
            raise BadInput(code="owners_vote.needs_election", field=_label("election_id"),
                subject=SUBJECT_NAMES[data.subject])
        if data.matter != "ordinary":
            raise BadInput(code="owners_vote.statute_ordinary", field=_label("matter"),
                subject=SUBJECT_NAMES[data.subject])
    if data.subject == "agenda" and not data.agenda_item_id:
        raise BadInput(code="owners_vote.needs_item", field=_label("agenda_item_id"))
    if data.election_id:
        election = session.get(Election, data.election_id)
        if election is None or election.deleted_at is not None:
            raise BadInput(code="owners_vote.no_election", field=_label("election_id"),
                election_id=data.election_id)
        if election.compound_id != data.compound_id:
            raise BadInput(code="owners_vote.election_other_compound", field=_label("election_id"))
    if data.agenda_item_id:
        item = session.get(AgendaItem, data.agenda_item_id)
        if item is None or item.deleted_at is not None:
            raise BadInput(code="owners_vote.no_item", field=_label("agenda_item_id"),
                agenda_item_id=data.agenda_item_id)
        if item.compound_id != data.compound_id:
            raise BadInput(code="owners_vote.item_other_compound", field=_label("agenda_item_id"))
        if category_matter == "major" and data.matter != "major":
            raise BadInput(code="owners_vote.needs_major", field=_label("matter"))


def record_vote(session: Session, data: VoteInput, rules: Rules, vote_id: str | None = None,
                today: date | None = None) -> OwnersVote:
    """Add (or, with `vote_id`, correct) an owners' vote after checking every figure; with
    `today`, a vote dated later is refused (it has not been held)."""
    if today is not None and data.held_on is not None and data.held_on > today:
        raise BadInput(code="owners_vote.held_on_future", field=_label("held_on"),
            held_on=data.held_on)
    compound = session.get(Compound, data.compound_id)
    if compound is None or compound.deleted_at is not None:
        raise BadInput(code="owners_vote.no_compound", compound_id=data.compound_id)
    title = clean_text(data.title).strip()
    if not title:
        raise BadInput(code="owners_vote.title_empty", field=_label("title"))
    if len(title) > TITLE_MAX:
        raise BadInput(code="owners_vote.title_too_long", field=_label("title"), limit=TITLE_MAX)
    if data.subject not in SUBJECT_NAMES:
        raise BadInput(code="owners_vote.unknown_subject", field=_label("subject"),
            subject=data.subject, choices=list(SUBJECT_NAMES.values()))
    if data.matter not in MATTER_NAMES:
        raise BadInput(code="owners_vote.unknown_matter", field=_label("matter"),
            matter=data.matter)
    _check_links(session, data, category_matter_of(session, data.agenda_item_id))
    reg_owners, reg_area = (register_totals(session, data.compound_id, rules)
                            if data.total_owners is None or data.total_area_m2 is None else (0, Decimal(0)))
    total_owners = reg_owners if data.total_owners is None else _count(data.total_owners, "total_owners")
    total_area = reg_area if data.total_area_m2 is None else _area(data.total_area_m2, "total_area_m2")
    voted_owners = _count(data.voted_owners, "voted_owners")
    voted_area = _area(data.voted_area_m2, "voted_area_m2")
    yes_owners = _count(data.yes_owners, "yes_owners")
    yes_area = _area(data.yes_area_m2, "yes_area_m2")
    if total_owners == 0 or total_area == 0:
        raise BadInput(code="owners_vote.totals_needed", field=_label("total_owners"),
            field2=_label("total_area_m2"))
    _check_order(voted_owners, total_owners, "voted_owners", "total_owners")
    _check_order(yes_owners, voted_owners, "yes_owners", "voted_owners")
    _check_order(voted_area, total_area, "voted_area_m2", "total_area_m2")
    _check_order(yes_area, voted_area, "yes_area_m2", "voted_area_m2")
    if bool(voted_owners) != bool(voted_area):
        raise BadInput(code="owners_vote.pair_zero", field=_label("voted_owners"),
            field2=_label("voted_area_m2"))
    if bool(yes_owners) != bool(yes_area):
        raise BadInput(code="owners_vote.pair_zero", field=_label("yes_owners"),
            field2=_label("yes_area_m2"))
    if vote_id is None:
        vote = OwnersVote(id=new_id(), compound_id=data.compound_id)
        session.add(vote)
    else:
        found = session.get(OwnersVote, vote_id)
        if found is None or found.deleted_at is not None or found.compound_id != data.compound_id:
            raise BadInput(code="owners_vote.not_found", vote_id=vote_id)
        vote = found
    vote.election_id = data.election_id or None
    vote.agenda_item_id = data.agenda_item_id or None
    vote.subject, vote.title, vote.matter, vote.held_on = data.subject, title, data.matter, data.held_on
    vote.total_owners, vote.total_area_m2 = total_owners, total_area
    vote.voted_owners, vote.voted_area_m2 = voted_owners, voted_area
    vote.yes_owners, vote.yes_area_m2 = yes_owners, yes_area
    vote.note = clean_text(data.note).strip()
    session.flush()
    return vote


@dataclass(frozen=True)
class VoteRow:
    """One vote as lists show it, with its computed outcome."""

    vote: OwnersVote
    outcome: Outcome

    @property
    def passed(self) -> bool:
        return self.outcome.passed


def list_votes(session: Session, rules: Rules, *, compound_id: str | None = None,
               election_id: str | None = None, agenda_item_id: str | None = None) -> list[VoteRow]:
    """Live votes, oldest first, filtered by compound, election or agenda item."""
    query = select(OwnersVote).where(OwnersVote.deleted_at.is_(None))
    if compound_id:
        query = query.where(OwnersVote.compound_id == compound_id)
    if election_id:
        query = query.where(OwnersVote.election_id == election_id)
    if agenda_item_id:
        query = query.where(OwnersVote.agenda_item_id == agenda_item_id)
    votes = session.scalars(query.order_by(OwnersVote.held_on, OwnersVote.id))
    return [VoteRow(v, vote_outcome(v, rules)) for v in votes]


def from_tally(result: TallyResult, base: VoteInput) -> VoteInput:
    """A vote counted from its ballots by the election tally (app/elections/tally.tally, the
    `tally` command) as the figures to record: the same register and the same thresholds, so the
    recorded vote passes exactly when the count did."""
    if result.matter not in MATTER_NAMES:
        raise BadInput(code="owners_vote.tally_not_a_vote", field=_label("matter"),
            matter=result.matter)
    return dataclasses.replace(
        base, matter=result.matter, total_owners=result.total_owners,
        total_area_m2=result.total_area, voted_owners=result.participating_owners,
        voted_area_m2=result.participating_area, yes_owners=result.yes_owners,
        yes_area_m2=result.yes_area)
