"""Annuaire: search the partners' services, read one, print the visitor's contact sheet."""

from __future__ import annotations

from frontdesk.store.changes import Change, OpChanges
from frontdesk.ui.intents import FILL_DIRECTORY
from frontdesk.ui.sections.base import Section
from frontdesk.ui.session import UiSession


class AnnuaireSection(Section):
    section_id = "annuaire"
    title = "Annuaire"
    # Structures, services, contacts and reports: edited here, or brought by a sync.
    watches = frozenset({Change.DIRECTORY, Change.SETTINGS})  # settings: the synonyms
    # After login the keyboard stays in the navigation (tests/ui/test_keyboard.py): only
    # the counter flow of Accueil takes it. Shown with Ctrl+2, the search line has it.
    takes_focus_at_start = False

    def __init__(self, session: UiSession) -> None:
        super().__init__(session)
        from frontdesk.ui.directory.page import DirectoryPage

        self.page = DirectoryPage(session)
        self.body.addWidget(self.page, 1)
        self._to_worklist = False  # opened from the Accueil's notice: keys on the worklist

    def refresh(self, changes: OpChanges) -> None:
        self.page.refresh()

    def open_with(self, intent: object) -> None:
        if intent == FILL_DIRECTORY and self.page.filling is not None:
            self.page.filling.list_button.setChecked(True)
            self._to_worklist = True

    def focus_on_show(self) -> bool:
        # Shown (Ctrl+2): the search line takes the keys; from the notice, the worklist.
        if self._to_worklist and self.page.filling is not None:
            self._to_worklist = False
            self.page.filling.focus_first()
        else:
            self.page.focus_search()
        return True
