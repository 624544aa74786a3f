"""statistics and reviews

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23

The tutor's reviews of visits and their comments (synced records), the anonymous
counters the statistics read (``visit_tally``, ``satisfaction_tally``: local, derived),
and an index on ``visit.started_at`` for the journal across sites.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "satisfaction_tally",
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("question", sa.String(length=40), nullable=False),
        sa.Column("answer", sa.String(length=40), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(
            "month",
            "site_id",
            "device_id",
            "question",
            "answer",
            name=op.f("pk_satisfaction_tally"),
        ),
    )
    op.create_table(
        "visit_tally",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("dim", sa.String(length=30), nullable=False),
        sa.Column("value", sa.String(length=120), nullable=False),
        sa.Column("monthly", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", "site_id", "dim", "value", name=op.f("pk_visit_tally")),
    )
    op.create_table(
        "review_comment",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("author_id", sa.Uuid(), nullable=False),
        sa.Column("author_name", sa.String(length=120), nullable=False),
        sa.Column("author_role", sa.String(length=20), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("read_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_review_comment_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_comment")),
    )
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_comment_site_id"), ["site_id"], unique=False)
        batch_op.create_index("ix_review_comment_visit", ["visit_id"], unique=False)

    op.create_table(
        "visit_review",
        sa.Column("visit_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("reviewer_id", sa.Uuid(), nullable=False),
        sa.Column("reviewer_name", sa.String(length=120), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["visit_id"],
            ["visit.id"],
            name=op.f("fk_visit_review_visit_id_visit"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_visit_review")),
    )
    with op.batch_alter_table("visit_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_visit_review_site_id"), ["site_id"], unique=False)
        batch_op.create_index("ux_visit_review_visit", ["visit_id"], unique=True)

    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.create_index("ix_visit_started", ["started_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("visit", schema=None) as batch_op:
        batch_op.drop_index("ix_visit_started")

    with op.batch_alter_table("visit_review", schema=None) as batch_op:
        batch_op.drop_index("ux_visit_review_visit")
        batch_op.drop_index(batch_op.f("ix_visit_review_site_id"))

    op.drop_table("visit_review")
    with op.batch_alter_table("review_comment", schema=None) as batch_op:
        batch_op.drop_index("ix_review_comment_visit")
        batch_op.drop_index(batch_op.f("ix_review_comment_site_id"))

    op.drop_table("review_comment")
    op.drop_table("visit_tally")
    op.drop_table("satisfaction_tally")
