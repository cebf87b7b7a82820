"""server_departures: rows that left a street, so that street's clients drop their copies

A pull lists them as `gone` entries (docs/sync-protocol.md). Rows moved before this revision
left no record; nothing existing is changed.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'server_departures',
        sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('row_id', sa.String(length=36), nullable=False),
        sa.Column('street_id', sa.String(length=36), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_server_departures')),
    )
    op.create_index('ix_server_departures_street_version', 'server_departures',
                    ['street_id', 'version'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_server_departures_street_version', table_name='server_departures')
    op.drop_table('server_departures')
