"""Annuaire: search the partners' services, read one, print the visitor's contact sheet."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class AnnuaireSection(Section):
    section_id = "annuaire"
    title = "Annuaire"
    # After login the keyboard stays in the navigation (tests/ui/test_keyboard.py): only
    # the counter flow of Accueil takes it. Shown with Ctrl+2, the search line has it.
    takes_focus_at_start = False

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.directory.page import DirectoryPage

        self.page = DirectoryPage(session)
        self.body.addWidget(self.page, 1)

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Shown (Ctrl+2): the search line takes the keys. Reached with Tab / Shift+Tab,
        # the section keeps the focus so the tab chain goes on.
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing:
            super().focusInEvent(event)
        else:
            self.page.focus_search()
