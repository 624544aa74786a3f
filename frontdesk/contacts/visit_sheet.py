"""The visitor's contact sheet made from a visit: the recommended services, the documents.

Only the directory and the assessment's documents reach the sheet: never an answer of
the checklist, the age, the note or a direct contact's agent note (the sheet renderer
leaves ``agent_note`` out). The step 3 lines of the recommended services are written
here too, so that the screen only lays them out.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.accounts import ProfileInfo
from frontdesk.contacts.detail import load_service_detail, load_sheet_entries, sheet_path
from frontdesk.contacts.models import DirectoryReport
from frontdesk.contacts.recommend import Recommendation, recommend_services
from frontdesk.contacts.reports import OPEN, report_error
from frontdesk.contacts.sheet_content import ContactSheet, phone
from frontdesk.device import current_site
from frontdesk.orientation.journeys import Journey
from frontdesk.orientation.results import Assessment

DEFAULT_SITE_NAME = "France Services"
GAP_REASON = "informations-pratiques"  # resources/directory/rules.json « report_reasons »
GAP_COMMENT = "Aucun moyen de contact connu : signalé au guichet, à l'impression d'une fiche."


@dataclass(frozen=True)
class SheetGap:
    """A service the sheet would print with no way to reach it."""

    service_id: uuid.UUID
    title: str  # « Mission locale du Santerre — Contrat d'engagement jeune »


def sheet_documents(assessment: Assessment | None) -> tuple[str, ...]:
    """The documents to bring for the publics « oui », each once, in the rules' order."""
    if assessment is None:
        return ()
    found = (d for p in assessment.publics if p.status == "oui" for d in p.documents)
    return tuple(dict.fromkeys(d for d in found if d.strip()))


def site_insee(session: Session) -> str:
    site = current_site(session)
    return site.insee_code if site is not None else ""


def load_recommendations(
    session: Session, chosen: Sequence[Journey | str], assessment: Assessment | None
) -> list[Recommendation]:
    """``recommend_services`` for this PC's site."""
    return recommend_services(session, chosen, assessment, site_insee(session))


def sheet_service_ids(
    recommendations: Sequence[Recommendation], partners: Collection[str]
) -> list[uuid.UUID]:
    """The services of the ticked partners, in order; every one when none is ticked."""
    picked = [r for r in recommendations if not partners or r.partner.slug in partners]
    return list(dict.fromkeys(r.service_id for r in picked))


def sheet_gaps(
    session: Session,
    chosen: Sequence[Journey | str],
    assessment: Assessment | None,
    partners: Collection[str],
) -> list[SheetGap]:
    """The services of the sheet that give no phone, e-mail, web page, nor a place with
    its hours: the agent is told before printing (the sheet itself says where to turn)."""
    recommendations = recommend_services(session, chosen, assessment, site_insee(session))
    gaps = []
    for service_id in sheet_service_ids(recommendations, partners):
        detail = load_service_detail(session, service_id)
        if detail is None:
            continue
        entry = detail.sheet_entry()
        if not entry.reachable:
            title = f"{entry.structure} — {entry.title}" if entry.structure else entry.title
            gaps.append(SheetGap(service_id, title))
    return gaps


def report_gaps(session: Session, gaps: Sequence[SheetGap], reporter: ProfileInfo) -> int:
    """Queue « Signaler une erreur » on each service (not twice while one is open);
    how many reports were added."""
    waiting = {
        r.target_id
        for r in session.scalars(
            select(DirectoryReport).where(
                DirectoryReport.status == OPEN, DirectoryReport.reason == GAP_REASON
            )
        )
    }
    added = 0
    for gap in gaps:
        if gap.service_id not in waiting:
            report_error(session, "service", gap.service_id, GAP_REASON, GAP_COMMENT, reporter)
            added += 1
    return added


def service_line(recommendation: Recommendation) -> str:
    """« CEJ (Mission locale) — 03 22 00 00 00 — Contacts : Mme X, conseillère, 03… »."""
    parts = [recommendation.nom]
    if recommendation.structure_nom and recommendation.structure_nom != recommendation.nom:
        parts[0] += f" ({recommendation.structure_nom})"
    if recommendation.telephone:
        parts.append(phone(recommendation.telephone)[0])
    contacts = []
    for contact in recommendation.contacts:
        bits = [contact.name, contact.role, contact.telephone and phone(contact.telephone)[0]]
        text = ", ".join(b for b in bits if b)
        contacts.append(text + (" (à vérifier)" if contact.a_verifier else ""))
    if contacts:
        parts.append("Contacts : " + " ; ".join(contacts))
    if recommendation.a_verifier:
        parts.append("à vérifier")
    return " — ".join(parts)


def write_visit_sheet(
    session: Session,
    chosen: Sequence[Journey | str],
    assessment: Assessment | None,
    partners: Collection[str],
    *,
    folder: Path,
    now: datetime,
) -> tuple[Path, int]:
    """Write the sheet of the ticked partners' services (all when none is ticked) and the
    documents of the publics « oui »; (its path, the number of services)."""
    site = current_site(session)
    insee, name = (site.insee_code, site.name) if site is not None else ("", DEFAULT_SITE_NAME)
    recommendations = recommend_services(session, chosen, assessment, insee)
    entries = load_sheet_entries(session, sheet_service_ids(recommendations, partners))
    if not entries:
        raise LookupError("Aucun service de l'annuaire ne correspond à ces partenaires.")
    folder.mkdir(parents=True, exist_ok=True)
    path = sheet_path(folder, now)
    sheet = ContactSheet(name, now.date(), tuple(entries), sheet_documents(assessment))
    from frontdesk.contacts.sheet import render_contact_sheet  # reportlab: at the first sheet

    render_contact_sheet(sheet, path)
    return path, len(entries)
