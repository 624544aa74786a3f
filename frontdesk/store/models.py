"""Local tables that every installation has (the feature tables live with their feature)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.store.base import Base, utcnow


class Site(Base):
    """A France Services counter. ``id`` is a short slug (``moreuil``) used in exports."""

    __tablename__ = "site"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    commune: Mapped[str] = mapped_column(String(200))
    insee_code: Mapped[str] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Setting(Base):
    """Device-local key/value settings (device id, current site, idle lock delay…)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class Profile(Base):
    """A person who uses this PC. Local to the device: passwords never leave it."""

    __tablename__ = "profile"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_attempts: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("display_name"),)


class AuditEvent(Base):
    """Append-only security log: triggers in the migration refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(40))
    profile_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("profile.id", ondelete="RESTRICT"), default=None
    )
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    __table_args__ = (Index("ix_audit_event_at", "at"),)


class Outbox(Base):
    """One queued mutation of a synced record, pushed to the hub in ``seq`` order.

    ``seq`` uses SQLite AUTOINCREMENT so it never goes back, even after acknowledged
    rows are deleted: the hub rejects a device whose sequence has gaps or repeats.
    """

    __tablename__ = "outbox"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    mutation_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    entity: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column()
    op: Mapped[str] = mapped_column(String(10))  # create | update | delete
    base_version: Mapped[int] = mapped_column()  # version the change started from (0: new)
    version: Mapped[int] = mapped_column()  # version after the change
    changed: Mapped[list[str]] = mapped_column(JSON)  # content fields that changed
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)  # full record after the change
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = ({"sqlite_autoincrement": True},)
