"""directory

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

The referral directory: structures, services, direct contacts, error reports.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "directory_report",
        sa.Column("target_kind", sa.String(length=20), nullable=False),
        sa.Column("target_id", sa.Uuid(), nullable=False),
        sa.Column("reason", sa.String(length=60), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("reporter_id", sa.Uuid(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("resolution", sa.JSON(), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_directory_report")),
    )
    with op.batch_alter_table("directory_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_directory_report_site_id"), ["site_id"], unique=False)
        batch_op.create_index("ix_directory_report_status", ["status"], unique=False)

    op.create_table(
        "structure",
        sa.Column("di_id", sa.String(length=200), nullable=False),
        sa.Column("nom", sa.String(length=150), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("siret", sa.String(length=14), nullable=True),
        sa.Column("reseaux_porteurs", sa.JSON(), nullable=False),
        sa.Column("lien_source", sa.String(length=500), nullable=True),
        sa.Column("spie_partner", sa.String(length=50), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("telephone", sa.String(length=40), nullable=True),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column("site_web", sa.String(length=500), nullable=True),
        sa.Column("adresse", sa.String(length=300), nullable=True),
        sa.Column("complement_adresse", sa.String(length=300), nullable=True),
        sa.Column("code_postal", sa.String(length=5), nullable=True),
        sa.Column("commune", sa.String(length=150), nullable=True),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("horaires_accueil", sa.String(length=500), nullable=True),
        sa.Column("date_maj", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=True),
        sa.Column("a_verifier", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_structure")),
        sa.UniqueConstraint("di_id", name=op.f("uq_structure_di_id")),
    )
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_structure_site_id"), ["site_id"], unique=False)

    op.create_table(
        "service",
        sa.Column("di_id", sa.String(length=200), nullable=False),
        sa.Column("structure_id", sa.Uuid(), nullable=False),
        sa.Column("nom", sa.String(length=150), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("type", sa.String(length=30), nullable=True),
        sa.Column("thematiques", sa.JSON(), nullable=False),
        sa.Column("publics", sa.JSON(), nullable=False),
        sa.Column("publics_precisions", sa.Text(), nullable=True),
        sa.Column("conditions_acces", sa.Text(), nullable=True),
        sa.Column("frais", sa.String(length=20), nullable=True),
        sa.Column("zone_eligibilite", sa.JSON(), nullable=False),
        sa.Column("modes_accueil", sa.JSON(), nullable=False),
        sa.Column("modes_mobilisation", sa.JSON(), nullable=False),
        sa.Column("lien_mobilisation", sa.String(length=500), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.Column("telephone", sa.String(length=40), nullable=True),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column("site_web", sa.String(length=500), nullable=True),
        sa.Column("adresse", sa.String(length=300), nullable=True),
        sa.Column("complement_adresse", sa.String(length=300), nullable=True),
        sa.Column("code_postal", sa.String(length=5), nullable=True),
        sa.Column("commune", sa.String(length=150), nullable=True),
        sa.Column("code_insee", sa.String(length=5), nullable=True),
        sa.Column("horaires_accueil", sa.String(length=500), nullable=True),
        sa.Column("date_maj", sa.Date(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("source_note", sa.Text(), nullable=True),
        sa.Column("a_verifier", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["structure_id"], ["structure.id"], name=op.f("fk_service_structure_id_structure")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service")),
        sa.UniqueConstraint("di_id", name=op.f("uq_service_di_id")),
    )
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_service_site_id"), ["site_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_service_structure_id"), ["structure_id"], unique=False)

    op.create_table(
        "direct_contact",
        sa.Column("structure_id", sa.Uuid(), nullable=False),
        sa.Column("service_id", sa.Uuid(), nullable=True),
        sa.Column("name", sa.String(length=150), nullable=False),
        sa.Column("role", sa.String(length=150), nullable=True),
        sa.Column("telephone", sa.String(length=40), nullable=True),
        sa.Column("courriel", sa.String(length=254), nullable=True),
        sa.Column("spie_publics", sa.JSON(), nullable=False),
        sa.Column("journeys", sa.JSON(), nullable=False),
        sa.Column("agent_note", sa.Text(), nullable=True),
        sa.Column("date_maj", sa.Date(), nullable=False),
        sa.Column("a_verifier", sa.Boolean(), nullable=False),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["service_id"], ["service.id"], name=op.f("fk_direct_contact_service_id_service")
        ),
        sa.ForeignKeyConstraint(
            ["structure_id"],
            ["structure.id"],
            name=op.f("fk_direct_contact_structure_id_structure"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_direct_contact")),
    )
    with op.batch_alter_table("direct_contact", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_direct_contact_site_id"), ["site_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_direct_contact_structure_id"), ["structure_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("direct_contact", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_direct_contact_structure_id"))
        batch_op.drop_index(batch_op.f("ix_direct_contact_site_id"))

    op.drop_table("direct_contact")
    with op.batch_alter_table("service", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_service_structure_id"))
        batch_op.drop_index(batch_op.f("ix_service_site_id"))

    op.drop_table("service")
    with op.batch_alter_table("structure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_structure_site_id"))

    op.drop_table("structure")
    with op.batch_alter_table("directory_report", schema=None) as batch_op:
        batch_op.drop_index("ix_directory_report_status")
        batch_op.drop_index(batch_op.f("ix_directory_report_site_id"))

    op.drop_table("directory_report")
