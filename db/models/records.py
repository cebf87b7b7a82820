"""Cross-cutting replicated records: the audit trail and attachment metadata."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Replicated
from db.types import BoundedBigInteger, UTCDateTime

MAX_ATTACHMENT_BYTES = 1 << 40


class AuditEntry(Replicated):
    """Who changed what, when: written by change tracking, never edited."""

    __tablename__ = "audit_entries"
    label_zh = "操作记录"
    append_only = True
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor: Mapped[str] = mapped_column(String(80), default="")
    action: Mapped[str] = mapped_column(String(12))  # insert/update/delete/import/...
    table_name: Mapped[str] = mapped_column(String(40))
    row_id: Mapped[str | None] = mapped_column(String(36), default=None, index=True)
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON of changed fields


class Attachment(Replicated):
    """Metadata of a file kept as evidence (e.g. a photo during an inspection)."""

    __tablename__ = "attachments"
    label_zh = "附件"
    owner_table: Mapped[str] = mapped_column(String(40))
    owner_id: Mapped[str] = mapped_column(String(36), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    mime_type: Mapped[str] = mapped_column(String(80), default="application/octet-stream")
    size_bytes: Mapped[int] = mapped_column(BoundedBigInteger(0, MAX_ATTACHMENT_BYTES), default=0)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # files are fetched by hash
    compound_id: Mapped[str | None] = mapped_column(ForeignKey("compounds.id"), default=None)
