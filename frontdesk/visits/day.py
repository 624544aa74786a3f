"""The agent's day at a glance, as the Accueil shows it above the counter flow."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk import moments
from frontdesk.store.base import utcnow
from frontdesk.visits.models import Visit, VisitDraft
from frontdesk.visits.reviews import unread_feedback_count


@dataclass(frozen=True)
class DaySummary:
    site_visits: int  # saved today at this site, by anyone, not voided
    my_visits: int  # of which by this agent
    draft_waiting: bool  # a visit this agent started and did not finish
    unread_feedback: int  # the tutor's messages this agent has not read


def day_summary(
    session: Session, agent_id: uuid.UUID, site_id: str, now: datetime | None = None
) -> DaySummary:
    """Today is the counters' day (Paris time), whatever the PC's clock zone."""
    start, end = moments.day_bounds(moments.today(now or utcnow()))
    today = (
        select(Visit.agent_id == agent_id, func.count())
        .where(
            Visit.site_id == site_id,
            Visit.ended_at >= start,
            Visit.ended_at < end,
            Visit.voided_at.is_(None),
        )
        .group_by(Visit.agent_id == agent_id)
    )
    counts = {bool(mine): int(n) for mine, n in session.execute(today)}
    draft = session.get(VisitDraft, agent_id) is not None
    return DaySummary(
        site_visits=counts.get(True, 0) + counts.get(False, 0),
        my_visits=counts.get(True, 0),
        draft_waiting=draft,
        unread_feedback=unread_feedback_count(session, agent_id),
    )


def day_text(summary: DaySummary) -> str:
    """« Aujourd'hui : 4 visites sur ce site, dont 2 par vous. »"""
    n, mine = summary.site_visits, summary.my_visits
    if n == 0:
        said = "Aujourd'hui : aucune visite enregistrée sur ce site pour l'instant."
    else:
        visits = "1 visite" if n == 1 else f"{n} visites"
        said = f"Aujourd'hui : {visits} sur ce site, dont {mine} par vous."
    if summary.draft_waiting:
        said += " Une visite commencée attend d'être terminée."
    return said
