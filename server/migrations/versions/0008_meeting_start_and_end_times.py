"""meeting start and end times: `meetings.started_at`, `meetings.ended_at`

A meeting moves 计划 → 进行中 → 已结束 (planned → open → closed); the two timestamps record when
it was opened and closed. Both start empty; nothing existing is changed. Their range CHECK
constraints are added as in revision 0006 (SQLite rebuilds the table, PostgreSQL adds them).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 15:00:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COLUMNS = ('started_at', 'ended_at')
CHECKS = tuple(
    (f'ck_meetings_{name}_range', f"{name} >= '1900-01-01' AND {name} < '2201-01-01'")
    for name in COLUMNS)


def upgrade() -> None:
    for name in COLUMNS:
        op.add_column('meetings', sa.Column(name, db.types.UTCDateTime(), nullable=True))
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        op.execute('ALTER TABLE meetings ' + ', '.join(
            f'ADD CONSTRAINT {name} CHECK ({condition})' for name, condition in CHECKS))
        return
    _rebuild_sqlite('meetings', add=[f'CONSTRAINT {name} CHECK ({condition})'
                                     for name, condition in CHECKS])


def _rebuild_sqlite(table: str, add: Sequence[str] = (), drop: Sequence[str] = ()) -> None:
    """Rebuild `table` (SQLite's documented procedure, as revision 0006 does), leaving out the
    lines that start with one of `drop` and adding the constraint clauses `add`."""
    bind = op.get_bind()
    create = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).scalar_one()
    indexes = [row[0] for row in bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
        (table,))]
    head = re.match(r'\s*CREATE\s+TABLE\s+("?)(\w+)\1\s*\(', create)
    if head is None or head.group(2) != table:
        raise RuntimeError(f'unexpected schema of {table}: {create[:80]}')
    body = create[head.end():create.rstrip().rindex(')')]
    lines = [line.strip().rstrip(',').strip() for line in body.split('\n')]
    lines = [line for line in lines if line and not any(line.startswith(d) for d in drop)]
    lines += list(add)
    names = ', '.join(f'"{row[1]}"' for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")'))
    bind.exec_driver_sql('PRAGMA ignore_check_constraints=ON')
    try:
        bind.exec_driver_sql(f'CREATE TABLE "_new_{table}" (\n\t' + ', \n\t'.join(lines) + '\n)')
        bind.exec_driver_sql(f'INSERT INTO "_new_{table}" ({names}) SELECT {names} FROM "{table}"')
        bind.exec_driver_sql(f'DROP TABLE "{table}"')
        bind.exec_driver_sql(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')
        for index in indexes:
            bind.exec_driver_sql(index)
    finally:
        bind.exec_driver_sql('PRAGMA ignore_check_constraints=OFF')


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        for name, _condition in CHECKS:
            op.drop_constraint(name, 'meetings', type_='check')
    else:
        _rebuild_sqlite('meetings', drop=[f'CONSTRAINT {name} ' for name, _c in CHECKS])
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        for name in reversed(COLUMNS):
            batch_op.drop_column(name)
