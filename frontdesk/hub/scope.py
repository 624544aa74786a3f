"""Which records a device may write: a site device its own site's visits, comments and
reports, a tutor's device reviews and comments on every site; the directory's entries
are shared (a counter PC's edits become proposals, ``frontdesk.hub.proposals``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.hub.changes import lookup, parent_id
from frontdesk.hub.models import Device
from frontdesk.sync.entities import DIRECTORY_ENTRIES, OWN_SITE, TUTOR_WRITES
from frontdesk.sync.protocol import Mutation


class ScopeError(Exception):
    """The device may not write this (French message): the whole push is refused."""


class ReportRefused(ScopeError):
    """A report a device may not update or delete (another site's, a tutor's PC): its
    superviseur may have closed it from the shared queue in good faith, so only that
    mutation is refused, on record, and the PC gets the hub's copy back."""


def scope_site(session: Session, mutation: Mutation) -> str | None:
    """The site a record belongs to: for a visit or a directory report, the hub's stored
    one (a PC must not move a record to its own site by rewriting ``site_id``), the
    payload's for one the hub does not hold yet; its visit's for a review or a comment;
    None for the directory's entries (shared by every site)."""
    if mutation.entity in DIRECTORY_ENTRIES:
        return None
    if mutation.entity in OWN_SITE:
        existing = lookup(session, mutation.entity, mutation.record_id)
        return existing.site_id if existing else str(mutation.payload.get("site_id", ""))
    parent = parent_id(mutation)
    visit = lookup(session, "visit", parent) if parent else None
    return visit.site_id if visit else None


def check_scope(session: Session, device: Device, mutation: Mutation) -> None:
    """Refuse (``ScopeError``) a mutation outside the device's rights: a site device
    writes its own site's visits and comments, a tutor's reviews and comments on any
    site; the directory's entries are shared (a counter PC's edits become proposals)."""
    entity = mutation.entity
    if entity == "directory_report":
        _check_report_scope(session, device, mutation)
        return
    if device.kind == "tuteur":
        if entity not in TUTOR_WRITES:  # reports are judged above
            raise ScopeError(
                "Un poste de tuteur ne modifie que des relectures et des commentaires."
            )
        return
    if entity == "visit_review":
        raise ScopeError("Seul un poste de tuteur peut relire une visite.")
    if entity in DIRECTORY_ENTRIES:
        return
    site = scope_site(session, mutation)
    if site is not None and site != device.site_id:
        raise ScopeError("Ce poste ne peut pas écrire les données d'un autre site.")


TUTOR_REPORTS = (
    "Un poste de tuteur peut signaler une erreur de l'annuaire, mais ni modifier ni"
    " supprimer un signalement."
)


def _check_report_scope(session: Session, device: Device, mutation: Mutation) -> None:
    """A directory report belongs to the site it was made for (the hub's proposals: the
    counter PC's). A site device creates reports for its own site only, and updates or
    deletes its own site's; a directory editor (a superviseur's PC) also updates, to
    resolve or close them, every site's, since superviseurs handle every site's
    proposals, but deletes only its own site's. A tutor device reports on any site and
    never updates or deletes a report. What the mutation does is judged on the hub's
    copy, not on its ``op``: a « create » of a report the hub holds is merged into it
    (an update), an « update » of one it does not hold from version 0 creates it."""
    held = lookup(session, "directory_report", mutation.record_id) is not None
    if mutation.op == "delete":
        if device.kind == "tuteur":
            raise ReportRefused(TUTOR_REPORTS)
        # a report the hub never held leaves a tombstone, stored for the PC's own site
        site = scope_site(session, mutation) if held else device.site_id
        if site != device.site_id:
            raise ReportRefused("Ce poste ne peut pas supprimer le signalement d'un autre site.")
        return
    creates = not held and not (mutation.op == "update" and mutation.base_version > 0)
    if creates:
        if device.kind != "tuteur" and scope_site(session, mutation) != device.site_id:
            raise ScopeError("Ce poste ne peut pas créer de signalement pour un autre site.")
        return
    if device.kind == "tuteur":
        raise ReportRefused(TUTOR_REPORTS)
    if not device.directory_editor and scope_site(session, mutation) != device.site_id:
        raise ReportRefused(
            "Ce poste ne peut pas modifier le signalement d'un autre site : seul un poste"
            " superviseur traite les signalements de tous les sites."
        )
