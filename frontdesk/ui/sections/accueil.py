"""Accueil: where each visit starts."""

from __future__ import annotations

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession
from frontdesk.ui.widgets import heading, hint


class AccueilSection(Section):
    section_id = "accueil"
    title = "Accueil"

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        self.body.addWidget(heading(f"Bonjour {session.profile.display_name}", "subtitle"))
        self.body.addWidget(
            hint(
                "Le parcours d'une nouvelle visite (motif, questionnaire SPIE, orientation "
                "et enregistrement) s'affichera ici dans une prochaine version."
            )
        )
        self.finish()
