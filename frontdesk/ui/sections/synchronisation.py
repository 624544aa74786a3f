"""Synchronisation: the state of this PC's sync with the hub, « Synchroniser maintenant »,
the enrollment with a one-time code, the conflicts and refused changes."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFocusEvent

from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class SynchronisationSection(Section):
    section_id = "synchronisation"
    title = "Synchronisation"

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.sync.page import SyncPage  # SQLAlchemy: loaded with the section

        self.page = SyncPage(session)
        self.body.addWidget(self.page)
        self.finish()

    def focusInEvent(self, event: QFocusEvent) -> None:
        # Shown (Ctrl+5): the keyboard goes to « Synchroniser maintenant » (or the hub's
        # address on a PC to enrol). Reached with Tab / Shift+Tab, the tab chain goes on.
        tabbing = event.reason() in (
            Qt.FocusReason.TabFocusReason,
            Qt.FocusReason.BacktabFocusReason,
        )
        if tabbing:
            super().focusInEvent(event)
        else:
            self.page.focus_first()
