"""device cursor

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Each device's last pull cursor, so that the tombstone purge keeps what an active device
has not yet pulled.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("last_cursor", sa.BigInteger(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.drop_column("last_cursor")
