"""Which street a replicated row belongs to, derived through its parents (compound → community →
street; election, meeting, agenda item, inspection… → their compound), and who may touch it."""

from __future__ import annotations

from db.models import MODEL_BY_TABLE, Replicated

# Tables every user may read (no street of their own).
DISTRICT_TABLES = frozenset({"property_companies", "rating_templates", "rating_indicators"})
# District tables only supervisors and admins may change.
SUPERVISOR_ONLY_TABLES = frozenset({"rating_templates", "rating_indicators"})

# Parent tables in the order they decide a row's street (first non-null one wins).
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
# Child tables whose street follows a parent table: parent → [(child table, column)].
STREET_CHILDREN: dict[str, list[tuple[str, str]]] = {}
for _table, _parents in STREET_PARENTS.items():
    for _column, _parent in _parents:
        STREET_CHILDREN.setdefault(_parent, []).append((_table, _column))
