"""A small street with one compound whose election has reached every document: group, candidates,
vote, ballots, a signed checkpoint; a held meeting; an answered agenda item built to provoke bad
line breaks; and a second election still voting (nothing to announce yet)."""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from db.models import (
    AgendaItem,
    Ballot,
    BranchCompound,
    Candidate,
    CheckpointApproval,
    Community,
    Compound,
    Election,
    GroupMember,
    Meeting,
    MeetingAttendance,
    MeetingItem,
    PartyBranch,
    Street,
    Unit,
)
from db.store import Store

CANDIDATES = ("欧阳明辉", "司马玉兰", "诸葛建国", "上官秀英", "东方志强", "慕容晓燕", "皇甫文博")
SEATS = 5
# A paragraph whose natural breaks put closing marks at line starts and opening marks at line ends.
PROVOKING = "".join(
    "居" * k + "，“业主”（委员会）。《条例》：" + "议" * (28 - k) + "”！"
    for k in range(1, 29)
)


@dataclass(frozen=True)
class PrintData:
    street_name: str
    compound_name: str
    election_id: str
    voting_election_id: str
    approval_id: str
    meeting_id: str
    item_id: str
    candidates: tuple[str, ...]


def _units(session, compound_id: str) -> list[Unit]:
    units = []
    for n in range(12):
        unit = Unit(compound_id=compound_id, building="3栋" if n % 2 else "5", room=f"{n + 1:02d}01",
                    owner_name=f"业主{n}", owner_key=f"owner-{n}", area_m2=Decimal("88.50") + n,
                    developer_unsold=n == 11)
        session.add(unit)
        units.append(unit)
    session.flush()
    return units


def _signed_approval(election_id: str, content: list[str]) -> CheckpointApproval:
    from app.signing import content_hash, sign_fields, signing_key

    fields = {
        "id": "0a0a0a0a-1111-4222-8333-444455556666", "election_id": election_id,
        "checkpoint": "candidates", "decision": "approved", "comment": "候选人资格审查通过",
        "override_reason": "", "signer": "tester",
        "signed_at": datetime(2024, 5, 6, 2, 30, tzinfo=UTC), "content_hash": content_hash(content),
        "revokes_id": None,
    }
    signed = sign_fields(signing_key("tester"), fields)
    return CheckpointApproval(**signed)


def build(store: Store) -> PrintData:
    with store.transaction() as session:
        street = Street(name="布吉街道", district="龙岗区")
        session.add(street)
        session.flush()
        community = Community(street_id=street.id, name="四联社区")
        session.add(community)
        session.flush()
        compound = Compound(community_id=community.id, name="幸福花园", address="布吉路1号",
                            delivered_on=date(2015, 1, 1))
        other = Compound(community_id=community.id, name="和平苑", instructor_name="王指导")
        session.add_all([compound, other])
        session.flush()
        branch = PartyBranch(community_id=community.id, name="幸福花园小区党支部")
        session.add(branch)
        session.flush()
        session.add(BranchCompound(branch_id=branch.id, compound_id=compound.id))
        units = _units(session, compound.id)
        election = Election(
            compound_id=compound.id, kind="first", stage="tallied", seats=SEATS,
            applied_on=date(2024, 1, 10), group_formed_on=date(2024, 2, 1),
            notice_published_on=date(2024, 4, 1), objection_until=date(2024, 4, 8),
            vote_start=date(2024, 4, 20), vote_end=date(2024, 5, 5), vote_place="幸福花园会所二楼",
            e_vote=True, result_published_on=date(2024, 5, 8),
        )
        voting = Election(compound_id=compound.id, kind="reelection", stage="voting", seats=SEATS,
                          vote_start=date(2024, 6, 1), vote_place="会所")
        session.add_all([election, voting])
        session.flush()
        roles = ("street_office", "party_committee", "police", "residents_committee", "developer",
                 "owner_rep", "owner_rep", "owner_rep")
        for n, role in enumerate(roles):
            session.add(GroupMember(election_id=election.id, name=f"组员{n}", role=role,
                                    is_leader=n == 0, is_party_member=n % 2 == 0))
        for n, name in enumerate(CANDIDATES):
            session.add(Candidate(election_id=election.id, name=name, unit_id=units[n].id,
                                  is_party_member=n % 2 == 0, nominated_by="业主联名推荐",
                                  sort_order=n))
            session.add(Candidate(election_id=voting.id, name=name, sort_order=n))
        for n in range(10):  # 10 of 11 owners vote: quorum met, the first five get most votes
            chosen = CANDIDATES[:SEATS] if n < 8 else CANDIDATES[2:]
            session.add(Ballot(election_id=election.id, owner_key=f"owner-{n}",
                               channel="electronic" if n % 3 else "paper", vote=";".join(chosen)))
        session.add(_signed_approval(election.id, list(CANDIDATES)))
        meeting = Meeting(compound_id=compound.id, kind="joint", title="幸福花园三方联席会议",
                          held_at=datetime(2024, 3, 1, 6, 30, tzinfo=UTC), place="社区党群服务中心",
                          minutes="会议听取了居民关于停车难的诉求。", status="closed")
        session.add(meeting)
        session.flush()
        for n, role in enumerate(("party_branch", "committee", "property", "resident")):
            session.add(MeetingAttendance(meeting_id=meeting.id, name=f"参会{n}", role=role,
                                          signed_in=True))
        item = AgendaItem(
            compound_id=compound.id, title="地下车库停车位不足", description=PROVOKING,
            source="visit", category="parking", raised_by="陈大文", raised_on=date(2024, 2, 20),
            stage="answered", meeting_id=meeting.id, decision="物业重新划线增加车位",
            responsible_party="物业服务企业", deadline=date(2024, 4, 1), answer="已新增车位二十个",
            answer_method="notice", answered_on=date(2024, 4, 2),
        )
        session.add(item)
        session.flush()
        session.add(MeetingItem(meeting_id=meeting.id, agenda_item_id=item.id, sort_order=1,
                                positions_json='{"party_branch": "同意", "property": "同意"}',
                                decision="物业重新划线增加车位", responsible_party="物业服务企业",
                                deadline=date(2024, 4, 1)))
        ids = PrintData(
            street_name=street.name, compound_name=compound.name, election_id=election.id,
            voting_election_id=voting.id, approval_id="0a0a0a0a-1111-4222-8333-444455556666",
            meeting_id=meeting.id, item_id=item.id, candidates=CANDIDATES,
        )
    return ids


@pytest.fixture
def printed(store: Store) -> PrintData:
    return build(store)


def run_tool(*args: str | Path) -> str:
    """Run a poppler/zbar tool and return its stdout (fails the test if the tool fails)."""
    tool = shutil.which(str(args[0]))
    assert tool, f"{args[0]} is not installed (poppler-utils / zbar-tools)"
    done = subprocess.run([tool, *map(str, args[1:])], capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout
