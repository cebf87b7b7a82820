"""Declarative base and the replication columns every synced row carries."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import ClassVar

from sqlalchemy import BigInteger, Boolean, Index, MetaData, String, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from db.types import UTCDateTime, new_id, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# Plausible ranges (inclusive) of counts and areas: far beyond any real compound, far below
# what breaks arithmetic or display (db.codec.decode and the CHECK constraints use them).
MAX_COUNT = 10_000_000
MAX_COMPOUND_AREA_M2 = 100_000_000  # a compound's building area, an election's applicant area
MAX_UNIT_AREA_M2 = 100_000  # one exclusive part: at most a large building
MIN_UNIT_AREA_M2 = Decimal("0.0001")  # above 0; imports keep at most 4 decimal places

# Columns that describe a row's replication state rather than its content: never sent as
# changed fields, never part of a conflict.
REPLICATION_COLUMNS = frozenset(
    {"id", "updated_at", "updated_by", "deleted_at", "deleted_by", "server_version", "dirty"}
)


class Base(DeclarativeBase):
    """Root of all tables (replicated and local-only)."""

    metadata = MetaData(naming_convention=NAMING)


class Replicated(Base):
    """A row that syncs: client-made id, tombstone instead of delete, server version, dirty mark.

    `updated_at`/`updated_by` are for display and audit only; sync never orders by them.
    """

    __abstract__ = True
    # Plural name used in exports and the sync protocol; defaults to the table name.
    export_name: ClassVar[str]
    # Label shown in the UI and Excel sheet names.
    label_zh: ClassVar[str] = ""
    # Rows that may only ever be inserted (signed sign-offs, audit entries).
    append_only: ClassVar[bool] = False

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    deleted_by: Mapped[str | None] = mapped_column(String(80), default=None)
    server_version: Mapped[int] = mapped_column(BigInteger, default=0)
    dirty: Mapped[bool] = mapped_column(Boolean, default=False)

    def __init_subclass__(cls, **kw: object) -> None:
        super().__init_subclass__(**kw)
        if "export_name" not in cls.__dict__ and "__tablename__" in cls.__dict__:
            cls.export_name = cls.__tablename__


LIVE_PREDICATE = "deleted_at IS NULL"


def live_unique(table: str, *columns: str) -> Index:
    """A natural key unique among live rows only: a tombstoned row keeps its values (nothing is
    hard-deleted) without blocking a new row with the same key (a re-added link, a re-imported
    compound). The server adds the PostgreSQL form (`add_postgresql_predicates`)."""
    return Index(
        f"uq_{table}_{'_'.join(columns)}", *columns, unique=True,
        sqlite_where=text(LIVE_PREDICATE), info={"live_only": True},
    )


def add_postgresql_predicates(metadata: MetaData) -> None:
    """Give every live-only unique index its PostgreSQL WHERE as well (called by the server).

    Not written into the models: naming a `postgresql_*` option there makes SQLAlchemy import
    its PostgreSQL dialect (~40 ms) in every start of the desktop app and the CLI, which only
    ever talk to SQLite. Safe to call more than once."""
    for table in metadata.tables.values():
        for index in table.indexes:
            if index.info.get("live_only"):
                index.dialect_options["postgresql"]["where"] = text(LIVE_PREDICATE)
