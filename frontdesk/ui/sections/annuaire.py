"""Annuaire: search the partners' services, read one, print the visitor's contact sheet."""

from __future__ import annotations

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class AnnuaireSection(Section):
    section_id = "annuaire"
    title = "Annuaire"
    # Structures, services, contacts and reports: edited here, or brought by a sync.
    watches = frozenset({Change.DIRECTORY})
    # After login the keyboard stays in the navigation (tests/ui/test_keyboard.py): only
    # the counter flow of Accueil takes it. Shown with Ctrl+2, the search line has it.
    takes_focus_at_start = False

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.directory.page import DirectoryPage

        self.page = DirectoryPage(session)
        self.body.addWidget(self.page, 1)

    def refresh(self, changes: OpChanges) -> None:
        self.page.refresh()

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+2): the search line takes the keys.
        self.page.focus_search()
        return True
