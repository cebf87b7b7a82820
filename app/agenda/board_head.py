"""The board's first screen: every stage's counts and first cards, read before the whole table."""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from app.agenda.places import live_places
from app.agenda.plain_read import plain_rows
from app.agenda.stages import FINISHED_STAGES, STAGES
from app.agenda.table import ITEM_TABLE_SQL, ItemTable, fill_table
from app.agenda_rules import local_today

# A plain scan without ORDER BY or a compound subquery, as ITEM_TABLE_SQL (see there why).
_CARD_KEYS_SQL = (
    "SELECT stage, CASE WHEN stage = 'referred' THEN referred_due ELSE deadline END, raised_on,"
    " id, compound_id FROM agenda_items WHERE deleted_at IS NULL"
)


@dataclass
class BoardHead:
    """What the board's first screen needs, read before the whole table: each stage's complete
    count and overdue count, and its first cards in card order (see `load_board_head`).

    `table` holds just those cards' rows; `columns` gives their positions in it per stage.
    """

    table: ItemTable
    columns: dict[str, list[int]]
    totals: dict[str, int]
    overdue: dict[str, int]


def _first_by(rows: list[tuple[Any, ...]], n: int, column: int, *, newest: bool) -> list[tuple[Any, ...]]:
    """The `n` rows first by `column` (ascending, or descending when `newest`), ties by
    raised date newest first then id: the board's card order. Only rows that can make the cut
    are sorted (a 5,000-card stage sorts a few dozen)."""
    if len(rows) > n:
        values = [r[column] for r in rows]
        cut = (heapq.nlargest if newest else heapq.nsmallest)(n, values)[-1]
        rows = [r for r in rows if (r[column] >= cut if newest else r[column] <= cut)]
    rows = sorted(rows, key=itemgetter(3))  # id
    rows.sort(key=itemgetter(2), reverse=True)  # raised, newest first (stable)
    if not newest:
        rows.sort(key=itemgetter(column))
    return rows[:n]


def load_board_head(
    session: Session, *, per_stage: int, today: date | None = None, now: datetime | None = None,
) -> BoardHead:
    """Counts and the first `per_stage` cards of every stage, from one narrow scan (stage, due,
    raised, id, compound) plus the few shown rows: what a caseworker sees first, long before
    the full table (titles and all) is read and indexed for filtering.

    Card order within a stage: dated cards by due date (overdue ones come first because their
    dates are earliest), then undated ones newest raised first; ties newest raised, then id.
    """
    today = today or local_today(now)
    today_text = today.isoformat()
    places = live_places(session)
    by_stage: dict[str, list[tuple[Any, ...]]] = {stage: [] for stage in STAGES}
    for row in plain_rows(session, _CARD_KEYS_SQL):
        rows = by_stage.get(row[0])
        if rows is not None and row[4] in places:
            rows.append(row)
    totals: dict[str, int] = {}
    overdue: dict[str, int] = {}
    picked: dict[str, list[str]] = {}
    for stage, rows in by_stage.items():
        totals[stage] = len(rows)
        overdue[stage] = 0 if stage in FINISHED_STAGES else sum(
            1 for r in rows if r[1] is not None and r[1] < today_text)
        dated = [r for r in rows if r[1] is not None]
        first = _first_by(dated, per_stage, 1, newest=False)
        if len(first) < per_stage:
            undated = [r for r in rows if r[1] is None]
            first += _first_by(undated, per_stage - len(first), 2, newest=True)
        picked[stage] = [r[3] for r in first]
    wanted = [item_id for ids in picked.values() for item_id in ids]
    table = ItemTable(today=today, places=places)
    if wanted:
        sql = ITEM_TABLE_SQL + " AND id IN ({})".format(",".join(f":i{i}" for i in range(len(wanted))))
        found = {r[0]: r for r in plain_rows(session, sql, {f"i{i}": v for i, v in enumerate(wanted)})}
        fill_table(table, [found[item_id] for item_id in wanted if item_id in found])
    position = {item_id: i for i, item_id in enumerate(table.ids)}
    columns = {stage: [position[i] for i in ids if i in position] for stage, ids in picked.items()}
    return BoardHead(table, columns, totals, overdue)
