"""Every live item as parallel columns (ItemTable): what the board and list of a district hold."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from sqlalchemy.orm import Session

from app.agenda.places import live_places
from app.agenda.plain_read import parse_day, plain_rows
from app.agenda.rows import ItemRow
from app.agenda.stages import FINISHED_STAGES, REFERRED
from app.agenda_rules import local_today

# Plain scans without ORDER BY or a compound subquery: with either, SQLite walks the compound
# index and fetches the 20,000 rows in random order (~4× slower than a scan); live compounds are
# checked and the rows sorted in Python instead.
ITEM_TABLE_SQL = (
    "SELECT id, title, compound_id, stage, category, raised_on,"
    " CASE WHEN stage = 'referred' THEN referred_due ELSE deadline END, responsible_party"
    " FROM agenda_items WHERE deleted_at IS NULL"
)


@dataclass
class ItemTable:
    """Every live item as parallel columns (position i of each list is one item), newest raised
    first. Built for the board and list of a whole district (20,000 items): one SQL query of
    plain tuples, no ORM objects and no per-row parsing; dates stay ISO strings (they compare
    and sort as text) and are turned into `date` only for the few rows a view shows."""

    today: date
    places: dict[str, tuple[str, str, str]]  # compound id → (name, street id, street name)
    ids: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    compound_ids: list[str] = field(default_factory=list)
    stages: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    raised: list[str] = field(default_factory=list)  # ISO dates
    due: list[str | None] = field(default_factory=list)  # ISO date "overdue" is judged by
    responsible: list[str] = field(default_factory=list)
    overdue: list[bool] = field(default_factory=list)

    COLUMNS = ("ids", "titles", "compound_ids", "stages", "categories", "raised", "due",
               "responsible", "overdue")

    def __len__(self) -> int:
        return len(self.ids)

    def compound_name(self, i: int) -> str:
        return self.places[self.compound_ids[i]][0]

    def street_id(self, i: int) -> str:
        return self.places[self.compound_ids[i]][1]

    def street_name(self, i: int) -> str:
        return self.places[self.compound_ids[i]][2]

    def position(self, item_id: str) -> int | None:
        try:
            return self.ids.index(item_id)
        except ValueError:
            return None

    def copy_row(self, source: ItemTable, j: int, at: int, *, insert: bool = False) -> None:
        """Put row `j` of `source` at position `at` (replacing it, or inserted before it)."""
        self.places.update(source.places)
        for name in self.COLUMNS:
            column, value = getattr(self, name), getattr(source, name)[j]
            if insert:
                column.insert(at, value)
            else:
                column[at] = value

    def row(self, i: int) -> ItemRow:
        """Row `i` as an ItemRow (for the detail and callers that want typed dates)."""
        stage, due = self.stages[i], parse_day(self.due[i])
        return ItemRow(
            self.ids[i], self.titles[i], self.compound_ids[i], self.compound_name(i),
            self.street_id(i), self.street_name(i), stage, self.categories[i], "",
            date.fromisoformat(self.raised[i]), None if stage == REFERRED else due,
            due if stage == REFERRED else None, self.responsible[i], self.overdue[i], due,
        )


def load_item_table(
    session: Session, *, today: date | None = None, now: datetime | None = None,
    item_ids: Iterable[str] | None = None,
) -> ItemTable:
    """Every live item (or just `item_ids`) as an ItemTable; see there why it is built so."""
    today = today or local_today(now)
    places = live_places(session)
    table = ItemTable(today=today, places=places)
    sql, params = ITEM_TABLE_SQL, {}
    if item_ids is not None:
        wanted = list(item_ids)
        if not wanted:
            return table
        sql += " AND id IN ({})".format(",".join(f":i{i}" for i in range(len(wanted))))
        params = {f"i{i}": v for i, v in enumerate(wanted)}
    rows = [r for r in plain_rows(session, sql, params) if r[2] in places]
    rows.sort(key=itemgetter(0))
    rows.sort(key=itemgetter(5), reverse=True)  # newest raised first; stable: ties by id
    fill_table(table, rows)
    return table


def fill_table(table: ItemTable, rows: list[tuple[Any, ...]]) -> None:
    """Set the table's columns from (id, title, compound, stage, category, raised, due,
    responsible) rows, in their order."""
    if not rows:
        return
    ids, titles, compounds, stages, categories, raised, due, responsible = map(list, zip(*rows, strict=True))
    today_text = table.today.isoformat()
    finished = FINISHED_STAGES
    table.ids, table.titles, table.compound_ids, table.stages = ids, titles, compounds, stages
    table.categories, table.raised, table.due = categories, raised, due
    table.responsible = [r or "" for r in responsible]
    table.overdue = [d is not None and d < today_text and s not in finished
                     for s, d in zip(stages, due, strict=True)]
