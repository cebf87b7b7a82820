"""signer profiles: who a user name is on paper (姓名、职务、单位)

A local-only table keyed by user name: the own profile edited in settings, and the colleagues'
profiles the sync server sends. Printed forms name a signer from it, never by the account name.
Nothing existing is changed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 12:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'profiles',
        sa.Column('user', sa.String(length=80), nullable=False),
        sa.Column('name', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=40), nullable=False),
        sa.Column('office', sa.String(length=40), nullable=False),
        sa.Column('version', sa.BigInteger(), nullable=False),
        sa.Column('pending', sa.Boolean(), nullable=False),
        sa.Column('edited_at', db.types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint('user', name=op.f('pk_profiles')),
    )


def downgrade() -> None:
    op.drop_table('profiles')
