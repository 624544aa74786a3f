"""sync bookkeeping

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

The local bookkeeping of the sync with the hub: the hub version of each record
received (the base of the next edit), records waiting for their parent, and the
conflicts and rejections reported.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "sync_issue",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_issue")),
    )
    op.create_table(
        "sync_parked",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", name=op.f("pk_sync_parked")),
    )
    op.create_table(
        "sync_version",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("hub_version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("entity", "record_id", name=op.f("pk_sync_version")),
    )


def downgrade() -> None:
    op.drop_table("sync_version")
    op.drop_table("sync_parked")
    op.drop_table("sync_issue")
