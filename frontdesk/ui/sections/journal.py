"""Journal: the visits logged, newest first, their detail and the tutor's review."""

from __future__ import annotations

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.intents import TO_REVIEW, UNREAD
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class JournalSection(Section):
    section_id = "journal"
    title = "Journal"
    watches = frozenset({Change.VISITS, Change.REVIEWS})
    # a count and a page (a few ms): read while hidden, the visit just saved is there
    # the moment Ctrl+3 shows the Journal
    refresh_hidden = True

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.journal.page import JournalPage

        self.page = JournalPage(session)
        self.body.addWidget(self.page, 1)

    def refresh(self, changes: OpChanges) -> None:
        self.page.refresh()

    def open_with(self, intent: object) -> None:
        if intent == UNREAD:  # only the visits with messages this profile has not read
            self.page.show_unread()
        elif intent == TO_REVIEW:  # the tutor's queue
            self.page.filters.show_queue()

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+3): the list takes the keys.
        self.page.focus_list()
        return True
