"""Journal section (its feature is built by a later issue)."""

from __future__ import annotations

from frontdesk.ui.sections.base import UpcomingSection


class JournalSection(UpcomingSection):
    section_id = "journal"
    title = "Journal"
    upcoming = (
        "Le journal des visites, avec ses filtres et les retours du tuteur, arrive dans "
        "une prochaine version."
    )
