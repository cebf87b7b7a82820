"""Which street a replicated row belongs to, derived through the row it belongs to (compound →
community → street; election, meeting, agenda item, inspection… → their compound; a party member
→ their compound, else their branch), and who may touch it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from db.models import MODEL_BY_TABLE, Replicated

# Tables every user may read (no street of their own).
DISTRICT_TABLES = frozenset({"property_companies", "rating_templates", "rating_indicators"})
# Tables only supervisors and admins may write at all.
SUPERVISOR_ONLY_TABLES = frozenset({"streets", "rating_templates", "rating_indicators"})
# District-wide rows (shared by several streets, or a street itself): only supervisors and
# admins may change, delete or undelete them. Caseworkers read them and point at them, and may
# add a property company or a community of their own street.
SUPERVISOR_CHANGES_TABLES = frozenset(
    {"streets", "communities", "property_companies", "rating_templates", "rating_indicators"}
)

# Parent tables in the order they decide a row's street: the first non-null one wins, so a
# party member with a compound follows the compound (not the branch), a branch-compound link
# follows its compound.
_PARENT_PRIORITY = (
    "streets", "communities", "compounds", "elections", "owners_committees", "meetings",
    "agenda_items", "rating_inspections", "party_branches",
)


def foreign_keys(model: type[Replicated]) -> dict[str, str]:
    """Column name → referenced table, for every foreign key of a replicated model."""
    found: dict[str, str] = {}
    for column in model.__table__.columns:
        for fk in column.foreign_keys:
            found[column.name] = fk.column.table.name
    return found


def _street_parents(model: type[Replicated]) -> list[tuple[str, str]]:
    fks = foreign_keys(model)
    ranked = [(col, table) for col, table in fks.items() if table in _PARENT_PRIORITY]
    return sorted(ranked, key=lambda pair: _PARENT_PRIORITY.index(pair[1]))


STREET_PARENTS: dict[str, list[tuple[str, str]]] = {
    table: _street_parents(model) for table, model in MODEL_BY_TABLE.items()
}
FOREIGN_KEYS: dict[str, dict[str, str]] = {
    table: foreign_keys(model) for table, model in MODEL_BY_TABLE.items()
}
# Child tables that may follow a parent table: parent → [(child table, column)]. A child
# follows only the parent that decides its street (`deciding_parent`).
STREET_CHILDREN: dict[str, list[tuple[str, str]]] = {}
for _table, _parents in STREET_PARENTS.items():
    for _column, _parent in _parents:
        STREET_CHILDREN.setdefault(_parent, []).append((_table, _column))

# Records about another row, by (table column, id column): they follow the row they name (an
# attachment only when it has no compound of its own).
RECORD_OWNERS: dict[str, tuple[str, str]] = {
    "audit_entries": ("table_name", "row_id"),
    "attachments": ("owner_table", "owner_id"),
}


def deciding_parent(table: str, values: Mapping[str, Any]) -> tuple[str, str] | None:
    """(column, parent table) whose row decides this row's street: the first one set."""
    return next(((column, parent) for column, parent in STREET_PARENTS[table]
                 if values.get(column) is not None), None)
