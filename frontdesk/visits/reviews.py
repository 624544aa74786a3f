"""The tutor's review of logged visits: a status per visit and a conversation with the agent.

Both are synced records (their outbox rows are written with them). The review's id is
derived from the visit's, so two tutor devices reviewing one visit offline edit the same
record. Comments are anonymous like the visit: before one is written, its text is checked
for what looks like personal data, and the writer must confirm to keep it.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from frontdesk.accounts import ProfileInfo
from frontdesk.errors import UserError
from frontdesk.store.base import utcnow
from frontdesk.visits.journal import REVIEW_STATUSES, JournalFilter, reviewer_roles
from frontdesk.visits.models import ReviewComment, Visit, VisitReview
from frontdesk.visits.privacy import Finding, personal_data_findings

REVIEW_NAMESPACE = uuid.UUID("5b0f3c4e-7f0a-4d39-9a53-6a2c1e8d7b10")
COMMENT_MAX_LENGTH = 1000
STATUS_LABELS = {"a_revoir": "À revoir", "valide": "Validé"}


class ReviewError(UserError, ValueError):
    """A review or a message was refused (message in French, shown as is)."""


class PersonalDataError(ReviewError):
    """The message looks like it holds personal data; ``findings`` says what."""

    def __init__(self, findings: list[Finding]) -> None:
        super().__init__("Le message semble contenir des données personnelles.")
        self.findings = findings


def review_id(visit_id: uuid.UUID) -> uuid.UUID:
    """The one review record of a visit, the same on every device."""
    return uuid.uuid5(REVIEW_NAMESPACE, str(visit_id))


def _visit(session: Session, visit_id: uuid.UUID) -> Visit:
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise ReviewError("Cette visite n'existe pas (ou plus) sur ce poste.")
    return visit


def set_review_status(
    session: Session, visit_id: uuid.UUID, status: str, actor: ProfileInfo
) -> None:
    """Mark a visit « à revoir » or « validé » (the tuteur only)."""
    if not actor.may("review.write"):
        raise ReviewError("Votre rôle ne permet pas de relire les cas.")
    if status not in REVIEW_STATUSES:
        raise ReviewError(f"Statut de relecture inconnu : « {status} ».")
    _visit(session, visit_id)
    record = session.get(VisitReview, review_id(visit_id))
    if record is None:
        session.add(
            VisitReview(
                id=review_id(visit_id),
                visit_id=visit_id,
                status=status,
                reviewer_id=actor.id,
                reviewer_name=actor.display_name,
            )
        )
        return
    if record.status != status:
        record.status = status
        record.reviewer_id = actor.id
        record.reviewer_name = actor.display_name


def may_comment(actor: ProfileInfo, visit_agent_id: uuid.UUID) -> bool:
    """The tuteur on any visit; the agent who logged the visit, to answer."""
    return actor.may("review.write") or actor.id == visit_agent_id


def clean_body(body: str) -> str:
    lines = [" ".join(line.split()) for line in body.strip().splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text


def add_comment(
    session: Session,
    visit_id: uuid.UUID,
    body: str,
    actor: ProfileInfo,
    *,
    confirmed: bool = False,
) -> uuid.UUID:
    """Write one message about a visit. ``confirmed``: keep it although it looks personal."""
    visit = _visit(session, visit_id)
    if not may_comment(actor, visit.agent_id):
        raise ReviewError(
            "Seuls le tuteur et l'agent qui a enregistré la visite peuvent écrire ici."
        )
    text = clean_body(body)
    if not text:
        raise ReviewError("Écrivez votre message avant de l'envoyer.")
    if len(text) > COMMENT_MAX_LENGTH:
        raise ReviewError(f"Le message ne doit pas dépasser {COMMENT_MAX_LENGTH} caractères.")
    if not confirmed:
        findings = personal_data_findings(text)
        if findings:
            raise PersonalDataError(findings)
    comment = ReviewComment(
        visit_id=visit_id,
        author_id=actor.id,
        author_name=actor.display_name,
        author_role=actor.role,
        body=text,
    )
    session.add(comment)
    session.flush()
    return comment.id


def _addressed_to(reader: ProfileInfo, visit: Visit) -> list[ColumnElement[bool]]:
    """The conditions selecting the messages of ``visit`` that ``reader`` is meant to read."""
    if reader.may("review.write"):
        return [ReviewComment.author_role.not_in(reviewer_roles())]
    if reader.id == visit.agent_id:
        return [ReviewComment.author_id != reader.id]
    return []


def mark_read(
    session: Session, visit_id: uuid.UUID, reader: ProfileInfo, *, now: datetime | None = None
) -> int:
    """The messages of that visit meant for ``reader`` are read; how many were not."""
    visit = _visit(session, visit_id)
    terms = _addressed_to(reader, visit)
    if not terms:
        return 0  # someone else's conversation: reading it marks nothing
    unread = session.scalars(
        select(ReviewComment).where(
            ReviewComment.visit_id == visit_id, ReviewComment.read_at.is_(None), *terms
        )
    ).all()
    for comment in unread:
        comment.read_at = now or utcnow()
    return len(unread)


def unread_feedback_count(session: Session, agent_id: uuid.UUID) -> int:
    """The tutor's messages on ``agent_id``'s visits that the agent has not read."""
    query = (
        select(func.count())
        .select_from(ReviewComment)
        .join(Visit, Visit.id == ReviewComment.visit_id)
        .where(
            ReviewComment.read_at.is_(None),
            ReviewComment.author_id != agent_id,
            Visit.agent_id == agent_id,
        )
    )
    return int(session.scalar(query) or 0)


def feedback_line(count: int) -> str:
    """« 2 retours de votre tuteur » (empty when there is none)."""
    if count <= 0:
        return ""
    return "1 retour de votre tuteur" if count == 1 else f"{count} retours de votre tuteur"


def review_queue_filter() -> JournalFilter:
    """The tutor's queue: the cases marked « à revoir », newest first."""
    return JournalFilter(review="a_revoir")


def unread_feedback_filter() -> JournalFilter:
    """The agent's visits with messages not read yet (what the Accueil line opens)."""
    return JournalFilter(unread_only=True)
