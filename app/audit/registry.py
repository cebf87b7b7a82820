"""The families of checks an audit runs, in report order, and the run itself."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.audit.agenda import audit_agenda
from app.audit.checkpoints import audit_checkpoints
from app.audit.committee import audit_committee
from app.audit.context import AuditContext
from app.audit.findings import Finding, Report
from app.audit.kinds import audit_kinds
from app.audit.membership import audit_committees, audit_elected
from app.audit.periods import audit_periods
from app.audit.votes import audit_votes
from app.rules import Rules
from db.models import AgendaItem, Election, OwnersCommittee, Replicated
from db.store import Store


@dataclass(frozen=True)
class Family:
    """One family of checks: a name for the report and what it finds."""

    name: str
    run: Callable[[AuditContext], Iterable[Finding]]


FAMILIES: tuple[Family, ...] = (
    Family("checkpoints", audit_checkpoints),
    Family("kinds", audit_kinds),
    Family("committees", audit_committees),
    Family("elected", audit_elected),
    Family("committee", audit_committee),
    Family("periods", audit_periods),
    Family("agenda", audit_agenda),
    Family("votes", audit_votes),
)


def _live(session: Session, model: type[Replicated]) -> int:
    return session.scalar(select(func.count()).select_from(model)
                          .where(model.deleted_at.is_(None))) or 0


def audit_store(store: Store, rules: Rules, today: date) -> Report:
    """The audit of a whole store in one read-only session (the UI runs it off its thread)."""
    with store.session() as session:
        return run_audit(session, rules, today)


def run_audit(session: Session, rules: Rules, today: date,
              families: Iterable[Family] = FAMILIES) -> Report:
    """Every family's findings about the store, violations apart from information."""
    ctx = AuditContext(session, rules, today)
    findings = [finding for family in families for finding in family.run(ctx)]
    committees = session.scalar(select(func.count()).select_from(OwnersCommittee).where(
        OwnersCommittee.deleted_at.is_(None), OwnersCommittee.status == "active")) or 0
    return Report(
        violations=[f for f in findings if f.severity == "violation"],
        info=[f for f in findings if f.severity == "info"],
        checked={"elections": _live(session, Election), "committees": committees,
                 "agenda_items": _live(session, AgendaItem)},
    )
