"""Synchronisation: the state of this PC's sync with the hub, « Synchroniser maintenant »,
the enrollment with a one-time code, the conflicts and refused changes."""

from __future__ import annotations

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class SynchronisationSection(Section):
    section_id = "synchronisation"
    title = "Synchronisation"
    watches = frozenset({Change.SYNC})

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.sync.page import SyncPage  # SQLAlchemy: loaded with the section

        self.page = SyncPage(session)
        self.body.addWidget(self.page)
        self.finish()

    def refresh(self, changes: OpChanges) -> None:
        self.page.issues.reload()

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+5): « Synchroniser maintenant » (or the hub's address on a PC
        # to enrol).
        self.page.focus_first()
        return True
