"""Whether a pushed mutation can be stored at all: a record every PC could write (the
check each PC runs on what it pulls, ``frontdesk.sync.records``), whose parents the hub
holds, and a deletion nothing live still depends on. What fails is refused on record
and acknowledged, never stored nor forwarded."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.hub.changes import TOUCHED, lookup
from frontdesk.hub.models import Record
from frontdesk.stats.french import french_size
from frontdesk.sync.entities import DIRECTORY, PARENTS
from frontdesk.sync.protocol import Mutation
from frontdesk.sync.records import RecordProblem, check_id, check_payload


def malformed(mutation: Mutation) -> str | None:
    """What makes the record one no PC could store (the check every PC runs on what it
    pulls): refused and acknowledged, never stored, never forwarded."""
    if mutation.oversize is not None:
        size = french_size(mutation.oversize)
        return (
            f"Modification trop volumineuse pour être transmise ({size}) : elle reste"
            " sur le poste qui l'a faite ; allégez la fiche (description, notes) et"
            " enregistrez-la de nouveau."
        )
    try:
        if mutation.op == "delete":
            check_id(mutation.entity, mutation.record_id, mutation.payload)
        else:
            check_payload(mutation.entity, mutation.record_id, mutation.payload, strict_keys=True)
    except RecordProblem as problem:
        return f"Contenu refusé : {problem}"
    return None


def unfit(session: Session, mutation: Mutation) -> str | None:
    """A parent the hub does not hold (a PC would park the record forever), or a
    deletion other live records still depend on (every PC would refuse it)."""
    if mutation.op == "delete":
        if _has_live_children(session, mutation.entity, mutation.record_id):
            return (
                "Suppression refusée : d'autres fiches en dépendent encore (services ou"
                " contacts) ; supprimez-les d'abord."
            )
        return None
    for field, parent in PARENTS[mutation.entity]:
        raw = mutation.payload.get(field)
        if raw is None:
            continue
        found = lookup(session, parent, uuid.UUID(str(raw)))
        if found is None or found.deleted:
            return PARENT_UNKNOWN[parent]
    return None


PARENT_UNKNOWN = {
    "visit": "La visite concernée est inconnue du hub (supprimée ou jamais envoyée).",
    "structure": "La structure concernée est inconnue du hub (supprimée ou jamais envoyée).",
    "service": "Le service concerné est inconnu du hub (supprimé ou jamais envoyé).",
}


def _has_live_children(session: Session, entity: str, record_id: uuid.UUID) -> bool:
    children = [(child, field) for child, links in PARENTS.items() for field, parent in links
                if parent == entity and child in DIRECTORY]  # fmt: skip
    if not children:
        return False  # a visit's reviews and comments go with it
    touched = session.info.get(TOUCHED, {})
    for record in touched.values():  # this batch's own changes, not yet written
        for child, field in children:
            live = record.entity == child and not record.deleted
            if live and str(record.payload.get(field)) == str(record_id):
                return True
    for child, field in children:
        query = select(Record.id).where(
            Record.entity == child,
            Record.deleted.is_(False),
            Record.payload[field].as_string() == str(record_id),
        )
        for child_id in session.scalars(query):
            current = touched.get((child, child_id))
            if current is None or not current.deleted:
                return True
    return False
