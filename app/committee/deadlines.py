"""The committees whose 换届 countdown shows (`[term.countdown] months` before the term ends, or
the term already ended), across the district: the dashboard counts them, the election list
shows them beside the elections' own deadlines, so a re-election is started in time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.committee.countdown import countdown
from db.models import Community, Compound, Election, OwnersCommittee

if TYPE_CHECKING:
    from app.rules import Rules

UNDER_WAY_KINDS = ("reelection", "early")
DONE_STAGES = ("seated", "filed")


@dataclass(frozen=True)
class TermReminder:
    """One committee in its countdown."""

    compound_id: str
    compound: str
    community: str
    committee_id: str
    term_end: date
    days_left: int  # negative once ended
    under_way: bool  # a re-election (or early one) has been started and is not done

    @property
    def ended(self) -> bool:
        return self.days_left < 0

    def text_zh(self) -> str:
        state = "（换届选举已启动）" if self.under_way else "（尚未启动换届）"
        if self.ended:
            return f"任期已于 {self.term_end} 届满 {-self.days_left} 天{state}"
        return f"距任期届满（{self.term_end}）还有 {self.days_left} 天{state}"


def _under_way(session: Session, committee: OwnersCommittee) -> bool:
    return session.scalars(select(Election.id).where(
        Election.compound_id == committee.compound_id, Election.deleted_at.is_(None),
        Election.kind.in_(UNDER_WAY_KINDS), Election.stage.not_in(DONE_STAGES),
        Election.id != committee.election_id,
    ).limit(1)).first() is not None


def term_reminders(session: Session, rules: Rules, today: date) -> list[TermReminder]:
    """Each compound's newest committee (sitting, or expired with no successor) whose countdown
    shows: ended terms first, then the nearest end."""
    rows = session.execute(
        select(OwnersCommittee, Compound.name, Community.name)
        .join(Compound, Compound.id == OwnersCommittee.compound_id)
        .join(Community, Community.id == Compound.community_id)
        .where(OwnersCommittee.deleted_at.is_(None), Compound.deleted_at.is_(None))
    ).all()
    newest: dict[str, tuple[OwnersCommittee, str, str]] = {}
    for committee, compound, community in rows:
        held = newest.get(committee.compound_id)
        if held is None or _order(committee) > _order(held[0]):
            newest[committee.compound_id] = (committee, compound, community)
    found = []
    for committee, compound, community in newest.values():
        shown = countdown(committee, rules, today)
        if shown is None or not shown.showing:
            continue
        found.append(TermReminder(committee.compound_id, compound, community, committee.id,
                                  shown.term_end, shown.days_left, _under_way(session, committee)))
    return sorted(found, key=lambda r: (r.days_left, r.compound))


def _order(committee: OwnersCommittee) -> tuple[date, str]:
    """As records.latest_committee orders: the latest term start (none counts as earliest)."""
    return (committee.term_start or date.min, committee.id)
