"""Read-only questions the counter screen asks of the visit log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.visits.models import Visit


@dataclass(frozen=True)
class RecentVisit:
    id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    journeys: tuple[str, ...]
    outcome: str


def recent_visits(
    session: Session,
    agent_id: uuid.UUID,
    device_id: uuid.UUID,
    since: datetime,
    *,
    limit: int = 5,
) -> list[RecentVisit]:
    """The latest visits ``agent_id`` saved on this device since ``since``, not voided
    (« today »: ``since=frontdesk.moments.start_of_day(utcnow())``, at the counters)."""
    rows = session.scalars(
        select(Visit)
        .where(
            Visit.agent_id == agent_id,
            Visit.device_id == device_id,
            Visit.ended_at >= since,
            Visit.voided_at.is_(None),
        )
        .order_by(Visit.ended_at.desc())
        .limit(limit)
    ).all()
    return [
        RecentVisit(row.id, row.started_at, row.ended_at, tuple(row.journeys), row.outcome)
        for row in rows
    ]
