"""« Proposer le questionnaire de satisfaction »: shown once a visit is saved.

Optional and never in the way: the next visit can start at once (the offer withdraws
as soon as a motif is ticked), and the form is offered at most once per visit. The
form is given nothing about the visit that was just saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QWidget

from frontdesk.ui.satisfaction.dialog import SatisfactionDialog
from frontdesk.ui.session import UiSession
from frontdesk.ui.text import typo
from frontdesk.ui.widgets import button, hint

SHORTCUT = "Ctrl+Shift+S"


class SatisfactionOffer(QWidget):
    opened = Signal(object)  # the dialog, once shown

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.dialog: SatisfactionDialog | None = None
        self.button = button(
            "Proposer le questionnaire de satisfaction (Ctrl+Maj+S)",
            "Proposer le questionnaire de satisfaction au visiteur",
        )
        self.button.setAutoDefault(True)
        self.note = hint(
            typo("Facultatif : trois questions anonymes, l'écran tourné vers la personne.")
        )
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        layout.addWidget(self.note)
        layout.addStretch()
        # Active only while the offer shows (a hidden widget's shortcuts never fire).
        self.shortcut = QShortcut(QKeySequence(SHORTCUT), self)
        self.shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.shortcut.activated.connect(self.open_form)
        self.button.clicked.connect(self.open_form)
        self.hide()

    def offer(self) -> None:
        self.show()

    def withdraw(self) -> None:
        self.hide()

    def open_form(self) -> None:
        if self.isHidden():
            return
        self.withdraw()  # once per visit
        dialog = SatisfactionDialog(self.session, self.window())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(self._forget)
        dialog.finished.connect(self._back_to_the_counter)
        self.dialog = dialog
        dialog.open()
        self.opened.emit(dialog)

    def _back_to_the_counter(self) -> None:
        """The agent's window takes the keys again, where they were (the next motif)."""
        self.window().activateWindow()

    def _forget(self) -> None:
        self.dialog = None
