"""Owners' committees, their elections, the three checkpoints, the owners' register and ballots."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import (
    MAX_COMPOUND_AREA_M2,
    MAX_COUNT,
    MAX_UNIT_AREA_M2,
    MIN_UNIT_AREA_M2,
    Replicated,
    live_unique,
)
from db.types import BoundedInteger, Choice, DecimalText, Key, UTCDateTime

# 首次选举, 换届选举, 补选, 提前换届 (early re-election: too few members left, removal, inactivity)
ELECTION_KINDS = ("first", "reelection", "by_election", "early")
ELECTION_STAGES = (
    "application",
    "checkpoint_timing",
    "group_formed",
    "checkpoint_group",
    "candidates_nominated",
    "checkpoint_candidates",
    "candidate_notice",
    "voting",
    "tallied",
    "seated",  # the first meeting chose 主任/副主任 (guidance rules Art. 32: within 7 days)
    "filed",  # 备案 within 30 days of the election (Art. 33), after the first meeting
)
CHECKPOINTS = ("timing", "group", "candidates")  # 筹备时机关, 筹备组人选关, 业委会人选关
DECISIONS = ("approved", "returned", "revoked")
COMMITTEE_TERM_STATUSES = ("active", "expired")
COMMITTEE_ROLES = ("director", "deputy", "member", "alternate")  # 主任, 副主任, 委员, 候补委员
# Why a member left the committee before the term ended (a vacancy the alternates fill).
LEAVE_REASONS = ("resigned", "removed", "disqualified", "moved_out", "deceased", "other")
VOTE_MATTERS = ("ordinary", "major")  # Civil Code Art. 278: items 1–5 and 9, items 6–8
CANDIDATE_STATUSES = ("nominated", "elected", "not_elected", "withdrawn")
BALLOT_CHANNELS = ("paper", "electronic")


class OwnersCommittee(Replicated):
    """An owners' committee (业委会) of a compound for one term."""

    __tablename__ = "owners_committees"
    label_zh = "业委会"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    election_id: Mapped[str | None] = mapped_column(ForeignKey("elections.id"), default=None)
    term_start: Mapped[date | None] = mapped_column(Date, default=None)
    term_end: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(Choice(12, COMMITTEE_TERM_STATUSES), default="active")
    filed_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The first meeting, where 主任/副主任 are chosen (guidance rules Art. 32: within 7 days).
    first_meeting_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Filing (备案, guidance rules Art. 33): the materials handed in (keys from the rules file)
    # and the day each body acknowledged receipt.
    filing_materials_json: Mapped[str] = mapped_column(Text, default="[]", server_default="[]")
    filing_housing_on: Mapped[date | None] = mapped_column(Date, default=None)
    filing_street_on: Mapped[date | None] = mapped_column(Date, default=None)


class CommitteeMember(Replicated):
    """A member of an owners' committee."""

    __tablename__ = "committee_members"
    label_zh = "业委会委员"
    committee_id: Mapped[str] = mapped_column(ForeignKey("owners_committees.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(Choice(12, COMMITTEE_ROLES), default="member")
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    party_member_id: Mapped[str | None] = mapped_column(
        ForeignKey("party_members.id"), default=None
    )
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), default=None)
    phone: Mapped[str | None] = mapped_column(String(30), default=None)
    # Place in the vote ranking (1 = most votes); alternates step in by it.
    rank: Mapped[int] = mapped_column(BoundedInteger(0, 999), default=0, server_default="0")
    joined_on: Mapped[date | None] = mapped_column(Date, default=None)
    left_on: Mapped[date | None] = mapped_column(Date, default=None)
    left_reason: Mapped[str | None] = mapped_column(Choice(12, LEAVE_REASONS), default=None)


