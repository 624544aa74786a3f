"""One visit in the journal: its detail (what the agent logged, the review, the comment
thread) and voiding it from there, both limited to the viewer's scope (``journal``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    select,
)
from sqlalchemy.orm import Session

from frontdesk import audit
from frontdesk.accounts import ProfileInfo
from frontdesk.visits.journal import (
    OTHER_AGENT,
    JournalScope,
    agent_names,
    may_void,
    scope_for,
    site_names,
)
from frontdesk.visits.models import ReviewComment, Visit, VisitReview
from frontdesk.visits.record import VisitError, void_visit


@dataclass(frozen=True)
class CommentView:
    id: uuid.UUID
    at: datetime
    author_id: uuid.UUID
    author_name: str
    author_role: str
    body: str
    read: bool


@dataclass(frozen=True)
class VisitDetail:
    id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    site_id: str
    site: str
    agent_id: uuid.UUID
    agent: str
    channel: str
    journeys: tuple[str, ...]
    thematiques: tuple[str, ...]
    operators: tuple[str, ...]
    publics: tuple[tuple[str, str], ...]  # (slug, status)
    orientations: tuple[tuple[str, str], ...]  # (partner, kind)
    outcome: str
    age_band: str | None
    commune_insee: str | None
    note: str | None
    voided_at: datetime | None
    void_reason: str | None
    review: str | None
    reviewer_name: str | None
    reviewed_at: datetime | None
    comments: tuple[CommentView, ...]


def in_scope(visit: Visit, scope: JournalScope) -> bool:
    return scope.site_id is None or visit.site_id == scope.site_id


def visit_detail(
    session: Session, visit_id: uuid.UUID, scope: JournalScope | None = None
) -> VisitDetail | None:
    """Everything about one visit, its review and its messages (oldest first)."""
    visit = session.get(Visit, visit_id)
    if visit is None or (scope is not None and not in_scope(visit, scope)):
        return None
    review = session.scalar(select(VisitReview).where(VisitReview.visit_id == visit_id))
    comments = session.scalars(
        select(ReviewComment)
        .where(ReviewComment.visit_id == visit_id)
        .order_by(ReviewComment.created_at, ReviewComment.id)
    ).all()
    agents = agent_names(session, [visit.agent_id])
    return VisitDetail(
        id=visit.id,
        started_at=visit.started_at,
        ended_at=visit.ended_at,
        site_id=visit.site_id,
        site=site_names(session).get(visit.site_id, visit.site_id),
        agent_id=visit.agent_id,
        agent=agents.get(visit.agent_id, OTHER_AGENT),
        channel=visit.channel,
        journeys=tuple(visit.journeys),
        thematiques=tuple(visit.thematiques),
        operators=tuple(visit.operators),
        publics=tuple((slug, str(e.get("status", ""))) for slug, e in visit.publics.items()),
        orientations=tuple((o.get("partner", ""), o.get("kind", "")) for o in visit.orientations),
        outcome=visit.outcome,
        age_band=visit.age_band,
        commune_insee=visit.commune_insee,
        note=visit.note,
        voided_at=visit.voided_at,
        void_reason=visit.void_reason,
        review=review.status if review else None,
        reviewer_name=review.reviewer_name if review else None,
        reviewed_at=review.updated_at if review else None,
        comments=tuple(
            CommentView(
                c.id,
                c.created_at,
                c.author_id,
                c.author_name,
                c.author_role,
                c.body,
                c.read_at is not None,
            )
            for c in comments
        ),
    )


def void_from_journal(
    session: Session, visit_id: uuid.UUID, reason: str, actor: ProfileInfo
) -> None:
    """Void a visit read in the journal: the role must allow it, the visit be in scope;
    without ``journal.void_others`` (an agent), only the visits one logged."""
    if not actor.may("journal.void"):
        raise VisitError("Votre rôle ne permet pas d'annuler une visite.")
    visit = session.get(Visit, visit_id)
    if visit is None or not in_scope(visit, scope_for(session, actor)):
        raise VisitError("Cette visite n'existe pas.")
    if not may_void(actor, visit.agent_id):
        raise VisitError("Vous ne pouvez annuler que les visites que vous avez enregistrées.")
    void_visit(session, visit_id, reason)
    audit.record(session, "visit_voided", actor.id, visit=str(visit_id))
