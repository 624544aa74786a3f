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

from sqlalchemy import JSON, ForeignKey, Index, String, Text
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

    __table_args__ = (
        Index("ix_visit_site_started", "site_id", "started_at"),
        Index("ix_visit_started", "started_at"),
        Index("ix_visit_agent_started", "agent_id", "started_at"),  # « mes visites »
    )


class VisitReview(SyncedMixin, Base):
    """The tutor's verdict on one visit (``a_revoir`` or ``valide``); one per visit.

    Its id is derived from the visit's (``review_id``), so two tutor devices reviewing
    the same visit offline edit one record and the hub merges their fields."""

    __tablename__ = "visit_review"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20))
    reviewer_id: Mapped[uuid.UUID] = mapped_column()
    reviewer_name: Mapped[str] = mapped_column(String(120))

    __table_args__ = (Index("ux_visit_review_visit", "visit_id", unique=True),)


class ReviewComment(SyncedMixin, Base):
    """One message of the conversation between the tutor and the agent about a visit.

    ``read_at`` is set when the other party has seen it (the agent's badge counts the
    tutor's unread comments on their visits)."""

    __tablename__ = "review_comment"

    visit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("visit.id", ondelete="CASCADE"))
    author_id: Mapped[uuid.UUID] = mapped_column()
    author_name: Mapped[str] = mapped_column(String(120))
    author_role: Mapped[str] = mapped_column(String(20))
    body: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(default=None)

    __table_args__ = (Index("ix_review_comment_visit", "visit_id"),)


class VisitDraft(Base):
    """The visit being entered, saved at every step so a crash loses nothing.

    One per profile on this PC; local only (never synced), deleted when the visit is
    saved or abandoned.
    """

    __tablename__ = "visit_draft"

    profile_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
