"""The visit being entered, kept at every step so that a crash or a forced close loses nothing.

A draft holds the counter flow's state as plain JSON (journeys chosen, answers given,
orientations ticked): categories and answers, never an identity. One draft per profile.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session

from frontdesk.store.base import utcnow
from frontdesk.visits.models import Visit, VisitDraft


def save_draft(session: Session, profile_id: uuid.UUID, state: dict[str, Any]) -> None:
    draft = session.get(VisitDraft, profile_id)
    if draft is None:
        session.add(VisitDraft(profile_id=profile_id, state=state, saved_at=utcnow()))
    else:
        draft.state = state
        draft.saved_at = utcnow()


def load_draft(session: Session, profile_id: uuid.UUID) -> dict[str, Any] | None:
    draft = session.get(VisitDraft, profile_id)
    return None if draft is None else dict(draft.state)


def discard_draft(session: Session, profile_id: uuid.UUID) -> None:
    draft = session.get(VisitDraft, profile_id)
    if draft is not None:
        session.delete(draft)


def journey_counts(session: Session, site_id: str, *, last: int = 2000) -> dict[str, int]:
    """How often each journey was chosen in this site's latest visits (most frequent first)."""
    recent = (
        select(Visit.journeys)
        .where(Visit.site_id == site_id, Visit.voided_at.is_(None))
        .order_by(Visit.started_at.desc())
        .limit(last)
        .subquery()
    )
    each = func.json_each(recent.c.journeys).table_valued("value")
    rows = session.execute(
        select(each.c.value, func.count())
        .select_from(recent)
        .join(each, true())
        .group_by(each.c.value)
    ).all()
    return dict(sorted(((str(v), int(n)) for v, n in rows), key=lambda item: -item[1]))


def frequent_journeys(
    session: Session, site_id: str, *, top: int = 3, at_least: int = 5
) -> list[str]:
    """The motifs this site chooses most (at least ``at_least`` times in its latest visits),
    for a « fréquent » marker at the Accueil: never for the order, a motif keeps its digit."""
    counts = journey_counts(session, site_id)
    return [journey for journey, times in list(counts.items())[:top] if times >= at_least]
