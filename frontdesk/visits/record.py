"""Save and void visits. A saved visit is never deleted: voiding is a new change."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from frontdesk.config import INSEE_PATTERN
from frontdesk.errors import UserError
from frontdesk.orientation.journeys import Journeys, journeys
from frontdesk.orientation.results import Assessment
from frontdesk.stats.tally import count_visit
from frontdesk.store.base import utcnow
from frontdesk.visits.models import Visit
from frontdesk.visits.options import VisitOptions, visit_options


class VisitError(UserError, ValueError):
    """The visit cannot be saved as entered (message in French, shown as is)."""


@dataclass(frozen=True)
class Orientation:
    partner: str
    kind: str  # information | appel | rendez-vous


@dataclass(frozen=True)
class VisitInput:
    """Everything the counter flow collected; plain values, safe to pass between threads."""

    started_at: datetime
    channel: str
    journeys: tuple[str, ...]
    outcome: str
    assessment: Assessment | None = None
    orientations: tuple[Orientation, ...] = field(default_factory=tuple)
    age_band: str | None = None
    commune_insee: str | None = None
    note: str | None = None


def _unique(values: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _check(visit: VisitInput, known: Journeys, options: VisitOptions) -> None:
    if not visit.journeys:
        raise VisitError("Choisissez au moins un motif de visite.")
    for journey_id in visit.journeys:
        if known.get(journey_id) is None:
            raise VisitError(f"Motif inconnu : « {journey_id} ».")
    if visit.channel not in options.ids("channels"):
        raise VisitError(f"Canal inconnu : « {visit.channel} ».")
    if visit.outcome not in options.ids("outcomes"):
        raise VisitError(f"Suite inconnue : « {visit.outcome} ».")
    for orientation in visit.orientations:
        if orientation.kind not in options.ids("orientation_kinds"):
            raise VisitError(f"Type d'orientation inconnu : « {orientation.kind} ».")
        if orientation.partner not in known.partners:
            raise VisitError(f"Partenaire inconnu : « {orientation.partner} ».")
    if visit.outcome == "oriente" and not visit.orientations:
        raise VisitError("Indiquez vers quel partenaire la personne a été orientée.")
    if visit.age_band is not None and visit.age_band not in options.ids("age_bands"):
        raise VisitError(f"Tranche d'âge inconnue : « {visit.age_band} ».")
    if visit.commune_insee is not None and not re.fullmatch(INSEE_PATTERN, visit.commune_insee):
        raise VisitError("Le code INSEE de la commune compte 5 caractères (par exemple 80570).")
    if visit.note is not None and len(visit.note) > options.note_max_length:
        raise VisitError(f"La note ne doit pas dépasser {options.note_max_length} caractères.")


def save_visit(
    session: Session, visit: VisitInput, agent_id: uuid.UUID, *, now: datetime | None = None
) -> uuid.UUID:
    """Validate and write one visit (its outbox row goes in the same transaction)."""
    known = journeys()
    _check(visit, known, visit_options())
    chosen = [known.get(journey_id) for journey_id in visit.journeys]
    publics = {}
    if visit.assessment is not None:
        for result in visit.assessment.publics:
            entry = {"status": result.status}
            if result.level:
                entry["level"] = result.level
            publics[result.slug] = entry
    record = Visit(
        agent_id=agent_id,
        started_at=visit.started_at,
        ended_at=now or utcnow(),
        channel=visit.channel,
        journeys=_unique(visit.journeys),
        thematiques=_unique([t for j in chosen if j for t in j.thematiques]),
        operators=_unique([o for j in chosen if j for o in j.operators]),
        publics=publics,
        orientations=[{"partner": o.partner, "kind": o.kind} for o in visit.orientations],
        outcome=visit.outcome,
        age_band=visit.age_band,
        commune_insee=visit.commune_insee,
        note=(visit.note or "").strip() or None,
    )
    session.add(record)
    session.flush()  # stamps site_id
    count_visit(session, record)
    return record.id


def void_visit(
    session: Session, visit_id: uuid.UUID, reason: str, *, now: datetime | None = None
) -> None:
    reason = " ".join(reason.split())
    if len(reason) < 3:
        raise VisitError("Indiquez la raison de l'annulation.")
    visit = session.get(Visit, visit_id)
    if visit is None:
        raise VisitError("Cette visite n'existe pas.")
    if visit.voided_at is not None:
        raise VisitError("Cette visite est déjà annulée.")
    visit.voided_at = now or utcnow()
    visit.void_reason = reason
    count_visit(session, visit, -1)  # a voided visit leaves the statistics
