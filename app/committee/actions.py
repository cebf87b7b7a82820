"""Store-level committee operations for the UI: each reads a snapshot or runs one transaction,
so the UI never holds a session."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.committee import countdown, filing, officers, vacancies
from app.committee.deadlines import TermReminder, term_reminders
from app.committee.summary import CommitteeSummary, summary
from app.errors import BadInput
from db.models import CommitteeMember, OwnersCommittee
from db.store import Store

if TYPE_CHECKING:
    from app.rules import Rules


def load(store: Store, compound_id: str, rules: Rules, today: date) -> CommitteeSummary | None:
    with store.session() as session:
        return summary(session, compound_id, rules, today)


def reminders(store: Store, rules: Rules, today: date) -> list[TermReminder]:
    with store.session() as session:
        return term_reminders(session, rules, today)


def _committee(session: Session, committee_id: str) -> OwnersCommittee:
    committee = session.get(OwnersCommittee, committee_id)
    if committee is None or committee.deleted_at is not None:
        raise BadInput(code="committee.record_gone")
    return committee


def record_first_meeting(store: Store, committee_id: str, held_on: date, director_id: str,
                         deputy_ids: Sequence[str], today: date) -> None:
    with store.transaction() as session:
        officers.record_first_meeting(session, _committee(session, committee_id), held_on,
                                      director_id, deputy_ids, today)


def choose_officers(store: Store, committee_id: str, director_id: str, deputy_ids: Sequence[str],
                    today: date) -> None:
    """Choose the officers again (e.g. after the 主任 left); the first meeting's date stays."""
    with store.transaction() as session:
        officers.choose_officers(session, _committee(session, committee_id), director_id,
                                 deputy_ids, today)


def leave(store: Store, committee_id: str, member_id: str, left_on: date, reason: str,
          rules: Rules, today: date) -> str | None:
    """Record a member leaving; the name of the alternate who stepped in, if any."""
    with store.transaction() as session:
        stepped: CommitteeMember | None = vacancies.leave(
            session, _committee(session, committee_id), member_id, left_on, reason, rules, today)
        return stepped.name if stepped is not None else None


def end_term(store: Store, committee_id: str, today: date) -> None:
    with store.transaction() as session:
        countdown.end_term(session, _committee(session, committee_id), today)


def set_material(store: Store, committee_id: str, key: str, done: bool, rules: Rules) -> None:
    with store.transaction() as session:
        filing.set_material(_committee(session, committee_id), key, done, rules)


def record_receipt(store: Store, committee_id: str, body: str, day: date | None, today: date) -> None:
    with store.transaction() as session:
        filing.record_receipt(_committee(session, committee_id), body, day, today)
