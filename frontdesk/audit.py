"""The append-only audit log: who logged in, locked, unlocked, changed a profile.

Details hold ids and codes only, never names or free text typed by a person.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.store.base import utcnow
from frontdesk.store.models import AuditEvent, Profile

if TYPE_CHECKING:
    from frontdesk.store.engine import Store

KINDS = frozenset(
    {
        "site_configured",
        "login",
        "login_failed",
        "login_delayed",
        "logout",
        "lock",
        "unlock",
        "profile_created",
        "profile_role_changed",
        "profile_disabled",
        "profile_enabled",
        "password_changed",
        "password_reset",
        "setting_changed",
        "retention_purge",
        "visit_voided",
        "directory_deleted",
        "directory_imported",
        "directory_verified",
    }
)


@dataclass(frozen=True)
class AuditEntry:
    at: datetime
    kind: str
    profile_name: str | None
    detail: dict[str, Any]


def record(session: Session, kind: str, profile_id: uuid.UUID | None = None, **detail: Any) -> None:
    if kind not in KINDS:
        raise ValueError(f"unknown audit kind {kind!r}")
    session.add(AuditEvent(at=utcnow(), kind=kind, profile_id=profile_id, detail=detail))


def recent(session: Session, limit: int = 200) -> list[AuditEntry]:
    rows = session.execute(
        select(AuditEvent, Profile.display_name)
        .outerjoin(Profile, Profile.id == AuditEvent.profile_id)
        .order_by(AuditEvent.id.desc())
        .limit(limit)
    ).all()
    return [AuditEntry(event.at, event.kind, name, dict(event.detail)) for event, name in rows]


def log_event(store: Store, kind: str, profile_id: uuid.UUID | None = None, **detail: Any) -> None:
    """Record one event in its own transaction (lock, logout: nothing else to write)."""
    with store.transaction() as session:
        record(session, kind, profile_id, **detail)
