"""Server-only tables: users, device tokens, login failures, the change sequence, the row index
(each replicated row's latest version, per-field versions and street), applied op ids and public
signing keys. They live in their own metadata so the client's schema never grows them."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.models import Base
from db.models.base import NAMING, add_postgresql_predicates
from db.types import UTCDateTime

ROLES = ("caseworker", "supervisor", "admin")

# Every server path (app, migrations, schema checks) imports this module first.
add_postgresql_predicates(Base.metadata)


class ServerBase(DeclarativeBase):
    """Root of the server's own tables."""

    metadata = MetaData(naming_convention=NAMING)


class User(ServerBase):
    """A person who may sync: a caseworker is bound to one street, supervisors see the district."""

    __tablename__ = "server_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    role: Mapped[str] = mapped_column(String(12))
    street_id: Mapped[str | None] = mapped_column(String(36), default=None)
    password_hash: Mapped[str] = mapped_column(String(200))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # The profile printed for this user as a signer (app.profile checks the values): the user
    # sets it (PUT /api/v1/profile), an admin with `server-user profile`. `profile_version` counts
    # its changes; `profile_edited_at` is when the kept values were typed (the editing client's
    # clock, never later than the server's) — a conflicting offline edit wins only when newer.
    display_name: Mapped[str] = mapped_column(String(20), default="", server_default="")
    title: Mapped[str] = mapped_column(String(40), default="", server_default="")
    office: Mapped[str] = mapped_column(String(40), default="", server_default="")
    profile_version: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    profile_edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class DeviceToken(ServerBase):
    """A revocable device token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "server_device_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("server_users.id"), index=True)
    device_name: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class LoginFailure(ServerBase):
    """One failed login, keyed by "pair:IP|NAME" and "addr:IP"; recent ones throttle further tries
    (server/auth.py). "ok:IP|NAME" rows mark a pair's last successful login instead.

    Kept in the database (not in memory) so every worker process sees the same count.
    """

    __tablename__ = "server_login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    __table_args__ = (Index("ix_server_login_failures_key_at", "key", "at"),)


class SequenceCounter(ServerBase):
    """The global change sequence: one row, locked by every push for its whole transaction so
    sequence numbers commit in order and a pull never passes an uncommitted number."""

    __tablename__ = "server_sequence"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class RowIndex(ServerBase):
    """Where each replicated row stands: latest version, the version of each field changed since
    its insert (for field-level conflicts), and its street (for scope on pull and push)."""

    __tablename__ = "server_rows"
    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, unique=True)
    created_version: Mapped[int] = mapped_column(BigInteger)
    # {"field": version} for fields changed after the insert; "__deleted__" for delete/undelete.
    field_versions: Mapped[str] = mapped_column(Text, default="{}")
    street_id: Mapped[str | None] = mapped_column(String(36), default=None)
    district: Mapped[bool] = mapped_column(Boolean, default=False)  # readable by every user
    # The device (token id) whose push wrote the latest version: its own pull skips the row (it
    # has the row from the push's answer). None for a version no push answered (a row moved
    # along with its parent's street).
    writer: Mapped[int | None] = mapped_column(Integer, default=None)
    __table_args__ = (Index("ix_server_rows_street_version", "street_id", "version"),)


class AppliedOp(ServerBase):
    """An op id already answered: the hash of its payload and the first result, for replays."""

    __tablename__ = "server_applied_ops"
    op_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(Integer)
    payload_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)


class SigningKey(ServerBase):
    """A user's registered Ed25519 public key; `key_id` is the hex SHA-256 of the raw key."""

    __tablename__ = "server_signing_keys"
    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("server_users.id"), index=True)
    public_key: Mapped[str] = mapped_column(String(64))  # standard base64 of the 32 raw bytes
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Departure(ServerBase):
    """A replicated row that left a street (moved with the row it belongs to) at `version`: a
    pull tells that street's clients to drop their copy (docs/sync-protocol.md, "gone")."""

    __tablename__ = "server_departures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36))
    street_id: Mapped[str] = mapped_column(String(36))  # the street the row left
    version: Mapped[int] = mapped_column(BigInteger)
    __table_args__ = (Index("ix_server_departures_street_version", "street_id", "version"),)


class LoginReplay(ServerBase):
    """A login made with an idempotency key: a retry with the same key gets the same token back
    instead of a second one (server/login_replay.py). The token is kept sealed with a key derived
    from the idempotency key, which only the client holds, so the database alone reveals no
    token; rows older than the replay window are deleted at the next login."""

    __tablename__ = "server_login_replays"
    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("server_users.id"), index=True)
    device_name: Mapped[str] = mapped_column(String(120), default="")
    sealed_token: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
