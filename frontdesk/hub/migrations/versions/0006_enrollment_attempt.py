"""enrollment attempt

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07

The hash of the random key a device sends with its enrollment, kept with the code it
spent: the same code with the same key again is that device asking again after a lost
answer, answered with the same device and a new token rather than « déjà utilisé » (and
a ghost device). Codes spent before have none: they cannot be retried, as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hub_enrollment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("attempt_hash", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hub_enrollment", schema=None) as batch_op:
        batch_op.drop_column("attempt_hash")
