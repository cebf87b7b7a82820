"""A compound's party organisation ready for a first election (先建支部): a branch covering it,
a party member living there found through 双找, and the community party committee's opinion."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from db.models import BranchCompound, Community, Compound, Election, PartyBranch, PartyMember


def make_party_ready(session: Session, compound_id: str, member: str = "党员 甲") -> None:
    """A single branch covering the compound and one resident member it found (named `member`:
    a candidate of that name who is elected then serves on both, 交叉任职)."""
    compound = session.get(Compound, compound_id)
    assert compound is not None
    community = session.get(Community, compound.community_id)
    assert community is not None
    branch = PartyBranch(community_id=community.id, name=f"{compound.name}党支部", kind="single")
    session.add(branch)
    session.flush()
    session.add(BranchCompound(branch_id=branch.id, compound_id=compound_id))
    session.add(PartyMember(name=member, compound_id=compound_id, branch_id=branch.id,
                            found_via="branch_found"))
    session.flush()


def record_party_opinion(election: Election, day: date) -> None:
    """The community party committee agreed to the first election (recorded on `day`)."""
    election.party_opinion_on = day
    election.party_opinion = "同意启动首次业主大会筹备"
