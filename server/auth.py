"""Passwords (argon2), device tokens (random, stored as SHA-256, revocable, expiring) and the
login throttle (failures counted in the database so every worker agrees).

The throttle is keyed by (user name, client address), not by user alone, so guessing from one
address never locks the account for its owner elsewhere. Every attempt is recorded as a failure
BEFORE its password is checked, inside one short transaction that holds a lock on the address
(SQLite: the write lock of BEGIN IMMEDIATE; PostgreSQL: an advisory lock), so parallel guesses
are all counted and at most FREE_FAILURES of them reach argon2. A right password then removes its
own record. After FREE_FAILURES the pair waits BACKOFF_FIRST, doubling with each further failure
up to BACKOFF_MAX. An address also has a ceiling on failures across all user names (a spray of
guesses); past it, only a user who has logged in from that address before and has not failed
since still gets in, so a guesser behind an office's shared address does not lock out the
colleagues behind it.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, delete, func, insert, select, text, update

from db.types import utcnow
from server.schema import DeviceToken, LoginFailure, User

TOKEN_LIFETIME = timedelta(days=90)
FREE_FAILURES = 5  # failed logins of one user from one address before backoff starts
BACKOFF_FIRST = timedelta(minutes=1)  # the wait after FREE_FAILURES; doubles with each failure
BACKOFF_MAX = timedelta(minutes=15)
FAILURE_MEMORY = timedelta(hours=24)  # how long a failure counts toward the backoff
ADDRESS_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_ADDRESS = 20  # failures from one address, any user names, within ADDRESS_WINDOW
KNOWN_MEMORY = timedelta(days=90)  # a successful login keeps its (user, address) known this long
KNOWN_PREFIX = "ok:"  # marker rows of known (user, address) pairs, in the same table
MAX_ADDRESS = 64  # longer than any IPv6 text; a proxy's odd value cannot grow the keys

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
    """Too many recent failed logins for this user from this address, or from this address."""

    def __init__(self, code: str, retry_after: timedelta) -> None:
        self.code = code  # throttled_user | throttled_address (the catalogue's sync section)
        self.retry_after_seconds = max(1, math.ceil(retry_after.total_seconds()))
        self.wait = _spoken(retry_after)
        super().__init__(f"{code}: try again in {self.wait}")


@dataclass(frozen=True)
class Attempt:
    """A login attempt recorded as a failure until its password proves right."""

    username: str
    address: str
    failure_ids: tuple[int, ...]


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def throttle_address(address: str) -> str:
    """The address the throttle counts by: an IPv4 address as it is, an IPv6 address by its /64
    (one site or home gets a whole /64 and could otherwise step through it), anything else (a
    proxy's odd value) cut short."""
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address[:MAX_ADDRESS]
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.IPv6Network((parsed, 64), strict=False))
    return str(parsed)


def _pair_key(username: str, address: str) -> str:
    return f"pair:{address}|{username}"  # an address holds no "|", so the key is unambiguous


def _address_key(address: str) -> str:
    return f"addr:{address}"


def _known_key(username: str, address: str) -> str:
    return f"{KNOWN_PREFIX}{address}|{username}"


def backoff(failures: int) -> timedelta:
    """The wait after the latest of `failures` failures of one user from one address."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    doublings = min(failures - FREE_FAILURES, 32)
    return min(BACKOFF_FIRST * (2**doublings), BACKOFF_MAX)


def _lock_address(connection: Connection, address: str) -> None:
    """Serialise the throttle's check-and-record for one address across workers and processes.

    SQLite's write transaction (BEGIN IMMEDIATE) already serialises every writer."""
    if connection.dialect.name == "postgresql":
        digest = hashlib.sha256(f"compound-desk login {address}".encode()).digest()
        key = int.from_bytes(digest[:8], "big", signed=True)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})


def _window(connection: Connection, key: str, since: datetime) -> list[datetime]:
    return list(connection.scalars(
        select(LoginFailure.at).where(LoginFailure.key == key, LoginFailure.at > since)
        .order_by(LoginFailure.at)
    ))


def begin_attempt(connection: Connection, username: str, address: str) -> Attempt:
    """Check the throttle and record this attempt as a failure, atomically (call inside a write
    transaction, before verifying the password). Raises Throttled, recording nothing."""
    address = throttle_address(address)
    _lock_address(connection, address)
    now = utcnow()
    pair = _window(connection, _pair_key(username, address), now - FAILURE_MEMORY)
    wait = backoff(len(pair))
    if pair and pair[-1] + wait > now:
        raise Throttled("throttled_user", pair[-1] + wait - now)
    recent = _window(connection, _address_key(address), now - ADDRESS_WINDOW)
    if len(recent) >= MAX_FAILURES_PER_ADDRESS and (pair or not _known_pair(connection, username, address, now)):
        frees_at = recent[len(recent) - MAX_FAILURES_PER_ADDRESS] + ADDRESS_WINDOW
        raise Throttled("throttled_address", frees_at - now)
    ids = []
    for key in (_pair_key(username, address), _address_key(address)):
        result = connection.execute(insert(LoginFailure).values(key=key, at=now))
        ids.append(int(result.inserted_primary_key[0]))  # type: ignore[index]
    connection.execute(delete(LoginFailure).where(
        LoginFailure.at < now - FAILURE_MEMORY, ~LoginFailure.key.startswith(KNOWN_PREFIX)))
    connection.execute(delete(LoginFailure).where(
        LoginFailure.at < now - KNOWN_MEMORY, LoginFailure.key.startswith(KNOWN_PREFIX)))
    return Attempt(username, address, tuple(ids))


def _known_pair(connection: Connection, username: str, address: str, now: datetime) -> bool:
    """Whether this user logged in successfully from this address lately: a colleague behind the
    same office address as a guesser still gets in (their own pair must not have failed since)."""
    return connection.scalar(
        select(LoginFailure.id).where(LoginFailure.key == _known_key(username, address),
                                      LoginFailure.at > now - KNOWN_MEMORY).limit(1)) is not None


def attempt_succeeded(connection: Connection, attempt: Attempt) -> None:
    """The password was right: forget this pair's failures and this attempt's address record
    (other failures from the address still count toward its ceiling); remember the pair as
    known (one marker row, refreshed)."""
    known = _known_key(attempt.username, attempt.address)
    connection.execute(delete(LoginFailure).where(
        LoginFailure.key.in_((_pair_key(attempt.username, attempt.address), known))
        | LoginFailure.id.in_(attempt.failure_ids)))
    connection.execute(insert(LoginFailure).values(key=known, at=utcnow()))


def _spoken(wait: timedelta) -> str:
    seconds = max(1, math.ceil(wait.total_seconds()))
    return f"{seconds} seconds" if seconds < 120 else f"{math.ceil(seconds / 60)} minutes"


def recent_failures(connection: Connection, username: str, address: str) -> int:
    """Failures of this user from this address that still count toward the backoff."""
    return int(connection.scalar(
        select(func.count()).select_from(LoginFailure).where(
            LoginFailure.key == _pair_key(username, address),
            LoginFailure.at > utcnow() - FAILURE_MEMORY)) or 0)


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
