"""Journal: the visits logged, newest first, their detail and the tutor's review."""

from __future__ import annotations

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

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+3): the list takes the keys.
        self.page.focus_list()
        return True
