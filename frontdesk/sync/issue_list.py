"""The conflicts, refusals and records set aside, as the Synchronisation screen lists them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.store.base import utcnow
from frontdesk.sync.entities import DESCRIBED as ENTITY_LABELS
from frontdesk.sync.entities import MODELS
from frontdesk.sync.models import SyncIssue

MAX_ROWS = 500


@dataclass(frozen=True)
class IssueRow:
    id: int
    kind: str
    element: str
    reason: str
    created_at: datetime
    seen_at: datetime | None


def _element(session: Session, entity: str, record_id: uuid.UUID) -> str:
    label = ENTITY_LABELS.get(entity, entity)
    model = MODELS.get(entity)
    record = None if model is None else session.get(model, record_id)
    name = getattr(record, "nom", None) or getattr(record, "name", None)
    return f"{label} « {name} »" if name else label


def load_issues(session: Session, include_seen: bool) -> list[IssueRow]:
    query = select(SyncIssue).order_by(SyncIssue.created_at.desc(), SyncIssue.id.desc())
    if not include_seen:
        query = query.where(SyncIssue.seen_at.is_(None))
    return [
        IssueRow(
            issue.id,
            issue.kind,
            _element(session, issue.entity, issue.record_id),
            issue.reason,
            issue.created_at,
            issue.seen_at,
        )
        for issue in session.scalars(query.limit(MAX_ROWS))
    ]


def mark_seen(session: Session, issue_id: int) -> bool:
    """The superviseur has looked at it; False if it was gone or seen already."""
    issue = session.get(SyncIssue, issue_id)
    if issue is None or issue.seen_at is not None:
        return False
    issue.seen_at = utcnow()
    return True
