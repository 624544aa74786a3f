"""hub initial

Revision ID: 0001
Revises:
Create Date: 2026-11-23 20:34:48.729427
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "hub_conflict",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("field", sa.String(length=60), nullable=False),
        sa.Column("hub_value", sa.JSON(), nullable=True),
        sa.Column("device_value", sa.JSON(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("mutation_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_conflict")),
    )
    op.create_table(
        "hub_counter",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.Column("horizon", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_counter")),
    )
    op.create_table(
        "hub_idempotent_reply",
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("response", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("device_id", "key", name=op.f("pk_hub_idempotent_reply")),
    )
    op.create_table(
        "hub_record",
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("field_versions", sa.JSON(), nullable=False),
        sa.Column("deleted", sa.Boolean(), nullable=False),
        sa.Column("change_id", sa.BigInteger(), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("entity", "id", name=op.f("pk_hub_record")),
    )
    with op.batch_alter_table("hub_record", schema=None) as batch_op:
        batch_op.create_index("ix_hub_record_site_change", ["site_id", "change_id"], unique=False)
        batch_op.create_index("ux_hub_record_change", ["change_id"], unique=True)

    op.create_table(
        "hub_rejection",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mutation_id", sa.Uuid(), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_rejection")),
    )
    op.create_table(
        "hub_site",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_site")),
    )
    op.create_table(
        "hub_device",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("label", sa.String(length=120), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(), nullable=True),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["hub_site.id"], name=op.f("fk_hub_device_site_id_hub_site")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hub_device")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_hub_device_token_hash")),
    )
    op.create_table(
        "hub_enrollment",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("used_at", sa.DateTime(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.ForeignKeyConstraint(
            ["site_id"], ["hub_site.id"], name=op.f("fk_hub_enrollment_site_id_hub_site")
        ),
        sa.PrimaryKeyConstraint("code_hash", name=op.f("pk_hub_enrollment")),
    )


def downgrade() -> None:
    op.drop_table("hub_enrollment")
    op.drop_table("hub_device")
    op.drop_table("hub_site")
    op.drop_table("hub_rejection")
    with op.batch_alter_table("hub_record", schema=None) as batch_op:
        batch_op.drop_index("ux_hub_record_change")
        batch_op.drop_index("ix_hub_record_site_change")

    op.drop_table("hub_record")
    op.drop_table("hub_idempotent_reply")
    op.drop_table("hub_counter")
    op.drop_table("hub_conflict")
