"""Reading many rows cheaply for the views: plain tuples without ORM row processing.

The board and list of a whole district read 20,000 items; dates stay ISO text until a view
needs a `date`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import text as sql_text
from sqlalchemy.orm import Session


def plain_rows(session: Session, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Rows as plain tuples, dates as ISO text: straight from sqlite3 for the local store (no
    SQLAlchemy row processing); PostgreSQL's date objects are turned into the same text."""
    connection = session.connection()
    if connection.dialect.name == "sqlite":
        driver = connection.connection.driver_connection
        return driver.execute(sql, dict(params or {})).fetchall()  # type: ignore[union-attr]
    return [tuple(v.isoformat() if isinstance(v, date) else v for v in row)
            for row in connection.execute(sql_text(sql), dict(params or {}))]


def parse_day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
