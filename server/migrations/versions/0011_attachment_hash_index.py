"""attachments.sha256 index: evidence files are looked up by their content's hash

The blob calls (server/blobs.py) find the rows that name a hash in the caller's scope; the
index serves every such call. Nothing existing is changed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 19:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0011'
down_revision: str | None = '0010'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
