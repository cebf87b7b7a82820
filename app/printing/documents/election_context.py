"""What every election paper needs to know about its election: where, which kind, who organises
it and who issues the paper (the 落款), and the candidates — read once so the notices, the ballot,
the proxy and the assembly notice all name the election and its organiser the same way."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.elections import stages
from app.printing import rules_text as rt
from app.printing.data import Place, get_live, group_leader, place_of
from db.models import Candidate, CommitteeMember, Election, OwnersCommittee
from db.models.elections import ELECTION_STAGES

# How a notice names the election of each kind (the kind's own name in the rules file is short:
# 首次选举 / 换届选举 / 补选 / 提前换届).
KIND_NAMES = {
    "first": "首次业主大会会议",
    "reelection": "业主委员会换届选举",
    "by_election": "业主委员会补选",
    "early": "业主委员会提前换届选举",
}
# The committee being elected, as the candidates notice and the result notice call it.
TERM_NAMES = {
    "first": "首届业主委员会",
    "reelection": "新一届业主委员会",
    "early": "新一届业主委员会",
    "by_election": "业主委员会",
}
GROUP_ROLE_ZH = {
    "street_office": "街道办事处代表",
    "party_committee": "社区党委代表",
    "police": "派出所代表",
    "residents_committee": "居民委员会代表",
    "developer": "建设单位代表",
    "owner_rep": "业主代表",
}
COMMITTEE = "业主委员会"
RESIDENTS = "居民委员会"


@dataclass(frozen=True)
class ElectionContext:
    """One election as its papers name it."""

    election: Election
    place: Place
    kind_name: str  # 首次业主大会会议 / 业主委员会换届选举 / 业主委员会补选 / 业主委员会提前换届选举
    organiser: str  # short, as the notice's sentences call it: 筹备组 / 换届小组 / 业主委员会 / 居民委员会
    issuer: str  # in full, the 落款: 幸福花园业主大会筹备组 / 四联社区居民委员会 …
    signer: str  # the organiser's head by name ("" when none is recorded)
    signer_title: str  # 筹备组组长 / 换届小组组长 / 业主委员会主任 / "" (居民委员会)
    standing_in: bool  # 以居代业: the residents' committee acts for a committee that does not sit

    @property
    def kind(self) -> str:
        return self.election.kind

    @property
    def is_first(self) -> bool:
        return self.election.kind == "first"

    @property
    def is_group(self) -> bool:
        """A group (筹备组 / 换届小组) organises the election, not a standing body."""
        return self.organiser not in (COMMITTEE, RESIDENTS)

    @property
    def term_name(self) -> str:
        """首届业主委员会 / 新一届业主委员会 / 业主委员会 (a by-election fills seats of the sitting one)."""
        return TERM_NAMES.get(self.election.kind, COMMITTEE)

    @property
    def assembly_name(self) -> str:
        """The owners' assembly meeting that votes: 首次业主大会会议, else 业主大会会议."""
        return "首次业主大会会议" if self.is_first else "业主大会会议"

    def reached(self, stage: str) -> bool:
        """The election has reached `stage` (or gone past it)."""
        try:
            return ELECTION_STAGES.index(self.election.stage) >= ELECTION_STAGES.index(stage)
        except ValueError:
            return False


def group_in_full(compound: str, kind: str, organiser: str) -> str:
    """A group as its 落款 names it: the 筹备组 belongs to the owners' assembly (first election),
    a 换届小组 to the committee it renews."""
    return f"{compound}{'业主大会' if kind == 'first' else COMMITTEE}{organiser}"


def _director(session: Session, compound_id: str) -> str:
    """The sitting committee's 主任 by name, "" when none is recorded."""
    committee = session.scalars(
        select(OwnersCommittee).where(
            OwnersCommittee.compound_id == compound_id, OwnersCommittee.status == "active",
            OwnersCommittee.deleted_at.is_(None),
        ).order_by(OwnersCommittee.term_start.desc(), OwnersCommittee.id)
    ).first()
    if committee is None:
        return ""
    name = session.scalars(
        select(CommitteeMember.name).where(
            CommitteeMember.committee_id == committee.id, CommitteeMember.role == "director",
            CommitteeMember.deleted_at.is_(None), CommitteeMember.left_on.is_(None),
        )
    ).first()
    return name or ""


def load(session: Session, election_id: str) -> ElectionContext:
    """The election with its place, kind and organiser (raises BadInput for an unknown id)."""
    election = get_live(session, Election, election_id, "election")
    place = place_of(session, election.compound_id)
    compound = place.compound
    organiser = stages.organiser(election.kind, rt.rules())
    standing_in = bool(compound.residents_committee_acting)
    if organiser == COMMITTEE and standing_in:
        # 以居代业: no committee sits, the community's residents' committee acts in its place
        return ElectionContext(election, place, KIND_NAMES.get(election.kind, "业主委员会选举"),
                               RESIDENTS, f"{place.community_name}{RESIDENTS}", "", "", True)
    if organiser == COMMITTEE:
        return ElectionContext(election, place, KIND_NAMES.get(election.kind, "业主委员会选举"),
                               COMMITTEE, f"{compound.name}{COMMITTEE}",
                               _director(session, compound.id), "业主委员会主任", standing_in)
    leader = group_leader(session, election.id)
    return ElectionContext(
        election, place, KIND_NAMES.get(election.kind, "业主委员会选举"), organiser,
        group_in_full(compound.name, election.kind, organiser),
        leader.name if leader is not None else "", f"{organiser}组长", standing_in,
    )


def candidates_of(session: Session, election_id: str) -> list[Candidate]:
    """The election's candidates in the list's order (withdrawn ones left out)."""
    return list(session.scalars(
        select(Candidate).where(Candidate.election_id == election_id, Candidate.deleted_at.is_(None),
                                Candidate.status != "withdrawn")
        .order_by(Candidate.sort_order, Candidate.name)
    ))
