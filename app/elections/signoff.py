"""Checkpoint sign-offs: approved / returned / revoked, each a new signed append-only event.

Approving is refused while a check fails; a failing district setting may be overridden with a
recorded reason, a failing law never. Whether a sign-off is still good is computed, not stored:
revoked (a later revocation names it) or stale (what it approved has changed since).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import logs, signing
from app.elections.checks import Check, checks_for, content_for
from app.elections.stages import (
    CHECKPOINT_STAGE,
    approved_next,
    checkpoint_name,
    kind_name,
    returned_to,
    set_stage,
    stage_name,
    stages_for,
)
from app.errors import BadInput, WorkFailed
from app.rules import Rules
from app.session import get_setting, set_setting
from db.models import CheckpointApproval, Compound, Election
from db.types import clean_text, new_id, utcnow

# The checkpoints' default names; per kind (换届小组人选关) use app.elections.stages.checkpoint_name.
CHECKPOINT_NAMES = {"timing": "筹备时机关", "group": "筹备组人选关", "candidates": "业委会人选关"}
DECISION_NAMES = {"approved": "通过", "returned": "退回", "revoked": "撤销"}
PUBLIC_KEY_SETTING = "signing.public_key."
# + key_id → the user the key belongs to: the local signer (remember_public_key) or the owner the
# server named when sync fetched a colleague's key (app.sync.signing_keys.trust_key).
KEY_OWNER_SETTING = "signing.key_owner."
FIELD_NAMES = {
    "id": "审核记录编号", "election_id": "选举", "checkpoint": "关口", "decision": "决定",
    "comment": "意见", "override_reason": "越过理由", "signer": "签署人", "signed_at": "签署时间",
    "content_hash": "内容摘要", "key_id": "密钥编号", "revokes_id": "所撤销的审核",
}


@dataclass(frozen=True)
class Draft:
    """What the sign-off dialog shows before signing: the checks and the exact content."""

    checkpoint: str
    checks: list[Check]
    content: dict[str, Any]
    content_hash: str
    name: str = ""  # the checkpoint's name for this kind (换届小组人选关)

    @property
    def law_failures(self) -> list[Check]:
        return [c for c in self.checks if c.blocks and c.origin.is_law]

    @property
    def district_failures(self) -> list[Check]:
        return [c for c in self.checks if c.blocks and not c.origin.is_law]


def draft(session: Session, election: Election, checkpoint: str, rules: Rules, today: date) -> Draft:
    content = content_for(session, election, checkpoint)
    return Draft(checkpoint, checks_for(session, election, checkpoint, rules, today), content,
                 signing.content_hash(content), checkpoint_name(checkpoint, election.kind, rules))


def approvals(session: Session, election_id: str) -> list[CheckpointApproval]:
    return list(session.scalars(
        select(CheckpointApproval).where(CheckpointApproval.election_id == election_id)
        .order_by(CheckpointApproval.signed_at, CheckpointApproval.updated_at, CheckpointApproval.id)
    ))


def remember_public_key(session: Session, key: signing.SigningKey) -> None:
    """Keep the public key beside the data so local sign-offs can be verified (not a secret),
    and whose it is, so a code naming another signer is not taken as signed by them."""
    set_setting(session, PUBLIC_KEY_SETTING + key.key_id, base64.b64encode(key.public_raw).decode())
    remember_key_owner(session, key.key_id, key.actor)


def remember_key_owner(session: Session, key_id: str, owner: str) -> None:
    set_setting(session, KEY_OWNER_SETTING + key_id, owner)


def known_public_key(session: Session, key_id: str) -> bytes | None:
    text = get_setting(session, PUBLIC_KEY_SETTING + key_id)
    try:
        return base64.b64decode(text, validate=True) if text else None
    except (binascii.Error, ValueError):  # a damaged setting is a key not known
        return None


def key_owner(session: Session, key_id: str) -> str | None:
    """The user a known key belongs to. Keys kept before owners were recorded belong to the one
    signer of the local sign-offs made with them (signed here, or accepted by the server, which
    takes a sign-off only from its key's owner); None when that is not one name."""
    owner = get_setting(session, KEY_OWNER_SETTING + key_id)
    if owner:
        return owner
    if known_public_key(session, key_id) is None:
        return None
    signers = set(session.scalars(
        select(CheckpointApproval.signer).where(CheckpointApproval.key_id == key_id).distinct()
    ))
    return signers.pop() if len(signers) == 1 else None


def unconfirmed_signer(signer: str, key_id: str, owner: str | None = None) -> str:
    """Why a code's signer cannot be confirmed: its key is unknown here, or someone else's."""
    whose = (f"这把密钥属于“{owner}”，不是码中所写的签署人“{signer}”" if owner and owner != signer
             else f"本机没有“{signer}”的这把密钥：它既不是本机用户自己的密钥，"
                  "也不是同步时从服务器取得的同事密钥")
    return (f"签名人无法确认（密钥 {key_id[:12]}…）：{whose}。此码可能是伪造的；"
            "如签署人是同事，请先同步再核验")


def confirm_code(session: Session, payload: dict[str, Any], public_raw: bytes) -> str | None:
    """Why a code that is intact (app.signing.verify_qr_text) still must not be trusted here, or
    None. Its key must be known here as the named signer's; when this store holds the sign-off,
    every signed field must equal the stored row's."""
    key_id, signer = payload["key_id"], payload["signer"]
    owner = key_owner(session, key_id)
    if known_public_key(session, key_id) != public_raw or owner != signer:
        return unconfirmed_signer(signer, key_id, owner)
    row = session.get(CheckpointApproval, payload["id"])
    if row is None:
        return None
    field = signing.first_difference(payload, row)
    if field is None:
        return None
    from db.codec import encode

    return (f"与本地记录不符：{FIELD_NAMES[field]}（{field}）本地为“{_brief(encode(getattr(row, field)))}”，"
            f"码中为“{_brief(payload[field])}”。此码或本地记录被改动过")


def _brief(value: Any, limit: int = 40) -> str:
    """A value short and printable enough for a one-line message."""
    text = "（空）" if value is None or value == "" else "".join(
        ch if ch.isprintable() else "�" for ch in str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def sign_checkpoint(
    session: Session,
    election: Election,
    checkpoint: str,
    decision: str,
    signer: str,
    rules: Rules,
    today: date,
    comment: str = "",
    override_reason: str = "",
    revokes_id: str | None = None,
    signed_at: datetime | None = None,
) -> CheckpointApproval:
    """Record and sign one decision; moves the election as the decision says. BadInput if refused.

    `signed_at` is now unless given: only the demo builder gives it, signing its past elections
    on the (simulated) day each checkpoint was passed."""
    if checkpoint not in CHECKPOINT_STAGE:
        raise BadInput(code="signoff.unknown_checkpoint", checkpoint=checkpoint)
    if decision not in DECISION_NAMES:
        raise BadInput(code="signoff.unknown_decision", decision=decision)
    if CHECKPOINT_STAGE[checkpoint] not in stages_for(election.kind, rules):
        raise BadInput(code="signoff.no_such_checkpoint", kind=kind_name(election.kind),
                       checkpoint=checkpoint)
    name = checkpoint_name(checkpoint, election.kind, rules)
    # Cleaned before signing: a control character would make the server refuse the sign-off,
    # and cleaning it afterwards would break the signature.
    comment, override_reason = clean_text(comment).strip(), clean_text(override_reason).strip()
    current = draft(session, election, checkpoint, rules, today)
    if decision in ("approved", "returned") and election.stage != CHECKPOINT_STAGE[checkpoint]:
        raise BadInput(code="signoff.wrong_stage",
            stage=stage_name(election.stage, election.kind, rules), name=name)
    if decision == "approved":
        if current.law_failures:
            titles = [c.title for c in current.law_failures]
            raise BadInput(code="signoff.law_unmet", titles=titles)
        if current.district_failures and not override_reason:
            titles = [c.title for c in current.district_failures]
            raise BadInput(code="signoff.district_unmet", titles=titles)
        if override_reason and not current.district_failures:
            raise BadInput(code="signoff.override_not_needed")
    elif decision == "returned":
        if not comment:
            raise BadInput(code="signoff.return_needs_reason")
        override_reason = ""
    else:
        _check_revocable(session, election, checkpoint, revokes_id, comment)
        override_reason = ""
    key = signing.signing_key(signer)
    remember_public_key(session, key)
    fields: dict[str, Any] = {
        "id": new_id(), "election_id": election.id, "checkpoint": checkpoint,
        "decision": decision, "comment": comment, "override_reason": override_reason,
        "signer": signer, "signed_at": (signed_at or utcnow()).replace(microsecond=0),
        "content_hash": current.content_hash, "revokes_id": revokes_id if decision == "revoked" else None,
    }
    signed = signing.sign_fields(key, fields)
    row = CheckpointApproval(**signed)
    session.add(row)
    logs.get("app.elections.signoff").info(
        "signed %s: %s, election %s, sign-off %s, key %s…", checkpoint, decision, election.id,
        row.id, row.key_id[:12])
    if decision == "approved":
        set_stage(election, approved_next(election.kind, checkpoint, rules), today)
        _after_approval(session, election, checkpoint, rules, today)
    elif decision == "returned":
        set_stage(election, returned_to(election.kind, checkpoint, rules), today)
    else:
        set_stage(election, CHECKPOINT_STAGE[checkpoint], today)
    session.flush()
    return row


def _after_approval(session: Session, election: Election, checkpoint: str, rules: Rules, today: date) -> None:
    from datetime import timedelta

    if checkpoint == "timing" and "group_formed" in stages_for(election.kind, rules):
        election.group_formed_on = election.group_formed_on or today
        compound = session.get(Compound, election.compound_id)
        if compound is not None and compound.committee_status == "none":
            compound.committee_status = "preparing"
    elif checkpoint == "candidates":
        election.notice_published_on = today
        days = max(rules.periods.candidate_notice_days, rules.periods.objection_days)
        election.objection_until = today + timedelta(days=days - 1)


def _check_revocable(
    session: Session, election: Election, checkpoint: str, revokes_id: str | None, comment: str
) -> None:
    if not comment:
        raise BadInput(code="signoff.revoke_needs_reason")
    target = session.get(CheckpointApproval, revokes_id) if revokes_id else None
    if target is None or target.election_id != election.id or target.checkpoint != checkpoint:
        raise BadInput(code="signoff.revoke_other")
    if target.decision != "approved":
        raise BadInput(code="signoff.revoke_only_approved")
    if revoked_ids(session, election.id) & {target.id}:
        raise BadInput(code="signoff.already_revoked")
    if election.stage in ("tallied", "filed", "seated"):
        raise BadInput(code="signoff.revoke_after_tally")


def revoked_ids(session: Session, election_id: str) -> set[str]:
    return {
        a.revokes_id for a in approvals(session, election_id)
        if a.decision == "revoked" and a.revokes_id
    }


def approval_status(session: Session, approval_id: str) -> str | None:
    """'revoked', 'stale' (approved content changed since) or 'current'; None if unknown here."""
    row = session.get(CheckpointApproval, approval_id)
    if row is None:
        return None
    if row.id in revoked_ids(session, row.election_id):
        return "revoked"
    if row.decision == "approved":
        election = session.get(Election, row.election_id)
        if election is not None:
            now = signing.content_hash(content_for(session, election, row.checkpoint))
            if now != row.content_hash:
                return "stale"
    return "current"


def signature_status(session: Session, row: CheckpointApproval) -> str:
    """'valid', 'invalid' (altered or wrong key) or 'unknown_key' (no public key here yet)."""
    public = known_public_key(session, row.key_id)
    if public is None:
        return "unknown_key"
    try:
        signing.verify_approval(row, public)
    except BadInput:
        return "invalid"
    return "valid"


def qr_text_for(session: Session, row: CheckpointApproval) -> str:
    """QR text for printing this sign-off (needs the signer's public key known here)."""
    public = known_public_key(session, row.key_id) or _own_public_key(row.signer, row.key_id)
    if public is None:
        raise BadInput(code="signoff.no_public_key")
    return signing.qr_text(row, public)


def _own_public_key(signer: str, key_id: str) -> bytes | None:
    """The signer's public key from this computer's keyring, when it is the key that signed."""
    try:
        key = signing.signing_key(signer, create=False)
    except WorkFailed:
        return None
    return key.public_raw if key is not None and key.key_id == key_id else None
