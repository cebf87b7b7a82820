"""Whether an owners' vote passed, computed from its figures and the rules, never stored.

Civil Code Art. 278(2): owners holding 2/3 of the area AND 2/3 by headcount take part (quorum,
inclusive); items 6–8 ("major") need 3/4 of the participating area AND owners (inclusive), all
others more than half of both (strict). Threshold.met compares exact Fractions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from db.models import OwnersVote

if TYPE_CHECKING:
    from app.rules import Rules, Threshold

MATTER_NAMES = {"ordinary": "一般事项（过半数）", "major": "重大事项（四分之三以上）"}


@dataclass(frozen=True)
class Outcome:
    """The tally of one owners' vote: quorum and approval on both counts."""

    quorum: Threshold
    threshold: Threshold
    quorum_owners: bool
    quorum_area: bool
    yes_owners: bool
    yes_area: bool
    figures_ok: bool = True  # yes ≤ voted ≤ total on both counts (a colleague's bad row: False)

    @property
    def quorum_met(self) -> bool:
        return self.quorum_owners and self.quorum_area

    @property
    def passed(self) -> bool:
        return self.figures_ok and self.quorum_met and self.yes_owners and self.yes_area

    def reason_zh(self) -> str:
        """Why it did not pass, or 通过."""
        if self.passed:
            return "通过"
        parts = [] if self.figures_ok else ["表决数字有误（同意数 ≤ 参与数 ≤ 总数）"]
        if not self.quorum_owners:
            parts.append(f"参与表决人数未达 {self.quorum.describe_zh()}")
        if not self.quorum_area:
            parts.append(f"参与表决面积未达 {self.quorum.describe_zh()}")
        if not self.yes_owners:
            parts.append(f"同意人数未达参与人数 {self.threshold.describe_zh()}")
        if not self.yes_area:
            parts.append(f"同意面积未达参与面积 {self.threshold.describe_zh()}")
        return "未通过：" + "；".join(parts)


def outcome_of(total_owners: int, total_area: Decimal, voted_owners: int, voted_area: Decimal,
               yes_owners: int, yes_area: Decimal, matter: str, rules: Rules) -> Outcome:
    threshold = rules.threshold_for(matter if matter in MATTER_NAMES else "major")
    quorum = rules.quorum
    return Outcome(
        quorum=quorum, threshold=threshold,
        quorum_owners=total_owners > 0 and quorum.met(voted_owners, total_owners),
        quorum_area=total_area > 0 and quorum.met(voted_area, total_area),
        yes_owners=voted_owners > 0 and threshold.met(yes_owners, voted_owners),
        yes_area=voted_area > 0 and threshold.met(yes_area, voted_area),
        figures_ok=(matter in MATTER_NAMES and 0 <= yes_owners <= voted_owners <= total_owners
                    and 0 <= yes_area <= voted_area <= total_area),
    )


def vote_outcome(vote: OwnersVote, rules: Rules) -> Outcome:
    return outcome_of(vote.total_owners, vote.total_area_m2, vote.voted_owners, vote.voted_area_m2,
                      vote.yes_owners, vote.yes_area_m2, vote.matter, rules)


def passed(vote: OwnersVote, rules: Rules) -> bool:
    """Passed by its figures; figures out of order (yes > voted > total, from a colleague's
    faulty client) or an unknown matter never pass (an unknown matter is judged as major)."""
    return vote_outcome(vote, rules).passed
