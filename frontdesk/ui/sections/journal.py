"""Journal: the visits logged, newest first, their detail and the tutor's review."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class JournalSection(Section):
    section_id = "journal"
    title = "Journal"
    takes_focus_at_start = False

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.journal.page import JournalPage

        self.page = JournalPage(session)
        self.body.addWidget(self.page, 1)

    def show_unread(self) -> None:
        """Only the visits with messages this profile has not read."""
        self.page.show_unread()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Shown (Ctrl+3): the list takes the keys. Reached with Tab / Shift+Tab, the
        # section keeps the focus so the tab chain goes on.
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing:
            super().focusInEvent(event)
        else:
            self.page.focus_list()
