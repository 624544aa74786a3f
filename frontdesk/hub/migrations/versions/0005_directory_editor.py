"""directory editor

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23

Whether a site device edits the shared directory (a superviseur's PC) or only proposes
edits (a counter PC: its edits reach the superviseurs as reports). Devices and codes
issued before keep editing, as they did.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("hub_device", "hub_enrollment"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column(
                    "directory_editor", sa.Boolean(), nullable=False, server_default=sa.true()
                )
            )


def downgrade() -> None:
    for table in ("hub_device", "hub_enrollment"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("directory_editor")
