"""outbox sent

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07

The mutations the hub acknowledged are kept for a while after they leave the outbox: if
the hub is restored from a backup older than them, they are sent again, exactly.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_sent",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("mutation_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("base_version", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("acked_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_sync_sent")),
    )
    with op.batch_alter_table("sync_sent", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_sent_acked_at"), ["acked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_sent", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_sent_acked_at"))
    op.drop_table("sync_sent")
