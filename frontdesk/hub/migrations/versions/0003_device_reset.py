"""device reset

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The horizon of the reset a device is being served: its next pages carry change ids
below the horizon and must continue the reset, not start it again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reset_horizon", sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.drop_column("reset_horizon")
