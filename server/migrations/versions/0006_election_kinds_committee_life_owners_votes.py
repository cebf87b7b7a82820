"""election kinds, the committee after the vote, owners' votes

- `elections.kind` gains `early` (提前换届); elections record the trigger of a by-election or
  early re-election, the party committee's opinion (first election), when the owner
  representatives were published, when a sitting committee reported its re-election, and when
  the owners' assembly was announced;
- committees record their first meeting and filing (materials handed in, each body's receipt
  date); members their vote rank, when they joined and left and why; `alternate` (候补委员) is
  a member role;
- `owners_votes`: a matter the owners' assembly voted on, with its tally figures.

The stage order's tail becomes voting → tallied → seated → filed (the first meeting within 7 days
comes before filing within 30): an election that had reached `seated` (the old last stage, filed
and seated) is moved to `filed`, the new last stage; the values themselves are unchanged. One that
was `filed` but not yet seated stays `filed`; its committee was never recorded and `audit` says so.

The CHECK constraints of the three changed tables are rebuilt as in revision 0004 (rows that
break a rule are kept; SQLite copies with `ignore_check_constraints`, PostgreSQL adds NOT VALID).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 09:00:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DATE = "{0} >= '1900-01-01' AND {0} < '2201-01-01'"
# (table, constraint suffix, condition): added; REPLACED names the ones whose condition changed.
NEW_CHECKS: dict[str, tuple[tuple[str, str], ...]] = {
    'elections': (
        ('kind_in', "kind IN ('first', 'reelection', 'by_election', 'early')"),
        ('trigger_len', 'length(trigger) <= 20'),
        ('party_opinion_on_range', DATE.format('party_opinion_on')),
        ('reps_published_on_range', DATE.format('reps_published_on')),
        ('reported_on_range', DATE.format('reported_on')),
        ('assembly_notice_on_range', DATE.format('assembly_notice_on')),
    ),
    'owners_committees': (
        ('first_meeting_on_range', DATE.format('first_meeting_on')),
        ('filing_housing_on_range', DATE.format('filing_housing_on')),
        ('filing_street_on_range', DATE.format('filing_street_on')),
    ),
    'committee_members': (
        ('role_in', "role IN ('director', 'deputy', 'member', 'alternate')"),
        ('rank_range', 'rank >= 0 AND rank <= 999'),
        ('joined_on_range', DATE.format('joined_on')),
        ('left_on_range', DATE.format('left_on')),
        ('left_reason_in',
         "left_reason IN ('resigned', 'removed', 'disqualified', 'moved_out', 'deceased', 'other')"),
    ),
}
REPLACED = {'elections': ('kind_in',), 'committee_members': ('role_in',)}
OLD_CONDITIONS = {
    ('elections', 'kind_in'): "kind IN ('first', 'reelection', 'by_election')",
    ('committee_members', 'role_in'): "role IN ('director', 'deputy', 'member')",
}



def upgrade() -> None:
    op.create_table('owners_votes',
    sa.Column('compound_id', sa.String(length=36), nullable=False),
    sa.Column('election_id', sa.String(length=36), nullable=True),
    sa.Column('agenda_item_id', sa.String(length=36), nullable=True),
    sa.Column('subject', db.types.Key(length=20), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('matter', db.types.Choice(10, values=('ordinary', 'major')), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('total_owners', db.types.BoundedInteger(low=0, high=10000000), nullable=False),
    sa.Column('total_area_m2', db.types.DecimalText(length=40), nullable=False),
    sa.Column('voted_owners', db.types.BoundedInteger(low=0, high=10000000), nullable=False),
    sa.Column('voted_area_m2', db.types.DecimalText(length=40), nullable=False),
    sa.Column('yes_owners', db.types.BoundedInteger(low=0, high=10000000), nullable=False),
    sa.Column('yes_area_m2', db.types.DecimalText(length=40), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('updated_at', db.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.String(length=80), nullable=False),
    sa.Column('deleted_at', db.types.UTCDateTime(), nullable=True),
    sa.Column('deleted_by', sa.String(length=80), nullable=True),
    sa.Column('server_version', sa.BigInteger(), nullable=False),
    sa.Column('dirty', sa.Boolean(), nullable=False),
    sa.CheckConstraint("deleted_at >= '1900-01-01' AND deleted_at < '2201-01-01'", name=op.f('ck_owners_votes_deleted_at_range')),
    sa.CheckConstraint("held_on >= '1900-01-01' AND held_on < '2201-01-01'", name=op.f('ck_owners_votes_held_on_range')),
    sa.CheckConstraint("matter IN ('ordinary', 'major')", name=op.f('ck_owners_votes_matter_in')),
    sa.CheckConstraint("updated_at >= '1900-01-01' AND updated_at < '2201-01-01'", name=op.f('ck_owners_votes_updated_at_range')),
    sa.CheckConstraint('CAST(total_area_m2 AS NUMERIC) >= 0 AND CAST(total_area_m2 AS NUMERIC) <= 100000000', name=op.f('ck_owners_votes_total_area_m2_range')),
    sa.CheckConstraint('CAST(voted_area_m2 AS NUMERIC) >= 0 AND CAST(voted_area_m2 AS NUMERIC) <= 100000000', name=op.f('ck_owners_votes_voted_area_m2_range')),
    sa.CheckConstraint('CAST(yes_area_m2 AS NUMERIC) >= 0 AND CAST(yes_area_m2 AS NUMERIC) <= 100000000', name=op.f('ck_owners_votes_yes_area_m2_range')),
    sa.CheckConstraint('length(agenda_item_id) <= 36', name=op.f('ck_owners_votes_agenda_item_id_len')),
    sa.CheckConstraint('length(compound_id) <= 36', name=op.f('ck_owners_votes_compound_id_len')),
    sa.CheckConstraint('length(deleted_by) <= 80', name=op.f('ck_owners_votes_deleted_by_len')),
    sa.CheckConstraint('length(election_id) <= 36', name=op.f('ck_owners_votes_election_id_len')),
    sa.CheckConstraint('length(id) <= 36', name=op.f('ck_owners_votes_id_len')),
    sa.CheckConstraint('length(subject) <= 20', name=op.f('ck_owners_votes_subject_len')),
    sa.CheckConstraint('length(title) <= 120', name=op.f('ck_owners_votes_title_len')),
    sa.CheckConstraint('length(total_area_m2) <= 40', name=op.f('ck_owners_votes_total_area_m2_len')),
    sa.CheckConstraint('length(updated_by) <= 80', name=op.f('ck_owners_votes_updated_by_len')),
    sa.CheckConstraint('length(voted_area_m2) <= 40', name=op.f('ck_owners_votes_voted_area_m2_len')),
    sa.CheckConstraint('length(yes_area_m2) <= 40', name=op.f('ck_owners_votes_yes_area_m2_len')),
    sa.CheckConstraint('total_owners >= 0 AND total_owners <= 10000000', name=op.f('ck_owners_votes_total_owners_range')),
    sa.CheckConstraint('voted_owners >= 0 AND voted_owners <= 10000000', name=op.f('ck_owners_votes_voted_owners_range')),
    sa.CheckConstraint('yes_owners >= 0 AND yes_owners <= 10000000', name=op.f('ck_owners_votes_yes_owners_range')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_owners_votes_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['compound_id'], ['compounds.id'], name=op.f('fk_owners_votes_compound_id_compounds')),
    sa.ForeignKeyConstraint(['election_id'], ['elections.id'], name=op.f('fk_owners_votes_election_id_elections')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_owners_votes'))
    )
    with op.batch_alter_table('owners_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_owners_votes_compound_id'), ['compound_id'], unique=False)

    with op.batch_alter_table('committee_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('rank', db.types.BoundedInteger(low=0, high=999), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('joined_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('left_reason', db.types.Choice(12, values=('resigned', 'removed', 'disqualified', 'moved_out', 'deceased', 'other')), nullable=True))

    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('trigger', db.types.Key(length=20), nullable=True))
        batch_op.add_column(sa.Column('party_opinion_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('party_opinion', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('reps_published_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('reported_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('assembly_notice_on', sa.Date(), nullable=True))

    with op.batch_alter_table('owners_committees', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_meeting_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('filing_materials_json', sa.Text(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('filing_housing_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('filing_street_on', sa.Date(), nullable=True))

    op.execute("UPDATE elections SET stage = 'filed' WHERE stage = 'seated'")
    _constraints()


def _constraints() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        for table, checks in NEW_CHECKS.items():
            for name in REPLACED.get(table, ()):
                op.execute(f'ALTER TABLE {table} DROP CONSTRAINT ck_{table}_{name}')
            broken = _broken_postgresql(table, checks)
            op.execute(f'ALTER TABLE {table} ' + ', '.join(
                f'ADD CONSTRAINT ck_{table}_{name} CHECK ({condition})'
                + (' NOT VALID' if name in broken else '') for name, condition in checks))
        return
    bind.exec_driver_sql('PRAGMA ignore_check_constraints=ON')
    try:
        for table, checks in NEW_CHECKS.items():
            _rebuild_sqlite(
                table,
                add=[f'CONSTRAINT ck_{table}_{name} CHECK ({condition})' for name, condition in checks],
                drop=[f'CONSTRAINT ck_{table}_{name} ' for name in REPLACED.get(table, ())],
            )
    finally:
        bind.exec_driver_sql('PRAGMA ignore_check_constraints=OFF')


def _broken_postgresql(table: str, checks: Sequence[tuple[str, str]]) -> set[str]:
    """The rules that rows of `table` already break: those are added NOT VALID."""
    bind = op.get_bind()
    broken = set()
    for name, condition in checks:
        try:
            with bind.begin_nested():
                if bind.exec_driver_sql(
                        f'SELECT EXISTS (SELECT 1 FROM {table} WHERE NOT ({condition}))').scalar():
                    broken.add(name)
        except sa.exc.DBAPIError:
            broken.add(name)
    return broken


def _rebuild_sqlite(table: str, add: Sequence[str] = (), drop: Sequence[str] = ()) -> None:
    """Rebuild `table` (SQLite's documented procedure, as revision 0004 does), leaving out the
    lines that start with one of `drop` and adding the constraint clauses `add` not there yet."""
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
    kept = '\n'.join(lines)
    lines += [clause for clause in add if clause.split()[1] + ' ' not in kept]
    names = ', '.join(f'"{row[1]}"' for row in bind.exec_driver_sql(f'PRAGMA table_info("{table}")'))
    bind.exec_driver_sql(f'CREATE TABLE "_new_{table}" (\n\t' + ', \n\t'.join(lines) + '\n)')
    bind.exec_driver_sql(f'INSERT INTO "_new_{table}" ({names}) SELECT {names} FROM "{table}"')
    bind.exec_driver_sql(f'DROP TABLE "{table}"')
    bind.exec_driver_sql(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')
    for index in indexes:
        bind.exec_driver_sql(index)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        for table, checks in NEW_CHECKS.items():
            for name, _condition in checks:
                op.drop_constraint(op.f(f'ck_{table}_{name}'), table, type_='check')
        for (table, name), condition in OLD_CONDITIONS.items():
            op.execute(f'ALTER TABLE {table} ADD CONSTRAINT ck_{table}_{name} CHECK ({condition}) NOT VALID')
    else:
        bind.exec_driver_sql('PRAGMA ignore_check_constraints=ON')
        try:
            for table, checks in NEW_CHECKS.items():
                _rebuild_sqlite(
                    table, drop=[f'CONSTRAINT ck_{table}_{name} ' for name, _c in checks],
                    add=[f'CONSTRAINT ck_{table}_{name} CHECK ({condition})'
                         for (t, name), condition in OLD_CONDITIONS.items() if t == table])
        finally:
            bind.exec_driver_sql('PRAGMA ignore_check_constraints=OFF')
    with op.batch_alter_table('owners_committees', schema=None) as batch_op:
        batch_op.drop_column('filing_street_on')
        batch_op.drop_column('filing_housing_on')
        batch_op.drop_column('filing_materials_json')
        batch_op.drop_column('first_meeting_on')

    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.drop_column('assembly_notice_on')
        batch_op.drop_column('reported_on')
        batch_op.drop_column('reps_published_on')
        batch_op.drop_column('party_opinion')
        batch_op.drop_column('party_opinion_on')
        batch_op.drop_column('trigger')

    with op.batch_alter_table('committee_members', schema=None) as batch_op:
        batch_op.drop_column('left_reason')
        batch_op.drop_column('left_on')
        batch_op.drop_column('joined_on')
        batch_op.drop_column('rank')

    with op.batch_alter_table('owners_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_owners_votes_compound_id'))

    op.drop_table('owners_votes')
