"""Signing keys meet the sync server.

Before pushing sign-offs, this device registers the public keys they were signed with
(POST /keys), since the server refuses a sign-off whose key it does not know. After pulling, it
fetches colleagues' public keys (GET /keys/{key_id}) so their sign-offs verify here too.

Only public keys and signatures travel: the private key stays in the OS keyring (app.signing)
and in this process. A registration carries a proof of possession (the registration statement
signed with the private key), so nobody can register a colleague's public key as their own. A
fetched key is kept only if its key_id is the SHA-256 of the key and its owner is the
sign-offs' signer.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from app import signing
from app.elections.signoff import PUBLIC_KEY_SETTING, remember_key_owner
from app.errors import BadInput, WorkFailed
from app.session import get_setting, set_setting
from app.sync.auth import Account
from app.sync.client import ClashOnServer, SyncClient
from app.sync.errors import NotAllowed, ServerRefused
from app.sync.reasons import client_refusal, describe_error
from db.models import CheckpointApproval, OutboxEntry, Setting
from db.store import Store

# + key_id → "<server url>|<user>": that server confirmed the key as this user's.
CONFIRMED_SETTING = "sync.signing_key_confirmed."
APPROVALS_TABLE = "checkpoint_approvals"
# Names what a registration proof signs, so it cannot be mistaken for any other signature.
_KEY_ID = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class PendingSignoff:
    """A sign-off waiting in the outbox: who signed it, with which key."""

    op_id: str
    signer: str
    key_id: str


@dataclass
class PushPlan:
    """Sign-offs not to send (op_id → why, an error envelope: app.sync.reasons.client_refusal)
    and warnings for the report."""

    refuse: dict[str, dict[str, Any]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _account_tag(account: Account) -> str:
    return f"{account.url}|{account.user}"


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def pending_signoffs(store: Store) -> list[PendingSignoff]:
    with store.session() as session:
        entries = session.execute(
            select(OutboxEntry.op_id, OutboxEntry.fields_json)
            .where(OutboxEntry.table_name == APPROVALS_TABLE, OutboxEntry.op == "insert")
            .order_by(OutboxEntry.seq)
        ).all()
    pending = []
    for op_id, fields_json in entries:
        fields = json.loads(fields_json)
        pending.append(PendingSignoff(op_id, str(fields.get("signer") or ""),
                                      str(fields.get("key_id") or "")))
    return pending


def signer_mismatch_reason(signer: str, user: str) -> dict[str, Any]:
    return client_refusal("signer_not_user", signer=signer, user=user)


def plan_push(store: Store, client: SyncClient, account: Account) -> PushPlan:
    """Register the keys of waiting sign-offs the server has not confirmed yet; sign-offs that
    cannot be accepted (another signer name, a key the server gives to someone else) are held
    back with a reason, and the rest of the outbox is pushed as usual."""
    plan = PushPlan()
    by_key: dict[str, list[PendingSignoff]] = {}
    pending_list = pending_signoffs(store)
    for pending in pending_list:
        if pending.signer != account.user:
            plan.refuse[pending.op_id] = signer_mismatch_reason(pending.signer, account.user)
        else:
            by_key.setdefault(pending.key_id, []).append(pending)
    if plan.refuse:
        others = "、".join(sorted({p.signer for p in pending_list if p.signer != account.user}))
        plan.warnings.append(
            f"{len(plan.refuse)} 条审核以“{others}”签署，不是登录用户“{account.user}”，未上传；"
            "原因见同步页的冲突列表"
        )
    tag = _account_tag(account)
    for key_id, waiting in by_key.items():
        with store.session() as session:
            if get_setting(session, CONFIRMED_SETTING + key_id) == tag:
                continue
        problem = register_key(store, client, account, key_id)
        if problem:
            plan.warnings.append(describe_error(problem))
            for pending in waiting:
                plan.refuse[pending.op_id] = problem
    return plan


def _private_key_held(user: str, key_id: str) -> signing.SigningKey | None:
    """This device's key `key_id` from the OS keyring (kept there under the server user name),
    or None when the keyring does not hold it (another key, none, or no keyring)."""
    try:
        key = signing.signing_key(user, create=False)
    except (BadInput, WorkFailed):
        return None
    return key if key.key_id == key_id else None


def register_key(store: Store, client: SyncClient, account: Account, key_id: str
                 ) -> dict[str, Any] | None:
    """POST the public key with a proof of possession (the registration statement signed with
    the private key, which stays in this process); remember the server's confirmation.
    Returns why it failed (an error envelope), or None."""
    key = _private_key_held(account.user, key_id)
    if key is None:
        return client_refusal("private_key_missing", key=key_id[:12], user=account.user)
    proof = key.sign(signing.key_registration_statement(key_id, account.user))
    try:
        client.register_key(key_id, _b64(key.public_raw), proof)
    except ClashOnServer:
        return client_refusal("key_held_by_other", key=key_id[:12], user=account.user)
    except (ServerRefused, NotAllowed) as exc:
        return client_refusal("key_not_registered", key=key_id[:12], problem=str(exc))
    with store.transaction() as session:
        set_setting(session, CONFIRMED_SETTING + key_id, _account_tag(account))
    return None


def held_back_result(op_id: str, why: dict[str, Any]) -> dict[str, Any]:
    """A push result for a sign-off this client did not send: refused, with why (its reason
    in the client's own words, Chinese, as such reasons always were)."""
    return {"op_id": op_id, "status": "refused", "version": None,
            "reason": describe_error(why), "error": why, "conflicts": [], "row": None}


def unknown_key_ids(store: Store) -> list[str]:
    """Key ids named by sign-offs here whose public key this device does not hold."""
    with store.session() as session:
        named = set(session.scalars(select(CheckpointApproval.key_id).distinct()))
        known = {
            key[len(PUBLIC_KEY_SETTING):] for key in session.scalars(
                select(Setting.key).where(Setting.key.startswith(PUBLIC_KEY_SETTING, autoescape=True))
            )
        }
    return sorted(k for k in named - known if k and _KEY_ID.fullmatch(k))


def fetch_unknown_keys(store: Store, client: SyncClient) -> list[str]:
    """Fetch and keep the public keys of pulled sign-offs; returns warnings for the report.

    A key the server does not hold (never registered) is simply left unknown."""
    warnings = []
    for key_id in unknown_key_ids(store):
        answer = client.fetch_key(key_id)
        if answer is not None:
            problem = trust_key(store, key_id, answer)
            if problem:
                warnings.append(problem)
    return warnings


def trust_key(store: Store, key_id: str, answer: Mapping[str, Any]) -> str | None:
    """Keep a fetched key if it is the key its id names and belongs to the sign-offs' signer;
    check every sign-off made with it. Returns a warning, or None when all is well."""
    short = key_id[:12]
    try:
        public = base64.b64decode(str(answer.get("public_key") or ""), validate=True)
    except (binascii.Error, ValueError):
        public = b""
    if answer.get("key_id") != key_id or len(public) != 32 or signing.key_id_of(public) != key_id:
        return f"服务器发来的签名公钥 {short}… 与其编号不符，未采用；相关审核仍显示“公钥未知”"
    owner = str(answer.get("user") or "")
    with store.transaction() as session:
        rows = session.scalars(
            select(CheckpointApproval).where(CheckpointApproval.key_id == key_id)
        ).all()
        strangers = sorted({row.signer for row in rows if row.signer != owner})
        if strangers:
            return (f"签名公钥 {short}… 属于“{owner}”，但审核的签署人是“{'、'.join(strangers)}”，"
                    "未采用；相关审核仍显示“公钥未知”")
        invalid = 0
        for row in rows:
            try:
                signing.verify_approval(row, public)
            except BadInput:
                invalid += 1
        set_setting(session, PUBLIC_KEY_SETTING + key_id, _b64(public))
        if owner:  # whose key it is: `verify` trusts it for this signer only
            remember_key_owner(session, key_id, owner)
    if invalid:
        return f"“{owner}”的 {invalid} 条审核签名核验不通过（内容被改动），在选举页显示为签名无效"
    return None


registration_statement = signing.key_registration_statement
