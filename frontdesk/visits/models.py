"""Tables of the visit log. A visit holds categories, never identities.

No name, birth date, address, phone or social security number has a column here: the
visitor is described only by the journeys chosen, the SPIE statuses, the partners
oriented to, an optional age band and commune code, and an optional short note that
is checked for personal data before saving.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.store.base import Base, SyncedMixin, utcnow


class Visit(SyncedMixin, Base):
    __tablename__ = "visit"

    agent_id: Mapped[uuid.UUID] = mapped_column()  # the local profile that logged it
    started_at: Mapped[datetime] = mapped_column()
    ended_at: Mapped[datetime] = mapped_column()
    channel: Mapped[str] = mapped_column(String(20))
    journeys: Mapped[list[str]] = mapped_column(JSON)
    thematiques: Mapped[list[str]] = mapped_column(JSON)
    operators: Mapped[list[str]] = mapped_column(JSON)
    # {"jeune-neet": {"status": "oui"}, ...}; empty when the checklist was not run
    publics: Mapped[dict[str, dict[str, str]]] = mapped_column(JSON)
    # [{"partner": "mission-locale", "kind": "appel"}, ...]
    orientations: Mapped[list[dict[str, str]]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(20))
    age_band: Mapped[str | None] = mapped_column(String(20), default=None)
    commune_insee: Mapped[str | None] = mapped_column(String(5), default=None)
    note: Mapped[str | None] = mapped_column(Text, default=None)
    voided_at: Mapped[datetime | None] = mapped_column(default=None)
    void_reason: Mapped[str | None] = mapped_column(Text, default=None)

    __table_args__ = (Index("ix_visit_site_started", "site_id", "started_at"),)


class VisitDraft(Base):
    """The visit being entered, saved at every step so a crash loses nothing.

    One per profile on this PC; local only (never synced), deleted when the visit is
    saved or abandoned.
    """

    __tablename__ = "visit_draft"

    profile_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
