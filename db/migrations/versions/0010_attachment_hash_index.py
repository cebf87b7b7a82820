"""attachments.sha256 index: evidence files are looked up by their content's hash

Sync moves the files attachment rows name by SHA-256 (app/sync/blobs.py); the index serves
those lookups. Nothing existing is changed.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 19:40:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attachments_sha256'), ['sha256'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attachments_sha256'))
