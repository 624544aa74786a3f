"""counter epoch

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07

The hub's history gets a name (``epoch``), changed when the database is restored from a
backup: devices then push back what the hub lost before they trust their cursors again.
Filled by ``upgrade_hub``.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_counter", schema=None) as batch_op:
        batch_op.add_column(sa.Column("epoch", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("epoch_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_counter", schema=None) as batch_op:
        batch_op.drop_column("epoch_at")
        batch_op.drop_column("epoch")
