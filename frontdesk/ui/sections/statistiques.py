"""Statistiques: the counts of a period for one site or both, compared with the period
before, and the exports (CSV, XLSX, the PDF « Bilan semestriel »)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class StatistiquesSection(Section):
    section_id = "statistiques"
    title = "Statistiques"

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.stats.page import StatisticsPage  # SQLAlchemy: loaded with the section

        self.page = StatisticsPage(session)
        self.body.addWidget(self.page)
        self.finish()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Shown (Ctrl+4): the keyboard goes to the period. Reached with Tab / Shift+Tab,
        # the section keeps the focus so the tab chain goes on.
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing:
            super().focusInEvent(event)
        else:
            self.page.focus_first()
