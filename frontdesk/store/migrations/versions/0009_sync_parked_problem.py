"""sync parked problem

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07

A received record this PC cannot apply (malformed, or refused by the database: a
deletion others still depend on) is set aside with the reason, in French, instead of
stopping every later sync; ``deleted`` marks a set-aside deletion.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("sync_parked", schema=None) as batch_op:
        batch_op.add_column(sa.Column("problem", sa.Text(), nullable=True))
        batch_op.add_column(
            sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("sync_parked", schema=None) as batch_op:
        batch_op.drop_column("deleted")
        batch_op.drop_column("problem")
