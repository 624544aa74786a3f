"""Annuaire section (its feature is built by a later issue)."""

from __future__ import annotations

from frontdesk.ui.sections.base import UpcomingSection


class AnnuaireSection(UpcomingSection):
    section_id = "annuaire"
    title = "Annuaire"
    upcoming = (
        "L'annuaire des partenaires et les fiches contacts à imprimer arrivent dans une "
        "prochaine version."
    )
