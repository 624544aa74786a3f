"""« Fiche pour la personne » at step 3: the Annuaire's sheet bar, fed by the visit.

The PDF holds the recommended services of the ticked partners (with none ticked, the
agent is asked which) and the documents of the publics « oui »; nothing about the
visitor. A service with no way to reach it is said before printing, with one key to
report it to the superviseur; the sheet then says to come back to the accueil. Saving,
« Ouvrir » and « Imprimer… » are the Annuaire's own; once the sheet is made, opened or
printed, ``finished`` gives the keys back to the step (whose Enter saves the visit),
instead of leaving them on « Ouvrir le PDF ».
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from frontdesk import moments
from frontdesk.contacts.visit_sheet import SheetGap, report_gaps, sheet_gaps, write_visit_sheet
from frontdesk.orientation.journeys import Journey
from frontdesk.orientation.results import Assessment
from frontdesk.orientation.suggest import suggest_partners
from frontdesk.ui.session import UiSession
from frontdesk.ui.sheets.sheet_bar import SheetBar, guarded
from frontdesk.ui.text import typo
from frontdesk.ui.visit.partner_pick import ask_partners

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


PRINT, REPORT, CANCEL = "imprimer", "signaler", "annuler"


def ask_about_gaps(gaps: list[SheetGap], parent: QWidget | None) -> str:
    """« Aucun moyen de contact connu pour … »: print anyway (Entrée), report to the
    superviseur and print (S), or not now (Échap)."""
    names = "\n".join(f"• {gap.title}" for gap in gaps)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Fiche sans contact")
    box.setText(typo(f"Aucun moyen de contact connu pour :\n{names}"))
    box.setInformativeText(
        typo(
            "La fiche dira à la personne de revenir vers l'accueil pour être mise en relation."
            " Signalez-le pour que la fiche soit complétée."
        )
    )
    report = box.addButton("&Signaler et imprimer", QMessageBox.ButtonRole.AcceptRole)
    printing = box.addButton("&Imprimer sans signaler", QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton("Annuler", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(printing)
    box.setEscapeButton(cancel)
    box.exec()
    clicked = box.clickedButton()
    box.deleteLater()
    return REPORT if clicked is report else PRINT if clicked is printing else CANCEL


class VisitSheetBar(SheetBar):
    finished = Signal()  # made (or refused), opened, printed: the step takes the keys back

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.ask_gaps: Callable[[list[SheetGap], QWidget | None], str] = ask_about_gaps
        self.ask_partners = ask_partners
        self.untick_button.hide()  # the partners are ticked with the digits
        self.make_button.setAccessibleDescription(
            "Enregistre en PDF la fiche des services des partenaires cochés "
            "(sans partenaire coché, demande lesquels)"
        )

    def show_ticked(self, names: list[str]) -> None:
        if not names:
            text = "Aucun partenaire coché : Ctrl+P demandera lesquels mettre sur la fiche."
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
        ticked = tuple(partners)
        if not ticked:  # ask which partners, rather than print every suggestion
            offered = [(p.slug, p.label) for p in suggest_partners(chosen, assessment)]
            ticked = tuple(self.ask_partners(offered, self.window()))
            self.window().activateWindow()
            if not ticked:
                self.finished.emit()
                return

        def read(s: Session) -> list[SheetGap]:
            return sheet_gaps(s, chosen, assessment, ticked)

        self.make_button.setEnabled(False)
        self.session.ops.read(
            read, lambda gaps: self._gaps_read(gaps, chosen, assessment, ticked), owner=self
        )

    def _gaps_read(
        self,
        gaps: list[SheetGap],
        chosen: Sequence[Journey],
        assessment: Assessment | None,
        ticked: tuple[str, ...],
    ) -> None:
        """Services nobody can be reached at: said before printing, reported in one key."""
        if gaps:
            answer = self.ask_gaps(gaps, self.window())
            self.window().activateWindow()  # the keys come back to the step
            if answer == CANCEL:
                self.make_button.setEnabled(True)
                self.finished.emit()
                return
            if answer == REPORT:
                profile = self.session.profile
                self.session.ops.write(lambda s: report_gaps(s, gaps, profile), owner=self)
        self._write(chosen, assessment, ticked)

    def _write(
        self, chosen: Sequence[Journey], assessment: Assessment | None, ticked: tuple[str, ...]
    ) -> None:
        store = self.session.ctx.store
        folder = self.session.ctx.paths.data_dir / "fiches"

        def write(session: Session) -> tuple[Path, int]:
            return write_visit_sheet(
                session, chosen, assessment, ticked, folder=folder, now=moments.now()
            )

        self.make_button.setEnabled(False)
        self.message.show_message("Fiche en préparation…", "hint")
        self.session.ops.run(guarded(lambda: store.read(write), folder), self._made, owner=self)
