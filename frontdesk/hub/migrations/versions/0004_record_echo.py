"""record echo

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23

The device whose push made a record what it is, when that device holds exactly the
hub's copy: its pulls skip the record (it would only get its own write back).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("echo_device", sa.Uuid(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_record", schema=None) as batch_op:
        batch_op.drop_column("echo_device")
