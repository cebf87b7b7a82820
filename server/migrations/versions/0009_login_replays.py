"""login idempotency keys: `server_login_replays`

A login sent with an `Idempotency-Key` header is remembered for a few minutes (the key's hash,
the user, the device name and the token sealed with a key only the client holds), so a retry
after a timeout gets the same device token back instead of a second one. New table only;
nothing existing is changed.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 15:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import db.types

revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        'server_login_replays',
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('device_name', sa.String(length=120), nullable=False),
        sa.Column('sealed_token', sa.Text(), nullable=False),
        sa.Column('created_at', db.types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['server_users.id'],
                                name=op.f('fk_server_login_replays_user_id_server_users')),
        sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_server_login_replays')),
    )
    with op.batch_alter_table('server_login_replays', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_server_login_replays_created_at'), ['created_at'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_server_login_replays_user_id'), ['user_id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('server_login_replays', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_server_login_replays_user_id'))
        batch_op.drop_index(batch_op.f('ix_server_login_replays_created_at'))
    op.drop_table('server_login_replays')
