"""« Fiche pour la personne »: the ticked services (or the selected one) as a PDF, then
« Ouvrir » or « Imprimer… ». « Fiches contacts du parcours… » makes the agents' booklet of
a journey, opened or printed the same way. Both are written in the background
(``session.ops.run``); a refusal is said in the bar's message line."""

from __future__ import annotations

import errno
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from frontdesk import moments
from frontdesk.contacts.detail import load_sheet_entries, sheet_path
from frontdesk.contacts.sheet_content import ContactSheet, SheetEntry
from frontdesk.device import current_site
from frontdesk.errors import UserError
from frontdesk.ui.session import UiSession
from frontdesk.ui.sheets import printing
from frontdesk.ui.sheets.booklet import choose_journey, make_booklet
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import MessageLabel, button, hint

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

SHORTCUT = "Ctrl+P"
T = TypeVar("T")
WHY = {
    errno.ENOSPC: "le disque est plein",
    errno.EACCES: "l'accès au dossier est refusé",
    errno.EPERM: "l'accès au dossier est refusé",
    errno.EROFS: "le disque est en lecture seule",
}


class SheetError(UserError):
    """The PDF could not be made; the message says why, in French."""


def guarded(work: Callable[[], T], folder: Path) -> Callable[[], T]:
    """``work``, with a file that cannot be written explained to the agent."""

    def run() -> T:
        try:
            return work()
        except OSError as error:
            why = WHY.get(error.errno or 0, "erreur d'écriture")
            raise SheetError(f"Le PDF n'a pas pu être enregistré dans {folder} : {why}.") from error

    return run


def make_sheet(session: UiSession, service_ids: list[uuid.UUID]) -> Callable[[], tuple[Path, int]]:
    """The background work: read the services, write the PDF; (its path, entries)."""
    store, folder = session.ctx.store, session.ctx.paths.data_dir / "fiches"

    def read(s: Session) -> tuple[list[SheetEntry], str]:
        site = current_site(s)
        return load_sheet_entries(s, service_ids), site.name if site else "France Services"

    def work() -> tuple[Path, int]:
        from frontdesk.contacts.sheet import render_contact_sheet  # reportlab: at the first PDF

        entries, site_name = store.read(read)
        if not entries:
            raise SheetError("Ces services n'existent plus dans l'annuaire : pas de fiche.")
        folder.mkdir(parents=True, exist_ok=True)
        path = sheet_path(folder, moments.now())
        render_contact_sheet(ContactSheet(site_name, moments.today(), tuple(entries)), path)
        return path, len(entries)

    return guarded(work, folder)


class SheetBar(QWidget):
    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.path: Path | None = None
        self.chosen = hint("")
        self.chosen.setAccessibleName("Services cochés pour la fiche")
        self.make_button = button(
            f"&Fiche pour la personne ({SHORTCUT})", "Fiche pour la personne", primary=True
        )
        self.make_button.setAccessibleDescription(
            "Enregistre en PDF la fiche des services cochés, ou du service sélectionné"
        )
        self.untick_button = button("&Décocher tout", "Décocher tous les services")
        self.booklet_button = button("Fic&hes contacts du parcours…", "Fiches contacts du parcours")
        self.booklet_button.setAccessibleDescription(
            "Enregistre en PDF, pour les agents, les contacts des services d'un parcours"
        )
        self.open_button = button("Ouvrir &le PDF", "Ouvrir la fiche")
        self.print_button = button("&Imprimer…", "Imprimer la fiche")
        self.message = MessageLabel()
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button.clicked.connect(self.open_sheet)
        self.print_button.clicked.connect(self.print_sheet)
        self.booklet_button.clicked.connect(self.make_booklet)

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        shown = (
            self.make_button,
            self.untick_button,
            self.booklet_button,
            self.open_button,
            self.print_button,
        )
        for widget in shown:
            widget.setAutoDefault(True)  # Enter presses the focused button too
            row.addWidget(widget)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.chosen)
        layout.addLayout(row)
        layout.addWidget(self.message)
        if not printing.can_print_directly():
            self.print_button.setToolTip("Ouvre la fiche dans la visionneuse, qui l'imprime")
        self.show_ticked([])
        self._show_file(None)

    def show_ticked(self, names: list[str]) -> None:
        if not names:
            text = "Aucun service coché (Espace) : la fiche reprendra le service sélectionné."
        elif len(names) == 1:
            text = f"1 service coché pour la fiche : {names[0]}"
        else:
            text = f"{len(names)} services cochés pour la fiche : " + ", ".join(names)
        self.chosen.setText(typo(text))
        self.chosen.setAccessibleDescription(typo(text))
        self.untick_button.setEnabled(bool(names))

    def _show_file(self, path: Path | None) -> None:
        self.path = path
        self.open_button.setVisible(path is not None)
        self.print_button.setVisible(path is not None)

    def make(self, service_ids: list[uuid.UUID]) -> None:
        if not service_ids:
            self.message.show_message("Choisissez d'abord un service dans la liste.")
            return
        self.make_button.setEnabled(False)
        self.message.show_message("Fiche en préparation…", "hint")
        self.session.ops.run(make_sheet(self.session, service_ids), self._made, owner=self)

    def make_booklet(self) -> None:
        journey = choose_journey(self.window())
        if journey is None:
            return
        self.booklet_button.setEnabled(False)
        self.message.show_message("Fiches contacts en préparation…", "hint")
        folder = self.session.ctx.paths.data_dir / "fiches"
        self.session.ops.run(
            guarded(make_booklet(self.session, journey), folder),
            lambda result: self._made(result, "Fiches contacts enregistrées"),
            owner=self,
        )

    def _made(self, result: tuple[Path, int], said: str = "Fiche enregistrée") -> None:
        path, entries = result
        self.make_button.setEnabled(True)
        self.booklet_button.setEnabled(True)
        self._show_file(path)
        count = {0: "aucun service", 1: "1 service"}.get(entries, f"{entries} services")
        self.message.show_message(typo(f"{said} ({count}) : {path.name}"), "success")
        self.message.setToolTip(str(path))
        self.open_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_error(self, text: str) -> None:
        """The helper explains why no PDF was made; the buttons work again."""
        self.make_button.setEnabled(True)
        self.booklet_button.setEnabled(True)
        self.message.show_message(text)

    def open_sheet(self) -> None:
        if self.path is not None and not printing.open_file(self.path):
            self.message.show_message(
                typo(f"Impossible d'ouvrir la fiche. Elle est enregistrée ici : {self.path}")
            )

    def print_sheet(self) -> None:
        if self.path is None:
            return
        try:
            said = printing.print_pdf(self.path, self.window())
        except OSError as error:
            said = f"L'impression a échoué : {error}"
            self.message.show_message(typo(said))
            return
        self.message.show_message(typo(said), "success")
