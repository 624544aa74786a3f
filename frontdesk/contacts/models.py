"""The referral directory: structures and services shaped on data·inclusion v1, plus what
the charter adds and no public directory has — direct contacts for a warm hand-over.

Column names follow the data·inclusion v1 schema (``nom``, ``zone_eligibilite``…) because
that is the interchange format imported and exported; the rest of the code is English.
Every table here is synced (UUID made on the device, version, outbox).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.store.base import Base, SyncedMixin


class _Contactable:
    """Where and how to reach a structure or a service (data·inclusion v1 fields)."""

    telephone: Mapped[str | None] = mapped_column(String(40), default=None)
    courriel: Mapped[str | None] = mapped_column(String(254), default=None)
    site_web: Mapped[str | None] = mapped_column(String(500), default=None)
    adresse: Mapped[str | None] = mapped_column(String(300), default=None)
    complement_adresse: Mapped[str | None] = mapped_column(String(300), default=None)
    code_postal: Mapped[str | None] = mapped_column(String(5), default=None)
    commune: Mapped[str | None] = mapped_column(String(150), default=None)
    code_insee: Mapped[str | None] = mapped_column(String(5), default=None)
    horaires_accueil: Mapped[str | None] = mapped_column(String(500), default=None)  # OSM syntax
    date_maj: Mapped[date] = mapped_column(Date)
    # Where the facts come from, and whether a superviseur has confirmed them.
    source: Mapped[str] = mapped_column(String(100))
    source_note: Mapped[str | None] = mapped_column(Text, default=None)
    a_verifier: Mapped[bool] = mapped_column(default=True)


class Structure(SyncedMixin, _Contactable, Base):
    __tablename__ = "structure"

    di_id: Mapped[str] = mapped_column(String(200), unique=True)  # « source--id »
    nom: Mapped[str] = mapped_column(String(150))
    description: Mapped[str | None] = mapped_column(Text, default=None)
    siret: Mapped[str | None] = mapped_column(String(14), default=None)
    reseaux_porteurs: Mapped[list[str]] = mapped_column(JSON, default=list)
    lien_source: Mapped[str | None] = mapped_column(String(500), default=None)
    # The SPIE partner this structure answers to (spie-publics.json « partners »).
    spie_partner: Mapped[str | None] = mapped_column(String(50), default=None)


class Service(SyncedMixin, _Contactable, Base):
    __tablename__ = "service"

    di_id: Mapped[str] = mapped_column(String(200), unique=True)
    structure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("structure.id"), index=True)
    nom: Mapped[str] = mapped_column(String(150))
    description: Mapped[str] = mapped_column(Text)
    type: Mapped[str | None] = mapped_column(String(30), default=None)
    thematiques: Mapped[list[str]] = mapped_column(JSON, default=list)
    publics: Mapped[list[str]] = mapped_column(JSON, default=list)
    publics_precisions: Mapped[str | None] = mapped_column(Text, default=None)
    conditions_acces: Mapped[str | None] = mapped_column(Text, default=None)
    frais: Mapped[str | None] = mapped_column(String(20), default=None)
    zone_eligibilite: Mapped[list[str]] = mapped_column(JSON, default=list)
    modes_accueil: Mapped[list[str]] = mapped_column(JSON, default=list)
    modes_mobilisation: Mapped[list[str]] = mapped_column(JSON, default=list)
    lien_mobilisation: Mapped[str | None] = mapped_column(String(500), default=None)


class DirectContact(SyncedMixin, Base):
    """A named professional or a direct line, for a warm hand-over (charter, « fiches »).

    ``agent_note`` is for agents only and never printed on the visitor's sheet.
    """

    __tablename__ = "direct_contact"

    structure_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("structure.id"), index=True)
    service_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("service.id"), default=None)
    name: Mapped[str] = mapped_column(String(150))  # « Mme X, conseillère » or « Ligne directe »
    role: Mapped[str | None] = mapped_column(String(150), default=None)
    telephone: Mapped[str | None] = mapped_column(String(40), default=None)
    courriel: Mapped[str | None] = mapped_column(String(254), default=None)
    spie_publics: Mapped[list[str]] = mapped_column(JSON, default=list)
    journeys: Mapped[list[str]] = mapped_column(JSON, default=list)
    agent_note: Mapped[str | None] = mapped_column(Text, default=None)
    date_maj: Mapped[date] = mapped_column(Date)
    a_verifier: Mapped[bool] = mapped_column(default=True)


class DirectoryReport(SyncedMixin, Base):
    """« Signaler une erreur » on an entry: it reaches the superviseur's queue."""

    __tablename__ = "directory_report"

    target_kind: Mapped[str] = mapped_column(String(20))  # structure | service | contact
    target_id: Mapped[uuid.UUID] = mapped_column()
    reason: Mapped[str] = mapped_column(String(60))  # dora-signalement-fiche-motifs
    comment: Mapped[str | None] = mapped_column(Text, default=None)
    reporter_id: Mapped[uuid.UUID] = mapped_column()  # local profile id
    status: Mapped[str] = mapped_column(String(20), default="ouvert")  # ouvert | traite
    resolved_at: Mapped[datetime | None] = mapped_column(default=None)
    resolution: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)

    __table_args__ = (Index("ix_directory_report_status", "status"),)
