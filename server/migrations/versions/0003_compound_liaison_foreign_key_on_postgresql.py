"""the compound → liaison member foreign key on PostgreSQL

Revision 0001 declared it with use_alter (compounds and party_members point at each other), and
op.create_table leaves such a constraint out on PostgreSQL without a separate ALTER; SQLite got
it inline. It is added NOT VALID: every new write is checked, rows already stored are left as
they are (a migration never drops or rewrites data; `VALIDATE CONSTRAINT` can check them later).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 23:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME = 'fk_compounds_liaison_member_id_party_members'


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return  # SQLite has it since 0001
    op.create_foreign_key(NAME, 'compounds', 'party_members', ['liaison_member_id'], ['id'],
                          postgresql_not_valid=True)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.drop_constraint(NAME, 'compounds', type_='foreignkey')
