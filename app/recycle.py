"""回收站: the rows deleted here or by colleagues (tombstones) that a caseworker may bring back.

Restoring clears the row's `deleted_at` through the ORM, so change tracking writes the
"undelete" op the server replays (same scope and role rules as an update there). Refused, with
the reason, when the row could not live again as it is: its owner (the compound of a unit, the
meeting of a meeting item…) is deleted too, a live row took its natural key meanwhile, the
compound already has an unfinished election, or the user is a caseworker and the row is
district-wide (streets, communities, property companies, rating templates are restored by a
supervisor). History rows (audit, stage events, sign-offs, ballots, scores) are not listed:
they are append-only or replaced as a whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections.stages import FINAL_STAGE, KIND_NAMES
from app.errors import BadInput
from app.session import get_setting
from app.sync.settings import ROLE
from db.models import (
    AgendaItem,
    Attachment,
    BranchCompound,
    Candidate,
    CommitteeMember,
    Community,
    Compound,
    Election,
    Evaluation,
    GroupMember,
    Meeting,
    MeetingItem,
    OwnersCommittee,
    PartyBranch,
    PartyMember,
    PropertyCompany,
    RatingInspection,
    RatingTemplate,
    Replicated,
    Street,
    Unit,
)

# Shown at most: the newest deletions first (a district deletes little; this keeps the list quick).
MAX_LISTED = 500
# Restored by supervisors only (the server refuses a caseworker's undelete of these).
SUPERVISOR_TABLES = frozenset({"streets", "communities", "property_companies", "rating_templates"})
TALLIED_STAGES = frozenset({"tallied", "filed", "seated"})
# What reading a row with a value out of its domain (a date that does not parse…) can raise.
DATA_ERRORS = (ArithmeticError, LookupError, TypeError, ValueError)


# Why a row cannot be restored: code → Chinese text; `{kind}`/`{owner_kind}` take a table's
# label, the UI translates the same codes.
REFUSALS = {
    "not_listed": "这类记录不能从回收站恢复",
    "supervisor_only": "{kind}是全区共用的记录，由区级主管恢复",
    "owner_deleted": "所属的{owner_kind}“{owner}”也已删除，请先恢复它",
    "key_taken": "已有一个相同的{kind}（删除之后新建或恢复的），不能再恢复这一个",
    "unfinished_election": "这个小区已有一场未完成的选举，不能再恢复一场",
    "tallied": "选举已计票，名单不能再改",
}


@dataclass(frozen=True)
class Refusal:
    """Why a deleted row cannot come back now: a code of REFUSALS and its parameters
    (`kind` and `owner_kind` are table names)."""

    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def text(self) -> str:
        values = dict(self.params)
        for key in ("kind", "owner_kind"):
            if key in values:
                values[key] = table_label(values[key])
        return REFUSALS[self.code].format(**values)


class RestoreRefused(BadInput):
    """A restore refused for `refusal` (nothing changed)."""

    def __init__(self, message: str, refusal: Refusal) -> None:
        super().__init__(message)
        self.refusal = refusal


@dataclass(frozen=True)
class DeletedRow:
    """One line of the recycle bin."""

    table: str
    row_id: str
    kind: str  # what sort of row, in Chinese (the model's label_zh)
    name: str  # which one: its name, title or room
    place: str  # where it belongs (compound, community, meeting…), "" when district-wide
    deleted_by: str
    deleted_at: datetime
    refusal: Refusal | None  # why it cannot be restored now, None when it can

    @property
    def restorable(self) -> bool:
        return self.refusal is None


def table_label(table: str) -> str:
    kind = KIND_BY_TABLE.get(table)
    return kind.model.label_zh if kind is not None else table


class _Names:
    """Names of parent rows, looked up once per listing."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._cache: dict[tuple[type[Replicated], str], Replicated | None] = {}

    def row(self, model: type[Replicated], row_id: str | None) -> Any:
        if row_id is None:
            return None
        key = (model, row_id)
        if key not in self._cache:
            self._cache[key] = self.session.get(model, row_id)
        return self._cache[key]

    def name(self, model: type[Replicated], row_id: str | None) -> str:
        found = self.row(model, row_id)
        return "" if found is None else describe(found, self)[0]

    def compound_of(self, model: type[Replicated], row_id: str | None) -> str:
        """The compound name of a row that belongs to a compound (an election, a committee)."""
        parent = self.row(model, row_id)
        return "" if parent is None else self.name(Compound, parent.compound_id)


