"""visit agent index

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23

The journal filtered on one agent (an agent's own visits, the tutor looking at one
agent) reads the index instead of every visit of the site.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_agent_started", ["agent_id", "started_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_agent_started")
