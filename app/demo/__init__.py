"""The demo district: Longgang's real street offices with fictional compounds, people and work.

`generate(store, size)` fills an EMPTY store in one transaction. Demo data is marked twice: the
setting `demo` = "1" (the UI shows a banner from it) and visibly in the data itself — every
property company's name ends with （演示） and every compound's note says 演示数据.

The district's places, people, registers and agenda are plain rows (app.demo.builder); its
elections are not: each is driven through the real workflow services on simulated days
(app.demo.plans says which, app.demo.elections drives them), signed with demo keys the store
itself holds (app.demo.keys), so the demo obeys every rule `audit` checks.
"""

from __future__ import annotations

import importlib
import json
from datetime import date
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from app.agenda_rules import local_today
from app.errors import BadInput
from app.progress import NullProgress, Progress, check_cancelled
from db.models import (
    REPLICATED_MODELS,
    Ballot,
    Candidate,
    CheckpointApproval,
    CommitteeMember,
    Compound,
    Election,
    GroupMember,
    OwnersCommittee,
    OwnersVote,
)
from db.store import Store
from db.tracking import bulk_insert

DEMO_SETTING = "demo"
SIZES_HELP = ("small (~60 compounds, seconds) or large (2,000 compounds, 200,000 units; "
              "a minute or two)")


def store_is_empty(session: Session) -> bool:
    """True when no replicated table holds a row (demo data and restores need that)."""
    return not any(session.scalar(select(exists().select_from(m))) for m in REPLICATED_MODELS)


def _ratings_module() -> Any | None:
    """Ratings demo data is another area's module; the district is complete without it."""
    try:
        return importlib.import_module("app.demo.ratings")
    except ModuleNotFoundError as exc:
        if exc.name == "app.demo.ratings":
            return None
        raise


def generate(
    store: Store, size: str = "small", progress: Progress | None = None,
    today: date | None = None,
) -> dict[str, int]:
    """Fill an empty store with the demo district; returns rows inserted per table.

    Deterministic for a given `size` and `today` (dates are placed relative to `today`, so open
    deadlines stay near the present whatever day the demo is made).
    """
    from app.demo.builder import SIZES, DemoBuilder
    from app.session import set_setting

    if size not in SIZES:
        raise BadInput(code="demo.unknown_size", size=size)
    progress = progress or NullProgress()
    builder = DemoBuilder(SIZES[size], today or local_today())
    progress.report(0, 0, "生成演示数据…")
    tables = builder.build()
    total = len(REPLICATED_MODELS)
    counts: dict[str, int] = {}
    with store.transaction() as session:
        if not store_is_empty(session):
            raise BadInput(code="demo.store_not_empty")
        for done, model in enumerate(REPLICATED_MODELS):
            check_cancelled(progress)
            rows = tables.rows.get(model.__tablename__, [])
            if rows:
                counts[model.__tablename__] = bulk_insert(
                    session, model, rows, audit_action="demo", audit_summary={"size": size}
                )
            progress.report(done + 1, total, model.label_zh)
        _set_liaisons(session, builder.liaisons)
        set_setting(session, DEMO_SETTING, "1")  # before the demo keys, which need the mark
        counts.update(_drive_elections(session, builder, progress))
        _signer_profiles(session, builder)
        _standing_in_parties(session)
        for table, made in _owners_votes(session, builder).items():
            counts[table] = counts.get(table, 0) + made
        ratings = _ratings_module()
        if ratings is not None:
            extra = ratings.generate(session, builder.rng, builder.compound_rows,
                                     builder.company_rows, size, today=builder.today,
                                     new_id=builder.new_id)
            if isinstance(extra, dict):
                counts.update(extra)
        set_setting(session, DEMO_SETTING, "1")
    return counts


