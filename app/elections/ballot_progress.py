"""Where a vote stands while ballots come in: owners and floor area that took part against the
quorum the tally applies to both (the dual threshold), and who has not voted yet."""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from app.elections.register import Owner
from app.elections.tally import TallyResult
from app.rules import Threshold


@dataclass(frozen=True)
class QuorumProgress:
    owners: int
    owners_total: int
    owners_needed: int
    area: Decimal
    area_total: Decimal
    area_needed: Decimal
    met: bool

    @property
    def owners_met(self) -> bool:
        return self.owners >= self.owners_needed

    @property
    def area_met(self) -> bool:
        return self.area >= self.area_needed


def _smallest(threshold: Threshold, whole: Fraction, step: Fraction) -> Fraction:
    """The least multiple of `step` that meets the threshold of `whole` (≥ or > its share)."""
    bound = threshold.share * whole / step
    units = math.ceil(bound) if threshold.inclusive else math.floor(bound) + 1
    return units * step


def quorum_progress(result: TallyResult) -> QuorumProgress:
    """Owners and area that took part, and the least of each that meets the quorum (areas to
    the 0.01 m² the register holds)."""
    cent = Fraction(1, 100)
    owners_needed = _smallest(result.quorum, Fraction(result.total_owners), Fraction(1))
    area_needed = _smallest(result.quorum, Fraction(result.total_area), cent)
    return QuorumProgress(
        owners=result.participating_owners, owners_total=result.total_owners,
        owners_needed=int(owners_needed), area=result.participating_area,
        area_total=result.total_area,
        area_needed=(Decimal(area_needed.numerator) / Decimal(area_needed.denominator)).quantize(
            Decimal("0.01")),
        met=result.quorum_met,
    )


def not_voted(owners: Iterable[Owner], voted: Collection[str]) -> list[Owner]:
    """The register's owners with no ballot counted yet, in room order."""
    return [owner for owner in owners if owner.key not in voted]
