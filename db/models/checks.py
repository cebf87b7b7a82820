"""CHECK constraints made from the column types, so both databases hold every stored value within
its column's type and range even when a write bypasses the app (raw SQL, another tool).

One rule per column, named `ck_<table>_<column>_<rule>`:
  `_in`    an enum column (Choice) takes one of its values;
  `_len`   text fits its declared length (SQLite ignores VARCHAR lengths);
  `_range` a number within its plausible range, a date or timestamp within 1900..2200.

Made from the types rather than written per model so a new column gets its rule without anyone
remembering to add it; migrations 0006 (local) and 0004 (server) add the same set.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlalchemy import CheckConstraint, Column, Date, Integer, String, Table
from sqlalchemy.sql.type_api import TypeEngine

from db.types import BoundedBigInteger, BoundedInteger, Choice, DecimalText, UTCDateTime

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
CHECK_INFO_KEY = "domain_rule"  # marks the constraints made here (in CheckConstraint.info)


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _number(value: Decimal | int) -> str:
    return format(Decimal(value), "f")


def _between(expression: str, low: Decimal | int | None, high: Decimal | int | None) -> str | None:
    parts = []
    if low is not None:
        parts.append(f"{expression} >= {_number(low)}")
    if high is not None:
        parts.append(f"{expression} <= {_number(high)}")
    return " AND ".join(parts) or None


def column_rules(column: Column[object]) -> list[tuple[str, str]]:
    """(rule, SQL condition) pairs for one column; the condition holds for every allowed value
    (NULL passes, as in every CHECK)."""
    name = column.name
    column_type: TypeEngine[object] = column.type
    rules: list[tuple[str, str]] = []
    if isinstance(column_type, Choice):
        too_long = [v for v in column_type.values if len(v) > (column_type.length or 0)]
        if too_long:
            raise ValueError(f"{column}: values longer than the column: {too_long}")
        rules.append(("in", f"{name} IN ({', '.join(_quote(v) for v in column_type.values)})"))
        return rules
    if isinstance(column_type, DecimalText):
        rules.append(("len", f"length({name}) <= {column_type.impl.length}"))
        bounds = _between(f"CAST({name} AS NUMERIC)", column_type.low, column_type.high)
        if bounds:
            rules.append(("range", bounds))
        return rules
    if isinstance(column_type, String) and column_type.length is not None:
        rules.append(("len", f"length({name}) <= {column_type.length}"))
    if isinstance(column_type, BoundedInteger | BoundedBigInteger):
        bounds = _between(name, column_type.low, column_type.high)
        if bounds:
            rules.append(("range", bounds))
    elif isinstance(column_type, UTCDateTime | Date):
        rules.append(("range", f"{name} >= '{EARLIEST_YEAR}-01-01' AND {name} < '{LATEST_YEAR + 1}-01-01'"))
    elif isinstance(column_type, Integer):
        pass  # plain integers: the type's own limits (decode refuses what does not fit)
    return rules


def table_checks(table: Table) -> list[CheckConstraint]:
    """The domain CHECK constraints of one table, in column order (not yet attached)."""
    checks = []
    for column in table.columns:
        for rule, condition in column_rules(column):
            check = CheckConstraint(condition, name=f"{column.name}_{rule}",
                                    info={CHECK_INFO_KEY: (column.name, rule)})
            checks.append(check)
    return checks


def add_domain_checks(tables: Iterable[Table]) -> None:
    """Attach the domain checks to these tables (once; safe to call again)."""
    for table in tables:
        if any(CHECK_INFO_KEY in c.info for c in table.constraints if isinstance(c, CheckConstraint)):
            continue
        for check in table_checks(table):
            table.append_constraint(check)
