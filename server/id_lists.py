"""`listed(column, ids, dialect)`: `column IN (…)` for a list of ids, as one array parameter on
PostgreSQL (`column = ANY(%(ids)s)`).

Why: an `IN` of 500 ids is a statement text of some 10,000 characters that differs with the
list's length; psycopg converts a text that long again on every execution (it caches only
shorter ones) and PostgreSQL plans it anew. That conversion was an eighth of a push's time on
the server. With one array parameter the text is short and the same every time. SQLite (the
server's test and small-office database) keeps the plain `IN`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, String, any_, bindparam
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import QueryableAttribute
from sqlalchemy.sql.elements import BindParameter

POSTGRESQL = "postgresql"


def listed(column: ColumnElement[Any] | QueryableAttribute[Any], ids: Sequence[str],
           dialect: str) -> ColumnElement[bool]:
    """`column` is one of the text ids `ids`, in the form that suits `dialect`."""
    if dialect == POSTGRESQL:
        return column == any_(bindparam(None, list(ids), type_=ARRAY(String)))
    return column.in_(list(ids))


def listed_param(column: ColumnElement[Any], name: str, dialect: str) -> ColumnElement[bool]:
    """`listed` with the ids left to a parameter `name`, for a statement built once and run
    with a list each time (`{name: [...]}`)."""
    if dialect == POSTGRESQL:
        ids: BindParameter[Any] = bindparam(name, type_=ARRAY(String))
        return column == any_(ids)
    return column.in_(bindparam(name, expanding=True))
