"""Where the profiles ride a sync: after the rows, the own profile edited here goes up
(PUT /profile) and the profiles of the signers this user's client prints come down
(GET /profiles) into the local `profiles` table (app.profile).

Conflicts (the own profile changed here offline and on the server — another laptop, an admin):
the server keeps the edit based on its current version; otherwise the newer edit by the time it
was typed wins (the server clamps a fast clock), so the server's profile wins unless the local
edit is newer. When the server's wins, this store takes it and the sync says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from app import profile
from app.errors import BadInput
from app.sync.client import NotFoundOnServer, SyncClient
from app.sync.errors import ServerRefused
from db.models import UserProfile
from db.store import Store


@dataclass(frozen=True)
class _Edit:
    user: str
    values: tuple[str, str, str]
    version: int
    edited_at: datetime | None


def exchange_profiles(store: Store, client: SyncClient) -> list[str]:
    """Push the own pending profile, then keep the listed ones; returns warnings for the report.
    A server without the profile calls (older) is left alone."""
    warnings: list[str] = []
    with store.session() as session:
        edit = _pending_edit(session)
    try:
        if edit is not None:
            warnings.extend(_push_own(store, client, edit))
        answer = client.profiles()
    except NotFoundOnServer:
        return warnings
    listed = answer.get("profiles")
    if not isinstance(listed, list):
        raise ServerRefused(code="sync.local.profiles_unreadable")
    with store.transaction() as session:
        warnings.extend(keep_listed(session, listed))
    return warnings


def _pending_edit(session: Session) -> _Edit | None:
    user = profile.own_user(session)
    row = session.get(UserProfile, user)
    if row is None or not row.pending:
        return None
    return _Edit(user, (row.name, row.title, row.office), int(row.version), row.edited_at)


def _push_own(store: Store, client: SyncClient, edit: _Edit) -> list[str]:
    name, title, office = edit.values
    answer = client.put_profile({
        "name": name, "title": title, "office": office, "base_version": edit.version,
        "edited_at": edit.edited_at.isoformat() if edit.edited_at else None})
    kept = answer.get("profile")
    if not isinstance(kept, dict):
        raise ServerRefused(code="sync.local.own_profile_unreadable")
    with store.transaction() as session:
        row = session.get(UserProfile, edit.user)
        if row is not None and (row.name, row.title, row.office) != edit.values:
            return []  # edited again during the sync: that edit goes up next time
        problem = _keep(session, kept, own=edit.user)
    if problem:
        return [problem]
    if answer.get("applied"):
        return []
    text = profile.Profile(edit.user, *(str(kept.get(k) or "") for k in profile.FIELDS)).signer_text
    return [f"本人信息在服务器上有更新的修改（另一台电脑或管理员所改），已改用服务器上的：{text}"]


def keep_listed(session: Session, listed: list[Any]) -> list[str]:
    """Keep each listed profile (an own edit still waiting to go up stays); returns warnings for
    values refused by the local checks (a server sending them is not trusted with them)."""
    own = profile.own_user(session)
    warnings = []
    for item in listed:
        if not isinstance(item, dict):
            continue
        current = session.get(UserProfile, str(item.get("user") or ""))
        if current is not None and current.pending:
            continue
        problem = _keep(session, item, own=own)
        if problem:
            warnings.append(problem)
    return warnings


def _keep(session: Session, item: dict[str, Any], *, own: str) -> str | None:
    """Store one profile as the server sent it; a refusal's text, else None."""
    user, version = item.get("user"), item.get("version")
    if not isinstance(user, str) or not user or len(user) > 80 or type(version) is not int:
        return "服务器发来的一条人员信息无法读取，已跳过"
    name, title, office = (str(item.get(k)) if isinstance(item.get(k), str) else ""
                           for k in profile.FIELDS)
    if not name:
        return None  # no profile on the server (yet)
    edited = item.get("edited_at")
    try:
        edited_at = datetime.fromisoformat(edited) if isinstance(edited, str) else None
    except ValueError:
        edited_at = None
    if edited_at is not None and edited_at.tzinfo is None:
        edited_at = edited_at.replace(tzinfo=UTC)
    try:
        profile.keep_profile(session, user, name, title, office, version, edited_at=edited_at)
    except BadInput as exc:
        who = "本人" if user == own else f"“{user}”"
        return f"服务器上{who}的人员信息未保存：{exc}"
    return None
