"""server_rows.writer: the device whose push wrote a row's latest version

A pull then leaves out the rows whose latest version came from the asking device: it holds them
already (from the push's answer), so its own pushes are not downloaded again. Existing rows get
no writer, so they are sent as before.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('server_rows', schema=None) as batch_op:
        batch_op.add_column(sa.Column('writer', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('server_rows', schema=None) as batch_op:
        batch_op.drop_column('writer')