def _drive_elections(session: Session, builder: Any, progress: Progress) -> dict[str, int]:
    """Every planned election walked through the real workflow, signed with the demo store's
    own keys (app.demo.keys), never the OS keyring; returns the rows it made per table."""
    from app import signing
    from app.demo.elections import drive
    from app.demo.keys import StoreKeys
    from app.rules import load_rules

    rules = load_rules()
    made = [Election, GroupMember, Candidate, CheckpointApproval, Ballot, OwnersCommittee,
            CommitteeMember, OwnersVote]
    before = {m.__tablename__: _count(session, m) for m in made}
    with signing.key_source(StoreKeys(session, builder.seed)):
        for done, plan in enumerate(builder.plans):
            if done % 20 == 0:
                check_cancelled(progress)
                progress.report(done, len(builder.plans), "选举：按流程逐关办理")
            drive(session, plan, rules, builder.today)
    counts = {name: _count(session, m) - before[name] for name, m in
              ((m.__tablename__, m) for m in made)}
    return {name: count for name, count in counts.items() if count}


SIGNER_TITLE = "党建指导员"


def _signer_profiles(session: Session, builder: Any) -> None:
    """Each demo signer's profile (app.profile): the street office's 党建指导员 who signs its
    compounds' checkpoints, so printed demo forms name the signer as real ones do."""
    from app.profile import keep_profile

    street_name = {row["id"]: row["name"] for row in builder.t.rows.get("streets", [])}
    street_of = {row["id"]: row["street_id"] for row in builder.communities}
    compound_street = {row["id"]: street_of[row["community_id"]] for row in builder.compound_rows}
    kept: set[str] = set()
    for plan in builder.plans:
        if plan.signer in kept:
            continue
        kept.add(plan.signer)
        office = f"{street_name[compound_street[plan.compound_id]]}街道办事处"
        keep_profile(session, plan.signer, plan.signer, SIGNER_TITLE, office, 0)


def _owners_votes(session: Session, builder: Any) -> dict[str, int]:
    """The owners' votes that decided the demo's owners' matters (app.demo.votes)."""
    from app.demo.builder import AGENDA_PATHS
    from app.demo.votes import record_agenda_votes
    from app.rules import load_rules

    made = record_agenda_votes(session, builder.t.rows.get("agenda_items", []), AGENDA_PATHS,
                               load_rules(), builder.today)
    return {"owners_votes": made} if made else {}


def _count(session: Session, model: Any) -> int:
    from sqlalchemy import func

    return session.scalar(select(func.count()).select_from(model)) or 0


def _set_liaisons(session: Session, liaisons: dict[str, str]) -> None:
    """Link compounds to their liaison party member through tracked updates (outbox entries)."""
    if not liaisons:
        return
    compounds = session.scalars(select(Compound).where(Compound.id.in_(list(liaisons))))
    for compound in compounds:
        compound.liaison_member_id = liaisons[compound.id]
    session.flush()


__all__ = ["DEMO_SETTING", "generate", "store_is_empty"]


def _standing_in_parties(session: Session) -> int:
    """Where the workflow left a compound without an owners' committee, its agenda items and
    meetings seat the residents' committee instead (以居代业, app.standing_in): the demo's
    generic positions and responsible parties are written before the elections decide who
    has a committee. Returns the rows changed."""
    from sqlalchemy import select

    from app.standing_in import (
        COMMITTEE_NAME,
        COMMITTEE_ROLE,
        RESIDENTS_NAME,
        RESIDENTS_ROLE,
        has_committee,
    )
    from db.models import AgendaItem, Compound, Meeting, MeetingAttendance

    without = {c.id for c in session.scalars(select(Compound)) if not has_committee(c)}
    changed = 0
    for item in session.scalars(select(AgendaItem).where(AgendaItem.compound_id.in_(without))):
        positions = json.loads(item.positions_json or "{}")
        if COMMITTEE_ROLE in positions:
            positions[RESIDENTS_ROLE] = positions.pop(COMMITTEE_ROLE)
            item.positions_json = json.dumps(positions, ensure_ascii=False, sort_keys=True)
            changed += 1
        if item.responsible_party == COMMITTEE_NAME:
            item.responsible_party = RESIDENTS_NAME
            changed += 1
    attendees = session.scalars(
        select(MeetingAttendance).join(Meeting, Meeting.id == MeetingAttendance.meeting_id)
        .where(Meeting.compound_id.in_(without), MeetingAttendance.role == COMMITTEE_ROLE))
    for attendee in attendees:
        attendee.role = RESIDENTS_ROLE
        changed += 1
    return changed
