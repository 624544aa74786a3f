"""Synchronisation section (its feature is built by a later issue)."""

from __future__ import annotations

from frontdesk.ui.sections.base import UpcomingSection


class SynchronisationSection(UpcomingSection):
    section_id = "synchronisation"
    title = "Synchronisation"
    upcoming = (
        "La synchronisation avec le serveur central arrive dans une prochaine version. Ce "
        "poste fonctionne entièrement hors ligne."
    )
