"""« Fiche pour la personne » at step 3: the Annuaire's sheet bar, fed by the visit.

The PDF holds the recommended services of the ticked partners (of every suggested one
when none is ticked) and the documents of the publics « oui »; nothing about the
visitor. Saving, « Ouvrir » and « Imprimer… » are the Annuaire's own; once the sheet is
made, opened or printed, ``finished`` gives the keys back to the step (whose Enter saves
the visit), instead of leaving them on « Ouvrir le PDF ».
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from frontdesk import moments
from frontdesk.contacts.visit_sheet import write_visit_sheet
from frontdesk.orientation.journeys import Journey
from frontdesk.orientation.results import Assessment
from frontdesk.ui.session import UiSession
from frontdesk.ui.sheets.sheet_bar import SheetBar, guarded
from frontdesk.ui.text import typo

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class VisitSheetBar(SheetBar):
    finished = Signal()  # made (or refused), opened, printed: the step takes the keys back

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.untick_button.hide()  # the partners are ticked with the digits
        self.make_button.setAccessibleDescription(
            "Enregistre en PDF la fiche des services des partenaires cochés, "
            "ou de tous les partenaires suggérés"
        )

    def show_ticked(self, names: list[str]) -> None:
        if not names:
            text = "Aucun partenaire coché : la fiche reprendra tous les partenaires suggérés."
        else:
            text = "Fiche pour : " + ", ".join(names)
        self.chosen.setText(typo(text))
        self.chosen.setAccessibleDescription(typo(text))

    def _made(self, result: tuple[Path, int], said: str = "Fiche enregistrée") -> None:
        super()._made(result, said)
        self.finished.emit()

    def show_error(self, text: str) -> None:
        super().show_error(text)
        self.finished.emit()

    def open_sheet(self) -> None:
        super().open_sheet()
        self.finished.emit()

    def print_sheet(self) -> None:
        super().print_sheet()
        self.finished.emit()

    def make_booklet(self) -> None:
        super().make_booklet()
        if self.booklet_button.isEnabled():  # no journey chosen: nothing under way
            self.finished.emit()

    def forget(self) -> None:
        """A new visit: no sheet offered yet."""
        self.message.clear_message()
        self._show_file(None)

    def make_for_visit(
        self,
        chosen: Sequence[Journey],
        assessment: Assessment | None,
        partners: Collection[str],
    ) -> None:
        store = self.session.ctx.store
        folder = self.session.ctx.paths.data_dir / "fiches"
        ticked = tuple(partners)

        def write(session: Session) -> tuple[Path, int]:
            return write_visit_sheet(
                session, chosen, assessment, ticked, folder=folder, now=moments.now()
            )

        self.make_button.setEnabled(False)
        self.message.show_message("Fiche en préparation…", "hint")
        self.session.ops.run(guarded(lambda: store.read(write), folder), self._made, owner=self)
