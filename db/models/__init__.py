"""All tables. Import from here so every model is registered before metadata is used."""

from db.models.agenda import (
    AgendaItem,
    AgendaStageEvent,
    Meeting,
    MeetingAttendance,
    MeetingItem,
)
from db.models.base import REPLICATION_COLUMNS, Base, Replicated
from db.models.checks import add_domain_checks
from db.models.elections import (
    Ballot,
    Candidate,
    CheckpointApproval,
    CommitteeMember,
    Election,
    GroupMember,
    OwnersCommittee,
    OwnersVote,
    Unit,
)
from db.models.geo import Community, Compound, LifecycleChange, PropertyCompany, Street
from db.models.local import Conflict, OutboxEntry, Setting, UserProfile
from db.models.party import BranchCompound, PartyBranch, PartyMember
from db.models.ratings import (
    Evaluation,
    RatingIndicator,
    RatingInspection,
    RatingScore,
    RatingTemplate,
)
from db.models.records import Attachment, AuditEntry
from db.models.text import clean_text_on_set

# Replicated models in dependency order (parents first): import, export and sync apply in it.
REPLICATED_MODELS: tuple[type[Replicated], ...] = (
    Street,
    Community,
    PropertyCompany,
    Compound,
    LifecycleChange,
    PartyBranch,
    BranchCompound,
    PartyMember,
    Unit,
    Election,
    OwnersCommittee,
    CommitteeMember,
    GroupMember,
    Candidate,
    CheckpointApproval,
    Ballot,
    Meeting,
    AgendaItem,
    AgendaStageEvent,
    OwnersVote,
    MeetingAttendance,
    MeetingItem,
    RatingTemplate,
    RatingIndicator,
    RatingInspection,
    RatingScore,
    Evaluation,
    Attachment,
    AuditEntry,
)
MODEL_BY_TABLE: dict[str, type[Replicated]] = {m.__tablename__: m for m in REPLICATED_MODELS}
# Every stored value within its column's type and range, in both databases (db/models/checks.py).
add_domain_checks(m.__table__ for m in REPLICATED_MODELS)  # type: ignore[misc]
# Text typed, pasted or imported loses control characters as it is set (db/models/text.py).
clean_text_on_set(REPLICATED_MODELS)

__all__ = [
    "MODEL_BY_TABLE",
    "REPLICATED_MODELS",
    "REPLICATION_COLUMNS",
    "AgendaItem",
    "AgendaStageEvent",
    "Attachment",
    "AuditEntry",
    "Ballot",
    "Base",
    "BranchCompound",
    "Candidate",
    "CheckpointApproval",
    "CommitteeMember",
    "Community",
    "Compound",
    "Conflict",
    "Election",
    "Evaluation",
    "GroupMember",
    "LifecycleChange",
    "Meeting",
    "MeetingAttendance",
    "MeetingItem",
    "OutboxEntry",
    "OwnersCommittee",
    "OwnersVote",
    "PartyBranch",
    "PartyMember",
    "PropertyCompany",
    "RatingIndicator",
    "RatingInspection",
    "RatingScore",
    "RatingTemplate",
    "Replicated",
    "Setting",
    "Street",
    "Unit",
    "UserProfile",
]
