"""Passwords (argon2), device tokens (random, stored as SHA-256, revocable, expiring) and the
login throttle (failures counted in the database so every worker agrees)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select, update

from db.types import utcnow
from server.schema import DeviceToken, LoginFailure, User

TOKEN_LIFETIME = timedelta(days=90)
THROTTLE_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 20

# OWASP's argon2id minimum (19 MiB, 2 passes): strong, yet a login costs tens of milliseconds
# on a small district server rather than hundreds.
_hasher = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# Verified against when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password")


@dataclass(frozen=True)
class Caller:
    """The authenticated user behind a request."""

    user_id: int
    name: str
    role: str
    street_id: str | None
    token_id: int

    @property
    def sees_district(self) -> bool:
        return self.role in ("supervisor", "admin")


class Throttled(Exception):
    """Too many recent failed logins for this user or address."""


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _recent_failures(connection: Connection, key: str, now: datetime) -> int:
    return int(
        connection.scalar(
            select(func.count()).select_from(LoginFailure).where(
                LoginFailure.key == key, LoginFailure.at > now - THROTTLE_WINDOW
            )
        )
        or 0
    )


def check_throttle(connection: Connection, username: str, address: str) -> None:
    now = utcnow()
    if _recent_failures(connection, f"user:{username}", now) >= MAX_FAILURES_PER_USER:
        raise Throttled(f"too many failed logins for {username}; try again in 15 minutes")
    if _recent_failures(connection, f"addr:{address}", now) >= MAX_FAILURES_PER_ADDRESS:
        raise Throttled("too many failed logins from this address; try again in 15 minutes")


def record_failure(connection: Connection, username: str, address: str) -> None:
    now = utcnow()
    connection.execute(
        insert(LoginFailure),
        [{"key": f"user:{username}", "at": now}, {"key": f"addr:{address}", "at": now}],
    )
    connection.execute(delete(LoginFailure).where(LoginFailure.at < now - 2 * THROTTLE_WINDOW))


def verify_password(connection: Connection, username: str, password: str) -> User | None:
    """The user if the password is right (and the account enabled), else None."""
    stored = connection.execute(
        select(User.id, User.password_hash, User.disabled).where(User.name == username)
    ).first()
    try:
        _hasher.verify(stored.password_hash if stored else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if stored is None or stored.disabled:
        return None
    found = connection.execute(select(User.__table__).where(User.id == stored.id)).first()
    return None if found is None else User(**found._mapping)


def issue_token(connection: Connection, user_id: int, device_name: str) -> str:
    token = secrets.token_urlsafe(32)
    now = utcnow()
    connection.execute(
        insert(DeviceToken).values(
            token_hash=token_digest(token), user_id=user_id, device_name=device_name,
            created_at=now, expires_at=now + TOKEN_LIFETIME, revoked_at=None,
        )
    )
    return token


def clear_failures(connection: Connection, username: str) -> None:
    connection.execute(delete(LoginFailure).where(LoginFailure.key == f"user:{username}"))


def caller_for_token(connection: Connection, token: str) -> Caller | None:
    """The caller a bearer token stands for, or None if unknown, revoked, expired or disabled."""
    row = connection.execute(
        select(
            DeviceToken.id, DeviceToken.expires_at, DeviceToken.revoked_at, User.id.label("uid"),
            User.name, User.role, User.street_id, User.disabled,
        )
        .join(User, User.id == DeviceToken.user_id)
        .where(DeviceToken.token_hash == token_digest(token))
    ).first()
    if row is None or row.revoked_at is not None or row.disabled or row.expires_at <= utcnow():
        return None
    return Caller(row.uid, row.name, row.role, row.street_id, row.id)


def revoke_token(connection: Connection, token_id: int) -> None:
    connection.execute(
        update(DeviceToken).where(DeviceToken.id == token_id).values(revoked_at=utcnow())
    )
