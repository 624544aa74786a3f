"""The hub's tables (their own metadata: the hub never shares a database with a device).

Every synced record is one ``hub_record`` row whatever its entity: its JSON payload, its
version (bumped once per applied mutation), the version at which each field last
changed (``field_versions``: the field-by-field merge needs no clock), a tombstone flag,
and ``change_id``, the value of the hub counter when it last changed. The counter is
bumped inside the write transaction that holds the counter row's lock, so change ids are
handed out in commit order and a pull never misses a change (never a timestamp).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from frontdesk.store.base import NAMING, UTCDateTime, utcnow


class HubBase(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        Any: JSON,
    }
    if TYPE_CHECKING:  # every model maps a Table (DeclarativeBase says FromClause)
        __table__: ClassVar[Table]


class HubSite(HubBase):
    __tablename__ = "hub_site"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Device(HubBase):
    """An enrolled PC: a site device (one site) or a tutor device (every site)."""

    __tablename__ = "hub_device"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("hub_site.id"))
    kind: Mapped[str] = mapped_column(String(20))  # site | tuteur
    # a site device that edits the shared directory (a superviseur's PC); the others'
    # directory edits become proposals (reports) for the superviseurs
    directory_editor: Mapped[bool] = mapped_column(default=False)
    label: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # the cursor the device last pulled from: what it holds (for the tombstone purge)
    last_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    # the horizon of the reset this device is being served, page after page (None: none)
    reset_horizon: Mapped[int | None] = mapped_column(BigInteger, default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # when a push of this device was refused because the hub lacked seqs it had once
    # acknowledged (restored from a backup): only then may it report the hub « lost »
    behind_at: Mapped[datetime | None] = mapped_column(default=None)


class Enrollment(HubBase):
    """A one-time code (stored hashed) that lets a PC enrol as a device."""

    __tablename__ = "hub_enrollment"

    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    site_id: Mapped[str | None] = mapped_column(ForeignKey("hub_site.id"))
    kind: Mapped[str] = mapped_column(String(20))
    directory_editor: Mapped[bool] = mapped_column(default=False)  # see Device
    expires_at: Mapped[datetime] = mapped_column()
    used_at: Mapped[datetime | None] = mapped_column(default=None)
    device_id: Mapped[uuid.UUID | None] = mapped_column(default=None)
    # the hash of the key the device sent when it spent the code: the same key again is
    # that device asking again after a lost answer (see ``admin.enroll``)
    attempt_hash: Mapped[str | None] = mapped_column(String(64), default=None)


class Counter(HubBase):
    """One row: the change counter, the horizon below which tombstones were purged (a
    cursor under it cannot be served incrementally: reset), and the epoch, which names
    this history of changes: a new one after a restore from a backup (declared by the
    administrator, or found by a device that holds acknowledgements the hub lost), so that
    devices send back what was lost and stop trusting their cursors."""

    __tablename__ = "hub_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)
    horizon: Mapped[int] = mapped_column(BigInteger, default=0)
    epoch: Mapped[str | None] = mapped_column(String(36), default=None)
    epoch_at: Mapped[datetime | None] = mapped_column(default=None)  # when it was named


class Record(HubBase):
    __tablename__ = "hub_record"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    site_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    field_versions: Mapped[dict[str, Any]] = mapped_column(JSON)
    deleted: Mapped[bool] = mapped_column(default=False)
    change_id: Mapped[int] = mapped_column(BigInteger)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(default=None)  # a review's visit
    # the device whose push made the record what it is, when that device's copy is exactly
    # this one: its pulls skip the record (None: every reader needs it)
    echo_device: Mapped[uuid.UUID | None] = mapped_column(default=None)

    __table_args__ = (
        Index("ux_hub_record_change", "change_id", unique=True),
        Index("ix_hub_record_site_change", "site_id", "change_id"),
    )


class Conflict(HubBase):
    """A field changed on the hub and, concurrently, on a device: the hub's value was
    kept; the device's is recorded here for the superviseur."""

    __tablename__ = "hub_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column()
    site_id: Mapped[str] = mapped_column(String(64))
    field: Mapped[str] = mapped_column(String(60))  # « * » for an edit of a deleted record
    hub_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    device_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    device_id: Mapped[uuid.UUID] = mapped_column()
    mutation_id: Mapped[uuid.UUID] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Rejection(HubBase):
    """A mutation that can never apply: acknowledged (it must not block the queue) and
    recorded with its French reason."""

    __tablename__ = "hub_rejection"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[uuid.UUID] = mapped_column()
    seq: Mapped[int] = mapped_column(BigInteger)
    mutation_id: Mapped[uuid.UUID] = mapped_column()
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column()
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class IdempotentReply(HubBase):
    """The answer given to a push, by the device's Idempotency-Key (kept 24 h)."""

    __tablename__ = "hub_idempotent_reply"

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    response: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
