"""device behind

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07

When a device's push was refused because the hub lacked seqs it had acknowledged (a
restore from a backup): only such a device may then tell the hub it lost history.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.add_column(sa.Column("behind_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_device", schema=None) as batch_op:
        batch_op.drop_column("behind_at")