class Election(Replicated):
    """A first election, re-election (换届) or by-election of a compound's owners' committee."""

    __tablename__ = "elections"
    label_zh = "选举"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    kind: Mapped[str] = mapped_column(Choice(12, ELECTION_KINDS), default="first")
    stage: Mapped[str] = mapped_column(Choice(24, ELECTION_STAGES), default="application")
    stage_since: Mapped[date | None] = mapped_column(Date, default=None)
    seats: Mapped[int] = mapped_column(BoundedInteger(1, 99), default=7)
    applied_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Who asked for the preparation (checkpoint 1): owners by headcount and their area.
    applicant_owners: Mapped[int] = mapped_column(
        BoundedInteger(0, MAX_COUNT), default=0, server_default="0"
    )
    applicant_area_m2: Mapped[Decimal] = mapped_column(
        DecimalText(0, MAX_COMPOUND_AREA_M2), default=Decimal(0), server_default="0"
    )
    group_formed_on: Mapped[date | None] = mapped_column(Date, default=None)
    notice_published_on: Mapped[date | None] = mapped_column(Date, default=None)
    objection_until: Mapped[date | None] = mapped_column(Date, default=None)
    vote_start: Mapped[date | None] = mapped_column(Date, default=None)
    vote_end: Mapped[date | None] = mapped_column(Date, default=None)
    vote_place: Mapped[str] = mapped_column(String(120), default="")
    e_vote: Mapped[bool] = mapped_column(Boolean, default=True)
    result_published_on: Mapped[date | None] = mapped_column(Date, default=None)
    filed_on: Mapped[date | None] = mapped_column(Date, default=None)
    tally_json: Mapped[str | None] = mapped_column(Text, default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    # Imported as already under way or finished before the app existed (supervisor only): its
    # stage was not reached through the checkpoints, so it may start past the first stage.
    historical: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # Why a by-election or early re-election is held (a trigger key from the rules file).
    trigger: Mapped[str | None] = mapped_column(Key(20), default=None)
    # First election: the community party committee's opinion (先建支部), recorded at 筹备时机关.
    party_opinion_on: Mapped[date | None] = mapped_column(Date, default=None)
    party_opinion: Mapped[str] = mapped_column(Text, default="", server_default="")
    # The preparatory group's owner representatives were published (Shenzhen regs Art. 20).
    reps_published_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Re-election: the sitting committee reported the coming election to the street office.
    reported_on: Mapped[date | None] = mapped_column(Date, default=None)
    # The owners' assembly was announced to all owners (物业管理条例第十四条: 15 days before).
    assembly_notice_on: Mapped[date | None] = mapped_column(Date, default=None)


class GroupMember(Replicated):
    """A member of an election's preparatory group (筹备组), Shenzhen regulations Art. 20."""

    __tablename__ = "group_members"
    label_zh = "筹备组成员"
    election_id: Mapped[str] = mapped_column(ForeignKey("elections.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    # street_office / party_committee / police / residents_committee / developer / owner_rep
    role: Mapped[str] = mapped_column(Key(20))
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), default=None)


class Candidate(Replicated):
    """A candidate for the owners' committee."""

    __tablename__ = "candidates"
    label_zh = "候选人"
    election_id: Mapped[str] = mapped_column(ForeignKey("elections.id"), index=True)
    name: Mapped[str] = mapped_column(String(40))
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("units.id"), default=None)
    is_party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    works_for_property: Mapped[bool] = mapped_column(Boolean, default=False)
    fee_arrears: Mapped[bool] = mapped_column(Boolean, default=False)
    nominated_by: Mapped[str] = mapped_column(String(60), default="")
    status: Mapped[str] = mapped_column(Choice(12, CANDIDATE_STATUSES), default="nominated")
    sort_order: Mapped[int] = mapped_column(BoundedInteger(-MAX_COUNT, MAX_COUNT), default=0)


