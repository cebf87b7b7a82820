"""What every family of checks reads: the session, the rules, the day of the audit, and the
store's live elections, compound names and owners' registers, loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.findings import Finding, Severity, Subject
from app.elections.stages import kind_name, stage_name
from app.rules import Rules, Source
from db.models import Compound, Election, Unit


@dataclass
class AuditContext:
    session: Session
    rules: Rules
    today: date
    _names: dict[str, str] = field(default_factory=dict)
    _owned: dict[str, set[str]] = field(default_factory=dict)

    def compound_name(self, compound_id: str) -> str:
        if not self._names:
            self._names = {cid: name for cid, name in
                           self.session.execute(select(Compound.id, Compound.name))}
        return self._names.get(compound_id) or f"（小区 {compound_id[:8]}）"

    def owned_units(self, compound_id: str) -> set[str]:
        """Ids of the compound's parts held by owners (the developer's unsold parts own nothing)."""
        if compound_id not in self._owned:
            self._owned[compound_id] = set(self.session.scalars(select(Unit.id).where(
                Unit.compound_id == compound_id, Unit.deleted_at.is_(None),
                Unit.developer_unsold.is_(False))))
        return self._owned[compound_id]

    def elections(self) -> list[Election]:
        return list(self.session.scalars(
            select(Election).where(Election.deleted_at.is_(None)).order_by(Election.id)))

    def finding(self, code: str, election: Election, origin: Source, params: dict[str, Any],
                severity: Severity = "violation") -> Finding:
        """A finding about an election, labelled by its kind and stage."""
        return Finding(code, severity, self.compound_name(election.compound_id),
                       election_subject(election), origin, params)


def election_subject(election: Election) -> Subject:
    kind = kind_name(election.kind)
    stage = stage_name(election.stage, election.kind)
    return Subject("election", election.id, f"{kind}（{stage}）")
