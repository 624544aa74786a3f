"""« Marquer comme vérifiée » (superviseur): a structure, a service or a direct contact is
confirmed as it stands, without a form. Its ``date_maj`` becomes today and « à vérifier »
is cleared, which restarts the 12-month freshness clock (``validation.stale_before``);
the audit log records who and when (profile id and record id, never a name); the outbox
queues the change like any other edit (the ORM listener, in the same flush), so the
other PCs and the hub see the entry confirmed too. Only ``directory.verify`` may do it
(``resources/roles.json``: the superviseur), as ``editing.require`` checks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date
from typing import Literal
from uuid import UUID

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk import audit, moments
from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.editing import DirectoryEditError, require
from frontdesk.contacts.models import DirectContact, DirectoryReport, Service, Structure
from frontdesk.contacts.reports import OPEN

log = logging.getLogger(__name__)
ACTION = "directory.verify"
AUDIT_KIND = "directory_verified"
Target = Literal["structure", "service", "contact"]  # as ``DirectoryReport.target_kind``
GONE = "Cette fiche n'existe plus dans l'annuaire."


@dataclass(frozen=True)
class Verified:
    target: Target
    record_id: UUID
    date_maj: date  # today, at the counters (Paris)
    changed: bool  # False: it was already confirmed today (nothing to send)
    open_reports: int  # errors agents reported on it and not yet handled


def mark_verified(
    session: Session, target: Target, record_id: UUID, actor: ProfileInfo
) -> Verified:
    """Confirm one entry as it stands (see the module's text); ``DirectoryEditError``
    (French) when the actor may not or the entry is gone."""
    require(session, actor, ACTION)
    record: Structure | Service | DirectContact | None
    if target == "structure":
        record = session.get(Structure, record_id)
    elif target == "service":
        record = session.get(Service, record_id)
    else:
        record = session.get(DirectContact, record_id)
    if record is None:
        raise DirectoryEditError(GONE)
    table = record.__tablename__
    today = moments.today()
    changed = record.date_maj != today or record.a_verifier
    if record.date_maj != today:
        record.date_maj = today
    if record.a_verifier:
        record.a_verifier = False
    session.flush()  # the outbox row, when something changed
    audit.record(session, AUDIT_KIND, actor.id, entity=table, id=str(record_id))
    log.info("directory %s %s verified by profile %s", table, record_id, actor.id)
    reports = select(func.count()).select_from(DirectoryReport)
    reports = reports.where(
        DirectoryReport.target_kind == target,
        DirectoryReport.target_id == record_id,
        DirectoryReport.status == OPEN,
    )
    return Verified(target, record_id, today, changed, session.scalar(reports) or 0)