Describe = Callable[[Any, _Names], tuple[str, str]]


def _unit_text(unit: Any) -> str:
    return f"{unit.building}-{unit.room} {unit.owner_name}".strip()


def _day(value: Any) -> str:
    return value.isoformat()[:10] if value is not None else ""


@dataclass(frozen=True)
class _Kind:
    model: type[Replicated]
    describe: Describe  # (name, place) of a row
    owners: tuple[tuple[str, type[Replicated]], ...] = ()  # columns whose row must be live


KINDS: tuple[_Kind, ...] = (
    _Kind(Street, lambda r, n: (r.name, "")),
    _Kind(Community, lambda r, n: (r.name, n.name(Street, r.street_id)),
          (("street_id", Street),)),
    _Kind(PropertyCompany, lambda r, n: (r.name, "")),
    _Kind(Compound, lambda r, n: (r.name, n.name(Community, r.community_id)),
          (("community_id", Community),)),
    _Kind(PartyBranch, lambda r, n: (r.name, n.name(Community, r.community_id)),
          (("community_id", Community),)),
    _Kind(BranchCompound, lambda r, n: (n.name(Compound, r.compound_id), n.name(PartyBranch, r.branch_id)),
          (("branch_id", PartyBranch), ("compound_id", Compound))),
    _Kind(PartyMember, lambda r, n: (
        f"{r.name} {r.building}-{r.room}".strip(" -") if r.room else r.name,
        n.name(Compound, r.compound_id) or n.name(PartyBranch, r.branch_id)),
        (("compound_id", Compound), ("branch_id", PartyBranch))),
    _Kind(Unit, lambda r, n: (_unit_text(r), n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
    _Kind(Election, lambda r, n: (KIND_NAMES.get(r.kind, r.kind), n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
    _Kind(OwnersCommittee, lambda r, n: (
        f"{_day(r.term_start)}–{_day(r.term_end)}", n.name(Compound, r.compound_id)),
        (("compound_id", Compound),)),
    _Kind(CommitteeMember, lambda r, n: (r.name, n.compound_of(OwnersCommittee, r.committee_id)),
          (("committee_id", OwnersCommittee),)),
    _Kind(GroupMember, lambda r, n: (r.name, n.compound_of(Election, r.election_id)),
          (("election_id", Election),)),
    _Kind(Candidate, lambda r, n: (r.name, n.compound_of(Election, r.election_id)),
          (("election_id", Election),)),
    _Kind(Meeting, lambda r, n: (r.title or _day(r.held_at), n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
    _Kind(AgendaItem, lambda r, n: (r.title, n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
    _Kind(MeetingItem, lambda r, n: (n.name(AgendaItem, r.agenda_item_id), n.name(Meeting, r.meeting_id)),
          (("meeting_id", Meeting), ("agenda_item_id", AgendaItem))),
    _Kind(RatingTemplate, lambda r, n: (f"{r.name} v{r.version}", "")),
    _Kind(RatingInspection, lambda r, n: (_day(r.inspected_on), n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
    _Kind(Evaluation, lambda r, n: (str(r.year), n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
    _Kind(Attachment, lambda r, n: (r.filename, n.name(Compound, r.compound_id)),
          (("compound_id", Compound),)),
)
KIND_BY_TABLE = {k.model.__tablename__: k for k in KINDS}


def describe(row: Replicated, names: _Names) -> tuple[str, str]:
    """(name, place) of a row of a listed kind."""
    kind = KIND_BY_TABLE.get(type(row).__tablename__)
    if kind is None:
        return "", ""
    try:
        return kind.describe(row, names)
    except (AttributeError, TypeError, ValueError):  # a row with odd values still gets listed
        return "", ""


def _owner_problem(kind: _Kind, row: Any, names: _Names) -> Refusal | None:
    for column, model in kind.owners:
        parent = names.row(model, getattr(row, column))
        if parent is not None and parent.deleted_at is not None:
            return Refusal("owner_deleted", (("owner_kind", model.__tablename__),
                                             ("owner", describe(parent, names)[0])))
    return None


def _key_problem(session: Session, row: Replicated) -> Refusal | None:
    """A live row holding the same natural key (a compound of the same name added since…)."""
    model = type(row)
    for index in model.__table__.indexes:  # type: ignore[attr-defined]
        if not index.info.get("live_only"):
            continue
        columns = [column.name for column in index.columns]
        clash = session.scalar(
            select(model.id).where(
                model.deleted_at.is_(None), model.id != row.id,
                *(getattr(model, name) == getattr(row, name) for name in columns)).limit(1))
        if clash is not None:
            return Refusal("key_taken", (("kind", model.__tablename__),))
    return None


def _rule_problem(session: Session, row: Any) -> Refusal | None:
    if isinstance(row, Election) and row.stage != FINAL_STAGE:  # filed (备案) ends every kind
        other = session.scalar(select(Election.id).where(
            Election.compound_id == row.compound_id, Election.deleted_at.is_(None),
            Election.stage != FINAL_STAGE).limit(1))
        if other is not None:
            return Refusal("unfinished_election")
    if isinstance(row, GroupMember | Candidate):
        election = session.get(Election, row.election_id)
        if election is not None and election.stage in TALLIED_STAGES:
            return Refusal("tallied")
    return None


def refusal(session: Session, row: Replicated, names: _Names | None = None) -> Refusal | None:
    """Why this deleted row cannot be restored now (None when it can)."""
    table = type(row).__tablename__
    kind = KIND_BY_TABLE.get(table)
    if kind is None:
        return Refusal("not_listed")
    if table in SUPERVISOR_TABLES and get_setting(session, ROLE) == "caseworker":
        return Refusal("supervisor_only", (("kind", table),))
    names = names or _Names(session)
    return (_owner_problem(kind, row, names) or _key_problem(session, row)
            or _rule_problem(session, row))


def deleted_rows(session: Session, limit: int = MAX_LISTED) -> list[DeletedRow]:
    """The newest deleted rows of every listed kind, newest first."""
    found: list[Any] = []
    for kind in KINDS:
        model: Any = kind.model
        try:
            found += session.scalars(
                select(model).where(model.deleted_at.is_not(None))
                .order_by(model.deleted_at.desc()).limit(limit)).all()
        except DATA_ERRORS:  # a stored value that cannot be read: the other kinds still list
            continue
    found.sort(key=lambda r: r.deleted_at, reverse=True)
    names = _Names(session)
    lines = []
    for row in found[:limit]:
        name, place = describe(row, names)
        lines.append(DeletedRow(
            table=row.__tablename__, row_id=row.id, kind=row.label_zh, name=name, place=place,
            deleted_by=row.deleted_by or "", deleted_at=row.deleted_at,
            refusal=refusal(session, row, names)))
    return lines


def restore(session: Session, table: str, row_id: str) -> DeletedRow:
    """Bring one deleted row back (BadInput, changing nothing, when it cannot be); returns the
    line as it was listed."""
    kind = KIND_BY_TABLE.get(table)
    if kind is None:
        raise RestoreRefused(REFUSALS["not_listed"], Refusal("not_listed"))
    row: Any = session.get(kind.model, row_id)
    if row is None or row.deleted_at is None:
        raise BadInput(code="recycle.not_in_bin", kind=kind.model.label_zh)
    names = _Names(session)
    name, place = describe(row, names)
    line = DeletedRow(table, row_id, kind.model.label_zh, name, place, row.deleted_by or "",
                      row.deleted_at, refusal(session, row, names))
    if line.refusal is not None:
        raise RestoreRefused(f"不能恢复{line.kind}“{line.name}”：{line.refusal.text}", line.refusal)
    row.deleted_at = None  # tracking clears deleted_by and writes the "undelete" op
    session.flush()
    return line