class CheckpointApproval(Replicated):
    """A signed, append-only sign-off event at one of the three checkpoints."""

    __tablename__ = "checkpoint_approvals"
    label_zh = "关口审核"
    append_only = True
    election_id: Mapped[str] = mapped_column(ForeignKey("elections.id"), index=True)
    checkpoint: Mapped[str] = mapped_column(Choice(12, CHECKPOINTS))
    decision: Mapped[str] = mapped_column(Choice(10, DECISIONS))
    comment: Mapped[str] = mapped_column(Text, default="")
    override_reason: Mapped[str] = mapped_column(Text, default="")
    signer: Mapped[str] = mapped_column(String(80))
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime)
    content_hash: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON that was signed
    signature: Mapped[str] = mapped_column(String(128))  # base64 Ed25519
    key_id: Mapped[str] = mapped_column(String(64))  # fingerprint of the signer's public key
    revokes_id: Mapped[str | None] = mapped_column(String(36), default=None)


class Unit(Replicated):
    """One exclusive part in the owners' register (房号, owner, area)."""

    __tablename__ = "units"
    __table_args__ = (live_unique("units", "compound_id", "building", "room"),)
    label_zh = "房屋"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    building: Mapped[str] = mapped_column(String(20))
    room: Mapped[str] = mapped_column(String(20))
    owner_name: Mapped[str] = mapped_column(String(80), default="")
    owner_key: Mapped[str] = mapped_column(String(60), default="")  # groups parts of one owner
    area_m2: Mapped[Decimal] = mapped_column(DecimalText(MIN_UNIT_AREA_M2, MAX_UNIT_AREA_M2))
    developer_unsold: Mapped[bool] = mapped_column(Boolean, default=False)
    phone: Mapped[str | None] = mapped_column(String(30), default=None)


class OwnersVote(Replicated):
    """A matter the owners' assembly voted on, with the figures of its dual-threshold tally
    (Civil Code Art. 278): a first election's 管理规约 and 议事规则, an agenda item that is the
    owners' to decide, a removal. Whether it passed is computed from the figures and the rules."""

    __tablename__ = "owners_votes"
    label_zh = "业主表决"
    compound_id: Mapped[str] = mapped_column(ForeignKey("compounds.id"), index=True)
    election_id: Mapped[str | None] = mapped_column(ForeignKey("elections.id"), default=None)
    agenda_item_id: Mapped[str | None] = mapped_column(ForeignKey("agenda_items.id"), default=None)
    # management_statute / procedure_rules / agenda / removal / other (a district key)
    subject: Mapped[str] = mapped_column(Key(20), default="other")
    title: Mapped[str] = mapped_column(String(120))
    matter: Mapped[str] = mapped_column(Choice(10, VOTE_MATTERS), default="ordinary")
    held_on: Mapped[date | None] = mapped_column(Date, default=None)
    total_owners: Mapped[int] = mapped_column(BoundedInteger(0, MAX_COUNT), default=0)
    total_area_m2: Mapped[Decimal] = mapped_column(
        DecimalText(0, MAX_COMPOUND_AREA_M2), default=Decimal(0))
    voted_owners: Mapped[int] = mapped_column(BoundedInteger(0, MAX_COUNT), default=0)
    voted_area_m2: Mapped[Decimal] = mapped_column(
        DecimalText(0, MAX_COMPOUND_AREA_M2), default=Decimal(0))
    yes_owners: Mapped[int] = mapped_column(BoundedInteger(0, MAX_COUNT), default=0)
    yes_area_m2: Mapped[Decimal] = mapped_column(
        DecimalText(0, MAX_COMPOUND_AREA_M2), default=Decimal(0))
    note: Mapped[str] = mapped_column(Text, default="")


class Ballot(Replicated):
    """One owner's vote in an election or on a matter; paper votes superseded by e-votes are kept."""

    __tablename__ = "ballots"
    label_zh = "选票"
    election_id: Mapped[str] = mapped_column(ForeignKey("elections.id"), index=True)
    owner_key: Mapped[str] = mapped_column(String(60))
    channel: Mapped[str] = mapped_column(Choice(10, BALLOT_CHANNELS), default="paper")
    vote: Mapped[str] = mapped_column(Text, default="")  # names separated by ';' or yes/no/abstain
    superseded: Mapped[bool] = mapped_column(Boolean, default=False)
    cast_on: Mapped[date | None] = mapped_column(Date, default=None)
