"""« Signaler une erreur »: an agent flags an entry with one of DORA's reasons; it waits in
the superviseur's queue until resolved. Reports are synced (outbox), so a comment that looks
like a visitor's personal data is refused: it would travel to the hub."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.editing import DirectoryEditError, FormErrors, require
from frontdesk.contacts.models import DirectContact, DirectoryReport, Service, Structure
from frontdesk.contacts.validation import NBSP, directory_rules
from frontdesk.store.base import utcnow
from frontdesk.store.models import Profile
from frontdesk.visits.privacy import personal_data_findings

log = logging.getLogger(__name__)
OPEN, RESOLVED = "ouvert", "traite"
TARGETS: dict[str, Any] = {"structure": Structure, "service": Service, "contact": DirectContact}
MAX_COMMENT = 2000


@dataclass(frozen=True)
class ReportView:
    id: UUID
    target_kind: str  # structure | service | contact
    target_id: UUID
    target_name: str  # « Fiche supprimée » when the entry is gone
    reason: str
    reason_label: str
    comment: str | None
    reporter_name: str | None  # None when the reporter's profile is on another PC
    created_at: datetime


def _text(raw: str | None, label: str, field: str, errors: dict[str, str]) -> str | None:
    """The stripped text; a message in ``errors`` if too long or personal-looking."""
    if (text := (raw or "").strip() or None) is None:
        return None
    if len(text) > MAX_COMMENT:
        errors[field] = f"{label}{NBSP}: {MAX_COMMENT} caractères au plus."
    findings = personal_data_findings(text)
    if findings:
        problems = " ".join(finding.message for finding in findings)
        errors[field] = (
            f"{label}{NBSP}: ne notez aucune donnée personnelle d'un visiteur "
            f"(nom, adresse, téléphone, courriel, date de naissance, numéro de sécurité "
            f"sociale, d'allocataire, fiscal, identifiant France Travail, IBAN). {problems}"
        )
    return text


def report_error(  # noqa: PLR0917 (the signature the UI calls)
    session: Session,
    target_kind: str,
    target_id: UUID,
    reason: str,
    comment: str | None,
    reporter: ProfileInfo,
) -> UUID:
    """Queue a report on an entry; ``FormErrors`` for a bad reason or comment."""
    require(session, reporter, "directory.report")
    model = TARGETS.get(target_kind)
    if model is None or session.get(model, target_id) is None:
        raise DirectoryEditError("Cette fiche n'existe plus dans l'annuaire.")
    errors: dict[str, str] = {}
    motif = next((r for r in directory_rules().report_reasons if r.slug == reason), None)
    if motif is None:
        errors["reason"] = f"Motif{NBSP}: choisissez un motif dans la liste."
    text = _text(comment, "Commentaire", "comment", errors)
    if motif is not None and motif.needs_comment and text is None:
        errors["comment"] = f"Commentaire{NBSP}: précisez le motif."
    if errors:
        raise FormErrors(errors)
    report = DirectoryReport(
        target_kind=target_kind,
        target_id=target_id,
        reason=reason,
        comment=text,
        reporter_id=reporter.id,
        status=OPEN,
    )
    session.add(report)
    session.flush()
    log.info("directory report %s on %s %s", report.id, target_kind, target_id)
    return report.id


def _names(session: Session, reports: list[DirectoryReport]) -> dict[UUID, str]:
    names: dict[UUID, str] = {}
    for kind, model in TARGETS.items():
        ids = {r.target_id for r in reports if r.target_kind == kind}
        column = model.name if model is DirectContact else model.nom
        if ids:
            names |= dict(session.execute(select(model.id, column).where(model.id.in_(ids))).all())
    return names


def open_reports(session: Session) -> list[ReportView]:
    """The superviseur's queue, oldest first."""
    query = select(DirectoryReport).where(DirectoryReport.status == OPEN)
    reports = list(session.scalars(query.order_by(DirectoryReport.created_at)))
    names = _names(session, reports)
    who = select(Profile.id, Profile.display_name).where(
        Profile.id.in_(r.reporter_id for r in reports)
    )
    reporters = dict(session.execute(who).all())
    reasons = {r.slug: r.label for r in directory_rules().report_reasons}
    return [
        ReportView(
            r.id,
            r.target_kind,
            r.target_id,
            names.get(r.target_id, "Fiche supprimée"),
            r.reason,
            reasons.get(r.reason, r.reason),
            r.comment,
            reporters.get(r.reporter_id),
            r.created_at,
        )
        for r in reports
    ]


def resolve_report(
    session: Session, report_id: UUID, actor: ProfileInfo, resolution_note: str | None
) -> None:
    """Close a report (superviseur), with an optional note; it leaves the queue."""
    require(session, actor, "directory.edit")
    report = session.get(DirectoryReport, report_id)
    if report is None:
        raise DirectoryEditError("Ce signalement n'existe plus.")
    if report.status != OPEN:
        raise DirectoryEditError("Ce signalement a déjà été traité.")
    errors: dict[str, str] = {}
    note = _text(resolution_note, "Note", "resolution_note", errors)
    if errors:
        raise FormErrors(errors)
    report.status = RESOLVED
    report.resolved_at = utcnow()
    report.resolution = {"by": str(actor.id), "note": note}
    session.flush()
    log.info("directory report %s resolved by profile %s", report.id, actor.id)
