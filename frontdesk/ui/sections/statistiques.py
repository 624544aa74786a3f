"""Statistiques: the counts of a period for one site or both, compared with the period
before, and the exports (CSV, XLSX, the PDF « Bilan semestriel »)."""

from __future__ import annotations

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class StatistiquesSection(Section):
    section_id = "statistiques"
    title = "Statistiques"
    watches = frozenset({Change.VISITS})

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.stats.page import StatisticsPage  # SQLAlchemy: loaded with the section

        self.page = StatisticsPage(session)
        self.body.addWidget(self.page)
        self.finish()
        self.stale = True  # nothing is computed before the section is first shown

    def refresh(self, changes: OpChanges) -> None:
        """Visits were saved, voided, synced or purged: the figures are counted again."""
        self.page.compute()

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+4): the keyboard goes to the period.
        self.page.focus_first()
        return True
