"""Local-only tables (never synced as rows): settings, the outbox of pending changes, open
conflicts, and the profiles of signers (filled from settings and from the server's accounts)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import UTCDateTime


class Setting(Base):
    """A local key/value setting (user name, demo flag, server URL, sync cursor…)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")


class OutboxEntry(Base):
    """One local change waiting to be pushed: changed fields only, with the version it was based on.

    `op_id` is the idempotency key of the push; `seq` keeps local order. The index on
    (table_name, row_id) lets the status bar count the rows with pending changes from the index
    alone (app.sync.status), instead of scanning an outbox of hundreds of thousands of entries.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_table_name_row_id", "table_name", "row_id"),)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    op: Mapped[str] = mapped_column(String(8))  # insert / update / delete
    base_version: Mapped[int] = mapped_column(BigInteger, default=0)
    fields_json: Mapped[str] = mapped_column(Text)  # {"column": encoded value, ...}
    actor: Mapped[str] = mapped_column(String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Conflict(Base):
    """A field both sides changed (or a delete against an edit): both values kept until resolved."""

    __tablename__ = "conflicts"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str] = mapped_column(String(36), index=True)
    field: Mapped[str] = mapped_column(String(40))  # column name, or "__deleted__"
    mine_json: Mapped[str] = mapped_column(Text)
    theirs_json: Mapped[str] = mapped_column(Text)
    base_version: Mapped[int] = mapped_column(BigInteger, default=0)
    server_version: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    resolution: Mapped[str | None] = mapped_column(String(12), default=None)  # mine/theirs/edited


class UserProfile(Base):
    """Who a user name is on paper (姓名、职务、单位): the own profile edited in settings and the
    colleagues' ones the server sends; `version` is the server's profile version last seen, and
    `pending` marks an own edit not yet on the server (app.profile, app.sync.profiles)."""

    __tablename__ = "profiles"
    user: Mapped[str] = mapped_column(String(80), primary_key=True)
    name: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(40), default="")
    office: Mapped[str] = mapped_column(String(40), default="")
    version: Mapped[int] = mapped_column(BigInteger, default=0)
    pending: Mapped[bool] = mapped_column(Boolean, default=False)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
