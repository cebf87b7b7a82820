"""user profiles: the name, title and office printed for a signer

`server_users` gains `display_name` (姓名), `title` (职务), `office` (单位), `profile_version` (its
change count) and `profile_edited_at`. Existing accounts start with an empty profile (version 0);
nothing existing is changed.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 12:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('server_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('display_name', sa.String(length=20), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('title', sa.String(length=40), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('office', sa.String(length=40), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('profile_version', sa.BigInteger(), server_default='0',
                                      nullable=False))
        batch_op.add_column(sa.Column('profile_edited_at', db.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('server_users', schema=None) as batch_op:
        batch_op.drop_column('profile_edited_at')
        batch_op.drop_column('profile_version')
        batch_op.drop_column('office')
        batch_op.drop_column('title')
        batch_op.drop_column('display_name')
