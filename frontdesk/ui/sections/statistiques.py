"""Statistiques section (its feature is built by a later issue)."""

from __future__ import annotations

from frontdesk.ui.sections.base import UpcomingSection


class StatistiquesSection(UpcomingSection):
    section_id = "statistiques"
    title = "Statistiques"
    upcoming = (
        "Les statistiques de fréquentation et le bilan semestriel arrivent dans une "
        "prochaine version."
    )
