"""Local bookkeeping of the sync (never synced itself).

``SyncVersion``: the hub version each record had when this device last received it
(pull) or had a mutation of it applied (push): what a mutation names as its
``base_version``. ``SyncParked``: records waiting for their parent. ``SyncIssue``: the
conflicts and rejected changes the hub reported, for the superviseur's Synchronisation
section. ``SyncSent``: what the hub acknowledged, kept for a restored hub.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Integer, PrimaryKeyConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.store.base import Base, utcnow


class SyncVersion(Base):
    __tablename__ = "sync_version"

    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column()
    hub_version: Mapped[int] = mapped_column(Integer)

    __table_args__ = (PrimaryKeyConstraint("entity", "record_id"),)


class SyncParked(Base):
    """A received record set aside. Without ``problem``: its parent (a service's
    structure, a review's visit) has not arrived yet, and it is applied as soon as it has
    (pages come in change order, not parent order). With ``problem`` (French): this PC
    cannot apply it (malformed, or refused by the database), and it is tried again at
    each sync, in case an update of the application or a later change makes it fit;
    the sync goes on with everything else. ``deleted``: a set-aside deletion."""

    __tablename__ = "sync_parked"

    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column()
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    problem: Mapped[str | None] = mapped_column(Text, default=None)
    deleted: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (PrimaryKeyConstraint("entity", "record_id"),)


class SyncSent(Base):
    """An outbox row the hub acknowledged, kept ``SENT_KEEP`` days after it left the
    outbox: a hub restored from an older backup lost it, and it is sent again as it was
    (same seq, same mutation id) before anything else."""

    __tablename__ = "sync_sent"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    mutation_id: Mapped[uuid.UUID] = mapped_column()
    entity: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[uuid.UUID] = mapped_column()
    op: Mapped[str] = mapped_column(String(10))
    base_version: Mapped[int] = mapped_column()
    version: Mapped[int] = mapped_column()
    changed: Mapped[list[str]] = mapped_column(JSON)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column()
    acked_at: Mapped[datetime] = mapped_column(index=True)


class SyncIssue(Base):
    __tablename__ = "sync_issue"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # conflict | rejected | parked
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)  # French, from the hub
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(default=None)
