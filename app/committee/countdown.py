"""The 换届 countdown: from `[term.countdown] months` before the term ends the compound, the
dashboard and the deadlines list show how long is left, so the re-election is prepared in time
(a term is at most five years, 指导规则第三十二条)."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from app.committee.records import active_committee
from db.models import OwnersCommittee

if TYPE_CHECKING:
    from app.rules import Rules


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (clamped to the month's last day)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@dataclass(frozen=True)
class Countdown:
    """Where a term stands against its end."""

    term_end: date
    starts_on: date  # the countdown shows from this day
    days_left: int  # negative once the term has ended

    @property
    def showing(self) -> bool:
        return self.days_left <= (self.term_end - self.starts_on).days

    @property
    def ended(self) -> bool:
        return self.days_left < 0

    def text_zh(self) -> str:
        if self.ended:
            return f"任期已于 {self.term_end} 届满 {-self.days_left} 天，须换届"
        return f"距任期届满（{self.term_end}）还有 {self.days_left} 天，应筹备换届"


def countdown(committee: OwnersCommittee, rules: Rules, today: date) -> Countdown | None:
    """The committee's countdown (None without a term end)."""
    if committee.term_end is None:
        return None
    return Countdown(term_end=committee.term_end,
                     starts_on=months_before(committee.term_end, rules.term.countdown_months),
                     days_left=(committee.term_end - today).days)


def compound_countdown(session: Session, compound_id: str, rules: Rules, today: date) -> Countdown | None:
    """The countdown of the compound's active committee, only while it shows (None otherwise)."""
    committee = active_committee(session, compound_id)
    result = countdown(committee, rules, today) if committee is not None else None
    return result if result is not None and result.showing else None


def end_term(session: Session, committee: OwnersCommittee, today: date) -> None:
    """Record that a term ran out with no successor elected (指导规则第三十二条: at most five
    years): the committee stops acting and the compound has none until a re-election."""
    from app.errors import BadInput
    from db.models import Compound

    if committee.status != "active":
        raise BadInput(code="committee.not_in_office")
    if committee.term_end is None or committee.term_end >= today:
        if committee.term_end is None:
            raise BadInput(code="committee.term_end_unknown")
        raise BadInput(code="committee.term_not_over", term_end=committee.term_end)
    committee.status = "expired"
    compound = session.get(Compound, committee.compound_id)
    if compound is not None and active_committee(session, compound.id) is None:
        compound.committee_status = "expired"
    session.flush()
